/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-decoder"

#include <string.h>

#include <json-glib/json-glib.h>

#include "wd-draft-error.h"
#include "wd-llm-decoder.h"
#include "wd-llm-stream.h"
#include "wd-llm-think.h"

/* The longest server message kept for an error. */
#define MAX_MESSAGE 400

struct _WdLlmDecoder
{
  WdLlmKind       kind;
  WdLlmDeltaFunc  func;
  gpointer        user_data;

  WdLlmStream    *stream;
  WdLlmThink     *think;      /* NULL for Anthropic, whose thinking has its own blocks */
  WdLlmResponse  *response;
  GString        *text;
  GString        *reasoning;

  gboolean        done;       /* [DONE], message_stop or "done": true */
  gboolean        ended;
  GError         *error;
};

/* JSON helpers that never warn, whatever the server sent. */

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  return json_object_get_member (object, name);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A count, or -1 when it is missing or not a number. */
static gint64
get_count (JsonObject *object,
           const char *name)
{
  JsonNode *node = get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return MAX (json_node_get_int (node), -1);
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      return value >= 0 && value < 1e15 ? (gint64) value : -1;
    }
  return -1;
}

static gboolean
get_true (JsonObject *object,
          const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonNode *
parse_json (const char *data,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, data, length, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* One line of at most MAX_MESSAGE characters. */
static char *
clip_message (const char *message)
{
  g_autofree char *flat = g_strdup (message);
  char *cut;

  for (char *p = flat; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  g_strstrip (flat);
  if (g_utf8_strlen (flat, -1) <= MAX_MESSAGE)
    return g_steal_pointer (&flat);

  cut = g_utf8_offset_to_pointer (flat, MAX_MESSAGE);
  *cut = '\0';
  return g_strconcat (flat, "…", NULL);
}

/* The message of an "error" member: a string (Ollama), or an object with
 * "message" (OpenAI, Anthropic, llama.cpp, OpenRouter). */
static char *
message_of_error_node (JsonNode  *node,
                       char     **out_code)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return clip_message (json_node_get_string (node));

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *message = get_string (object, "message");
      const char *code = get_string (object, "code");

      if (code == NULL)
        code = get_string (object, "type");
      if (out_code != NULL && code != NULL)
        *out_code = g_strdup (code);
      if (message != NULL && *message != '\0')
        return clip_message (message);
      if (code != NULL)
        return clip_message (code);
    }

  return NULL;
}

/**
 * wd_llm_parse_error_body:
 * @body: (array length=length): an error body, or the data of an error
 *   event
 * @length: its length in bytes
 * @out_code: (out) (optional) (nullable): the error's code or type, such
 *   as "insufficient_quota"
 *
 * Reads the message out of any of the error shapes the servers use
 * (`{"error":"…"}`, `{"error":{"message":…}}`, Anthropic's
 * `{"type":"error","error":{…}}`), falling back to the text itself.
 *
 * Returns: (transfer full) (nullable): the message on one line, or %NULL
 *   when the body is empty
 */
char *
wd_llm_parse_error_body (const char  *body,
                         gsize        length,
                         char       **out_code)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (out_code != NULL)
    *out_code = NULL;
  if (body == NULL || length == 0)
    return NULL;

  root = parse_json (body, length);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *error = get_member (object, "error");
      char *message = error != NULL ? message_of_error_node (error, out_code) : NULL;

      if (message == NULL && get_string (object, "message") != NULL)
        message = clip_message (get_string (object, "message"));
      if (message != NULL)
        return message;
    }

  text = g_utf8_make_valid (body, length);
  g_strstrip (text);
  return *text != '\0' ? clip_message (text) : NULL;
}

