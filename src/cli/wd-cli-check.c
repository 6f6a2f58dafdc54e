/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "wd-cli-private.h"
#include "review/wd-review.h"

/* The text an item points at, for showing it; NULL for a whole section. */
static char *
item_excerpt (WdBrief            *brief,
              const WdReviewItem *item)
{
  const char *text = NULL;

  if (item->start < 0 || item->end < item->start)
    return NULL;
  if (item->section == WD_REVIEW_SECTION_HEADLINE)
    {
      text = wd_brief_get_headline (brief);
    }
  else if (item->section >= 0 && item->section < WD_SECTION_N_KINDS)
    {
      WdSection *section = wd_brief_get_section (brief, (WdSectionKind) item->section);

      text = section != NULL ? wd_section_get_text (section) : NULL;
    }
  if (text == NULL || (gsize) item->end > strlen (text))
    return NULL;
  return g_strndup (text + item->start, item->end - item->start);
}

static const char *
severity_label (WdReviewSeverity severity)
{
  switch (severity)
    {
    case WD_REVIEW_PASS:
      return "PASS";
    case WD_REVIEW_INFO:
      return "INFO";
    case WD_REVIEW_WARNING:
      return "WARN";
    case WD_REVIEW_FAILURE:
    default:
      return "FAIL";
    }
}

static void
print_report (WdBrief              *brief,
              const WdReviewReport *report)
{
  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);
      g_autoptr(GString) line = g_string_new (severity_label (item->severity));
      g_autofree char *excerpt = item_excerpt (brief, item);

      g_string_append_printf (line, "  %s", wd_review_section_to_string (item->section));
      if (item->start >= 0)
        g_string_append_printf (line, ":%" G_GSSIZE_FORMAT "-%" G_GSSIZE_FORMAT,
                                item->start, item->end);
      g_string_append_printf (line, "  %s", item->message);
      if (excerpt != NULL)
        {
          g_autofree char *single = wd_cli_single_line (excerpt);
          g_autofree char *shown = wd_cli_truncate_to_width (single, 60);

          g_string_append_printf (line, " “%s”", shown);
        }
      printf ("%s\n", line->str);
    }

  /* Translators: %u is a number of words, %.0f %% a share such as "4 %" */
  printf (_("Longest passage shared with the source: %u words; copied in long passages: "
            "%.0f %%.\n"),
          report->longest_run, report->copied_share * 100);
  if (wd_review_report_ok (report))
    printf ("%s\n", _("Preflight passed."));
  else
    printf (ngettext ("Preflight failed: %u failure.\n", "Preflight failed: %u failures.\n",
                      report->n_failures),
            report->n_failures);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gssize       value)
{
  json_builder_set_member_name (builder, name);
  if (value < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, value);
}

static void
print_report_json (WdBrief              *brief,
                   const WdReviewReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, wd_brief_get_id (brief));
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, wd_review_report_ok (report));
  json_builder_set_member_name (builder, "longest_run");
  json_builder_add_int_value (builder, report->longest_run);
  json_builder_set_member_name (builder, "copied_share");
  json_builder_add_double_value (builder, report->copied_share);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);
      g_autofree char *excerpt = item_excerpt (brief, item);

      json_builder_begin_object (builder);
      wd_cli_add_string_member (builder, "check", item->check);
      wd_cli_add_string_member (builder, "severity",
                                wd_review_severity_to_string (item->severity));
      wd_cli_add_string_member (builder, "section",
                                wd_review_section_to_string (item->section));
      add_int_or_null (builder, "start", item->start);
      add_int_or_null (builder, "end", item->end);
      add_int_or_null (builder, "source_start", item->source_start);
      add_int_or_null (builder, "source_end", item->source_end);
      wd_cli_add_string_member (builder, "text", excerpt);
      wd_cli_add_string_member (builder, "message", item->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "grounding");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->grounding->len; i++)
    {
      const WdReviewGrounding *grounding = &g_array_index (report->grounding,
                                                           WdReviewGrounding, i);

      json_builder_begin_object (builder);
      wd_cli_add_string_member (builder, "section",
                                wd_review_section_to_string (grounding->section));
      add_int_or_null (builder, "start", grounding->start);
      add_int_or_null (builder, "end", grounding->end);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, grounding->score);
      add_int_or_null (builder, "source_start", grounding->source_start);
      add_int_or_null (builder, "source_end", grounding->source_end);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  wd_cli_print_json (builder);
}

int
wd_cli_run_check (WdCli  *cli,
                  int     argc,
                  char  **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print the preflight as a JSON object instead of text"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdReviewReport) report = NULL;
  g_autoptr(GError) error = NULL;
  WdContext *context;
  WdStore *store;
  gint64 id = 0;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("ID"),
                                  N_("Runs the review checks on a brief and prints the "
                                     "preflight: one line per item, PASS, INFO, WARN or FAIL, "
                                     "with its place."),
                                  N_("Exits with 1 when any item fails, 0 otherwise."),
                                  entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("check", argc, argv, 1, _("a brief id"), &exit_status))
    return exit_status;
  if (!wd_cli_parse_brief_id (argv[1], &id, &exit_status))
    return exit_status;

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;
  store = wd_context_get_store (context);

  /* The items point into the sections as loaded here. */
  brief = wd_store_load_brief (store, id, &error);
  if (brief != NULL)
    report = wd_review_check_brief (store, id, &error);
  if (report == NULL)
    {
      if (g_error_matches (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          return wd_cli_fail (WD_CLI_EXIT_FAILED,
                              _("There is no brief %s in %s; run “wiredesk-cli list” to "
                                "see the ids."),
                              id_text, wd_store_get_path (store));
        }
      return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
    }

  if (json)
    print_report_json (brief, report);
  else
    print_report (brief, report);

  return wd_review_report_ok (report) ? WD_CLI_EXIT_OK : WD_CLI_EXIT_FAILED;
}
