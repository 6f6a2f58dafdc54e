/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include <stdio.h>

#include <glib/gi18n.h>

#include "wd-cli-private.h"
#include "publish/wd-outbox.h"
#include "publish/wd-publish-secret.h"

/* publish, unpublish, jobs and target: the doors of src/core/publish. */

static int
fail_brief (WdStore      *store,
            gint64        id,
            const GError *error)
{
  if (g_error_matches (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      return wd_cli_fail (WD_CLI_EXIT_FAILED,
                          _("There is no brief %s in %s; run “wiredesk-cli list” to see the "
                            "ids."),
                          id_text, wd_store_get_path (store));
    }
  return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
}

/* The --target, else the configured default; a failure when neither. */
static char *
choose_target (WdConfig   *config,
               const char *given,
               int        *exit_status)
{
  char *name = given != NULL ? g_strdup (given) : wd_outbox_default_target (config);

  if (name == NULL)
    *exit_status = wd_cli_fail (WD_CLI_EXIT_FAILED,
                                _("No publish target is set; add a [target NAME] group to %s "
                                  "and target=NAME under [defaults], or give --target."),
                                wd_config_get_path (config));
  return name;
}

static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autofree char *iso = g_strdup (text);

  /* "2026-12-01 09:30" as well as ISO 8601 with or without a zone. */
  if (strlen (iso) > 10 && iso[10] == ' ')
    iso[10] = 'T';
  if (strlen (iso) == 16)
    {
      g_autofree char *with_seconds = g_strconcat (iso, ":00", NULL);

      return g_date_time_new_from_iso8601 (with_seconds, local);
    }
  return g_date_time_new_from_iso8601 (iso, local);
}

static void
print_failures (const WdReviewReport *report)
{
  for (guint i = 0; report != NULL && i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (item->severity == WD_REVIEW_FAILURE)
        fprintf (stderr, "  FAIL  %s  %s\n", wd_review_section_to_string (item->section),
                 item->message);
    }
}

static int
drain (WdOutbox *outbox,
       WdStore  *store,
       gint64    job_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPublishJob) job = NULL;
  g_autoptr(WdBriefRemote) remote = NULL;

  if (!wd_outbox_drain (outbox, job_id, NULL, &error))
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  job = wd_store_get_job (store, job_id, &error);
  if (job == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
  remote = wd_store_get_brief_remote (store, job->brief_id, job->target, NULL);
  if (remote != NULL && remote->url != NULL && job->action != WD_JOB_UNPUBLISH)
    printf ("%s\n", remote->url);
  if (job->action == WD_JOB_UNPUBLISH)
    /* Translators: %lld is a brief's id, %s a target's name */
    fprintf (stderr, _("Unpublished brief %lld from %s.\n"), (long long) job->brief_id,
             job->target);
  else
    /* Translators: %lld is a brief's id, %s a target's name */
    fprintf (stderr, _("Published brief %lld to %s.\n"), (long long) job->brief_id,
             job->target);
  return WD_CLI_EXIT_OK;
}

