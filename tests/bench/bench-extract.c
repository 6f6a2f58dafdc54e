/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-extract: runs the article extractor over the readability corpus
 * (../shared/corpora/readability) and scores it as the corpus README
 * defines: 4-word shingles of the body against expected.html, precision
 * over pages with output, recall over all pages, F1 of the two means; the
 * title, byline, site name and published time where the corpus has them;
 * empty outputs on readerable pages; and pages per second on one core
 * (extraction only, CPU time, the median of three passes).
 *
 *   bench-extract [CORPUS_DIR]        (or $WIREDESK_CORPUS)
 *
 * stdout gets a table, the ten pages with the worst F1 and, as its last
 * line, one JSON object with the figures (docs/benchmarks.md keeps them).
 */
#define G_LOG_DOMAIN "wd-bench-extract"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wd-test-util.h"
#include "wd-extract-score.h"

#define N_PASSES 3
#define N_WORST 10

/* CPU time of this process: "pages per second on one core" should not
 * depend on what else the machine is doing. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
compare_f1 (const void *a,
            const void *b)
{
  const WdScoreResult *x = *(const WdScoreResult * const *) a;
  const WdScoreResult *y = *(const WdScoreResult * const *) b;

  return x->f1 < y->f1 ? -1 : x->f1 > y->f1;
}

static const char *
mark (int ok)
{
  return ok < 0 ? "." : ok ? "y" : "n";
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *dir = NULL;
  g_autofree WdScoreResult *results = NULL;
  g_autofree const WdScoreResult **sorted = NULL;
  WdScoreSummary summary;
  double seconds[N_PASSES];
  double pages_per_s;

  if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
    {
      g_printerr ("Usage: bench-extract [CORPUS_DIR]\n");
      return 2;
    }
  if (g_getenv ("WIREDESK_SOURCE_ROOT") == NULL)
    g_setenv ("WIREDESK_SOURCE_ROOT", WD_SOURCE_ROOT, TRUE);

  dir = wd_score_corpus_dir (argc == 2 ? argv[1] : NULL);
  pages = wd_score_load_corpus (dir, &error);
  if (pages == NULL)
    {
      g_printerr ("bench-extract: Could not read the corpus in %s (%s); pass its directory "
                  "or set WIREDESK_CORPUS.\n", dir, error->message);
      return 1;
    }

  /* Speed: extraction alone, each pass over every page. */
  for (guint pass = 0; pass < N_PASSES; pass++)
    {
      double start = cpu_seconds ();

      for (guint i = 0; i < pages->len; i++)
        {
          WdScorePage *page = g_ptr_array_index (pages, i);
          g_autoptr(WdExtraction) extraction = NULL;

          extraction = wd_extract_html (page->html, page->html_len, WD_SCORE_BASE_URL, NULL);
        }
      seconds[pass] = cpu_seconds () - start;
      g_printerr ("pass %u: %.3f s of CPU\n", pass + 1, seconds[pass]);
    }
  qsort (seconds, N_PASSES, sizeof (double), compare_doubles);
  pages_per_s = pages->len / seconds[N_PASSES / 2];

  results = wd_score_run (pages, &summary);

  printf ("%-44s %6s %6s %6s  %s\n", "page", "prec", "recall", "f1", "title byline site date");
  for (guint i = 0; i < pages->len; i++)
    {
      const WdScoreResult *r = &results[i];

      printf ("%-44s %6.3f %6.3f %6.3f  %s %s %s %s%s\n", r->name, r->precision, r->recall,
              r->f1, mark (r->title_ok), mark (r->byline_ok), mark (r->site_name_ok),
              mark (r->published_ok), r->empty ? "  EMPTY" : "");
    }

  printf ("\n%-28s %8s\n", "figure", "value");
  printf ("%-28s %8u\n", "pages", summary.pages);
  printf ("%-28s %8.4f\n", "precision (pages w/ output)", summary.precision);
  printf ("%-28s %8.4f\n", "recall (all pages)", summary.recall);
  printf ("%-28s %8.4f\n", "F1", summary.f1);
  printf ("%-28s %8u\n", "empty (readerable pages)", summary.empty);
  printf ("%-28s %7.1f%% of %u\n", "title match", 100 * summary.title_match, summary.title_n);
  printf ("%-28s %7.1f%% of %u\n", "byline match", 100 * summary.byline_match,
          summary.byline_n);
  printf ("%-28s %7.1f%% of %u\n", "site name match", 100 * summary.site_name_match,
          summary.site_name_n);
  printf ("%-28s %7.1f%% of %u\n", "published match", 100 * summary.published_match,
          summary.published_n);
  printf ("%-28s %8.1f\n", "pages/s (one core, median)", pages_per_s);

  sorted = g_new0 (const WdScoreResult *, MAX (pages->len, 1));
  for (guint i = 0; i < pages->len; i++)
    sorted[i] = &results[i];
  qsort (sorted, pages->len, sizeof (*sorted), compare_f1);
  printf ("\nworst F1:\n");
  for (guint i = 0; i < MIN (N_WORST, pages->len); i++)
    printf ("  %-44s f1 %.3f  precision %.3f  recall %.3f\n", sorted[i]->name, sorted[i]->f1,
            sorted[i]->precision, sorted[i]->recall);

  printf ("\n{\"pages\": %u, \"precision\": %.4f, \"recall\": %.4f, \"f1\": %.4f, "
          "\"empty\": %u, \"title_match\": %.4f, \"byline_match\": %.4f, "
          "\"site_name_match\": %.4f, \"published_match\": %.4f, \"pages_per_s\": %.1f}\n",
          summary.pages, summary.precision, summary.recall, summary.f1, summary.empty,
          summary.title_match, summary.byline_match, summary.site_name_match,
          summary.published_match, pages_per_s);

  for (guint i = 0; i < pages->len; i++)
    wd_score_result_clear (&results[i]);
  return 0;
}
