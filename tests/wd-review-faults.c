/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include <json-glib/json-glib.h>

#include "wd-review-faults.h"

const char * const wd_fault_kind_names[WD_FAULT_N_KINDS] = {
  "number", "name", "quote", "copy", "outside",
};

WdFaultTally *
wd_fault_tally_new (void)
{
  return g_new0 (WdFaultTally, 1);
}

void
wd_fault_tally_free (WdFaultTally *tally)
{
  if (tally == NULL)
    return;
  g_free (tally->longest_source);
  g_free (tally);
}

guint
wd_fault_tally_n_injected (const WdFaultTally *tally)
{
  guint n = 0;

  for (guint k = 0; k < WD_FAULT_N_KINDS; k++)
    n += tally->injected[k];
  return n;
}

double
wd_fault_tally_recall (const WdFaultTally *tally)
{
  guint n = wd_fault_tally_n_injected (tally);
  guint caught = 0;

  for (guint k = 0; k < WD_FAULT_N_KINDS; k++)
    caught += tally->caught[k];
  return n > 0 ? (double) caught / n : 0;
}

double
wd_fault_tally_false_rate (const WdFaultTally *tally)
{
  return tally->n_briefs > 0 ? (double) tally->false_failures / tally->n_briefs : 0;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  return json_object_get_string_member (object, name);
}

/* -2 for the headline, a WdSectionKind, or -3 when unknown. */
static int
section_of (const char *name)
{
  WdSectionKind kind;

  if (g_strcmp0 (name, "headline") == 0)
    return WD_REVIEW_SECTION_HEADLINE;
  if (name != NULL && wd_section_kind_from_string (name, &kind))
    return kind;
  return -3;
}

static WdReviewReport *
run_check (const char   *source,
           const char   *headline,
           char        **sections,
           WdPolicyKind  policy,
           int           max_quote_words)
{
  WdReviewInput input = { 0, };

  input.source_text = source;
  input.headline = headline;
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    input.sections[k] = sections[k];
  input.policy = policy;
  input.max_quote_words = max_quote_words;
  /* The set labels text, not mentions: count one so the mentions item
   * does not fail every brief. */
  input.n_mentions = 1;
  return wd_review_check (&input);
}

static void
describe_failures (const WdReviewReport *report,
                   char                **sections,
                   const char           *headline,
                   const char           *what)
{
  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);
      const char *text = item->section == WD_REVIEW_SECTION_HEADLINE ? headline
                         : item->section >= 0 ? sections[item->section] : NULL;
      g_autofree char *span = NULL;

      if (item->severity != WD_REVIEW_FAILURE)
        continue;
      double score = -1;

      if (text != NULL && item->start >= 0)
        span = g_strndup (text + item->start, item->end - item->start);
      for (guint g = 0; g < report->grounding->len; g++)
        {
          const WdReviewGrounding *grounding = &g_array_index (report->grounding,
                                                               WdReviewGrounding, g);

          if (grounding->section == item->section && (gssize) grounding->start == item->start)
            score = grounding->score;
        }
      g_test_message ("  %s: %s in %s (grounding %.2f): “%s” — %s", what, item->check,
                      wd_review_section_to_string (item->section), score, span ? span : "",
                      item->message);
    }
}

static gboolean
overlaps (gssize a_start,
          gssize a_end,
          gssize b_start,
          gssize b_end)
{
  return a_start < b_end && b_start < a_end;
}

