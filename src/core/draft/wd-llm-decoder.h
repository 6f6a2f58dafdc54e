/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-llm-types.h"

G_BEGIN_DECLS

/*
 * Turns the body of one streamed answer into text and reasoning deltas,
 * the finish reason, the model's name and the token usage, for one wire
 * protocol (WD_LLM_KIND_OPENAI, _ANTHROPIC or _OLLAMA). It frames the bytes
 * with a WdLlmStream and splits inline <think> tags with a WdLlmThink, and
 * keeps everything that arrived in a WdLlmResponse. An error the server
 * reports inside the stream fails wd_llm_decoder_feed() with
 * WD_DRAFT_ERROR_STREAM and the server's own words as the message. Pure:
 * no I/O, so tests and the fuzzer drive it directly.
 */
typedef struct _WdLlmDecoder WdLlmDecoder;

WdLlmDecoder  *wd_llm_decoder_new          (WdLlmKind       kind,
                                            WdLlmDeltaFunc  func,
                                            gpointer        user_data);
void           wd_llm_decoder_free         (WdLlmDecoder   *self);
gboolean       wd_llm_decoder_feed         (WdLlmDecoder   *self,
                                            const guint8   *data,
                                            gsize           length,
                                            GError        **error);
gboolean       wd_llm_decoder_end          (WdLlmDecoder   *self,
                                            GError        **error);
gboolean       wd_llm_decoder_is_done      (WdLlmDecoder   *self);
gboolean       wd_llm_decoder_is_finished  (WdLlmDecoder   *self);
WdLlmResponse *wd_llm_decoder_get_response (WdLlmDecoder   *self);

char          *wd_llm_parse_error_body     (const char     *body,
                                            gsize           length,
                                            char          **out_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdLlmDecoder, wd_llm_decoder_free)

G_END_DECLS
