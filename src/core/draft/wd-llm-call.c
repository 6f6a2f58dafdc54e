/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-llm-call"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "wd-draft-error.h"
#include "wd-llm-backend-private.h"
#include "wd-llm-decoder.h"
#include "wd-llm-secret.h"
#include "wd-llm-wire.h"

/* Pieces read from the body at a time. */
#define READ_SIZE (16 * 1024)
/* Of an error answer, this much is read for its message. */
#define MAX_ERROR_BODY (64 * 1024)
/* A server-given wait is honoured up to this (as Anthropic's SDK does). */
#define MAX_RETRY_AFTER_MS 60000
#define MAX_BACKOFF_MS 8000
/* How long to wait for the usage chunk and [DONE] after the finish reason:
 * some servers never send [DONE], some keep the connection open. */
#define GRACE_MS 2000

typedef enum {
  PHASE_NONE,
  PHASE_CONNECT,     /* until the connection is up and the request written */
  PHASE_FIRST_BYTE,  /* until the first byte of the answer's body */
  PHASE_IDLE,        /* between two reads */
  PHASE_GRACE,       /* finished; waiting a little for the usage and the end */
} Phase;

/* One chat request, from the key lookup through the retries to the end of
 * the stream. Owned by its GTask. */
typedef struct {
  /* borrowed: the task's source object keeps it alive */
  WdLlmBackend   *backend;

  /* owned */
  WdLlmRequest   *request;
  GMainContext   *context;
  GCancellable   *user_cancellable;
  gulong          user_cancelled_id;
  GCancellable   *cancellable;       /* this attempt's; the user and the watchdogs cancel it */
  char           *api_key;
  char           *key_problem;       /* why no key could be looked up, or NULL */
  WdSecretSource  key_source;
  SoupMessage    *msg;
  GInputStream   *stream;
  GByteArray     *error_body;
  WdLlmDecoder   *decoder;
  GSource        *watchdog;
  GSource        *retry_source;
  WdLlmResponse  *partial;           /* on failure: what had arrived */

  WdLlmDeltaFunc  delta_func;
  gpointer        delta_data;

  Phase           phase;
  Phase           timed_out;         /* the phase whose watchdog fired, or NONE */
  guint           retries;
  guint           attempts;
  gint64          start_time;
  gint64          first_token_time;
  gboolean        streamed;          /* text or reasoning has arrived */
  gboolean        got_body_byte;
} WdLlmCall;

static void start_attempt (GTask *task);

static void
clear_watchdog (WdLlmCall *call)
{
  if (call->watchdog != NULL)
    {
      g_source_destroy (call->watchdog);
      g_clear_pointer (&call->watchdog, g_source_unref);
    }
  call->phase = PHASE_NONE;
}

static void
clear_attempt (WdLlmCall *call)
{
  clear_watchdog (call);
  if (call->msg != NULL)
    g_signal_handlers_disconnect_matched (call->msg, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                          call);
  /* Dropping an unfinished body stream closes the connection instead of
   * reading the rest: that is how a stream is stopped. */
  g_clear_object (&call->stream);
  g_clear_object (&call->msg);
  g_clear_pointer (&call->error_body, g_byte_array_unref);
  g_clear_object (&call->cancellable);
}

static void
call_free (gpointer data)
{
  WdLlmCall *call = data;

  clear_attempt (call);
  if (call->retry_source != NULL)
    {
      g_source_destroy (call->retry_source);
      g_clear_pointer (&call->retry_source, g_source_unref);
    }
  if (call->user_cancelled_id != 0)
    g_cancellable_disconnect (call->user_cancellable, call->user_cancelled_id);
  g_clear_object (&call->user_cancellable);
  g_clear_pointer (&call->api_key, secret_password_free);
  g_clear_pointer (&call->key_problem, g_free);
  g_clear_pointer (&call->decoder, wd_llm_decoder_free);
  g_clear_pointer (&call->partial, wd_llm_response_free);
  g_clear_pointer (&call->request, wd_llm_request_free);
  g_clear_pointer (&call->context, g_main_context_unref);
  g_free (call);
}

