/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-llm-backend"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "draft/wd-draft-error.h"
#include "draft/wd-llm-backend.h"
#include "draft/wd-llm-backend-private.h"
#include "draft/wd-llm-wire.h"
#include "wd-test-util.h"

/* The backends against a SoupServer on 127.0.0.1 in this process that
 * speaks each wire format byte for byte as the reference shows, sending
 * its answers in small chunks with pauses between them. */

#define API_KEY "sk-test-7f3a9c2e1b"
#define UNICODE_TEXT "Gr\xC3\xBC\xC3\x9F" "e, \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80"

typedef struct {
  SoupServer *server;
  char       *base;          /* http://127.0.0.1:PORT */
  char       *config_dir;

  /* What the server saw, per scenario. */
  GHashTable *requests;      /* scenario → GUINT count */
  char       *authorization;
  char       *x_api_key;
  char       *anthropic_version;
  char       *accept;
  char       *body;
  guint       disconnects;
  GSocket    *stalled_socket;  /* the server's end of the last stalled answer */
} Fixture;

typedef struct {
  Fixture           *f;
  SoupServerMessage *msg;
  GPtrArray         *chunks;   /* of GBytes, sent one at a time */
  guint              next;
  gboolean           complete; /* end the body after the last chunk, else stall */
  gboolean           gone;     /* the client went away */
  gboolean           ping;     /* after the chunks, send ": ping" comments forever */
} Sender;

static void
sender_free (gpointer data)
{
  Sender *sender = data;

  g_signal_handlers_disconnect_by_data (sender->msg, sender);
  g_ptr_array_unref (sender->chunks);
  g_object_unref (sender->msg);
  g_free (sender);
}

static gboolean
send_next_chunk (gpointer user_data)
{
  Sender *sender = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (sender->msg);

  if (sender->gone)
    return G_SOURCE_REMOVE;
  if (sender->next < sender->chunks->len)
    {
      soup_message_body_append_bytes (body, g_ptr_array_index (sender->chunks, sender->next++));
      soup_server_message_unpause (sender->msg);
      return G_SOURCE_CONTINUE;
    }

  if (sender->ping)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, ": ping\n\n", 8);
      soup_server_message_unpause (sender->msg);
      return G_SOURCE_CONTINUE;
    }

  if (sender->complete)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (sender->msg);
    }
  return G_SOURCE_REMOVE;
}

static void
on_sender_msg_gone (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Sender *sender = user_data;

  sender->gone = TRUE;
}

static void
on_server_msg_disconnected (SoupServerMessage *msg,
                            gpointer           user_data)
{
  Fixture *f = user_data;

  f->disconnects++;
}

/* Streams @text in pieces of @piece bytes, a millisecond apart; with
 * @complete FALSE the body never ends (a stalled server). */
static Sender *
stream_body (Fixture           *f,
             SoupServerMessage *msg,
             const char        *content_type,
             const char        *text,
             gsize              piece,
             gboolean           complete)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Sender *sender = g_new0 (Sender, 1);
  gsize length = strlen (text);

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, content_type, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);

  sender->f = f;
  sender->msg = g_object_ref (msg);
  sender->complete = complete;
  sender->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (gsize at = 0; at < length; at += piece)
    g_ptr_array_add (sender->chunks, g_bytes_new (text + at, MIN (piece, length - at)));

  g_signal_connect (msg, "finished", G_CALLBACK (on_sender_msg_gone), sender);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_sender_msg_gone), sender);
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 1, send_next_chunk, sender, sender_free);
  return sender;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

#define OPENAI_CHUNK(delta, finish) \
  "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"served-model\"," \
  "\"choices\":[{\"index\":0,\"delta\":" delta ",\"finish_reason\":" finish "}]," \
  "\"usage\":null}\n\n"

static const char openai_stream[] =
  ": keep-alive\n\n"
  OPENAI_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null")
  OPENAI_CHUNK ("{\"reasoning_content\":\"Think " UNICODE_TEXT "\"}", "null")
  OPENAI_CHUNK ("{\"content\":\"Hello, \"}", "null")
  OPENAI_CHUNK ("{\"content\":\"" UNICODE_TEXT "\"}", "null")
  OPENAI_CHUNK ("{}", "\"stop\"")
  "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
  "\"completion_tokens\":12,\"total_tokens\":21}}\n\n"
  "data: [DONE]\n\n";

/* The same answer with CRLF line ends, inline think tags, and neither a
 * usage chunk nor [DONE]: the stream just ends. */
static const char openai_think_stream[] =
  "data: {\"choices\":[{\"delta\":{\"content\":\"<think>Plan \"}}]}\r\n\r\n"
  ":\r\n\r\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\"" UNICODE_TEXT "</thi\"}}]}\r\n\r\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\"nk>\\n\\nHello, \"}}]}\r\n\r\n"
  "data: {\"choices\":[{\"delta\":{\"content\":\"" UNICODE_TEXT "\"}}]}\r\n\r\n"
  "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\r\n\r\n";

static const char anthropic_stream[] =
  "event: message_start\n"
  "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"served-model\","
  "\"role\":\"assistant\",\"content\":[],\"stop_reason\":null,"
  "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n"
  "\n"
  "event: ping\n"
  "data: {\"type\": \"ping\"}\n"
  "\n"
  "event: content_block_start\n"
  "data: {\"type\":\"content_block_start\",\"index\":0,"
  "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n"
  "\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":0,"
  "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Think " UNICODE_TEXT "\"}}\n"
  "\n"
  "event: content_block_stop\n"
  "data: {\"type\":\"content_block_stop\",\"index\":0}\n"
  "\n"
  "event: content_block_start\n"
  "data: {\"type\":\"content_block_start\",\"index\":1,"
  "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n"
  "\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":1,"
  "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello, \"}}\n"
  "\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":1,"
  "\"delta\":{\"type\":\"text_delta\",\"text\":\"" UNICODE_TEXT "\"}}\n"
  "\n"
  "event: content_block_stop\n"
  "data: {\"type\":\"content_block_stop\",\"index\":1}\n"
  "\n"
  "event: message_delta\n"
  "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
  "\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}\n"
  "\n"
  "event: message_stop\n"
  "data: {\"type\":\"message_stop\"}\n"
  "\n";

