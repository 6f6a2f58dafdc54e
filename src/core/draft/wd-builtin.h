/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-store.h"

G_BEGIN_DECLS

/*
 * The builtin engine: drafts without a language model, deterministically
 * (the same input always gives the same output), in CPU work only, so a
 * GTask thread can run it. It prints nothing.
 */

/* The line that ends an extractive summary: it copies the source's own
 * sentences, so the editor must rewrite it (the review checks say so too). */
#define WD_BUILTIN_MARKER "_Extractive draft \xe2\x80\x94 rewrite before publishing._"

#define WD_BUILTIN_MIN_WORDS 80
#define WD_BUILTIN_MAX_WORDS 150

typedef struct {
  char   *text;         /* Markdown: the sentences as one paragraph, then the marker
                         * line; NULL when the source has no sentence to take */
  GArray *sentences;    /* of guint: the indexes of the sentences taken, in source
                         * order, in wd_text_split_sentences() of the source text */
  guint   n_words;      /* the words of the sentences taken */
} WdBuiltinSummary;

void              wd_builtin_summary_free      (WdBuiltinSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdBuiltinSummary, wd_builtin_summary_free)

WdBuiltinSummary *wd_builtin_summarize         (const char  *text,
                                                guint        min_words,
                                                guint        max_words);

char             *wd_builtin_format_context    (GPtrArray   *hits);
char             *wd_builtin_context           (WdStore     *store,
                                                gint64       brief_id,
                                                GPtrArray  **out_hits,
                                                GError     **error);

GPtrArray        *wd_builtin_suggest_mentions_for (WdSource  *source,
                                                   GPtrArray *catalog);
GPtrArray        *wd_builtin_suggest_mentions  (WdStore     *store,
                                                gint64       brief_id,
                                                GError     **error);

const char       *wd_builtin_section_note      (WdSectionKind kind);

/* Everything the engine drafts for one brief. */
typedef struct {
  WdBuiltinSummary *summary;   /* NULL when the source has no text */
  char             *context;   /* Markdown */
  GPtrArray        *related;   /* of WdRelatedHit, what the context cites */
  GPtrArray        *mentions;  /* of WdMentionSuggestion (id 0: not stored) */
} WdBuiltinDraft;

void              wd_builtin_draft_free        (WdBuiltinDraft *draft);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdBuiltinDraft, wd_builtin_draft_free)

WdBuiltinDraft   *wd_builtin_draft             (WdStore     *store,
                                                gint64       brief_id,
                                                GError     **error);

G_END_DECLS
