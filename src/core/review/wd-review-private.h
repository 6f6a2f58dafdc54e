/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "wd-review.h"

G_BEGIN_DECLS

/* Shared between the files of the review checks; not for callers. */

/* A word of a text: where it is and its folded form. */
typedef struct {
  gsize  start;
  gsize  end;
  char  *folded;   /* case-folded, accents removed */
} WdReviewToken;

/* A number as the text wrote it, with every value it can mean ("1.200"
 * is 1.2 or 1200 depending on the writer's country). */
#define WD_REVIEW_MAX_READINGS 4

typedef struct {
  gsize   start;
  gsize   end;
  double  values[WD_REVIEW_MAX_READINGS];
  guint   n_values;
  double  bare;        /* the value without its scale word ("40" of "40 million") */
  gboolean in_words;   /* "three", "forty million" */
  gboolean ordinal;    /* "third": a source may say it, a draft's is not checked */
  gboolean date;       /* "May 18", "3 March": the value encodes month and day */
  const char *unit;    /* a unit of time right after it ("18 months"), or NULL */
} WdReviewNumber;

/* Dates are kept apart from plain numbers as negative values (no number
 * read here has a sign): -(month * 100 + day). */
#define WD_REVIEW_DATE_VALUE(month, day) (-((month) * 100.0 + (day)))

char   *wd_review_fold          (const char *word,
                                 gssize      length);
/* The words of @text between @start and @end (bytes), folded. */
GArray *wd_review_tokenize      (const char *text,
                                 gsize       start,
                                 gsize       end);
void    wd_review_tokens_free   (GArray     *tokens);
/* The numbers of @text between @start and @end. */
GArray *wd_review_find_numbers  (const char *text,
                                 gsize       start,
                                 gsize       end);
/* The key under which a value is looked up, so that 1.2e9 computed two
 * ways is one key. */
char   *wd_review_number_key    (double      value);

/* The checks' working state, shared by wd-review*.c. */

typedef struct {
  gsize start;
  gsize end;
} Range;

typedef struct {
  gsize start;       /* the opening mark */
  gsize end;         /* after the closing mark */
  gsize text_start;  /* the words quoted */
  gsize text_end;
} Quote;

typedef struct {
  gint64 id;
  gsize  start;
  gsize  end;
} Marker;

typedef struct {
  int         kind;      /* WdSectionKind or WD_REVIEW_SECTION_HEADLINE */
  const char *text;
  char       *clean;
  gsize       length;
  GArray     *sentences; /* of Range */
  GArray     *quotes;    /* of Quote */
  GArray     *markers;   /* of Marker */
  GArray     *tokens;    /* of WdReviewToken, the clean text's */
} Section;

/* What the draft's specifics are compared against: the source, or the
 * briefs a context section cites. */
typedef struct {
  GArray     *tokens;     /* of WdReviewToken */
  GHashTable *positions;  /* folded word -> GArray of guint token indexes */
  GHashTable *numbers;    /* number keys, as a set */
  GHashTable *acronyms;   /* initials of capitalised runs, folded, as a set */
} Reference;

typedef struct {
  const WdReviewInput *input;
  WdReviewReport      *report;
  Reference            source;
  Reference            cited;
  Section              sections[WD_SECTION_N_KINDS + 1];  /* the last: headline */
  int                  max_quote_words;
  guint                max_run_words;     /* the copy guard's limits, from the policy */
  double               max_copied_share;
} Check;


/* wd-review-text.c */
gboolean        wd_review_in_list                (const char          *word,
                                                  const char * const  *list,
                                                  gsize                n);
GHashTable     *wd_review_word_set               (const char * const  *list,
                                                  gsize                n);
gboolean        wd_review_is_common_word         (const char          *folded);
gboolean        wd_review_is_name_connector      (const char          *folded);
gboolean        wd_review_is_upper_at            (const char          *text,
                                                  gsize                offset);
char           *wd_review_number_unit_key        (double               value,
                                                  const char          *unit);
gboolean        wd_review_is_space_char          (gunichar             c);
void            wd_review_reference_init         (Reference           *ref);
void            wd_review_reference_clear        (Reference           *ref);
void            wd_review_reference_add          (Reference           *ref,
                                                  const char          *text);
gboolean        wd_review_reference_has_word     (const Reference     *ref,
                                                  const char          *folded);
gboolean        wd_review_reference_has_variant  (const Reference     *ref,
                                                  const char          *folded);
gboolean        wd_review_reference_has_sequence (const Reference     *ref,
                                                  char               **words,
                                                  guint                n,
                                                  guint               *found_at);
void            wd_review_locate_sentences       (const char          *text,
                                                  gsize                length,
                                                  GArray              *ranges);
void            wd_review_section_init           (Section             *section,
                                                  int                  kind,
                                                  const char          *text);
void            wd_review_section_clear          (Section             *section);
gboolean        wd_review_section_is_empty       (const Section       *section);
const Quote    *wd_review_quote_at               (const Section       *section,
                                                  gsize                offset);
const Range    *wd_review_sentence_at            (const Section       *section,
                                                  gsize                offset);
gboolean        wd_review_uses_citations         (const Section       *section);

/* wd-review.c */
void            wd_review_add_item               (Check               *check,
                                                  const char          *id,
                                                  WdReviewSeverity     severity,
                                                  int                  section,
                                                  gssize               start,
                                                  gssize               end,
                                                  gssize               source_start,
                                                  gssize               source_end,
                                                  char                *message);
void            wd_review_add_whole              (Check               *check,
                                                  const char          *id,
                                                  WdReviewSeverity     severity,
                                                  int                  section,
                                                  char                *message);

/* wd-review-grounding.c */
void            wd_review_check_grounding        (Check               *check,
                                                  const char          *source_text);

/* wd-review-specifics.c */
void            wd_review_check_numbers          (Check               *check,
                                                  Section             *section);
void            wd_review_check_names            (Check               *check,
                                                  Section             *section);
void            wd_review_check_quotes           (Check               *check,
                                                  Section             *section);

G_END_DECLS
