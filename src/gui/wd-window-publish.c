/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "wd-preview-window.h"
#include "wd-window-private.h"

/*
 * Publishing from the window (Ctrl+Shift+P): the preflight, a written
 * reason when it fails, the outbox job, and a toast with View or Retry.
 * The outbox also resumes, when the window opens, what an earlier run left
 * half-sent.
 */

typedef struct
{
  gint64 brief_id;
  char *target;
  char *reason;
  GDateTime *publish_at;  /* NULL: now */
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->target);
  g_free (request->reason);
  g_clear_pointer (&request->publish_at, g_date_time_unref);
  g_free (request);
}

static void send_job (WdWindow *self,
                      gint64    job_id);

static void
set_busy (WdWindow *self,
          gboolean  busy)
{
  self->publishing = busy;
  _wd_window_update_publish_action (self);
}

void
_wd_window_update_publish_action (WdWindow *self)
{
  WdBrief *brief = wd_brief_view_get_brief (self->brief_view);
  gboolean shown = wd_brief_view_get_brief_id (self->brief_view) > 0;
  gboolean published = brief != NULL && wd_brief_get_loaded (brief)
                       && wd_brief_get_status (brief) == WD_BRIEF_STATUS_PUBLISHED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.publish",
                                 shown && !self->publishing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.unpublish",
                                 published && !self->publishing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.preview", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.schedule",
                                 shown && !published && !self->publishing);
  gtk_widget_set_visible (self->publish_button, shown);
  /* Publishing a brief the site has sends the new revision. */
  gtk_button_set_label (GTK_BUTTON (self->publish_button),
                        published ? _("_Update") : _("_Publish"));
}

/* The job's outcome */

static void
on_view_clicked (AdwToast *toast,
                 WdWindow *self)
{
  const char *url = g_object_get_data (G_OBJECT (toast), "wd-url");

  if (url != NULL)
    gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
}

static void
on_retry_clicked (AdwToast *toast,
                  WdWindow *self)
{
  gint64 job_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "wd-job"));
  g_autoptr(GError) error = NULL;

  if (!wd_store_requeue_job (wd_context_get_store (self->context), job_id, &error))
    {
      wd_window_show_toast (self, error->message);
      return;
    }
  send_job (self, job_id);
}

/* What the window needs to say about a job once it is through, read on
 * the worker thread with the sending. */
typedef struct
{
  gint64 job_id;
  WdJobAction action;
  gboolean scheduled;
  char *url;
} Sent;

static void
sent_free (gpointer data)
{
  Sent *sent = data;

  g_free (sent->url);
  g_free (sent);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WdOutbox *outbox = source_object;
  gint64 job_id = GPOINTER_TO_SIZE (task_data);
  WdStore *store = wd_outbox_get_store (outbox);
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(WdBriefRemote) remote = NULL;
  GError *error = NULL;
  Sent *sent;

  if (!wd_outbox_drain (outbox, job_id, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  sent = g_new0 (Sent, 1);
  sent->job_id = job_id;
  job = wd_store_get_job (store, job_id, NULL);
  if (job != NULL)
    {
      sent->action = job->action;
      sent->scheduled = job->publish_at != NULL;
      remote = wd_store_get_brief_remote (store, job->brief_id, job->target, NULL);
    }
  if (remote != NULL)
    sent->url = g_strdup (remote->url);
  g_task_return_pointer (task, sent, sent_free);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(WdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Sent *sent = g_task_propagate_pointer (G_TASK (result), &error);
  AdwToast *toast;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (sent == NULL)
    {
      gint64 job_id = GPOINTER_TO_SIZE (g_task_get_task_data (G_TASK (result)));

      /* Translators: %s is what went wrong, in a sentence */
      toast = adw_toast_new_format (_("Not published: %s"), error->message);
      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("_Retry"));
      g_object_set_data (G_OBJECT (toast), "wd-job", GSIZE_TO_POINTER (job_id));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_retry_clicked), self, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  if (sent->action == WD_JOB_UNPUBLISH)
    wd_window_show_toast (self, _("Unpublished"));
  else
    {
      toast = adw_toast_new (sent->scheduled ? _("Scheduled") : _("Published"));
      if (sent->url != NULL)
        {
          adw_toast_set_button_label (toast, _("_View"));
          g_object_set_data_full (G_OBJECT (toast), "wd-url", g_strdup (sent->url), g_free);
          g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_view_clicked), self,
                                   0);
        }
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
  sent_free (sent);
}

static void
send_job (WdWindow *self,
          gint64    job_id)
{
  g_autoptr(GTask) task = NULL;

  set_busy (self, TRUE);
  task = g_task_new (self->outbox, self->publish_cancellable, sent_cb, g_object_ref (self));
  g_task_set_source_tag (task, send_job);
  g_task_set_task_data (task, GSIZE_TO_POINTER (job_id), NULL);
  g_task_run_in_thread (task, send_thread);
}

/* Queueing, with the preflight */

static void queue_publish (WdWindow   *self,
                           gint64      brief_id,
                           GDateTime  *publish_at,
                           const char *reason);

static void
on_reason_changed (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "publish", *text != '\0');
}

