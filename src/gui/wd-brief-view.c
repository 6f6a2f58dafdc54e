/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-brief-view"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wd-brief-view.h"
#include "wd-format.h"
#include "wd-history-dialog.h"
#include "wd-mentions-bar.h"
#include "wd-preflight-panel.h"
#include "wd-section-card.h"
#include "wd-source-view.h"
#include "review/wd-review.h"
#include "review/wd-support.h"

/* How long typing pauses before the review checks run again. */
#define REVIEW_DELAY_MS 300

typedef struct _ReviewContext ReviewContext;

struct _WdBriefView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkStack          *stack;
  GtkSpinner        *spinner;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *source_scroller;
  GtkScrolledWindow *brief_scroller;
  GtkPaned          *paned;
  WdSourceView      *source_view;
  GtkLabel          *status_label;
  GtkEntry          *headline_entry;
  GtkBox            *sections_box;
  WdMentionsBar     *mentions_bar;
  WdPreflightPanel  *preflight_panel;

  /* built in init, owned by sections_box */
  WdSectionCard *cards[WD_SECTION_N_KINDS];

  /* what the editor types: per section, the revision of the current
   * burst of typing (0: the next save starts one), when it was last
   * saved, and the saves on their way */
  gint64 burst_revision[WD_SECTION_N_KINDS];
  gint64 burst_saved_at[WD_SECTION_N_KINDS];
  guint  saves_pending[WD_SECTION_N_KINDS];
  guint  headline_source;    /* typing in the headline to save */
  guint  headline_pending;   /* headline saves on their way */
  gboolean headline_loading; /* the view itself sets the headline */

  /* drafting: the queue, and the job of the brief shown (if any) */
  WdDraftQueue *draft_queue;
  GSignalGroup *job_signals;
  GString      *headline_draft;

  /* the split and, on a narrow window, source or brief */
  GSettings    *settings;
  guint         narrow_source;
  int           allocated_width;
  gboolean      narrow;
  gboolean      show_source;

  /* side by side: the source's sentences, for the cursor's support */
  WdSupportIndex *support;
  gint64          support_source;

  /* the review checks: what the archive says about the brief (gathered
   * once per brief), the pause in typing, the check on its way, and what
   * the last one found */
  ReviewContext  *review_context;
  guint           review_source;
  guint           review_serial;
  GCancellable   *review_cancellable;
  WdReviewReport *review_report;

  /* owned */
  WdStore      *store;
  GSignalGroup *store_signals;
  WdBrief      *brief;
  GCancellable *cancellable;
  gint64        brief_id;
  guint         load_serial;
  const char   *status_class;
  guint         loading : 1;
};

G_DEFINE_FINAL_TYPE (WdBriefView, wd_brief_view, GTK_TYPE_WIDGET)

static void schedule_review (WdBriefView *self);

enum {
  PROP_0,
  PROP_STORE,
  PROP_BRIEF_ID,
  PROP_BRIEF,
  PROP_LOADING,
  PROP_NARROW,
  PROP_SHOW_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_loading (WdBriefView *self,
             gboolean     loading)
{
  loading = !!loading;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows @text in the headline field without it counting as typing. */
static void
set_headline_text (WdBriefView *self,
                   const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->headline_entry)),
                 text != NULL ? text : "") == 0)
    return;
  self->headline_loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->headline_entry), text != NULL ? text : "");
  self->headline_loading = FALSE;
}

static gboolean
is_future (GDateTime *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_compare (time, now) > 0;
}

/* "Published · 14:05" once the site has it, "Publishing…" while the
 * outbox is on its way; the other statuses by name. */
static void
update_status_label (WdBriefView   *self,
                     WdBriefStatus  status)
{
  GDateTime *published_at = wd_brief_get_published_at (self->brief);
  const char *url = wd_brief_get_public_url (self->brief);
  g_autofree char *tooltip = NULL;
  g_autofree char *label = NULL;

  if (status == WD_BRIEF_STATUS_PUBLISHED && published_at != NULL)
    {
      g_autofree char *when = wd_format_date_short (published_at);
      g_autofree char *full = wd_format_date_long (published_at);

      if (wd_brief_get_changed_since_publish (self->brief))
        label = g_strdup (_("Changed since publishing"));
      else if (is_future (published_at))
        /* Translators: a scheduled brief's status, "Scheduled · Dec 1" */
        label = g_strdup_printf (_("Scheduled · %s"), when);
      else
        /* Translators: a brief's status with the time it went out, "Published · 14:05" */
        label = g_strdup_printf (_("%s · %s"), wd_format_status_label (status), when);
      /* Translators: %s is a date, then the address of the brief on the site */
      tooltip = url != NULL ? g_strdup_printf (_("Published %s at %s"), full, url)
                            : g_steal_pointer (&full);
    }
  else if (status == WD_BRIEF_STATUS_PUBLISHED)
    label = g_strdup (_("Publishing…"));

  gtk_label_set_label (self->status_label, label != NULL ? label
                                                         : wd_format_status_label (status));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), tooltip);
}

static void
show_brief (WdBriefView *self)
{
  WdBriefStatus status;
  const char *status_class;

  g_assert (self->brief != NULL);

  wd_source_view_set_source (self->source_view, wd_brief_get_source (self->brief));

  status = wd_brief_get_status (self->brief);
  update_status_label (self, status);
  status_class = wd_format_status_css_class (status);
  if (self->status_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), self->status_class);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), status_class);
  self->status_class = status_class;

  /* Typing not yet saved is newer than what the archive holds. */
  if (self->headline_draft->len == 0 && self->headline_source == 0 &&
      self->headline_pending == 0)
    set_headline_text (self, wd_brief_get_headline (self->brief));

  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    wd_section_card_set_section (self->cards[kind], wd_brief_get_section (self->brief, kind));

  /* The bar follows the archive for its brief itself; handing it the same
   * brief again would clear a name the editor is typing. */
  if (wd_mentions_bar_get_brief_id (self->mentions_bar) != wd_brief_get_id (self->brief))
    wd_mentions_bar_set_brief (self->mentions_bar, self->brief);

  gtk_stack_set_visible_child_name (self->stack, "brief");
  /* The source was rendered again, and the mentions may have changed. */
  schedule_review (self);
}

static void
show_toast (WdBriefView *self,
            const char  *message)
{
  GtkWidget *overlay;

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_debug ("%s", message);
}

typedef struct
{
  WdBriefView *self;
  guint        serial;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadData, load_data_free)

