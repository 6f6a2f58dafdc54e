/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "wd-cli-private.h"
#include "publish/wd-render.h"

/*
 * `render ID --format FORMAT`: the brief as a publish target would get it,
 * on stdout. It reads the archive and the configuration and writes
 * nothing, so a script can look at what publishing would send.
 */

int
wd_cli_run_render (WdCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *public_url = NULL;
  gboolean page = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("What to print: html (the default), markdown, jsonld or ninjs"), N_("FORMAT") },
    { "page", 0, 0, G_OPTION_ARG_NONE, &page,
      N_("With html: a whole page with the site's style, as the preview shows it"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &public_url,
      N_("The brief's public address, when it is known"), N_("URL") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(WdRenderOptions) options = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  WdRenderFormat format = WD_RENDER_HTML;
  WdRenderMeta meta = { NULL, };
  WdSource *source;
  WdContext *context;
  WdStore *store;
  gint64 id = 0;
  int exit_status;

  if (!wd_cli_parse_command_line (cli, N_("ID"),
                                  N_("Prints a brief as it would be published: the body as "
                                     "HTML, Markdown with front matter, a JSON-LD NewsArticle "
                                     "or an IPTC ninjs object."),
                                  N_("Writes nothing. The site's name, address, team and "
                                     "stylesheet come from the [site] group of the "
                                     "configuration; the footer from the templates in the "
                                     "archive."),
                                  entries, &argc, &argv, &exit_status))
    return exit_status;
  if (!wd_cli_check_arguments ("render", argc, argv, 1, _("a brief id"), &exit_status))
    return exit_status;
  if (!wd_cli_parse_brief_id (argv[1], &id, &exit_status))
    return exit_status;
  if (format_name != NULL && !wd_render_format_from_string (format_name, &format))
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        /* Translators: %s is what was given to --format */
                        _("“%s” is not a format; use html, markdown, jsonld or ninjs."),
                        format_name);
  if (page && format != WD_RENDER_HTML)
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--page makes an HTML page; leave out --format or use --format html."));
  if (public_url != NULL &&
      !g_str_has_prefix (public_url, "https://") && !g_str_has_prefix (public_url, "http://"))
    return wd_cli_fail (WD_CLI_EXIT_USAGE,
                        _("--url needs an http or https address, such as "
                          "https://news.example.org/briefs/port-traffic."));

  if ((exit_status = wd_cli_require_context (cli, &context)) != WD_CLI_EXIT_OK)
    return exit_status;
  store = wd_context_get_store (context);

  brief = wd_store_load_brief (store, id, &error);
  if (brief == NULL)
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

  /* The publisher's policy decides what may be shown (link-only: no
   * summary) and what ninjs says about usage. */
  source = wd_brief_get_source (brief);
  if (source != NULL && wd_source_get_publisher_domain (source) != NULL)
    {
      policy = wd_store_get_policy (store, wd_source_get_publisher_domain (source), &error);
      if (error != NULL)
        return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);
    }

  options = wd_render_options_new (store, wd_context_get_config (context), &error);
  if (options == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  meta.public_url = public_url;
  meta.policy = policy;
  if (page)
    output = wd_render_page (brief, options, &meta, &error);
  else
    output = wd_render_brief (brief, format, options, &meta, &error);
  if (output == NULL)
    return wd_cli_fail_error (WD_CLI_EXIT_FAILED, error);

  /* UTF-8 whatever the locale, as JSON is; so it bypasses g_print(). */
  fputs (output, stdout);
  if (*output == '\0' || output[strlen (output) - 1] != '\n')
    fputc ('\n', stdout);

  return WD_CLI_EXIT_OK;
}
