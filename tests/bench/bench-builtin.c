/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-builtin: times the builtin drafting engine on a 3 000-word article
 * in an archive of many briefs: the extractive summary and the mention
 * suggestions (CPU only), and the related-coverage retrieval the context
 * section is made from (the archive's full-text indexes).
 *
 *   bench-builtin [--briefs N] [--runs N] [--dir DIR] [--keep] [--db FILE]
 *
 * Without --db it builds an archive of N generated briefs (default 20 000,
 * about a minute) in a temporary directory under --dir, deleted at the
 * end unless --keep. --db FILE uses an existing archive instead, such as the 100 000
 * briefs `build-aux/dev bench store --dir D --keep` leaves; the benchmark
 * adds its three articles to it.
 *
 * Progress goes to stderr; stdout gets a table and, as its last line, one
 * JSON object with the figures (medians over --runs runs, default 15).
 */
#define G_LOG_DOMAIN "wd-bench-builtin"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "wd-test-util.h"
#include "wd-draft-articles.h"
#include "bench-corpus.h"
#include "draft/wd-builtin.h"
#include "draft/wd-related.h"
#include "text/wd-text.h"

#define DEFAULT_BRIEFS 20000
#define DEFAULT_RUNS 15
#define N_CATALOG 300

static void
seed_archive (WdStore      *store,
              const Corpus *corpus,
              guint         n)
{
  Prng prng = { 0x5eed2026 };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdSource) source = wd_source_new ();
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *url = g_strdup_printf ("https://p%u.example/story/%u", i % 50, i);
      g_autofree char *publisher = g_strdup_printf ("Publisher %u", i % 50);
      g_autoptr(GError) error = NULL;

      append_text (title, corpus, &prng, 6 + prng_below (&prng, 7));
      g_strstrip (title->str);
      g_string_set_size (title, strlen (title->str));
      if (title->len > 0 && title->str[title->len - 1] == '.')
        g_string_truncate (title, title->len - 1);
      append_text (text, corpus, &prng, 500 + prng_below (&prng, 400));

      wd_source_set_url (source, url);
      wd_source_set_title (source, title->str);
      wd_source_set_publisher_name (source, publisher);
      wd_source_set_text (source, text->str);
      if (wd_store_add_source (store, source, NULL, &error) <= 0)
        g_error ("%s", error->message);

      if ((i + 1) % 5000 == 0)
        fprintf (stderr, "bench-builtin: %u of %u briefs, %.0f/s\n", i + 1, n,
                 (i + 1) / ((g_get_monotonic_time () - start) / 1e6));
    }
}

static gint64
add_article (WdStore    *store,
             const char *title,
             const char *url,
             const char *publisher,
             const char *text)
{
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(GError) error = NULL;
  gboolean existed = FALSE;
  gint64 id;

  wd_source_set_url (source, url);
  wd_source_set_title (source, title);
  wd_source_set_publisher_name (source, publisher);
  wd_source_set_text (source, text);
  id = wd_store_add_source (store, source, &existed, &error);
  if (id <= 0)
    g_error ("%s", error->message);

  return id;
}


