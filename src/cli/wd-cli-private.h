/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

/* Exit statuses, as DESIGN.md fixes them. */
typedef enum {
  WD_CLI_EXIT_OK = 0,
  WD_CLI_EXIT_FAILED = 1, /* the command's own failure: not found, unreadable, refused */
  WD_CLI_EXIT_USAGE = 2,  /* bad usage: unknown command or option, bad argument */
} WdCliExit;

/* What the global options decided, handed to every command. */
typedef struct {
  char      *db_path;     /* --db, or NULL for wd_store_default_path() */
  char      *config_path; /* --config, or NULL for the default file */
  WdContext *context;     /* opened on demand by wd_cli_open_context() */
} WdCli;

void wd_cli_clear (WdCli *cli);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WdCli, wd_cli_clear)

/* Runs a command; argv[0] is the command's name. Returns a WdCliExit. */
typedef int (*WdCliRunFunc) (WdCli *cli, int argc, char **argv);

typedef struct {
  const char   *name;
  const char   *summary;  /* one line for the global --help, untranslated (N_) */
  WdCliRunFunc  run;
} WdCliCommand;

const WdCliCommand *wd_cli_get_commands (guint *n_commands);
const WdCliCommand *wd_cli_find_command (const char *name);

/* Prints "wiredesk-cli: MESSAGE" as one line on stderr; returns @status. */
int        wd_cli_fail (int status, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* The message of @error as a failure; returns @status. */
int        wd_cli_fail_error (int status, const GError *error);

/* The usage of wiredesk-cli and its commands, on stdout. */
void       wd_cli_print_global_help (void);

/* Loads the configuration and opens the archive (once). */
WdContext *wd_cli_open_context (WdCli *cli, GError **error);

/* Shared by the command files; defined in wd-cli-commands.c and the
 * files of the commands. */

gboolean
wd_cli_parse_command_line (WdCli              *cli,
                           const char         *parameters,
                           const char         *summary,
                           const char         *description,
                           const GOptionEntry *entries,
                           int                *argc,
                           char             ***argv,
                           int                *exit_status);

gboolean
wd_cli_check_arguments (const char  *command,
                        int          argc,
                        char       **argv,
                        int          wanted,
                        const char  *what,
                        int         *exit_status);

int
wd_cli_require_context (WdCli      *cli,
                        WdContext **out_context);

gboolean
wd_cli_stdout_is_terminal (void);

int
wd_cli_terminal_width (void);

int
wd_cli_display_width (const char *str);

char *
wd_cli_truncate_to_width (const char *str,
                          int         max);

void
wd_cli_append_padded (GString    *line,
                      const char *str,
                      int         width);

char *
wd_cli_single_line (const char *str);

char *
wd_cli_format_date (GDateTime *time);

const char *
wd_cli_nonempty (const char *str);

const char *
wd_cli_brief_title (WdBrief *brief);

const char *
wd_cli_brief_publisher (WdBrief *brief);

GDateTime *
wd_cli_brief_date (WdBrief *brief);

const char *
wd_cli_section_heading (WdSectionKind kind);

void
wd_cli_add_string_member (JsonBuilder *builder,
                          const char  *name,
                          const char  *value);

void
wd_cli_add_brief_members (JsonBuilder *builder,
                          WdBrief     *brief);

void
wd_cli_add_sections_and_mentions (JsonBuilder *builder,
                                  WdBrief     *brief);

void
wd_cli_print_json (JsonBuilder *builder);

/* A brief id given on the command line; a usage failure otherwise. */
gboolean
wd_cli_parse_brief_id (const char *text,
                       gint64     *out_id,
                       int        *exit_status);

int
wd_cli_run_check (WdCli  *cli,
                   int     argc,
                   char  **argv);

int
wd_cli_run_draft (WdCli  *cli,
                   int     argc,
                   char  **argv);

int
wd_cli_run_list (WdCli  *cli,
                 int     argc,
                 char  **argv);

int
wd_cli_run_search (WdCli  *cli,
                    int     argc,
                    char  **argv);

int
wd_cli_run_show (WdCli  *cli,
                 int     argc,
                 char  **argv);

int
wd_cli_run_add_source (WdCli  *cli,
                       int     argc,
                       char  **argv);

int
wd_cli_run_extract (WdCli  *cli,
                    int     argc,
                    char  **argv);

int
wd_cli_run_import (WdCli  *cli,
                    int     argc,
                    char  **argv);

int
wd_cli_run_policy (WdCli  *cli,
                    int     argc,
                    char  **argv);

int
wd_cli_run_feed (WdCli  *cli,
                 int     argc,
                 char  **argv);

int
wd_cli_run_backend (WdCli  *cli,
                    int     argc,
                    char  **argv);

int
wd_cli_run_render (WdCli  *cli,
                   int     argc,
                   char  **argv);

int
wd_cli_run_publish (WdCli  *cli,
                    int     argc,
                    char  **argv);

int
wd_cli_run_unpublish (WdCli  *cli,
                      int     argc,
                      char  **argv);

int
wd_cli_run_jobs (WdCli  *cli,
                 int     argc,
                 char  **argv);

int
wd_cli_run_target (WdCli  *cli,
                   int     argc,
                   char  **argv);

G_END_DECLS
