/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The review checks against the labelled set in tests/data/review: every
 * faithful brief should pass, every variant with an injected fault should
 * fail where the fault is. The figures the issue promises are asserted;
 * each miss and false failure is printed so it can be studied.
 */
#include <string.h>

#include <json-glib/json-glib.h>

#include "wd-test-util.h"
#include "review/wd-review.h"
#include "wd-review-faults.h"

static void
test_dataset (void)
{
  g_autoptr(WdFaultTally) tally = wd_fault_tally_new ();
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "review", NULL);
  g_autoptr(GError) error = NULL;

  if (!wd_fault_tally_run_dir (tally, dir, TRUE, &error))
    {
      g_test_skip (error->message);
      return;
    }

  for (guint k = 0; k < WD_FAULT_N_KINDS; k++)
    if (tally->injected[k] > 0)
      g_test_message ("recall %-8s %u/%u = %.3f", wd_fault_kind_names[k], tally->caught[k],
                      tally->injected[k], (double) tally->caught[k] / tally->injected[k]);
  g_test_message ("overall recall %.3f over %u faults; %u false failures over %u faithful "
                  "briefs (%.3f per brief)", wd_fault_tally_recall (tally),
                  wd_fault_tally_n_injected (tally), tally->false_failures, tally->n_briefs,
                  wd_fault_tally_false_rate (tally));

  g_assert_cmpuint (tally->n_briefs, >, 0);
  g_assert_cmpfloat (wd_fault_tally_recall (tally), >=, 0.95);
  g_assert_cmpfloat (wd_fault_tally_false_rate (tally), <=, 0.1);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/review/faults/dataset", test_dataset);

  return g_test_run ();
}
