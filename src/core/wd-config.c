/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-config"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wd-config.h"

struct _WdConfig
{
  GObject   parent_instance;

  /* owned */
  char     *path;
  GKeyFile *key_file;
};

G_DEFINE_FINAL_TYPE (WdConfig, wd_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (wd-config-error-quark, wd_config_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULTS_GROUP "defaults"

/* Key names that would hold a secret. Secrets belong in the Secret Service
 * or in WIREDESK_SECRET_<NAME>, so a key file carrying one is never
 * written by us. */
static const char * const secret_keys[] = {
  "api-key", "api_key", "apikey", "password", "application-password",
  "app-password", "secret", "token", "access-token", "bearer-token",
};

static gboolean
is_named_kind (const char *kind)
{
  return g_strcmp0 (kind, "backend") == 0 || g_strcmp0 (kind, "target") == 0;
}

/* The name of a "[KIND NAME]" group, or NULL when @group is not one. */
static const char *
group_name_for_kind (const char *group,
                     const char *kind)
{
  size_t len = strlen (kind);

  if (strncmp (group, kind, len) != 0 || group[len] != ' ')
    return NULL;
  return group + len + 1;
}

/*
 * GKeyFile names the offending line's text but not its number. Config
 * files are short, so parse ever longer prefixes of the text: the first
 * prefix that fails ends on the line to blame.
 */
static guint
find_bad_line (const char *contents,
               gsize       length)
{
  g_autoptr(GKeyFile) probe = NULL;
  const char *end = contents + length;
  const char *p = contents;
  guint line = 0;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl + 1 : end;

      line++;
      g_clear_pointer (&probe, g_key_file_unref);
      probe = g_key_file_new ();
      if (!g_key_file_load_from_data (probe, contents, line_end - contents,
                                      G_KEY_FILE_NONE, NULL))
        return line;
      p = line_end;
    }

  return 0;
}

static gboolean
is_blank (const char *str)
{
  for (; *str != '\0'; str++)
    if (!g_ascii_isspace (*str))
      return FALSE;
  return TRUE;
}

static gboolean
check_groups (WdConfig  *self,
              GError   **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (self->key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      static const char * const kinds[] = { "backend", "target" };

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          const char *name = group_name_for_kind (groups[i], kinds[k]);

          if (g_strcmp0 (groups[i], kinds[k]) == 0 || (name != NULL && is_blank (name)))
            {
              g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                           /* Translators: the first %s is the file's path, the second the
                            * group as written, the third the kind of group ("backend" or
                            * "target", not translated); keep NAME in capitals. */
                           _("The configuration file %s has a group [%s] without a name; "
                             "write it as [%s NAME]."),
                           self->path, groups[i], kinds[k]);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
is_secret_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (secret_keys); i++)
    if (g_ascii_strcasecmp (key, secret_keys[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Finds a key that looks like a secret in any group; returns FALSE and
 * sets @out_group / @out_key when there is one. */
static gboolean
find_secret (GKeyFile  *key_file,
             char     **out_group,
             char     **out_key)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (key_file, groups[i], NULL, NULL);

      for (guint j = 0; keys != NULL && keys[j] != NULL; j++)
        if (is_secret_key (keys[j]))
          {
            *out_group = g_strdup (groups[i]);
            *out_key = g_strdup (keys[j]);
            return TRUE;
          }
    }

  return FALSE;
}

/**
 * wd_config_default_path:
 *
 * Returns the path of the shared configuration file,
 * `$XDG_CONFIG_HOME/wiredesk/wiredesk.conf`; it need not exist.
 *
 * Returns: (transfer full): a newly allocated path
 */
char *
wd_config_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "wiredesk", "wiredesk.conf", NULL);
}

/**
 * wd_config_new_empty:
 *
 * Creates a configuration with no groups and no file behind it, as the app
 * starts with when nothing is configured. wd_config_save() writes it to
 * wd_config_default_path().
 *
 * Returns: (transfer full): a new #WdConfig
 */
WdConfig *
wd_config_new_empty (void)
{
  return g_object_new (WD_TYPE_CONFIG, NULL);
}

/**
 * wd_config_load:
 * @path: (nullable): the file given with `--config`, or %NULL for the
 *   default file
 * @error: return location for a #WD_CONFIG_ERROR
 *
 * Reads the configuration. A missing default file is an empty
 * configuration; a missing explicit file is %WD_CONFIG_ERROR_NOT_FOUND, and
 * a file that does not parse is %WD_CONFIG_ERROR_PARSE with a message that
 * names the file and the line.
 *
 * Returns: (transfer full): the configuration, or %NULL on error
 */
WdConfig *
wd_config_load (const char  *path,
                GError     **error)
{
  g_autoptr(WdConfig) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *default_path = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (path == NULL)
    path = default_path = wd_config_default_path ();

  self = g_object_new (WD_TYPE_CONFIG, "path", path, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (default_path != NULL &&
          g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_NOT_FOUND,
                     _("The configuration file %s does not exist; check the path given "
                       "with --config, or leave the option out to use the default file."),
                     path);
      else
        g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_NOT_FOUND,
                     _("The configuration file %s cannot be read (%s); check that it is "
                       "a readable file."),
                     path, local_error->message);
      return NULL;
    }

  if (!g_key_file_load_from_data (self->key_file, contents, length,
                                  G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      guint line = find_bad_line (contents, length);

      if (line > 0)
        g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_PARSE,
                     /* Translators: %s is the file's path, %u the line number, the
                      * second %s GLib's message about the error. */
                     _("The configuration file %s has an error on line %u (%s); fix or "
                       "remove that line."),
                     path, line, local_error->message);
      else
        g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_PARSE,
                     _("The configuration file %s is not a valid key file (%s); fix it "
                       "or move it aside."),
                     path, local_error->message);
      return NULL;
    }

  if (!check_groups (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  WdConfig *config;

  config = wd_config_load (task_data, &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, g_object_unref);
}

/**
 * wd_config_load_async:
 * @path: (nullable): the file, or %NULL for the default one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Loads the configuration as wd_config_load() does, in a worker thread, so
 * the app's main thread never waits on the disk.
 */
void
wd_config_load_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, wd_config_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * wd_config_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #WD_CONFIG_ERROR
 *
 * Returns: (transfer full): the configuration, or %NULL with @error set
 */
WdConfig *
wd_config_load_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_config_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * wd_config_get_path:
 * @self: a #WdConfig
 *
 * Returns: (nullable): the file this configuration was read from and is
 *   saved to; %NULL for a configuration from wd_config_new_empty() that
 *   was never saved
 */
const char *
wd_config_get_path (WdConfig *self)
{
  g_return_val_if_fail (WD_IS_CONFIG (self), NULL);

  return self->path;
}

/**
 * wd_config_get_key_file:
 * @self: a #WdConfig
 *
 * The key file itself, for Preferences to edit; wd_config_save() writes
 * the changes.
 *
 * Returns: (transfer none): the key file
 */
GKeyFile *
wd_config_get_key_file (WdConfig *self)
{
  g_return_val_if_fail (WD_IS_CONFIG (self), NULL);

  return self->key_file;
}

/**
 * wd_config_list_named:
 * @self: a #WdConfig
 * @kind: "backend" or "target"
 *
 * The names of the `[backend NAME]` resp. `[target NAME]` groups, in the
 * order the file has them.
 *
 * Returns: (transfer full): a %NULL-terminated array, empty when there are
 *   none
 */
GStrv
wd_config_list_named (WdConfig   *self,
                      const char *kind)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (WD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (is_named_kind (kind), NULL);

  groups = g_key_file_get_groups (self->key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *name = group_name_for_kind (groups[i], kind);

      if (name != NULL && *name != '\0')
        g_strv_builder_add (builder, name);
    }

  return g_strv_builder_end (builder);
}

/**
 * wd_config_dup_named:
 * @self: a #WdConfig
 * @kind: "backend" or "target"
 * @name: the group's name
 * @key: the key
 *
 * Reads @key of the `[KIND NAME]` group.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when the group
 *   or the key is missing
 */
char *
wd_config_dup_named (WdConfig   *self,
                     const char *kind,
                     const char *name,
                     const char *key)
{
  g_autofree char *group = NULL;

  g_return_val_if_fail (WD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (is_named_kind (kind), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  group = g_strdup_printf ("%s %s", kind, name);
  return g_key_file_get_string (self->key_file, group, key, NULL);
}

/**
 * wd_config_dup_default:
 * @self: a #WdConfig
 * @kind: "backend" or "target"
 *
 * The name of the backend that drafts resp. the target that publishes when
 * none is named: `backend=` / `target=` in `[defaults]`.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL when unset
 */
char *
wd_config_dup_default (WdConfig   *self,
                       const char *kind)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (WD_IS_CONFIG (self), NULL);
  g_return_val_if_fail (is_named_kind (kind), NULL);

  value = g_key_file_get_string (self->key_file, DEFAULTS_GROUP, kind, NULL);
  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;

  return g_steal_pointer (&value);
}

/**
 * wd_config_save:
 * @self: a #WdConfig
 * @error: return location for a #GError
 *
 * Writes the key file back to its path (creating the folder) atomically:
 * a reader sees the old file or the new one, never half of it. A key that
 * would hold a secret (`api-key`, `password`, `token`, …) is refused with
 * %WD_CONFIG_ERROR_INVALID, because secrets never go into this file.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
wd_config_save (WdConfig  *self,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *secret_group = NULL;
  g_autofree char *secret_key = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (WD_IS_CONFIG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (find_secret (self->key_file, &secret_group, &secret_key))
    {
      const char *name = group_name_for_kind (secret_group, "backend");
      g_autofree char *env_name = NULL;

      if (name == NULL)
        name = group_name_for_kind (secret_group, "target");
      env_name = wd_config_secret_env_name (name != NULL ? name : secret_group);
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   /* Translators: the first %s is a group of the file, the second the
                    * key holding the secret, the third the name of an environment
                    * variable. */
                   _("The configuration was not saved because [%s] holds a secret in "
                     "“%s”; remove that key and keep the secret in the Secret Service "
                     "or in the environment variable %s."),
                   secret_group, secret_key, env_name);
      return FALSE;
    }

  if (self->path == NULL)
    {
      self->path = wd_config_default_path ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("The configuration could not be saved because the folder %s cannot "
                     "be created (%s); check its permissions."),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }

  data = g_key_file_to_data (self->key_file, &length, NULL);
  if (!g_file_set_contents_full (self->path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("The configuration could not be saved to %s (%s); check that the "
                     "folder is writable."),
                   self->path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * wd_config_secret_env_name:
 * @name: the name of a `[backend NAME]` or `[target NAME]` group
 *
 * The environment variable that holds that group's secret for headless
 * use: `WIREDESK_SECRET_` followed by @name upper-cased, with every
 * character other than A–Z and 0–9 turned into `_` ("local-qwen" gives
 * `WIREDESK_SECRET_LOCAL_QWEN`).
 *
 * Returns: (transfer full): the variable's name
 */
char *
wd_config_secret_env_name (const char *name)
{
  GString *str;

  g_return_val_if_fail (name != NULL, NULL);

  str = g_string_new ("WIREDESK_SECRET_");
  /* One '_' per character, also for a multi-byte one; a name that is not
   * UTF-8 is taken byte by byte. */
  if (g_utf8_validate (name, -1, NULL))
    {
      for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (c < 0x80 && g_ascii_isalnum ((char) c))
            g_string_append_c (str, g_ascii_toupper ((char) c));
          else
            g_string_append_c (str, '_');
        }
    }
  else
    {
      for (const char *p = name; *p != '\0'; p++)
        g_string_append_c (str, g_ascii_isalnum (*p) ? g_ascii_toupper (*p) : '_');
    }

  return g_string_free (str, FALSE);
}

static void
wd_config_finalize (GObject *object)
{
  WdConfig *self = (WdConfig *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->key_file, g_key_file_unref);

  G_OBJECT_CLASS (wd_config_parent_class)->finalize (object);
}

static void
wd_config_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WdConfig *self = WD_CONFIG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_config_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  WdConfig *self = WD_CONFIG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_config_class_init (WdConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_config_finalize;
  object_class->get_property = wd_config_get_property;
  object_class->set_property = wd_config_set_property;

  /**
   * WdConfig:path:
   *
   * The file the configuration comes from and is saved to.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_config_init (WdConfig *self)
{
  self->key_file = g_key_file_new ();
}