int
wd_cli_run_publish (WdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autofree char *target_option = NULL;
  g_autofree char *at = NULL;
  g_autofree char *reason = NULL;
  gboolean resume = FALSE;
  gboolean queue_only = FALSE;
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &target_option,
      N_("Publish to this target instead of the default"), N_("NAME") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_("Schedule the brief for this local time, such as “2026-12-01 09:30”"), N_("TIME") },
    { "override", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Publish despite a failed preflight, for this reason (recorded on the brief)"),
      N_("REASON") },
    { "queue-only", 0, 0, G_OPTION_ARG_NONE, &queue_only,
      N_("Queue the brief in the outbox and return without sending it"), NULL },
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      N_("Send every job waiting in the outbox, such as those a crash interrupted"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdOutbox) outbox = NULL;
  g_autoptr(WdReviewReport) report = NULL;
  g_autoptr(GDateTime) publish_at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  WdContext *context;
  WdStore *store;
  gint64 id = 0;
  gint64 job_id;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("ID | --resume"),
                                  N_("Runs the preflight on a brief and, when it passes, "
                                     "publishes the brief to the target: a job goes into the "
                                     "outbox with the status change, then is sent, retrying "
                                     "network errors and busy servers. Prints the public "
                                     "address."),
                                  N_("A brief already on the target is updated. A failed "
                                     "preflight stops here unless --override gives a reason. "
                                     "--resume sends what an earlier run left in the outbox."),
                                  entries, &argc, &argv, &exit_status))
    return exit_status;
  if (resume)
    {
      if (!wd_cli_check_arguments ("publish", argc, argv, 0, NULL, &exit_status))
        return exit_status;
    }
  else
    {
      if (!wd_cli_check_arguments ("publish", argc, argv, 1, _("a brief id"), &exit_status))
        return exit_status;
      if (!wd_cli_parse_brief_id (argv[1], &id, &exit_status))
        return exit_status;
    }
  if (at != NULL)
    {
      publish_at = parse_time (at);
      if (publish_at == NULL)
        return wd_cli_fail (WD_CLI_EXIT_USAGE,
                            _("“%s” is not a time; write it as 2026-12-01 09:30."), at);
    }

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;
  store = wd_context_get_store (context);
  outbox = wd_outbox_new (store, wd_context_get_config (context));

  if (resume)
    {
      if (!wd_outbox_drain (outbox, 0, NULL, &error))
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      return WD_CLI_EXIT_OK;
    }

  target = choose_target (wd_context_get_config (context), target_option, &exit_status);
  if (target == NULL)
    return exit_status;

  job_id = wd_outbox_queue_publish (outbox, id, target, publish_at, reason, &report, &error);
  if (job_id == 0)
    {
      if (g_error_matches (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_PREFLIGHT))
        {
          exit_status = wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
          print_failures (report);
          return exit_status;
        }
      return fail_brief (store, id, error);
    }
  if (queue_only)
    {
      printf ("%" G_GINT64_FORMAT "\n", job_id);
      return WD_CLI_EXIT_OK;
    }
  return drain (outbox, store, job_id);
}

int
wd_cli_run_unpublish (WdCli  *cli,
                      int     argc,
                      char  **argv)
{
  g_autofree char *target_option = NULL;
  const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_STRING, &target_option,
      N_("Take the brief off this target instead of the default"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdOutbox) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  WdContext *context;
  WdStore *store;
  gint64 id = 0;
  gint64 job_id;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("ID"),
                                  N_("Takes a published brief off the target (WordPress keeps "
                                     "it as a draft) and marks it withdrawn."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("unpublish", argc, argv, 1, _("a brief id"), &exit_status))
    return exit_status;
  if (!wd_cli_parse_brief_id (argv[1], &id, &exit_status))
    return exit_status;

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;
  store = wd_context_get_store (context);
  target = choose_target (wd_context_get_config (context), target_option, &exit_status);
  if (target == NULL)
    return exit_status;

  job_id = wd_store_queue_publish (store, id, target, TRUE, NULL, NULL, &error);
  if (job_id == 0)
    return fail_brief (store, id, error);
  outbox = wd_outbox_new (store, wd_context_get_config (context));
  return drain (outbox, store, job_id);
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *time)
{
  g_autofree char *text = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

int
wd_cli_run_jobs (WdCli  *cli,
                 int     argc,
                 char  **argv)
{
  gboolean json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array instead of a table"),
      NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Also show the jobs that are done (the 500 newest)"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  WdContext *context;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, NULL,
                                  N_("Lists the outbox: the publish jobs waiting, being sent, "
                                     "or failed, with their attempts and last error."),
                                  NULL, entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("jobs", argc, argv, 0, NULL, &exit_status))
    return exit_status;
  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;

  jobs = wd_store_list_jobs (wd_context_get_store (context), !all, &error);
  if (jobs == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < jobs->len; i++)
        {
          WdPublishJob *job = jobs->pdata[i];

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, job->id);
          json_builder_set_member_name (builder, "brief_id");
          json_builder_add_int_value (builder, job->brief_id);
          wd_cli_add_string_member (builder, "headline", job->headline);
          wd_cli_add_string_member (builder, "target", job->target);
          wd_cli_add_string_member (builder, "action", wd_job_action_to_string (job->action));
          wd_cli_add_string_member (builder, "state", wd_job_state_to_string (job->state));
          json_builder_set_member_name (builder, "attempts");
          json_builder_add_int_value (builder, job->attempts);
          add_time_member (builder, "next_attempt_at", job->next_attempt_at);
          add_time_member (builder, "publish_at", job->publish_at);
          wd_cli_add_string_member (builder, "last_error", job->last_error);
          wd_cli_add_string_member (builder, "idempotency_key", job->key);
          add_time_member (builder, "created_at", job->created_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      wd_cli_print_json (builder);
      return WD_CLI_EXIT_OK;
    }

  if (jobs->len == 0)
    {
      fprintf (stderr, "%s\n", all ? _("The outbox is empty.")
                                   : _("Nothing is waiting in the outbox."));
      return WD_CLI_EXIT_OK;
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      WdPublishJob *job = jobs->pdata[i];
      g_autofree char *title = wd_cli_single_line (job->headline);
      g_autofree char *shown = wd_cli_truncate_to_width (title, 40);

      printf ("%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%u\t%s\t%s\n",
              job->id, job->brief_id, job->target, wd_job_action_to_string (job->action),
              wd_job_state_to_string (job->state), job->attempts, shown,
              job->last_error != NULL ? job->last_error : "");
    }
  return WD_CLI_EXIT_OK;
}

