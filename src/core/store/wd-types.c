/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-types"

#include "wd-types.h"

/*
 * The value nicks are the names stored in the archive and spoken by the
 * CLI, so GEnumClass lookups, the to_string and from_string functions and
 * the SQL all agree on one spelling.
 */

static const GEnumValue brief_status_values[] = {
  { WD_BRIEF_STATUS_INBOX, "WD_BRIEF_STATUS_INBOX", "inbox" },
  { WD_BRIEF_STATUS_DRAFT, "WD_BRIEF_STATUS_DRAFT", "draft" },
  { WD_BRIEF_STATUS_REVIEW, "WD_BRIEF_STATUS_REVIEW", "review" },
  { WD_BRIEF_STATUS_APPROVED, "WD_BRIEF_STATUS_APPROVED", "approved" },
  { WD_BRIEF_STATUS_PUBLISHED, "WD_BRIEF_STATUS_PUBLISHED", "published" },
  { WD_BRIEF_STATUS_WITHDRAWN, "WD_BRIEF_STATUS_WITHDRAWN", "withdrawn" },
  { 0, NULL, NULL }
};

static const GEnumValue brief_filter_values[] = {
  { WD_BRIEF_FILTER_ALL, "WD_BRIEF_FILTER_ALL", "all" },
  { WD_BRIEF_FILTER_INBOX, "WD_BRIEF_FILTER_INBOX", "inbox" },
  { WD_BRIEF_FILTER_DRAFTS, "WD_BRIEF_FILTER_DRAFTS", "drafts" },
  { WD_BRIEF_FILTER_REVIEW, "WD_BRIEF_FILTER_REVIEW", "review" },
  { WD_BRIEF_FILTER_APPROVED, "WD_BRIEF_FILTER_APPROVED", "approved" },
  { WD_BRIEF_FILTER_PUBLISHED, "WD_BRIEF_FILTER_PUBLISHED", "published" },
  { 0, NULL, NULL }
};

static const GEnumValue section_kind_values[] = {
  { WD_SECTION_SUMMARY, "WD_SECTION_SUMMARY", "summary" },
  { WD_SECTION_ANALYST_TAKE, "WD_SECTION_ANALYST_TAKE", "analyst_take" },
  { WD_SECTION_CONTEXT, "WD_SECTION_CONTEXT", "context" },
  { WD_SECTION_WATCH, "WD_SECTION_WATCH", "watch" },
  { 0, NULL, NULL }
};

static const GEnumValue origin_values[] = {
  { WD_ORIGIN_AI, "WD_ORIGIN_AI", "ai" },
  { WD_ORIGIN_EDITOR, "WD_ORIGIN_EDITOR", "editor" },
  { 0, NULL, NULL }
};

static const GEnumValue mention_kind_values[] = {
  { WD_MENTION_PUBLICATION, "WD_MENTION_PUBLICATION", "publication" },
  { WD_MENTION_ORGANIZATION, "WD_MENTION_ORGANIZATION", "organization" },
  { WD_MENTION_PERSON, "WD_MENTION_PERSON", "person" },
  { WD_MENTION_PRODUCT, "WD_MENTION_PRODUCT", "product" },
  { WD_MENTION_TOPIC, "WD_MENTION_TOPIC", "topic" },
  { WD_MENTION_PLACE, "WD_MENTION_PLACE", "place" },
  { 0, NULL, NULL }
};

static const GEnumValue policy_kind_values[] = {
  { WD_POLICY_SUMMARIZE, "WD_POLICY_SUMMARIZE", "summarize" },
  { WD_POLICY_LINK_ONLY, "WD_POLICY_LINK_ONLY", "link-only" },
  { WD_POLICY_EXCLUDED, "WD_POLICY_EXCLUDED", "excluded" },
  { 0, NULL, NULL }
};

#define DEFINE_ENUM_TYPE(func, Name, values)                              \
  GType                                                                   \
  func (void)                                                             \
  {                                                                       \
    static gsize type_id = 0;                                             \
                                                                          \
    if (g_once_init_enter (&type_id))                                     \
      {                                                                   \
        GType type = g_enum_register_static (g_intern_static_string (Name), \
                                             values);                     \
        g_once_init_leave (&type_id, type);                               \
      }                                                                   \
    return type_id;                                                       \
  }

DEFINE_ENUM_TYPE (wd_brief_status_get_type, "WdBriefStatus", brief_status_values)
DEFINE_ENUM_TYPE (wd_brief_filter_get_type, "WdBriefFilter", brief_filter_values)
DEFINE_ENUM_TYPE (wd_section_kind_get_type, "WdSectionKind", section_kind_values)
DEFINE_ENUM_TYPE (wd_origin_get_type, "WdOrigin", origin_values)
DEFINE_ENUM_TYPE (wd_mention_kind_get_type, "WdMentionKind", mention_kind_values)
DEFINE_ENUM_TYPE (wd_policy_kind_get_type, "WdPolicyKind", policy_kind_values)

/* A lookup rather than indexing, so a bad cast yields NULL instead of
 * reading past the table. */
static const char *
value_to_nick (const GEnumValue *values,
               int               value)
{
  for (guint i = 0; values[i].value_nick != NULL; i++)
    {
      if (values[i].value == value)
        return values[i].value_nick;
    }

  return NULL;
}

static gboolean
nick_to_value (const GEnumValue *values,
               const char       *str,
               int              *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; values[i].value_nick != NULL; i++)
    {
      if (g_str_equal (values[i].value_nick, str))
        {
          if (out != NULL)
            *out = values[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(prefix, Type, values)                 \
  const char *                                                    \
  prefix##_to_string (Type value)                                 \
  {                                                               \
    const char *nick = value_to_nick (values, (int) value);       \
                                                                  \
    g_return_val_if_fail (nick != NULL, NULL);                    \
    return nick;                                                  \
  }                                                               \
                                                                  \
  gboolean                                                        \
  prefix##_from_string (const char *str,                          \
                        Type       *out)                          \
  {                                                               \
    int value;                                                    \
                                                                  \
    if (!nick_to_value (values, str, &value))                     \
      return FALSE;                                               \
    if (out != NULL)                                              \
      *out = (Type) value;                                        \
    return TRUE;                                                  \
  }

DEFINE_ENUM_STRINGS (wd_brief_status, WdBriefStatus, brief_status_values)
DEFINE_ENUM_STRINGS (wd_brief_filter, WdBriefFilter, brief_filter_values)
DEFINE_ENUM_STRINGS (wd_section_kind, WdSectionKind, section_kind_values)
DEFINE_ENUM_STRINGS (wd_origin, WdOrigin, origin_values)
DEFINE_ENUM_STRINGS (wd_mention_kind, WdMentionKind, mention_kind_values)
DEFINE_ENUM_STRINGS (wd_policy_kind, WdPolicyKind, policy_kind_values)
