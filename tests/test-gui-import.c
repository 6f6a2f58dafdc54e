/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-import"

#include <string.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include "wd-brief-view.h"
#include "wd-import-row.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"
#include "wd-window.h"

/* The app's import doors, driven as an editor would: the Import dialog
 * (Ctrl+L's action), dropped files and links, Ctrl+V on the list, and the
 * Feeds page. A SoupServer on 127.0.0.1 plays the web; a real archive in a
 * temporary directory receives the sources. */

#define PARAGRAPHS \
  "<p>The harbour board approved a plan on Thursday to electrify the quays where ferries " \
  "and cruise ships dock, so that vessels can switch off their diesel engines while they " \
  "load passengers, fuel and supplies for the next crossing.</p>" \
  "<p>Residents of the old town have complained for years about the smoke and the noise " \
  "of engines running all night, and a study last spring found that the air near the " \
  "water was worse than along the busiest roads of the city.</p>" \
  "<p>The first two berths will be connected next year, the board said, and the rest " \
  "before the end of the decade, paid for by a levy on every ticket and a grant from the " \
  "national fund for clean transport and healthier ports.</p>"

typedef struct {
  SoupServer *server;
  char       *base;
  WdStore    *store;
  WdContext  *context;
  WdWindow   *window;
  guint       feed_requests;
} Fixture;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;

  if (g_str_has_prefix (path, "/news/"))
    {
      const char *name = path + strlen ("/news/");
      g_autofree char *body = g_strdup_printf (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Harbour news: %s</title></head><body><article><h1>Harbour news: %s</h1>"
        "<p>Story %s of the harbour series.</p>%s</article></body></html>",
        name, name, name, PARAGRAPHS);

      respond (msg, 200, "text/html", body);
    }
  else if (g_str_equal (path, "/feed.xml"))
    {
      g_autofree char *body = g_strdup_printf (
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Wire</title>"
        "<link>%s/</link>"
        "<item><title>A</title><link>%s/news/feed-a</link><guid>feed-a</guid></item>"
        "<item><title>B</title><link>%s/news/feed-b</link><guid>feed-b</guid></item>"
        "</channel></rss>", f->base, f->base, f->base);

      f->feed_requests++;
      respond (msg, 200, "application/rss+xml", body);
    }
  else
    respond (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "no such page");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  GSList *uris;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle_request, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->store = wd_test_open_store (NULL);
  f->context = wd_context_new (f->store, config);
  f->window = wd_window_new (NULL, f->context);
  gtk_window_present (GTK_WINDOW (f->window));
}

static gpointer
dialog_child (Fixture    *f,
              const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (wd_window_get_import_dialog (f->window)),
                                        WD_TYPE_IMPORT_DIALOG, name);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  WdWindow *window = f->window;
  WdStore *store = f->store;

  /* Nothing may keep the window, or through it the archive, alive. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (wd_test_wait_for (wd_test_is_null, &window));

  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_assert_true (wd_test_wait_for (wd_test_is_null, &store));

  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_free (f->base);
}

static gboolean
queue_idle (gpointer data)
{
  Fixture *f = data;

  return !wd_import_queue_get_busy (wd_window_get_import_queue (f->window));
}

static void
wait_for_imports (Fixture *f)
{
  g_assert_true (wd_test_wait_for (queue_idle, f));
}

static guint
count_briefs (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = wd_store_count_briefs (f->store, WD_BRIEF_FILTER_ALL, &error);

  g_assert_no_error (error);
  return n;
}

/* The rows of the dialog's progress list: label -> subtitle. */
static GHashTable *
progress_rows (WdImportDialog *dialog)
{
  g_autoptr(GPtrArray) rows = wd_test_find_widgets (GTK_WIDGET (dialog), WD_TYPE_IMPORT_ROW);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < rows->len; i++)
    g_hash_table_insert (table,
                         g_strdup (adw_preferences_row_get_title (rows->pdata[i])),
                         g_strdup (adw_action_row_get_subtitle (rows->pdata[i])));
  return table;
}

/* Ctrl+L, addresses typed one a line, Import: each gets a row that ends
 * with the article's title or the server's answer, and the archive holds
 * the articles. Open on a row shows the brief. */
