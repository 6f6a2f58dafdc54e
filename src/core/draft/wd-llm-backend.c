/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-backend"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "wd-llm-backend-private.h"
#include "wd-llm-wire.h"

#define USER_AGENT "Wiredesk/" PACKAGE_VERSION

/* Bounds of the numeric keys. */
#define MAX_TIMEOUT     (24 * 60 * 60)
#define MAX_MAX_TOKENS  10000000

struct _WdLlmBackend
{
  GObject      parent_instance;

  /* owned */
  char        *name;
  char        *base_url;
  char        *model;
  SoupSession *session;   /* NULL for builtin */
  char        *key;       /* from the Secret Service, wiped when freed */

  WdLlmKind    kind;
  double       temperature;
  guint        max_tokens;
  guint        connect_timeout;
  guint        first_byte_timeout;
  guint        idle_timeout;
  gboolean     structured_output;
  guint        retry_base_delay;
};

G_DEFINE_FINAL_TYPE (WdLlmBackend, wd_llm_backend, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  PROP_BASE_URL,
  PROP_MODEL,
  PROP_TEMPERATURE,
  PROP_MAX_TOKENS,
  PROP_CONNECT_TIMEOUT,
  PROP_FIRST_BYTE_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_RETRY_BASE_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
dup_value (WdConfig   *config,
           const char *name,
           const char *key)
{
  g_autofree char *value = wd_config_dup_named (config, "backend", name, key);

  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;
  return g_steal_pointer (&value);
}

static gboolean
read_seconds (WdConfig    *config,
              const char  *name,
              const char  *key,
              guint        fallback,
              guint       *out_value,
              GError     **error)
{
  g_autofree char *value = dup_value (config, name, key);
  guint64 number = 0;

  if (value == NULL)
    {
      *out_value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (value, 10, 1, MAX_TIMEOUT, &number, NULL))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   /* Translators: the first %s is the backend's name, the second a key
                    * (not translated), the third its value, %u the default. */
                   _("In [backend %s], %s=%s is not a whole number of seconds from 1 to "
                     "86400; write one such as %s=%u."),
                   name, key, value, key, fallback);
      return FALSE;
    }

  *out_value = (guint) number;
  return TRUE;
}

/* A base URL with a trailing slash taken off, or NULL with @error set. */
static char *
read_base_url (WdConfig    *config,
               const char  *name,
               WdLlmKind    kind,
               GError     **error)
{
  g_autofree char *value = dup_value (config, name, "base-url");
  g_autoptr(GUri) uri = NULL;
  gsize length;

  if (value == NULL)
    return wd_llm_wire_default_base_url (kind);

  uri = g_uri_parse (value, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   /* Translators: the first %s is the backend's name, the second the
                    * value as written. */
                   _("In [backend %s], base-url=%s is not an http or https address; write "
                     "one such as base-url=http://127.0.0.1:11434/v1."),
                   name, value);
      return NULL;
    }

  length = strlen (value);
  while (length > 0 && value[length - 1] == '/')
    value[--length] = '\0';
  return g_steal_pointer (&value);
}

/**
 * wd_llm_backend_new_from_config:
 * @config: the configuration
 * @name: the NAME of a `[backend NAME]` group
 * @error: return location for a #WD_CONFIG_ERROR
 *
 * Builds the backend a group describes. `kind` is required, and so is
 * `model` for the kinds with a server; `base-url` defaults to the
 * service's own address (a local one for Ollama). A missing group, an
 * unknown kind or a value out of range is %WD_CONFIG_ERROR_INVALID, one
 * sentence naming the group and the key. No key is looked up yet.
 *
 * Returns: (transfer full): the backend, or %NULL with @error set
 */