static const char ollama_stream[] =
  "{\"model\":\"served-model\",\"created_at\":\"2026-11-23T10:00:00Z\",\"message\":"
  "{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"Think " UNICODE_TEXT "\"},"
  "\"done\":false}\n"
  "{\"model\":\"served-model\",\"created_at\":\"2026-11-23T10:00:00Z\",\"message\":"
  "{\"role\":\"assistant\",\"content\":\"Hello, \"},\"done\":false}\n"
  "{\"model\":\"served-model\",\"created_at\":\"2026-11-23T10:00:00Z\",\"message\":"
  "{\"role\":\"assistant\",\"content\":\"" UNICODE_TEXT "\"},\"done\":false}\n"
  "{\"model\":\"served-model\",\"created_at\":\"2026-11-23T10:00:01Z\",\"message\":"
  "{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
  "\"prompt_eval_count\":25,\"eval_count\":12,\"total_duration\":4883583458}\n";

static guint
count_request (Fixture    *f,
               const char *scenario)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, scenario)) + 1;

  g_hash_table_insert (f->requests, g_strdup (scenario), GUINT_TO_POINTER (n));
  return n;
}

static guint
requests_for (Fixture    *f,
              const char *scenario)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->requests, scenario));
}

static void
remember_header (char               **field,
                 SoupMessageHeaders  *headers,
                 const char          *name)
{
  g_free (*field);
  *field = g_strdup (soup_message_headers_get_one (headers, name));
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autofree char *scenario = NULL;
  const char *slash;
  guint n;

  /* The base URL of each backend is http://127.0.0.1:PORT/SCENARIO. */
  slash = strchr (path + 1, '/');
  scenario = slash != NULL ? g_strndup (path + 1, slash - path - 1) : g_strdup (path + 1);
  n = count_request (f, scenario);

  remember_header (&f->authorization, req, "Authorization");
  remember_header (&f->x_api_key, req, "x-api-key");
  remember_header (&f->anthropic_version, req, "anthropic-version");
  remember_header (&f->accept, req, "Accept");
  g_free (f->body);
  f->body = g_strndup (request_body->data, request_body->length);

  g_signal_connect (msg, "disconnected", G_CALLBACK (on_server_msg_disconnected), f);

  if (g_str_equal (scenario, "openai"))
    stream_body (f, msg, "text/event-stream", openai_stream, 7, TRUE);
  else if (g_str_equal (scenario, "openai-think"))
    stream_body (f, msg, "text/event-stream", openai_think_stream, 5, TRUE);
  else if (g_str_equal (scenario, "anthropic"))
    stream_body (f, msg, "text/event-stream", anthropic_stream, 11, TRUE);
  else if (g_str_equal (scenario, "ollama"))
    stream_body (f, msg, "application/x-ndjson", ollama_stream, 13, TRUE);
  else if (g_str_equal (scenario, "open-after-usage"))
    /* Finish and usage, then the connection stays open without [DONE]. */
    stream_body (f, msg, "text/event-stream",
                 OPENAI_CHUNK ("{\"content\":\"Done\"}", "null")
                 OPENAI_CHUNK ("{}", "\"stop\"")
                 "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
                 "\"completion_tokens\":1}}\n\n", 200, FALSE);
  else if (g_str_equal (scenario, "pings-after-finish"))
    {
      /* A finish reason, then keep-alive comments forever and no [DONE]. */
      Sender *sender = stream_body (f, msg, "text/event-stream",
                                    OPENAI_CHUNK ("{\"content\":\"Done\"}", "null")
                                    OPENAI_CHUNK ("{}", "\"stop\""), 500, FALSE);

      sender->ping = TRUE;
    }
  else if (g_str_equal (scenario, "error-mid-stream"))
    stream_body (f, msg, "text/event-stream",
                 OPENAI_CHUNK ("{\"content\":\"Partial\"}", "null")
                 "data: {\"error\":{\"message\":\"The upstream provider failed\","
                 "\"code\":502}}\n\n", 9, TRUE);
  else if (g_str_equal (scenario, "anthropic-overloaded"))
    stream_body (f, msg, "text/event-stream",
                 "event: content_block_delta\n"
                 "data: {\"type\":\"content_block_delta\",\"index\":0,"
                 "\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial\"}}\n\n"
                 "event: error\n"
                 "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                 "\"message\":\"Overloaded\"}}\n\n", 9, TRUE);
  else if (g_str_equal (scenario, "ollama-error"))
    stream_body (f, msg, "application/x-ndjson",
                 "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Partial\"},"
                 "\"done\":false}\n"
                 "{\"error\":\"model runner has unexpectedly stopped\"}\n", 9, TRUE);
  else if (g_str_equal (scenario, "llama-error-line"))
    stream_body (f, msg, "text/event-stream",
                 OPENAI_CHUNK ("{\"content\":\"Partial\"}", "null")
                 "error: {\"code\":500,\"message\":\"the context size was exceeded\","
                 "\"type\":\"server_error\"}\n", 9, TRUE);
  else if (g_str_equal (scenario, "cut-off"))
    /* Text, then the connection ends with no finish reason. */
    stream_body (f, msg, "text/event-stream",
                 OPENAI_CHUNK ("{\"content\":\"Partial\"}", "null"), 50, TRUE);
  else if (g_str_equal (scenario, "stall-after-text"))
    {
      g_set_object (&f->stalled_socket, soup_server_message_get_socket (msg));
      stream_body (f, msg, "text/event-stream",
                 OPENAI_CHUNK ("{\"content\":\"Partial\"}", "null"), 500, FALSE);
    }
  else if (g_str_equal (scenario, "stall-before-body"))
    stream_body (f, msg, "text/event-stream", "", 1, FALSE);
  else if (g_str_equal (scenario, "retry-after"))
    {
      if (n == 1)
        {
          soup_message_headers_replace (resp, "Retry-After", "1");
          respond (msg, 429, "{\"error\":{\"message\":\"Rate limit reached\","
                             "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
        }
      else
        stream_body (f, msg, "text/event-stream", openai_stream, 64, TRUE);
    }
  else if (g_str_equal (scenario, "retry-after-ms"))
    {
      if (n <= 2)
        {
          soup_message_headers_replace (resp, "retry-after-ms", "30");
          respond (msg, n == 1 ? 503 : 529, "{\"type\":\"error\",\"error\":"
                   "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        }
      else
        stream_body (f, msg, "text/event-stream", anthropic_stream, 64, TRUE);
    }
  else if (g_str_equal (scenario, "always-500"))
    respond (msg, 500, "{\"error\":{\"message\":\"The server had an error\","
                       "\"type\":\"server_error\"}}");
  else if (g_str_equal (scenario, "always-429"))
    respond (msg, 429, "{\"error\":{\"message\":\"Rate limit reached for requests\","
                       "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
  else if (g_str_equal (scenario, "status-401"))
    /* OpenAI repeats the key it was given. */
    respond (msg, 401, "{\"error\":{\"message\":\"Incorrect API key provided: " API_KEY
                       ". You can find your API key at https://example.org.\","
                       "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
  else if (g_str_equal (scenario, "status-403"))
    respond (msg, 403, "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\","
                       "\"message\":\"Your key " API_KEY " lacks permission\"}}");
  else if (g_str_equal (scenario, "status-404"))
    respond (msg, 404, "{\"error\":\"model 'nosuch' not found\"}");
  else if (g_str_equal (scenario, "status-402"))
    respond (msg, 402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}");
  else if (g_str_equal (scenario, "quota-429"))
    respond (msg, 429, "{\"error\":{\"message\":\"You exceeded your current quota\","
                       "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
  else if (g_str_equal (scenario, "status-400"))
    respond (msg, 400, "{\"error\":{\"message\":\"max_tokens is too large\","
                       "\"type\":\"invalid_request_error\"}}");
  else
    respond (msg, 418, "{}");
}

static char *
first_uri (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  char *base;

  g_assert_nonnull (uris);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return base;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handle_request, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  f->base = first_uri (f->server);
  f->config_dir = wd_test_make_tmpdir ();
  f->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_setenv ("WIREDESK_SECRET_TEST", API_KEY, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  /* Let pending chunk timers drop their messages. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->server);
  g_hash_table_unref (f->requests);
  g_free (f->base);
  g_free (f->config_dir);
  g_free (f->authorization);
  g_free (f->x_api_key);
  g_free (f->anthropic_version);
  g_free (f->accept);
  g_free (f->body);
  g_clear_object (&f->stalled_socket);
  g_unsetenv ("WIREDESK_SECRET_TEST");
}

/* A backend named "test" of @kind whose base URL leads to @scenario;
 * @extra are more "key=value\n" lines. */
static WdLlmBackend *
make_backend (Fixture    *f,
              const char *kind,
              const char *scenario,
              const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdConfig) config = NULL;
  g_autofree char *path = g_build_filename (f->config_dir, "wiredesk.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[backend test]\nkind=%s\nbase-url=%s/%s/\n"
                                           "model=configured-model\n%s",
                                           kind, f->base, scenario, extra ? extra : "");
  WdLlmBackend *backend;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  config = wd_config_load (path, &error);
  g_assert_no_error (error);
  backend = wd_llm_backend_new_from_config (config, "test", &error);
  g_assert_no_error (error);
  /* Short backoffs keep the retry tests quick. */
  wd_llm_backend_set_retry_base_delay (backend, 20);
  return backend;
}

typedef struct {
  GString       *text;
  GString       *reasoning;
  GString       *order;       /* "t" / "r" per delta */
  GCancellable  *cancel_after_text;
  GCancellable  *cancel_later;
  gboolean       done;
  gboolean       ok;
  WdLlmResponse *response;
  GError        *error;
} Call;

static void
on_delta (WdLlmDeltaKind  kind,
          const char     *delta,
          gpointer        user_data)
{
  Call *call = user_data;

  g_assert_true (g_utf8_validate (delta, -1, NULL));
  g_assert_false (call->done);
  switch (kind)
    {
    case WD_LLM_DELTA_TEXT:
      g_string_append (call->text, delta);
      g_string_append_c (call->order, 't');
      if (call->cancel_after_text != NULL)
        g_cancellable_cancel (call->cancel_after_text);
      break;
    case WD_LLM_DELTA_REASONING:
      g_string_append (call->reasoning, delta);
      g_string_append_c (call->order, 'r');
      break;
    case WD_LLM_DELTA_TEXT_TO_REASONING:
      g_string_append (call->reasoning, delta);
      g_string_truncate (call->text, 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
on_chat_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->ok = wd_llm_backend_chat_finish (WD_LLM_BACKEND (source), result, &call->response,
                                         &call->error);
  call->done = TRUE;
}

static void
call_clear (Call *call)
{
  g_string_free (call->text, TRUE);
  g_string_free (call->reasoning, TRUE);
  g_string_free (call->order, TRUE);
  g_clear_pointer (&call->response, wd_llm_response_free);
  g_clear_error (&call->error);
}

static WdLlmRequest *
make_request (void)
{
  WdLlmRequest *request = wd_llm_request_new ("You write news briefs.");

  wd_llm_request_add_message (request, WD_LLM_ROLE_USER, "Summarize: " UNICODE_TEXT);
  return request;
}

/* Runs one chat to its end. The response is there also on failure; no
 * error may contain the key. */
static void
run_chat (WdLlmBackend *backend,
          GCancellable *cancellable,
          Call         *call)
{
  g_autoptr(WdLlmRequest) request = make_request ();

  call->text = g_string_new (NULL);
  call->reasoning = g_string_new (NULL);
  call->order = g_string_new (NULL);
  wd_llm_backend_chat_async (backend, request, on_delta, call, cancellable, on_chat_done, call);
  while (!call->done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_nonnull (call->response);
  g_assert_true (call->ok == (call->error == NULL));
  g_assert_true (call->ok != call->response->incomplete);
  /* The deltas add up to the response. */
  g_assert_cmpstr (call->text->str, ==, call->response->text);
  g_assert_cmpstr (call->reasoning->str, ==, call->response->reasoning);
  if (call->error != NULL)
    {
      g_test_message ("error: %s", call->error->message);
      g_assert_null (strstr (call->error->message, API_KEY));
      g_assert_null (strstr (call->error->message, "sk-test"));
    }
}

static JsonObject *
parse_body (Fixture *f)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, f->body, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_complete_answer (Call       *call,
                        const char *finish_reason,
                        gint64      prompt_tokens)
{
  g_assert_no_error (call->error);
  g_assert_true (call->ok);
  g_assert_cmpstr (call->response->text, ==, "Hello, " UNICODE_TEXT);
  g_assert_cmpstr (call->response->reasoning, ==, "Think " UNICODE_TEXT);
  g_assert_cmpstr (call->response->finish_reason, ==, finish_reason);
  g_assert_cmpstr (call->response->model, ==, "served-model");
  g_assert_cmpint (call->response->prompt_tokens, ==, prompt_tokens);
  g_assert_cmpint (call->response->completion_tokens, ==, 12);
  g_assert_false (call->response->incomplete);
  g_assert_cmpint (call->response->time_to_first_token, >=, 0);
  g_assert_cmpint (call->response->duration, >=, call->response->time_to_first_token);
  /* Reasoning came first, then the text in several pieces. */
  g_assert_true (g_str_has_prefix (call->order->str, "r"));
  g_assert_nonnull (strstr (call->order->str, "tt"));
}

static void
test_openai (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "openai",
                                                  "temperature=0.3\nmax-tokens=300\n");
  g_autoptr(JsonObject) body = NULL;
  JsonArray *messages;
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  assert_complete_answer (&call, "stop", 9);
  g_assert_cmpuint (call.response->attempts, ==, 1);

  g_assert_cmpstr (f->authorization, ==, "Bearer " API_KEY);
  g_assert_null (f->x_api_key);
  g_assert_cmpstr (f->accept, ==, "text/event-stream");
  body = parse_body (f);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "configured-model");
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_true (json_object_get_boolean_member (
                   json_object_get_object_member (body, "stream_options"), "include_usage"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "temperature"), 0.3,
                                  1e-9);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 300);
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "content"), ==, "Summarize: " UNICODE_TEXT);
  call_clear (&call);
}

static void
test_openai_think_tags_no_done (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "openai-think", NULL);
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (call.response->text, ==, "Hello, " UNICODE_TEXT);
  g_assert_cmpstr (call.response->reasoning, ==, "Plan " UNICODE_TEXT);
  g_assert_cmpstr (call.response->finish_reason, ==, "stop");
  /* No usage came, and the configured model stands in for the name. */
  g_assert_cmpint (call.response->completion_tokens, ==, -1);
  g_assert_cmpstr (call.response->model, ==, "configured-model");
  call_clear (&call);
}

static void
test_anthropic (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "anthropic", "anthropic",
                                                  "temperature=0.5\n");
  g_autoptr(JsonObject) body = NULL;
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  assert_complete_answer (&call, "end_turn", 25);

  g_assert_cmpstr (f->x_api_key, ==, API_KEY);
  g_assert_null (f->authorization);
  g_assert_cmpstr (f->anthropic_version, ==, "2023-06-01");
  body = parse_body (f);
  g_assert_cmpstr (json_object_get_string_member (body, "system"), ==,
                   "You write news briefs.");
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 4096);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "messages")),
                    ==, 1);
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  call_clear (&call);
}

