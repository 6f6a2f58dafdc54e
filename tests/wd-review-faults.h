/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "review/wd-review.h"

G_BEGIN_DECLS

/*
 * Scores the review checks against the labelled set in tests/data/review
 * (one JSON file per source: a faithful brief and faults to inject into
 * it). Shared by tests/test-review-faults.c and the review benchmark.
 */

typedef enum {
  WD_FAULT_NUMBER,
  WD_FAULT_NAME,
  WD_FAULT_QUOTE,
  WD_FAULT_COPY,
  WD_FAULT_OUTSIDE,
  WD_FAULT_N_KINDS,
} WdFaultKind;

extern const char * const wd_fault_kind_names[WD_FAULT_N_KINDS];

typedef struct {
  guint injected[WD_FAULT_N_KINDS];
  guint caught[WD_FAULT_N_KINDS];
  guint n_briefs;
  guint false_failures;
  /* The longest source and faithful brief seen, for the benchmark. */
  char *longest_source;
} WdFaultTally;

WdFaultTally *wd_fault_tally_new        (void);
void          wd_fault_tally_free       (WdFaultTally  *tally);
/* Scores every *.json in @dir; with @verbose, each miss and false failure
 * goes to g_test_message(). FALSE when there is no data. */
gboolean      wd_fault_tally_run_dir    (WdFaultTally  *tally,
                                         const char    *dir,
                                         gboolean       verbose,
                                         GError       **error);
guint         wd_fault_tally_n_injected (const WdFaultTally *tally);
double        wd_fault_tally_recall     (const WdFaultTally *tally);
double        wd_fault_tally_false_rate (const WdFaultTally *tally);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdFaultTally, wd_fault_tally_free)

G_END_DECLS
