/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-wire"

#include <string.h>

#include <json-glib/json-glib.h>

#include "wd-llm-wire.h"

/* The version of the Messages API whose stream WdLlmDecoder reads. */
#define ANTHROPIC_VERSION "2023-06-01"
/* Anthropic requires an output limit; this one when none is configured. */
#define ANTHROPIC_DEFAULT_MAX_TOKENS 4096

/**
 * wd_llm_wire_default_base_url:
 * @kind: an HTTP kind
 *
 * The base URL used when a backend sets none: OpenAI's and Anthropic's
 * `…/v1`, and a local Ollama.
 *
 * Returns: (transfer full): the URL, without a trailing slash
 */
char *
wd_llm_wire_default_base_url (WdLlmKind kind)
{
  switch (kind)
    {
    case WD_LLM_KIND_OPENAI:
      return g_strdup ("https://api.openai.com/v1");
    case WD_LLM_KIND_ANTHROPIC:
      return g_strdup ("https://api.anthropic.com/v1");
    case WD_LLM_KIND_OLLAMA:
      return g_strdup ("http://127.0.0.1:11434");
    case WD_LLM_KIND_BUILTIN:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * wd_llm_wire_endpoint:
 * @kind: an HTTP kind
 * @base_url: the backend's base URL, without a trailing slash
 *
 * Where chat requests go: `{base}/chat/completions` (OpenAI-compatible,
 * the base including `/v1`), `{base}/messages` (Anthropic, likewise) and
 * `{base}/api/chat` (Ollama).
 *
 * Returns: (transfer full): the URL
 */
char *
wd_llm_wire_endpoint (WdLlmKind   kind,
                      const char *base_url)
{
  switch (kind)
    {
    case WD_LLM_KIND_OPENAI:
      return g_strconcat (base_url, "/chat/completions", NULL);
    case WD_LLM_KIND_ANTHROPIC:
      return g_strconcat (base_url, "/messages", NULL);
    case WD_LLM_KIND_OLLAMA:
      return g_strconcat (base_url, "/api/chat", NULL);
    case WD_LLM_KIND_BUILTIN:
    default:
      g_return_val_if_reached (NULL);
    }
}

static const char *
role_name (WdLlmRole role)
{
  return role == WD_LLM_ROLE_ASSISTANT ? "assistant" : "user";
}

static void
add_message (JsonBuilder *builder,
             const char  *role,
             const char  *content)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
}

static void
add_messages (JsonBuilder        *builder,
              const WdLlmRequest *request,
              gboolean            system_as_message)
{
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  if (system_as_message && request->system != NULL && *request->system != '\0')
    add_message (builder, "system", request->system);
  for (guint i = 0; i < request->messages->len; i++)
    {
      const WdLlmMessage *message = g_ptr_array_index (request->messages, i);

      add_message (builder, role_name (message->role), message->content);
    }
  json_builder_end_array (builder);
}

/* OpenAI itself rejects max_tokens for its reasoning models and wants
 * max_completion_tokens; most local servers only read max_tokens. */
static gboolean
is_openai_itself (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_strcmp0 (g_uri_get_host (uri), "api.openai.com") == 0;
}

/**
 * wd_llm_wire_build_body:
 * @kind: an HTTP kind
 * @base_url: the backend's base URL
 * @model: the model's name
 * @request: the request
 * @temperature: the temperature to send, or negative to send none
 * @max_tokens: the output limit to send, or 0 for none (Anthropic, which
 *   requires one, then gets 4096)
 *
 * The JSON body of a streaming chat request: `stream: true` everywhere,
 * `stream_options.include_usage` for OpenAI so the usage arrives, the
 * system text as a top-level field for Anthropic and as the first message
 * elsewhere, and Ollama's temperature and limit under `options`. A
 * request's JSON schema goes into OpenAI's `response_format` (strict) and
 * Ollama's `format`; Anthropic has no such field.
 *
 * Returns: (transfer full): the body
 */
char *
wd_llm_wire_build_body (WdLlmKind           kind,
                        const char         *base_url,
                        const char         *model,
                        const WdLlmRequest *request,
                        double              temperature,
                        guint               max_tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) schema = NULL;

  g_return_val_if_fail (kind != WD_LLM_KIND_BUILTIN, NULL);
  /* The schema is ours (a constant of the caller): it parses. */
  if (request != NULL && request->schema != NULL)
    schema = json_from_string (request->schema, NULL);
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (request != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);

  switch (kind)
    {
    case WD_LLM_KIND_OPENAI:
      add_messages (builder, request, TRUE);
      if (schema != NULL)
        {
          json_builder_set_member_name (builder, "response_format");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "type");
          json_builder_add_string_value (builder, "json_schema");
          json_builder_set_member_name (builder, "json_schema");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, request->schema_name);
          json_builder_set_member_name (builder, "strict");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_set_member_name (builder, "schema");
          json_builder_add_value (builder, json_node_copy (schema));
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "stream_options");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "include_usage");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      if (temperature >= 0)
        {
          json_builder_set_member_name (builder, "temperature");
          json_builder_add_double_value (builder, temperature);
        }
      if (max_tokens > 0)
        {
          json_builder_set_member_name (builder, is_openai_itself (base_url)
                                                 ? "max_completion_tokens" : "max_tokens");
          json_builder_add_int_value (builder, max_tokens);
        }
      break;

    case WD_LLM_KIND_ANTHROPIC:
      if (request->system != NULL && *request->system != '\0')
        {
          json_builder_set_member_name (builder, "system");
          json_builder_add_string_value (builder, request->system);
        }
      add_messages (builder, request, FALSE);
      json_builder_set_member_name (builder, "max_tokens");
      json_builder_add_int_value (builder, max_tokens > 0 ? max_tokens
                                                          : ANTHROPIC_DEFAULT_MAX_TOKENS);
      if (temperature >= 0)
        {
          json_builder_set_member_name (builder, "temperature");
          json_builder_add_double_value (builder, temperature);
        }
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
      break;

    case WD_LLM_KIND_OLLAMA:
      add_messages (builder, request, TRUE);
      if (schema != NULL)
        {
          json_builder_set_member_name (builder, "format");
          json_builder_add_value (builder, json_node_copy (schema));
        }
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
      if (temperature >= 0 || max_tokens > 0)
        {
          json_builder_set_member_name (builder, "options");
          json_builder_begin_object (builder);
          if (temperature >= 0)
            {
              json_builder_set_member_name (builder, "temperature");
              json_builder_add_double_value (builder, temperature);
            }
          if (max_tokens > 0)
            {
              json_builder_set_member_name (builder, "num_predict");
              json_builder_add_int_value (builder, max_tokens);
            }
          json_builder_end_object (builder);
        }
      break;

    case WD_LLM_KIND_BUILTIN:
    default:
      g_assert_not_reached ();
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/**
 * wd_llm_wire_build_message:
 * @kind: an HTTP kind
 * @base_url: the backend's base URL, without a trailing slash
 * @model: the model's name
 * @api_key: (nullable): the API key, or %NULL to send none
 * @request: the request
 * @temperature: the temperature to send, or negative for none
 * @max_tokens: the output limit to send, or 0 for none
 *
 * The POST message of a streaming chat request with its body and headers:
 * the key as `Authorization: Bearer` (OpenAI-compatible servers, Ollama's
 * cloud) or `x-api-key` with `anthropic-version` (Anthropic), and an
 * `Accept` header for the stream's media type.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the
 *   endpoint is not a valid URL
 */
