/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-review"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-review.h"
#include "wd-review-private.h"
#include "text/wd-text.h"

/*
 * The review checks: wd_review_check() builds the references and sections
 * (wd-review-text.c), runs the grounding (wd-review-grounding.c), the
 * unsupported specifics (wd-review-specifics.c), the citations and the copy
 * guard (here), then the preflight, and sorts the items by place.
 */

G_DEFINE_QUARK (wd-review-error-quark, wd_review_error)

/* Report items */

static void
item_free (WdReviewItem *item)
{
  g_free (item->message);
  g_free (item);
}

void
wd_review_add_item (Check            *check,
                    const char       *id,
                    WdReviewSeverity  severity,
                    int               section,
                    gssize            start,
                    gssize            end,
                    gssize            source_start,
                    gssize            source_end,
                    char             *message)
{
  WdReviewItem *item = g_new0 (WdReviewItem, 1);

  item->check = id;
  item->severity = severity;
  item->section = section;
  item->start = start;
  item->end = end;
  item->source_start = source_start;
  item->source_end = source_end;
  item->message = message;
  g_ptr_array_add (check->report->items, item);
  if (severity == WD_REVIEW_FAILURE)
    check->report->n_failures++;
  else if (severity == WD_REVIEW_WARNING)
    check->report->n_warnings++;
}

void
wd_review_add_whole (Check            *check,
                     const char       *id,
                     WdReviewSeverity  severity,
                     int               section,
                     char             *message)
{
  wd_review_add_item (check, id, severity, section, -1, -1, -1, -1, message);
}

/* Citations */

static void
check_citations (Check *check)
{
  guint n_markers = 0, n_unresolved = 0;

  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      Section *section = &check->sections[kind];

      for (guint i = 0; i < section->markers->len; i++)
        {
          const Marker *marker = &g_array_index (section->markers, Marker, i);
          const WdReviewCitation *cited = NULL;
          const Range *sentence;
          g_autoptr(GArray) words = NULL;
          Reference ref;
          gboolean shared = FALSE;
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, marker->id);

          n_markers++;
          for (guint c = 0; c < check->input->n_citations; c++)
            if (check->input->citations[c].id == marker->id)
              cited = &check->input->citations[c];
          if (cited == NULL)
            {
              n_unresolved++;
              wd_review_add_item (check, "citation", WD_REVIEW_FAILURE, kind,
                                  marker->start, marker->end, -1, -1,
                                  /* Translators: %s is a brief's number */
                                  g_strdup_printf (_("Brief %s is not in the archive; fix or "
                                                     "remove the citation."), id));
              continue;
            }

          sentence = wd_review_sentence_at (section, marker->start);
          if (sentence == NULL)
            {
              /* A marker after the sentence's full stop belongs to it. */
              for (guint s = 0; s < section->sentences->len; s++)
                if (g_array_index (section->sentences, Range, s).end <= marker->start)
                  sentence = &g_array_index (section->sentences, Range, s);
            }
          if (sentence == NULL)
            continue;

          wd_review_reference_init (&ref);
          wd_review_reference_add (&ref, cited->title);
          wd_review_reference_add (&ref, cited->text);
          words = wd_review_tokenize (section->clean, sentence->start, sentence->end);
          for (guint w = 0; w < words->len && !shared; w++)
            {
              const char *folded = g_array_index (words, WdReviewToken, w).folded;

              if (g_utf8_strlen (folded, -1) >= 4 && !wd_review_is_common_word (folded)
                  && wd_review_reference_has_word (&ref, folded))
                shared = TRUE;
            }
          wd_review_reference_clear (&ref);
          if (!shared)
            wd_review_add_item (check, "citation", WD_REVIEW_WARNING, kind, sentence->start,
                                sentence->end, -1, -1,
                                /* Translators: %s is a brief's number */
                                g_strdup_printf (_("This sentence shares no terms with brief %s; "
                                                   "check that it cites the right one."), id));
        }
    }

  if (n_unresolved == 0)
    wd_review_add_whole (check, "citation", WD_REVIEW_PASS, WD_REVIEW_SECTION_NONE,
                         n_markers == 0 ? g_strdup (_("The brief cites no other briefs."))
                              : g_strdup (_("Every cited brief is in the archive.")));
}

