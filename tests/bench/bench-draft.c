/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-draft: what drafting costs on this machine, apart from the model.
 *
 *   bench-draft [--runs N] [--tokens N]
 *
 * - sse_mb_per_s: the OpenAI stream decoder (SSE framing, JSON, think
 *   tags) over a recorded answer of --tokens tokens, fed in 4 kB reads.
 * - ttft_overhead_ms: a SoupServer on 127.0.0.1 (its own thread) streams
 *   the answer as fast as it can; the time from sending the request to the
 *   first token through WdLlmBackend, minus the same through a raw socket
 *   that writes the request and reads until the first token: what our
 *   client adds.
 * - cpu_ms_per_1k_tokens: the CPU time of the thread running the client
 *   while it streams the whole answer, per 1 000 tokens.
 * - builtin_ms: the builtin engine's summary and mention suggestions on a
 *   3 000-word article (bench-builtin adds the archive retrieval).
 *
 * stdout: a table, then one JSON line with the medians of --runs runs.
 */
#define G_LOG_DOMAIN "wd-bench-draft"
/* RUSAGE_THREAD */
#define _GNU_SOURCE 1

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "bench-corpus.h"
#include "wiredesk-core.h"
#include "draft/wd-builtin.h"
#include "draft/wd-llm-backend.h"
#include "draft/wd-llm-decoder.h"

