/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-publish: drains an outbox of 1 000 queued briefs to the reference
 * site server (tests/wd-site-server.c) on 127.0.0.1, and measures what
 * the client adds per publish over the server's own time.
 *
 *   bench-publish [--briefs N] [--runs N] [--delay MS]
 *
 * Each run makes a fresh archive (in a temporary directory, removed at the
 * end) of N briefs (default 1 000) with every
 * section and a mention, queues them all, and times wd_outbox_drain():
 * loading each brief, rendering HTML, Markdown and JSON-LD, the PUT, and
 * recording the result. The server's own time is a bare libsoup client
 * sending the same N documents, as the server stored them, to a fresh
 * server, one after another on one connection; the overhead is the
 * difference per brief. --delay adds server-side time to both.
 *
 * The last line of stdout is one JSON object:
 * {"drain_1000_s":…, "overhead_ms":…} (medians over --runs, default 3),
 * with drain_1000_s scaled to 1 000 briefs when N differs.
 */
#define G_LOG_DOMAIN "wd-bench-publish"

#include <stdio.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "publish/wd-outbox.h"
#include "wd-site-server.h"
#include "wd-test-util.h"

#define TOKEN "bench-token"

static const char *source_text =
  "The port authority said on Monday that container traffic rose 12 percent in the third "
  "quarter, to 410,000 boxes, its busiest quarter on record.\n\n"
  "Director Anna Lindqvist said new cranes delivered in June had cut waiting times for "
  "ships from two days to nine hours. The authority plans to spend 85 million euros on a "
  "second terminal by 2028.";

static void
add_briefs (WdStore *store,
            guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mention = wd_store_ensure_mention (store, "Port authority",
                                                          WD_MENTION_ORGANIZATION, &error);
  const char *sections[WD_SECTION_N_KINDS] = {
    "Container traffic at the port rose 12 percent in the third quarter, helped by new "
    "cranes that cut ship waiting times to nine hours.",
    "Faster turnarounds matter more than raw volume for a port competing on reliability.",
    "The archive has no earlier coverage of this story.",
    "Watch whether the second terminal keeps to its 2028 date.",
  };

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *url = g_strdup_printf ("https://port.example.com/story-%u", i);
      g_autofree char *text = g_strdup_printf ("%s\n\nReport number %u.", source_text, i);
      g_autofree char *headline = g_strdup_printf ("Port traffic up 12 percent, report %u", i);
      gint64 id = wd_test_add_source (store, "Port traffic rises", url, "Port News", text);

      wd_store_set_headline (store, id, headline, &error);
      g_assert_no_error (error);
      for (int k = 0; k < WD_SECTION_N_KINDS; k++)
        {
          WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

          wd_store_add_revision (store, id, k, sections[k], &info, &error);
          g_assert_no_error (error);
        }
      wd_store_attach_mention (store, id, wd_mention_get_id (mention), WD_ORIGIN_EDITOR,
                               &error);
      g_assert_no_error (error);
    }
}

/* Sends every post @from stored to @to with a bare client; seconds. */
static double
replay_bare (WdSiteServer *from,
             WdSiteServer *to,
             GPtrArray    *uuids)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *auth = g_strdup_printf ("Bearer %s", TOKEN);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  gint64 start;

  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(JsonNode) post = wd_site_server_get_post (from, uuids->pdata[i]);

      g_ptr_array_add (bodies, json_to_string (post, FALSE));
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < uuids->len; i++)
    {
      g_autofree char *url = g_strdup_printf ("%s/briefs/%s", wd_site_server_get_url (to),
                                              (char *) uuids->pdata[i]);
      g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
      g_autoptr(GBytes) body = g_bytes_new_static (bodies->pdata[i],
                                                   strlen (bodies->pdata[i]));
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg) / 100, ==, 2);
    }
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

int
main (int    argc,
      char **argv)
{
  int n_briefs = 1000;
  int runs = 3;
  int delay_ms = 0;
  const GOptionEntry entries[] = {
    { "briefs", 0, 0, G_OPTION_ARG_INT, &n_briefs, "Briefs per run (1000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs (3)", "N" },
    { "delay", 0, 0, G_OPTION_ARG_INT, &delay_ms, "Server-side time per request (0)", "MS" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GArray) drains = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) overheads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-publish: %s\n", error->message);
      return 2;
    }
  n_briefs = MAX (n_briefs, 1);
  /* Loopback traffic, whatever the desktop's proxy settings say. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  runs = MAX (runs, 1);
  base = g_dir_make_tmp ("wd-bench-publish-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("%-4s %10s %10s %10s %12s\n", "run", "queue s", "drain s", "bare s", "overhead ms");
  for (int run = 0; run < runs; run++)
    {
      g_autoptr(WdSiteServer) server = wd_site_server_new (TOKEN);
      g_autoptr(WdSiteServer) bare_server = wd_site_server_new (TOKEN);
      g_autofree char *name = g_strdup_printf ("archive-%d.db", run);
      g_autofree char *db = g_build_filename (base, name, NULL);
      g_autoptr(WdStore) store = wd_store_open (db, &error);
      g_autofree char *conf_path = g_build_filename (base, "wiredesk.conf", NULL);
      g_autofree char *conf = g_strdup_printf ("[target site]\nkind=site-json\nurl=%s\n",
                                               wd_site_server_get_url (server));
      g_autoptr(WdConfig) config = NULL;
      g_autoptr(WdOutbox) outbox = NULL;
      g_autoptr(GPtrArray) briefs = NULL;
      g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
      gint64 start;
      double queue_s, drain_s, bare_s, overhead_ms;

      g_assert_no_error (error);
      wd_site_server_set_delay_ms (server, delay_ms);
      wd_site_server_set_delay_ms (bare_server, delay_ms);
      g_file_set_contents (conf_path, conf, -1, &error);
      g_assert_no_error (error);
      config = wd_config_load (conf_path, &error);
      g_assert_no_error (error);
      g_setenv ("WIREDESK_SECRET_SITE", TOKEN, TRUE);
      add_briefs (store, n_briefs);

      briefs = wd_store_list_briefs (store, WD_BRIEF_FILTER_ALL, 0, n_briefs, &error);
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      for (guint i = 0; i < briefs->len; i++)
        {
          WdBrief *brief = briefs->pdata[i];

          wd_store_queue_publish (store, wd_brief_get_id (brief), "site", FALSE, NULL, NULL,
                                  &error);
          g_assert_no_error (error);
          g_ptr_array_add (uuids, g_strdup (wd_brief_get_uuid (brief)));
        }
      queue_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

      outbox = wd_outbox_new (store, config);
      start = g_get_monotonic_time ();
      if (!wd_outbox_drain (outbox, 0, NULL, &error))
        g_error ("the outbox did not drain: %s", error->message);
      drain_s = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_assert_cmpuint (wd_site_server_count_posts (server), ==, (guint) n_briefs);

      bare_s = replay_bare (server, bare_server, uuids);
      overhead_ms = (drain_s - bare_s) * 1000.0 / n_briefs;
      printf ("%-4d %10.2f %10.2f %10.2f %12.2f\n", run + 1, queue_s, drain_s, bare_s,
              overhead_ms);
      fflush (stdout);

      drain_s *= 1000.0 / n_briefs;
      g_array_append_val (drains, drain_s);
      g_array_append_val (overheads, overhead_ms);
    }

  {
    const char *rm[] = { "rm", "-rf", base, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  printf ("{\"drain_1000_s\": %.2f, \"overhead_ms\": %.2f}\n", median (drains),
          median (overheads));
  return 0;
}
