/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Inside draft/ only: the word statistics the builtin engine and the
 * related-coverage query share. Words are the tokens of wd_text_next_token(),
 * folded to lower case; a "content word" is one that says what a text is
 * about: not an English function word or news verb ("the", "said"), at
 * least three characters (or one CJK character) and not only digits.
 */

char     *wd_terms_fold        (const char *start,
                                gsize       length);
gboolean  wd_terms_is_stopword (const char *folded);
gboolean  wd_terms_is_content  (const char *folded);

G_END_DECLS
