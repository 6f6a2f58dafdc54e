/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "wd-test-util.h"
#include "review/wd-review.h"
#include "draft/wd-builtin.h"

/* A source with enough distinct sentences that grounding has something to
 * weigh. */
static const char *source_text =
  "Harbourton city council voted 31 to 17 on Tuesday night to introduce a weekday "
  "congestion charge for the old town.\n\n"
  "From 2 March 2027, drivers entering the zone between 7am and 7pm will pay £8.50 a day. "
  "Residents inside the boundary will get a 90 per cent discount. The council expects the "
  "charge to raise about £14 million a year, all of which must by law be spent on "
  "transport.\n\n"
  "Councillor Priya Raman, who chairs the transport committee, said the vote was overdue. "
  "\"We have spent two years counting cars and it is time to start counting breaths "
  "instead,\" she said.\n\n"
  "The scheme is opposed by the Old Town Traders' Association, which collected 6,200 "
  "signatures. The city hired 3 consultants from Meridian Transport Analytics, whose "
  "report put the cost of the new cameras at 1.2 billion euros over twenty years, an "
  "estimate of 12.5 per cent of the transport budget. Traffic is expected to fall by 40 "
  "percent. Revenue rose to $1,500 in the pilot.";

typedef struct {
  const char   *headline;
  const char   *sections[WD_SECTION_N_KINDS];
  WdPolicyKind  policy;
  int           max_quote_words;
  guint         n_mentions;
} Brief;

static const Brief good_brief = {
  "Harbourton votes for an old-town congestion charge",
  {
    "Harbourton's council voted 31 to 17 for a weekday congestion charge in the old town. "
    "Drivers will pay £8.50 a day from 2 March 2027, and residents get a 90 per cent "
    "discount.",
    "A charge whose revenue is locked into transport is easier to defend.",
    "",
    "Watch the boundary consultation and the cameras.",
  },
  WD_POLICY_SUMMARIZE, -1, 1,
};

static WdReviewReport *
check_brief (const Brief            *brief,
             const WdReviewCitation *citations,
             guint                   n_citations)
{
  WdReviewInput input = { 0, };

  input.source_text = source_text;
  input.headline = brief->headline;
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    input.sections[k] = brief->sections[k];
  input.policy = brief->policy;
  input.max_quote_words = brief->max_quote_words;
  input.n_mentions = brief->n_mentions;
  input.citations = citations;
  input.n_citations = n_citations;
  return wd_review_check (&input);
}

/* A brief like the good one with @text as its summary. */
static WdReviewReport *
check_summary (const char *text)
{
  Brief brief = good_brief;

  brief.sections[WD_SECTION_SUMMARY] = text;
  return check_brief (&brief, NULL, 0);
}

static guint
count_items (const WdReviewReport *report,
             const char           *check,
             WdReviewSeverity      severity)
{
  guint n = 0;

  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (g_str_equal (item->check, check) && item->severity == severity)
        n++;
    }
  return n;
}

static const WdReviewItem *
find_item (const WdReviewReport *report,
           const char           *check,
           WdReviewSeverity      severity)
{
  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (g_str_equal (item->check, check) && item->severity == severity)
        return item;
    }
  return NULL;
}

static void
assert_span (const WdReviewItem *item,
             const char         *text,
             const char         *expected)
{
  const char *at = strstr (text, expected);

  g_assert_nonnull (item);
  g_assert_nonnull (at);
  g_assert_cmpint (item->start, ==, at - text);
  g_assert_cmpint (item->end, ==, at - text + (gssize) strlen (expected));
}

static void
test_good_brief (void)
{
  g_autoptr(WdReviewReport) report = check_brief (&good_brief, NULL, 0);

  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (item->severity == WD_REVIEW_FAILURE)
        g_test_message ("unexpected failure %s: %s", item->check, item->message);
    }
  g_assert_cmpuint (report->n_failures, ==, 0);
  g_assert_true (wd_review_report_ok (report));
  /* Every summary, analyst_take and watch sentence is scored. */
  g_assert_cmpuint (report->grounding->len, ==, 4);
  g_assert_cmpuint (count_items (report, "headline", WD_REVIEW_PASS), ==, 1);
  /* context may be empty: a warning */
  g_assert_cmpuint (count_items (report, "section-empty", WD_REVIEW_WARNING), ==, 1);
}