static void
on_brief_loaded (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LoadData) data = user_data;
  WdBriefView *self = data->self;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GError) error = NULL;
  gboolean new_brief;

  brief = wd_store_load_brief_finish (WD_STORE (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A load that finished just as it was cancelled (by another selection or
   * by dispose) is stale: only the newest one may touch the widgets. */
  if (data->serial != self->load_serial)
    return;

  g_clear_object (&self->cancellable);
  set_loading (self, FALSE);
  gtk_spinner_stop (self->spinner);

  if (brief == NULL)
    {
      g_clear_object (&self->brief);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
      gtk_stack_set_visible_child_name (self->stack, "error");
      show_toast (self, error->message);
      return;
    }

  /* A reload after a change keeps the reader's place; another brief starts
   * at the top. */
  new_brief = self->brief == NULL || wd_brief_get_id (self->brief) != wd_brief_get_id (brief);

  g_set_object (&self->brief, brief);
  show_brief (self);

  if (new_brief)
    {
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->source_scroller), 0);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->brief_scroller), 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
}

static void
load_brief (WdBriefView *self)
{
  LoadData *data;

  self->load_serial++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store == NULL || self->brief_id <= 0)
    {
      set_loading (self, FALSE);
      gtk_spinner_stop (self->spinner);
      if (self->brief != NULL)
        {
          g_clear_object (&self->brief);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF]);
        }
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  /* The last brief stays on screen until the next one arrives, which
   * flickers less than a spinner for what is usually a few milliseconds. */
  if (self->brief == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      gtk_spinner_start (self->spinner);
    }

  set_loading (self, TRUE);
  self->cancellable = g_cancellable_new ();
  data = g_new0 (LoadData, 1);
  data->self = g_object_ref (self);
  data->serial = self->load_serial;
  wd_store_load_brief_async (self->store, self->brief_id, self->cancellable,
                             on_brief_loaded, data);
}

static void
on_store_changed (WdBriefView *self,
                  gint64       brief_id,
                  WdStore      *store)
{
  if (self->brief_id > 0 && (brief_id == 0 || brief_id == self->brief_id))
    load_brief (self);
}

/* Approving and reverting a section, in a worker thread. */

typedef enum {
  SECTION_APPROVE,
  SECTION_UNAPPROVE,
  SECTION_REVERT,
} SectionOp;

typedef struct {
  WdStore       *store;
  gint64         brief_id;
  WdSectionKind  kind;
  SectionOp      op;
} SectionCall;

static void
section_call_free (SectionCall *call)
{
  g_object_unref (call->store);
  g_free (call);
}

static void
section_call_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  SectionCall *call = task_data;
  GError *error = NULL;
  gboolean ok;

  if (call->op == SECTION_REVERT)
    ok = wd_store_revert_to_draft (call->store, call->brief_id, call->kind, &error) != 0;
  else
    ok = wd_store_set_section_approved (call->store, call->brief_id, call->kind,
                                        call->op == SECTION_APPROVE, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_section_call_done (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_toast (WD_BRIEF_VIEW (object), error->message);
}

static void
run_section_call (WdBriefView   *self,
                  WdSectionKind  kind,
                  SectionOp      op)
{
  g_autoptr(GTask) task = NULL;
  SectionCall *call;

  if (self->store == NULL || self->brief_id <= 0)
    return;
  call = g_new0 (SectionCall, 1);
  call->store = g_object_ref (self->store);
  call->brief_id = self->brief_id;
  call->kind = kind;
  call->op = op;
  task = g_task_new (self, NULL, on_section_call_done, NULL);
  g_task_set_task_data (task, call, (GDestroyNotify) section_call_free);
  g_task_run_in_thread (task, section_call_thread);
}

static void
on_card_approve (WdBriefView   *self,
                 gboolean       approved,
                 WdSectionCard *card)
{
  /* What is approved is what was typed: saved first, in order. */
  wd_section_card_flush (card);
  if (self->store != NULL)
    wd_store_wait_for_writes (self->store);
  run_section_call (self, wd_section_card_get_kind (card),
                    approved ? SECTION_APPROVE : SECTION_UNAPPROVE);
}

static void
on_card_revert (WdBriefView   *self,
                WdSectionCard *card)
{
  wd_section_card_flush (card);
  if (self->store != NULL)
    wd_store_wait_for_writes (self->store);
  run_section_call (self, wd_section_card_get_kind (card), SECTION_REVERT);
}

/* The card holding the keyboard focus, if any. */
static WdSectionCard *
focused_card (WdBriefView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (guint kind = 0; focus != NULL && kind < WD_SECTION_N_KINDS; kind++)
    if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->cards[kind])))
      return self->cards[kind];
  return NULL;
}

static void
on_card_history (WdBriefView   *self,
                 WdSectionCard *card)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  WdHistoryDialog *dialog;

  if (self->store == NULL || self->brief_id == 0)
    return;
  /* What was just typed is a revision too. */
  wd_section_card_flush (card);
  wd_store_wait_for_writes (self->store);
  dialog = wd_history_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                  self->brief_id, wd_section_card_get_kind (card));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * wd_brief_view_toggle_approved:
 * @self: a #WdBriefView
 *
 * Approves the section the cursor is in, or takes its approval back
 * (Ctrl+Shift+A).
 *
 * Returns: whether a section had the focus
 */
gboolean
wd_brief_view_toggle_approved (WdBriefView *self)
{
  WdSectionCard *card;

  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), FALSE);

  card = focused_card (self);
  if (card != NULL)
    wd_section_card_toggle_approved (card);
  return card != NULL;
}

/**
 * wd_brief_view_show_history:
 * @self: a #WdBriefView
 *
 * Opens the history of the section the cursor is in (Ctrl+Shift+H).
 *
 * Returns: whether a section had the focus
 */
gboolean
wd_brief_view_show_history (WdBriefView *self)
{
  WdSectionCard *card;

  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), FALSE);

  card = focused_card (self);
  if (card != NULL)
    on_card_history (self, card);
  return card != NULL;
}

/* Saving the headline: no history, so the latest text is simply set. */

typedef struct {
  WdBriefView *self;
  gint64       brief_id;
  char        *headline;
} HeadlineSave;

static void
headline_save_free (HeadlineSave *save)
{
  g_object_unref (save->self);
  g_free (save->headline);
  g_free (save);
}

static void
headline_save_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  HeadlineSave *save = task_data;
  GError *error = NULL;

  if (wd_store_set_headline (save->self->store, save->brief_id, save->headline, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_headline_saved (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);
  HeadlineSave *save = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (save->brief_id == self->brief_id && self->headline_pending > 0)
    self->headline_pending--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_toast (self, error->message);
}

static gboolean
save_headline (gpointer data)
{
  WdBriefView *self = data;
  g_autoptr(GTask) task = NULL;
  HeadlineSave *save;

  self->headline_source = 0;
  if (self->store == NULL || self->brief_id <= 0)
    return G_SOURCE_REMOVE;
  save = g_new0 (HeadlineSave, 1);
  save->self = g_object_ref (self);
  save->brief_id = self->brief_id;
  save->headline = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->headline_entry))));
  self->headline_pending++;
  task = g_task_new (self, NULL, on_headline_saved, NULL);
  g_task_set_task_data (task, save, (GDestroyNotify) headline_save_free);
  g_task_run_in_thread (task, headline_save_thread);
  return G_SOURCE_REMOVE;
}