#define DEFAULT_RUNS 15
#define DEFAULT_TOKENS 5000

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GBytes       *answer;
  guint         port;
  GMutex        lock;
  GCond         ready;
} Server;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* A recorded OpenAI answer: a chunk per token, the finish, the usage. */
static GBytes *
make_answer (guint n_tokens)
{
  Corpus corpus;
  Prng prng = { 0xd2af7 };
  GString *out = g_string_new (NULL);

  corpus_init (&corpus);
  for (guint i = 0; i < n_tokens; i++)
    {
      g_autofree char *escaped = g_strescape (corpus_word (&corpus, &prng), NULL);

      g_string_append_printf (out,
                              "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
                              "\"created\":1700000000,\"model\":\"bench-7b\",\"choices\":[{"
                              "\"index\":0,\"delta\":{\"content\":\"%s%s\"},"
                              "\"finish_reason\":null}]}\n\n",
                              i == 0 ? "" : " ", escaped);
    }
  g_string_append (out, "data: {\"object\":\"chat.completion.chunk\",\"model\":\"bench-7b\","
                        "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
  g_string_append_printf (out, "data: {\"object\":\"chat.completion.chunk\",\"model\":\"bench-7b\","
                               "\"choices\":[],\"usage\":{\"prompt_tokens\":40,"
                               "\"completion_tokens\":%u,\"total_tokens\":%u}}\n\n",
                          n_tokens, n_tokens + 40);
  g_string_append (out, "data: [DONE]\n\n");
  corpus_clear (&corpus);
  return g_string_free_to_bytes (out);
}

static void
handle_chat (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Server *server = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/event-stream", SOUP_MEMORY_STATIC,
                                    g_bytes_get_data (server->answer, NULL),
                                    g_bytes_get_size (server->answer));
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);
  server->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->server, "/v1/chat/completions", handle_chat, server, NULL);
  if (!soup_server_listen_local (server->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("bench-draft: %s", error->message);
  uris = soup_server_get_uris (server->server);
  g_mutex_lock (&server->lock);
  server->port = g_uri_get_port (uris->data);
  g_cond_signal (&server->ready);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static void
count_delta (WdLlmDeltaKind  kind,
             const char     *delta,
             gpointer        user_data)
{
  (*(guint *) user_data)++;
}

/* Decodes the answer in 4 kB reads; returns MB/s. */
static double
decode_rate (GBytes *answer)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (answer, &length);
  guint rounds = MAX (1, (guint) (40 * 1024 * 1024 / length));
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  for (guint r = 0; r < rounds; r++)
    {
      guint n_deltas = 0;
      g_autoptr(WdLlmDecoder) decoder = wd_llm_decoder_new (WD_LLM_KIND_OPENAI, count_delta,
                                                            &n_deltas);
      g_autoptr(GError) error = NULL;

      for (gsize offset = 0; offset < length; offset += 4096)
        if (!wd_llm_decoder_feed (decoder, data + offset, MIN (4096, length - offset), &error))
          g_error ("bench-draft: %s", error->message);
      if (!wd_llm_decoder_end (decoder, &error) || !wd_llm_decoder_is_finished (decoder))
        g_error ("bench-draft: the recorded answer did not decode");
    }
  elapsed = g_get_monotonic_time () - start;
  return (double) length * rounds / (1024.0 * 1024.0) / (elapsed / 1e6);
}

/* The request a client sends, as bytes on the wire. */
static char *
raw_request (guint port)
{
  const char *body = "{\"model\":\"bench-7b\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                     "\"content\":\"Say hello.\"}]}";

  return g_strdup_printf ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                          "Content-Type: application/json\r\nAccept: text/event-stream\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                          port, strlen (body), body);
}

/* Connect, write the request, read until the first token: ms. */
static double
raw_first_token_ms (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = raw_request (port);
  g_autoptr(GString) seen = g_string_new (NULL);
  char buffer[4096];
  gint64 start = g_get_monotonic_time ();

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  if (connection == NULL ||
      !g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                  request, strlen (request), NULL, NULL, &error))
    g_error ("bench-draft: %s", error->message);
  while (strstr (seen->str, "\"content\":\"") == NULL)
    {
      gssize n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                      buffer, sizeof buffer, NULL, &error);

      if (n <= 0)
        g_error ("bench-draft: the server closed before the first token");
      g_string_append_len (seen, buffer, n);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct {
  GCancellable *cancellable;
  gint64        first_token;   /* monotonic time, 0 until it came */
  gboolean      stop_at_first;
  GAsyncResult *result;
} Call;

static void
on_delta (WdLlmDeltaKind  kind,
          const char     *delta,
          gpointer        user_data)
{
  Call *call = user_data;

  if (kind == WD_LLM_DELTA_TEXT && call->first_token == 0)
    {
      call->first_token = g_get_monotonic_time ();
      if (call->stop_at_first)
        g_cancellable_cancel (call->cancellable);
    }
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;

  call->result = g_object_ref (result);
}

static WdLlmBackend *
new_backend (WdConfig *config)
{
  g_autoptr(GError) error = NULL;
  WdLlmBackend *backend = wd_llm_backend_new_from_config (config, "bench", &error);

  if (backend == NULL)
    g_error ("bench-draft: %s", error->message);
  return backend;
}

/* The configuration of the benchmark's backend, in a temporary file. */
static WdConfig *
bench_config (guint port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  g_autofree char *dir = g_dir_make_tmp ("bench-draft-XXXXXX", &error);
  g_autofree char *path = NULL;
  WdConfig *config;

  if (dir == NULL)
    g_error ("bench-draft: %s", error->message);
  path = g_build_filename (dir, "wiredesk.conf", NULL);
  g_key_file_set_string (file, "backend bench", "kind", "openai");
  g_key_file_set_string (file, "backend bench", "base-url", base);
  g_key_file_set_string (file, "backend bench", "model", "bench-7b");
  if (!g_key_file_save_to_file (file, path, &error) ||
      (config = wd_config_load (path, &error)) == NULL)
    g_error ("bench-draft: %s", error->message);
  g_unlink (path);
  g_rmdir (dir);
  return config;
}

/* One chat through WdLlmBackend: the time to the first token (ms) and,
 * streaming the whole answer, the CPU time of this thread (ms). */
static void
client_call (WdConfig *config,
             gboolean  whole,
             double  *out_first_ms,
             double  *out_cpu_ms,
             guint   *out_tokens)
{
  g_autoptr(WdLlmBackend) backend = new_backend (config);
  g_autoptr(WdLlmRequest) request = wd_llm_request_new (NULL);
  g_autoptr(WdLlmResponse) response = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Call call = { cancellable, 0, !whole, NULL };
  struct rusage before, after;
  gint64 start;

  wd_llm_request_add_message (request, WD_LLM_ROLE_USER, "Say hello.");
  getrusage (RUSAGE_THREAD, &before);
  start = g_get_monotonic_time ();
  wd_llm_backend_chat_async (backend, request, on_delta, &call, cancellable, on_done, &call);
  while (call.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  getrusage (RUSAGE_THREAD, &after);

  wd_llm_backend_chat_finish (backend, call.result, &response, NULL);
  g_object_unref (call.result);
  if (call.first_token == 0)
    g_error ("bench-draft: no token arrived through the backend");
  *out_first_ms = (call.first_token - start) / 1000.0;
  if (out_cpu_ms != NULL)
    *out_cpu_ms = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) * 1000.0 +
                  (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1000.0 +
                  (after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000.0 +
                  (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1000.0;
  if (out_tokens != NULL)
    *out_tokens = response != NULL && response->completion_tokens > 0
                  ? (guint) response->completion_tokens : 0;
}

int
main (int    argc,
      char **argv)
{
  guint runs = DEFAULT_RUNS;
  guint n_tokens = DEFAULT_TOKENS;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) raw_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) client_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) builtin_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *article = NULL;
  g_autoptr(WdSource) source = NULL;
  g_autoptr(GPtrArray) catalog = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WdConfig) config = NULL;
  Server server = { 0 };
  GThread *thread;
  Corpus corpus;
  guint streamed = 0;
  double overhead, cpu_per_1k;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs (default 15)", "N" },
    { "tokens", 0, 0, G_OPTION_ARG_INT, &n_tokens, "Tokens in the answer (default 5000)",
      "N" },
    { NULL },
  };

  context = g_option_context_new ("- time the drafting client and the builtin engine");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-draft: %s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 3);
  n_tokens = MAX (n_tokens, 10);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("WIREDESK_SECRET_BENCH", "sk-bench", TRUE);

  server.answer = make_answer (n_tokens);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  thread = g_thread_new ("bench-server", server_thread, &server);
  g_mutex_lock (&server.lock);
  while (server.port == 0)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);
  config = bench_config (server.port);

  fprintf (stderr, "decoding…\n");
  for (guint i = 0; i < runs; i++)
    {
      double rate = decode_rate (server.answer);

      g_array_append_val (rates, rate);
    }

  fprintf (stderr, "first tokens…\n");
  for (guint i = 0; i < runs; i++)
    {
      double raw = raw_first_token_ms (server.port);
      double ours;

      client_call (config, FALSE, &ours, NULL, NULL);
      g_array_append_val (raw_ms, raw);
      g_array_append_val (client_ms, ours);
    }

  fprintf (stderr, "whole answers…\n");
  for (guint i = 0; i < runs; i++)
    {
      double first, cpu;

      client_call (config, TRUE, &first, &cpu, &streamed);
      g_array_append_val (cpu_ms, cpu);
    }
  if (streamed != n_tokens)
    g_error ("bench-draft: %u tokens streamed, %u sent", streamed, n_tokens);

  fprintf (stderr, "builtin engine…\n");
  corpus_init (&corpus);
  article = long_article (&corpus);
  source = wd_source_new ();
  wd_source_set_text (source, article);
  wd_source_set_title (source, "Vorn dam: the valley votes on the reservoir");
  wd_source_set_publisher_name (source, "Metro Wire");
  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (catalog, g_object_new (WD_TYPE_MENTION,
                                            "id", (gint64) i + 1,
                                            "name", g_ptr_array_index (corpus.names, i),
                                            "kind", WD_MENTION_PERSON,
                                            NULL));
  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(WdBuiltinSummary) summary = wd_builtin_summarize (article, 0, 0);
      g_autoptr(GPtrArray) mentions = wd_builtin_suggest_mentions_for (source, catalog);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      if (summary->text == NULL || mentions->len == 0)
        g_error ("bench-draft: the builtin engine drafted nothing");
      g_array_append_val (builtin_ms, ms);
    }
  corpus_clear (&corpus);

  g_main_loop_quit (server.loop);
  g_main_context_wakeup (server.context);
  g_thread_join (thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);

  overhead = median (client_ms) - median (raw_ms);
  cpu_per_1k = median (cpu_ms) / (n_tokens / 1000.0);
  printf ("drafting client, %u-token answer from 127.0.0.1, median of %u runs\n\n",
          n_tokens, runs);
  printf ("  %-38s %10.1f MB/s  (%.2f MB answer)\n", "SSE + JSON decoding", median (rates),
          g_bytes_get_size (server.answer) / (1024.0 * 1024.0));
  printf ("  %-38s %10.2f ms\n", "first token, raw socket", median (raw_ms));
  printf ("  %-38s %10.2f ms\n", "first token, WdLlmBackend", median (client_ms));
  printf ("  %-38s %10.2f ms    (target <= 2)\n", "overhead of our client", overhead);
  printf ("  %-38s %10.2f ms\n", "CPU per 1 000 tokens (client thread)", cpu_per_1k);
  printf ("  %-38s %10.2f ms    (target <= 20)\n", "builtin engine, 3 000-word article",
          median (builtin_ms));
  printf ("\n{\"sse_mb_per_s\": %.1f, \"ttft_overhead_ms\": %.2f, \"cpu_ms_per_1k_tokens\": %.2f, "
          "\"builtin_ms\": %.2f}\n",
          median (rates), overhead, cpu_per_1k, median (builtin_ms));
  g_bytes_unref (server.answer);
  return 0;
}