static void
on_delta (WdLlmDeltaKind  kind,
          const char     *delta,
          gpointer        user_data)
{
  WdLlmDecoder *self = user_data;

  switch (kind)
    {
    case WD_LLM_DELTA_TEXT:
      g_string_append (self->text, delta);
      self->response->n_deltas++;
      self->func (kind, delta, self->user_data);
      break;

    case WD_LLM_DELTA_REASONING:
      g_string_append (self->reasoning, delta);
      self->response->n_deltas++;
      self->func (kind, delta, self->user_data);
      break;

    case WD_LLM_DELTA_TEXT_TO_REASONING:
      {
        g_autofree char *moved = g_strndup (self->text->str, self->text->len);

        g_string_append (self->reasoning, moved);
        g_string_truncate (self->text, 0);
        self->func (kind, moved, self->user_data);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * wd_llm_decoder_new:
 * @kind: the wire protocol; not %WD_LLM_KIND_BUILTIN
 * @func: called with each delta as it is decoded
 * @user_data: data for @func
 *
 * Returns: (transfer full): a new decoder for one response body
 */
WdLlmDecoder *
wd_llm_decoder_new (WdLlmKind      kind,
                    WdLlmDeltaFunc func,
                    gpointer       user_data)
{
  WdLlmDecoder *self;

  g_return_val_if_fail (kind != WD_LLM_KIND_BUILTIN, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (WdLlmDecoder, 1);
  self->kind = kind;
  self->func = func;
  self->user_data = user_data;
  self->stream = wd_llm_stream_new (kind == WD_LLM_KIND_OLLAMA
                                    ? WD_LLM_STREAM_NDJSON : WD_LLM_STREAM_SSE, 0);
  if (kind != WD_LLM_KIND_ANTHROPIC)
    self->think = wd_llm_think_new (on_delta, self);
  self->response = wd_llm_response_new ();
  self->text = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);

  return self;
}

/**
 * wd_llm_decoder_free:
 * @self: (nullable): a #WdLlmDecoder
 *
 * Frees the decoder.
 */
void
wd_llm_decoder_free (WdLlmDecoder *self)
{
  if (self == NULL)
    return;

  wd_llm_stream_free (self->stream);
  wd_llm_think_free (self->think);
  wd_llm_response_free (self->response);
  g_string_free (self->text, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

static void
add_text (WdLlmDecoder *self,
          const char   *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (self->think != NULL)
    wd_llm_think_feed (self->think, text);
  else
    on_delta (WD_LLM_DELTA_TEXT, text, self);
}

static void
add_reasoning (WdLlmDecoder *self,
               const char   *text)
{
  if (text != NULL && *text != '\0')
    on_delta (WD_LLM_DELTA_REASONING, text, self);
}

static void
set_finish_reason (WdLlmDecoder *self,
                   const char   *reason)
{
  if (reason == NULL || *reason == '\0')
    return;
  g_free (self->response->finish_reason);
  self->response->finish_reason = g_strdup (reason);
}

static void
set_model (WdLlmDecoder *self,
           const char   *model)
{
  if (model == NULL || *model == '\0' || g_strcmp0 (self->response->model, model) == 0)
    return;
  g_free (self->response->model);
  self->response->model = g_strdup (model);
}

static void
set_count (gint64 *field,
           gint64  value)
{
  if (value >= 0)
    *field = value;
}

static void
mark_done (WdLlmDecoder *self)
{
  self->done = TRUE;
  if (self->think != NULL)
    wd_llm_think_end (self->think);
}

static void
fail_with_server_error (WdLlmDecoder *self,
                        const char   *data,
                        gsize         length)
{
  g_autofree char *message = wd_llm_parse_error_body (data, length, NULL);

  /* The message is the server's; the caller puts it in a sentence. */
  g_set_error_literal (&self->error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_STREAM,
                       message != NULL ? message : "");
}

/* A member that openai-python would treat as an error: present and truthy. */
static gboolean
is_truthy (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        return json_node_get_boolean (node);
      if (type == G_TYPE_STRING)
        return *json_node_get_string (node) != '\0';
      if (type == G_TYPE_INT64)
        return json_node_get_int (node) != 0;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) > 0;
  return TRUE;
}

static void
decode_openai (WdLlmDecoder     *self,
               WdLlmStreamEvent *event)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *usage;
  JsonArray *choices;

  if (event->from_error_line || g_strcmp0 (event->event, "error") == 0)
    {
      fail_with_server_error (self, event->data, event->data_length);
      return;
    }
  /* Only unnamed events and "message" carry chunks; other names are
   * something else (jan#8280). */
  if (event->event != NULL && !g_str_equal (event->event, "message"))
    return;
  if (g_str_has_prefix (event->data, "[DONE]"))
    {
      mark_done (self);
      return;
    }

  root = parse_json (event->data, event->data_length);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an event that is not a JSON object");
      return;
    }
  object = json_node_get_object (root);

  if (is_truthy (get_member (object, "error")))
    {
      fail_with_server_error (self, event->data, event->data_length);
      return;
    }

  set_model (self, get_string (object, "model"));

  choices = get_array (object, "choices");
  if (choices != NULL && json_array_get_length (choices) > 0)
    {
      JsonNode *first = json_array_get_element (choices, 0);
      JsonObject *choice = JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
      JsonObject *delta = get_object (choice, "delta");
      const char *reasoning = get_string (delta, "reasoning_content");

      /* DeepSeek, llama-server and LM Studio say reasoning_content;
       * vLLM, Ollama's /v1 and OpenRouter say reasoning. */
      if (reasoning == NULL || *reasoning == '\0')
        reasoning = get_string (delta, "reasoning");
      add_reasoning (self, reasoning);
      add_text (self, get_string (delta, "content"));
      set_finish_reason (self, get_string (choice, "finish_reason"));
    }

  usage = get_object (object, "usage");
  if (usage != NULL)
    {
      set_count (&self->response->prompt_tokens, get_count (usage, "prompt_tokens"));
      set_count (&self->response->completion_tokens, get_count (usage, "completion_tokens"));
    }
}

static void
decode_anthropic (WdLlmDecoder     *self,
                  WdLlmStreamEvent *event)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = NULL;
  const char *type = event->event;

  if (event->from_error_line)
    {
      fail_with_server_error (self, event->data, event->data_length);
      return;
    }

  root = parse_json (event->data, event->data_length);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (type == NULL)
    type = get_string (object, "type");
  if (type == NULL)
    return;

  if (g_str_equal (type, "error"))
    fail_with_server_error (self, event->data, event->data_length);
  else if (object == NULL)
    g_debug ("Ignoring an event that is not a JSON object");
  else if (g_str_equal (type, "message_start"))
    {
      JsonObject *message = get_object (object, "message");
      JsonObject *usage = get_object (message, "usage");

      set_model (self, get_string (message, "model"));
      set_count (&self->response->prompt_tokens, get_count (usage, "input_tokens"));
      set_count (&self->response->completion_tokens, get_count (usage, "output_tokens"));
    }
  else if (g_str_equal (type, "content_block_start"))
    {
      JsonObject *block = get_object (object, "content_block");
      const char *block_type = get_string (block, "type");

      if (g_strcmp0 (block_type, "text") == 0)
        add_text (self, get_string (block, "text"));
      else if (g_strcmp0 (block_type, "thinking") == 0)
        add_reasoning (self, get_string (block, "thinking"));
    }
  else if (g_str_equal (type, "content_block_delta"))
    {
      JsonObject *delta = get_object (object, "delta");
      const char *delta_type = get_string (delta, "type");

      if (g_strcmp0 (delta_type, "text_delta") == 0)
        add_text (self, get_string (delta, "text"));
      else if (g_strcmp0 (delta_type, "thinking_delta") == 0)
        add_reasoning (self, get_string (delta, "thinking"));
    }
  else if (g_str_equal (type, "message_delta"))
    {
      JsonObject *usage = get_object (object, "usage");

      set_finish_reason (self, get_string (get_object (object, "delta"), "stop_reason"));
      /* Cumulative counts: the last one wins. */
      set_count (&self->response->prompt_tokens, get_count (usage, "input_tokens"));
      set_count (&self->response->completion_tokens, get_count (usage, "output_tokens"));
    }
  else if (g_str_equal (type, "message_stop"))
    mark_done (self);
  /* ping, content_block_stop and new event types need nothing. */
}

static void
decode_ollama (WdLlmDecoder     *self,
               WdLlmStreamEvent *event)
{
  g_autoptr(JsonNode) root = parse_json (event->data, event->data_length);
  JsonObject *object;
  JsonObject *message;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring a line that is not a JSON object");
      return;
    }
  object = json_node_get_object (root);

  if (is_truthy (get_member (object, "error")))
    {
      fail_with_server_error (self, event->data, event->data_length);
      return;
    }

  set_model (self, get_string (object, "model"));
  message = get_object (object, "message");
  add_reasoning (self, get_string (message, "thinking"));
  add_text (self, get_string (message, "content"));

  if (get_true (object, "done"))
    {
      const char *reason = get_string (object, "done_reason");

      set_finish_reason (self, reason != NULL ? reason : "stop");
      set_count (&self->response->prompt_tokens, get_count (object, "prompt_eval_count"));
      set_count (&self->response->completion_tokens, get_count (object, "eval_count"));
      mark_done (self);
    }
}

