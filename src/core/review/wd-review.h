/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "wd-store.h"

G_BEGIN_DECLS

/*
 * The review checks: is every claim of a brief in its source, does it stay
 * a summary rather than a copy, does it respect the publisher's policy, and
 * is it complete enough to publish (the preflight). wd_review_check() is
 * pure and fast, so the editor can run it on every pause in typing;
 * wd_review_check_brief() gathers its input from the archive.
 */

#define WD_REVIEW_ERROR (wd_review_error_quark ())

typedef enum {
  WD_REVIEW_ERROR_NO_SOURCE, /* the brief has no source text to check against */
} WdReviewError;

GQuark wd_review_error_quark (void);

typedef enum {
  WD_REVIEW_PASS,
  WD_REVIEW_INFO,
  WD_REVIEW_WARNING,
  WD_REVIEW_FAILURE,
} WdReviewSeverity;

/* An item's place when it is not one of the WdSectionKind sections. */
#define WD_REVIEW_SECTION_NONE     (-1)
#define WD_REVIEW_SECTION_HEADLINE (-2)
#define WD_REVIEW_SECTION_MENTIONS (-3)  /* the brief's mentions */

/* The limits of the copy guard. */
#define WD_REVIEW_MAX_RUN_WORDS    12
#define WD_REVIEW_MIN_COPIED_RUN   8
#define WD_REVIEW_MAX_COPIED_SHARE 0.10

typedef struct {
  const char       *check;     /* static id: "grounding", "unsupported-number", ... */
  WdReviewSeverity  severity;
  int               section;   /* a WdSectionKind or WD_REVIEW_SECTION_* */
  gssize            start;     /* bytes into that section's text; -1: the whole */
  gssize            end;
  gssize            source_start; /* the supporting or copied source span; -1: none */
  gssize            source_end;
  char             *message;   /* one translated sentence for the editor */
} WdReviewItem;

/* How well the source supports one sentence of the draft. */
typedef struct {
  int    section;
  gsize  start;         /* the sentence, bytes into the section's text */
  gsize  end;
  double score;         /* 0..1, the best source sentence's */
  gssize source_start;  /* that source sentence; -1 when none */
  gssize source_end;
} WdReviewGrounding;

typedef struct {
  GPtrArray *items;        /* of WdReviewItem*, in section and text order */
  GArray    *grounding;    /* of WdReviewGrounding */
  guint      longest_run;  /* words, outside quotations */
  double     copied_share; /* 0..1 of the draft's words outside quotations */
  guint      n_failures;
  guint      n_warnings;
} WdReviewReport;

/* A brief cited with [[brief:ID]], as the caller resolved it. */
typedef struct {
  gint64      id;
  const char *title;
  const char *text;   /* its summary and whatever else it says, or its source */
} WdReviewCitation;

typedef struct {
  const char             *source_text;
  const char             *headline;
  const char             *sections[WD_SECTION_N_KINDS]; /* NULL counts as empty */
  WdPolicyKind            policy;
  int                     max_quote_words;  /* -1: WD_POLICY_DEFAULT_MAX_QUOTE_WORDS */
  int                     max_run_words;    /* 0: WD_REVIEW_MAX_RUN_WORDS */
  int                     max_copied_percent; /* 0: WD_REVIEW_MAX_COPIED_SHARE */
  guint                   n_mentions;
  gboolean                no_source_link;   /* the source has no web address to link to */
  const WdReviewCitation *citations;
  guint                   n_citations;
} WdReviewInput;

WdReviewReport *wd_review_check         (const WdReviewInput *input);
WdReviewReport *wd_review_check_brief   (WdStore             *store,
                                         gint64               brief_id,
                                         GError             **error);
void            wd_review_report_free   (WdReviewReport      *report);
gboolean        wd_review_report_ok     (const WdReviewReport *report);

gboolean        wd_review_source_has_link (WdSource *source);

const char     *wd_review_severity_to_string (WdReviewSeverity severity);
/* "summary", ..., "headline", "mentions", or "brief" for WD_REVIEW_SECTION_NONE. */
const char     *wd_review_section_to_string  (int section);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdReviewReport, wd_review_report_free)

G_END_DECLS
