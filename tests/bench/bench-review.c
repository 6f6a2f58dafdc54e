/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-review: times the review checks (wd_review_check(), everything the
 * preflight runs) on a 3 000-word source and a 600-word brief, and scores
 * them against the labelled set in tests/data/review.
 *
 *   bench-review [--runs N] [--data DIR]
 *
 * The source is the labelled set's articles one after another until it
 * has 3 000 words, the brief their faithful briefs' sections until it has
 * 600, in file order: the same text on every machine with the same data.
 * Without data it falls back to generated news (bench-corpus.c).
 *
 * stdout gets a table and, as its last line, one JSON object:
 * {"fault_recall":…, "false_failures_per_brief":…, "check_ms":…}
 * (check_ms: the median over --runs runs, default 101, at least 50).
 */
#define G_LOG_DOMAIN "wd-bench-review"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "wd-test-util.h"
#include "wd-review-faults.h"
#include "bench-corpus.h"
#include "text/wd-text.h"

#define SOURCE_WORDS 3000
#define BRIEF_WORDS 600
#define DEFAULT_RUNS 101
#define MIN_RUNS 50

typedef struct {
  GString *source;
  GString *sections[WD_SECTION_N_KINDS];
  char    *headline;
} BenchBrief;

static guint
brief_words (const BenchBrief *brief)
{
  guint n = 0;

  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    n += wd_text_count_words (brief->sections[k]->str);
  return n;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Appends the labelled articles and their faithful briefs from @dir. */
static void
build_from_data (BenchBrief *brief,
                 const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (handle == NULL)
    return;
  while ((entry = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (files, g_build_filename (dir, entry, NULL));
  g_ptr_array_sort (files, compare_names);

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root, *faithful;

      if (wd_text_count_words (brief->source->str) >= SOURCE_WORDS)
        break;
      if (!json_parser_load_from_file (parser, g_ptr_array_index (files, i), NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      root = json_node_get_object (json_parser_get_root (parser));
      if (!json_object_has_member (root, "source")
          || !json_object_has_member (root, "faithful"))
        continue;
      faithful = json_object_get_object_member (root, "faithful");
      g_string_append (brief->source, json_object_get_string_member (root, "source"));
      g_string_append (brief->source, "\n\n");

      if (brief->headline == NULL && json_object_has_member (faithful, "headline"))
        brief->headline = g_strdup (json_object_get_string_member (faithful, "headline"));
      for (int k = 0; k < WD_SECTION_N_KINDS && brief_words (brief) < BRIEF_WORDS; k++)
        {
          const char *name = wd_section_kind_to_string ((WdSectionKind) k);

          /* Context speaks of other briefs: leave it to the first one. */
          if (k == WD_SECTION_CONTEXT && brief->sections[k]->len > 0)
            continue;
          if (!json_object_has_member (faithful, name))
            continue;
          if (brief->sections[k]->len > 0)
            g_string_append (brief->sections[k], " ");
          g_string_append (brief->sections[k], json_object_get_string_member (faithful, name));
        }
    }
}

/* Generated news when there is no labelled set: a brief made of the
 * source's own sentences, shuffled, which exercises every check. */
static void
build_generated (BenchBrief *brief)
{
  Corpus corpus;
  g_autofree char *article = NULL;
  g_autoptr(GPtrArray) sentences = NULL;
  Prng prng = { 0x12e71e3 };

  corpus_init (&corpus);
  article = long_article (&corpus);
  g_string_assign (brief->source, article);
  sentences = wd_text_split_sentences (article);
  while (brief_words (brief) < BRIEF_WORDS && sentences->len > 0)
    {
      const char *sentence = g_ptr_array_index (sentences, prng_below (&prng, sentences->len));
      GString *section = brief->sections[prng_below (&prng, WD_SECTION_N_KINDS)];

      g_string_append (section, sentence);
      g_string_append_c (section, ' ');
    }
  brief->headline = g_strdup ("A generated headline");
  corpus_clear (&corpus);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

int
main (int    argc,
      char **argv)
{
  int runs = DEFAULT_RUNS;
  g_autofree char *data_dir = NULL;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs (at least 50)", "N" },
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The labelled set", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFaultTally) tally = wd_fault_tally_new ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  BenchBrief brief = { 0, };
  WdReviewInput input = { 0, };
  guint n_failures = 0;
  double median;
  gboolean have_data;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-review: %s\n", error->message);
      return 2;
    }
  runs = MAX (runs, MIN_RUNS);
  if (data_dir == NULL)
    data_dir = g_build_filename (WD_SOURCE_ROOT, "tests", "data", "review", NULL);

  brief.source = g_string_new (NULL);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    brief.sections[k] = g_string_new (NULL);
  build_from_data (&brief, data_dir);
  if (wd_text_count_words (brief.source->str) < SOURCE_WORDS
      || brief_words (&brief) < BRIEF_WORDS)
    {
      g_printerr ("bench-review: too little labelled data in %s; generated text instead\n",
                  data_dir);
      g_string_truncate (brief.source, 0);
      for (int k = 0; k < WD_SECTION_N_KINDS; k++)
        g_string_truncate (brief.sections[k], 0);
      g_clear_pointer (&brief.headline, g_free);
      build_generated (&brief);
    }

  input.source_text = brief.source->str;
  input.headline = brief.headline;
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    input.sections[k] = brief.sections[k]->str;
  input.policy = WD_POLICY_SUMMARIZE;
  input.max_quote_words = -1;
  input.n_mentions = 1;

  /* One warm-up run, then the timed ones. */
  wd_review_report_free (wd_review_check (&input));
  for (int r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      WdReviewReport *report = wd_review_check (&input);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      n_failures = report->n_failures;
      wd_review_report_free (report);
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);
  median = g_array_index (times, double, times->len / 2);

  have_data = wd_fault_tally_run_dir (tally, data_dir, FALSE, &error);
  if (!have_data)
    g_printerr ("bench-review: %s\n", error->message);

  printf ("%-28s %10u\n", "source words", wd_text_count_words (brief.source->str));
  printf ("%-28s %10u\n", "brief words", brief_words (&brief));
  printf ("%-28s %10d\n", "runs", runs);
  printf ("%-28s %10.3f\n", "check ms (median)", median);
  printf ("%-28s %10.3f\n", "check ms (min)", g_array_index (times, double, 0));
  printf ("%-28s %10.3f\n", "check ms (max)", g_array_index (times, double, times->len - 1));
  printf ("%-28s %10u\n", "failures on the bench brief", n_failures);
  if (have_data)
    {
      for (guint k = 0; k < WD_FAULT_N_KINDS; k++)
        if (tally->injected[k] > 0)
          printf ("recall %-21s %4u/%-5u %.3f\n", wd_fault_kind_names[k], tally->caught[k],
                  tally->injected[k], (double) tally->caught[k] / tally->injected[k]);
      printf ("%-28s %10u\n", "faithful briefs", tally->n_briefs);
      printf ("%-28s %10u\n", "false failures", tally->false_failures);
    }
  printf ("{\"fault_recall\": %.3f, \"false_failures_per_brief\": %.3f, \"check_ms\": %.3f}\n",
          have_data ? wd_fault_tally_recall (tally) : 0.0,
          have_data ? wd_fault_tally_false_rate (tally) : 0.0, median);

  g_string_free (brief.source, TRUE);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    g_string_free (brief.sections[k], TRUE);
  g_free (brief.headline);
  return 0;
}