static void
test_ollama (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "ollama", "ollama", "max-tokens=64\n");
  g_autoptr(JsonObject) body = NULL;
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  assert_complete_answer (&call, "stop", 25);

  g_assert_cmpstr (f->authorization, ==, "Bearer " API_KEY);
  g_assert_cmpstr (f->accept, ==, "application/x-ndjson");
  body = parse_body (f);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (body, "options"),
                                               "num_predict"), ==, 64);
  call_clear (&call);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_no_key (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "ollama", "ollama", NULL);
  g_autoptr(WdLlmBackend) refused = make_backend (f, "openai", "status-401", NULL);
  g_autoptr(GError) error = NULL;
  WdSecretSource source = WD_SECRET_SOURCE_ENVIRONMENT;
  GAsyncResult *result = NULL;
  Call call = { 0 };
  Call auth = { 0 };

  /* No variable and, in the test's private session, no Secret Service. */
  g_unsetenv ("WIREDESK_SECRET_TEST");
  wd_llm_backend_lookup_key_async (backend, NULL, on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wd_llm_backend_lookup_key_finish (backend, result, &source, &error));
  g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_NO_SECRET_SERVICE);
  g_assert_nonnull (strstr (error->message, "WIREDESK_SECRET_TEST"));
  g_assert_cmpint (source, ==, WD_SECRET_SOURCE_NONE);
  g_object_unref (result);

  /* A local server needs no key: the request goes out without one. */
  run_chat (backend, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_null (f->authorization);
  call_clear (&call);

  /* A server that wants one hears why there is none. */
  run_chat (refused, NULL, &auth);
  g_assert_error (auth.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_AUTH);
  g_assert_nonnull (strstr (auth.error->message, "no Secret Service is running"));
  g_assert_nonnull (strstr (auth.error->message, "WIREDESK_SECRET_TEST"));
  call_clear (&auth);
}