static const char *
backend_name (WdLlmCall *call)
{
  return wd_llm_backend_get_name (call->backend);
}

static gboolean
user_cancelled (WdLlmCall *call)
{
  return call->user_cancellable != NULL && g_cancellable_is_cancelled (call->user_cancellable);
}

/* What arrived so far, with the times filled in. */
static WdLlmResponse *
build_response (WdLlmCall *call,
                gboolean   incomplete)
{
  WdLlmResponse *response;

  if (call->decoder != NULL)
    response = wd_llm_response_copy (wd_llm_decoder_get_response (call->decoder));
  else
    response = wd_llm_response_new ();

  if (response->model == NULL)
    response->model = g_strdup (wd_llm_backend_get_model (call->backend));
  if (call->first_token_time > 0)
    response->time_to_first_token = call->first_token_time - call->start_time;
  response->duration = g_get_monotonic_time () - call->start_time;
  response->attempts = call->attempts;
  response->incomplete = incomplete;

  return response;
}

/* Takes out every copy of the key, in case a server repeats it. */
static void
scrub_key (WdLlmCall *call,
           GError    *error)
{
  char *found;

  if (call->api_key == NULL || strlen (call->api_key) < 4)
    return;

  while ((found = strstr (error->message, call->api_key)) != NULL)
    {
      g_autofree char *before = g_strndup (error->message, found - error->message);
      char *scrubbed = g_strconcat (before, "…", found + strlen (call->api_key), NULL);

      g_free (error->message);
      error->message = scrubbed;
    }
}

static void
succeed (GTask *task)
{
  WdLlmCall *call = g_task_get_task_data (task);

  clear_attempt (call);
  g_task_return_pointer (task, build_response (call, FALSE),
                         (GDestroyNotify) wd_llm_response_free);
  g_object_unref (task);
}

/* Ends the call with @error (taken), keeping what arrived. The caller's
 * cancellation wins over everything else. */
