/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-llm-stream"

#include <string.h>

#include "draft/wd-draft-error.h"
#include "draft/wd-llm-decoder.h"
#include "draft/wd-llm-stream.h"
#include "draft/wd-llm-think.h"
#include "wd-test-util.h"

/* The pure layers under the backends: SSE/NDJSON framing, the <think>
 * splitter and the per-protocol decoders, fed in pieces split at every
 * byte offset. No network here; test-llm-backend.c has the servers. */

/* "Grüße, 世界 😀": two-, three- and four-byte UTF-8 sequences. */
#define UNICODE_TEXT "Gr\xC3\xBC\xC3\x9F" "e, \xE4\xB8\x96\xE7\x95\x8C \xF0\x9F\x98\x80"

/* Events as one string per event: "name|id|data". */
static GPtrArray *
collect_events (WdLlmStream *stream)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  WdLlmStreamEvent *event;

  while ((event = wd_llm_stream_pop (stream)) != NULL)
    {
      g_assert_true (g_utf8_validate (event->data, -1, NULL));
      g_assert_cmpuint (strlen (event->data), ==, event->data_length);
      g_ptr_array_add (out, g_strdup_printf ("%s|%s|%s%s", event->event ? event->event : "",
                                             event->id ? event->id : "", event->data,
                                             event->from_error_line ? "|!" : ""));
      wd_llm_stream_event_free (event);
    }
  return out;
}

/* Decodes @body fed as given pieces: @cuts are offsets, ascending. */
static GPtrArray *
decode_pieces (WdLlmStreamFormat  format,
               const char        *body,
               gsize              length,
               const gsize       *cuts,
               guint              n_cuts)
{
  g_autoptr(WdLlmStream) stream = wd_llm_stream_new (format, 0);
  g_autoptr(GError) error = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);
  gsize at = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : length;
      g_autoptr(GPtrArray) some = NULL;

      g_assert_true (wd_llm_stream_feed (stream, (const guint8 *) body + at, end - at, &error));
      g_assert_no_error (error);
      at = end;
      some = collect_events (stream);
      g_ptr_array_extend_and_steal (events, g_steal_pointer (&some));
    }
  g_assert_true (wd_llm_stream_end (stream, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) rest = collect_events (stream);

    g_ptr_array_extend_and_steal (events, g_steal_pointer (&rest));
  }
  return events;
}

static char *
join_events (GPtrArray *events)
{
  g_ptr_array_add (events, NULL);
  return g_strjoinv ("\n--\n", (char **) events->pdata);
}

/* The events of @body, whole, split once at every offset, split twice
 * around every offset, and byte by byte, must all be @expected. */
static void
assert_events_at_every_split (WdLlmStreamFormat  format,
                              const char        *body,
                              const char        *expected)
{
  gsize length = strlen (body);

  for (gsize k = 0; k <= length; k++)
    {
      g_autoptr(GPtrArray) events = decode_pieces (format, body, length, &k, 1);
      g_autofree char *joined = join_events (events);

      if (g_strcmp0 (joined, expected) != 0)
        g_test_message ("split at %" G_GSIZE_FORMAT, k);
      g_assert_cmpstr (joined, ==, expected);
    }

  for (gsize k = 1; k + 1 <= length; k++)
    {
      gsize cuts[2] = { k, k + 1 };
      g_autoptr(GPtrArray) events = decode_pieces (format, body, length, cuts, 2);
      g_autofree char *joined = join_events (events);

      g_assert_cmpstr (joined, ==, expected);
    }

  {
    g_autofree gsize *cuts = g_new (gsize, length);
    g_autoptr(GPtrArray) events = NULL;
    g_autofree char *joined = NULL;

    for (gsize k = 0; k < length; k++)
      cuts[k] = k;
    events = decode_pieces (format, body, length, cuts, length);
    joined = join_events (events);
    g_assert_cmpstr (joined, ==, expected);
  }
}

