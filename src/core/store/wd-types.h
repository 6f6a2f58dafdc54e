/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Where a brief is in the pipeline. Stored as the lower-case nick. */
typedef enum {
  WD_BRIEF_STATUS_INBOX,
  WD_BRIEF_STATUS_DRAFT,
  WD_BRIEF_STATUS_REVIEW,
  WD_BRIEF_STATUS_APPROVED,
  WD_BRIEF_STATUS_PUBLISHED,
  WD_BRIEF_STATUS_WITHDRAWN,
} WdBriefStatus;

/* The sidebar's filters; ALL shows every status. */
typedef enum {
  WD_BRIEF_FILTER_ALL,
  WD_BRIEF_FILTER_INBOX,
  WD_BRIEF_FILTER_DRAFTS,
  WD_BRIEF_FILTER_REVIEW,
  WD_BRIEF_FILTER_APPROVED,
  WD_BRIEF_FILTER_PUBLISHED,
} WdBriefFilter;

/* The editable sections of a brief besides the headline, in their order. */
typedef enum {
  WD_SECTION_SUMMARY,
  WD_SECTION_ANALYST_TAKE,
  WD_SECTION_CONTEXT,
  WD_SECTION_WATCH,
} WdSectionKind;
#define WD_SECTION_N_KINDS 4

typedef enum {
  WD_ORIGIN_AI,
  WD_ORIGIN_EDITOR,
} WdOrigin;

typedef enum {
  WD_MENTION_PUBLICATION,
  WD_MENTION_ORGANIZATION,
  WD_MENTION_PERSON,
  WD_MENTION_PRODUCT,
  WD_MENTION_TOPIC,
  WD_MENTION_PLACE,
} WdMentionKind;

typedef enum {
  WD_POLICY_SUMMARIZE,
  WD_POLICY_LINK_ONLY,
  WD_POLICY_EXCLUDED,
} WdPolicyKind;

/* The longest quotation a brief may take from its source when the
 * publisher's policy gives no max_quote_words. */
#define WD_POLICY_DEFAULT_MAX_QUOTE_WORDS 25

#define WD_TYPE_BRIEF_STATUS (wd_brief_status_get_type ())
#define WD_TYPE_BRIEF_FILTER (wd_brief_filter_get_type ())
#define WD_TYPE_SECTION_KIND (wd_section_kind_get_type ())
#define WD_TYPE_ORIGIN (wd_origin_get_type ())
#define WD_TYPE_MENTION_KIND (wd_mention_kind_get_type ())
#define WD_TYPE_POLICY_KIND (wd_policy_kind_get_type ())

GType wd_brief_status_get_type (void) G_GNUC_CONST;
GType wd_brief_filter_get_type (void) G_GNUC_CONST;
GType wd_section_kind_get_type (void) G_GNUC_CONST;
GType wd_origin_get_type (void) G_GNUC_CONST;
GType wd_mention_kind_get_type (void) G_GNUC_CONST;
GType wd_policy_kind_get_type (void) G_GNUC_CONST;

/* Stable ASCII names, as stored in the archive and used by the CLI
 * ("inbox", "analyst_take", "link-only", ...). The from_string functions
 * return FALSE for an unknown name. */
const char *wd_brief_status_to_string (WdBriefStatus status);
gboolean    wd_brief_status_from_string (const char *str, WdBriefStatus *out);
const char *wd_brief_filter_to_string (WdBriefFilter filter);
gboolean    wd_brief_filter_from_string (const char *str, WdBriefFilter *out);
const char *wd_section_kind_to_string (WdSectionKind kind);
gboolean    wd_section_kind_from_string (const char *str, WdSectionKind *out);
const char *wd_origin_to_string (WdOrigin origin);
gboolean    wd_origin_from_string (const char *str, WdOrigin *out);
const char *wd_mention_kind_to_string (WdMentionKind kind);
gboolean    wd_mention_kind_from_string (const char *str, WdMentionKind *out);
const char *wd_policy_kind_to_string (WdPolicyKind kind);
gboolean    wd_policy_kind_from_string (const char *str, WdPolicyKind *out);

G_END_DECLS