WdLlmBackend *
wd_llm_backend_new_from_config (WdConfig    *config,
                                const char  *name,
                                GError     **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  g_autofree char *temperature_text = NULL;
  g_autofree char *max_tokens_text = NULL;
  g_autofree char *structured_text = NULL;
  gboolean structured_output;
  WdLlmBackend *self;
  WdLlmKind kind;
  double temperature = -1.0;
  guint64 max_tokens = 0;
  guint connect_timeout = 0;
  guint first_byte_timeout = 0;
  guint idle_timeout = 0;

  g_return_val_if_fail (WD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = wd_config_list_named (config, "backend");
  if (!g_strv_contains ((const char * const *) names, name))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("There is no [backend %s] in the configuration; run “wiredesk-cli "
                     "backend list” to see the backends."),
                   name);
      return NULL;
    }

  kind_name = dup_value (config, name, "kind");
  if (kind_name == NULL)
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("[backend %s] has no kind; add kind=openai, anthropic, ollama or "
                     "builtin."),
                   name);
      return NULL;
    }
  if (!wd_llm_kind_from_string (kind_name, &kind))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("In [backend %s], kind=%s is not a kind Wiredesk knows; use openai, "
                     "anthropic, ollama or builtin."),
                   name, kind_name);
      return NULL;
    }

  if (kind != WD_LLM_KIND_BUILTIN)
    {
      base_url = read_base_url (config, name, kind, error);
      if (base_url == NULL)
        return NULL;

      model = dup_value (config, name, "model");
      if (model == NULL)
        {
          g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                       _("[backend %s] has no model; add the name of the model to use, "
                         "such as model=qwen3:8b."),
                       name);
          return NULL;
        }
    }

  temperature_text = dup_value (config, name, "temperature");
  if (temperature_text != NULL)
    {
      double limit = kind == WD_LLM_KIND_ANTHROPIC ? 1.0 : 2.0;
      char *end = NULL;

      errno = 0;
      temperature = g_ascii_strtod (temperature_text, &end);
      if (errno != 0 || end == temperature_text || *end != '\0'
          || !isfinite (temperature) || temperature < 0 || temperature > limit)
        {
          g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                       /* Translators: the first %s is the backend's name, the second the
                        * value as written, %g the highest temperature allowed. */
                       _("In [backend %s], temperature=%s is not a number from 0 to %g; "
                         "write one such as temperature=0.7."),
                       name, temperature_text, limit);
          return NULL;
        }
    }

  max_tokens_text = dup_value (config, name, "max-tokens");
  if (max_tokens_text != NULL
      && !g_ascii_string_to_unsigned (max_tokens_text, 10, 1, MAX_MAX_TOKENS, &max_tokens, NULL))
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("In [backend %s], max-tokens=%s is not a whole number from 1 to "
                     "10000000; write one such as max-tokens=2048."),
                   name, max_tokens_text);
      return NULL;
    }

  if (!read_seconds (config, name, "connect-timeout", WD_LLM_BACKEND_DEFAULT_CONNECT_TIMEOUT,
                     &connect_timeout, error)
      || !read_seconds (config, name, "first-byte-timeout",
                        WD_LLM_BACKEND_DEFAULT_FIRST_BYTE_TIMEOUT, &first_byte_timeout, error)
      || !read_seconds (config, name, "idle-timeout", WD_LLM_BACKEND_DEFAULT_IDLE_TIMEOUT,
                        &idle_timeout, error))
    return NULL;

  structured_text = dup_value (config, name, "structured-output");
  if (structured_text == NULL)
    structured_output = kind == WD_LLM_KIND_OPENAI || kind == WD_LLM_KIND_OLLAMA;
  else if (g_ascii_strcasecmp (structured_text, "true") == 0)
    structured_output = TRUE;
  else if (g_ascii_strcasecmp (structured_text, "false") == 0)
    structured_output = FALSE;
  else
    {
      g_set_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID,
                   _("In [backend %s], structured-output=%s is neither true nor false; "
                     "write structured-output=false for a server that refuses JSON "
                     "schemas."),
                   name, structured_text);
      return NULL;
    }

  self = g_object_new (WD_TYPE_LLM_BACKEND,
                       "name", name,
                       "kind", kind,
                       "base-url", base_url,
                       "model", model,
                       "temperature", temperature,
                       "max-tokens", (guint) max_tokens,
                       "connect-timeout", connect_timeout,
                       "first-byte-timeout", first_byte_timeout,
                       "idle-timeout", idle_timeout,
                       NULL);
  /* Anthropic's Messages API has no schema for the answer. */
  self->structured_output = structured_output && kind != WD_LLM_KIND_ANTHROPIC;
  return self;
}

/**
 * wd_llm_backend_get_structured_output:
 * @self: a #WdLlmBackend
 *
 * Returns: whether requests may carry a JSON schema for the answer
 *   (structured-output=, on by default for openai and ollama; anthropic
 *   has none)
 */
gboolean
wd_llm_backend_get_structured_output (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), FALSE);

  return self->structured_output;
}

/**
 * wd_llm_backend_get_name:
 * @self: a #WdLlmBackend
 *
 * Returns: the NAME of its `[backend NAME]` group
 */
