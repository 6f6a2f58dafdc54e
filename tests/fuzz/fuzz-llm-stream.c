/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-llm-stream"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "draft/wd-llm-decoder.h"
#include "draft/wd-llm-stream.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/*
 * The SSE and NDJSON framing and the three decoders on arbitrary bytes.
 * The first byte picks the protocol and how the rest is cut into pieces.
 * Besides crashes, leaks and warnings it checks what must hold for any
 * input: every text comes out as valid UTF-8, and the result does not
 * depend on where the network cut the body.
 */

static void
on_delta (WdLlmDeltaKind  kind,
          const char     *delta,
          gpointer        user_data)
{
  g_assert_true (g_utf8_validate (delta, -1, NULL));
}

/* Feeds @body in pieces of @piece bytes (0: whole). Returns the response
 * as one string, or the error's message. */
static char *
decode (WdLlmKind     kind,
        const guint8 *body,
        gsize         length,
        gsize         piece)
{
  g_autoptr(WdLlmDecoder) decoder = wd_llm_decoder_new (kind, on_delta, NULL);
  g_autoptr(GError) error = NULL;
  WdLlmResponse *response;
  gboolean ok = TRUE;

  if (piece == 0)
    piece = MAX (length, 1);
  for (gsize at = 0; at < length && ok; at += piece)
    ok = wd_llm_decoder_feed (decoder, body + at, MIN (piece, length - at), &error);
  if (ok)
    ok = wd_llm_decoder_end (decoder, &error);

  response = wd_llm_decoder_get_response (decoder);
  g_assert_true (g_utf8_validate (response->text, -1, NULL));
  g_assert_true (g_utf8_validate (response->reasoning, -1, NULL));
  if (!ok)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return g_strdup_printf ("error %d %s", error->code, error->message);
    }
  return g_strdup_printf ("%s\x01%s\x01%s\x01%s\x01%" G_GINT64_FORMAT "\x01%" G_GINT64_FORMAT
                          "\x01%d%d",
                          response->text, response->reasoning,
                          response->finish_reason ? response->finish_reason : "",
                          response->model ? response->model : "",
                          response->prompt_tokens, response->completion_tokens,
                          wd_llm_decoder_is_done (decoder),
                          wd_llm_decoder_is_finished (decoder));
}

static char *
frame (WdLlmStreamFormat  format,
       const guint8      *body,
       gsize              length,
       gsize              piece)
{
  g_autoptr(WdLlmStream) stream = wd_llm_stream_new (format, 4096);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  WdLlmStreamEvent *event;
  gboolean ok = TRUE;

  if (piece == 0)
    piece = MAX (length, 1);
  for (gsize at = 0; at < length && ok; at += piece)
    {
      ok = wd_llm_stream_feed (stream, body + at, MIN (piece, length - at), &error);
      while ((event = wd_llm_stream_pop (stream)) != NULL)
        {
          g_assert_true (g_utf8_validate (event->data, -1, NULL));
          g_assert_cmpuint (strlen (event->data), ==, event->data_length);
          g_string_append_printf (out, "%s\x02%s\x02%s\x02%d\x03",
                                  event->event ? event->event : "", event->data,
                                  event->id ? event->id : "", event->from_error_line);
          wd_llm_stream_event_free (event);
        }
    }
  if (ok)
    ok = wd_llm_stream_end (stream, &error);
  while ((event = wd_llm_stream_pop (stream)) != NULL)
    {
      g_string_append_printf (out, "%s\x02%s\x02%s\x02%d\x03",
                              event->event ? event->event : "", event->data,
                              event->id ? event->id : "", event->from_error_line);
      wd_llm_stream_event_free (event);
    }
  /* A line over the limit fails at once or at the next piece, so only
   * success is compared. */
  return ok ? g_string_free (g_steal_pointer (&out), FALSE) : g_strdup ("error");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const WdLlmKind kinds[] = {
    WD_LLM_KIND_OPENAI, WD_LLM_KIND_ANTHROPIC, WD_LLM_KIND_OLLAMA,
  };
  WdLlmKind kind;
  gsize piece;

  if (size < 1)
    return 0;

  kind = kinds[data[0] % 3];
  piece = (data[0] >> 2) % 13 + 1;
  data++;
  size--;

  {
    g_autofree char *whole = decode (kind, data, size, 0);
    g_autofree char *pieces = decode (kind, data, size, piece);
    g_autofree char *bytes = decode (kind, data, size, 1);

    g_assert_cmpstr (whole, ==, pieces);
    g_assert_cmpstr (whole, ==, bytes);
  }

  for (guint f = 0; f < 2; f++)
    {
      WdLlmStreamFormat format = f == 0 ? WD_LLM_STREAM_SSE : WD_LLM_STREAM_NDJSON;
      g_autofree char *whole = frame (format, data, size, 0);
      g_autofree char *pieces = frame (format, data, size, piece);

      if (!g_str_equal (whole, "error") && !g_str_equal (pieces, "error"))
        g_assert_cmpstr (whole, ==, pieces);
    }

  return 0;
}