static void
on_headline_changed (WdBriefView *self,
                     GtkEditable *editable)
{
  schedule_review (self);
  if (self->headline_loading || self->headline_draft->len > 0)
    return;
  g_clear_handle_id (&self->headline_source, g_source_remove);
  self->headline_source = g_timeout_add (400, save_headline, self);
}

/* Layout: source | brief in a paned whose split is kept; below
 * NARROW_WIDTH the two take turns, the window's Source toggle choosing. */

#define NARROW_WIDTH 720

static void
update_panes (WdBriefView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->source_scroller), !self->narrow || self->show_source);
  gtk_widget_set_visible (GTK_WIDGET (self->brief_scroller), !self->narrow || !self->show_source);
}

static gboolean
apply_narrow (gpointer data)
{
  WdBriefView *self = data;
  gboolean narrow = self->allocated_width < NARROW_WIDTH;

  self->narrow_source = 0;
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      update_panes (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
    }
  return G_SOURCE_REMOVE;
}

/* The view lays out its one child (the stack) itself, rather than with
 * a layout manager, to learn its width as it is allocated. */
static void
wd_brief_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (WD_BRIEF_VIEW (widget)->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
wd_brief_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  WdBriefView *self = WD_BRIEF_VIEW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  /* Showing and hiding widgets is not for the middle of an allocation:
   * the switch happens just after it. */
  if (narrow != self->narrow && self->narrow_source == 0)
    self->narrow_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow, self, NULL);
  self->allocated_width = width;
  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
}

/**
 * wd_brief_view_set_show_source:
 * @self: a #WdBriefView
 * @show_source: on a narrow window, whether the source shows instead of
 *   the brief
 */
void
wd_brief_view_set_show_source (WdBriefView *self,
                               gboolean     show_source)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));

  show_source = !!show_source;
  if (self->show_source == show_source)
    return;
  self->show_source = show_source;
  update_panes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_SOURCE]);
}

static void
on_paned_position (WdBriefView *self,
                   GParamSpec  *pspec,
                   GtkPaned    *paned)
{
  gboolean set = FALSE;

  /* Only the editor's own choice is kept: not while narrow, not the
   * position GTK picks before one was set. */
  g_object_get (paned, "position-set", &set, NULL);
  if (self->narrow || !set)
    return;
  g_settings_set_int (self->settings, "source-width", gtk_paned_get_position (paned));
}

static void
on_map_restore_split (WdBriefView *self)
{
  int width = g_settings_get_int (self->settings, "source-width");

  if (width > 0)
    gtk_paned_set_position (self->paned, width);
}

/* Side by side: the source sentences that support the sentence the
 * editor's cursor is in light up, and the source scrolls to them. */

#define SUPPORT_SPANS 3
#define SUPPORT_FLOOR 0.3

static void
ensure_support (WdBriefView *self)
{
  WdSource *source = self->brief != NULL ? wd_brief_get_source (self->brief) : NULL;
  gint64 id = source != NULL ? wd_source_get_id (source) : 0;

  if (self->support != NULL && self->support_source == id)
    return;
  g_clear_pointer (&self->support, wd_support_index_free);
  self->support_source = id;
  if (source != NULL)
    self->support = wd_support_index_new (wd_source_get_text (source));
}

/* Scrolls @scroller, when it has to, so that the character at @offset of
 * @view (a text view somewhere in it) is in sight. */
static void
scroll_view_to (GtkScrolledWindow *scroller,
                GtkTextView       *view,
                int                offset)
{
  GtkWidget *content = gtk_scrolled_window_get_child (scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  GtkTextIter iter;
  GdkRectangle rect;
  graphene_point_t point, in_content;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &wx, &wy);
  point = GRAPHENE_POINT_INIT (wx, wy);
  if (content == NULL || !gtk_widget_compute_point (GTK_WIDGET (view), content, &point,
                                                    &in_content))
    return;
  /* Already in view: leave the reader where they are. */
  if (in_content.y >= gtk_adjustment_get_value (adjustment) &&
      in_content.y + rect.height <= gtk_adjustment_get_value (adjustment) +
                                    gtk_adjustment_get_page_size (adjustment))
    return;
  gtk_adjustment_set_value (adjustment,
                            in_content.y - gtk_adjustment_get_page_size (adjustment) / 3);
}

static void
scroll_source_to (WdBriefView *self,
                  int          offset)
{
  scroll_view_to (self->source_scroller, wd_source_view_get_text_view (self->source_view), offset);
}

/* A click on a source paragraph lights up the sentences drawing on it. */
static void
on_paragraph_activated (WdBriefView  *self,
                        guint64       start,
                        guint64       end,
                        WdSourceView *source_view)
{
  ensure_support (self);
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    wd_section_card_mark_drawing_on (self->cards[kind], self->support, start, end,
                                     SUPPORT_FLOOR);
}

static void
on_card_cursor_sentence (WdBriefView   *self,
                         const char    *sentence,
                         WdSectionCard *card)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree gsize *starts = NULL;
  g_autofree gsize *ends = NULL;
  int first;

  ensure_support (self);
  if (self->support == NULL || sentence == NULL)
    {
      wd_source_view_highlight (self->source_view, NULL, NULL, 0);
      return;
    }
  spans = wd_support_find (self->support, sentence, SUPPORT_SPANS, SUPPORT_FLOOR);
  starts = g_new0 (gsize, MAX (spans->len, 1));
  ends = g_new0 (gsize, MAX (spans->len, 1));
  for (guint i = 0; i < spans->len; i++)
    {
      starts[i] = g_array_index (spans, WdSupportSpan, i).start;
      ends[i] = g_array_index (spans, WdSupportSpan, i).end;
    }
  first = wd_source_view_highlight (self->source_view, starts, ends, spans->len);
  if (first >= 0 && gtk_widget_get_visible (GTK_WIDGET (self->source_scroller)))
    scroll_source_to (self, first);
}

/* The review checks, off the main thread: what the archive says about
 * the brief (its publisher's policy, the briefs it cites) is gathered
 * once per brief; the pure check then runs on the text on screen, saved
 * or not, each time typing pauses. */

typedef struct {
  gint64  id;
  char   *title;
  char   *text;
} ContextCitation;

