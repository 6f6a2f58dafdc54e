/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "wd-cli-private.h"
#include "draft/wd-draft-job.h"

/* draft ID: stdout gets the drafted brief as Markdown while it streams
 * (a heading per part, then its text); stderr gets what is not the
 * brief: skipped parts and why, and the token usage at the end. Ctrl+C
 * stops the part being drafted and keeps what arrived. */

typedef struct {
  GAsyncResult *result;
  gboolean      at_line_start;
} Run;

static const char *
part_heading (WdDraftPart part)
{
  switch (part)
    {
    case WD_DRAFT_PART_SUMMARY:
    case WD_DRAFT_PART_ANALYST_TAKE:
    case WD_DRAFT_PART_CONTEXT:
    case WD_DRAFT_PART_WATCH:
      return wd_cli_section_heading ((WdSectionKind) part);
    case WD_DRAFT_PART_HEADLINE:
      return _("Headline");
    case WD_DRAFT_PART_MENTIONS:
    case WD_N_DRAFT_PARTS:
    default:
      return _("Mentions");
    }
}

static void
on_part_started (WdDraftJob *job,
                 guint       part,
                 Run        *run)
{
  g_print ("## %s\n\n", part_heading (part));
  run->at_line_start = TRUE;
}

static void
on_delta (WdDraftJob *job,
          guint       part,
          guint       kind,
          const char *text,
          Run        *run)
{
  /* Reasoning is the model's, not the brief's. */
  if (kind != WD_LLM_DELTA_TEXT || *text == '\0')
    return;
  fputs (text, stdout);
  fflush (stdout);
  run->at_line_start = text[strlen (text) - 1] == '\n';
}

static void
on_part_finished (WdDraftJob *job,
                  guint       part,
                  Run        *run)
{
  WdDraftPartState state = wd_draft_job_get_part_state (job, part);
  const char *note = wd_draft_job_get_part_note (job, part);

  if (state == WD_DRAFT_PART_SKIPPED)
    {
      /* Translators: %s is a part of the brief, such as "Summary"; the note says why */
      g_printerr (_("%s: not drafted: %s\n"), part_heading (part), note);
      return;
    }
  if (!run->at_line_start)
    g_print ("\n");
  g_print ("\n");
  fflush (stdout);
  run->at_line_start = TRUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

int
wd_cli_run_draft (WdCli  *cli,
                  int     argc,
                  char  **argv)
{
  g_auto(GStrv) sections = NULL;
  g_autofree char *backend = NULL;
  g_autofree char *instruction = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend,
      N_("Draft with this [backend NAME] of the configuration"), N_("NAME") },
    { "section", 0, 0, G_OPTION_ARG_STRING_ARRAY, &sections,
      N_("Draft only this part: summary, analyst_take, context, watch, headline or mentions "
         "(repeat for several)"), N_("KIND") },
    { "instruction", 0, 0, G_OPTION_ARG_STRING, &instruction,
      N_("Ask the model for something more, such as “shorter” or “more skeptical”"),
      N_("TEXT") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Draft parts that hold the editor’s own text too (it stays in their history)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdDraftJob) job = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  WdContext *context;
  Run run = { NULL, TRUE };
  guint parts = 0;
  guint sigint_id;
  gint64 id = 0;
  gint64 prompt_tokens, completion_tokens;
  int exit_status;
  gboolean ok;

  if (!wd_cli_parse_command_line (cli, N_("ID"),
                                  N_("Drafts a brief from its source: summary, analyst take, "
                                     "context, what to watch, headline and suggested mentions, "
                                     "each saved as a new revision. The text streams to stdout "
                                     "as it arrives; notes and the token usage go to stderr."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("draft", argc, argv, 1, _("a brief id"), &exit_status))
    return exit_status;
  if (!wd_cli_parse_brief_id (argv[1], &id, &exit_status))
    return exit_status;
  for (guint i = 0; sections != NULL && sections[i] != NULL; i++)
    {
      WdDraftPart part;

      if (!wd_draft_part_from_string (sections[i], &part))
        return wd_cli_fail (WD_CLI_EXIT_USAGE,
                            _("“%s” is not a part of a brief; use summary, analyst_take, "
                              "context, watch, headline or mentions."), sections[i]);
      parts |= WD_DRAFT_PART_MASK (part);
    }

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  job = wd_draft_job_new (context, id);
  if (parts != 0)
    wd_draft_job_set_parts (job, parts);
  wd_draft_job_set_backend (job, backend);
  wd_draft_job_set_instruction (job, instruction);
  wd_draft_job_set_force (job, force);
  g_signal_connect (job, "part-started", G_CALLBACK (on_part_started), &run);
  g_signal_connect (job, "delta", G_CALLBACK (on_delta), &run);
  g_signal_connect (job, "part-finished", G_CALLBACK (on_part_finished), &run);

  cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  wd_draft_job_run_async (job, cancellable, on_done, &run);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint_id);

  ok = wd_draft_job_run_finish (job, run.result, &error);
  g_clear_object (&run.result);

  prompt_tokens = wd_draft_job_get_prompt_tokens (job);
  completion_tokens = wd_draft_job_get_completion_tokens (job);
  if (prompt_tokens > 0 || completion_tokens > 0)
    /* Translators: the token usage of a draft; %s is the model */
    g_printerr (_("Tokens: %lld prompt, %lld completion (%s)\n"),
                (long long) prompt_tokens, (long long) completion_tokens,
                wd_cli_nonempty (wd_draft_job_get_model (job)));

  if (!ok)
    {
      if (g_error_matches (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          return wd_cli_fail (WD_CLI_EXIT_FAILED,
                              _("There is no brief %s in %s; run “wiredesk-cli list” to "
                                "see the ids."),
                              id_text, wd_store_get_path (wd_context_get_store (context)));
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          for (guint part = 0; part <= WD_DRAFT_PART_WATCH; part++)
            if (wd_draft_job_get_part_state (job, part) == WD_DRAFT_PART_CANCELLED &&
                *wd_draft_job_get_part_text (job, part) != '\0')
              /* Translators: %s is a part of the brief, such as "Summary" */
              return wd_cli_fail (WD_CLI_EXIT_FAILED,
                                  _("Stopped; the text that had arrived for “%s” is kept as "
                                    "an incomplete revision."), part_heading (part));
          return wd_cli_fail (WD_CLI_EXIT_FAILED, _("Stopped before any text arrived; nothing "
                                                    "was saved."));
        }
      return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
    }
  return WD_CLI_EXIT_OK;
}