static void
test_finish_then_open (Fixture       *f,
                       gconstpointer  data)
{
  /* The usage chunk came and then nothing, the socket left open: the
   * short grace after the finish reason ends the call as a success. */
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "open-after-usage",
                                                  "idle-timeout=1\n");
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (call.response->text, ==, "Done");
  g_assert_cmpint (call.response->completion_tokens, ==, 1);
  g_assert_false (call.response->incomplete);
  call_clear (&call);
}

static void
test_finish_then_pings (Fixture       *f,
                        gconstpointer  data)
{
  /* Pings after the finish reason do not hold the call open: the grace
   * period runs from the finish reason. */
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "pings-after-finish",
                                                  "idle-timeout=1\n");
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (call.response->text, ==, "Done");
  g_assert_cmpstr (call.response->finish_reason, ==, "stop");
  call_clear (&call);
}

static void
test_errors_mid_stream (Fixture       *f,
                        gconstpointer  data)
{
  struct {
    const char *kind;
    const char *scenario;
    const char *message;
  } cases[] = {
    { "openai", "error-mid-stream", "The upstream provider failed" },
    { "anthropic", "anthropic-overloaded", "Overloaded" },
    { "ollama", "ollama-error", "model runner has unexpectedly stopped" },
    { "openai", "llama-error-line", "the context size was exceeded" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WdLlmBackend) backend = make_backend (f, cases[i].kind, cases[i].scenario,
                                                      NULL);
      Call call = { 0 };

      run_chat (backend, NULL, &call);
      g_assert_error (call.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_STREAM);
      g_assert_nonnull (strstr (call.error->message, cases[i].message));
      g_assert_true (g_str_has_prefix (call.error->message, "test reported an error"));
      g_assert_cmpstr (call.response->text, ==, "Partial");
      g_assert_true (call.response->incomplete);
      /* Never retried once text has streamed. */
      g_assert_cmpuint (requests_for (f, cases[i].scenario), ==, 1);
      call_clear (&call);
    }
}