static void
on_override_response (AdwMessageDialog *dialog,
                      const char       *response,
                      WdWindow         *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  gint64 brief_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "wd-brief"));
  GDateTime *publish_at = g_object_get_data (G_OBJECT (dialog), "wd-publish-at");

  if (g_str_equal (response, "publish"))
    queue_publish (self, brief_id, publish_at, gtk_editable_get_text (entry));
}

static void
ask_for_reason (WdWindow             *self,
                gint64                brief_id,
                GDateTime            *publish_at,
                const WdReviewReport *report)
{
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;
  GtkWidget *entry;
  guint shown = 0;

  for (guint i = 0; report != NULL && i < report->items->len && shown < 5; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (item->severity != WD_REVIEW_FAILURE)
        continue;
      g_string_append_printf (body, "• %s\n", item->message);
      shown++;
    }
  if (report != NULL && report->n_failures > shown)
    {
      /* Translators: after a list of five failures */
      g_string_append_printf (body, ngettext ("…and %u more.\n", "…and %u more.\n",
                                              report->n_failures - shown),
                              report->n_failures - shown);
    }
  g_string_append (body, _("Fix these in the brief, or write why it goes out as it is; the "
                           "reason is kept with the brief."));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Publish Despite Failed Checks?"),
                                   body->str);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for publishing anyway"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for publishing anyway"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "publish", _("_Publish Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "publish",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "publish", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "wd-brief", GSIZE_TO_POINTER (brief_id));
  if (publish_at != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "wd-publish-at", g_date_time_ref (publish_at),
                            (GDestroyNotify) g_date_time_unref);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_reason_changed), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_override_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

typedef struct
{
  gint64 job_id;
  WdReviewReport *report;
} Queued;

static void
queued_free (gpointer data)
{
  Queued *queued = data;

  g_clear_pointer (&queued->report, wd_review_report_free);
  g_free (queued);
}

static void
queue_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WdOutbox *outbox = source_object;
  Request *request = task_data;
  Queued *queued = g_new0 (Queued, 1);
  GError *error = NULL;

  queued->job_id = wd_outbox_queue_publish (outbox, request->brief_id, request->target,
                                            request->publish_at, request->reason,
                                            &queued->report, &error);
  if (error != NULL)
    {
      /* The report travels with a preflight failure. */
      g_task_set_task_data (task, queued, queued_free);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, queued, queued_free);
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Queued *queued = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (queued == NULL)
    {
      Queued *failed = g_task_get_task_data (G_TASK (result));
      Request *request = g_object_get_data (G_OBJECT (result), "wd-request");

      if (g_error_matches (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PREFLIGHT)
          && failed != NULL && request != NULL)
        ask_for_reason (self, request->brief_id, request->publish_at, failed->report);
      else
        wd_window_show_toast (self, error->message);
      return;
    }

  send_job (self, queued->job_id);
  queued_free (queued);
}

static void
queue_publish (WdWindow   *self,
               gint64      brief_id,
               GDateTime  *publish_at,
               const char *reason)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *target = NULL;
  Request *request;

  target = wd_outbox_default_target (wd_context_get_config (self->context));
  if (target == NULL)
    {
      wd_window_show_toast (self, _("No publish target is set; add one in Preferences → "
                                    "Publishing."));
      return;
    }

  request = g_new0 (Request, 1);
  request->brief_id = brief_id;
  request->target = g_steal_pointer (&target);
  request->reason = g_strdup (reason);
  request->publish_at = publish_at != NULL ? g_date_time_ref (publish_at) : NULL;

  set_busy (self, TRUE);
  task = g_task_new (self->outbox, self->publish_cancellable, queued_cb, g_object_ref (self));
  g_task_set_source_tag (task, queue_publish);
  /* The request stays readable after a failure replaces the task data. */
  g_object_set_data_full (G_OBJECT (task), "wd-request", request, request_free);
  g_task_set_task_data (task, request, NULL);
  g_task_run_in_thread (task, queue_thread);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  gint64 brief_id = wd_brief_view_get_brief_id (self->brief_view);

  if (brief_id <= 0 || self->publishing)
    return;
  /* What was just typed goes out with the brief. */
  wd_brief_view_save_now (self->brief_view);
  wd_store_wait_for_writes (wd_context_get_store (self->context));
  queue_publish (self, brief_id, NULL, NULL);
}

/* Scheduling */

typedef struct
{
  GtkCalendar   *calendar;
  GtkSpinButton *hour;
  GtkSpinButton *minute;
} SchedulePicker;

static GDateTime *
picked_time (SchedulePicker *picker)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (picker->calendar);
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  return g_date_time_new (local, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          gtk_spin_button_get_value_as_int (picker->hour),
                          gtk_spin_button_get_value_as_int (picker->minute), 0);
}

/* Only a time to come can be picked. */
static void
update_schedule_response (AdwMessageDialog *dialog)
{
  SchedulePicker *picker = g_object_get_data (G_OBJECT (dialog), "wd-picker");
  g_autoptr(GDateTime) when = picked_time (picker);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  adw_message_dialog_set_response_enabled (dialog, "schedule",
                                           when != NULL && g_date_time_compare (when, now) > 0);
}

