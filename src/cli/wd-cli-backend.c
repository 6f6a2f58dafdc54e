/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include <signal.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "wd-cli-private.h"
#include "draft/wd-llm-backend.h"

/* backend list | backend test NAME: only the configuration is needed, so
 * neither command opens the archive. */

/* An async result waited for on the default main context. */
typedef struct {
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static char *
describe_key (WdLlmBackend *backend)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *env_name = wd_config_secret_env_name (wd_llm_backend_get_name (backend));
  WdSecretSource source = WD_SECRET_SOURCE_NONE;
  Wait wait = { NULL };

  if (!wd_llm_backend_is_http (backend))
    return g_strdup (_("no key needed"));

  wd_llm_backend_lookup_key_async (backend, NULL, on_done, &wait);
  if (!wd_llm_backend_lookup_key_finish (backend, wait_for (&wait), &source, &error))
    {
      g_object_unref (wait.result);
      /* Translators: %s is the name of an environment variable. */
      return g_strdup_printf (_("no key (no Secret Service is running; set %s)"), env_name);
    }
  g_object_unref (wait.result);

  switch (source)
    {
    case WD_SECRET_SOURCE_ENVIRONMENT:
      /* Translators: %s is the name of an environment variable. */
      return g_strdup_printf (_("key from %s"), env_name);
    case WD_SECRET_SOURCE_SECRET_SERVICE:
      return g_strdup (_("key in the Secret Service"));
    case WD_SECRET_SOURCE_NONE:
    default:
      return g_strdup (_("no key"));
    }
}

static int
backend_list (WdConfig *config)
{
  g_auto(GStrv) names = wd_config_list_named (config, "backend");
  int status = WD_CLI_EXIT_OK;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WdLlmBackend) backend = wd_llm_backend_new_from_config (config, names[i], &error);
      g_autofree char *key = NULL;

      if (backend == NULL)
        {
          status = wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
          continue;
        }

      key = describe_key (backend);
      g_print ("%s\t%s\t%s\t%s\t%s\n", names[i],
               wd_llm_kind_to_string (wd_llm_backend_get_kind (backend)),
               wd_cli_nonempty (wd_llm_backend_get_model (backend)) ?: "-",
               wd_cli_nonempty (wd_llm_backend_get_base_url (backend)) ?: "-",
               key);
    }

  return status;
}

static void
on_test_delta (WdLlmDeltaKind  kind,
               const char     *delta,
               gpointer        user_data)
{
  /* The answer streams out as it comes; reasoning is not shown. */
  if (kind == WD_LLM_DELTA_TEXT)
    {
      g_print ("%s", delta);
      fflush (stdout);
    }
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

static int
backend_test (WdConfig   *config,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdLlmBackend) backend = NULL;
  g_autoptr(WdLlmRequest) request = NULL;
  g_autoptr(WdLlmResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { NULL };
  gboolean ok;
  guint sigint_id;
  double generating;

  backend = wd_llm_backend_new_from_config (config, name, &error);
  if (backend == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  if (!wd_llm_backend_is_http (backend))
    {
      g_print (_("[backend %s] is the builtin engine, which runs inside Wiredesk without a "
                 "server; there is no connection to test."),
               name);
      g_print ("\n");
      return WD_CLI_EXIT_OK;
    }

  request = wd_llm_request_new ("You check that a connection works. Answer in one short line.");
  wd_llm_request_add_message (request, WD_LLM_ROLE_USER,
                              "Say hello to the newsroom in five words or fewer.");

  /* Ctrl+C stops the request and closes the connection at once. */
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  wd_llm_backend_chat_async (backend, request, on_test_delta, NULL, cancellable,
                             on_done, &wait);
  ok = wd_llm_backend_chat_finish (backend, wait_for (&wait), &response, &error);
  g_object_unref (wait.result);
  g_source_remove (sigint_id);

  if (*response->text != '\0')
    g_print ("\n");
  if (!ok)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  g_print ("%s %s\n", _("Model:"), response->model);
  if (response->time_to_first_token >= 0)
    g_print (_("Time to first token: %.2f s"), response->time_to_first_token / 1e6);
  else
    g_print ("%s", _("Time to first token: none (the answer was empty)"));
  g_print ("\n");

  generating = response->time_to_first_token >= 0
               ? (response->duration - response->time_to_first_token) / 1e6 : 0;
  if (response->completion_tokens >= 0 && generating > 0)
    g_print (_("Tokens/s: %.1f (%lld tokens in %.2f s)"),
             response->completion_tokens / generating,
             (long long) response->completion_tokens, generating);
  else if (generating > 0)
    g_print (_("Tokens/s: about %.1f (%u pieces in %.2f s; the server reported no usage)"),
             response->n_deltas / generating, response->n_deltas, generating);
  else
    g_print ("%s", _("Tokens/s: not measurable (the answer came in one piece)"));
  g_print ("\n");

  return WD_CLI_EXIT_OK;
}

int
wd_cli_run_backend (WdCli  *cli,
                    int     argc,
                    char  **argv)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("list | test NAME"),
                                  N_("Lists the language-model backends of the configuration "
                                     "(name, kind, model, base URL, and whether an API key is "
                                     "found; never the key), or sends one a one-line request "
                                     "and prints the time to the first token and the tokens "
                                     "per second."),
                                  NULL, NULL, &argc, &argv, &exit_status))
    return exit_status;
  action = argc > 1 ? argv[1] : NULL;
  if (g_strcmp0 (action, "test") == 0 ? argc != 3
      : g_strcmp0 (action, "list") == 0 ? argc != 2
      : TRUE)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("“backend” needs “list” or “test NAME”; run “wiredesk-cli "
                          "backend --help” to see how to call it."));

  config = wd_config_load (cli->config_path, &error);
  if (config == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  if (g_str_equal (action, "list"))
    return backend_list (config);
  return backend_test (config, argv[2]);
}