static void
test_cut_off (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "cut-off", NULL);
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_error (call.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_INCOMPLETE);
  g_assert_cmpstr (call.response->text, ==, "Partial");
  g_assert_true (call.response->incomplete);
  g_assert_cmpuint (requests_for (f, "cut-off"), ==, 1);
  call_clear (&call);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "retry-after", NULL);
  Call call = { 0 };

  /* Retry-After: 1 is honoured (one second), then the answer comes. */
  wd_llm_backend_set_retry_base_delay (backend, 5000);
  run_chat (backend, NULL, &call);
  assert_complete_answer (&call, "stop", 9);
  g_assert_cmpuint (call.response->attempts, ==, 2);
  g_assert_cmpuint (requests_for (f, "retry-after"), ==, 2);
  g_assert_cmpint (call.response->duration, >=, G_USEC_PER_SEC);
  call_clear (&call);
}

static void
test_retry_after_ms (Fixture       *f,
                     gconstpointer  data)
{
  /* 503, then Anthropic's 529, each with retry-after-ms: two retries. */
  g_autoptr(WdLlmBackend) backend = make_backend (f, "anthropic", "retry-after-ms", NULL);
  Call call = { 0 };

  wd_llm_backend_set_retry_base_delay (backend, 5000);
  run_chat (backend, NULL, &call);
  assert_complete_answer (&call, "end_turn", 25);
  g_assert_cmpuint (call.response->attempts, ==, 3);
  g_assert_cmpint (call.response->duration, <, 4 * G_USEC_PER_SEC);
  call_clear (&call);
}