static gboolean
is_caught (const WdReviewReport *report,
           WdFaultKind           kind,
           int                   section,
           gssize                flag_start,
           gssize                flag_end)
{
  gssize from = flag_start, to = flag_end;

  /* For a copied passage or a claim from outside, the whole sentence
   * holding the flag counts. */
  if (kind == WD_FAULT_COPY || kind == WD_FAULT_OUTSIDE)
    for (guint g = 0; g < report->grounding->len; g++)
      {
        const WdReviewGrounding *grounding = &g_array_index (report->grounding,
                                                             WdReviewGrounding, g);

        if (grounding->section == section
            && overlaps (grounding->start, grounding->end, flag_start, flag_end))
          {
            from = MIN (from, (gssize) grounding->start);
            to = MAX (to, (gssize) grounding->end);
          }
      }

  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (item->severity != WD_REVIEW_FAILURE || item->section != section)
        continue;
      if (item->start < 0 || overlaps (item->start, item->end, from, to))
        {
          /* A failure about the whole section only counts for the
           * sentence-level kinds. */
          if (item->start < 0 && kind != WD_FAULT_COPY && kind != WD_FAULT_OUTSIDE)
            continue;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
run_file (WdFaultTally  *tally,
          const char    *path,
          gboolean       verbose,
          GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *name = g_path_get_basename (path);
  JsonObject *root, *faithful;
  JsonArray *faults;
  const char *source, *headline;
  char *sections[WD_SECTION_N_KINDS];
  WdPolicyKind policy = WD_POLICY_SUMMARIZE;
  int max_quote_words = -1;
  g_autoptr(WdReviewReport) report = NULL;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a JSON object");
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (root, "faithful") || !json_object_has_member (root, "source"))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "no faithful brief or source");
      return FALSE;
    }
  faithful = json_object_get_object_member (root, "faithful");
  source = member_string (root, "source");
  headline = member_string (faithful, "headline");
  for (int k = 0; k < WD_SECTION_N_KINDS; k++)
    sections[k] = (char *) member_string (faithful,
                                          wd_section_kind_to_string ((WdSectionKind) k));
  if (member_string (root, "policy") != NULL)
    wd_policy_kind_from_string (member_string (root, "policy"), &policy);
  if (json_object_has_member (root, "max_quote_words")
      && !json_object_get_null_member (root, "max_quote_words"))
    max_quote_words = json_object_get_int_member (root, "max_quote_words");

  if (source != NULL
      && (tally->longest_source == NULL || strlen (source) > strlen (tally->longest_source)))
    {
      g_free (tally->longest_source);
      tally->longest_source = g_strdup (source);
    }

  report = run_check (source, headline, sections, policy, max_quote_words);
  tally->n_briefs++;
  tally->false_failures += report->n_failures;
  if (verbose && report->n_failures > 0)
    {
      g_test_message ("%s: %u false failure(s) on the faithful brief", name,
                      report->n_failures);
      describe_failures (report, sections, headline, "false");
    }

  faults = json_object_get_array_member (root, "faults");
  for (guint f = 0; faults != NULL && f < json_array_get_length (faults); f++)
    {
      JsonObject *fault = json_array_get_object_element (faults, f);
      const char *kind_name = member_string (fault, "kind");
      const char *find = member_string (fault, "find");
      const char *replace = member_string (fault, "replace");
      const char *flag = member_string (fault, "flag");
      int section = section_of (member_string (fault, "section"));
      char *variant_sections[WD_SECTION_N_KINDS];
      const char *original;
      const char *at;
      g_autofree char *variant = NULL;
      const char *variant_headline = headline;
      const char *found_flag;
      gssize flag_start, flag_end, from;
      guint kind;
      g_autoptr(WdReviewReport) variant_report = NULL;

      for (kind = 0; kind < WD_FAULT_N_KINDS; kind++)
        if (g_strcmp0 (kind_name, wd_fault_kind_names[kind]) == 0)
          break;
      if (kind == WD_FAULT_N_KINDS || section == -3 || find == NULL || replace == NULL
          || flag == NULL)
        {
          g_test_message ("%s: fault %u is not usable; skipped", name, f);
          continue;
        }

      original = section == WD_REVIEW_SECTION_HEADLINE ? headline : sections[section];
      at = original != NULL ? strstr (original, find) : NULL;
      if (at == NULL)
        {
          g_test_message ("%s: fault %u: “%s” is not in the faithful %s; skipped", name, f,
                          find, member_string (fault, "section"));
          continue;
        }
      variant = g_strdup_printf ("%.*s%s%s", (int) (at - original), original, replace,
                                 at + strlen (find));
      /* The flag within or right around the replacement. */
      from = MAX (0, (at - original) - (gssize) strlen (flag));
      found_flag = strstr (variant + from, flag);
      if (found_flag == NULL)
        found_flag = strstr (variant, flag);
      if (found_flag == NULL)
        {
          g_test_message ("%s: fault %u: flag “%s” is not in the variant; skipped", name, f,
                          flag);
          continue;
        }
      flag_start = found_flag - variant;
      flag_end = flag_start + strlen (flag);

      for (int k = 0; k < WD_SECTION_N_KINDS; k++)
        variant_sections[k] = k == section ? variant : sections[k];
      if (section == WD_REVIEW_SECTION_HEADLINE)
        variant_headline = variant;

      variant_report = run_check (source, variant_headline, variant_sections, policy,
                                  max_quote_words);
      tally->injected[kind]++;
      if (is_caught (variant_report, kind, section, flag_start, flag_end))
        {
          tally->caught[kind]++;
        }
      else if (verbose)
        {
          double score = -1;

          for (guint g = 0; g < variant_report->grounding->len; g++)
            {
              const WdReviewGrounding *grounding = &g_array_index (variant_report->grounding,
                                                                   WdReviewGrounding, g);

              if (grounding->section == section
                  && overlaps (grounding->start, grounding->end, flag_start, flag_end))
                score = grounding->score;
            }
          g_test_message ("%s: missed %s fault %u in %s (grounding %.2f): “%s”", name,
                          kind_name, f, member_string (fault, "section"), score, flag);
          describe_failures (variant_report, variant_sections, variant_headline, "other");
        }
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

gboolean
wd_fault_tally_run_dir (WdFaultTally  *tally,
                        const char    *dir,
                        gboolean       verbose,
                        GError       **error)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (handle == NULL)
    return FALSE;
  while ((entry = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (entry, ".json"))
      g_ptr_array_add (files, g_build_filename (dir, entry, NULL));
  if (files->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "No labelled briefs in %s", dir);
      return FALSE;
    }
  g_ptr_array_sort (files, compare_names);

  for (guint i = 0; i < files->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!run_file (tally, g_ptr_array_index (files, i), verbose, &local_error))
        {
          /* A file still being written is skipped, not fatal. */
          if (verbose)
            g_test_message ("%s: %s; skipped", (char *) g_ptr_array_index (files, i),
                            local_error->message);
        }
    }
  return TRUE;
}