/* The copy guard */

typedef struct {
  int    section;
  gsize  start;
  gsize  end;
  gsize  source_start;
  gsize  source_end;
  guint  length;
} Run;

static void
check_copying (Check *check)
{
  const Reference *ref = &check->source;
  guint m = ref->tokens->len;
  /* run_at[j]: the length of the shared run ending at source word j, valid
   * when stamp[j] is the current draft step. Steps jump by two at a break,
   * so a run never crosses a quotation or a section. */
  g_autofree guint *run_at = g_new0 (guint, m + 1);
  g_autofree guint *stamp = g_new0 (guint, m + 1);
  guint step = 2;
  guint n_words = 0, n_copied = 0;
  g_autoptr(GArray) runs = g_array_new (FALSE, FALSE, sizeof (Run));
  Run longest = { 0, };

  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      Section *section = &check->sections[kind];
      GArray *tokens = section->tokens;
      g_autofree guint *best = g_new0 (guint, tokens->len + 1);
      g_autofree guint *best_end = g_new0 (guint, tokens->len + 1);
      g_autofree gboolean *counted = g_new0 (gboolean, tokens->len + 1);
      g_autofree gboolean *quoted = g_new0 (gboolean, tokens->len + 1);

      step += 2;
      for (guint i = 0; i < tokens->len; i++)
        {
          const WdReviewToken *token = &g_array_index (tokens, WdReviewToken, i);
          GArray *positions;

          if (wd_review_quote_at (section, token->start) != NULL)
            {
              quoted[i] = TRUE;
              if (i == 0 || !quoted[i - 1])
                step += 2;
              continue;
            }
          step++;
          n_words++;
          positions = g_hash_table_lookup (ref->positions, token->folded);
          if (positions == NULL)
            continue;
          /* Backwards, so that run_at[j - 1] still holds the last step's. */
          for (guint p = positions->len; p > 0; p--)
            {
              guint j = g_array_index (positions, guint, p - 1);
              guint length = 1;

              if (j > 0 && stamp[j - 1] == step - 1)
                length = run_at[j - 1] + 1;
              run_at[j] = length;
              stamp[j] = step;
              if (length > best[i])
                {
                  best[i] = length;
                  best_end[i] = j;
                }
            }
        }

      for (guint i = 0; i < tokens->len; i++)
        {
          guint length = best[i];
          gboolean continues = i + 1 < tokens->len && best[i + 1] == length + 1;

          if (length == 0 || continues)
            continue;
          /* A run ends at i: count its words, keep it if long. */
          if (length >= WD_REVIEW_MIN_COPIED_RUN)
            for (guint k = i + 1 - length; k <= i; k++)
              counted[k] = TRUE;
          if (length > longest.length || length > check->max_run_words)
            {
              guint j = best_end[i];
              Run run = {
                kind,
                g_array_index (tokens, WdReviewToken, i + 1 - length).start,
                g_array_index (tokens, WdReviewToken, i).end,
                g_array_index (ref->tokens, WdReviewToken, j + 1 - length).start,
                g_array_index (ref->tokens, WdReviewToken, j).end,
                length,
              };

              if (length > longest.length)
                longest = run;
              if (length > check->max_run_words)
                g_array_append_val (runs, run);
            }
        }
      for (guint i = 0; i < tokens->len; i++)
        if (counted[i])
          n_copied++;
    }

  check->report->longest_run = longest.length;
  check->report->copied_share = n_words > 0 ? (double) n_copied / n_words : 0;

  for (guint r = 0; r < runs->len; r++)
    {
      const Run *run = &g_array_index (runs, Run, r);

      wd_review_add_item (check, "copy-run", WD_REVIEW_FAILURE, run->section,
                          run->start, run->end, run->source_start, run->source_end,
                          /* Translators: %u is a number of words; the limit follows */
                          g_strdup_printf (_("These %u words are copied from the source (at "
                                             "most %u allowed); rewrite them in your own words "
                                             "or quote them."),
                                           run->length, check->max_run_words));
    }
  if (runs->len == 0)
    wd_review_add_whole (check, "copy-run", WD_REVIEW_PASS, WD_REVIEW_SECTION_NONE,
                         /* Translators: %u is a number of words */
                         g_strdup_printf (_("The longest passage shared with the source has "
                                            "%u words."), longest.length));

  if (check->report->copied_share > check->max_copied_share)
    {
      if (longest.length > 0)
        wd_review_add_item (check, "copy-share", WD_REVIEW_FAILURE, longest.section,
                            longest.start, longest.end, longest.source_start, longest.source_end,
                            /* Translators: %.0f %% are shares of words such as "14 %",
                             * the brief's, then the limit */
                            g_strdup_printf (_("%.0f %% of the brief is copied from the source "
                                               "in long passages (at most %.0f %% allowed); "
                                               "summarise instead."),
                                             check->report->copied_share * 100,
                                             check->max_copied_share * 100));
    }
  else
    {
      wd_review_add_whole (check, "copy-share", WD_REVIEW_PASS, WD_REVIEW_SECTION_NONE,
                           g_strdup_printf (_("%.0f %% of the brief is copied from the source in "
                                              "long passages."),
                                            check->report->copied_share * 100));
    }
}

