/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Generated news for the benchmarks: a Zipf vocabulary of made-up words,
 * names, and the same text on every machine (a fixed PRNG). */

#include <glib.h>

G_BEGIN_DECLS

#define ARTICLE_WORDS 3000
#define N_SYLLABLES 48
#define VOCABULARY 4000
#define N_NAMES 600

/* splitmix64: the same archive on every machine */
typedef struct {
  guint64 state;
} Prng;

typedef struct {
  GPtrArray *words;  /* the vocabulary, by Zipf rank */
  GPtrArray *names;  /* "Firstname Lastname" and "Name Group" */
  double *cdf;
} Corpus;

guint64     prng_next    (Prng         *prng);
guint       prng_below   (Prng         *prng,
                          guint         n);
void        corpus_init  (Corpus       *corpus);
void        corpus_clear (Corpus       *corpus);
const char *corpus_word  (const Corpus *corpus,
                          Prng         *prng);
void        append_text  (GString      *out,
                          const Corpus *corpus,
                          Prng         *prng,
                          guint         n_words);
/* The dam story's three reports (tests/wd-draft-articles.h) with as much
 * again of generated news around them, ARTICLE_WORDS words in all. */
char       *long_article (const Corpus *corpus);

G_END_DECLS