static void
fail_with (GTask  *task,
           GError *error)
{
  WdLlmCall *call = g_task_get_task_data (task);

  clear_attempt (call);
  if (call->retry_source != NULL)
    {
      g_source_destroy (call->retry_source);
      g_clear_pointer (&call->retry_source, g_source_unref);
    }

  g_clear_pointer (&call->partial, wd_llm_response_free);
  call->partial = build_response (call, TRUE);

  if (user_cancelled (call))
    {
      g_error_free (error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The request to %s was stopped; the text so far is kept."),
                           backend_name (call));
    }
  scrub_key (call, error);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
on_watchdog_fired (gpointer user_data)
{
  WdLlmCall *call = user_data;

  call->timed_out = call->phase;
  g_clear_pointer (&call->watchdog, g_source_unref);
  call->phase = PHASE_NONE;
  g_cancellable_cancel (call->cancellable);

  return G_SOURCE_REMOVE;
}

static guint
phase_timeout_ms (WdLlmCall *call,
                  Phase      phase)
{
  guint idle = wd_llm_backend_get_idle_timeout (call->backend);

  switch (phase)
    {
    case PHASE_CONNECT:
      return wd_llm_backend_get_connect_timeout (call->backend) * 1000;
    case PHASE_FIRST_BYTE:
      return wd_llm_backend_get_first_byte_timeout (call->backend) * 1000;
    case PHASE_IDLE:
      return idle * 1000;
    case PHASE_GRACE:
      return idle > 0 ? MIN (GRACE_MS, idle * 1000) : GRACE_MS;
    case PHASE_NONE:
    default:
      return 0;
    }
}

/* (Re)starts the timer of @phase; every byte that arrives restarts the
 * idle one, so it measures silence, not the length of the answer. */
static void
arm_watchdog (WdLlmCall *call,
              Phase      phase)
{
  guint ms = phase_timeout_ms (call, phase);

  clear_watchdog (call);
  call->phase = phase;
  if (ms == 0)
    return;

  call->watchdog = g_timeout_source_new (ms);
  g_source_set_callback (call->watchdog, on_watchdog_fired, call, NULL);
  g_source_set_static_name (call->watchdog, "[wd-llm-call] watchdog");
  g_source_attach (call->watchdog, call->context);
}

static void
on_msg_network_event (SoupMessage        *msg,
                      GSocketClientEvent  event,
                      GIOStream          *connection,
                      gpointer            user_data)
{
  WdLlmCall *call = user_data;

  /* After the TCP connection, any proxy and TLS the server is reachable;
   * from here on it may only be slow to start answering. */
  if (event == G_SOCKET_CLIENT_COMPLETE && call->phase == PHASE_CONNECT)
    arm_watchdog (call, PHASE_FIRST_BYTE);
}

static void
on_msg_wrote_headers (SoupMessage *msg,
                      gpointer     user_data)
{
  WdLlmCall *call = user_data;

  /* A reused keep-alive connection has no network events. */
  if (call->phase == PHASE_CONNECT)
    arm_watchdog (call, PHASE_FIRST_BYTE);
}

static const char *
status_phrase (guint status)
{
  const char *phrase = soup_status_get_phrase (status);

  /* libsoup 3.2 has no names for these two, which these servers use most. */
  if (status == 429)
    return "Too Many Requests";
  if (status == 529)
    return "Overloaded";
  return phrase != NULL && !g_str_equal (phrase, "Unknown Error") ? phrase : "";
}

static char *
describe_status (guint status)
{
  const char *phrase = status_phrase (status);

  return *phrase != '\0' ? g_strdup_printf ("%u %s", status, phrase)
                         : g_strdup_printf ("%u", status);
}

static GError *
timeout_error (WdLlmCall *call,
               Phase      phase)
{
  const char *name = backend_name (call);

  switch (phase)
    {
    case PHASE_CONNECT:
      {
        guint s = wd_llm_backend_get_connect_timeout (call->backend);

        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_TIMEOUT,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Could not connect to %s at %s within %u second; "
                                         "check that the server is running and the base URL "
                                         "is right.",
                                         "Could not connect to %s at %s within %u seconds; "
                                         "check that the server is running and the base URL "
                                         "is right.", s),
                            name, wd_llm_backend_get_base_url (call->backend), s);
      }
    case PHASE_FIRST_BYTE:
      {
        guint s = wd_llm_backend_get_first_byte_timeout (call->backend);

        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_TIMEOUT,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%s did not start answering within %u second; the "
                                         "model may still be loading, so try again, or raise "
                                         "first-byte-timeout in [backend %s].",
                                         "%s did not start answering within %u seconds; the "
                                         "model may still be loading, so try again, or raise "
                                         "first-byte-timeout in [backend %s].", s),
                            name, s, name);
      }
    case PHASE_IDLE:
    case PHASE_GRACE:
    case PHASE_NONE:
    default:
      {
        guint s = wd_llm_backend_get_idle_timeout (call->backend);

        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_TIMEOUT,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%s sent nothing for %u second in the middle of the "
                                         "answer; the text so far is kept, so try again, or "
                                         "raise idle-timeout in [backend %s].",
                                         "%s sent nothing for %u seconds in the middle of the "
                                         "answer; the text so far is kept, so try again, or "
                                         "raise idle-timeout in [backend %s].", s),
                            name, s, name);
      }
    }
}

static GError *
connection_error (WdLlmCall    *call,
                  const GError *error)
{
  return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_NETWORK,
                      _("Could not reach %s at %s (%s); check that the server is running and "
                        "the base URL is right."),
                      backend_name (call), wd_llm_backend_get_base_url (call->backend),
                      error->message);
}

/* The wait before retry number @retries + 1, in milliseconds. */
static guint
retry_delay_ms (WdLlmCall          *call,
                SoupMessageHeaders *headers)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 wanted = headers != NULL ? wd_llm_call_parse_retry_after (headers, now) : -1;
  double base = wd_llm_backend_get_retry_base_delay (call->backend);
  double backoff;

  if (wanted > 0 && wanted <= MAX_RETRY_AFTER_MS)
    return (guint) wanted;

  backoff = MIN (base * (1u << MIN (call->retries, 16u)), MAX_BACKOFF_MS);
  return (guint) (backoff * (1.0 - 0.25 * g_random_double ()));
}