const char *
wd_llm_backend_get_name (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), NULL);

  return self->name;
}

/**
 * wd_llm_backend_get_kind:
 * @self: a #WdLlmBackend
 *
 * Returns: the wire protocol it speaks
 */
WdLlmKind
wd_llm_backend_get_kind (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), WD_LLM_KIND_BUILTIN);

  return self->kind;
}

/**
 * wd_llm_backend_is_http:
 * @self: a #WdLlmBackend
 *
 * Returns: %TRUE for the kinds with a server (all but `builtin`), the
 *   ones that take chat requests
 */
gboolean
wd_llm_backend_is_http (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), FALSE);

  return self->kind != WD_LLM_KIND_BUILTIN;
}

/**
 * wd_llm_backend_get_base_url:
 * @self: a #WdLlmBackend
 *
 * Returns: (nullable): the base URL without a trailing slash; %NULL for
 *   `builtin`
 */
const char *
wd_llm_backend_get_base_url (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), NULL);

  return self->base_url;
}

/**
 * wd_llm_backend_get_model:
 * @self: a #WdLlmBackend
 *
 * Returns: (nullable): the configured model; %NULL for `builtin`
 */
const char *
wd_llm_backend_get_model (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), NULL);

  return self->model;
}

/**
 * wd_llm_backend_get_temperature:
 * @self: a #WdLlmBackend
 *
 * Returns: the configured temperature, or -1 when none is set (the
 *   server's default applies)
 */
double
wd_llm_backend_get_temperature (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), -1.0);

  return self->temperature;
}

/**
 * wd_llm_backend_get_max_tokens:
 * @self: a #WdLlmBackend
 *
 * Returns: the configured output limit, or 0 when none is set
 */
guint
wd_llm_backend_get_max_tokens (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), 0);

  return self->max_tokens;
}

/**
 * wd_llm_backend_get_connect_timeout:
 * @self: a #WdLlmBackend
 *
 * Returns: the seconds allowed to connect and send the request
 */
guint
wd_llm_backend_get_connect_timeout (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), 0);

  return self->connect_timeout;
}

/**
 * wd_llm_backend_get_first_byte_timeout:
 * @self: a #WdLlmBackend
 *
 * Returns: the seconds allowed from the request until the answer's first
 *   byte (a local server may be loading the model meanwhile)
 */
guint
wd_llm_backend_get_first_byte_timeout (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), 0);

  return self->first_byte_timeout;
}

/**
 * wd_llm_backend_get_idle_timeout:
 * @self: a #WdLlmBackend
 *
 * Returns: the seconds of silence allowed in the middle of an answer
 */
guint
wd_llm_backend_get_idle_timeout (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), 0);

  return self->idle_timeout;
}

/**
 * wd_llm_backend_get_retry_base_delay:
 * @self: a #WdLlmBackend
 *
 * Returns: the first backoff before a retry, in milliseconds
 */
guint
wd_llm_backend_get_retry_base_delay (WdLlmBackend *self)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), 0);

  return self->retry_base_delay;
}

/**
 * wd_llm_backend_set_retry_base_delay:
 * @self: a #WdLlmBackend
 * @milliseconds: the first backoff
 *
 * Sets the first backoff before a retry when the server names no wait; it
 * doubles for the next one, up to 8 seconds, less up to a quarter at
 * random. The default, 500 ms, is what the official SDKs use; tests make
 * it shorter.
 */
void
wd_llm_backend_set_retry_base_delay (WdLlmBackend *self,
                                     guint         milliseconds)
{
  g_return_if_fail (WD_IS_LLM_BACKEND (self));

  if (self->retry_base_delay == milliseconds)
    return;
  self->retry_base_delay = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_BASE_DELAY]);
}

SoupSession *
wd_llm_backend_get_session (WdLlmBackend *self)
{
  g_assert (WD_IS_LLM_BACKEND (self));

  return self->session;
}

const char *
wd_llm_backend_peek_key (WdLlmBackend *self)
{
  g_assert (WD_IS_LLM_BACKEND (self));

  return self->key;
}

void
wd_llm_backend_remember_key (WdLlmBackend *self,
                             const char   *key)
{
  g_assert (WD_IS_LLM_BACKEND (self));

  g_clear_pointer (&self->key, secret_password_free);
  self->key = g_strdup (key);
}

