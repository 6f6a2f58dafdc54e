/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-date"

#include <string.h>

#include "wd-date.h"

/* A zone offset beyond a day is not a zone, it is garbage. */
#define MAX_OFFSET_SECONDS (24 * 3600 - 1)

typedef struct
{
  const char *name;
  int         minutes;
} ZoneName;

/* RFC 822's names, then a few others that feeds use and that mean one
 * thing only (IST, for one, is left out: India, Ireland or Israel). */
static const ZoneName zone_names[] = {
  { "gmt", 0 }, { "ut", 0 }, { "utc", 0 }, { "z", 0 },
  { "est", -5 * 60 }, { "edt", -4 * 60 },
  { "cst", -6 * 60 }, { "cdt", -5 * 60 },
  { "mst", -7 * 60 }, { "mdt", -6 * 60 },
  { "pst", -8 * 60 }, { "pdt", -7 * 60 },
  { "akst", -9 * 60 }, { "akdt", -8 * 60 }, { "hst", -10 * 60 },
  { "wet", 0 }, { "west", 60 }, { "bst", 60 },
  { "cet", 60 }, { "cest", 2 * 60 }, { "met", 60 }, { "mest", 2 * 60 },
  { "eet", 2 * 60 }, { "eest", 3 * 60 }, { "msk", 3 * 60 },
  { "hkt", 8 * 60 }, { "sgt", 8 * 60 }, { "jst", 9 * 60 }, { "kst", 9 * 60 },
  { "aest", 10 * 60 }, { "aedt", 11 * 60 }, { "nzst", 12 * 60 }, { "nzdt", 13 * 60 },
};

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july",
  "august", "september", "october", "november", "december",
};

static const char * const weekday_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* Reads 1..@max_digits digits; returns how many it read (0: none). */
static int
read_number (const char **p,
             int          max_digits,
             int         *out)
{
  int n = 0;
  int value = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  *p += n;
  *out = value;
  return n;
}

