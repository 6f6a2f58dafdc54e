/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-publish"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wd-brief-view.h"
#include "wd-format.h"
#include "wd-site-server.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"
#include "wd-window.h"

/* One click publishes: Ctrl+Shift+P runs the preflight, the brief goes to
 * the default target (the reference site server on 127.0.0.1), and the
 * status says Published; a failed preflight asks for a written reason,
 * which is kept with the brief. */

#define TOKEN "gui-token"

#define BAD_SUMMARY "Container traffic rose 15 percent, said director Erik Sandberg."

typedef struct {
  WdSiteServer *server;
  WdStore      *store;
  WdContext    *context;
  WdWindow     *window;
  char         *config_dir;
} Fixture;

static gint64
add_brief (Fixture    *f,
           const char *url,
           const char *summary)
{
  return wd_test_add_port_brief (f->store, url, summary);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *conf = NULL;

  f->server = wd_site_server_new (TOKEN);
  g_setenv ("WIREDESK_SECRET_SITE", TOKEN, TRUE);
  f->store = wd_test_open_store (NULL);
  f->config_dir = wd_test_make_tmpdir ();
  config_path = g_build_filename (f->config_dir, "wiredesk.conf", NULL);
  conf = g_strdup_printf ("[defaults]\ntarget=site\n\n[target site]\nkind=site-json\nurl=%s\n",
                          wd_site_server_get_url (f->server));
  g_file_set_contents (config_path, conf, -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (config_path, &error);
  g_assert_no_error (error);
  f->context = wd_context_new (f->store, config);
  f->window = wd_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  WdWindow *window = f->window;
  WdStore *store = f->store;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (wd_test_wait_for (wd_test_is_null, &window));

  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_assert_true (wd_test_wait_for (wd_test_is_null, &store));
  g_clear_pointer (&f->server, wd_site_server_free);
  g_free (f->config_dir);
  g_unsetenv ("WIREDESK_SECRET_SITE");
}

static WdBriefView *
brief_view (Fixture *f)
{
  return WD_BRIEF_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window), WD_TYPE_WINDOW,
                                                       "brief_view"));
}

static const char *
status_text (Fixture *f)
{
  GtkWidget *label = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (brief_view (f)),
                                                                WD_TYPE_BRIEF_VIEW,
                                                                "status_label"));

  return gtk_label_get_label (GTK_LABEL (label));
}

typedef struct {
  Fixture *f;
  gint64   brief_id;
} Wait;

static gboolean
is_on_site (gpointer data)
{
  Wait *wait = data;
  g_autoptr(WdBriefRemote) remote = wd_store_get_brief_remote (wait->f->store, wait->brief_id,
                                                               "site", NULL);

  return remote != NULL && remote->url != NULL;
}

static gboolean
shows_brief (gpointer data)
{
  Wait *wait = data;
  WdBrief *brief = wd_brief_view_get_brief (brief_view (wait->f));

  return brief != NULL && wd_brief_get_loaded (brief)
         && wd_brief_get_id (brief) == wait->brief_id;
}

static gboolean
says_published (gpointer data)
{
  Wait *wait = data;

  /* "Published · 14:05" */
  return g_str_has_prefix (status_text (wait->f),
                           wd_format_status_label (WD_BRIEF_STATUS_PUBLISHED))
         && strstr (status_text (wait->f), " · ") != NULL;
}

static void
open_brief (Fixture *f,
            gint64   id)
{
  Wait wait = { f, id };

  wd_window_show_brief (f->window, id);
  g_assert_true (wd_test_wait_for (shows_brief, &wait));
}

static void
test_one_click (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                 WD_TYPE_WINDOW,
                                                                 "publish_button"));
  Wait wait = { f, id };

  open_brief (f, id);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  g_assert_true (wd_test_wait_for (is_on_site, &wait));
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  g_assert_true (wd_test_wait_for (says_published, &wait));
}

static gboolean
is_idle (gpointer data)
{
  Wait *wait = data;
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (wait->f->window),
                                                                 WD_TYPE_WINDOW,
                                                                 "publish_button"));

  return gtk_widget_is_sensitive (button);
}

static gboolean
says_changed (gpointer data)
{
  Wait *wait = data;

  return g_strcmp0 (status_text (wait->f), _("Changed since publishing")) == 0;
}

static gboolean
says_withdrawn (gpointer data)
{
  Wait *wait = data;

  return g_strcmp0 (status_text (wait->f),
                    wd_format_status_label (WD_BRIEF_STATUS_WITHDRAWN)) == 0;
}

