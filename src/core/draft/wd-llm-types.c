/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm"

#include "wd-llm-types.h"

G_DEFINE_BOXED_TYPE (WdLlmRequest, wd_llm_request, wd_llm_request_copy, wd_llm_request_free)
G_DEFINE_BOXED_TYPE (WdLlmResponse, wd_llm_response, wd_llm_response_copy,
                     wd_llm_response_free)

static const char * const kind_names[] = {
  [WD_LLM_KIND_OPENAI] = "openai",
  [WD_LLM_KIND_ANTHROPIC] = "anthropic",
  [WD_LLM_KIND_OLLAMA] = "ollama",
  [WD_LLM_KIND_BUILTIN] = "builtin",
};

/**
 * wd_llm_kind_to_string:
 * @kind: a #WdLlmKind
 *
 * Returns: the name used for @kind in the configuration file
 */
const char *
wd_llm_kind_to_string (WdLlmKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

/**
 * wd_llm_kind_from_string:
 * @str: a name as written in the configuration file
 * @out_kind: (out): return location for the kind
 *
 * Returns: %TRUE when @str names a kind (case does not matter)
 */
gboolean
wd_llm_kind_from_string (const char *str,
                         WdLlmKind  *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
      {
        *out_kind = (WdLlmKind) i;
        return TRUE;
      }

  return FALSE;
}

static void
message_free (gpointer data)
{
  WdLlmMessage *message = data;

  g_free (message->content);
  g_free (message);
}

/**
 * wd_llm_request_new:
 * @system: (nullable): the system text
 *
 * Creates a request with no messages and the backend's temperature and
 * output limit.
 *
 * Returns: (transfer full): a new #WdLlmRequest
 */
WdLlmRequest *
wd_llm_request_new (const char *system)
{
  WdLlmRequest *request = g_new0 (WdLlmRequest, 1);

  request->system = g_strdup (system);
  request->messages = g_ptr_array_new_with_free_func (message_free);
  request->temperature = -1.0;

  return request;
}

/**
 * wd_llm_request_set_schema:
 * @request: a #WdLlmRequest
 * @name: (nullable): a name for the schema (letters, digits, _ and -)
 * @schema: (nullable): a JSON schema the answer must follow, as JSON text
 *
 * Asks for a structured answer: OpenAI-compatible servers get it as
 * response_format, Ollama as format. %NULL asks for free text.
 */
void
wd_llm_request_set_schema (WdLlmRequest *request,
                           const char   *name,
                           const char   *schema)
{
  g_return_if_fail (request != NULL);

  g_free (request->schema_name);
  g_free (request->schema);
  request->schema_name = g_strdup (schema != NULL ? (name != NULL ? name : "answer") : NULL);
  request->schema = g_strdup (schema);
}

/**
 * wd_llm_request_add_message:
 * @request: a #WdLlmRequest
 * @role: who said it
 * @content: what was said
 *
 * Appends a message to the conversation.
 */
void
wd_llm_request_add_message (WdLlmRequest *request,
                            WdLlmRole     role,
                            const char   *content)
{
  WdLlmMessage *message;

  g_return_if_fail (request != NULL);
  g_return_if_fail (content != NULL);

  message = g_new0 (WdLlmMessage, 1);
  message->role = role;
  message->content = g_strdup (content);
  g_ptr_array_add (request->messages, message);
}

/**
 * wd_llm_request_copy:
 * @request: a #WdLlmRequest
 *
 * Returns: (transfer full): a deep copy of @request
 */
WdLlmRequest *
wd_llm_request_copy (const WdLlmRequest *request)
{
  WdLlmRequest *copy;

  g_return_val_if_fail (request != NULL, NULL);

  copy = wd_llm_request_new (request->system);
  copy->temperature = request->temperature;
  copy->max_tokens = request->max_tokens;
  wd_llm_request_set_schema (copy, request->schema_name, request->schema);
  for (guint i = 0; i < request->messages->len; i++)
    {
      const WdLlmMessage *message = g_ptr_array_index (request->messages, i);

      wd_llm_request_add_message (copy, message->role, message->content);
    }

  return copy;
}

/**
 * wd_llm_request_free:
 * @request: (nullable): a #WdLlmRequest
 *
 * Frees a request.
 */
void
wd_llm_request_free (WdLlmRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->system);
  g_ptr_array_unref (request->messages);
  g_free (request->schema_name);
  g_free (request->schema);
  g_free (request);
}

/**
 * wd_llm_response_new:
 *
 * Creates an empty response: no text, no counts, not incomplete.
 *
 * Returns: (transfer full): a new #WdLlmResponse
 */
WdLlmResponse *
wd_llm_response_new (void)
{
  WdLlmResponse *response = g_new0 (WdLlmResponse, 1);

  response->text = g_strdup ("");
  response->reasoning = g_strdup ("");
  response->prompt_tokens = -1;
  response->completion_tokens = -1;
  response->time_to_first_token = -1;

  return response;
}

/**
 * wd_llm_response_copy:
 * @response: a #WdLlmResponse
 *
 * Returns: (transfer full): a copy of @response
 */
WdLlmResponse *
wd_llm_response_copy (const WdLlmResponse *response)
{
  WdLlmResponse *copy;

  g_return_val_if_fail (response != NULL, NULL);

  copy = g_memdup2 (response, sizeof *response);
  copy->text = g_strdup (response->text);
  copy->reasoning = g_strdup (response->reasoning);
  copy->finish_reason = g_strdup (response->finish_reason);
  copy->model = g_strdup (response->model);

  return copy;
}

/**
 * wd_llm_response_free:
 * @response: (nullable): a #WdLlmResponse
 *
 * Frees a response.
 */
void
wd_llm_response_free (WdLlmResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->text);
  g_free (response->reasoning);
  g_free (response->finish_reason);
  g_free (response->model);
  g_free (response);
}