static void
on_schedule_response (AdwMessageDialog *dialog,
                      const char       *response,
                      WdWindow         *self)
{
  SchedulePicker *picker = g_object_get_data (G_OBJECT (dialog), "wd-picker");
  gint64 brief_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "wd-brief"));
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (!g_str_equal (response, "schedule"))
    return;
  local = picked_time (picker);
  utc = g_date_time_to_utc (local);
  queue_publish (self, brief_id, utc, NULL);
}

/* "05", "00": a time reads with two digits. */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static GtkWidget *
new_spin (int         max,
          int         value,
          const char *label)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return spin;
}

static void
schedule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  gint64 brief_id = wd_brief_view_get_brief_id (self->brief_view);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = NULL;
  SchedulePicker *picker;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *time_box;
  GtkWidget *colon;

  if (brief_id <= 0 || self->publishing)
    return;
  wd_brief_view_save_now (self->brief_view);

  /* The next full hour, an hour from now at the earliest. */
  soon = g_date_time_add_minutes (now, 120 - g_date_time_get_minute (now));

  picker = g_new0 (SchedulePicker, 1);
  picker->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_calendar_select_day (picker->calendar, soon);
  picker->hour = GTK_SPIN_BUTTON (new_spin (23, g_date_time_get_hour (soon), _("Hour")));
  picker->minute = GTK_SPIN_BUTTON (new_spin (59, 0, _("Minute")));

  colon = gtk_label_new (":");
  time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (time_box), GTK_WIDGET (picker->hour));
  gtk_box_append (GTK_BOX (time_box), colon);
  gtk_box_append (GTK_BOX (time_box), GTK_WIDGET (picker->minute));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (picker->calendar));
  gtk_box_append (GTK_BOX (box), time_box);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Schedule the Brief"),
                                   _("The preflight runs now; the site publishes the brief "
                                     "at the time you pick (your local time)."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "schedule", _("_Schedule"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "schedule",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "schedule");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "wd-picker", picker, g_free);
  g_object_set_data (G_OBJECT (dialog), "wd-brief", GSIZE_TO_POINTER (brief_id));
  g_signal_connect_object (picker->calendar, "day-selected",
                           G_CALLBACK (update_schedule_response), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker->hour, "value-changed",
                           G_CALLBACK (update_schedule_response), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker->minute, "value-changed",
                           G_CALLBACK (update_schedule_response), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_schedule_response), self, 0);
  update_schedule_response (ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unpublish_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  gint64 brief_id = wd_brief_view_get_brief_id (self->brief_view);
  WdStore *store = wd_context_get_store (self->context);
  g_autoptr(GPtrArray) remotes = NULL;
  g_autoptr(GError) error = NULL;

  if (brief_id <= 0 || self->publishing)
    return;
  remotes = wd_store_list_brief_remotes (store, brief_id, &error);
  for (guint i = 0; remotes != NULL && i < remotes->len; i++)
    {
      WdBriefRemote *remote = remotes->pdata[i];
      gint64 job_id;

      if (remote->published_at == NULL)
        continue;
      job_id = wd_store_queue_publish (store, brief_id, remote->target, TRUE, NULL, NULL,
                                       &error);
      if (job_id == 0)
        break;
      send_job (self, job_id);
    }
  if (error != NULL)
    wd_window_show_toast (self, error->message);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WdWindow *self = WD_WINDOW (widget);
  gint64 brief_id = wd_brief_view_get_brief_id (self->brief_view);
  WdPreviewWindow *preview;

  if (brief_id <= 0)
    return;
  wd_brief_view_save_now (self->brief_view);
  preview = wd_preview_window_new (GTK_WINDOW (self), self->context, brief_id);
  gtk_window_present (GTK_WINDOW (preview));
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(WdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!wd_outbox_drain_finish (WD_OUTBOX (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    wd_window_show_toast (self, error->message);
}

void
_wd_window_class_init_publish (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.publish", NULL, publish_action);
  gtk_widget_class_install_action (widget_class, "win.unpublish", NULL, unpublish_action);
  gtk_widget_class_install_action (widget_class, "win.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "win.schedule", NULL, schedule_action);
}

void
_wd_window_init_publish (WdWindow *self)
{
  self->outbox = wd_outbox_new (wd_context_get_store (self->context),
                                wd_context_get_config (self->context));
  self->publish_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->brief_view, "notify::brief-id",
                           G_CALLBACK (_wd_window_update_publish_action), self,
                           G_CONNECT_SWAPPED);
  _wd_window_update_publish_action (self);

  /* What a crash or a quit left in the outbox goes out now. */
  wd_outbox_drain_async (self->outbox, 0, self->publish_cancellable, resumed_cb,
                         g_object_ref (self));
}

void
_wd_window_dispose_publish (WdWindow *self)
{
  if (self->publish_cancellable != NULL)
    g_cancellable_cancel (self->publish_cancellable);
  g_clear_object (&self->publish_cancellable);
  g_clear_object (&self->outbox);
}