static void
test_server_error_gives_up (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "always-500", NULL);
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_error (call.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_SERVER);
  g_assert_cmpstr (call.error->message, ==,
                   "test failed to answer (500 Internal Server Error: The server had an error, "
                   "3 attempts); the server has a problem, so try again later or use another "
                   "backend.");
  g_assert_cmpuint (requests_for (f, "always-500"), ==, 3);
  g_assert_cmpuint (call.response->attempts, ==, 3);
  call_clear (&call);
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(WdLlmBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *saved = g_strdup (f->base);
  guint16 port;
  Call call = { 0 };

  /* A port that was free a moment ago and has nobody listening now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  g_free (f->base);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", port);
  backend = make_backend (f, "openai", "x", NULL);
  g_free (f->base);
  f->base = g_steal_pointer (&saved);

  run_chat (backend, NULL, &call);
  g_assert_error (call.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (call.error->message, "Could not reach test at http://"));
  g_assert_cmpuint (call.response->attempts, ==, 3);
  call_clear (&call);
}

static void
test_status_errors (Fixture       *f,
                    gconstpointer  data)
{
  struct {
    const char *kind;
    const char *scenario;
    int         code;
    const char *message;
    guint       requests;
  } cases[] = {
    { "openai", "status-401", WD_DRAFT_ERROR_AUTH,
      "The API key was refused by test; check the key in WIREDESK_SECRET_TEST.", 1 },
    { "anthropic", "status-403", WD_DRAFT_ERROR_AUTH,
      "The API key was refused by test; check the key in WIREDESK_SECRET_TEST.", 1 },
    { "ollama", "status-404", WD_DRAFT_ERROR_MODEL_NOT_FOUND,
      "Model configured-model is not available on test;", 1 },
    { "openai", "status-402", WD_DRAFT_ERROR_QUOTA,
      "test refused the request because the account has no credit or quota left "
      "(402 Payment Required: Insufficient credits)", 1 },
    /* A quota 429 is not retried: waiting does not add credit. */
    { "openai", "quota-429", WD_DRAFT_ERROR_QUOTA, "You exceeded your current quota", 1 },
    /* Retried twice, without a Retry-After, then given up. */
    { "openai", "always-429", WD_DRAFT_ERROR_RATE_LIMITED,
      "test is limiting the rate of requests and refused 3 times (429 Too Many Requests: "
      "Rate limit reached for requests); wait a minute, then try again.", 3 },
    { "openai", "status-400", WD_DRAFT_ERROR_REFUSED,
      "test refused the request (400 Bad Request: max_tokens is too large); check the "
      "settings of [backend test].", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WdLlmBackend) backend = make_backend (f, cases[i].kind, cases[i].scenario,
                                                      NULL);
      Call call = { 0 };

      run_chat (backend, NULL, &call);
      g_assert_error (call.error, WD_DRAFT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (call.error->message, cases[i].message));
      g_assert_cmpuint (requests_for (f, cases[i].scenario), ==, cases[i].requests);
      g_assert_cmpstr (call.response->text, ==, "");
      call_clear (&call);
    }
}

static void
test_idle_watchdog (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "stall-after-text",
                                                  "idle-timeout=1\n");
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_error (call.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_TIMEOUT);
  g_assert_cmpstr (call.error->message, ==,
                   "test sent nothing for 1 second in the middle of the answer; the text so "
                   "far is kept, so try again, or raise idle-timeout in [backend test].");
  g_assert_cmpstr (call.response->text, ==, "Partial");
  g_assert_true (call.response->incomplete);
  g_assert_cmpuint (requests_for (f, "stall-after-text"), ==, 1);
  call_clear (&call);
}

static void
test_first_byte_watchdog (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "ollama", "stall-before-body",
                                                  "first-byte-timeout=1\n");
  Call call = { 0 };

  run_chat (backend, NULL, &call);
  g_assert_error (call.error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (call.error->message, "did not start answering within 1 second"));
  g_assert_nonnull (strstr (call.error->message, "first-byte-timeout"));
  /* A slow server is not asked again: it would be as slow. */
  g_assert_cmpuint (requests_for (f, "stall-before-body"), ==, 1);
  call_clear (&call);
}