struct _ReviewContext
{
  gint64        brief_id;
  WdPolicyKind  policy;
  int           max_quote_words;
  int           max_run_words;
  int           max_copied_percent;
  GArray       *cited_ids;  /* gint64: every id looked for, found or not */
  GArray       *citations;  /* ContextCitation, the ones found */
};

static void
context_citation_clear (ContextCitation *citation)
{
  g_free (citation->title);
  g_free (citation->text);
}

/* Frees what the context holds; the box itself is g_atomic_rc_box's. */
static void
review_context_clear (ReviewContext *context)
{
  g_array_unref (context->cited_ids);
  g_array_unref (context->citations);
}

static ReviewContext *
review_context_ref (ReviewContext *context)
{
  return g_atomic_rc_box_acquire (context);
}

static void
review_context_unref (ReviewContext *context)
{
  g_atomic_rc_box_release_full (context, (GDestroyNotify) review_context_clear);
}

static gboolean
context_has_cited (ReviewContext *context,
                   gint64         id)
{
  for (guint i = 0; i < context->cited_ids->len; i++)
    if (g_array_index (context->cited_ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Appends the ids of every [[brief:ID]] in @text to @ids. */
static void
find_cited_ids (const char *text,
                GArray     *ids)
{
  const char *p = text;

  while (p != NULL && (p = strstr (p, "[[brief:")) != NULL)
    {
      char *end = NULL;
      gint64 id;

      p += strlen ("[[brief:");
      id = g_ascii_strtoll (p, &end, 10);
      if (end != p && id > 0)
        g_array_append_val (ids, id);
    }
}

/* What a cited brief says, for the citation check: its sections, then
 * its source. */
static char *
cited_brief_text (WdBrief *brief)
{
  GListModel *sections = wd_brief_get_sections (brief);
  WdSource *source = wd_brief_get_source (brief);
  GString *text = g_string_new (NULL);

  for (guint i = 0; sections != NULL && i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (sections, i);
      const char *section_text = wd_section_get_text (section);

      g_string_append (text, section_text != NULL ? section_text : "");
      g_string_append (text, "\n\n");
    }
  if (source != NULL && wd_source_get_text (source) != NULL)
    g_string_append (text, wd_source_get_text (source));
  return g_string_free (text, FALSE);
}

typedef struct {
  WdStore        *store;
  ReviewContext  *context;   /* NULL: gather it first */
  gint64          brief_id;
  char           *domain;
  char           *source_text;
  gboolean        no_source_link;
  char           *headline;
  char           *sections[WD_SECTION_N_KINDS];
  guint           n_mentions;
  GArray         *cited_ids;
  guint           serial;
} ReviewJob;

typedef struct {
  ReviewContext  *context;
  WdReviewReport *report;
} ReviewResult;

static void
review_job_free (ReviewJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->context, review_context_unref);
  g_free (job->domain);
  g_free (job->source_text);
  g_free (job->headline);
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    g_free (job->sections[kind]);
  g_array_unref (job->cited_ids);
  g_free (job);
}

static void
review_result_free (ReviewResult *result)
{
  g_clear_pointer (&result->context, review_context_unref);
  g_clear_pointer (&result->report, wd_review_report_free);
  g_free (result);
}

static ReviewContext *
gather_review_context (ReviewJob  *job,
                       GError    **error)
{
  ReviewContext *context = g_atomic_rc_box_new0 (ReviewContext);

  context->brief_id = job->brief_id;
  context->policy = WD_POLICY_SUMMARIZE;
  context->max_quote_words = -1;
  context->cited_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  context->citations = g_array_new (FALSE, TRUE, sizeof (ContextCitation));
  g_array_set_clear_func (context->citations, (GDestroyNotify) context_citation_clear);

  if (job->domain != NULL && *job->domain != '\0')
    {
      g_autoptr(WdPolicy) policy = NULL;
      GError *local_error = NULL;

      policy = wd_store_get_policy (job->store, job->domain, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          review_context_unref (context);
          return NULL;
        }
      if (policy != NULL)
        {
          context->policy = policy->kind;
          context->max_quote_words = policy->max_quote_words;
          context->max_run_words = policy->max_run_words;
          context->max_copied_percent = policy->max_copied_percent;
        }
    }

  for (guint i = 0; i < job->cited_ids->len; i++)
    {
      gint64 id = g_array_index (job->cited_ids, gint64, i);
      g_autoptr(WdBrief) cited = NULL;
      g_autoptr(GError) load_error = NULL;
      ContextCitation citation;

      if (context_has_cited (context, id))
        continue;
      g_array_append_val (context->cited_ids, id);
      cited = wd_store_load_brief (job->store, id, &load_error);
      /* A brief that is not in the archive is the check's to report. */
      if (cited == NULL)
        continue;
      citation.id = id;
      citation.title = g_strdup (wd_brief_get_title (cited) != NULL ? wd_brief_get_title (cited)
                                                                   : wd_brief_get_headline (cited));
      citation.text = cited_brief_text (cited);
      g_array_append_val (context->citations, citation);
    }
  return context;
}

static void
review_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReviewJob *job = task_data;
  g_autoptr(GArray) citations = g_array_new (FALSE, FALSE, sizeof (WdReviewCitation));
  WdReviewInput input = { 0, };
  ReviewResult *result;
  GError *error = NULL;

  result = g_new0 (ReviewResult, 1);
  result->context = job->context != NULL ? review_context_ref (job->context)
                                         : gather_review_context (job, &error);
  if (result->context == NULL)
    {
      review_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      review_result_free (result);
      return;
    }

  for (guint i = 0; i < result->context->citations->len; i++)
    {
      ContextCitation *cited = &g_array_index (result->context->citations, ContextCitation, i);
      WdReviewCitation citation = { cited->id, cited->title, cited->text };

      g_array_append_val (citations, citation);
    }
  input.source_text = job->source_text;
  input.no_source_link = job->no_source_link;
  input.headline = job->headline;
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    input.sections[kind] = job->sections[kind];
  input.policy = result->context->policy;
  input.max_quote_words = result->context->max_quote_words;
  input.max_run_words = result->context->max_run_words;
  input.max_copied_percent = result->context->max_copied_percent;
  input.n_mentions = job->n_mentions;
  input.citations = (const WdReviewCitation *) citations->data;
  input.n_citations = citations->len;
  result->report = wd_review_check (&input);
  g_task_return_pointer (task, result, (GDestroyNotify) review_result_free);
}

/* Marks what the report found: the panel's list, the sections' spans,
 * and the source text the brief copies. */
static void
show_review (WdBriefView *self,
             ReviewJob   *job)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  WdReviewReport *report = self->review_report;

  wd_preflight_panel_set_report (self->preflight_panel, report);
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    wd_section_card_set_review (self->cards[kind], job != NULL ? job->sections[kind] : NULL,
                                report);

  for (guint i = 0; report != NULL && i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);
      gsize start = (gsize) item->source_start;
      gsize end = (gsize) item->source_end;

      if (item->severity != WD_REVIEW_FAILURE || item->source_start < 0 ||
          item->source_end <= item->source_start ||
          (g_strcmp0 (item->check, "copy-run") != 0 && g_strcmp0 (item->check, "copy-share") != 0))
        continue;
      g_array_append_val (starts, start);
      g_array_append_val (ends, end);
    }
  wd_source_view_mark_copied (self->source_view, (const gsize *) starts->data,
                              (const gsize *) ends->data, starts->len);
}

