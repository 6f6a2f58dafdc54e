/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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

G_END_DECLS
