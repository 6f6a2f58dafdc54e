/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test"

#include <locale.h>

#include <glib/gstdio.h>

#include "wd-test-util.h"

void
wd_test_init (int    *argc,
              char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  /* A developer's own archive must never be used by a test. */
  g_unsetenv ("WIREDESK_DB");
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

char *
wd_test_make_tmpdir (void)
{
  g_autofree char *template = g_build_filename (g_get_home_dir (), "wd-test-XXXXXX", NULL);

  /* GLib names the isolated home but does not create it. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_nonnull (g_mkdtemp (template));

  return g_steal_pointer (&template);
}

WdStore *
wd_test_open_store (char **out_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "archive.db", NULL);
  WdStore *store;

  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  if (out_path != NULL)
    *out_path = g_steal_pointer (&path);

  return store;
}

static char *
domain_of (const char *url)
{
  const char *start = strstr (url, "://");
  const char *end;

  if (start == NULL)
    return NULL;
  start += 3;
  end = strchr (start, '/');

  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

gint64
wd_test_add_source (WdStore    *store,
                    const char *title,
                    const char *url,
                    const char *publisher,
                    const char *text)
{
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = domain_of (url);
  gint64 brief_id;

  wd_source_set_title (source, title);
  wd_source_set_url (source, url);
  wd_source_set_publisher_name (source, publisher);
  wd_source_set_publisher_domain (source, domain);
  wd_source_set_language (source, "en");
  wd_source_set_text (source, text);

  brief_id = wd_store_add_source (store, source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (brief_id, >, 0);

  return brief_id;
}

static const char * const subjects[] = {
  "City council", "Central bank", "Research team", "Transit agency", "Health ministry",
  "Football club", "Start-up", "Port authority", "University", "Energy company",
  "Weather service", "Museum",
};

static const char * const actions[] = {
  "approves", "delays", "rejects", "announces", "investigates", "funds", "cancels",
  "expands", "reviews", "launches",
};

static const char * const objects[] = {
  "new budget", "bridge repairs", "rate decision", "vaccine trial", "tram line",
  "stadium plan", "solar farm", "flood defences", "data centre", "library wing",
  "harbour dredging",
};

static const char * const places[] = {
  "Zürich", "Lisbon", "Montréal", "Osaka", "Nairobi", "Kraków", "Valparaíso", "Tromsø",
  "Dublin",
};

static const struct {
  const char *name;
  const char *domain;
} publishers[] = {
  { "The Daily Ledger", "ledger.example" },
  { "Northern Courier", "courier.example" },
  { "Harbour Times", "harbourtimes.example" },
  { "Metro Wire", "metrowire.example" },
  { "Quarterly Review", "qreview.example" },
  { "Le Journal", "journal.example" },
  { "Science Desk", "sciencedesk.example" },
};

static const char * const filler[] = {
  "officials", "said", "the", "proposal", "would", "cost", "residents", "analysts",
  "expect", "further", "debate", "next", "month", "according", "to", "documents",
  "seen", "by", "reporters", "budget", "committee", "vote", "season", "growth",
  "survey", "engineers", "warned", "timeline", "critics", "argue", "supporters",
  "welcomed", "decision", "report", "figures", "percent", "million", "district",
};

/* A small linear congruential generator: the same seed gives the same
 * archive on every machine. */
static guint32
next_random (guint32 *state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

void
wd_test_seed (WdStore *store,
              guint    n)
{
  guint32 state = 20240611;

  for (guint i = 0; i < n; i++)
    {
      const char *subject = subjects[next_random (&state) % G_N_ELEMENTS (subjects)];
      const char *action = actions[next_random (&state) % G_N_ELEMENTS (actions)];
      const char *object = objects[next_random (&state) % G_N_ELEMENTS (objects)];
      const char *place = places[next_random (&state) % G_N_ELEMENTS (places)];
      guint pub = i % G_N_ELEMENTS (publishers);
      g_autofree char *title = NULL;
      g_autofree char *url = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_words = 60 + next_random (&state) % 120;
      WdBriefStatus status = i % (WD_BRIEF_STATUS_WITHDRAWN + 1);
      g_autoptr(GError) error = NULL;
      gint64 brief_id;

      title = g_strdup_printf ("%s %s %s in %s", subject, action, object, place);
      url = g_strdup_printf ("https://%s/news/%u-%s", publishers[pub].domain, i + 1,
                             action);

      g_string_append_printf (text, "%s, %s. The %s %s the %s (item %u). ",
                              place, publishers[pub].name, subject, action, object, i + 1);
      for (guint w = 0; w < n_words; w++)
        {
          g_string_append (text, filler[next_random (&state) % G_N_ELEMENTS (filler)]);
          g_string_append (text, w % 14 == 13 ? ". " : " ");
        }
      g_string_append (text, "\n\nThe story is developing.");

      brief_id = wd_test_add_source (store, title, url, publishers[pub].name, text->str);

      if (i % 3 == 0)
        {
          g_autofree char *headline = g_strdup_printf ("%s: %s %s", place, subject, action);

          wd_store_set_headline (store, brief_id, headline, &error);
          g_assert_no_error (error);
        }

      if (status != WD_BRIEF_STATUS_INBOX)
        {
          g_autofree char *summary = g_strdup_printf ("The %s in %s %s the %s.",
                                                      subject, place, action, object);
          WdRevisionInfo info = { WD_ORIGIN_AI, "builtin", "extractive", 1, -1, -1, -1, -1 };

          wd_store_add_revision (store, brief_id, WD_SECTION_SUMMARY, summary, &info, &error);
          g_assert_no_error (error);
          wd_store_set_status (store, brief_id, status, &error);
          g_assert_no_error (error);
        }
    }
}