static gboolean
on_retry_due (gpointer user_data)
{
  GTask *task = user_data;
  WdLlmCall *call = g_task_get_task_data (task);

  g_clear_pointer (&call->retry_source, g_source_unref);
  if (user_cancelled (call))
    fail_with (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, ""));
  else
    start_attempt (task);

  return G_SOURCE_REMOVE;
}

/* Retries after a failure before any text, when retries are left; returns
 * FALSE when the caller should fail instead. */
static gboolean
maybe_retry (GTask              *task,
             SoupMessageHeaders *headers)
{
  WdLlmCall *call = g_task_get_task_data (task);
  guint delay;

  if (call->streamed || call->retries >= WD_LLM_BACKEND_MAX_RETRIES || user_cancelled (call))
    return FALSE;

  delay = retry_delay_ms (call, headers);
  call->retries++;
  g_debug ("Retrying %s in %u ms (retry %u)", backend_name (call), delay, call->retries);

  clear_attempt (call);
  call->retry_source = g_timeout_source_new (delay);
  g_source_set_callback (call->retry_source, on_retry_due, task, NULL);
  g_source_set_static_name (call->retry_source, "[wd-llm-call] retry");
  g_source_attach (call->retry_source, call->context);

  return TRUE;
}

static gboolean
is_retryable_status (guint status)
{
  return status == 408 || status == 409 || status == 429 || status >= 500;
}

static GError *
http_error (WdLlmCall  *call,
            guint       status,
            const char *server_message,
            const char *code)
{
  const char *name = backend_name (call);
  g_autofree char *described = describe_status (status);
  g_autofree char *env_name = wd_config_secret_env_name (name);
  g_autofree char *detail = server_message != NULL
                            ? g_strdup_printf ("%s: %s", described, server_message)
                            : g_strdup (described);

  if (status == 401 || status == 403)
    {
      if (call->api_key == NULL && call->key_problem != NULL)
        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_AUTH,
                            _("%s asks for an API key, but none was found: no Secret "
                              "Service is running and %s is not set; set that variable to "
                              "the key."),
                            name, env_name);
      if (call->api_key == NULL)
        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_AUTH,
                            _("%s asks for an API key, but none was found; store it in the "
                              "Secret Service or set %s."),
                            name, env_name);
      if (call->key_source == WD_SECRET_SOURCE_ENVIRONMENT)
        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_AUTH,
                            _("The API key was refused by %s; check the key in %s."),
                            name, env_name);
      return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_AUTH,
                          _("The API key was refused by %s; check the key stored for it in "
                            "the Secret Service."),
                          name);
    }

  if (status == 404)
    return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_MODEL_NOT_FOUND,
                        _("Model %s is not available on %s; check model= in [backend %s], "
                          "or that %s is the right base URL."),
                        wd_llm_backend_get_model (call->backend), name, name,
                        wd_llm_backend_get_base_url (call->backend));

  if (status == 402 || g_strcmp0 (code, "insufficient_quota") == 0)
    return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_QUOTA,
                        _("%s refused the request because the account has no credit or quota "
                          "left (%s); add credit, or use another backend."),
                        name, detail);

  if (status == 429)
    return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_RATE_LIMITED,
                        _("%s is limiting the rate of requests and refused %u times (%s); "
                          "wait a minute, then try again."),
                        name, call->attempts, detail);

  if (status >= 500)
    return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_SERVER,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "%s failed to answer (%s, %u attempt); the server has a "
                                     "problem, so try again later or use another backend.",
                                     "%s failed to answer (%s, %u attempts); the server has a "
                                     "problem, so try again later or use another backend.",
                                     call->attempts),
                        name, detail, call->attempts);

  if (status >= 400)
    return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_REFUSED,
                        _("%s refused the request (%s); check the settings of [backend %s]."),
                        name, detail, name);

  return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_PROTOCOL,
                      _("%s answered %s, which is not a chat answer; check that %s is the "
                        "right base URL."),
                      name, described, wd_llm_backend_get_base_url (call->backend));
}

