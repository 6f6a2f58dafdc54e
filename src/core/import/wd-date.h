/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Dates as feeds and pages write them. Every function returns the instant
 * in UTC, or NULL when @text is not a date it can read; none of them
 * guesses a date out of arbitrary text.
 */

/* RFC 822 / RFC 2822 (RSS pubDate) with the usual sloppiness: no or the
 * wrong weekday, one-digit days, two-digit years, full month names, named
 * zones (GMT, UT, UTC, Z, EST ... PDT and a few more), numeric zones
 * (+0100, +01:00), no seconds, no zone (read as UTC), any case and
 * spacing. */
GDateTime *wd_date_parse_rfc822  (const char *text);
/* ISO 8601 / RFC 3339: date alone, or date and time with or without
 * fractional seconds and a zone (none is read as UTC). */
GDateTime *wd_date_parse_iso8601 (const char *text);
/* Either of the two, whichever @text looks like. */
GDateTime *wd_date_parse         (const char *text);

G_END_DECLS