static void
test_dialog_imports_urls (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *input = g_strdup_printf ("%s/news/one\n%s/news/two\n%s/gone\n",
                                            f->base, f->base, f->base);
  g_autofree char *one = g_strconcat (f->base, "/news/one", NULL);
  g_autofree char *gone = g_strconcat (f->base, "/gone", NULL);
  g_autoptr(GHashTable) rows = NULL;
  g_autoptr(WdImportItem) first = NULL;
  WdImportDialog *dialog;
  GtkWidget *brief_view;
  const char *subtitle;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL);
  dialog = wd_window_get_import_dialog (f->window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* Nothing typed, nothing to import. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (wd_window_get_import_queue (f->window))),
                    ==, 0);

  wd_import_dialog_set_input (dialog, input);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  wait_for_imports (f);

  rows = progress_rows (dialog);
  g_assert_cmpuint (g_hash_table_size (rows), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (rows, one), ==, "Harbour news: one");
  subtitle = g_hash_table_lookup (rows, gone);
  g_assert_nonnull (subtitle);
  g_assert_nonnull (strstr (subtitle, "404 Not Found"));
  g_assert_cmpuint (count_briefs (f), ==, 2);

  /* Importing the same address again finds the brief already there. */
  wd_import_dialog_set_input (dialog, one);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  wait_for_imports (f);
  g_assert_cmpuint (count_briefs (f), ==, 2);
  g_assert_cmpuint (wd_import_queue_count (wd_window_get_import_queue (f->window),
                                           WD_IMPORT_ITEM_EXISTED), ==, 1);

  /* Open: the dialog steps aside and the window shows the brief. */
  first = g_list_model_get_item (G_LIST_MODEL (wd_window_get_import_queue (f->window)), 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.show-brief", "x",
                              wd_import_item_get_brief_id (first));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  brief_view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                         WD_TYPE_WINDOW, "brief_view"));
  g_assert_cmpint (wd_brief_view_get_brief_id (WD_BRIEF_VIEW (brief_view)), ==,
                   wd_import_item_get_brief_id (first));

  /* Clear empties the finished list. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.clear", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (wd_window_get_import_queue (f->window))),
                    ==, 0);
}

/* Dropped files and links: a local Markdown file and a web address. */
static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "minutes.md", NULL);
  g_autofree char *link = g_strconcat (f->base, "/news/dropped", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) web = NULL;
  GdkFileList *list;
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) text = G_VALUE_INIT;
  GSList *files = NULL;

  g_file_set_contents (path, "# Minutes of the harbour board\n\nThe board met twice.\n", -1,
                       &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  web = g_file_new_for_uri (link);
  files = g_slist_append (files, file);
  files = g_slist_append (files, web);
  list = gdk_file_list_new_from_list (files);
  g_slist_free (files);

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, list);
  g_assert_cmpuint (wd_window_import_value (f->window, &value), ==, 2);
  wait_for_imports (f);
  g_assert_cmpuint (wd_import_queue_count (wd_window_get_import_queue (f->window),
                                           WD_IMPORT_ITEM_IMPORTED), ==, 2);

  /* Dropped text that is not a list of links is one pasted article. */
  g_value_init (&text, G_TYPE_STRING);
  g_value_set_string (&text, "Harbour levy\n\nEvery ticket pays two euros toward the quays.");
  g_assert_cmpuint (wd_window_import_value (f->window, &text), ==, 1);
  wait_for_imports (f);
  g_assert_cmpuint (count_briefs (f), ==, 3);
}

/* Ctrl+V on the list imports the link on the clipboard. */
static void
test_paste (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *link = g_strconcat (f->base, "/news/pasted", NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->window));
  WdImportQueue *queue = wd_window_get_import_queue (f->window);
  g_autoptr(WdImportItem) item = NULL;

  gdk_clipboard_set_text (clipboard, link);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.paste-import", NULL);
  while (g_list_model_get_n_items (G_LIST_MODEL (queue)) == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_for_imports (f);

  item = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  g_assert_cmpuint (wd_import_item_get_state (item), ==, WD_IMPORT_ITEM_IMPORTED);
  g_assert_cmpstr (wd_import_item_get_message (item), ==, "Harbour news: pasted");
}

static gboolean
feeds_settled (gpointer data)
{
  Fixture *f = data;
  WdImportDialog *dialog = wd_window_get_import_dialog (f->window);

  return !wd_import_dialog_get_refreshing (dialog) &&
         gtk_widget_get_sensitive (wd_test_find_widget (GTK_WIDGET (dialog),
                                                        ADW_TYPE_ENTRY_ROW));
}