/* The error answer has been read: retry or fail. */
static void
handle_http_error (GTask *task)
{
  WdLlmCall *call = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);
  guint status = soup_message_get_status (call->msg);
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  const char *should_retry = soup_message_headers_get_one (headers, "x-should-retry");
  gboolean retryable = is_retryable_status (status);

  if (call->error_body != NULL)
    message = wd_llm_parse_error_body ((const char *) call->error_body->data,
                                       call->error_body->len, &code);

  /* "You exceeded your current quota" comes as a 429 that no wait fixes. */
  if (g_strcmp0 (code, "insufficient_quota") == 0)
    retryable = FALSE;
  else if (g_strcmp0 (should_retry, "true") == 0)
    retryable = TRUE;
  else if (g_strcmp0 (should_retry, "false") == 0)
    retryable = FALSE;

  if (retryable && maybe_retry (task, headers))
    return;

  fail_with (task, http_error (call, status, message, code));
}

static void
on_error_body_read (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  WdLlmCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL && user_cancelled (call))
    {
      fail_with (task, g_steal_pointer (&error));
      return;
    }

  /* A body that breaks off still leaves the status to go by. */
  size = bytes != NULL ? g_bytes_get_size (bytes) : 0;
  if (size > 0 && call->error_body->len < MAX_ERROR_BODY)
    {
      g_byte_array_append (call->error_body, g_bytes_get_data (bytes, NULL),
                           MIN (size, MAX_ERROR_BODY - call->error_body->len));
      arm_watchdog (call, PHASE_IDLE);
      g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                       call->cancellable, on_error_body_read, task);
      return;
    }

  clear_watchdog (call);
  handle_http_error (task);
}

static void
on_delta (WdLlmDeltaKind  kind,
          const char     *delta,
          gpointer        user_data)
{
  WdLlmCall *call = user_data;

  if (call->first_token_time == 0 && kind != WD_LLM_DELTA_TEXT_TO_REASONING)
    call->first_token_time = g_get_monotonic_time ();
  call->streamed = TRUE;

  if (call->delta_func != NULL)
    call->delta_func (kind, delta, call->delta_data);
}

/* The stream has ended, or broke off: success when the model finished. */
static void
end_of_stream (GTask *task)
{
  WdLlmCall *call = g_task_get_task_data (task);
  GError *error = NULL;

  if (!wd_llm_decoder_end (call->decoder, &error))
    {
      fail_with (task, error);
      return;
    }

  if (wd_llm_decoder_is_finished (call->decoder))
    {
      succeed (task);
      return;
    }

  if (call->streamed)
    fail_with (task, g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_INCOMPLETE,
                                  _("The answer from %s broke off before the model finished; "
                                    "the text so far is kept, so try again."),
                                  backend_name (call)));
  else
    fail_with (task, g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_INCOMPLETE,
                                  _("%s ended its answer without any text; check that %s "
                                    "speaks the %s protocol."),
                                  backend_name (call),
                                  wd_llm_backend_get_base_url (call->backend),
                                  wd_llm_kind_to_string (wd_llm_backend_get_kind (
                                                           call->backend))));
}

static GError *
stream_error (WdLlmCall    *call,
              const GError *error)
{
  if (error->domain == WD_DRAFT_ERROR && error->code == WD_DRAFT_ERROR_STREAM)
    {
      const char *message = *error->message != '\0' ? error->message : _("no details");

      if (call->streamed)
        return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_STREAM,
                            _("%s reported an error in the middle of the answer (%s); the "
                              "text so far is kept, so try again."),
                            backend_name (call), message);
      return g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_STREAM,
                          _("%s reported an error instead of an answer (%s); try again, or "
                            "use another backend."),
                          backend_name (call), message);
    }
  return g_error_copy (error);
}

