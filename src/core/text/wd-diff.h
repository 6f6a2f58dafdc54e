/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A word-level comparison of two versions of a text, for a section's
 * history and for how much of a draft the editor rewrote. */

typedef enum {
  WD_DIFF_EQUAL,   /* in both */
  WD_DIFF_DELETE,  /* only in the old text */
  WD_DIFF_INSERT,  /* only in the new text */
} WdDiffOp;

typedef struct {
  WdDiffOp  op;
  char     *text;   /* the words with the spaces after them, as written */
} WdDiffChunk;

void       wd_diff_chunk_free  (WdDiffChunk *chunk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdDiffChunk, wd_diff_chunk_free)

GPtrArray *wd_text_diff_words  (const char  *old_text,
                                const char  *new_text);
double     wd_text_edit_share  (const char  *draft,
                                const char  *current);

G_END_DECLS
