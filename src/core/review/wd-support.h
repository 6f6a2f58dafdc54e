/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which sentences of a source support a sentence of a draft, by weighted
 * word overlap: for the editor's side-by-side view now, the grounding
 * checks of the review stage later. */

typedef struct {
  gsize  start;   /* byte offsets into the source's text */
  gsize  end;
  double score;   /* 0..1: the share of the sentence's weight the source sentence has */
} WdSupportSpan;

typedef struct _WdSupportIndex WdSupportIndex;

WdSupportIndex *wd_support_index_new  (const char     *source_text);
void            wd_support_index_free (WdSupportIndex *index);
guint           wd_support_index_get_n_sentences (WdSupportIndex *index);
GArray         *wd_support_find       (WdSupportIndex *index,
                                       const char     *sentence,
                                       guint           max_spans,
                                       double          floor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdSupportIndex, wd_support_index_free)

G_END_DECLS