static gboolean
button_says_update (gpointer data)
{
  Wait *wait = data;
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (wait->f->window),
                                                                 WD_TYPE_WINDOW,
                                                                 "publish_button"));

  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), _("_Update")) == 0;
}

/* Editing a published brief marks it; Update sends the new revision to
 * the same post; Unpublish takes it off. */
static void
test_update_and_unpublish (Fixture       *f,
                           gconstpointer  data)
{
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  g_autoptr(WdBriefRemote) remote = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { f, id };

  open_brief (f, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  g_assert_true (wd_test_wait_for (says_published, &wait));
  g_assert_true (wd_test_wait_for (button_says_update, &wait));

  wd_store_set_headline (f->store, id, "Port traffic rises 12 percent", &error);
  g_assert_no_error (error);
  g_assert_true (wd_test_wait_for (says_changed, &wait));

  g_assert_true (wd_test_wait_for (is_idle, &wait));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  g_assert_true (wd_test_wait_for (says_published, &wait));
  /* The status changes when the job is queued; the post when it is sent. */
  g_assert_true (wd_test_wait_for (is_idle, &wait));
  remote = wd_store_get_brief_remote (f->store, id, "site", &error);
  g_assert_nonnull (remote);
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  g_assert_cmpuint (wd_site_server_get_version (f->server, remote->remote_id), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unpublish", NULL));
  g_assert_true (wd_test_wait_for (says_withdrawn, &wait));
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 0);
}

static gboolean
find_dialog (gpointer data)
{
  AdwMessageDialog **out = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          *out = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_override_reason (Fixture       *f,
                      gconstpointer  data)
{
  gint64 id = add_brief (f, "https://port.example.com/q3-bad", BAD_SUMMARY);
  AdwMessageDialog *dialog = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { f, id };
  GtkWidget *entry;

  open_brief (f, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.publish", NULL));
  g_assert_true (wd_test_wait_for (find_dialog, &dialog));
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 0);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "publish"));

  /* A reason of blanks is no reason. */
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "publish"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "The director's name was confirmed by phone.");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "publish"));
  adw_message_dialog_response (dialog, "publish");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (wd_test_wait_for (is_on_site, &wait));
  g_assert_cmpuint (wd_site_server_count_posts (f->server), ==, 1);
  reason = wd_store_get_preflight_override (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reason, ==, "The director's name was confirmed by phone.");
}

static gboolean
says_scheduled (gpointer data)
{
  Wait *wait = data;

  g_autofree char *prefix = g_strdup_printf (_("Scheduled · %s"), "");

  return g_str_has_prefix (status_text (wait->f), prefix);
}

/* Schedule…: the picked time (local) goes to the site as publish_at, in
 * UTC, with status future. */
static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  gint64 id = add_brief (f, "https://port.example.com/q3", WD_TEST_PORT_SUMMARY);
  AdwMessageDialog *dialog = NULL;
  g_autoptr(WdBriefRemote) remote = NULL;
  g_autoptr(JsonNode) post = NULL;
  g_autoptr(GDateTime) sent = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *object;
  Wait wait = { f, id };

  open_brief (f, id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.schedule", NULL));
  g_assert_true (wd_test_wait_for (find_dialog, &dialog));
  /* The time offered is to come, so it can be taken as it is. */
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "schedule"));
  adw_message_dialog_response (dialog, "schedule");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (wd_test_wait_for (is_on_site, &wait));
  remote = wd_store_get_brief_remote (f->store, id, "site", NULL);
  post = wd_site_server_get_post (f->server, remote->remote_id);
  object = json_node_get_object (post);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "future");
  sent = g_date_time_new_from_iso8601 (json_object_get_string_member (object, "publish_at"),
                                       NULL);
  g_assert_nonnull (sent);
  g_assert_cmpint (g_date_time_difference (sent, now), >=, G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_minute (sent) % 15, ==, 0);
  g_assert_true (wd_test_wait_for (says_scheduled, &wait));
}

int
main (int    argc,
      char **argv)
{
  if (!wd_test_gui_init (&argc, &argv))
    return 77;

  g_test_add ("/gui/publish/one-click", Fixture, NULL, fixture_set_up, test_one_click,
              fixture_tear_down);
  g_test_add ("/gui/publish/override-reason", Fixture, NULL, fixture_set_up,
              test_override_reason, fixture_tear_down);
  g_test_add ("/gui/publish/update-and-unpublish", Fixture, NULL, fixture_set_up,
              test_update_and_unpublish, fixture_tear_down);
  g_test_add ("/gui/publish/schedule", Fixture, NULL, fixture_set_up, test_schedule,
              fixture_tear_down);

  return g_test_run ();
}