typedef struct {
  Fixture    *f;
  const char *title;   /* NULL: no feed rows */
} FeedRowWait;

static gboolean
feed_row_shown (gpointer data)
{
  FeedRowWait *wait = data;
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (dialog_child (wait->f, "feeds_list"), 0);

  if (wait->title == NULL)
    return row == NULL;
  return row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), wait->title) == 0;
}

/* Subscribing on the Feeds page reads the feed and imports its articles;
 * the row names the feed; the trash button unsubscribes and keeps the
 * articles. */
static void
test_feeds_page (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *feed_url = g_strconcat (f->base, "/feed.xml", NULL);
  FeedRowWait named = { f, "Harbour Wire" };
  FeedRowWait none = { f, NULL };
  WdImportDialog *dialog;
  GtkWidget *entry;
  GtkWidget *row;
  GtkWidget *remove;
  GtkLabel *status;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.feeds", NULL);
  dialog = wd_window_get_import_dialog (f->window);
  entry = wd_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (entry);

  /* Not an address: said so, nothing fetched. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "harbour wire");
  g_signal_emit_by_name (entry, "apply");
  status = dialog_child (f, "feeds_status_label");
  g_assert_nonnull (strstr (gtk_label_get_label (status), "http"));
  g_assert_cmpuint (f->feed_requests, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), feed_url);
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (wd_test_wait_for (feeds_settled, f));
  g_assert_true (wd_test_wait_for (feed_row_shown, &named));
  g_assert_cmpuint (count_briefs (f), ==, 2);
  g_assert_cmpstr (gtk_label_get_label (status), ==, "2 new articles imported.");

  /* Refresh All again: nothing new. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.refresh-feeds", NULL));
  g_assert_true (wd_test_wait_for (feeds_settled, f));
  g_assert_cmpstr (gtk_label_get_label (status), ==, "No new articles.");
  g_assert_cmpuint (count_briefs (f), ==, 2);

  row = GTK_WIDGET (gtk_list_box_get_row_at_index (dialog_child (f, "feeds_list"), 0));
  remove = wd_test_find_widget (row, GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (remove), ==, "Unsubscribe");
  g_signal_emit_by_name (remove, "clicked");
  g_assert_true (wd_test_wait_for (feed_row_shown, &none));
  g_assert_cmpuint (count_briefs (f), ==, 2);
}

/* A feed that is not one: the error shows, nothing is subscribed. */
static void
test_feeds_bad_address (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *not_feed = g_strconcat (f->base, "/news/not-a-feed", NULL);
  FeedRowWait none = { f, NULL };
  WdImportDialog *dialog;
  GtkWidget *entry;
  GtkLabel *status;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.feeds", NULL);
  dialog = wd_window_get_import_dialog (f->window);
  entry = wd_test_find_widget (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  status = dialog_child (f, "feeds_status_label");

  gtk_editable_set_text (GTK_EDITABLE (entry), not_feed);
  g_signal_emit_by_name (entry, "apply");
  g_assert_true (wd_test_wait_for (feeds_settled, f));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (status), not_feed));
  /* The address stays for correcting. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, not_feed);
  g_assert_true (feed_row_shown (&none));
  g_assert_cmpuint (count_briefs (f), ==, 0);
}

static gboolean
four_briefs (gpointer data)
{
  return count_briefs (data) == 4;
}

/* The welcome page's sample articles land in the Inbox, once. */
static void
test_samples (Fixture       *f,
              gconstpointer  data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-samples",
                                             NULL));
  g_assert_true (wd_test_wait_for (four_briefs, f));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-samples", NULL);
  /* Let the second import finish: it finds the same four. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (wd_test_wait_for (four_briefs, f));
}

int
main (int    argc,
      char **argv)
{
  gboolean display = wd_test_gui_init (&argc, &argv);

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (!display)
    {
      g_test_skip ("no display; run under xvfb-run");
      return g_test_run ();
    }
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/gui/import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("dialog-imports-urls", test_dialog_imports_urls);
  ADD ("drop", test_drop);
  ADD ("paste", test_paste);
  ADD ("feeds-page", test_feeds_page);
  ADD ("feeds-bad-address", test_feeds_bad_address);
  ADD ("samples", test_samples);
#undef ADD

  return g_test_run ();
}