static void
on_review_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);
  ReviewJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  ReviewResult *done;

  done = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (job->serial != self->review_serial || job->brief_id != self->brief_id)
    {
      g_clear_pointer (&done, review_result_free);
      return;
    }
  g_clear_object (&self->review_cancellable);
  if (done == NULL)
    {
      g_debug ("Could not check brief %" G_GINT64_FORMAT ": %s", job->brief_id, error->message);
      return;
    }
  if (self->review_context != done->context)
    {
      g_clear_pointer (&self->review_context, review_context_unref);
      self->review_context = review_context_ref (done->context);
    }
  g_clear_pointer (&self->review_report, wd_review_report_free);
  self->review_report = g_steal_pointer (&done->report);
  review_result_free (done);
  show_review (self, job);
}

static gboolean
run_review (gpointer data)
{
  WdBriefView *self = data;
  g_autoptr(GTask) task = NULL;
  WdSource *source;
  GListModel *mentions;
  ReviewJob *job;

  self->review_source = 0;
  source = self->brief != NULL ? wd_brief_get_source (self->brief) : NULL;
  if (self->store == NULL || source == NULL || wd_source_get_text (source) == NULL ||
      wd_brief_get_id (self->brief) != self->brief_id)
    return G_SOURCE_REMOVE;
  /* A draft streaming in is checked once it is done. */
  if (self->headline_draft->len > 0)
    return G_SOURCE_REMOVE;
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    if (wd_section_card_get_drafting (self->cards[kind]))
      return G_SOURCE_REMOVE;

  job = g_new0 (ReviewJob, 1);
  job->store = g_object_ref (self->store);
  job->brief_id = self->brief_id;
  job->domain = g_strdup (wd_source_get_publisher_domain (source));
  job->source_text = g_strdup (wd_source_get_text (source));
  job->no_source_link = !wd_review_source_has_link (source);
  job->headline = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->headline_entry)));
  job->cited_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      GtkTextBuffer *buffer = wd_section_card_get_buffer (self->cards[kind]);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      job->sections[kind] = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      find_cited_ids (job->sections[kind], job->cited_ids);
    }
  mentions = wd_brief_get_mentions (self->brief);
  job->n_mentions = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;

  /* The archive is asked again only for a brief cited since. */
  if (self->review_context != NULL && self->review_context->brief_id == self->brief_id)
    {
      gboolean known = TRUE;

      for (guint i = 0; known && i < job->cited_ids->len; i++)
        known = context_has_cited (self->review_context,
                                   g_array_index (job->cited_ids, gint64, i));
      if (known)
        job->context = review_context_ref (self->review_context);
    }

  g_cancellable_cancel (self->review_cancellable);
  g_clear_object (&self->review_cancellable);
  self->review_cancellable = g_cancellable_new ();
  job->serial = ++self->review_serial;
  task = g_task_new (self, self->review_cancellable, on_review_done, NULL);
  g_task_set_source_tag (task, run_review);
  g_task_set_task_data (task, job, (GDestroyNotify) review_job_free);
  g_task_run_in_thread (task, review_thread);
  return G_SOURCE_REMOVE;
}

/* Checks the brief once typing (or loading, or drafting) pauses. */
static void
schedule_review (WdBriefView *self)
{
  g_clear_handle_id (&self->review_source, g_source_remove);
  /* A brief just opened is checked at once; typing, after the pause. */
  self->review_source = g_timeout_add (self->review_report != NULL ? REVIEW_DELAY_MS : 0,
                                       run_review, self);
}

/* Forgets the last brief's review: its marks must not linger on the next. */
static void
clear_review (WdBriefView *self)
{
  g_clear_handle_id (&self->review_source, g_source_remove);
  self->review_serial++;
  g_cancellable_cancel (self->review_cancellable);
  g_clear_object (&self->review_cancellable);
  g_clear_pointer (&self->review_context, review_context_unref);
  g_clear_pointer (&self->review_report, wd_review_report_free);
  show_review (self, NULL);
}

/* A preflight item the editor clicked: its span selected in its section,
 * or in the headline, and the source it copies or draws on in sight. */
static void
on_preflight_item_activated (WdBriefView      *self,
                             int               section,
                             gint64            start,
                             gint64            end,
                             gint64            source_start,
                             gint64            source_end,
                             WdPreflightPanel *panel)
{
  if (section >= 0 && section < WD_SECTION_N_KINDS)
    {
      WdSectionCard *card = self->cards[section];
      int offset = wd_section_card_select_span (card, start, end);

      scroll_view_to (self->brief_scroller, wd_section_card_get_text_view (card), offset);
    }
  else if (section == WD_REVIEW_SECTION_HEADLINE)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->headline_entry));
      gssize length = (gssize) strlen (text);

      gtk_widget_grab_focus (GTK_WIDGET (self->headline_entry));
      if (start >= 0 && start <= length)
        gtk_editable_select_region (GTK_EDITABLE (self->headline_entry),
                                    (int) g_utf8_pointer_to_offset (text, text + start),
                                    (int) g_utf8_pointer_to_offset (text, text + CLAMP (end, start, length)));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->brief_scroller), 0);
    }
  else if (section == WD_REVIEW_SECTION_MENTIONS)
    /* Focus scrolls the brief to the bar. */
    wd_mentions_bar_focus_entry (self->mentions_bar);

  if (source_start >= 0 && source_end > source_start)
    {
      gsize from = (gsize) source_start;
      gsize to = (gsize) source_end;
      int first;

      if (self->narrow && section == WD_REVIEW_SECTION_NONE)
        wd_brief_view_set_show_source (self, TRUE);
      first = wd_source_view_highlight (self->source_view, &from, &to, 1);
      if (first >= 0 && gtk_widget_get_visible (GTK_WIDGET (self->source_scroller)))
        scroll_source_to (self, first);
    }
}

/* Saving what the editor types */

/* A pause longer than this ends a burst of typing: the next save is a new
 * revision in the section's history. */
#define BURST_PAUSE_US (60 * G_USEC_PER_SEC)