int
wd_cli_run_target (WdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("list | test NAME"),
                                  N_("Lists the publish targets of the configuration (name, "
                                     "kind, address, and whether a secret is found; never the "
                                     "secret), or checks that one is reachable and accepts "
                                     "the credentials, without publishing anything."),
                                  NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;
  action = argc > 1 ? argv[1] : NULL;
  if (g_strcmp0 (action, "test") == 0 ? argc != 3
      : g_strcmp0 (action, "list") == 0 ? argc != 2
      : TRUE)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“target” needs “list” or “test NAME”; run “wiredesk-cli target "
                          "--help” to see how to call it."));

  config = wd_config_load (cli->config_path, &error);
  if (config == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  if (g_str_equal (action, "list"))
    {
      g_auto(GStrv) names = wd_config_list_named (config, "target");
      g_autofree char *fallback = wd_outbox_default_target (config);

      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *kind = wd_config_dup_named (config, "target", names[i], "kind");
          g_autofree char *url = wd_config_dup_named (config, "target", names[i], "url");
          g_autofree char *dir = wd_config_dup_named (config, "target", names[i], "dir");
          g_autofree char *secret = wd_publish_secret_lookup (names[i], NULL);
          g_autofree char *env_name = wd_config_secret_env_name (names[i]);

          printf ("%s%s\t%s\t%s\t%s\n", names[i],
                  g_strcmp0 (names[i], fallback) == 0 ? "*" : "",
                  kind != NULL ? kind : "-",
                  url != NULL ? url : dir != NULL ? dir : "-",
                  g_strcmp0 (kind, "static") == 0 ? "-"
                  : secret != NULL ? _("secret found") : env_name);
        }
      return WD_CLI_EXIT_OK;
    }
  else
    {
      g_autoptr(WdPublishTarget) target = NULL;
      g_autofree char *secret = wd_publish_secret_lookup (argv[2], NULL);
      g_autofree char *description = NULL;
      gint64 start;

      target = wd_publish_target_new_from_config (config, argv[2], secret, &error);
      if (target == NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      start = g_get_monotonic_time ();
      description = wd_publish_target_test (target, NULL, &error);
      if (description == NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
      printf ("%s\n", description);
      /* Translators: %.0f is a number of milliseconds */
      printf (_("Answered in %.0f ms.\n"), (g_get_monotonic_time () - start) / 1000.0);
      return WD_CLI_EXIT_OK;
    }
}
