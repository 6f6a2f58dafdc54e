/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-text"

#include "text/wd-diff.h"
#include "wd-test-util.h"
#include "text/wd-text.h"

static char *
join (GPtrArray *array)
{
  g_ptr_array_add (array, NULL);
  return g_strjoinv ("|", (char **) array->pdata);
}

static void
assert_tokens (const char *text,
               const char *expected)
{
  g_autoptr(GPtrArray) tokens = wd_text_tokenize (text);
  g_autofree char *joined = join (tokens);

  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_sentences (const char *text,
                  const char *expected)
{
  g_autoptr(GPtrArray) sentences = wd_text_split_sentences (text);
  g_autofree char *joined = join (sentences);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_tokenize (void)
{
  assert_tokens ("", "");
  assert_tokens ("  ,.;  ", "");
  assert_tokens ("Hello, world!", "Hello|world");
  assert_tokens ("snake_case and don't 3.5%", "snake_case|and|don|t|3|5");
  /* Accents (precomposed and combining), Cyrillic, Arabic, Hebrew */
  assert_tokens ("Café cafe\xcc\x81 déjà-vu", "Café|cafe\xcc\x81|déjà|vu");
  assert_tokens ("Привет, мир", "Привет|мир");
  assert_tokens ("مرحبا بالعالم", "مرحبا|بالعالم");
  assert_tokens ("שלום עולם", "שלום|עולם");
  /* CJK has no spaces: a run is one token, broken by its punctuation */
  assert_tokens ("日本語の文章。次の文", "日本語の文章|次の文");
  /* No-break spaces and dashes separate words; emoji are not words */
  assert_tokens ("a\xc2\xa0" "b\xe2\x80\x94" "c \xf0\x9f\x98\x80 d", "a|b|c|d");
  g_assert_cmpuint (wd_text_count_words ("one two  three\nfour"), ==, 4);
  g_assert_cmpuint (wd_text_count_words (""), ==, 0);
}

static void
test_normalize_whitespace (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "", "" },
    { "   ", "" },
    { "a", "a" },
    { "  a \t\n b  ", "a b" },
    { "a\xc2\xa0\xc2\xa0" "b", "a b" },
    { "x\xe2\x80\x8by", "xy" },
    { "\xe2\x80\x83" "em space\xe3\x80\x80ideographic", "em space ideographic" },
    { "שלום   עולם", "שלום עולם" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = wd_text_normalize_whitespace (cases[i].in);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_sentences (void)
{
  assert_sentences ("", "");
  assert_sentences ("One. Two! Three? Four", "One.|Two!|Three?|Four");
  assert_sentences ("Dr. Smith met Mr. Jones at 3 p.m. on Friday. Then he left.",
                    "Dr. Smith met Mr. Jones at 3 p.m. on Friday.|Then he left.");
  assert_sentences ("The U.S. economy grew 3.5 percent. Analysts, e.g. Jane, agreed.",
                    "The U.S. economy grew 3.5 percent.|Analysts, e.g. Jane, agreed.");
  assert_sentences ("He said \"Stop.\" She left.", "He said \"Stop.\"|She left.");
  assert_sentences ("(It rained.) We stayed.", "(It rained.)|We stayed.");
  assert_sentences ("He said “no.” Then “yes?” Done",
                    "He said “no.”|Then “yes?”|Done");
  assert_sentences ("Wait... what? Well... Then it ended.",
                    "Wait... what?|Well...|Then it ended.");
  assert_sentences ("J. R. R. Tolkien wrote it. Apple Inc. Shares rose.",
                    "J. R. R. Tolkien wrote it.|Apple Inc.|Shares rose.");
  assert_sentences ("Visit example.com today. Ok", "Visit example.com today.|Ok");
  assert_sentences ("今天下雨。明天晴天！真的吗？好", "今天下雨。|明天晴天！|真的吗？|好");
  assert_sentences ("他说：「好。」然后走了。", "他说：「好。」|然后走了。");
  assert_sentences ("First paragraph without stop\n\nSecond one",
                    "First paragraph without stop|Second one");
  assert_sentences ("Line one\ncontinues here.", "Line one continues here.");
}

static void
test_shingles (void)
{
  g_autoptr(GPtrArray) shingles = wd_text_shingles ("a b c d e", 4);
  g_autoptr(GPtrArray) short_shingles = wd_text_shingles ("only two", 4);
  g_autoptr(GPtrArray) none = wd_text_shingles (" , ", 4);
  g_autoptr(GHashTable) a = NULL;
  g_autoptr(GHashTable) b = NULL;
  guint n_a, n_b;

  g_assert_cmpuint (shingles->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (shingles, 0), ==, "a b c d");
  g_assert_cmpstr (g_ptr_array_index (shingles, 1), ==, "b c d e");
  g_assert_cmpuint (short_shingles->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (short_shingles, 0), ==, "only two");
  g_assert_cmpuint (none->len, ==, 0);

  /* Repeats count: "x y" repeated gives the shingle "x y x y" twice. */
  a = wd_text_shingle_counts ("x y x y x y z", 4, &n_a);
  b = wd_text_shingle_counts ("x y x y, then z", 4, &n_b);
  g_assert_cmpuint (n_a, ==, 4);
  g_assert_cmpuint (n_b, ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (a, "x y x y")), ==, 2);
  g_assert_cmpuint (wd_text_shingle_overlap (a, b), ==, 1);
  g_assert_cmpuint (wd_text_shingle_overlap (b, a), ==, 1);
  g_assert_cmpuint (wd_text_shingle_overlap (a, a), ==, 4);
}

/* The diff as "=kept -gone +new" chunks, for comparing. */
static char *
diff_string (const char *a,
             const char *b)
{
  g_autoptr(GPtrArray) chunks = wd_text_diff_words (a, b);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < chunks->len; i++)
    {
      WdDiffChunk *chunk = g_ptr_array_index (chunks, i);

      g_string_append_c (out, chunk->op == WD_DIFF_EQUAL ? '='
                              : chunk->op == WD_DIFF_DELETE ? '-' : '+');
      g_string_append (out, chunk->text);
      g_string_append_c (out, '|');
    }
  return g_string_free (out, FALSE);
}

static void
test_diff (void)
{
  g_autofree char *changed = diff_string ("The council voted on Tuesday.",
                                          "The city council voted on Monday.");
  g_autofree char *same = diff_string ("One two three.", "One two three.");
  g_autofree char *empty = diff_string ("", "New text");
  g_autofree char *gone = diff_string ("Old text", NULL);

  g_assert_cmpstr (changed, ==, "=The |+city |=council voted on |-Tuesday|+Monday|=.|");
  g_assert_cmpstr (same, ==, "=One two three.|");
  g_assert_cmpstr (empty, ==, "+New text|");
  g_assert_cmpstr (gone, ==, "-Old text|");

  /* Rewritten shares: untouched, a third cut, as much again added, all new. */
  g_assert_cmpfloat_with_epsilon (wd_text_edit_share ("a b c", "a b c"), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (wd_text_edit_share ("one two three", "one three"), 1.0 / 3,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (wd_text_edit_share ("one two", "one two three four"), 0.5,
                                  1e-9);
  g_assert_cmpfloat_with_epsilon (wd_text_edit_share ("alpha beta", "gamma delta"), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (wd_text_edit_share (NULL, "typed"), 0.0, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/text/tokenize", test_tokenize);
  g_test_add_func ("/text/normalize-whitespace", test_normalize_whitespace);
  g_test_add_func ("/text/sentences", test_sentences);
  g_test_add_func ("/text/diff", test_diff);
  g_test_add_func ("/text/shingles", test_shingles);

  return g_test_run ();
}
