/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-format"

#include <glib/gi18n.h>

#include "wd-format.h"

/**
 * wd_format_status_label:
 * @status: a brief status
 *
 * The short, translated name of @status as the list's pill and the view
 * show it.
 *
 * Returns: a static string
 */
const char *
wd_format_status_label (WdBriefStatus status)
{
  switch (status)
    {
    case WD_BRIEF_STATUS_INBOX:
      return C_("brief status", "Inbox");
    case WD_BRIEF_STATUS_DRAFT:
      return C_("brief status", "Draft");
    case WD_BRIEF_STATUS_REVIEW:
      return C_("brief status", "In Review");
    case WD_BRIEF_STATUS_APPROVED:
      return C_("brief status", "Approved");
    case WD_BRIEF_STATUS_PUBLISHED:
      return C_("brief status", "Published");
    case WD_BRIEF_STATUS_WITHDRAWN:
      return C_("brief status", "Withdrawn");
    default:
      g_assert_not_reached ();
    }
}

/**
 * wd_format_status_css_class:
 * @status: a brief status
 *
 * The style class ui/style.css colours a status pill by; one per status,
 * independent of the language.
 *
 * Returns: a static string
 */
const char *
wd_format_status_css_class (WdBriefStatus status)
{
  switch (status)
    {
    case WD_BRIEF_STATUS_INBOX:
      return "inbox";
    case WD_BRIEF_STATUS_DRAFT:
      return "draft";
    case WD_BRIEF_STATUS_REVIEW:
      return "review";
    case WD_BRIEF_STATUS_APPROVED:
      return "approved";
    case WD_BRIEF_STATUS_PUBLISHED:
      return "published";
    case WD_BRIEF_STATUS_WITHDRAWN:
      return "withdrawn";
    default:
      g_assert_not_reached ();
    }
}

/**
 * wd_format_section_heading:
 * @kind: a section kind
 *
 * The translated heading of a brief section.
 *
 * Returns: a static string
 */
const char *
wd_format_section_heading (WdSectionKind kind)
{
  switch (kind)
    {
    case WD_SECTION_SUMMARY:
      return _("Summary");
    case WD_SECTION_ANALYST_TAKE:
      return _("Analyst Take");
    case WD_SECTION_CONTEXT:
      return _("Context");
    case WD_SECTION_WATCH:
      return _("What to Watch");
    default:
      g_assert_not_reached ();
    }
}

/**
 * wd_format_date_short:
 * @date: (nullable): a time, in any zone
 *
 * A compact local date for a list row: the time for today, day and month
 * within this year, day, month and year before.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for a %NULL @date
 */
char *
wd_format_date_short (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);
  now = g_date_time_new_now_local ();

  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: a time of today in a list row; see g_date_time_format() */
    return g_date_time_format (local, _("%H:%M"));

  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a date of this year in a list row; see g_date_time_format() */
    return g_date_time_format (local, _("%b %-e"));

  /* Translators: a date of an earlier year in a list row; see g_date_time_format() */
  return g_date_time_format (local, _("%b %-e, %Y"));
}

/**
 * wd_format_date_long:
 * @date: (nullable): a time, in any zone
 *
 * A full local date with the time, for the brief view.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL for a %NULL @date
 */
char *
wd_format_date_long (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;

  local = g_date_time_to_local (date);

  /* Translators: a date with its time in the brief view; see g_date_time_format() */
  return g_date_time_format (local, _("%B %-e, %Y, %H:%M"));
}