/* Preflight */

static void
check_preflight (Check *check)
{
  const WdReviewInput *input = check->input;
  static const int required[] = { WD_SECTION_SUMMARY, WD_SECTION_ANALYST_TAKE,
                                  WD_SECTION_WATCH };
  Section *headline = &check->sections[WD_SECTION_N_KINDS];

  if (wd_review_section_is_empty (headline))
    wd_review_add_whole (check, "headline", WD_REVIEW_FAILURE, WD_REVIEW_SECTION_HEADLINE,
                         g_strdup (_("The brief has no headline; write one.")));
  else
    wd_review_add_whole (check, "headline", WD_REVIEW_PASS, WD_REVIEW_SECTION_HEADLINE,
                         g_strdup (_("The brief has a headline.")));

  /* "We summarize, we don't republish" holds only with a link to the
   * original. */
  if (input->no_source_link)
    wd_review_add_whole (check, "source-link", WD_REVIEW_FAILURE, WD_REVIEW_SECTION_NONE,
                         g_strdup (_("The source has no web address for the brief to link "
                                     "back to; import the article from its page.")));
  else
    wd_review_add_whole (check, "source-link", WD_REVIEW_PASS, WD_REVIEW_SECTION_NONE,
                         g_strdup (_("The brief links back to its source.")));

  for (gsize k = 0; k < G_N_ELEMENTS (required); k++)
    {
      Section *section = &check->sections[required[k]];

      /* A link-only publisher gets no summary at all: see "policy". */
      if (required[k] == WD_SECTION_SUMMARY && input->policy == WD_POLICY_LINK_ONLY)
        continue;
      if (wd_review_section_is_empty (section))
        wd_review_add_whole (check, "section-empty", WD_REVIEW_FAILURE, required[k],
                             g_strdup (_("This section is empty; write it before publishing.")));
      else
        wd_review_add_whole (check, "section-empty", WD_REVIEW_PASS, required[k],
                             g_strdup (_("This section is written.")));
    }
  if (wd_review_section_is_empty (&check->sections[WD_SECTION_CONTEXT]))
    wd_review_add_whole (check, "section-empty", WD_REVIEW_WARNING, WD_SECTION_CONTEXT,
                         g_strdup (_("The context section is empty; add earlier coverage if there "
                                     "is any.")));
  else
    wd_review_add_whole (check, "section-empty", WD_REVIEW_PASS, WD_SECTION_CONTEXT,
                         g_strdup (_("This section is written.")));

  if (input->n_mentions == 0)
    wd_review_add_whole (check, "mentions", WD_REVIEW_FAILURE, WD_REVIEW_SECTION_MENTIONS,
                         g_strdup (_("The brief mentions no one; add at least one mention.")));
  else
    wd_review_add_whole (check, "mentions", WD_REVIEW_PASS, WD_REVIEW_SECTION_MENTIONS,
                         /* Translators: %u is a number of mentions */
                         g_strdup_printf (ngettext ("The brief has %u mention.",
                                                   "The brief has %u mentions.",
                                                   input->n_mentions),
                                          input->n_mentions));

  switch (input->policy)
    {
    case WD_POLICY_EXCLUDED:
      wd_review_add_whole (check, "policy", WD_REVIEW_FAILURE, WD_REVIEW_SECTION_NONE,
                           g_strdup (_("The publisher has asked not to be covered; this brief "
                                       "cannot be published.")));
      break;
    case WD_POLICY_LINK_ONLY:
      if (!wd_review_section_is_empty (&check->sections[WD_SECTION_SUMMARY]))
        wd_review_add_whole (check, "policy", WD_REVIEW_FAILURE, WD_SECTION_SUMMARY,
                             g_strdup (_("The publisher allows a link only; remove the summary.")));
      else
        wd_review_add_whole (check, "policy", WD_REVIEW_PASS, WD_REVIEW_SECTION_NONE,
                             g_strdup (_("The publisher allows a link only, and the brief has no "
                                         "summary.")));
      break;
    case WD_POLICY_SUMMARIZE:
    default:
      wd_review_add_whole (check, "policy", WD_REVIEW_PASS, WD_REVIEW_SECTION_NONE,
                           g_strdup (_("The publisher allows summaries.")));
      break;
    }
}