static void
test_number_words (void)
{
  g_autoptr(WdReviewReport) same = check_summary ("The council hired three consultants from "
                                                  "Meridian Transport Analytics.");
  const char *wrong_text = "The council hired four consultants from Meridian Transport "
                           "Analytics.";
  g_autoptr(WdReviewReport) wrong = check_summary (wrong_text);

  g_assert_cmpuint (count_items (same, "unsupported-number", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (wrong, "unsupported-number", WD_REVIEW_FAILURE), ==, 1);
  assert_span (find_item (wrong, "unsupported-number", WD_REVIEW_FAILURE), wrong_text, "four");
}

static void
test_number_scales (void)
{
  const char *wrong_text = "The cameras will cost 1,300 million euros over 20 years.";
  g_autoptr(WdReviewReport) same = check_summary ("The cameras will cost 1,200 million euros "
                                                  "over 20 years, or €1.2bn.");
  g_autoptr(WdReviewReport) wrong = check_summary (wrong_text);
  g_autoptr(WdReviewReport) decimals = check_summary ("The cameras take 12,5 per cent of the "
                                                      "transport budget, and traffic falls "
                                                      "40 %; revenue was $1.5k.");
  g_autoptr(WdReviewReport) money = check_summary ("The charge raises about £14m a year.");
  g_autoptr(WdReviewReport) units = check_summary ("The cameras will cost 1.2 billion euros "
                                                   "over twenty months.");

  g_assert_cmpuint (count_items (same, "unsupported-number", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (wrong, "unsupported-number", WD_REVIEW_FAILURE), ==, 1);
  assert_span (find_item (wrong, "unsupported-number", WD_REVIEW_FAILURE), wrong_text,
               "1,300 million");
  g_assert_cmpuint (count_items (decimals, "unsupported-number", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (money, "unsupported-number", WD_REVIEW_FAILURE), ==, 0);
  /* Twenty years is not twenty months. */
  g_assert_cmpuint (count_items (units, "unsupported-number", WD_REVIEW_FAILURE), ==, 1);
}

static void
test_dates (void)
{
  const char *wrong_text = "Drivers pay from March 3, 2027.";
  g_autoptr(WdReviewReport) same = check_summary ("Drivers pay from March 2, 2027.");
  g_autoptr(WdReviewReport) wrong = check_summary (wrong_text);

  g_assert_cmpuint (count_items (same, "unsupported-number", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (wrong, "unsupported-number", WD_REVIEW_FAILURE), ==, 1);
  assert_span (find_item (wrong, "unsupported-number", WD_REVIEW_FAILURE), wrong_text,
               "3");
}

static void
test_names (void)
{
  const char *invented = "The charge was backed by councillor Priya Raman and by Martin "
                         "Holloway.";
  g_autoptr(WdReviewReport) initial = check_summary ("Meanwhile the council voted 31 to 17 "
                                                     "for the charge. Opponents collected "
                                                     "6,200 signatures.");
  g_autoptr(WdReviewReport) wrong = check_summary (invented);
  g_autoptr(WdReviewReport) variants = check_summary ("Raman's committee backed the charge; "
                                                      "the OTTA and the Harbourton council "
                                                      "disagree.");
  const WdReviewItem *item;

  /* "Meanwhile" and "Opponents" open their sentences. */
  g_assert_cmpuint (count_items (initial, "unsupported-name", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (wrong, "unsupported-name", WD_REVIEW_FAILURE), ==, 1);
  item = find_item (wrong, "unsupported-name", WD_REVIEW_FAILURE);
  assert_span (item, invented, "Martin Holloway");
  /* A possessive, and the initials of the Old Town Traders' Association */
  g_assert_cmpuint (count_items (variants, "unsupported-name", WD_REVIEW_FAILURE), ==, 0);
}

static void
test_quotes (void)
{
  const char *invented = "Raman said it was \"time to stop counting cars\".";
  g_autoptr(WdReviewReport) exact = check_summary ("Raman said it was “time to start "
                                                   "counting breaths instead”.");
  g_autoptr(WdReviewReport) wrong = check_summary (invented);

  g_assert_cmpuint (count_items (exact, "unsupported-quote", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (wrong, "unsupported-quote", WD_REVIEW_FAILURE), ==, 1);
  assert_span (find_item (wrong, "unsupported-quote", WD_REVIEW_FAILURE), invented,
               "\"time to stop counting cars\"");
}

static void
test_quote_length (void)
{
  /* 16 words quoted from the source: no copy failure, and within a limit
   * of 16, but not of 15. */
  const char *text = "Raman said: \"We have spent two years counting cars and it is time to "
                     "start counting breaths instead.\"";
  Brief brief = good_brief;
  g_autoptr(WdReviewReport) within = NULL;
  g_autoptr(WdReviewReport) over = NULL;

  brief.sections[WD_SECTION_SUMMARY] = text;
  brief.max_quote_words = 16;
  within = check_brief (&brief, NULL, 0);
  brief.max_quote_words = 15;
  over = check_brief (&brief, NULL, 0);

  g_assert_cmpuint (count_items (within, "quote-length", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (within, "unsupported-quote", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (within, "copy-run", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (within->longest_run, <, 5);
  g_assert_cmpuint (count_items (over, "quote-length", WD_REVIEW_FAILURE), ==, 1);
}

static void
test_copy_run (void)
{
  /* 20 words of the source ("£8.50" is two), unquoted. */
  const char *copied = "the zone between 7am and 7pm will pay £8.50 a day. Residents inside "
                       "the boundary will get a 90";
  g_autofree char *text = g_strdup_printf ("The council agreed the charge. %s, it says.",
                                           copied);
  g_autoptr(WdReviewReport) report = check_summary (text);
  const WdReviewItem *item = find_item (report, "copy-run", WD_REVIEW_FAILURE);

  g_assert_cmpuint (report->longest_run, ==, 20);
  assert_span (item, text, copied);
  g_assert_cmpint (item->source_start, ==, strstr (source_text, "the zone") - source_text);
  g_assert_cmpint (item->source_end, ==, strstr (source_text, "get a 90") + 8 - source_text);
  /* 20 of the draft's 28 words are in long runs. */
  g_assert_cmpfloat (report->copied_share, >, 0.10);
  g_assert_cmpuint (count_items (report, "copy-share", WD_REVIEW_FAILURE), ==, 1);
}

/* A publisher may allow more (or less) than the defaults. */
static void
test_copy_policy_limits (void)
{
  const char *copied = "the zone between 7am and 7pm will pay £8.50 a day. Residents inside "
                       "the boundary will get a 90";
  g_autofree char *text = g_strdup_printf ("The council agreed the charge. %s, it says.",
                                           copied);
  WdReviewInput input = { 0, };
  g_autoptr(WdReviewReport) lenient = NULL;
  g_autoptr(WdReviewReport) strict = NULL;
  const WdReviewItem *share;

  input.source_text = source_text;
  input.headline = good_brief.headline;
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    input.sections[k] = good_brief.sections[k];
  input.sections[WD_SECTION_SUMMARY] = text;
  input.max_quote_words = -1;
  input.n_mentions = 1;

  /* Runs up to 25 words and three quarters of the brief: the 20 words pass. */
  input.max_run_words = 25;
  input.max_copied_percent = 75;
  lenient = wd_review_check (&input);
  g_assert_cmpuint (count_items (lenient, "copy-run", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (lenient, "copy-share", WD_REVIEW_FAILURE), ==, 0);

  /* A share of 5 %: the failure names that limit. */
  input.max_run_words = 25;
  input.max_copied_percent = 5;
  strict = wd_review_check (&input);
  share = find_item (strict, "copy-share", WD_REVIEW_FAILURE);
  g_assert_nonnull (strstr (share->message, "at most 5 % allowed"));
}

static void
test_short_runs_pass (void)
{
  g_autoptr(WdReviewReport) report = check_brief (&good_brief, NULL, 0);

  g_assert_cmpuint (report->longest_run, <=, 12);
  g_assert_cmpuint (count_items (report, "copy-run", WD_REVIEW_PASS), ==, 1);
  g_assert_cmpuint (count_items (report, "copy-share", WD_REVIEW_PASS), ==, 1);
}

static void
test_grounding (void)
{
  const char *claim = "The mayor resigned after a corruption inquiry into airport contracts.";
  g_autofree char *text = g_strdup_printf ("The council voted 31 to 17 for the charge. %s",
                                           claim);
  g_autoptr(WdReviewReport) summary = check_summary (text);
  Brief brief = good_brief;
  g_autoptr(WdReviewReport) opinion = NULL;

  g_assert_cmpuint (count_items (summary, "grounding", WD_REVIEW_FAILURE), ==, 1);
  assert_span (find_item (summary, "grounding", WD_REVIEW_FAILURE), text, claim);

  /* A ranking the supporting sentences do not make */
  {
    g_autoptr(WdReviewReport) ranking = check_summary ("Harbourton's congestion charge is "
                                                       "the largest in the region.");
    g_autoptr(WdReviewReport) plain = check_summary ("Harbourton's congestion charge is "
                                                     "the talk of the region.");

    g_assert_cmpuint (count_items (ranking, "grounding", WD_REVIEW_FAILURE), ==, 1);
    g_assert_cmpuint (count_items (plain, "grounding", WD_REVIEW_FAILURE), ==, 0);
  }

  brief.sections[WD_SECTION_ANALYST_TAKE] = "Voters rarely forgive leaders who ignore "
                                            "shopkeepers.";
  opinion = check_brief (&brief, NULL, 0);
  g_assert_cmpuint (count_items (opinion, "grounding", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (opinion, "grounding", WD_REVIEW_INFO), ==, 1);
}

static void
test_markdown (void)
{
  Brief brief = good_brief;
  g_autofree char *summary = g_strdup_printf ("%s\n\n- **Harbourton's** council voted 31 "
                                              "to 17 for the _weekday_ charge.\n- Residents "
                                              "get a 90 per cent discount.",
                                              WD_BUILTIN_MARKER);
  g_autoptr(WdReviewReport) report = NULL;

  brief.sections[WD_SECTION_SUMMARY] = summary;
  report = check_brief (&brief, NULL, 0);
  g_assert_cmpuint (report->n_failures, ==, 0);
}

static void
test_citations (void)
{
  const WdReviewCitation cited[] = {
    { 7, "Harbourton consults on the congestion zone",
      "The council launched a consultation on a congestion zone in 2024." },
  };
  const char *missing_text = "The charge was first floated in 2024 [[brief:99]].";
  Brief brief = good_brief;
  g_autoptr(WdReviewReport) resolved = NULL;
  g_autoptr(WdReviewReport) unresolved = NULL;
  g_autoptr(WdReviewReport) unrelated = NULL;

  brief.sections[WD_SECTION_CONTEXT] = "A congestion consultation began in 2024 [[brief:7]].";
  resolved = check_brief (&brief, cited, G_N_ELEMENTS (cited));
  /* 2024 is in the cited brief, not in the source: fine in context. */
  g_assert_cmpuint (resolved->n_failures, ==, 0);
  g_assert_cmpuint (count_items (resolved, "citation", WD_REVIEW_PASS), ==, 1);
  g_assert_cmpuint (count_items (resolved, "citation", WD_REVIEW_WARNING), ==, 0);

  brief.sections[WD_SECTION_CONTEXT] = missing_text;
  unresolved = check_brief (&brief, cited, G_N_ELEMENTS (cited));
  g_assert_cmpuint (count_items (unresolved, "citation", WD_REVIEW_FAILURE), ==, 1);
  assert_span (find_item (unresolved, "citation", WD_REVIEW_FAILURE), missing_text,
               "[[brief:99]]");
  g_assert_false (wd_review_report_ok (unresolved));

  brief.sections[WD_SECTION_CONTEXT] = "Rival towns watched closely [[brief:7]].";
  unrelated = check_brief (&brief, cited, G_N_ELEMENTS (cited));
  g_assert_cmpuint (count_items (unrelated, "citation", WD_REVIEW_WARNING), ==, 1);
}

static void
test_policies (void)
{
  Brief brief = good_brief;
  g_autoptr(WdReviewReport) link_only = NULL;
  g_autoptr(WdReviewReport) link_only_empty = NULL;
  g_autoptr(WdReviewReport) excluded = NULL;

  brief.policy = WD_POLICY_LINK_ONLY;
  link_only = check_brief (&brief, NULL, 0);
  g_assert_cmpuint (count_items (link_only, "policy", WD_REVIEW_FAILURE), ==, 1);

  brief.sections[WD_SECTION_SUMMARY] = "";
  link_only_empty = check_brief (&brief, NULL, 0);
  g_assert_cmpuint (count_items (link_only_empty, "policy", WD_REVIEW_FAILURE), ==, 0);
  g_assert_cmpuint (count_items (link_only_empty, "section-empty", WD_REVIEW_FAILURE), ==, 0);

  brief = good_brief;
  brief.policy = WD_POLICY_EXCLUDED;
  excluded = check_brief (&brief, NULL, 0);
  g_assert_cmpuint (count_items (excluded, "policy", WD_REVIEW_FAILURE), ==, 1);
}

static void
test_preflight (void)
{
  Brief brief = good_brief;
  g_autoptr(WdReviewReport) report = NULL;
  const WdReviewItem *item;

  brief.headline = "  ";
  brief.sections[WD_SECTION_WATCH] = NULL;
  brief.n_mentions = 0;
  report = check_brief (&brief, NULL, 0);

  g_assert_cmpuint (count_items (report, "headline", WD_REVIEW_FAILURE), ==, 1);
  g_assert_cmpuint (count_items (report, "mentions", WD_REVIEW_FAILURE), ==, 1);
  g_assert_cmpuint (count_items (report, "section-empty", WD_REVIEW_FAILURE), ==, 1);
  item = find_item (report, "section-empty", WD_REVIEW_FAILURE);
  g_assert_cmpint (item->section, ==, WD_SECTION_WATCH);
  g_assert_cmpint (item->start, ==, -1);
  /* The headline's items come first. */
  item = g_ptr_array_index (report->items, 0);
  g_assert_cmpint (item->section, ==, WD_REVIEW_SECTION_HEADLINE);
}

/* Odd input must give a report, not a crash: nothing at all, markup only,
 * unclosed quotations and markers, runaway figures. */
static void
test_odd_input (void)
{
  static const char * const texts[] = {
    "",
    "**  **\n\n- \n1. ",
    "He said “never closed, and then \"half of it",
    "See [[brief:]] and [[brief:12 and [[brief:0]].",
    "1,2,3,4,5,6,7,8,9,10,11,12 and 123456789012345678901234567890123456789 and 1.2.3.4.",
    "€ $ £m 40m% percent per cent twenty-, hundred and thousand million.",
    "...\u2026 \u201e\u201c \u00ab\u00bb \"\"",
    "Ünïcödé Ñame said Zoë Brandão's Jógvan Hansen met José in São Paulo.",
  };
  WdReviewInput input = { 0, };
  g_autoptr(WdReviewReport) empty = NULL;

  empty = wd_review_check (&input);
  g_assert_cmpuint (count_items (empty, "headline", WD_REVIEW_FAILURE), ==, 1);
  g_assert_cmpuint (empty->longest_run, ==, 0);

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      Brief brief = good_brief;
      g_autoptr(WdReviewReport) report = NULL;

      for (int k = 0; k < WD_SECTION_N_KINDS; k++)
        brief.sections[k] = texts[i];
      brief.headline = texts[i];
      report = check_brief (&brief, NULL, 0);
      g_assert_nonnull (report);
      for (guint j = 0; j < report->items->len; j++)
        {
          const WdReviewItem *item = g_ptr_array_index (report->items, j);

          g_assert_cmpint (item->end, <=, (gssize) strlen (texts[i]));
          g_assert_cmpint (item->start, <=, item->end);
          g_assert_true (item->message != NULL && *item->message != '\0');
        }
    }
}

static void
test_check_brief (void)
{
  g_autofree char *path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdReviewReport) report = NULL;
  g_autoptr(WdReviewReport) link_only = NULL;
  g_autoptr(WdMention) mention = NULL;
  g_autofree char *context = NULL;
  gint64 earlier, brief_id;

  earlier = wd_test_add_source (store, "Harbourton consults on a congestion zone",
                                "https://news.example.org/earlier", "Evening Post",
                                "The council launched a consultation on a congestion zone "
                                "in 2024.");
  brief_id = wd_test_add_source (store, "Harbourton approves congestion charge",
                                 "https://news.example.org/charge", "Evening Post",
                                 source_text);
  wd_store_set_headline (store, brief_id, good_brief.headline, &error);
  g_assert_no_error (error);
  context = g_strdup_printf ("A congestion consultation began in 2024 [[brief:%" G_GINT64_FORMAT
                             "]] and in 2023 [[brief:999]].", earlier);
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    {
      const char *text = k == WD_SECTION_CONTEXT ? context : good_brief.sections[k];
      WdRevisionInfo info = WD_REVISION_INFO_EDITOR;

      wd_store_add_revision (store, brief_id, k, text, &info, &error);
      g_assert_no_error (error);
    }
  mention = wd_store_ensure_mention (store, "Harbourton", WD_MENTION_PLACE, &error);
  g_assert_no_error (error);
  wd_store_attach_mention (store, brief_id, wd_mention_get_id (mention), WD_ORIGIN_EDITOR,
                           &error);
  g_assert_no_error (error);

  report = wd_review_check_brief (store, brief_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  /* The earlier brief resolves and backs 2024; brief 999 does not exist,
   * and 2023 is in neither. */
  g_assert_cmpuint (count_items (report, "citation", WD_REVIEW_FAILURE), ==, 1);
  g_assert_cmpuint (count_items (report, "unsupported-number", WD_REVIEW_FAILURE), ==, 1);
  g_assert_cmpuint (count_items (report, "mentions", WD_REVIEW_PASS), ==, 1);
  g_assert_cmpuint (count_items (report, "policy", WD_REVIEW_PASS), ==, 1);
  g_assert_cmpuint (count_items (report, "source-link", WD_REVIEW_PASS), ==, 1);

  /* Pasted text has no page to link back to: the brief cannot go out as
   * it is. */
  {
    gint64 pasted = wd_test_add_source (store, "Harbourton approves congestion charge",
                                        "urn:sha256:0c1d",
                                        "Evening Post", "The council approved a charge.");
    g_autoptr(WdReviewReport) unlinked = wd_review_check_brief (store, pasted, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (count_items (unlinked, "source-link", WD_REVIEW_FAILURE), ==, 1);
    g_assert_false (wd_review_report_ok (unlinked));
  }

  wd_store_set_policy (store, "news.example.org", WD_POLICY_LINK_ONLY, -1, NULL, &error);
  g_assert_no_error (error);
  link_only = wd_review_check_brief (store, brief_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_items (link_only, "policy", WD_REVIEW_FAILURE), ==, 1);

  g_assert_null (wd_review_check_brief (store, 4242, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/review/good-brief", test_good_brief);
  g_test_add_func ("/review/numbers/words", test_number_words);
  g_test_add_func ("/review/numbers/scales", test_number_scales);
  g_test_add_func ("/review/numbers/dates", test_dates);
  g_test_add_func ("/review/names", test_names);
  g_test_add_func ("/review/quotes/exact", test_quotes);
  g_test_add_func ("/review/quotes/length", test_quote_length);
  g_test_add_func ("/review/copy/run", test_copy_run);
  g_test_add_func ("/review/copy/short", test_short_runs_pass);
  g_test_add_func ("/review/copy/policy-limits", test_copy_policy_limits);
  g_test_add_func ("/review/grounding", test_grounding);
  g_test_add_func ("/review/markdown", test_markdown);
  g_test_add_func ("/review/citations", test_citations);
  g_test_add_func ("/review/policies", test_policies);
  g_test_add_func ("/review/preflight", test_preflight);
  g_test_add_func ("/review/odd-input", test_odd_input);
  g_test_add_func ("/review/check-brief", test_check_brief);

  return g_test_run ();
}