static void
test_sse_fields (void)
{
  const char *body =
    ": keep-alive\n"
    "event: message_start\n"
    "id: 7\n"
    "data: {\"a\":1}\n"
    "\n"
    "data:first\n"
    "data:  second (one space kept)\n"
    "retry: 100\n"
    "unknown: x\n"
    "\n"
    "\n"
    "event: lonely\n"
    "\n"
    "data\n"
    "\n"
    ":\n"
    "data: " UNICODE_TEXT "\n"
    "\n";

  assert_events_at_every_split (WD_LLM_STREAM_SSE, body,
                                "message_start|7|{\"a\":1}\n--\n"
                                "|7|first\n second (one space kept)\n--\n"
                                "|7|\n--\n"
                                "|7|" UNICODE_TEXT);
}

static void
test_sse_line_ends (void)
{
  /* CRLF, lone CR and LF mixed; a CRLF split between two reads is one line
   * end, so "a" and "b" stay one event. */
  const char *body =
    "data: a\r\n"
    "data: b\r\n"
    "\r\n"
    "data: c\r"
    "\r"
    "data: d\n"
    "\r\n"
    "data: e\r"
    "data: f\r\n\r\n";

  assert_events_at_every_split (WD_LLM_STREAM_SSE, body,
                                "||a\nb\n--\n||c\n--\n||d\n--\n||e\nf");
}

static void
test_sse_end_of_stream (void)
{
  g_autoptr(GPtrArray) done = NULL;
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GPtrArray) bom = NULL;
  const char *with_done = "data: {\"x\":1}\n\ndata: [DONE]";
  const char *half = "data: {\"x\":1}\n\ndata: {\"half\":";
  const char *with_bom = "\xEF\xBB\xBF" "data: hi\n\n";

  /* A final [DONE] without its blank line still counts … */
  done = decode_pieces (WD_LLM_STREAM_SSE, with_done, strlen (with_done), NULL, 0);
  g_assert_cmpuint (done->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (done, 1), ==, "||[DONE]");

  /* … but a half-sent event is dropped, as the specification says. */
  dropped = decode_pieces (WD_LLM_STREAM_SSE, half, strlen (half), NULL, 0);
  g_assert_cmpuint (dropped->len, ==, 1);

  bom = decode_pieces (WD_LLM_STREAM_SSE, with_bom, strlen (with_bom), NULL, 0);
  g_assert_cmpuint (bom->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (bom, 0), ==, "||hi");
}

static void
test_sse_error_line (void)
{
  const char *body = "data: {\"x\":1}\n\nerror: {\"message\":\"bad\"}\n";

  assert_events_at_every_split (WD_LLM_STREAM_SSE, body,
                                "||{\"x\":1}\n--\nerror||{\"message\":\"bad\"}|!");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(GPtrArray) events = NULL;
  const char body[] = "data: caf\xC3 \xFF ok\n\n";

  events = decode_pieces (WD_LLM_STREAM_SSE, body, sizeof body - 1, NULL, 0);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events, 0), ==, "||caf\xEF\xBF\xBD \xEF\xBF\xBD ok");
}

static void
test_line_too_long (void)
{
  g_autoptr(WdLlmStream) stream = wd_llm_stream_new (WD_LLM_STREAM_SSE, 1024);
  g_autoptr(WdLlmStream) events = wd_llm_stream_new (WD_LLM_STREAM_SSE, 1024);
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk = g_strnfill (300, 'x');
  g_autofree char *line = g_strdup_printf ("data: %s\n", chunk);
  gboolean ok = TRUE;

  /* A line with no end, arriving in pieces: it fails once over the limit
   * instead of growing. */
  g_assert_true (wd_llm_stream_feed (stream, (const guint8 *) "data: ", 6, NULL));
  for (guint i = 0; i < 10 && ok; i++)
    ok = wd_llm_stream_feed (stream, (const guint8 *) chunk, 300, &error);
  g_assert_false (ok);
  g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "longer than 1.0"));
  g_assert_nonnull (strstr (error->message, "KiB"));
  g_clear_error (&error);
  /* It stays failed. */
  g_assert_false (wd_llm_stream_feed (stream, (const guint8 *) "\n\n", 2, &error));
  g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Short lines that add up to a too-large event fail the same way. */
  ok = TRUE;
  for (guint i = 0; i < 10 && ok; i++)
    ok = wd_llm_stream_feed (events, (const guint8 *) line, strlen (line), &error);
  g_assert_false (ok);
  g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_PROTOCOL);
}