typedef struct {
  WdBriefView   *self;
  gint64         brief_id;
  WdSectionKind  kind;
} SaveData;

static void
on_edit_saved (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree SaveData *data = user_data;
  g_autoptr(WdBriefView) self = data->self;
  g_autoptr(GError) error = NULL;
  gint64 revision;

  revision = wd_store_save_edit_finish (WD_STORE (object), result, &error);
  if (data->brief_id != self->brief_id)
    return;
  self->saves_pending[data->kind]--;
  wd_section_card_set_saving (self->cards[data->kind], self->saves_pending[data->kind] > 0);
  if (revision == 0)
    {
      show_toast (self, error->message);
      return;
    }
  self->burst_revision[data->kind] = revision;
  self->burst_saved_at[data->kind] = g_get_monotonic_time ();
}

static void
on_card_save (WdBriefView   *self,
              const char    *text,
              WdSectionCard *card)
{
  WdSectionKind kind = wd_section_card_get_kind (card);
  gint64 now = g_get_monotonic_time ();
  SaveData *data;

  if (self->store == NULL || self->brief_id <= 0)
    return;
  if (now - self->burst_saved_at[kind] > BURST_PAUSE_US)
    self->burst_revision[kind] = 0;

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->brief_id = self->brief_id;
  data->kind = kind;
  self->saves_pending[kind]++;
  wd_section_card_set_saving (card, TRUE);
  /* On the store's writer thread, in order; a save that started is
   * finished even when the view moves on. */
  wd_store_save_edit_async (self->store, self->brief_id, kind, text,
                            self->burst_revision[kind], NULL, on_edit_saved, data);
}

/* Saves what was typed and not saved yet, now; a new brief starts new
 * bursts. */
static void
flush_edits (WdBriefView *self)
{
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      if (self->cards[kind] != NULL)
        wd_section_card_flush (self->cards[kind]);
    }
  if (self->headline_source != 0)
    {
      g_clear_handle_id (&self->headline_source, g_source_remove);
      save_headline (self);
    }
}

/**
 * wd_brief_view_focus_section:
 * @self: a #WdBriefView
 * @kind: a section
 *
 * Puts the keyboard focus in the editor of @kind (Alt+1…4).
 */
void
wd_brief_view_focus_section (WdBriefView   *self,
                             WdSectionKind  kind)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));
  g_return_if_fail ((guint) kind < WD_SECTION_N_KINDS);

  gtk_widget_grab_focus (GTK_WIDGET (self->cards[kind]));
}

/**
 * wd_brief_view_save_now:
 * @self: a #WdBriefView
 *
 * Saves what the editor typed and waits until the archive has it: for
 * closing the window or quitting.
 */
void
wd_brief_view_save_now (WdBriefView *self)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));

  /* Closing: the headline typed last is saved here, blocking, rather
   * than by a worker thread the process may not wait for. */
  if (self->headline_source != 0 && self->store != NULL && self->brief_id > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *headline =
        g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->headline_entry))));

      g_clear_handle_id (&self->headline_source, g_source_remove);
      if (!wd_store_set_headline (self->store, self->brief_id, headline, &error))
        show_toast (self, error->message);
    }
  flush_edits (self);
  if (self->store != NULL)
    wd_store_wait_for_writes (self->store);
}

/* Drafting */

static WdSectionCard *
card_of_part (WdBriefView *self,
              guint        part)
{
  return part < WD_SECTION_N_KINDS ? self->cards[part] : NULL;
}

static WdDraftJob *
current_job (WdBriefView *self)
{
  return g_signal_group_dup_target (self->job_signals);
}

static void
update_can_draft (WdBriefView *self)
{
  g_autoptr(WdDraftJob) job = current_job (self);

  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    wd_section_card_set_can_draft (self->cards[kind], job == NULL && self->draft_queue != NULL);
}

/* Shows a part that is being drafted: its text so far, then what streams. */
static void
begin_part (WdBriefView *self,
            WdDraftJob  *job,
            guint        part)
{
  WdSectionCard *card = card_of_part (self, part);
  const char *text = wd_draft_job_get_part_text (job, part);
  const char *reasoning = wd_draft_job_get_part_reasoning (job, part);

  if (card != NULL)
    {
      wd_section_card_set_note (card, NULL);
      wd_section_card_begin_draft (card, wd_draft_job_get_model (job));
      if (*reasoning != '\0')
        wd_section_card_append_delta (card, WD_LLM_DELTA_REASONING, reasoning);
      if (*text != '\0')
        wd_section_card_append_delta (card, WD_LLM_DELTA_TEXT, text);
    }
  else if (part == WD_DRAFT_PART_HEADLINE)
    {
      g_string_assign (self->headline_draft, text);
      gtk_editable_set_editable (GTK_EDITABLE (self->headline_entry), FALSE);
      set_headline_text (self, self->headline_draft->str);
    }
}

static void
on_part_started (WdBriefView *self,
                 guint        part,
                 WdDraftJob  *job)
{
  begin_part (self, job, part);
}

static void
on_delta (WdBriefView *self,
          guint        part,
          guint        kind,
          const char  *text,
          WdDraftJob  *job)
{
  WdSectionCard *card = card_of_part (self, part);

  if (card != NULL)
    wd_section_card_append_delta (card, kind, text);
  else if (part == WD_DRAFT_PART_HEADLINE && kind == WD_LLM_DELTA_TEXT)
    {
      g_string_append (self->headline_draft, text);
      set_headline_text (self, self->headline_draft->str);
    }
}

static void
on_part_finished (WdBriefView *self,
                  guint        part,
                  WdDraftJob  *job)
{
  WdSectionCard *card = card_of_part (self, part);
  WdDraftPartState state = wd_draft_job_get_part_state (job, part);
  const char *note = wd_draft_job_get_part_note (job, part);

  if (card != NULL)
    {
      if (wd_section_card_get_drafting (card))
        wd_section_card_end_draft (card, state == WD_DRAFT_PART_FAILED ||
                                         state == WD_DRAFT_PART_CANCELLED ? note : NULL);
      /* Why an empty section stayed empty; a full one needs no word. */
      if (state == WD_DRAFT_PART_SKIPPED && *wd_section_card_get_text (card) == '\0')
        wd_section_card_set_note (card, note);
      if (self->brief != NULL)
        wd_section_card_set_section (card, wd_brief_get_section (self->brief, part));
    }
  else if (part == WD_DRAFT_PART_HEADLINE)
    {
      g_string_truncate (self->headline_draft, 0);
      gtk_editable_set_editable (GTK_EDITABLE (self->headline_entry), TRUE);
      if (self->brief != NULL)
        set_headline_text (self, wd_brief_get_headline (self->brief));
    }
}

static void follow_job (WdBriefView *self);

