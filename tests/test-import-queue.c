/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import-queue"

#include <string.h>

#include <libsoup/soup.h>

#include "import/wd-import-queue.h"
#include "wd-test-util.h"

/* The queue behind the app's Import dialog, drop and paste: a SoupServer on
 * 127.0.0.1 serves articles, a real archive receives them. */

#define PARAGRAPHS \
  "<p>The regional water authority said on Monday that reservoir levels had fallen to " \
  "their lowest point in a decade after the driest summer on record, and asked households " \
  "to cut their use by a fifth until the autumn rains arrive in the hills.</p>" \
  "<p>Farmers in the valley have already reduced irrigation, and several towns have " \
  "closed public fountains and swimming pools to save water for hospitals, schools and " \
  "the factories that employ most of the people living along the river.</p>" \
  "<p>Engineers are repairing leaks in the oldest pipes, which lose almost a third of " \
  "the water they carry, and the authority promised weekly reports on the reservoirs, " \
  "the leaks fixed and the amount of water each district used.</p>"

typedef struct {
  SoupServer    *server;
  char          *base;
  WdStore       *store;
  WdContext     *context;
  WdImporter    *importer;
  WdImportQueue *queue;
  guint          n_finished;
  guint          n_stalled;
} Fixture;

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_has_prefix (path, "/article/"))
    {
      const char *name = path + strlen ("/article/");
      g_autofree char *body = g_strdup_printf (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Dry summer, part %s</title></head><body><article>"
        "<h1>Dry summer, part %s</h1><p>Part %s of the series.</p>%s</article></body></html>",
        name, name, name, PARAGRAPHS);

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, body,
                                        strlen (body));
    }
  else if (g_str_equal (path, "/stall"))
    {
      /* Headers and a first piece, then nothing until the client gives up. */
      f->n_stalled++;
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_content_type (headers, "text/html", NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_body_append (soup_server_message_get_response_body (msg),
                                SOUP_MEMORY_STATIC, "<html><body><p>", 15);
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "no", 2);
    }
}

static void
on_batch_finished (WdImportQueue *queue,
                   Fixture       *f)
{
  g_assert_false (wd_import_queue_get_busy (queue));
  f->n_finished++;
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
  f->importer = wd_importer_new (f->context);
  f->queue = wd_import_queue_new (f->importer);
  g_signal_connect (f->queue, "batch-finished", G_CALLBACK (on_batch_finished), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->queue);
  /* A GTask thread drops its reference to the importer only after the
   * callback ran; let it. */
  while (g_atomic_int_get (&G_OBJECT (f->importer)->ref_count) > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->importer);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  soup_server_disconnect (f->server);
  g_assert_finalize_object (f->server);
  g_free (f->base);
}

static char *
url (Fixture    *f,
     const char *path)
{
  return g_strconcat (f->base, path, NULL);
}

static void
wait_for_batches (Fixture *f,
                  guint    n)
{
  while (f->n_finished < n)
    g_main_context_iteration (NULL, TRUE);
}

static WdImportItem *
item_at (Fixture *f,
         guint    position)
{
  g_autoptr(WdImportItem) item = g_list_model_get_item (G_LIST_MODEL (f->queue), position);

  g_assert_nonnull (item);
  /* The queue keeps it alive. */
  return item;
}

static void
test_split_urls (void)
{
  g_auto(GStrv) two = wd_import_split_urls ("  https://example.org/a \n\n<http://b.example/x?y=1>\r\n");
  g_auto(GStrv) with_text = wd_import_split_urls ("https://example.org/a\nand some words\n");
  g_auto(GStrv) prose = wd_import_split_urls ("Read https://example.org/a today");
  g_auto(GStrv) file = wd_import_split_urls ("file:///etc/passwd");
  g_auto(GStrv) script = wd_import_split_urls ("javascript:alert(1)");
  g_auto(GStrv) blank = wd_import_split_urls (" \n \n");

  g_assert_nonnull (two);
  g_assert_cmpuint (g_strv_length (two), ==, 2);
  g_assert_cmpstr (two[0], ==, "https://example.org/a");
  g_assert_cmpstr (two[1], ==, "http://b.example/x?y=1");
  g_assert_null (with_text);
  g_assert_null (prose);
  g_assert_null (file);
  g_assert_null (script);
  g_assert_null (blank);
}

/* A mixed batch: new articles, one already in the archive, a 404, a file
 * and pasted text; the summary says what the toast will say. */