static const char *
skip_space (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

/* Fractional seconds: only the first digits matter, the rest is read and
 * dropped so that "…00.123456789Z" still parses. */
static double
read_fraction (const char **p)
{
  double fraction = 0.0;
  double scale = 0.1;

  while (g_ascii_isdigit (**p))
    {
      if (scale > 1e-7)
        fraction += (**p - '0') * scale;
      scale /= 10;
      (*p)++;
    }
  return fraction;
}

/* "+01:00", "-0500", "+01", "+1" after the sign at @p. Sets @offset in
 * seconds east of UTC. */
static gboolean
read_numeric_offset (const char **p,
                     int         *offset)
{
  int sign;
  int hours = 0;
  int minutes = 0;
  int digits;
  int value;

  if (**p != '+' && **p != '-')
    return FALSE;
  sign = **p == '-' ? -1 : 1;
  (*p)++;

  digits = read_number (p, 4, &value);
  if (digits == 0)
    return FALSE;
  if (digits <= 2)
    {
      hours = value;
      if (**p == ':')
        {
          (*p)++;
          if (read_number (p, 2, &minutes) != 2)
            return FALSE;
        }
    }
  else
    {
      hours = value / 100;
      minutes = value % 100;
    }

  if (minutes > 59 || hours * 3600 + minutes * 60 > MAX_OFFSET_SECONDS)
    return FALSE;

  *offset = sign * (hours * 3600 + minutes * 60);
  return TRUE;
}

/*
 * The instant in UTC for a wall-clock time @offset seconds east of UTC.
 * Adding the offset to a UTC date avoids building a GTimeZone per date,
 * which matters for a feed of ten thousand items. Hour 24 (ISO 8601's end
 * of day) and second 60 (a leap second) are folded into valid times.
 */
static GDateTime *
make_utc (int    year,
          int    month,
          int    day,
          int    hour,
          int    minute,
          double seconds,
          int    offset)
{
  g_autoptr(GDateTime) local = NULL;
  gboolean next_day = FALSE;

  if (hour == 24 && minute == 0 && seconds == 0.0)
    {
      hour = 0;
      next_day = TRUE;
    }
  if (seconds >= 60.0 && seconds < 61.0)
    seconds = 59.999999;

  local = g_date_time_new_utc (year, month, day, hour, minute, seconds);
  if (local == NULL)
    return NULL;
  if (next_day)
    {
      g_autoptr(GDateTime) tomorrow = g_date_time_add_days (local, 1);

      g_clear_pointer (&local, g_date_time_unref);
      local = g_steal_pointer (&tomorrow);
      if (local == NULL)
        return NULL;
    }

  return g_date_time_add_seconds (local, -offset);
}

GDateTime *
wd_date_parse_iso8601 (const char *text)
{
  const char *p;
  int year, month, day;
  int hour = 0, minute = 0;
  double seconds = 0.0;
  int offset = 0;
  gboolean extended;
  int value;

  if (text == NULL)
    return NULL;

  p = skip_space (text);
  if (read_number (&p, 4, &year) != 4)
    return NULL;

  /* Extended (2024-01-05) or basic (20240105) form; the extended one is
   * also accepted with one-digit month and day, as some feeds write it. */
  extended = *p == '-';
  if (extended)
    {
      p++;
      if (read_number (&p, 2, &month) == 0 || *p != '-')
        return NULL;
      p++;
      if (read_number (&p, 2, &day) == 0)
        return NULL;
    }
  else
    {
      if (read_number (&p, 2, &month) != 2 || read_number (&p, 2, &day) != 2)
        return NULL;
    }

  if (*p == 'T' || *p == 't' || *p == '_' || *p == ' ')
    {
      const char *after_date = p;

      p = skip_space (p + 1);
      if (*p == '\0' && *after_date == ' ')
        return make_utc (year, month, day, 0, 0, 0, 0);
      if (read_number (&p, 2, &hour) != 2)
        return NULL;
      if (*p == ':')
        p++;
      if (read_number (&p, 2, &minute) != 2)
        return NULL;
      if (*p == ':' || g_ascii_isdigit (*p))
        {
          if (*p == ':')
            p++;
          if (read_number (&p, 2, &value) != 2)
            return NULL;
          seconds = value;
          if (*p == '.' || *p == ',')
            {
              p++;
              if (!g_ascii_isdigit (*p))
                return NULL;
              seconds += read_fraction (&p);
            }
        }

      p = skip_space (p);
      if (*p == 'Z' || *p == 'z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          if (!read_numeric_offset (&p, &offset))
            return NULL;
        }
      else if (g_ascii_strncasecmp (p, "UTC", 3) == 0 || g_ascii_strncasecmp (p, "GMT", 3) == 0)
        p += 3;
    }

  p = skip_space (p);
  if (*p != '\0')
    return NULL;

  return make_utc (year, month, day, hour, minute, seconds, offset);
}

/* The index of the name in @names that @word (lower case, at least three
 * letters) abbreviates or spells out, or -1. */
static int
match_name (const char         *word,
            const char * const *names,
            guint               n_names)
{
  size_t len = strlen (word);

  if (len < 3)
    return -1;
  for (guint i = 0; i < n_names; i++)
    {
      if (strncmp (names[i], word, len) == 0)
        return i;
    }
  return -1;
}

static gboolean
lookup_zone_name (const char *word,
                  int        *offset)
{
  for (guint i = 0; i < G_N_ELEMENTS (zone_names); i++)
    {
      if (strcmp (zone_names[i].name, word) == 0)
        {
          *offset = zone_names[i].minutes * 60;
          return TRUE;
        }
    }
  return FALSE;
}

/* "GMT", "EST", "GMT+1", "UTC-05:00". Unknown names of a few letters
 * right after a time are read as UTC: the date is still right within
 * hours, which beats none. */
static gboolean
read_zone_word (const char *word,
                gboolean    allow_unknown,
                int        *offset)
{
  const char *sign = word;
  g_autofree char *name = NULL;
  int named = 0;
  int numeric = 0;

  while (g_ascii_isalpha (*sign))
    sign++;
  name = g_strndup (word, sign - word);

  if (*sign == '\0')
    {
      if (lookup_zone_name (name, offset))
        return TRUE;
      if (allow_unknown && strlen (name) <= 5)
        {
          *offset = 0;
          return TRUE;
        }
      return FALSE;
    }

  if (!lookup_zone_name (name, &named) || !read_numeric_offset (&sign, &numeric)
      || *sign != '\0')
    return FALSE;
  *offset = named + numeric;
  return TRUE;
}

/* "10:00", "10:00:05", "10:00:05.5", optionally with a zone glued on
 * ("10:00:05Z", "10:00+0100"). */
static gboolean
read_clock (const char *word,
            int        *hour,
            int        *minute,
            double     *seconds,
            gboolean   *have_zone,
            int        *offset)
{
  const char *p = word;
  int value;

  if (read_number (&p, 2, hour) == 0 || *p != ':')
    return FALSE;
  p++;
  if (read_number (&p, 2, minute) != 2)
    return FALSE;
  *seconds = 0.0;
  if (*p == ':')
    {
      p++;
      if (read_number (&p, 2, &value) != 2)
        return FALSE;
      *seconds = value;
      if (*p == '.' || *p == ',')
        {
          p++;
          *seconds += read_fraction (&p);
        }
    }

  if (*p == '\0')
    return TRUE;
  if (*p == '+' || *p == '-')
    {
      if (!read_numeric_offset (&p, offset) || *p != '\0')
        return FALSE;
      *have_zone = TRUE;
      return TRUE;
    }
  if (g_ascii_isalpha (*p) && read_zone_word (p, TRUE, offset))
    {
      *have_zone = TRUE;
      return TRUE;
    }
  return FALSE;
}

GDateTime *
wd_date_parse_rfc822 (const char *text)
{
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;
  int numbers[2];
  int number_digits[2];
  guint n_numbers = 0;
  int month = -1;
  int day, year;
  int hour = 0, minute = 0;
  double seconds = 0.0;
  gboolean have_time = FALSE;
  gboolean have_zone = FALSE;
  int offset = 0;
  int meridiem = 0; /* 1 am, 2 pm */
  gboolean in_comment = FALSE;

  if (text == NULL)
    return NULL;

  /* Commas, and the dashes of "05-Jan-2024", separate words like spaces;
   * a dash that is a zone's sign ("-0500", "GMT-5", "10:00-05:00") stays. */
  lower = g_ascii_strdown (text, -1);
  for (char *c = lower; *c != '\0'; c++)
    {
      if (*c == ',' || g_ascii_isspace (*c))
        *c = ' ';
      else if (*c == '-' && c > lower && g_ascii_isalpha (c[1]) && g_ascii_isalnum (c[-1]))
        *c = ' ';
      else if (*c == '-' && c > lower && g_ascii_isdigit (c[1]) && g_ascii_isalpha (c[-1]))
        {
          const char *start = c;
          g_autofree char *head = NULL;
          int ignored;

          while (start > lower && g_ascii_isalpha (start[-1]))
            start--;
          head = g_strndup (start, c - start);
          if (!lookup_zone_name (head, &ignored))
            *c = ' ';
        }
    }

  words = g_strsplit (lower, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = words[i];
      size_t len = strlen (word);

      if (len == 0)
        continue;

      /* RFC 822 comments: "+0000 (UTC)". */
      if (in_comment || word[0] == '(')
        {
          in_comment = word[len - 1] != ')';
          continue;
        }

      if (g_ascii_isdigit (word[0]) && strchr (word, ':') != NULL)
        {
          if (have_time
              || !read_clock (word, &hour, &minute, &seconds, &have_zone, &offset))
            return NULL;
          have_time = TRUE;
        }
      else if (g_ascii_isdigit (word[0]))
        {
          const char *p = word;
          int value;
          int digits = read_number (&p, 4, &value);

          if (*p == '.' && p[1] == '\0')
            p++; /* "5." as some European feeds write the day */
          if (*p != '\0' || n_numbers == 2)
            return NULL;
          numbers[n_numbers] = value;
          number_digits[n_numbers] = digits;
          n_numbers++;
        }
      else if (word[0] == '+' || word[0] == '-')
        {
          const char *p = word;

          if (have_zone || !read_numeric_offset (&p, &offset) || *p != '\0')
            return NULL;
          have_zone = TRUE;
        }
      else if (g_ascii_isalpha (word[0]))
        {
          int index;

          while (len > 0 && word[len - 1] == '.')
            word[--len] = '\0';

          if (strcmp (word, "am") == 0 || strcmp (word, "a.m") == 0)
            meridiem = 1;
          else if (strcmp (word, "pm") == 0 || strcmp (word, "p.m") == 0)
            meridiem = 2;
          else if (match_name (word, weekday_names, G_N_ELEMENTS (weekday_names)) >= 0)
            {
              /* The weekday is often wrong; the date decides. */
            }
          else if (month < 0
                   && (index = match_name (word, month_names, G_N_ELEMENTS (month_names))) >= 0)
            month = index + 1;
          else if (!have_zone && read_zone_word (word, have_time, &offset))
            have_zone = TRUE;
          else
            return NULL;
        }
      else
        return NULL;
    }

  if (month < 0 || n_numbers != 2)
    return NULL;

  /* A four-digit number, or one that cannot be a day, is the year. */
  if (number_digits[0] > 2 || numbers[0] > 31)
    {
      year = numbers[0];
      day = numbers[1];
      if (number_digits[1] > 2)
        return NULL;
    }
  else
    {
      day = numbers[0];
      year = numbers[1];
      /* RFC 2822 4.3: two-digit years below 50 are 20xx; three-digit
       * ones count from 1900. */
      if (number_digits[1] <= 2)
        year += year < 50 ? 2000 : 1900;
      else if (number_digits[1] == 3)
        year += 1900;
    }

  if (meridiem != 0)
    {
      if (!have_time || hour < 1 || hour > 12)
        return NULL;
      if (meridiem == 1 && hour == 12)
        hour = 0;
      else if (meridiem == 2 && hour < 12)
        hour += 12;
    }

  return make_utc (year, month, day, hour, minute, seconds, offset);
}

GDateTime *
wd_date_parse (const char *text)
{
  const char *p;
  GDateTime *date;

  if (text == NULL)
    return NULL;

  /* ISO dates begin with the four-digit year; RFC 822 ones never do. */
  p = skip_space (text);
  if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) && g_ascii_isdigit (p[2])
      && g_ascii_isdigit (p[3]))
    {
      date = wd_date_parse_iso8601 (p);
      if (date != NULL)
        return date;
    }
  return wd_date_parse_rfc822 (p);
}
