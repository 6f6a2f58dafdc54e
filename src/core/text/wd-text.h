/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Plain-text helpers shared by import, review and drafting. All take and
 * return UTF-8. */

gboolean    wd_text_is_word_char           (gunichar     c);
gboolean    wd_text_next_token             (const char **cursor,
                                            const char **start,
                                            gsize       *length);
GPtrArray  *wd_text_tokenize               (const char  *text);
guint       wd_text_count_words            (const char  *text);
char       *wd_text_normalize_whitespace   (const char  *text);
GPtrArray  *wd_text_split_sentences        (const char  *text);
GPtrArray  *wd_text_shingles               (const char  *text,
                                            guint        size);
GHashTable *wd_text_shingle_counts         (const char  *text,
                                            guint        size,
                                            guint       *n_shingles);
guint       wd_text_shingle_overlap        (GHashTable  *a,
                                            GHashTable  *b);

G_END_DECLS