static void
test_ndjson (void)
{
  const char *body =
    "{\"a\":\"" UNICODE_TEXT "\"}\n"
    "\n"
    "   \r\n"
    "{\"b\":2}\r\n"
    "{\"c\":3}";

  assert_events_at_every_split (WD_LLM_STREAM_NDJSON, body,
                                "||{\"a\":\"" UNICODE_TEXT "\"}\n--\n||{\"b\":2}\n--\n"
                                "||{\"c\":3}");
}

/* The <think> splitter */

typedef struct {
  GString *text;
  GString *reasoning;
  guint    moves;
} Split;

static void
on_split_delta (WdLlmDeltaKind  kind,
                const char     *delta,
                gpointer        user_data)
{
  Split *split = user_data;

  g_assert_true (g_utf8_validate (delta, -1, NULL));
  switch (kind)
    {
    case WD_LLM_DELTA_TEXT:
      g_assert_cmpstr (delta, !=, "");
      g_string_append (split->text, delta);
      break;
    case WD_LLM_DELTA_REASONING:
      g_assert_cmpstr (delta, !=, "");
      g_string_append (split->reasoning, delta);
      break;
    case WD_LLM_DELTA_TEXT_TO_REASONING:
      g_assert_cmpstr (delta, ==, split->text->str);
      g_string_append (split->reasoning, split->text->str);
      g_string_truncate (split->text, 0);
      split->moves++;
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Feeds @input cut at @a and @b; the pieces end on character boundaries,
 * as the JSON strings of real deltas do. */
static void
split_think (const char *input,
             gsize       a,
             gsize       b,
             Split      *split)
{
  g_autoptr(WdLlmThink) think = wd_llm_think_new (on_split_delta, split);
  gsize length = strlen (input);
  gsize cuts[3] = { a, b, length };
  gsize at = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *piece = g_strndup (input + at, cuts[i] - at);

      wd_llm_think_feed (think, piece);
      at = cuts[i];
    }
  wd_llm_think_end (think);
}

static void
assert_think (const char *input,
              const char *text,
              const char *reasoning)
{
  gsize length = strlen (input);

  for (gsize a = 0; a <= length; a = g_utf8_next_char (input + a) - input)
    {
      for (gsize b = a; b <= length; b = g_utf8_next_char (input + b) - input)
        {
          Split split = { g_string_new (NULL), g_string_new (NULL), 0 };

          split_think (input, a, b, &split);
          if (g_strcmp0 (split.text->str, text) != 0
              || g_strcmp0 (split.reasoning->str, reasoning) != 0)
            g_test_message ("%s cut at %" G_GSIZE_FORMAT " and %" G_GSIZE_FORMAT,
                            input, a, b);
          g_assert_cmpstr (split.text->str, ==, text);
          g_assert_cmpstr (split.reasoning->str, ==, reasoning);
          g_string_free (split.text, TRUE);
          g_string_free (split.reasoning, TRUE);
          if (b == length)
            break;
        }
      if (a == length)
        break;
    }
}

static void
test_think_tags (void)
{
  assert_think ("<think>Let me think: " UNICODE_TEXT "</think>\n\nThe answer.",
                "The answer.", "Let me think: " UNICODE_TEXT);
  assert_think ("\n <think>a</think>\n<think>b</think>\nAnswer <b>bold</b>.",
                "Answer <b>bold</b>.", "ab");
  /* A <think> in the middle of prose is prose. */
  assert_think ("Use the <think> tag to reason.", "Use the <think> tag to reason.", "");
  /* The template opened the block: only </think> arrives. */
  assert_think ("reasoning " UNICODE_TEXT "</think>\n\nAnswer", "Answer",
                "reasoning " UNICODE_TEXT);
  /* Held-back tails that turn out not to be tags come out at the end. */
  assert_think ("x < y and a </thi", "x < y and a </thi", "");
  assert_think ("<thi", "<thi", "");
  assert_think ("  <think>unfinished </thi", "", "unfinished </thi");
  assert_think ("Plain text.", "Plain text.", "");
}

/* The decoders */

typedef struct {
  GString *text;
  GString *reasoning;
} Deltas;

static void
on_decoder_delta (WdLlmDeltaKind  kind,
                  const char     *delta,
                  gpointer        user_data)
{
  Deltas *deltas = user_data;

  if (kind == WD_LLM_DELTA_TEXT)
    g_string_append (deltas->text, delta);
  else if (kind == WD_LLM_DELTA_REASONING)
    g_string_append (deltas->reasoning, delta);
  else
    {
      g_string_append (deltas->reasoning, delta);
      g_string_truncate (deltas->text, 0);
    }
}

typedef struct {
  const char *text;
  const char *reasoning;
  const char *finish_reason;
  const char *model;
  gint64      prompt_tokens;
  gint64      completion_tokens;
  gboolean    done;
  const char *error;    /* a part of the stream error's message, or NULL */
} Expected;

static void
assert_decodes_at (WdLlmKind       kind,
                   const char     *body,
                   gsize           cut,
                   const Expected *expected)
{
  g_autoptr(GError) error = NULL;
  Deltas deltas = { g_string_new (NULL), g_string_new (NULL) };
  g_autoptr(WdLlmDecoder) decoder = wd_llm_decoder_new (kind, on_decoder_delta, &deltas);
  gsize length = strlen (body);
  WdLlmResponse *response;
  gboolean ok;

  ok = wd_llm_decoder_feed (decoder, (const guint8 *) body, cut, &error)
       && wd_llm_decoder_feed (decoder, (const guint8 *) body + cut, length - cut, &error)
       && wd_llm_decoder_end (decoder, &error);

  if (expected->error != NULL)
    {
      g_assert_false (ok);
      g_assert_error (error, WD_DRAFT_ERROR, WD_DRAFT_ERROR_STREAM);
      g_assert_nonnull (strstr (error->message, expected->error));
    }
  else
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }

  response = wd_llm_decoder_get_response (decoder);
  g_assert_cmpstr (response->text, ==, expected->text);
  g_assert_cmpstr (response->reasoning, ==, expected->reasoning);
  /* The deltas add up to the same. */
  g_assert_cmpstr (deltas.text->str, ==, expected->text);
  g_assert_cmpstr (deltas.reasoning->str, ==, expected->reasoning);
  g_assert_cmpstr (response->finish_reason, ==, expected->finish_reason);
  g_assert_cmpstr (response->model, ==, expected->model);
  g_assert_cmpint (response->prompt_tokens, ==, expected->prompt_tokens);
  g_assert_cmpint (response->completion_tokens, ==, expected->completion_tokens);
  g_assert_cmpint (wd_llm_decoder_is_done (decoder), ==, expected->done);

  g_string_free (deltas.text, TRUE);
  g_string_free (deltas.reasoning, TRUE);
}

