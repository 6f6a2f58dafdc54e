/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "import/wd-extract.h"

G_BEGIN_DECLS

/* Scores the extractor on the readability corpus exactly as its README
 * defines the metric. Shared by tests/test-extract.c (the regression guard)
 * and tests/bench/bench-extract.c. */

#define WD_SCORE_BASE_URL "http://fakehost/test/page.html"

typedef struct {
  char    *name;
  char    *html;            /* source.html */
  gsize    html_len;
  char    *expected_text;   /* expected.html through the same text walk */
  char    *title;           /* expected metadata; NULL where unknown */
  char    *byline;
  char    *site_name;
  char    *published;
  gboolean readerable;
} WdScorePage;

typedef struct {
  char    *name;
  gboolean empty;
  double   precision;
  double   recall;
  double   f1;
  int      title_ok;        /* 1 match, 0 miss, -1 nothing expected */
  int      byline_ok;
  int      site_name_ok;
  int      published_ok;
} WdScoreResult;

typedef struct {
  guint  pages;
  double precision;         /* mean over pages with output */
  double recall;            /* mean over all pages */
  double f1;
  guint  empty;             /* readerable pages with empty output */
  double title_match;
  double byline_match;
  double site_name_match;
  double published_match;
  guint  title_n, byline_n, site_name_n, published_n;
} WdScoreSummary;

char      *wd_score_corpus_dir   (const char *explicit_dir);
GPtrArray *wd_score_load_corpus  (const char  *dir,
                                  GError     **error);
void       wd_score_page_free    (WdScorePage *page);
void       wd_score_result_clear (WdScoreResult *result);
void       wd_score_page         (const WdScorePage  *page,
                                  const WdExtraction *extraction,
                                  WdScoreResult      *result);
void       wd_score_summarize    (const WdScorePage   *pages,
                                  const WdScoreResult *results,
                                  guint                n,
                                  WdScoreSummary      *summary);
/* Shared by both: the per-page results of one pass over @pages. */
WdScoreResult *wd_score_run      (GPtrArray      *pages,
                                  WdScoreSummary *summary);

G_END_DECLS