static void
on_key_looked_up (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  WdLlmBackend *self = g_task_get_source_object (task);
  GError *error = NULL;
  WdSecretSource secret_source = WD_SECRET_SOURCE_NONE;
  char *key;

  key = wd_llm_secret_lookup_finish (result, &secret_source, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (secret_source == WD_SECRET_SOURCE_SECRET_SERVICE)
    wd_llm_backend_remember_key (self, key);
  if (key != NULL)
    secret_password_free (key);
  g_task_return_int (task, secret_source);
}

/**
 * wd_llm_backend_lookup_key_async:
 * @self: a #WdLlmBackend
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Finds out whether the backend has an API key, and where it comes from,
 * without handing the key out: `WIREDESK_SECRET_<NAME>`, else the Secret
 * Service (looked up in a worker thread).
 */
void
wd_llm_backend_lookup_key_async (WdLlmBackend        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_LLM_BACKEND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_llm_backend_lookup_key_async);
  wd_llm_secret_lookup_async (self->name, cancellable, on_key_looked_up,
                              g_steal_pointer (&task));
}

/**
 * wd_llm_backend_lookup_key_finish:
 * @self: a #WdLlmBackend
 * @result: the result given to the callback
 * @out_source: (out) (optional): where the key comes from, or
 *   %WD_SECRET_SOURCE_NONE when there is none
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the lookup worked (also when there is no key);
 *   %FALSE with %WD_DRAFT_ERROR_NO_SECRET_SERVICE when the variable is unset
 *   and no Secret Service is running, a sentence naming the variable
 */
gboolean
wd_llm_backend_lookup_key_finish (WdLlmBackend    *self,
                                  GAsyncResult    *result,
                                  WdSecretSource  *out_source,
                                  GError         **error)
{
  gssize source;

  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == wd_llm_backend_lookup_key_async, FALSE);

  source = g_task_propagate_int (G_TASK (result), error);
  if (out_source != NULL)
    *out_source = source < 0 ? WD_SECRET_SOURCE_NONE : (WdSecretSource) source;
  return source >= 0;
}

/**
 * wd_llm_backend_chat_async:
 * @self: a #WdLlmBackend whose kind has a server (wd_llm_backend_is_http())
 * @request: the request; copied
 * @delta_func: (nullable): called with each text and reasoning delta as it
 *   arrives, on the thread-default main context of this call
 * @delta_data: data for @delta_func; it must stay valid until @callback runs
 * @cancellable: (nullable): a #GCancellable; cancelling closes the
 *   connection at once
 * @callback: called when the answer is complete or the call failed
 * @user_data: data for @callback
 *
 * Sends one streaming chat request. The API key comes from
 * `WIREDESK_SECRET_<NAME>` or the Secret Service. Before any text has
 * streamed, connection failures and the statuses 408, 409, 429 and 5xx are
 * retried up to twice, after the wait the server asks for (up to 60 s) or
 * an exponential backoff with jitter; once text has streamed nothing is
 * retried. Three watchdogs replace libsoup's socket timeout: connecting,
 * the first byte of the answer, and silence in the middle of it.
 */
void
wd_llm_backend_chat_async (WdLlmBackend        *self,
                           const WdLlmRequest  *request,
                           WdLlmDeltaFunc       delta_func,
                           gpointer             delta_data,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WD_IS_LLM_BACKEND (self));
  g_return_if_fail (wd_llm_backend_is_http (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_llm_backend_chat_async);
  /* A cancelled call still reports its own sentence and keeps its text. */
  g_task_set_check_cancellable (task, FALSE);
  wd_llm_call_start (task, request, delta_func, delta_data);
}

/**
 * wd_llm_backend_chat_finish:
 * @self: a #WdLlmBackend
 * @result: the result given to the callback
 * @out_response: (out) (optional) (transfer full): what arrived: the whole
 *   answer on success; on failure the text so far, marked incomplete
 * @error: return location for a #GError
 *
 * Finishes a chat request. Errors are one sentence for the user in
 * #WD_DRAFT_ERROR (the key never appears in them); a cancelled call is
 * %G_IO_ERROR_CANCELLED, and its response keeps the partial text.
 *
 * Returns: %TRUE when the model finished its answer
 */
