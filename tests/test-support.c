/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-support"

#include <string.h>

#include "review/wd-support.h"
#include "wd-test-util.h"

#define SOURCE \
  "# Harbour plan\n\n" \
  "The Harbour Board approved a plan on Thursday to electrify the quays where ferries dock.\n\n" \
  "Residents of the old town have complained for years about smoke and noise.\n\n" \
  "The first two berths will be connected next year, paid for by a levy of two euros on " \
  "every ticket.\n\n" \
  "Anna Berg, who chairs the board, said the levy would end once the work is paid for."

static char *
span_text (const WdSupportSpan *span)
{
  return g_strndup (SOURCE + span->start, span->end - span->start);
}

/* The sentence a draft sentence draws on comes first, with its exact
 * place in the source; names and numbers weigh most. */
static void
test_find (void)
{
  g_autoptr(WdSupportIndex) index = wd_support_index_new (SOURCE);
  g_autoptr(GArray) levy = NULL;
  g_autoptr(GArray) berg = NULL;
  g_autoptr(GArray) nothing = NULL;
  g_autofree char *first = NULL;
  g_autofree char *chair = NULL;

  g_assert_cmpuint (wd_support_index_get_n_sentences (index), >=, 4);

  levy = wd_support_find (index, "A two-euro ticket levy pays for the first two berths.", 3,
                          0.2);
  g_assert_cmpuint (levy->len, >=, 1);
  first = span_text (&g_array_index (levy, WdSupportSpan, 0));
  g_assert_cmpstr (first, ==, "The first two berths will be connected next year, paid for by a "
                              "levy of two euros on every ticket.");

  berg = wd_support_find (index, "Anna Berg says the levy ends when the work is paid.", 1, 0.2);
  g_assert_cmpuint (berg->len, ==, 1);
  chair = span_text (&g_array_index (berg, WdSupportSpan, 0));
  g_assert_true (g_str_has_prefix (chair, "Anna Berg, who chairs the board"));
  g_assert_cmpfloat (g_array_index (berg, WdSupportSpan, 0).score, >, 0.5);

  nothing = wd_support_find (index, "Volcanoes erupted on Jupiter's moons.", 3, 0.2);
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(WdSupportIndex) index = wd_support_index_new ("");
  g_autoptr(GArray) spans = wd_support_find (index, "Anything at all.", 3, 0);

  g_assert_cmpuint (spans->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/support/find", test_find);
  g_test_add_func ("/support/empty", test_empty);

  return g_test_run ();
}