SoupMessage *
wd_llm_wire_build_message (WdLlmKind           kind,
                           const char         *base_url,
                           const char         *model,
                           const char         *api_key,
                           const WdLlmRequest *request,
                           double              temperature,
                           guint               max_tokens)
{
  g_autofree char *url = wd_llm_wire_endpoint (kind, base_url);
  g_autofree char *body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;
  SoupMessage *msg;
  gsize length;

  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    return NULL;
  /* A redirect would turn the POST into a GET and lose the request; the
   * caller reports the 3xx with the base URL instead. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  body = wd_llm_wire_build_body (kind, base_url, model, request, temperature, max_tokens);
  length = strlen (body);
  bytes = g_bytes_new_take (g_steal_pointer (&body), length);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept",
                                kind == WD_LLM_KIND_OLLAMA ? "application/x-ndjson"
                                                           : "text/event-stream");
  if (kind == WD_LLM_KIND_ANTHROPIC)
    {
      soup_message_headers_replace (headers, "anthropic-version", ANTHROPIC_VERSION);
      if (api_key != NULL)
        soup_message_headers_replace (headers, "x-api-key", api_key);
    }
  else if (api_key != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      /* The key should not linger in freed memory. */
      memset (bearer, 0, strlen (bearer));
    }

  return msg;
}