static gboolean
drain_events (WdLlmDecoder  *self,
              GError       **error)
{
  WdLlmStreamEvent *event;

  while (self->error == NULL && !self->done
         && (event = wd_llm_stream_pop (self->stream)) != NULL)
    {
      switch (self->kind)
        {
        case WD_LLM_KIND_OPENAI:
          decode_openai (self, event);
          break;
        case WD_LLM_KIND_ANTHROPIC:
          decode_anthropic (self, event);
          break;
        case WD_LLM_KIND_OLLAMA:
          decode_ollama (self, event);
          break;
        case WD_LLM_KIND_BUILTIN:
        default:
          g_assert_not_reached ();
        }
      wd_llm_stream_event_free (event);
    }

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  return TRUE;
}

/**
 * wd_llm_decoder_feed:
 * @self: a #WdLlmDecoder
 * @data: (array length=length): the next bytes of the body
 * @length: their number
 * @error: return location for a #WD_DRAFT_ERROR
 *
 * Decodes the next piece of the body, calling the delta function for what
 * it completes. Once the stream is done, more bytes are ignored.
 *
 * Returns: %FALSE when the server reported an error in the stream
 *   (%WD_DRAFT_ERROR_STREAM, its message the server's) or a line was too
 *   long (%WD_DRAFT_ERROR_PROTOCOL); the decoder then stays failed
 */