static int
section_order (int section)
{
  if (section == WD_REVIEW_SECTION_HEADLINE)
    return 0;
  /* The mentions sit under the sections, as in the editor; the rest of
   * the brief after them. */
  if (section == WD_REVIEW_SECTION_MENTIONS)
    return WD_SECTION_N_KINDS + 1;
  if (section == WD_REVIEW_SECTION_NONE)
    return WD_SECTION_N_KINDS + 2;
  return section + 1;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const WdReviewItem *x = *(WdReviewItem * const *) a;
  const WdReviewItem *y = *(WdReviewItem * const *) b;
  int sx = section_order (x->section), sy = section_order (y->section);

  if (sx != sy)
    return sx - sy;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return 0;
}

/**
 * wd_review_check:
 * @input: the brief, its source and policy, and the briefs it cites
 *
 * Runs every review check on @input without touching the archive: the
 * grounding of each sentence, the unsupported numbers, names and
 * quotations, the citations, the copy guard and the preflight. Items with a
 * span point into the text of their section as given, so an editor can
 * underline them.
 *
 * Returns: (transfer full): the report
 */
WdReviewReport *
wd_review_check (const WdReviewInput *input)
{
  Check check = { 0, };
  WdReviewReport *report;
  const char *source_text;

  g_return_val_if_fail (input != NULL, NULL);

  report = g_new0 (WdReviewReport, 1);
  report->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  report->grounding = g_array_new (FALSE, FALSE, sizeof (WdReviewGrounding));

  source_text = input->source_text != NULL ? input->source_text : "";
  check.input = input;
  check.report = report;
  check.max_quote_words = input->max_quote_words >= 0 ? input->max_quote_words
                                                      : WD_POLICY_DEFAULT_MAX_QUOTE_WORDS;
  check.max_run_words = input->max_run_words > 0 ? (guint) input->max_run_words
                                                 : WD_REVIEW_MAX_RUN_WORDS;
  check.max_copied_share = input->max_copied_percent > 0 ? input->max_copied_percent / 100.0
                                                         : WD_REVIEW_MAX_COPIED_SHARE;
  wd_review_reference_init (&check.source);
  wd_review_reference_add (&check.source, source_text);
  wd_review_reference_init (&check.cited);
  for (guint c = 0; c < input->n_citations; c++)
    {
      wd_review_reference_add (&check.cited, input->citations[c].title);
      wd_review_reference_add (&check.cited, input->citations[c].text);
    }
  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    wd_review_section_init (&check.sections[kind], kind, input->sections[kind]);
  wd_review_section_init (&check.sections[WD_SECTION_N_KINDS], WD_REVIEW_SECTION_HEADLINE,
                          input->headline);

  wd_review_check_grounding (&check, source_text);

  for (int kind = 0; kind <= WD_SECTION_N_KINDS; kind++)
    {
      Section *section = &check.sections[kind];

      wd_review_check_numbers (&check, section);
      wd_review_check_quotes (&check, section);
      /* Headlines capitalise every word; names are checked in the text. */
      if (section->kind != WD_REVIEW_SECTION_HEADLINE)
        wd_review_check_names (&check, section);
    }

  check_citations (&check);
  check_copying (&check);
  check_preflight (&check);

  g_ptr_array_sort (report->items, compare_items);

  for (int kind = 0; kind <= WD_SECTION_N_KINDS; kind++)
    wd_review_section_clear (&check.sections[kind]);
  wd_review_reference_clear (&check.source);
  wd_review_reference_clear (&check.cited);
  return report;
}