static void
assert_decodes (WdLlmKind       kind,
                const char     *body,
                const Expected *expected)
{
  gsize length = strlen (body);

  for (gsize cut = 0; cut <= length; cut++)
    assert_decodes_at (kind, body, cut, expected);
}

#define OPENAI_CHUNK(delta, finish) \
  "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"qwen3:8b\"," \
  "\"choices\":[{\"index\":0,\"delta\":" delta ",\"finish_reason\":" finish "}]," \
  "\"usage\":null}\n\n"

static void
test_openai (void)
{
  const char *body =
    ": OPENROUTER PROCESSING\n\n"
    OPENAI_CHUNK ("{\"role\":\"assistant\",\"content\":null}", "null")
    OPENAI_CHUNK ("{\"reasoning_content\":\"Hmm, \"}", "null")
    OPENAI_CHUNK ("{\"reasoning\":\"" UNICODE_TEXT "\"}", "null")
    OPENAI_CHUNK ("{\"content\":\"Hel\"}", "null")
    "event: ignored\ndata: {\"choices\":[{\"delta\":{\"content\":\"NOT THIS\"}}]}\n\n"
    OPENAI_CHUNK ("{\"content\":\"lo " UNICODE_TEXT "\",\"obfuscation\":\"zz\"}", "null")
    OPENAI_CHUNK ("{}", "\"stop\"")
    "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
    "\"completion_tokens\":12,\"total_tokens\":21}}\n\n"
    "data: [DONE]\n\n";
  const Expected expected = {
    "Hello " UNICODE_TEXT, "Hmm, " UNICODE_TEXT, "stop", "qwen3:8b", 9, 12, TRUE, NULL
  };

  assert_decodes (WD_LLM_KIND_OPENAI, body, &expected);
}