static void
on_body_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  WdLlmCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      if (call->timed_out == PHASE_GRACE && !user_cancelled (call))
        succeed (task);
      else if (user_cancelled (call))
        fail_with (task, g_steal_pointer (&error));
      else if (call->timed_out != PHASE_NONE)
        fail_with (task, timeout_error (call, call->timed_out));
      else
        fail_with (task, g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_NETWORK,
                                      _("The connection to %s broke in the middle of the "
                                        "answer (%s); the text so far is kept, so try again."),
                                      backend_name (call), error->message));
      return;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    {
      end_of_stream (task);
      return;
    }

  call->got_body_byte = TRUE;
  if (!wd_llm_decoder_feed (call->decoder, g_bytes_get_data (bytes, NULL), size, &error))
    {
      fail_with (task, stream_error (call, error));
      return;
    }
  /* The delta function may have cancelled. */
  if (user_cancelled (call))
    {
      fail_with (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, ""));
      return;
    }
  if (wd_llm_decoder_is_done (call->decoder))
    {
      succeed (task);
      return;
    }

  /* The grace period runs from the finish reason on; pings after it must
   * not keep an open connection waiting forever. */
  if (!wd_llm_decoder_is_finished (call->decoder))
    arm_watchdog (call, PHASE_IDLE);
  else if (call->phase != PHASE_GRACE)
    arm_watchdog (call, PHASE_GRACE);
  g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   call->cancellable, on_body_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  WdLlmCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  call->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (call->stream == NULL)
    {
      if (user_cancelled (call))
        fail_with (task, g_steal_pointer (&error));
      else if (call->timed_out == PHASE_FIRST_BYTE)
        /* The server is there, only slow: another try would wait as long. */
        fail_with (task, timeout_error (call, PHASE_FIRST_BYTE));
      else if (error->domain == G_TLS_ERROR)
        fail_with (task, connection_error (call, error));
      else if (!maybe_retry (task, NULL))
        fail_with (task, call->timed_out == PHASE_CONNECT
                         ? timeout_error (call, PHASE_CONNECT)
                         : connection_error (call, error));
      return;
    }

  status = soup_message_get_status (call->msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      call->error_body = g_byte_array_new ();
      arm_watchdog (call, PHASE_IDLE);
      g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                       call->cancellable, on_error_body_read, task);
      return;
    }

  /* Keep the first-byte timer running from the request: a server may send
   * its headers at once and the first token minutes later. */
  if (call->phase != PHASE_FIRST_BYTE)
    arm_watchdog (call, PHASE_FIRST_BYTE);
  g_clear_pointer (&call->decoder, wd_llm_decoder_free);
  call->decoder = wd_llm_decoder_new (wd_llm_backend_get_kind (call->backend), on_delta, call);
  g_input_stream_read_bytes_async (call->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   call->cancellable, on_body_read, task);
}

static void
start_attempt (GTask *task)
{
  WdLlmCall *call = g_task_get_task_data (task);
  WdLlmBackend *backend = call->backend;
  const WdLlmRequest *request = call->request;
  double temperature = request->temperature >= 0 ? request->temperature
                                                 : wd_llm_backend_get_temperature (backend);
  guint max_tokens = request->max_tokens > 0 ? request->max_tokens
                                             : wd_llm_backend_get_max_tokens (backend);

  clear_attempt (call);
  if (user_cancelled (call))
    {
      fail_with (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, ""));
      return;
    }

  call->msg = wd_llm_wire_build_message (wd_llm_backend_get_kind (backend),
                                         wd_llm_backend_get_base_url (backend),
                                         wd_llm_backend_get_model (backend),
                                         call->api_key, request, temperature, max_tokens);
  if (call->msg == NULL)
    {
      fail_with (task, g_error_new (WD_DRAFT_ERROR, WD_DRAFT_ERROR_FAILED,
                                    _("The base URL %s of [backend %s] cannot be used; "
                                      "correct it in the configuration."),
                                    wd_llm_backend_get_base_url (backend),
                                    backend_name (call)));
      return;
    }

  call->cancellable = g_cancellable_new ();
  call->timed_out = PHASE_NONE;
  call->attempts++;
  g_signal_connect (call->msg, "network-event", G_CALLBACK (on_msg_network_event), call);
  g_signal_connect (call->msg, "wrote-headers", G_CALLBACK (on_msg_wrote_headers), call);

  arm_watchdog (call, PHASE_CONNECT);
  soup_session_send_async (wd_llm_backend_get_session (backend), call->msg, G_PRIORITY_DEFAULT,
                           call->cancellable, on_sent, task);
}