static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *first = url (f, "/article/1");
  g_autofree char *input = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.md", NULL);
  g_autoptr(GError) error = NULL;
  WdImportItem *missing = NULL;
  guint n;

  /* The first batch brings in part 1. */
  g_assert_cmpuint (wd_import_queue_add_input (f->queue, first), ==, 1);
  g_assert_true (wd_import_queue_get_busy (f->queue));
  wait_for_batches (f, 1);
  g_assert_cmpuint (wd_import_item_get_state (item_at (f, 0)), ==, WD_IMPORT_ITEM_IMPORTED);
  g_assert_cmpstr (wd_import_item_get_message (item_at (f, 0)), ==, "Dry summer, part 1");
  g_assert_cmpint (wd_import_item_get_brief_id (item_at (f, 0)), >, 0);

  g_file_set_contents (path, "# Notes from the hearing\n\nThe board met twice.\n", -1, &error);
  g_assert_no_error (error);
  input = g_strdup_printf ("%s/article/1\n%s/article/2\n<%s/article/3>\n%s/missing\n",
                           f->base, f->base, f->base, f->base);
  n = wd_import_queue_add_input (f->queue, input);
  g_assert_cmpuint (n, ==, 4);
  wd_import_queue_add_file (f->queue, path);
  g_assert_cmpuint (wd_import_queue_add_input (f->queue,
                                               "Minutes of the meeting\n\nAll agreed."), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 7);
  wait_for_batches (f, 2);

  g_assert_cmpuint (wd_import_queue_count (f->queue, WD_IMPORT_ITEM_IMPORTED), ==, 4);
  g_assert_cmpuint (wd_import_queue_count (f->queue, WD_IMPORT_ITEM_EXISTED), ==, 1);
  g_assert_cmpuint (wd_import_queue_count (f->queue, WD_IMPORT_ITEM_FAILED), ==, 1);
  summary = wd_import_queue_dup_summary (f->queue);
  g_assert_cmpstr (summary, ==, "4 imported, 1 already in the archive, 1 failed");

  /* The existing one points at the brief of the first batch. */
  g_assert_cmpuint (wd_import_item_get_state (item_at (f, 1)), ==, WD_IMPORT_ITEM_EXISTED);
  g_assert_cmpint (wd_import_item_get_brief_id (item_at (f, 1)), ==,
                   wd_import_item_get_brief_id (item_at (f, 0)));
  missing = item_at (f, 4);
  g_assert_cmpuint (wd_import_item_get_state (missing), ==, WD_IMPORT_ITEM_FAILED);
  g_assert_nonnull (strstr (wd_import_item_get_message (missing), "404"));
  g_assert_cmpint (wd_import_item_get_brief_id (missing), ==, 0);
  g_assert_cmpstr (wd_import_item_get_label (item_at (f, 5)), ==, "notes.md");
  g_assert_cmpstr (wd_import_item_get_message (item_at (f, 5)), ==, "Notes from the hearing");
  g_assert_cmpstr (wd_import_item_get_label (item_at (f, 6)), ==, "Minutes of the meeting");

  /* What the archive holds: parts 1-3, the file and the text. */
  g_assert_cmpuint (wd_store_count_briefs (f->store, WD_BRIEF_FILTER_INBOX, &error), ==, 5);
  g_assert_no_error (error);

  /* Clearing an idle queue empties it. */
  wd_import_queue_clear_finished (f->queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_clear_pointer (&summary, g_free);
  summary = wd_import_queue_dup_summary (f->queue);
  g_assert_cmpstr (summary, ==, "");
  g_assert_cmpuint (f->n_finished, ==, 2);
}

/* At most four run at once; waiting and running items can be cancelled,
 * and nothing of them reaches the archive. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *stall = url (f, "/stall");
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *address = g_strdup_printf ("%s?n=%u", stall, i);

      wd_import_queue_add_url (f->queue, address);
    }
  g_assert_cmpuint (wd_import_queue_count (f->queue, WD_IMPORT_ITEM_RUNNING), ==,
                    WD_IMPORT_QUEUE_MAX_RUNNING);
  g_assert_cmpuint (wd_import_queue_count (f->queue, WD_IMPORT_ITEM_WAITING), ==, 2);
  while (f->n_stalled < WD_IMPORT_QUEUE_MAX_RUNNING)
    g_main_context_iteration (NULL, TRUE);

  /* A waiting item is cancelled at once and does not start later. */
  wd_import_item_cancel (item_at (f, 5));
  g_assert_cmpuint (wd_import_item_get_state (item_at (f, 5)), ==, WD_IMPORT_ITEM_CANCELLED);

  /* A running one is cancelled when its fetch notices; the next waits its
   * turn and starts. */
  wd_import_item_cancel (item_at (f, 0));
  while (wd_import_item_get_state (item_at (f, 4)) != WD_IMPORT_ITEM_RUNNING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wd_import_item_get_state (item_at (f, 0)), ==, WD_IMPORT_ITEM_CANCELLED);
  g_assert_true (wd_import_queue_get_busy (f->queue));

  while (f->n_stalled < 5)
    g_main_context_iteration (NULL, TRUE);

  wd_import_queue_cancel_all (f->queue);
  wait_for_batches (f, 1);
  g_assert_cmpuint (f->n_finished, ==, 1);
  g_assert_cmpuint (wd_import_queue_count (f->queue, WD_IMPORT_ITEM_CANCELLED), ==, 6);
  g_assert_cmpuint (f->n_stalled, ==, 5);
  summary = wd_import_queue_dup_summary (f->queue);
  g_assert_cmpstr (summary, ==, "6 cancelled");
  g_assert_cmpuint (wd_store_count_briefs (f->store, WD_BRIEF_FILTER_ALL, &error), ==, 0);
  g_assert_no_error (error);
}

/* Blank input adds nothing and starts no batch. */
static void
test_blank (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpuint (wd_import_queue_add_input (f->queue, "  \n\t\n"), ==, 0);
  g_assert_false (wd_import_queue_get_busy (f->queue));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_cmpuint (f->n_finished, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  g_test_add_func ("/import-queue/split-urls", test_split_urls);
  g_test_add ("/import-queue/batch", Fixture, NULL, fixture_set_up, test_batch,
              fixture_tear_down);
  g_test_add ("/import-queue/cancel", Fixture, NULL, fixture_set_up, test_cancel,
              fixture_tear_down);
  g_test_add ("/import-queue/blank", Fixture, NULL, fixture_set_up, test_blank,
              fixture_tear_down);

  return g_test_run ();
}