static gboolean
on_socket_ready (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_soon (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_first_text_schedule_cancel (WdLlmDeltaKind  kind,
                               const char     *delta,
                               gpointer        user_data)
{
  Call *call = user_data;

  on_delta (kind, delta, user_data);
  /* Cancel from the main loop while the next read is waiting. */
  if (kind == WD_LLM_DELTA_TEXT && call->order->len == 1)
    g_idle_add_full (G_PRIORITY_DEFAULT, cancel_soon,
                     g_object_ref (call->cancel_later), g_object_unref);
}

static void
test_cancel_mid_stream (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "stall-after-text", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(WdLlmRequest) request = make_request ();
  Call call = { 0 };

  call.text = g_string_new (NULL);
  call.reasoning = g_string_new (NULL);
  call.order = g_string_new (NULL);
  call.cancel_later = cancellable;
  wd_llm_backend_chat_async (backend, request, on_first_text_schedule_cancel, &call,
                             cancellable, on_chat_done, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (call.error->message, ==,
                   "The request to test was stopped; the text so far is kept.");
  g_assert_cmpstr (call.response->text, ==, "Partial");
  g_assert_true (call.response->incomplete);

  /* The server sees the connection close (its end reads EOF); the stall
   * would otherwise hold it open forever. */
  g_assert_nonnull (f->stalled_socket);
  {
    g_autoptr(GSource) source = g_socket_create_source (f->stalled_socket,
                                                        G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
    gboolean closed = FALSE;
    char byte;
    gssize got;

    g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_socket_ready, &closed,
                           NULL);
    g_source_attach (source, NULL);
    while (!closed)
      g_main_context_iteration (NULL, TRUE);
    g_source_destroy (source);
    got = g_socket_receive (f->stalled_socket, &byte, 1, NULL, NULL);
    g_assert_cmpint (got, <=, 0);
  }
  call_clear (&call);
}

static void
test_cancel_in_delta (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(WdLlmBackend) backend = make_backend (f, "openai", "openai", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Call call = { 0 };

  /* Cancelled from inside the first text delta. */
  call.cancel_after_text = cancellable;
  run_chat (backend, cancellable, &call);
  g_assert_error (call.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (call.response->incomplete);
  g_assert_true (g_str_has_prefix ("Hello, " UNICODE_TEXT, call.response->text));
  g_assert_cmpstr (call.response->text, !=, "");
  call_clear (&call);
}

static void
test_config (Fixture       *f,
             gconstpointer  data)
{
  struct {
    const char *group;
    const char *message;
  } bad[] = {
    { "kind=gpt\n", "In [backend b], kind=gpt is not a kind Wiredesk knows" },
    { "model=m\n", "[backend b] has no kind; add kind=openai" },
    { "kind=openai\n", "[backend b] has no model; add the name of the model" },
    { "kind=openai\nmodel=m\nbase-url=ftp://x\n", "In [backend b], base-url=ftp://x is not" },
    { "kind=openai\nmodel=m\ntemperature=hot\n", "In [backend b], temperature=hot is not" },
    { "kind=anthropic\nmodel=m\ntemperature=1.5\n",
      "In [backend b], temperature=1.5 is not a number from 0 to 1" },
    { "kind=openai\nmodel=m\nmax-tokens=-5\n", "In [backend b], max-tokens=-5 is not" },
    { "kind=openai\nmodel=m\nidle-timeout=0\n",
      "In [backend b], idle-timeout=0 is not a whole number of seconds" },
    { "kind=openai\nmodel=m\nfirst-byte-timeout=soon\n",
      "In [backend b], first-byte-timeout=soon is not" },
    { "kind=openai\nmodel=m\nconnect-timeout=99999999\n",
      "In [backend b], connect-timeout=99999999 is not" },
  };
  g_autofree char *path = g_build_filename (f->config_dir, "c.conf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("[backend b]\n%s", bad[i].group);
      g_autoptr(WdConfig) config = NULL;
      g_autoptr(WdLlmBackend) backend = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      config = wd_config_load (path, &error);
      g_assert_no_error (error);
      backend = wd_llm_backend_new_from_config (config, "b", &error);
      g_assert_null (backend);
      g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, bad[i].message));
    }

  {
    const char *text = "[backend local]\nkind=ollama\nmodel=qwen3:8b\n"
                       "[backend claude]\nkind=anthropic\nmodel=c\nbase-url=https://x.test/v1//\n"
                       "[backend engine]\nkind=builtin\n";
    g_autoptr(WdConfig) config = NULL;
    g_autoptr(WdLlmBackend) local = NULL;
    g_autoptr(WdLlmBackend) claude = NULL;
    g_autoptr(WdLlmBackend) engine = NULL;
    g_autoptr(WdLlmBackend) missing = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (path, text, -1, NULL));
    config = wd_config_load (path, &error);
    g_assert_no_error (error);

    local = wd_llm_backend_new_from_config (config, "local", &error);
    g_assert_no_error (error);
    g_assert_cmpint (wd_llm_backend_get_kind (local), ==, WD_LLM_KIND_OLLAMA);
    g_assert_cmpstr (wd_llm_backend_get_base_url (local), ==, "http://127.0.0.1:11434");
    g_assert_cmpuint (wd_llm_backend_get_connect_timeout (local), ==, 15);
    g_assert_cmpuint (wd_llm_backend_get_first_byte_timeout (local), ==, 120);
    g_assert_cmpuint (wd_llm_backend_get_idle_timeout (local), ==, 60);
    g_assert_cmpfloat (wd_llm_backend_get_temperature (local), <, 0);
    g_assert_cmpuint (wd_llm_backend_get_max_tokens (local), ==, 0);
    g_assert_true (wd_llm_backend_is_http (local));

    claude = wd_llm_backend_new_from_config (config, "claude", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (wd_llm_backend_get_base_url (claude), ==, "https://x.test/v1");

    engine = wd_llm_backend_new_from_config (config, "engine", &error);
    g_assert_no_error (error);
    g_assert_cmpint (wd_llm_backend_get_kind (engine), ==, WD_LLM_KIND_BUILTIN);
    g_assert_false (wd_llm_backend_is_http (engine));
    g_assert_null (wd_llm_backend_get_base_url (engine));

    missing = wd_llm_backend_new_from_config (config, "nope", &error);
    g_assert_null (missing);
    g_assert_error (error, WD_CONFIG_ERROR, WD_CONFIG_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "[backend nope]"));
  }
}

static void
test_retry_after_parsing (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 10, 0, 0);

  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, -1);
  soup_message_headers_replace (headers, "Retry-After", "2");
  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, 2000);
  soup_message_headers_replace (headers, "Retry-After", "0.25");
  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, 250);
  soup_message_headers_replace (headers, "Retry-After", "Mon, 23 Nov 2026 10:00:30 GMT");
  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, 30000);
  soup_message_headers_replace (headers, "Retry-After", "Mon, 23 Nov 2026 09:00:00 GMT");
  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, 0);
  soup_message_headers_replace (headers, "Retry-After", "soon");
  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, -1);
  /* retry-after-ms wins. */
  soup_message_headers_replace (headers, "retry-after-ms", "120");
  g_assert_cmpint (wd_llm_call_parse_retry_after (headers, now), ==, 120);
}