static void
test_openai_no_done_think_tags (void)
{
  /* llama-server with --reasoning-format none: inline tags, CRLF, no
   * [DONE], no usage. */
  const char *body =
    "data: {\"choices\":[{\"delta\":{\"content\":\"<thi\"}}]}\r\n\r\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\"nk>Plan</th\"}}]}\r\n\r\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\"ink>\\n\\nDone.\"}}]}\r\n\r\n"
    "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}\r\n\r\n";
  const Expected expected = { "Done.", "Plan", "length", NULL, -1, -1, FALSE, NULL };

  assert_decodes (WD_LLM_KIND_OPENAI, body, &expected);
}

static void
test_openai_errors (void)
{
  const char *in_data =
    OPENAI_CHUNK ("{\"content\":\"Part\"}", "null")
    "data: {\"error\":{\"message\":\"Upstream provider failed\",\"code\":502}}\n\n";
  const char *llama =
    OPENAI_CHUNK ("{\"content\":\"Part\"}", "null")
    "error: {\"code\":500,\"message\":\"context size exceeded\",\"type\":\"server_error\"}\n";
  const Expected upstream = { "Part", "", NULL, "qwen3:8b", -1, -1, FALSE,
                              "Upstream provider failed" };
  const Expected context = { "Part", "", NULL, "qwen3:8b", -1, -1, FALSE,
                             "context size exceeded" };

  assert_decodes (WD_LLM_KIND_OPENAI, in_data, &upstream);
  assert_decodes (WD_LLM_KIND_OPENAI, llama, &context);
}

static void
test_anthropic (void)
{
  const char *body =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-x\","
    "\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n"
    "\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n"
    "\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
    "\"thinking\":\"\"}}\n"
    "\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
    "\"thinking\":\"Consider " UNICODE_TEXT "\"}}\n"
    "\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
    "\"signature\":\"abc\"}}\n"
    "\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\","
    "\"text\":\"\"}}\n"
    "\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"Hello </think> " UNICODE_TEXT "\"}}\n"
    "\n"
    "event: some_future_event\n"
    "data: {\"type\":\"some_future_event\"}\n"
    "\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n"
    "\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n"
    "\n";
  const char *overloaded =
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"Part\"}}\n"
    "\n"
    "event: error\n"
    "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
    "\"message\":\"Overloaded\"}}\n"
    "\n";
  /* Anthropic text is never searched for think tags. */
  const Expected expected = {
    "Hello </think> " UNICODE_TEXT, "Consider " UNICODE_TEXT, "end_turn", "claude-x", 25, 15,
    TRUE, NULL
  };
  const Expected error = { "Part", "", NULL, NULL, -1, -1, FALSE, "Overloaded" };

  assert_decodes (WD_LLM_KIND_ANTHROPIC, body, &expected);
  assert_decodes (WD_LLM_KIND_ANTHROPIC, overloaded, &error);
}