static void
on_job_state (WdBriefView *self,
              GParamSpec  *pspec,
              WdDraftJob  *job)
{
  WdDraftJobState state = wd_draft_job_get_state (job);

  if (state == WD_DRAFT_JOB_FAILED)
    show_toast (self, wd_draft_job_get_error_message (job));
  if (state != WD_DRAFT_JOB_WAITING && state != WD_DRAFT_JOB_RUNNING)
    {
      follow_job (self);
      schedule_review (self);
    }
}

/* Follows the queue's job for the brief shown, catching up with a part
 * already streaming (after switching back to a brief being drafted). */
static void
follow_job (WdBriefView *self)
{
  g_autoptr(WdDraftJob) old = current_job (self);
  WdDraftJob *job = NULL;

  if (self->draft_queue != NULL && self->brief_id > 0)
    job = wd_draft_queue_find (self->draft_queue, self->brief_id);
  if (job == old)
    {
      update_can_draft (self);
      return;
    }

  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    if (wd_section_card_get_drafting (self->cards[kind]))
      {
        wd_section_card_end_draft (self->cards[kind], NULL);
        if (self->brief != NULL)
          wd_section_card_set_section (self->cards[kind],
                                       wd_brief_get_section (self->brief, kind));
      }
  g_string_truncate (self->headline_draft, 0);

  g_signal_group_set_target (self->job_signals, job);
  if (job != NULL)
    for (guint part = 0; part < WD_N_DRAFT_PARTS; part++)
      if (wd_draft_job_get_part_state (job, part) == WD_DRAFT_PART_RUNNING)
        begin_part (self, job, part);
  update_can_draft (self);
}

typedef struct {
  WdBriefView   *self;
  WdSectionKind  kind;
  char          *instruction;
} Regenerate;

static void
regenerate_free (Regenerate *data)
{
  g_object_unref (data->self);
  g_free (data->instruction);
  g_free (data);
}

static void
queue_section (WdBriefView   *self,
               WdSectionKind  kind,
               const char    *instruction,
               WdDraftFlags   flags)
{
  if (self->draft_queue == NULL || self->brief_id <= 0)
    return;
  wd_draft_queue_add (self->draft_queue, self->brief_id, NULL, WD_DRAFT_PART_MASK (kind),
                      flags, instruction);
}

static void
on_replace_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Regenerate       *data)
{
  if (g_strcmp0 (response, "regenerate") == 0)
    queue_section (data->self, data->kind, data->instruction, WD_DRAFT_FLAGS_FORCE);
}

/* Regenerate on a card: over the editor's own text only after asking. */
static void
on_card_regenerate (WdBriefView   *self,
                    const char    *instruction,
                    WdSectionCard *card)
{
  WdSectionKind kind = wd_section_card_get_kind (card);
  WdSection *section = self->brief != NULL ? wd_brief_get_section (self->brief, kind) : NULL;
  GtkWidget *dialog;
  Regenerate *data;

  if (section == NULL || *wd_section_get_text (section) == '\0' ||
      wd_section_get_origin (section) != WD_ORIGIN_EDITOR)
    {
      queue_section (self, kind, instruction, WD_DRAFT_FLAGS_NONE);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Replace Your Text?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The %s holds your own edits. A new draft becomes the "
                                    "current text; yours stays in the section’s history."),
                                  wd_format_section_heading (kind));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "regenerate", _("_Regenerate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "regenerate",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  data = g_new0 (Regenerate, 1);
  data->self = g_object_ref (self);
  data->kind = kind;
  data->instruction = g_strdup (instruction);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_replace_response), data,
                         (GClosureNotify) (void (*) (void)) regenerate_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_card_stop (WdBriefView   *self,
              WdSectionCard *card)
{
  g_autoptr(WdDraftJob) job = current_job (self);

  if (job != NULL && self->draft_queue != NULL)
    wd_draft_queue_cancel (self->draft_queue, job);
}

/**
 * wd_brief_view_set_draft_queue:
 * @self: a #WdBriefView
 * @queue: (nullable): where drafts of the brief shown are queued
 *
 * Lets the cards draft (Regenerate, Stop) and shows what the queue drafts
 * for the brief on screen as it streams.
 */
void
wd_brief_view_set_draft_queue (WdBriefView  *self,
                               WdDraftQueue *queue)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));

  if (self->draft_queue != NULL)
    g_signal_handlers_disconnect_by_data (self->draft_queue, self);
  g_set_object (&self->draft_queue, queue);
  if (queue != NULL)
    g_signal_connect_object (queue, "items-changed", G_CALLBACK (follow_job), self,
                             G_CONNECT_SWAPPED);
  follow_job (self);
}

/**
 * wd_brief_view_draft:
 * @self: a #WdBriefView
 *
 * Drafts every empty part of the brief shown (Ctrl+Enter), unless it is
 * being drafted already.
 *
 * Returns: (transfer none) (nullable): the job, or %NULL when nothing was
 *   queued
 */
WdDraftJob *
wd_brief_view_draft (WdBriefView *self)
{
  g_autoptr(WdDraftJob) running = NULL;

  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), NULL);

  if (self->draft_queue == NULL || self->brief_id <= 0)
    return NULL;
  running = current_job (self);
  if (running != NULL)
    return NULL;
  return wd_draft_queue_add (self->draft_queue, self->brief_id, NULL, 0,
                             WD_DRAFT_FLAGS_EMPTY_ONLY, NULL);
}

/**
 * wd_brief_view_new:
 *
 * Creates the read-only view of one brief: its source on the left, its
 * headline, sections and mentions on the right.
 *
 * Returns: (transfer full): a new #WdBriefView
 */
GtkWidget *
wd_brief_view_new (void)
{
  return g_object_new (WD_TYPE_BRIEF_VIEW, NULL);
}

/**
 * wd_brief_view_get_store:
 * @self: a #WdBriefView
 *
 * Returns: (transfer none) (nullable): the archive the view reads from
 */
WdStore *
wd_brief_view_get_store (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), NULL);

  return self->store;
}

/**
 * wd_brief_view_set_store:
 * @self: a #WdBriefView
 * @store: (nullable): the archive to read briefs from
 *
 * Sets the archive; the view reloads its brief when the store reports a
 * change to it.
 */
void
wd_brief_view_set_store (WdBriefView *self,
                         WdStore     *store)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));
  g_return_if_fail (store == NULL || WD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_signal_group_set_target (self->store_signals, store);
  wd_mentions_bar_set_store (self->mentions_bar, store);
  load_brief (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * wd_brief_view_get_brief_id:
 * @self: a #WdBriefView
 *
 * Returns: the id of the brief shown or being loaded, 0 for none
 */
gint64
wd_brief_view_get_brief_id (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), 0);

  return self->brief_id;
}