static void
on_key_found (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  WdLlmCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  call->api_key = wd_llm_secret_lookup_finish (result, &call->key_source, &error);
  if (error != NULL)
    {
      if (user_cancelled (call))
        {
          fail_with (task, g_steal_pointer (&error));
          return;
        }
      /* Local servers need no key: go on without one, and say why there
       * is none if the server asks for one. */
      call->key_problem = g_strdup (error->message);
    }
  else if (call->key_source == WD_SECRET_SOURCE_SECRET_SERVICE)
    wd_llm_backend_remember_key (call->backend, call->api_key);

  start_attempt (task);
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  WdLlmCall *call = user_data;

  /* The read or send under way returns at once with CANCELLED, which
   * closes the connection; a wait for a retry ends now. */
  if (call->cancellable != NULL)
    g_cancellable_cancel (call->cancellable);
  if (call->retry_source != NULL)
    g_source_set_ready_time (call->retry_source, 0);
}

void
wd_llm_call_start (GTask              *task,
                   const WdLlmRequest *request,
                   WdLlmDeltaFunc      delta_func,
                   gpointer            delta_data)
{
  WdLlmCall *call = g_new0 (WdLlmCall, 1);
  WdLlmBackend *backend = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *env_name = NULL;
  const char *env_key;

  call->backend = backend;
  call->request = wd_llm_request_copy (request);
  call->delta_func = delta_func;
  call->delta_data = delta_data;
  call->context = g_main_context_ref_thread_default ();
  call->start_time = g_get_monotonic_time ();
  g_task_set_task_data (task, call, call_free);

  if (cancellable != NULL)
    {
      call->user_cancellable = g_object_ref (cancellable);
      call->user_cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (on_user_cancelled),
                                                       call, NULL);
    }

  /* The environment is cheap to read and wins; a key from the Secret
   * Service is looked up once per backend. */
  env_name = wd_config_secret_env_name (wd_llm_backend_get_name (backend));
  env_key = g_getenv (env_name);
  if (env_key != NULL && *env_key != '\0')
    {
      call->api_key = g_strdup (env_key);
      call->key_source = WD_SECRET_SOURCE_ENVIRONMENT;
      start_attempt (task);
    }
  else if (wd_llm_backend_peek_key (backend) != NULL)
    {
      call->api_key = g_strdup (wd_llm_backend_peek_key (backend));
      call->key_source = WD_SECRET_SOURCE_SECRET_SERVICE;
      start_attempt (task);
    }
  else
    wd_llm_secret_lookup_async (wd_llm_backend_get_name (backend), cancellable,
                                on_key_found, task);
}

gboolean
wd_llm_call_finish (GTask          *task,
                    WdLlmResponse **out_response,
                    GError        **error)
{
  WdLlmCall *call = g_task_get_task_data (task);
  WdLlmResponse *response;

  response = g_task_propagate_pointer (task, error);
  if (response != NULL)
    {
      if (out_response != NULL)
        *out_response = response;
      else
        wd_llm_response_free (response);
      return TRUE;
    }

  if (out_response != NULL)
    *out_response = call->partial != NULL ? wd_llm_response_copy (call->partial)
                                          : build_response (call, TRUE);
  return FALSE;
}

gint64
wd_llm_call_parse_retry_after (SoupMessageHeaders *headers,
                               GDateTime          *now)
{
  const char *ms = soup_message_headers_get_one (headers, "retry-after-ms");
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  char *end = NULL;
  double number;

  if (ms != NULL)
    {
      number = g_ascii_strtod (ms, &end);
      if (end != ms && *end == '\0' && number >= 0 && number < 1e12)
        return (gint64) number;
    }

  if (value == NULL)
    return -1;

  number = g_ascii_strtod (value, &end);
  if (end != value)
    {
      while (g_ascii_isspace (*end))
        end++;
      if (*end == '\0' && number >= 0 && number < 1e9)
        return (gint64) (number * 1000);
      return -1;
    }

  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);

    if (when == NULL)
      return -1;
    return MAX (g_date_time_difference (when, now) / 1000, 0);
  }
}