void
wd_review_report_free (WdReviewReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->items);
  g_array_unref (report->grounding);
  g_free (report);
}

gboolean
wd_review_report_ok (const WdReviewReport *report)
{
  g_return_val_if_fail (report != NULL, FALSE);

  return report->n_failures == 0;
}

const char *
wd_review_severity_to_string (WdReviewSeverity severity)
{
  switch (severity)
    {
    case WD_REVIEW_PASS:
      return "pass";
    case WD_REVIEW_INFO:
      return "info";
    case WD_REVIEW_WARNING:
      return "warning";
    case WD_REVIEW_FAILURE:
    default:
      return "failure";
    }
}

const char *
wd_review_section_to_string (int section)
{
  if (section == WD_REVIEW_SECTION_HEADLINE)
    return "headline";
  if (section == WD_REVIEW_SECTION_MENTIONS)
    return "mentions";
  if (section >= 0 && section < WD_SECTION_N_KINDS)
    return wd_section_kind_to_string ((WdSectionKind) section);
  return "brief";
}

/**
 * wd_review_source_has_link:
 * @source: a source
 *
 * Returns: whether @source has an http(s) address a brief can link back
 *   to (its canonical URL, else the one it was fetched from)
 */
gboolean
wd_review_source_has_link (WdSource *source)
{
  const char *urls[2];

  g_return_val_if_fail (source != NULL, FALSE);

  urls[0] = wd_source_get_canonical_url (source);
  urls[1] = wd_source_get_url (source);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    if (urls[i] != NULL && (g_str_has_prefix (urls[i], "https://")
                            || g_str_has_prefix (urls[i], "http://")))
      return TRUE;
  return FALSE;
}

/* The store side */

static char *
brief_text (WdBrief *brief)
{
  GListModel *sections = wd_brief_get_sections (brief);
  GString *text = g_string_new (NULL);
  WdSource *source = wd_brief_get_source (brief);

  for (guint i = 0; sections != NULL && i < g_list_model_get_n_items (sections); i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (sections, i);

      g_string_append (text, wd_section_get_text (section) ? wd_section_get_text (section) : "");
      g_string_append (text, "\n\n");
    }
  if (source != NULL && wd_source_get_text (source) != NULL)
    g_string_append (text, wd_source_get_text (source));
  return g_string_free (text, FALSE);
}