static void
test_request_bodies (void)
{
  g_autoptr(WdLlmRequest) request = wd_llm_request_new (NULL);
  g_autofree char *openai = NULL;
  g_autofree char *local = NULL;
  g_autofree char *anthropic = NULL;
  g_autofree char *ollama = NULL;

  wd_llm_request_add_message (request, WD_LLM_ROLE_USER, "Hi");
  wd_llm_request_add_message (request, WD_LLM_ROLE_ASSISTANT, "Hello");
  wd_llm_request_add_message (request, WD_LLM_ROLE_USER, "Shorter");

  /* OpenAI's reasoning models refuse max_tokens; local servers read only it. */
  openai = wd_llm_wire_build_body (WD_LLM_KIND_OPENAI, "https://api.openai.com/v1", "o4",
                                   request, -1, 100);
  g_assert_cmpstr (openai, ==,
                   "{\"model\":\"o4\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                   "{\"role\":\"assistant\",\"content\":\"Hello\"},{\"role\":\"user\","
                   "\"content\":\"Shorter\"}],\"stream\":true,\"stream_options\":"
                   "{\"include_usage\":true},\"max_completion_tokens\":100}");
  local = wd_llm_wire_build_body (WD_LLM_KIND_OPENAI, "http://127.0.0.1:8080/v1", "q",
                                  request, 0, 100);
  g_assert_nonnull (strstr (local, "\"temperature\":0.0"));
  g_assert_nonnull (strstr (local, "\"max_tokens\":100"));
  g_assert_null (strstr (local, "\"system\""));

  /* Without a system text Anthropic gets none, and a default limit. */
  anthropic = wd_llm_wire_build_body (WD_LLM_KIND_ANTHROPIC, "https://api.anthropic.com/v1",
                                      "c", request, -1, 0);
  g_assert_null (strstr (anthropic, "\"system\""));
  g_assert_nonnull (strstr (anthropic, "\"max_tokens\":4096"));

  ollama = wd_llm_wire_build_body (WD_LLM_KIND_OLLAMA, "http://127.0.0.1:11434", "q",
                                   request, 0.7, 0);
  {
    const char *options = strstr (ollama, "\"options\":{\"temperature\":");

    g_assert_nonnull (options);
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (options + 26, NULL), 0.7, 1e-9);
  }
  g_assert_null (strstr (ollama, "num_predict"));
}

/* The CLI */

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} Run;

static void
on_cli_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

/* Runs wiredesk-cli while this process's server keeps answering. */
static void
run_cli (Run               *run,
         const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (gpointer) g_getenv ("WIREDESK_CLI"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_cli_done, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->config_dir, "cli.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[backend test]\nkind=openai\nbase-url=%s/openai\n"
                                           "model=configured-model\n"
                                           "[backend other]\nkind=ollama\nmodel=m\n"
                                           "[backend engine]\nkind=builtin\n"
                                           "[backend refusing]\nkind=anthropic\n"
                                           "base-url=%s/status-401\nmodel=m\n",
                                           f->base, f->base);
  g_autofree char *expected_first = g_strdup_printf ("test\topenai\tconfigured-model\t%s/openai\t"
                                                     "key from WIREDESK_SECRET_TEST\n", f->base);
  const char * const list[] = { "--config", path, "backend", "list", NULL };
  const char * const test[] = { "--config", path, "backend", "test", "test", NULL };
  const char * const engine[] = { "--config", path, "backend", "test", "engine", NULL };
  const char * const refusing[] = { "--config", path, "backend", "test", "refusing", NULL };
  const char * const usage[] = { "--config", path, "backend", "frobnicate", NULL };
  Run run = { 0 };

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_setenv ("WIREDESK_SECRET_REFUSING", API_KEY, TRUE);

  run_cli (&run, list);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, expected_first));
  g_assert_nonnull (strstr (run.out, "\nother\tollama\tm\thttp://127.0.0.1:11434\tno key (no "
                                     "Secret Service is running; set WIREDESK_SECRET_OTHER)\n"));
  g_assert_nonnull (strstr (run.out, "\nengine\tbuiltin\t-\t-\tno key needed\n"));
  g_assert_null (strstr (run.out, API_KEY));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  run = (Run) { 0 };
  run_cli (&run, test);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Hello, " UNICODE_TEXT "\nModel: served-model\n"
                                            "Time to first token: "));
  g_assert_nonnull (strstr (run.out, "\nTokens/s: "));
  g_assert_nonnull (strstr (run.out, " (12 tokens in "));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  run = (Run) { 0 };
  run_cli (&run, engine);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "builtin engine"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  run = (Run) { 0 };
  run_cli (&run, refusing);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "wiredesk-cli: The API key was refused by refusing; check the "
                                "key in WIREDESK_SECRET_REFUSING.\n");
  g_assert_null (strstr (run.out, API_KEY));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  run = (Run) { 0 };
  run_cli (&run, usage);
  g_assert_cmpint (run.status, ==, 2);
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  g_unsetenv ("WIREDESK_SECRET_REFUSING");
}

int
main (int    argc,
      char **argv)
{
  /* The desktop's proxy settings (read through GSettings) must not route
   * the requests to 127.0.0.1 anywhere else. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  wd_test_init (&argc, &argv);
  /* No session bus, so no Secret Service: keys come from the environment,
   * and the tests of a missing key are the same everywhere. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

#define ADD(path, func) \
  g_test_add ("/llm-backend/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("openai", test_openai);
  ADD ("openai-think-tags-no-done", test_openai_think_tags_no_done);
  ADD ("anthropic", test_anthropic);
  ADD ("ollama", test_ollama);
  ADD ("no-key", test_no_key);
  ADD ("finish-then-open", test_finish_then_open);
  ADD ("finish-then-pings", test_finish_then_pings);
  ADD ("errors-mid-stream", test_errors_mid_stream);
  ADD ("cut-off", test_cut_off);
  ADD ("retry-after", test_retry_after);
  ADD ("retry-after-ms", test_retry_after_ms);
  ADD ("server-error-gives-up", test_server_error_gives_up);
  ADD ("connection-refused", test_connection_refused);
  ADD ("status-errors", test_status_errors);
  ADD ("idle-watchdog", test_idle_watchdog);
  ADD ("first-byte-watchdog", test_first_byte_watchdog);
  ADD ("cancel-mid-stream", test_cancel_mid_stream);
  ADD ("cancel-in-delta", test_cancel_in_delta);
  ADD ("config", test_config);
  ADD ("cli", test_cli);
  g_test_add_func ("/llm-backend/retry-after-parsing", test_retry_after_parsing);
  g_test_add_func ("/llm-backend/request-bodies", test_request_bodies);

  return g_test_run ();
}