gboolean
wd_llm_backend_chat_finish (WdLlmBackend   *self,
                            GAsyncResult   *result,
                            WdLlmResponse **out_response,
                            GError        **error)
{
  g_return_val_if_fail (WD_IS_LLM_BACKEND (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_llm_backend_chat_async,
                        FALSE);

  return wd_llm_call_finish (G_TASK (result), out_response, error);
}

static void
wd_llm_backend_constructed (GObject *object)
{
  WdLlmBackend *self = WD_LLM_BACKEND (object);

  G_OBJECT_CLASS (wd_llm_backend_parent_class)->constructed (object);

  if (self->kind == WD_LLM_KIND_BUILTIN)
    return;

  /* Our own watchdogs replace libsoup's 60 s socket timeout, which would
   * cut off a local server that is still loading its model. Without the
   * content decoder no compression is offered, so no proxy holds the
   * stream back to compress it. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", 0,
                                                 NULL);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
}

static void
wd_llm_backend_finalize (GObject *object)
{
  WdLlmBackend *self = WD_LLM_BACKEND (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_pointer (&self->key, secret_password_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->model, g_free);

  G_OBJECT_CLASS (wd_llm_backend_parent_class)->finalize (object);
}

static void
wd_llm_backend_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WdLlmBackend *self = WD_LLM_BACKEND (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;
    case PROP_MAX_TOKENS:
      g_value_set_uint (value, self->max_tokens);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_FIRST_BYTE_TIMEOUT:
      g_value_set_uint (value, self->first_byte_timeout);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_RETRY_BASE_DELAY:
      g_value_set_uint (value, self->retry_base_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_llm_backend_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WdLlmBackend *self = WD_LLM_BACKEND (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_uint (value);
      break;
    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_MODEL:
      self->model = g_value_dup_string (value);
      break;
    case PROP_TEMPERATURE:
      self->temperature = g_value_get_double (value);
      break;
    case PROP_MAX_TOKENS:
      self->max_tokens = g_value_get_uint (value);
      break;
    case PROP_CONNECT_TIMEOUT:
      self->connect_timeout = g_value_get_uint (value);
      break;
    case PROP_FIRST_BYTE_TIMEOUT:
      self->first_byte_timeout = g_value_get_uint (value);
      break;
    case PROP_IDLE_TIMEOUT:
      self->idle_timeout = g_value_get_uint (value);
      break;
    case PROP_RETRY_BASE_DELAY:
      wd_llm_backend_set_retry_base_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_llm_backend_class_init (WdLlmBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct_only = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                     | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = wd_llm_backend_constructed;
  object_class->finalize = wd_llm_backend_finalize;
  object_class->get_property = wd_llm_backend_get_property;
  object_class->set_property = wd_llm_backend_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, construct_only);
  /* A #WdLlmKind; a plain uint until the enums get GTypes. */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, WD_LLM_KIND_BUILTIN, WD_LLM_KIND_BUILTIN,
                       construct_only);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL, construct_only);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL, construct_only);
  properties[PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL, -1.0, 2.0, -1.0, construct_only);
  properties[PROP_MAX_TOKENS] =
    g_param_spec_uint ("max-tokens", NULL, NULL, 0, MAX_MAX_TOKENS, 0, construct_only);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, MAX_TIMEOUT,
                       WD_LLM_BACKEND_DEFAULT_CONNECT_TIMEOUT, construct_only);
  properties[PROP_FIRST_BYTE_TIMEOUT] =
    g_param_spec_uint ("first-byte-timeout", NULL, NULL, 0, MAX_TIMEOUT,
                       WD_LLM_BACKEND_DEFAULT_FIRST_BYTE_TIMEOUT, construct_only);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, MAX_TIMEOUT,
                       WD_LLM_BACKEND_DEFAULT_IDLE_TIMEOUT, construct_only);
  properties[PROP_RETRY_BASE_DELAY] =
    g_param_spec_uint ("retry-base-delay", NULL, NULL, 0, 60000,
                       WD_LLM_BACKEND_DEFAULT_RETRY_BASE_DELAY,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_llm_backend_init (WdLlmBackend *self)
{
  self->kind = WD_LLM_KIND_BUILTIN;
  self->temperature = -1.0;
  self->connect_timeout = WD_LLM_BACKEND_DEFAULT_CONNECT_TIMEOUT;
  self->first_byte_timeout = WD_LLM_BACKEND_DEFAULT_FIRST_BYTE_TIMEOUT;
  self->idle_timeout = WD_LLM_BACKEND_DEFAULT_IDLE_TIMEOUT;
  self->retry_base_delay = WD_LLM_BACKEND_DEFAULT_RETRY_BASE_DELAY;
}
