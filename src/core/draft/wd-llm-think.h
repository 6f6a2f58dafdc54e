/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-llm-types.h"

G_BEGIN_DECLS

/*
 * Splits inline <think>…</think> reasoning out of a model's streamed text,
 * for servers that have no reasoning parser. Pieces go in as they arrive;
 * a tag split across pieces at any byte is still found, because a tail that
 * could be the start of a tag is held back until the next piece decides.
 * <think> counts only at the start of the answer (after whitespace, or right
 * after an earlier block), so a literal "<think>" in prose stays text; a
 * </think> with no <think> before it turns the text so far into reasoning
 * (WD_LLM_DELTA_TEXT_TO_REASONING). Pure: no I/O.
 */
typedef struct _WdLlmThink WdLlmThink;

WdLlmThink *wd_llm_think_new  (WdLlmDeltaFunc  func,
                               gpointer        user_data);
void        wd_llm_think_free (WdLlmThink     *self);
void        wd_llm_think_feed (WdLlmThink     *self,
                               const char     *text);
void        wd_llm_think_end  (WdLlmThink     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdLlmThink, wd_llm_think_free)

G_END_DECLS
