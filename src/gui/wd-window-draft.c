/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-window"

#include <glib/gi18n.h>

#include "wd-window-private.h"

/* Drafting from the window: Draft (Ctrl+Enter) fills the empty parts of
 * the brief shown; the brief view streams what the queue drafts for it. A
 * draft that leaves everything as it was says why in a toast. */

static void
on_job_state (WdDraftJob *job,
              GParamSpec *pspec,
              WdWindow   *self)
{
  gboolean drafted = FALSE;

  if (wd_draft_job_get_state (job) != WD_DRAFT_JOB_DONE)
    return;
  g_signal_handlers_disconnect_by_func (job, on_job_state, self);

  for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
    drafted |= wd_draft_job_get_part_state (job, part) == WD_DRAFT_PART_DONE;
  if (!drafted)
    wd_window_show_toast (self, _("Nothing to draft: every part of this brief holds text; use "
                                  "Regenerate on a section to draft it again."));
}

static void
draft_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  WdDraftJob *job;

  job = wd_brief_view_draft (self->brief_view);
  if (job != NULL)
    g_signal_connect_object (job, "notify::state", G_CALLBACK (on_job_state), self, 0);
}

static void
update_draft_action (WdWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.draft",
                                 wd_brief_view_get_brief_id (self->brief_view) > 0);
}

void
_wd_window_class_init_draft (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.draft", NULL, draft_action);
}

void
_wd_window_init_draft (WdWindow *self)
{
  self->draft_queue = wd_draft_queue_new (self->context);
  wd_brief_view_set_draft_queue (self->brief_view, self->draft_queue);
  g_signal_connect_object (self->brief_view, "notify::brief-id",
                           G_CALLBACK (update_draft_action), self, G_CONNECT_SWAPPED);
  update_draft_action (self);
}

void
_wd_window_dispose_draft (WdWindow *self)
{
  if (self->draft_queue != NULL)
    wd_draft_queue_cancel_all (self->draft_queue);
  g_clear_object (&self->draft_queue);
}

/**
 * wd_window_get_draft_queue:
 * @self: a #WdWindow
 *
 * Returns: (transfer none): the queue the window drafts with
 */
WdDraftQueue *
wd_window_get_draft_queue (WdWindow *self)
{
  g_return_val_if_fail (WD_IS_WINDOW (self), NULL);

  return self->draft_queue;
}