static void
test_ollama (void)
{
  const char *body =
    "{\"model\":\"qwen3\",\"created_at\":\"x\",\"message\":{\"role\":\"assistant\","
    "\"content\":\"\",\"thinking\":\"Let me\"},\"done\":false}\n"
    "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"Paris " UNICODE_TEXT
    "\"},\"done\":false}\r\n"
    "\n"
    "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
    "\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":282,"
    "\"total_duration\":4883583458}\n"
    "{\"model\":\"qwen3\",\"message\":{\"content\":\"AFTER THE END\"}}\n";
  const char *error =
    "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"Par\"},"
    "\"done\":false}\n"
    "{\"error\":\"an error was encountered while running the model\"}\n";
  const Expected expected = {
    "Paris " UNICODE_TEXT, "Let me", "stop", "qwen3", 26, 282, TRUE, NULL
  };
  const Expected failed = { "Par", "", NULL, "qwen3", -1, -1, FALSE,
                            "an error was encountered" };

  assert_decodes (WD_LLM_KIND_OLLAMA, body, &expected);
  assert_decodes (WD_LLM_KIND_OLLAMA, error, &failed);
}

static void
test_error_bodies (void)
{
  struct {
    const char *body;
    const char *message;
    const char *code;
  } cases[] = {
    { "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
      "\"param\":null,\"code\":\"insufficient_quota\"}}",
      "You exceeded your current quota", "insufficient_quota" },
    { "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: x\"},"
      "\"request_id\":\"req_1\"}", "model: x", "not_found_error" },
    { "{\"error\":\"model 'x' not found\"}", "model 'x' not found", NULL },
    { "{\"error\":{\"code\":400,\"message\":\"bad\",\"type\":\"invalid_request_error\"}}",
      "bad", "invalid_request_error" },
    { "<html>\n<body>413 Request Entity Too Large</body></html>",
      "<html> <body>413 Request Entity Too Large</body></html>", NULL },
    { "", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = NULL;
      g_autofree char *message = wd_llm_parse_error_body (cases[i].body,
                                                          strlen (cases[i].body), &code);

      g_assert_cmpstr (message, ==, cases[i].message);
      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

int
main (int    argc,
      char **argv)
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/llm-stream/sse/fields", test_sse_fields);
  g_test_add_func ("/llm-stream/sse/line-ends", test_sse_line_ends);
  g_test_add_func ("/llm-stream/sse/end-of-stream", test_sse_end_of_stream);
  g_test_add_func ("/llm-stream/sse/error-line", test_sse_error_line);
  g_test_add_func ("/llm-stream/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/llm-stream/line-too-long", test_line_too_long);
  g_test_add_func ("/llm-stream/ndjson", test_ndjson);
  g_test_add_func ("/llm-stream/think-tags", test_think_tags);
  g_test_add_func ("/llm-stream/decoder/openai", test_openai);
  g_test_add_func ("/llm-stream/decoder/openai-no-done-think-tags",
                   test_openai_no_done_think_tags);
  g_test_add_func ("/llm-stream/decoder/openai-errors", test_openai_errors);
  g_test_add_func ("/llm-stream/decoder/anthropic", test_anthropic);
  g_test_add_func ("/llm-stream/decoder/ollama", test_ollama);
  g_test_add_func ("/llm-stream/error-bodies", test_error_bodies);

  return g_test_run ();
}
