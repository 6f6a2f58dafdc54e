/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WD_CONFIG_ERROR (wd_config_error_quark ())

typedef enum {
  WD_CONFIG_ERROR_NOT_FOUND, /* an explicitly named file is missing */
  WD_CONFIG_ERROR_PARSE,     /* the file is not a valid key file */
  WD_CONFIG_ERROR_INVALID,   /* a group or key has a value we cannot use */
} WdConfigError;

GQuark wd_config_error_quark (void);

#define WD_TYPE_CONFIG (wd_config_get_type ())
G_DECLARE_FINAL_TYPE (WdConfig, wd_config, WD, CONFIG, GObject)

/*
 * The shared configuration key file of the app and the CLI
 * ($XDG_CONFIG_HOME/wiredesk/wiredesk.conf, or the file given with
 * --config): [defaults], [backend NAME] and [target NAME] groups. A missing
 * default file is an empty configuration; a missing explicit file, or one
 * that does not parse, is an error that names the file and the line.
 */
char       *wd_config_default_path (void);
WdConfig   *wd_config_load (const char *path, GError **error);
void        wd_config_load_async (const char *path, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
WdConfig   *wd_config_load_finish (GAsyncResult *result, GError **error);
WdConfig   *wd_config_new_empty (void);
const char *wd_config_get_path (WdConfig *self);
GKeyFile   *wd_config_get_key_file (WdConfig *self);

/* Names of the "[backend NAME]" resp. "[target NAME]" groups, in file
 * order; @kind is "backend" or "target". */
GStrv       wd_config_list_named (WdConfig *self, const char *kind);
/* A key of a named group, or NULL. */
char       *wd_config_dup_named (WdConfig *self, const char *kind, const char *name,
                                 const char *key);
/* [defaults] backend= / target=, or NULL. */
char       *wd_config_dup_default (WdConfig *self, const char *kind);
/* Writes the key file back atomically (temporary file, then rename). */
gboolean    wd_config_save (WdConfig *self, GError **error);

/* "WIREDESK_SECRET_" + NAME upper-cased, every character other than A-Z
 * and 0-9 turned into '_'. */
char       *wd_config_secret_env_name (const char *name);

G_END_DECLS
