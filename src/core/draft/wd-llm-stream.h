/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The byte-level framing of a streamed language-model answer: Server-Sent
 * Events (OpenAI, Anthropic) or newline-delimited JSON (Ollama). Bytes go
 * in as they come off the network, in pieces of any size; whole events come
 * out. Lines end in CRLF, LF or a lone CR, also when the CR and the LF
 * arrive in different pieces, and a line is only looked at once it is
 * complete, so a multi-byte UTF-8 character split between two reads stays
 * whole. No I/O here: tests and the fuzzer feed it directly.
 */

typedef enum {
  WD_LLM_STREAM_SSE,     /* text/event-stream */
  WD_LLM_STREAM_NDJSON,  /* application/x-ndjson: one JSON value a line */
} WdLlmStreamFormat;

/* The longest line (and the largest SSE event) taken by default. */
#define WD_LLM_STREAM_DEFAULT_MAX_LINE (4 * 1024 * 1024)

/*
 * One event. For SSE: @event is the `event:` name (NULL when none was
 * given), @data the `data:` lines joined with "\n", @id the last `id:`;
 * a non-standard `error: …` line (old llama.cpp servers) comes out at once
 * as an event named "error" with @from_error_line set. For NDJSON: @data is
 * the line, @event and @id are NULL. @data is valid UTF-8 (invalid bytes
 * become U+FFFD) and NUL-terminated, @data_length long.
 */
typedef struct {
  char     *event;
  char     *data;
  gsize     data_length;
  char     *id;
  gboolean  from_error_line;
} WdLlmStreamEvent;

void wd_llm_stream_event_free (WdLlmStreamEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdLlmStreamEvent, wd_llm_stream_event_free)

typedef struct _WdLlmStream WdLlmStream;

WdLlmStream      *wd_llm_stream_new   (WdLlmStreamFormat   format,
                                       gsize               max_line);
void              wd_llm_stream_free  (WdLlmStream        *self);
gboolean          wd_llm_stream_feed  (WdLlmStream        *self,
                                       const guint8       *data,
                                       gsize               length,
                                       GError            **error);
gboolean          wd_llm_stream_end   (WdLlmStream        *self,
                                       GError            **error);
WdLlmStreamEvent *wd_llm_stream_pop   (WdLlmStream        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdLlmStream, wd_llm_stream_free)

G_END_DECLS