gboolean
wd_llm_decoder_feed (WdLlmDecoder  *self,
                     const guint8  *data,
                     gsize          length,
                     GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->done || self->ended)
    return TRUE;

  if (!wd_llm_stream_feed (self->stream, data, length, &self->error))
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  return drain_events (self, error);
}

/**
 * wd_llm_decoder_end:
 * @self: a #WdLlmDecoder
 * @error: return location for a #WD_DRAFT_ERROR
 *
 * The body has ended: decodes a last line without its line end (and an
 * SSE `[DONE]` without its blank line), and hands out text held back
 * while a <think> tag could still have been forming. Whether the answer
 * was whole is wd_llm_decoder_is_finished().
 *
 * Returns: %FALSE on the errors wd_llm_decoder_feed() reports
 */
gboolean
wd_llm_decoder_end (WdLlmDecoder  *self,
                    GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (self->ended)
    return TRUE;
  self->ended = TRUE;
  if (self->done)
    return TRUE;

  if (!wd_llm_stream_end (self->stream, &self->error))
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }
  if (!drain_events (self, error))
    return FALSE;
  if (!self->done && self->think != NULL)
    wd_llm_think_end (self->think);

  return TRUE;
}

/**
 * wd_llm_decoder_is_done:
 * @self: a #WdLlmDecoder
 *
 * Returns: %TRUE once the stream's own end marker arrived: `[DONE]`,
 *   `message_stop`, or a line with `"done": true`
 */
gboolean
wd_llm_decoder_is_done (WdLlmDecoder *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->done;
}

/**
 * wd_llm_decoder_is_finished:
 * @self: a #WdLlmDecoder
 *
 * Whether the model said it finished: a finish reason arrived, or the end
 * marker. A stream that ends without either was cut off. OpenAI-style
 * servers send the usage after the finish reason, so a caller keeps
 * reading a little longer until wd_llm_decoder_is_done().
 *
 * Returns: %TRUE when the answer is complete
 */
gboolean
wd_llm_decoder_is_finished (WdLlmDecoder *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->done || self->response->finish_reason != NULL;
}

/**
 * wd_llm_decoder_get_response:
 * @self: a #WdLlmDecoder
 *
 * What has arrived so far: the text and reasoning (with inline think
 * blocks moved to the reasoning), finish reason, model and usage. The
 * times are the caller's to fill in.
 *
 * Returns: (transfer none): the response, owned by @self
 */
WdLlmResponse *
wd_llm_decoder_get_response (WdLlmDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_free (self->response->text);
  self->response->text = g_strndup (self->text->str, self->text->len);
  g_free (self->response->reasoning);
  self->response->reasoning = g_strndup (self->reasoning->str, self->reasoning->len);

  return self->response;
}
