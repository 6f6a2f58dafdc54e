/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-date"

#include "wd-test-util.h"
#include "import/wd-date.h"

typedef struct
{
  const char *text;
  const char *expected; /* ISO 8601 UTC, or NULL: must not parse */
} DateCase;

static void
check_cases (GDateTime *(*parse) (const char *),
             const DateCase *cases,
             guint           n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GDateTime) date = parse (cases[i].text);
      g_autofree char *got = NULL;

      if (date != NULL)
        {
          g_assert_true (g_time_zone_get_offset (g_date_time_get_timezone (date), 0) == 0);
          got = g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
        }
      if (g_strcmp0 (got, cases[i].expected) != 0)
        g_error ("“%s”: expected %s, got %s", cases[i].text,
                 cases[i].expected ? cases[i].expected : "NULL", got ? got : "NULL");
    }
}

static void
test_rfc822_standard (void)
{
  static const DateCase cases[] = {
    { "Mon, 05 Jan 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 +0000", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 -0000", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 +0100", "2026-01-05T09:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 -0530", "2026-01-05T16:00:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 UT", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 UTC", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 Z", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 EST", "2026-01-05T15:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 EDT", "2026-01-05T14:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 CST", "2026-01-05T16:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 CDT", "2026-01-05T15:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 MST", "2026-01-05T17:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 MDT", "2026-01-05T16:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 PST", "2026-01-05T18:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 PDT", "2026-01-05T17:30:00Z" },
    /* A zone offset that crosses midnight and the year. */
    { "Thu, 31 Dec 2026 23:30:00 -0100", "2027-01-01T00:30:00Z" },
    { "Fri, 01 Jan 2027 00:30:00 +0200", "2026-12-31T22:30:00Z" },
    /* Leap day. */
    { "Thu, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z" },
    /* Comment after the zone, as RFC 2822 allows. */
    { "Mon, 05 Jan 2026 10:30:00 +0000 (UTC)", "2026-01-05T10:30:00Z" },
  };

  check_cases (wd_date_parse_rfc822, cases, G_N_ELEMENTS (cases));
}

static void
test_rfc822_sloppy (void)
{
  static const DateCase cases[] = {
    /* No weekday, wrong weekday (5 Jan 2026 is a Monday). */
    { "05 Jan 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Fri, 05 Jan 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Friday, 05 Jan 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    /* Single-digit day, two-digit years on both sides of 50. */
    { "Mon, 5 Jan 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 26 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Sun, 05 Jan 97 10:30:00 GMT", "1997-01-05T10:30:00Z" },
    /* Colon in the numeric zone, hours only, missing seconds. */
    { "Mon, 05 Jan 2026 10:30:00 +01:00", "2026-01-05T09:30:00Z" },
    { "Mon, 05 Jan 2026 10:30 +0100", "2026-01-05T09:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 +01", "2026-01-05T09:30:00Z" },
    /* Full month and weekday names, odd spacing, lower and upper case. */
    { "Monday, 5 January 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "  mon,   05  jan  2026   10:30:00   gmt  ", "2026-01-05T10:30:00Z" },
    { "MON, 05 JAN 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Mon,05 Jan 2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026\t10:30:00\nGMT", "2026-01-05T10:30:00Z" },
    { "Tue, 08 Sept 2026 07:00:00 GMT", "2026-09-08T07:00:00Z" },
    { "Tue, 08 Sep. 2026 07:00:00 GMT", "2026-09-08T07:00:00Z" },
    /* No zone at all: read as UTC. No time: midnight. */
    { "Mon, 05 Jan 2026 10:30:00", "2026-01-05T10:30:00Z" },
    { "5 Jan 2026", "2026-01-05T00:00:00Z" },
    /* Month first, the way asctime and US sites write it. */
    { "Mon Jan  5 10:30:00 2026", "2026-01-05T10:30:00Z" },
    { "January 5, 2026 10:30 PM EST", "2026-01-06T03:30:00Z" },
    { "January 5, 2026 12:05 am", "2026-01-05T00:05:00Z" },
    /* Dashes, zone glued to the time, GMT with an offset. */
    { "Mon, 05-Jan-2026 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00Z", "2026-01-05T10:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 GMT+2", "2026-01-05T08:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 GMT-05:00", "2026-01-05T15:30:00Z" },
    /* Fractional seconds and other zones used by European feeds. */
    { "Mon, 05 Jan 2026 10:30:00.250 CET", "2026-01-05T09:30:00Z" },
    { "Mon, 05 Jul 2026 10:30:00 CEST", "2026-07-05T08:30:00Z" },
    /* Unknown zone name after the time: the date is kept, as UTC. */
    { "Mon, 05 Jan 2026 10:30:00 XYZT", "2026-01-05T10:30:00Z" },
    /* A leap second is folded into the last second of the minute. */
    { "Wed, 31 Dec 2036 23:59:60 GMT", "2036-12-31T23:59:59Z" },
  };

  check_cases (wd_date_parse_rfc822, cases, G_N_ELEMENTS (cases));
}

static void
test_rfc822_invalid (void)
{
  static const DateCase cases[] = {
    { "", NULL },
    { "   ", NULL },
    { "yesterday", NULL },
    { "hello world 2026", NULL },
    { "Mon, 32 Jan 2026 10:30:00 GMT", NULL },
    { "Mon, 30 Feb 2026 10:30:00 GMT", NULL },
    { "Mon, 05 Foo 2026 10:30:00 GMT", NULL },
    { "Mon, 05 Jan 2026 25:30:00 GMT", NULL },
    { "Mon, 05 Jan 2026 10:61:00 GMT", NULL },
    { "Mon, 05 Jan 2026 10:30:00 +9999", NULL },
    { "Mon, 05 Jan 2026 10:30:00 GMT extra words here", NULL },
    { "Mon, 05 Jan", NULL },
    { "Jan 2026", NULL },
    { "05 Jan 2026 10:30:00 10:30:00", NULL },
    { "05 Jan 2026 13:00 PM", NULL },
    /* Unknown words before any time are not zones. */
    { "Hello, 05 Jan 2026", NULL },
  };

  check_cases (wd_date_parse_rfc822, cases, G_N_ELEMENTS (cases));
  g_assert_null (wd_date_parse_rfc822 (NULL));
}

static void
test_iso8601 (void)
{
  static const DateCase cases[] = {
    { "2026-01-05T10:30:00Z", "2026-01-05T10:30:00Z" },
    { "2026-01-05T10:30:00z", "2026-01-05T10:30:00Z" },
    { "2026-01-05T10:30:00+01:00", "2026-01-05T09:30:00Z" },
    { "2026-01-05T10:30:00-05:00", "2026-01-05T15:30:00Z" },
    { "2026-01-05T10:30:00+0100", "2026-01-05T09:30:00Z" },
    { "2026-01-05T10:30:00+01", "2026-01-05T09:30:00Z" },
    { "2026-01-05T10:30:00.123Z", "2026-01-05T10:30:00Z" },
    { "2026-01-05T10:30:00.123456789+02:00", "2026-01-05T08:30:00Z" },
    { "2026-01-05T10:30:00,5Z", "2026-01-05T10:30:00Z" },
    { "2026-01-05T10:30Z", "2026-01-05T10:30:00Z" },
    { "2026-01-05T10:30:00", "2026-01-05T10:30:00Z" },
    { "2026-01-05 10:30:00", "2026-01-05T10:30:00Z" },
    { "2026-01-05 10:30:00 +01:00", "2026-01-05T09:30:00Z" },
    { "2026-01-05", "2026-01-05T00:00:00Z" },
    { "  2026-01-05T10:30:00Z  ", "2026-01-05T10:30:00Z" },
    { "2026-1-5T10:30:00Z", "2026-01-05T10:30:00Z" },
    { "20260105T103000Z", "2026-01-05T10:30:00Z" },
    { "2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z" },
    { "2026-01-05T24:00:00Z", "2026-01-06T00:00:00Z" },
    { "2026-01-05T10:30:00 UTC", "2026-01-05T10:30:00Z" },
  };
  static const DateCase invalid[] = {
    { "", NULL },
    { "2026", NULL },
    { "2026-13-05T10:30:00Z", NULL },
    { "2026-02-30", NULL },
    { "2026-01-05T10", NULL },
    { "2026-01-05T10:30:00Q", NULL },
    { "2026-01-05T10:30:00+25:00", NULL },
    { "2026-01-05T10:30:00Z trailing", NULL },
    { "2026-01-05T10:30:00.Z", NULL },
    { "Mon, 05 Jan 2026 10:30:00 GMT", NULL },
  };

  check_cases (wd_date_parse_iso8601, cases, G_N_ELEMENTS (cases));
  check_cases (wd_date_parse_iso8601, invalid, G_N_ELEMENTS (invalid));
  g_assert_null (wd_date_parse_iso8601 (NULL));
}

static void
test_fractional_precision (void)
{
  g_autoptr(GDateTime) date = wd_date_parse_iso8601 ("2026-01-05T10:30:00.250Z");

  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_microsecond (date), ==, 250000);
}

static void
test_either (void)
{
  static const DateCase cases[] = {
    { "2026-01-05T10:30:00+01:00", "2026-01-05T09:30:00Z" },
    { "Mon, 05 Jan 2026 10:30:00 +0100", "2026-01-05T09:30:00Z" },
    /* Year first but not ISO: still read. */
    { "2026 Jan 05 10:30:00 GMT", "2026-01-05T10:30:00Z" },
    { "not a date", NULL },
  };

  check_cases (wd_date_parse, cases, G_N_ELEMENTS (cases));
  g_assert_null (wd_date_parse (NULL));
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/date/rfc822/standard", test_rfc822_standard);
  g_test_add_func ("/date/rfc822/sloppy", test_rfc822_sloppy);
  g_test_add_func ("/date/rfc822/invalid", test_rfc822_invalid);
  g_test_add_func ("/date/iso8601", test_iso8601);
  g_test_add_func ("/date/iso8601/fraction", test_fractional_precision);
  g_test_add_func ("/date/either", test_either);

  return g_test_run ();
}