static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  guint n_briefs = DEFAULT_BRIEFS;
  guint runs = DEFAULT_RUNS;
  gboolean keep = FALSE;
  g_autofree char *base_dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *article = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GArray) summary_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) mentions_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) builtin_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) related_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) draft_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(WdSource) source = NULL;
  Corpus corpus;
  gint64 brief_id;
  guint n_hits = 0;
  guint n_mentions = 0;
  guint summary_words = 0;
  gboolean cites_earlier = FALSE;
  gint64 dam_1, dam_2;
  const char *dashes = "----------------------------------------------------------------";
  char *row;
  GOptionEntry entries[] = {
    { "briefs", 0, 0, G_OPTION_ARG_INT, &n_briefs, "Generated briefs (default 20000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs (default 15)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &base_dir, "Where to build the archive", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the archive built", NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Use this archive instead", "FILE" },
    { NULL },
  };

  context = g_option_context_new ("- time the builtin drafting engine");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-builtin: %s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);

  corpus_init (&corpus);

  if (db != NULL)
    path = g_strdup (db);
  else
    {
      g_autofree char *template = g_build_filename (base_dir != NULL ? base_dir
                                                                     : g_get_tmp_dir (),
                                                    "bench-builtin-XXXXXX", NULL);

      tmpdir = g_mkdtemp (g_steal_pointer (&template));
      if (tmpdir == NULL)
        {
          fprintf (stderr, "bench-builtin: cannot make a directory; pass a writable --dir.\n");
          return 1;
        }
      path = g_build_filename (tmpdir, "archive.db", NULL);
    }

  store = wd_store_open (path, &error);
  if (store == NULL)
    {
      fprintf (stderr, "bench-builtin: %s\n", error->message);
      return 1;
    }

  if (db == NULL)
    {
      seed_archive (store, &corpus, n_briefs);
      for (guint i = 0; i < N_CATALOG; i++)
        {
          g_autoptr(WdMention) mention = NULL;

          mention = wd_store_ensure_mention (store, g_ptr_array_index (corpus.names, i * 2),
                                             WD_MENTION_PERSON, &error);
          g_assert_no_error (error);
        }
    }
  n_briefs = wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error);
  g_assert_no_error (error);

  /* Two earlier reports of the story, then the long article itself */
  dam_1 = add_article (store, DAM_1.title, DAM_1.url, DAM_1.publisher, DAM_1.text);
  dam_2 = add_article (store, DAM_2.title, DAM_2.url, DAM_2.publisher, DAM_2.text);
  article = long_article (&corpus);
  brief_id = add_article (store, DAM_3.title, "https://metrowire.example/long/vorn",
                          DAM_3.publisher, article);

  {
    g_autoptr(WdBrief) brief = wd_store_load_brief (store, brief_id, &error);

    g_assert_no_error (error);
    source = g_object_ref (wd_brief_get_source (brief));
  }
  catalog = wd_store_list_mentions (store, &error);
  g_assert_no_error (error);

  fprintf (stderr, "bench-builtin: %u briefs; timing %u runs\n", n_briefs, runs);

  /* One warm-up run, then the timed ones */
  for (guint run = 0; run <= runs; run++)
    {
      g_autoptr(WdBuiltinSummary) summary = NULL;
      g_autoptr(GPtrArray) mentions = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(WdBuiltinDraft) draft = NULL;
      g_autofree char *formatted = NULL;
      double t_summary, t_mentions, t_related, t_format, t_draft;
      gint64 start;

      start = g_get_monotonic_time ();
      summary = wd_builtin_summarize (wd_source_get_text (source), 0, 0);
      t_summary = elapsed_ms (start);

      start = g_get_monotonic_time ();
      mentions = wd_builtin_suggest_mentions_for (source, catalog);
      t_mentions = elapsed_ms (start);

      start = g_get_monotonic_time ();
      hits = wd_related_find (store, brief_id, 0, -1, &error);
      g_assert_no_error (error);
      t_related = elapsed_ms (start);

      start = g_get_monotonic_time ();
      formatted = wd_builtin_format_context (hits);
      t_format = elapsed_ms (start);

      start = g_get_monotonic_time ();
      draft = wd_builtin_draft (store, brief_id, &error);
      g_assert_no_error (error);
      t_draft = elapsed_ms (start);

      if (run == 0)
        continue;

      g_array_append_val (summary_ms, t_summary);
      g_array_append_val (mentions_ms, t_mentions);
      g_array_append_val (builtin_ms, ((double) { t_summary + t_mentions + t_format }));
      g_array_append_val (related_ms, t_related);
      g_array_append_val (draft_ms, t_draft);
      n_hits = hits->len;
      n_mentions = mentions->len;
      summary_words = summary->n_words;
      cites_earlier = strstr (formatted, "[[brief:") != NULL;
      for (guint h = 0; h < hits->len; h++)
        {
          gint64 id = ((WdRelatedHit *) hits->pdata[h])->brief_id;

          cites_earlier &= id == dam_1 || id == dam_2;
        }
    }

  printf ("builtin engine, %u-word article, archive of %u briefs, median of %u runs\n\n",
          wd_text_count_words (article), n_briefs, runs);
  printf ("| %-52s | %-8s | %9s |\n", "part", "target", "median ms");
  printf ("|%.54s|%.10s|%.11s|\n", dashes, dashes, dashes);
  row = g_strdup_printf ("summary (%u words)", summary_words);
  printf ("| %-52s | %-8s | %9.2f |\n", row, "", median (summary_ms));
  g_free (row);
  row = g_strdup_printf ("mentions (%u suggested, %u in the catalog)", n_mentions,
                         catalog->len);
  printf ("| %-52s | %-8s | %9.2f |\n", row, "", median (mentions_ms));
  g_free (row);
  printf ("| %-52s | %-8s | %9.2f |\n", "builtin: summary + mentions + context text",
          "<= 20 ms", median (builtin_ms));
  row = g_strdup_printf ("related coverage (%u hits%s)", n_hits,
                         cites_earlier ? ", the earlier reports" : "");
  printf ("| %-52s | %-8s | %9.2f |\n", row, "", median (related_ms));
  g_free (row);
  printf ("| %-52s | %-8s | %9.2f |\n", "wd_builtin_draft (all of it, with loading)", "",
          median (draft_ms));
  printf ("\n{\"briefs\":%u, \"builtin_ms\":%.2f, \"related_ms\":%.2f}\n", n_briefs,
          median (builtin_ms), median (related_ms));

  g_clear_object (&store);
  corpus_clear (&corpus);
  if (tmpdir != NULL && keep)
    fprintf (stderr, "bench-builtin: kept %s\n", path);
  else if (tmpdir != NULL)
    remove_tree (tmpdir);

  return 0;
}