/**
 * wd_brief_view_set_brief_id:
 * @self: a #WdBriefView
 * @brief_id: a brief's id, or 0 for none
 *
 * Loads the brief off the main thread and shows it when it arrives,
 * cancelling a load still under way. A failure shows a toast with the
 * store's explanation.
 */
void
wd_brief_view_set_brief_id (WdBriefView *self,
                            gint64       brief_id)
{
  g_return_if_fail (WD_IS_BRIEF_VIEW (self));
  g_return_if_fail (brief_id >= 0);

  if (self->brief_id == brief_id)
    return;

  /* What was typed goes to the brief it was typed in. */
  flush_edits (self);
  self->brief_id = brief_id;
  self->headline_pending = 0;
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      wd_section_card_set_note (self->cards[kind], NULL);
      wd_section_card_set_saving (self->cards[kind], FALSE);
      self->burst_revision[kind] = 0;
      self->burst_saved_at[kind] = 0;
      self->saves_pending[kind] = 0;
    }
  clear_review (self);
  follow_job (self);
  load_brief (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF_ID]);
}

/**
 * wd_brief_view_get_brief:
 * @self: a #WdBriefView
 *
 * Returns: (transfer none) (nullable): the fully loaded brief on screen
 */
WdBrief *
wd_brief_view_get_brief (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), NULL);

  return self->brief;
}

/**
 * wd_brief_view_get_loading:
 * @self: a #WdBriefView
 *
 * Returns: whether a brief is being read from the archive
 */
gboolean
wd_brief_view_get_loading (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), FALSE);

  return self->loading;
}

/**
 * wd_brief_view_get_review_report:
 * @self: a #WdBriefView
 *
 * What the review checks found in the text on screen the last time typing
 * paused (the preflight panel lists it).
 *
 * Returns: (transfer none) (nullable): the report, or %NULL before the
 *   first check of the brief
 */
const WdReviewReport *
wd_brief_view_get_review_report (WdBriefView *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_VIEW (self), NULL);

  return self->review_report;
}

static void
wd_brief_view_dispose (GObject *object)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);

  if (self->brief_id > 0)
    flush_edits (self);
  self->load_serial++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->review_source, g_source_remove);
  self->review_serial++;
  g_cancellable_cancel (self->review_cancellable);
  g_clear_object (&self->review_cancellable);
  g_clear_pointer (&self->review_context, review_context_unref);
  g_clear_pointer (&self->review_report, wd_review_report_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_BRIEF_VIEW);

  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  if (self->draft_queue != NULL)
    g_signal_handlers_disconnect_by_data (self->draft_queue, self);
  g_clear_object (&self->draft_queue);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->narrow_source, g_source_remove);
  g_clear_pointer (&self->support, wd_support_index_free);
  if (self->headline_draft != NULL)
    g_string_free (g_steal_pointer (&self->headline_draft), TRUE);
  g_clear_object (&self->store);
  g_clear_object (&self->brief);

  G_OBJECT_CLASS (wd_brief_view_parent_class)->dispose (object);
}

static void
wd_brief_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BRIEF_ID:
      g_value_set_int64 (value, self->brief_id);
      break;

    case PROP_BRIEF:
      g_value_set_object (value, self->brief);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    case PROP_SHOW_SOURCE:
      g_value_set_boolean (value, self->show_source);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WdBriefView *self = WD_BRIEF_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      wd_brief_view_set_store (self, g_value_get_object (value));
      break;

    case PROP_BRIEF_ID:
      wd_brief_view_set_brief_id (self, g_value_get_int64 (value));
      break;

    case PROP_SHOW_SOURCE:
      wd_brief_view_set_show_source (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_view_class_init (WdBriefViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_brief_view_dispose;
  object_class->get_property = wd_brief_view_get_property;
  object_class->set_property = wd_brief_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         WD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BRIEF_ID] =
    g_param_spec_int64 ("brief-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BRIEF] =
    g_param_spec_object ("brief", NULL, NULL,
                         WD_TYPE_BRIEF,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_SOURCE] =
    g_param_spec_boolean ("show-source", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = wd_brief_view_measure;
  widget_class->size_allocate = wd_brief_view_size_allocate;

  g_type_ensure (WD_TYPE_SOURCE_VIEW);
  g_type_ensure (WD_TYPE_MENTIONS_BAR);
  g_type_ensure (WD_TYPE_PREFLIGHT_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wd-brief-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, stack);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, spinner);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, error_page);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, source_scroller);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, brief_scroller);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, paned);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, source_view);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, status_label);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, headline_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_headline_changed);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, sections_box);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, mentions_bar);
  gtk_widget_class_bind_template_child (widget_class, WdBriefView, preflight_panel);
  gtk_widget_class_set_css_name (widget_class, "wdbriefview");
}

static void
wd_brief_view_init (WdBriefView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The sections are the same four for every brief, in the store's order;
   * the cards take their headings from wd-format.c. */
  for (guint kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      GtkWidget *card = wd_section_card_new (kind);

      g_signal_connect_object (card, "regenerate", G_CALLBACK (on_card_regenerate), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "stop", G_CALLBACK (on_card_stop), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "save", G_CALLBACK (on_card_save), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "approve", G_CALLBACK (on_card_approve), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "revert", G_CALLBACK (on_card_revert), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "history", G_CALLBACK (on_card_history), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (card, "cursor-sentence", G_CALLBACK (on_card_cursor_sentence),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->sections_box, card);
      self->cards[kind] = WD_SECTION_CARD (card);
      /* Any change of the text, typed or drafted, is checked again. */
      g_signal_connect_object (wd_section_card_get_buffer (WD_SECTION_CARD (card)), "changed",
                               G_CALLBACK (schedule_review), self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->preflight_panel, "item-activated",
                           G_CALLBACK (on_preflight_item_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_view, "paragraph-activated",
                           G_CALLBACK (on_paragraph_activated), self, G_CONNECT_SWAPPED);
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->paned, "notify::position", G_CALLBACK (on_paned_position),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paned, "map", G_CALLBACK (on_map_restore_split), self,
                           G_CONNECT_SWAPPED);

  self->headline_draft = g_string_new (NULL);
  self->job_signals = g_signal_group_new (WD_TYPE_DRAFT_JOB);
  g_signal_group_connect_object (self->job_signals, "part-started",
                                 G_CALLBACK (on_part_started), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->job_signals, "delta",
                                 G_CALLBACK (on_delta), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->job_signals, "part-finished",
                                 G_CALLBACK (on_part_finished), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->job_signals, "notify::state",
                                 G_CALLBACK (on_job_state), self, G_CONNECT_SWAPPED);
  update_can_draft (self);

  self->store_signals = g_signal_group_new (WD_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "changed",
                                 G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
}
