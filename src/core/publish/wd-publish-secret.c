/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish-secret"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "wd-config.h"
#include "wd-publish-secret.h"

G_DEFINE_QUARK (wd-publish-secret-error-quark, wd_publish_secret_error)

/* A secret is wiped before it is freed, like the ones libsecret hands out. */
static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

typedef struct {
  char           *name;
  char           *secret;  /* the lookup's answer, or what to store; NULL: remove */
  WdSecretSource  source;
} Call;

static void
call_free (gpointer data)
{
  Call *call = data;

  g_free (call->name);
  wipe_free (call->secret);
  g_free (call);
}

static Call *
new_call (const char *name,
          const char *secret)
{
  Call *call = g_new0 (Call, 1);

  call->name = g_strdup (name);
  call->secret = g_strdup (secret);
  return call;
}

/* Turns a failed Secret Service call into the one sentence the user
 * reads: which variable to set instead. */
static void
return_service_error (GTask      *task,
                      GError     *error,
                      const char *name)
{
  g_autofree char *env_name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("Secret Service call for target %s failed: %s", name, error->message);
  g_error_free (error);
  env_name = wd_config_secret_env_name (name);
  g_task_return_new_error (task, WD_PUBLISH_SECRET_ERROR, WD_PUBLISH_SECRET_ERROR_NO_SERVICE,
                           /* Translators: %s is the name of an environment variable. */
                           _("No Secret Service is running to keep the target’s secret; set "
                             "the environment variable %s to it instead."),
                           env_name);
}

/**
 * wd_publish_secret_lookup:
 * @target_name: the NAME of a `[target NAME]` group
 * @cancellable: (nullable): a #GCancellable
 *
 * Looks up a target's secret (an application password, a bearer token):
 * `WIREDESK_SECRET_<NAME>` first, else the Secret Service. Blocks; call
 * it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL when there is
 *   none (the target then says which variable to set)
 */
char *
wd_publish_secret_lookup (const char   *target_name,
                          GCancellable *cancellable)
{
  g_autofree char *env_name = NULL;
  g_autoptr(GError) error = NULL;
  const char *value;
  char *secret;
  char *copy;

  g_return_val_if_fail (target_name != NULL, NULL);

  env_name = wd_config_secret_env_name (target_name);
  value = g_getenv (env_name);
  if (value != NULL && *value != '\0')
    return g_strdup (value);

  secret = secret_password_lookup_sync (wd_secret_get_schema (), cancellable, &error,
                                        "kind", "target",
                                        "name", target_name,
                                        NULL);
  if (error != NULL)
    g_debug ("Secret Service lookup for target %s failed: %s", target_name, error->message);
  copy = g_strdup (secret);
  if (secret != NULL)
    secret_password_free (secret);
  return copy;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_sync (wd_secret_get_schema (), cancellable, &error,
                                       "kind", "target",
                                       "name", call->name,
                                       NULL);
  if (error != NULL)
    {
      return_service_error (task, error, call->name);
      return;
    }
  if (secret != NULL)
    {
      call->secret = g_strdup (secret);
      call->source = WD_SECRET_SOURCE_SECRET_SERVICE;
      secret_password_free (secret);
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * wd_publish_secret_lookup_async:
 * @target_name: the NAME of a `[target NAME]` group
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Looks up the target's secret as wd_publish_secret_lookup() does — the
 * environment variable `WIREDESK_SECRET_<NAME>` first, else the Secret
 * Service — with the blocking call in a worker thread, and says where it
 * was found.
 */
void
wd_publish_secret_lookup_async (const char          *target_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *env_name = NULL;
  const char *value;
  Call *call;

  g_return_if_fail (target_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_publish_secret_lookup_async);
  g_task_set_return_on_cancel (task, TRUE);
  call = new_call (target_name, NULL);
  g_task_set_task_data (task, call, call_free);

  env_name = wd_config_secret_env_name (target_name);
  value = g_getenv (env_name);
  if (value != NULL && *value != '\0')
    {
      call->secret = g_strdup (value);
      call->source = WD_SECRET_SOURCE_ENVIRONMENT;
      g_task_return_boolean (task, TRUE);
      return;
    }
  g_task_run_in_thread (task, lookup_thread);
}

/**
 * wd_publish_secret_lookup_finish:
 * @result: the result given to the callback
 * @out_source: (out) (optional): where the secret came from
 * @error: return location for a #GError
 *
 * Finishes the lookup. No secret is not an error (a static target needs
 * none): %NULL with the source %WD_SECRET_SOURCE_NONE. When the variable
 * is unset and no Secret Service answers, the error is
 * %WD_PUBLISH_SECRET_ERROR_NO_SERVICE, a sentence naming the variable.
 *
 * Returns: (transfer full) (nullable): the secret; never log it
 */
char *
wd_publish_secret_lookup_finish (GAsyncResult    *result,
                                 WdSecretSource  *out_source,
                                 GError         **error)
{
  Call *call;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == wd_publish_secret_lookup_async, NULL);

  if (out_source != NULL)
    *out_source = WD_SECRET_SOURCE_NONE;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  call = g_task_get_task_data (G_TASK (result));
  if (out_source != NULL)
    *out_source = call->source;
  return g_steal_pointer (&call->secret);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;

  if (call->secret != NULL)
    {
      /* Not translated: the label names the item in any keyring browser,
       * whatever the language of the session that stored it. */
      g_autofree char *label = g_strdup_printf ("Wiredesk: target %s", call->name);

      secret_password_store_sync (wd_secret_get_schema (), SECRET_COLLECTION_DEFAULT, label, call->secret,
                                  cancellable, &error,
                                  "kind", "target",
                                  "name", call->name,
                                  NULL);
    }
  else
    secret_password_clear_sync (wd_secret_get_schema (), cancellable, &error,
                                "kind", "target",
                                "name", call->name,
                                NULL);
  if (error != NULL)
    {
      return_service_error (task, error, call->name);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
start_store (const char          *target_name,
             const char          *secret,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, new_call (target_name, secret), call_free);
  g_task_run_in_thread (task, store_thread);
}

/**
 * wd_publish_secret_store_async:
 * @target_name: the NAME of a `[target NAME]` group
 * @secret: the application password or token
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Stores the target's secret in the Secret Service's default collection
 * (kind=target, name=NAME, labelled "Wiredesk: target NAME"), replacing an
 * earlier one. The secret is written nowhere else.
 */
void
wd_publish_secret_store_async (const char          *target_name,
                               const char          *secret,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (target_name != NULL);
  g_return_if_fail (secret != NULL);

  start_store (target_name, secret, wd_publish_secret_store_async, cancellable, callback,
               user_data);
}

/**
 * wd_publish_secret_store_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes storing. Without a Secret Service the error is
 * %WD_PUBLISH_SECRET_ERROR_NO_SERVICE, a sentence naming the environment
 * variable to set instead.
 *
 * Returns: whether the secret is stored
 */
gboolean
wd_publish_secret_store_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == wd_publish_secret_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * wd_publish_secret_clear_async:
 * @target_name: the NAME of a `[target NAME]` group
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Removes the target's secret from the Secret Service, if it holds one.
 */
void
wd_publish_secret_clear_async (const char          *target_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (target_name != NULL);

  start_store (target_name, NULL, wd_publish_secret_clear_async, cancellable, callback,
               user_data);
}

/**
 * wd_publish_secret_clear_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes the removal; no secret to remove is not an error.
 *
 * Returns: whether the Secret Service holds no secret for the target now
 */
gboolean
wd_publish_secret_clear_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == wd_publish_secret_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