/**
 * wd_review_check_brief:
 * @store: the archive
 * @brief_id: the brief to check
 * @error: return location for a #WD_STORE_ERROR or #WD_REVIEW_ERROR
 *
 * Loads the brief, its source, the policy of its publisher (by the
 * source's domain) and the briefs it cites, and runs wd_review_check(). A
 * citation of a brief that is not in the archive is left unresolved, and
 * so reported, not an error.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
WdReviewReport *
wd_review_check_brief (WdStore  *store,
                       gint64    brief_id,
                       GError  **error)
{
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  g_autoptr(GPtrArray) cited_briefs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) citations = g_array_new (FALSE, FALSE, sizeof (WdReviewCitation));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                      NULL);
  WdReviewInput input = { 0, };
  WdSource *source;
  const char *domain;
  GListModel *mentions;

  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  brief = wd_store_load_brief (store, brief_id, error);
  if (brief == NULL)
    return NULL;
  source = wd_brief_get_source (brief);
  if (source == NULL || wd_source_get_text (source) == NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, brief_id);

      g_set_error (error, WD_REVIEW_ERROR, WD_REVIEW_ERROR_NO_SOURCE,
                   /* Translators: %s is a brief's number */
                   _("Brief %s has no source text to check against; import the article "
                     "again."), id);
      return NULL;
    }

  domain = wd_source_get_publisher_domain (source);
  if (domain != NULL && *domain != '\0')
    {
      GError *local_error = NULL;

      policy = wd_store_get_policy (store, domain, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }

  input.source_text = wd_source_get_text (source);
  input.no_source_link = !wd_review_source_has_link (source);
  input.headline = wd_brief_get_headline (brief);
  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      WdSection *section = wd_brief_get_section (brief, (WdSectionKind) kind);

      input.sections[kind] = section != NULL ? wd_section_get_text (section) : NULL;
    }
  input.policy = policy != NULL ? policy->kind : WD_POLICY_SUMMARIZE;
  input.max_quote_words = policy != NULL ? policy->max_quote_words : -1;
  input.max_run_words = policy != NULL ? policy->max_run_words : 0;
  input.max_copied_percent = policy != NULL ? policy->max_copied_percent : 0;
  mentions = wd_brief_get_mentions (brief);
  input.n_mentions = mentions != NULL ? g_list_model_get_n_items (mentions) : 0;

  /* Resolve every [[brief:ID]] that any section cites. */
  for (int kind = 0; kind < WD_SECTION_N_KINDS; kind++)
    {
      const char *text = input.sections[kind];
      const char *p = text;

      while (p != NULL && (p = strstr (p, "[[brief:")) != NULL)
        {
          char *end = NULL;
          gint64 id = g_ascii_strtoll (p + 8, &end, 10);
          g_autoptr(GError) load_error = NULL;
          WdBrief *cited;

          p += 8;
          if (end == p || id <= 0 || g_hash_table_contains (seen, &id))
            continue;
          g_hash_table_add (seen, g_memdup2 (&id, sizeof id));
          cited = wd_store_load_brief (store, id, &load_error);
          if (cited == NULL)
            {
              if (!g_error_matches (load_error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&load_error));
                  return NULL;
                }
              continue;
            }
          g_ptr_array_add (cited_briefs, cited);
          g_ptr_array_add (texts, brief_text (cited));
        }
    }
  for (guint i = 0; i < cited_briefs->len; i++)
    {
      WdBrief *cited = g_ptr_array_index (cited_briefs, i);
      WdReviewCitation citation = {
        wd_brief_get_id (cited),
        wd_brief_get_title (cited) != NULL ? wd_brief_get_title (cited)
                                           : wd_brief_get_headline (cited),
        g_ptr_array_index (texts, i),
      };

      g_array_append_val (citations, citation);
    }
  input.citations = (const WdReviewCitation *) citations->data;
  input.n_citations = citations->len;

  return wd_review_check (&input);
}
