/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-secret"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "wd-config.h"
#include "wd-draft-error.h"
#include "wd-llm-secret.h"

typedef struct {
  char           *name;
  char           *key;
  WdSecretSource  source;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_free (lookup->name);
  if (lookup->key != NULL)
    secret_password_free (lookup->key);
  g_free (lookup);
}

const SecretSchema *
wd_secret_get_schema (void)
{
  /* Constant data, not state. */
  static const SecretSchema schema = {
    WD_SECRET_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "name", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  g_autoptr(GError) error = NULL;
  char *key;

  /* The blocking call runs here, never on the main thread: D-Bus
   * activation of a keyring can take a while. */
  key = secret_password_lookup_sync (wd_secret_get_schema (), cancellable, &error,
                                     "kind", "backend",
                                     "name", lookup->name,
                                     NULL);
  if (error != NULL)
    {
      g_autofree char *env_name = wd_config_secret_env_name (lookup->name);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Secret Service lookup failed: %s", error->message);
      g_task_return_new_error (task, WD_DRAFT_ERROR, WD_DRAFT_ERROR_NO_SECRET_SERVICE,
                               /* Translators: %s is the name of an environment variable. */
                               _("No Secret Service is running to hold the API key, and %s "
                                 "is not set; set that variable to the key."),
                               env_name);
      return;
    }

  if (key != NULL)
    {
      lookup->key = key;
      lookup->source = WD_SECRET_SOURCE_SECRET_SERVICE;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * wd_llm_secret_lookup_async:
 * @backend_name: the NAME of a `[backend NAME]` group
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Looks up the backend's API key: the environment variable
 * `WIREDESK_SECRET_<NAME>` first (see wd_config_secret_env_name()), else
 * the Secret Service (schema %WD_SECRET_SCHEMA_NAME, kind=backend,
 * name=NAME), whose blocking lookup runs in a worker thread.
 */
void
wd_llm_secret_lookup_async (const char          *backend_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *env_name = NULL;
  const char *value;
  Lookup *lookup;

  g_return_if_fail (backend_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_llm_secret_lookup_async);
  g_task_set_return_on_cancel (task, TRUE);

  lookup = g_new0 (Lookup, 1);
  lookup->name = g_strdup (backend_name);
  g_task_set_task_data (task, lookup, lookup_free);

  env_name = wd_config_secret_env_name (backend_name);
  value = g_getenv (env_name);
  if (value != NULL && *value != '\0')
    {
      lookup->key = g_strdup (value);
      lookup->source = WD_SECRET_SOURCE_ENVIRONMENT;
      g_task_return_boolean (task, TRUE);
      return;
    }

  g_task_run_in_thread (task, lookup_thread);
}

/**
 * wd_llm_secret_lookup_finish:
 * @result: the result given to the callback
 * @out_source: (out) (optional): where the key came from
 * @error: return location for a #GError
 *
 * Finishes the lookup. No key at all is not an error (local servers need
 * none): the result is %NULL with no error and the source
 * %WD_SECRET_SOURCE_NONE. When the variable is unset and no Secret Service
 * answers, the error is %WD_DRAFT_ERROR_NO_SECRET_SERVICE, one sentence
 * naming the variable; a cancelled lookup is %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer full) (nullable): the key, to be freed with
 *   secret_password_free() (it is wiped first); never log it
 */
char *
wd_llm_secret_lookup_finish (GAsyncResult    *result,
                             WdSecretSource  *out_source,
                             GError         **error)
{
  Lookup *lookup;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_llm_secret_lookup_async,
                        NULL);

  if (out_source != NULL)
    *out_source = WD_SECRET_SOURCE_NONE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  lookup = g_task_get_task_data (G_TASK (result));
  if (out_source != NULL)
    *out_source = lookup->source;
  return g_steal_pointer (&lookup->key);
}

typedef struct {
  char *name;
  char *key;  /* NULL: remove the key */
} Store;

static void
store_free (gpointer data)
{
  Store *store = data;

  g_free (store->name);
  if (store->key != NULL)
    {
      /* Wiped before it is freed, like the keys libsecret hands out. */
      memset (store->key, 0, strlen (store->key));
      g_free (store->key);
    }
  g_free (store);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Store *store = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;

  if (store->key != NULL)
    {
      /* Not translated: the label names the item in any keyring browser,
       * whatever the language of the session that stored it. */
      label = g_strdup_printf ("Wiredesk: backend %s", store->name);
      secret_password_store_sync (wd_secret_get_schema (), SECRET_COLLECTION_DEFAULT, label, store->key,
                                  cancellable, &error,
                                  "kind", "backend",
                                  "name", store->name,
                                  NULL);
    }
  else
    secret_password_clear_sync (wd_secret_get_schema (), cancellable, &error,
                                "kind", "backend",
                                "name", store->name,
                                NULL);

  if (error != NULL)
    {
      g_autofree char *env_name = wd_config_secret_env_name (store->name);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Secret Service store failed: %s", error->message);
      g_task_return_new_error (task, WD_DRAFT_ERROR, WD_DRAFT_ERROR_NO_SECRET_SERVICE,
                               /* Translators: %s is the name of an environment variable. */
                               _("No Secret Service is running to keep the API key; set the "
                                 "environment variable %s to the key instead."),
                               env_name);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
start_store (const char          *backend_name,
             const char          *key,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Store *store;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  store = g_new0 (Store, 1);
  store->name = g_strdup (backend_name);
  store->key = g_strdup (key);
  g_task_set_task_data (task, store, store_free);
  g_task_run_in_thread (task, store_thread);
}

/**
 * wd_llm_secret_store_async:
 * @backend_name: the NAME of a `[backend NAME]` group
 * @key: the API key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Stores the backend's API key in the Secret Service's default collection
 * (schema %WD_SECRET_SCHEMA_NAME, kind=backend, name=NAME, labelled
 * "Wiredesk: backend NAME"), replacing an earlier one; the blocking call runs
 * in a worker thread. The key is written nowhere else.
 */
void
wd_llm_secret_store_async (const char          *backend_name,
                           const char          *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (backend_name != NULL);
  g_return_if_fail (key != NULL);

  start_store (backend_name, key, wd_llm_secret_store_async, cancellable, callback, user_data);
}

/**
 * wd_llm_secret_store_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes storing. Without a Secret Service the error is
 * %WD_DRAFT_ERROR_NO_SECRET_SERVICE, one sentence naming the environment
 * variable to set instead.
 *
 * Returns: whether the key is stored
 */
gboolean
wd_llm_secret_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_llm_secret_store_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wd_llm_secret_clear_async:
 * @backend_name: the NAME of a `[backend NAME]` group
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Removes the backend's API key from the Secret Service, if it holds one.
 */
void
wd_llm_secret_clear_async (const char          *backend_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (backend_name != NULL);

  start_store (backend_name, NULL, wd_llm_secret_clear_async, cancellable, callback, user_data);
}

/**
 * wd_llm_secret_clear_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes the removal; no key to remove is not an error.
 *
 * Returns: whether the Secret Service holds no key for the backend now
 */
gboolean
wd_llm_secret_clear_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_llm_secret_clear_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
