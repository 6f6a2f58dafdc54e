/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include <sqlite3.h>

#include "wd-test-util.h"

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s", message);
  sqlite3_close (db);
}

static void
test_default_path (void)
{
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  path = wd_store_default_path ();
  expected = g_build_filename (g_get_user_data_dir (), "wiredesk", "archive.db", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_clear_pointer (&path, g_free);

  g_setenv ("WIREDESK_DB", "/somewhere/else.db", TRUE);
  path = wd_store_default_path ();
  g_assert_cmpstr (path, ==, "/somewhere/else.db");
  g_unsetenv ("WIREDESK_DB");
}

static void
test_add_and_get_source (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(WdSource) read = NULL;
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 3, 5, 14, 30, 0);
  g_autoptr(GDateTime) fetched = g_date_time_new_utc (2024, 3, 5, 15, 0, 0);
  g_autoptr(GError) error = NULL;
  gboolean existed = TRUE;
  gint64 brief_id;

  wd_source_set_url (source, "https://ledger.example/2024/03/bridge?utm=x");
  wd_source_set_canonical_url (source, "https://ledger.example/2024/03/bridge");
  wd_source_set_publisher_name (source, "The Daily Ledger");
  wd_source_set_publisher_domain (source, "ledger.example");
  wd_source_set_title (source, "Bridge reopens after repairs");
  wd_source_set_byline (source, "A. Writer");
  wd_source_set_published_at (source, published);
  wd_source_set_language (source, "en");
  wd_source_set_text (source, "The bridge reopened on Tuesday.\n\nTraffic was light.");
  wd_source_set_fetched_at (source, fetched);

  brief_id = wd_store_add_source (store, source, &existed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (brief_id, >, 0);
  g_assert_false (existed);
  g_assert_cmpint (wd_source_get_id (source), >, 0);
  /* SHA-256 in hex. */
  g_assert_cmpuint (strlen (wd_source_get_content_hash (source)), ==, 64);

  read = wd_store_get_source (store, wd_source_get_id (source), &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_source_get_id (read), ==, wd_source_get_id (source));
  g_assert_cmpstr (wd_source_get_url (read), ==, "https://ledger.example/2024/03/bridge?utm=x");
  g_assert_cmpstr (wd_source_get_canonical_url (read), ==,
                   "https://ledger.example/2024/03/bridge");
  g_assert_cmpstr (wd_source_get_publisher_name (read), ==, "The Daily Ledger");
  g_assert_cmpstr (wd_source_get_publisher_domain (read), ==, "ledger.example");
  g_assert_cmpstr (wd_source_get_title (read), ==, "Bridge reopens after repairs");
  g_assert_cmpstr (wd_source_get_byline (read), ==, "A. Writer");
  g_assert_true (g_date_time_equal (wd_source_get_published_at (read), published));
  g_assert_true (g_date_time_equal (wd_source_get_fetched_at (read), fetched));
  g_assert_cmpstr (wd_source_get_language (read), ==, "en");
  g_assert_cmpstr (wd_source_get_text (read), ==,
                   "The bridge reopened on Tuesday.\n\nTraffic was light.");
  g_assert_cmpstr (wd_source_get_content_hash (read), ==,
                   wd_source_get_content_hash (source));

  g_clear_object (&read);
  read = wd_store_get_source (store, 9999, &error);
  g_assert_null (read);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_object (&source);
  source = wd_source_new ();
  /* A source needs a URL. */
  wd_source_set_title (source, "No address");
  g_assert_cmpint (wd_store_add_source (store, source, NULL, &error), ==, 0);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
}

static WdSource *
make_source (const char *url,
             const char *canonical_url,
             const char *text)
{
  WdSource *source = wd_source_new ();

  wd_source_set_url (source, url);
  wd_source_set_canonical_url (source, canonical_url);
  wd_source_set_title (source, "A title");
  wd_source_set_text (source, text);
  return source;
}

static void
test_dedupe (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  gboolean existed = FALSE;
  gint64 first;
  gint64 first_source;
  gint64 id;

  {
    g_autoptr(WdSource) source = make_source ("https://a.example/1",
                                              "https://a.example/story",
                                              "Rain fell on the city all week.");

    first = wd_store_add_source (store, source, &existed, &error);
    g_assert_no_error (error);
    g_assert_false (existed);
    first_source = wd_source_get_id (source);
  }

  /* Same canonical URL, another address and text: the same article. */
  {
    g_autoptr(WdSource) source = make_source ("https://a.example/1?amp=1",
                                              "https://a.example/story",
                                              "Rain fell on the city all week, updated.");

    id = wd_store_add_source (store, source, &existed, &error);
    g_assert_no_error (error);
    g_assert_true (existed);
    g_assert_cmpint (id, ==, first);
    g_assert_cmpint (wd_source_get_id (source), ==, first_source);
  }

  /* The same text laid out differently, under another URL. */
  {
    g_autoptr(WdSource) source = make_source ("https://mirror.example/copy", NULL,
                                              "  Rain fell\non the city\t all week. ");

    existed = FALSE;
    id = wd_store_add_source (store, source, &existed, &error);
    g_assert_no_error (error);
    g_assert_true (existed);
    g_assert_cmpint (id, ==, first);
  }

  /* Without a canonical URL the URL is the key. */
  {
    g_autoptr(WdSource) a = make_source ("https://b.example/x", NULL, "Text one.");
    g_autoptr(WdSource) b = make_source ("https://b.example/x", NULL, "Text two.");
    gint64 id_a;

    id_a = wd_store_add_source (store, a, &existed, &error);
    g_assert_no_error (error);
    g_assert_false (existed);
    id = wd_store_add_source (store, b, &existed, &error);
    g_assert_no_error (error);
    g_assert_true (existed);
    g_assert_cmpint (id, ==, id_a);
  }

  /* Two articles without text are not the same article. */
  {
    g_autoptr(WdSource) a = make_source ("https://c.example/1", NULL, NULL);
    g_autoptr(WdSource) b = make_source ("https://c.example/2", NULL, "");
    gint64 id_a;

    id_a = wd_store_add_source (store, a, &existed, &error);
    g_assert_no_error (error);
    g_assert_false (existed);
    id = wd_store_add_source (store, b, &existed, &error);
    g_assert_no_error (error);
    g_assert_false (existed);
    g_assert_cmpint (id, !=, id_a);
  }

  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==, 4);
  g_assert_no_error (error);
}

static void
test_new_brief (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  GListModel *sections;
  gint64 id;

  id = wd_test_add_source (store, "Port strike ends", "https://harbour.example/strike",
                           "Harbour Times", "Dockworkers returned to work on Monday.");

  brief = wd_store_load_brief (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_brief_get_id (brief), ==, id);
  g_assert_true (g_uuid_string_is_valid (wd_brief_get_uuid (brief)));
  g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_INBOX);
  g_assert_cmpstr (wd_brief_get_headline (brief), ==, "");
  /* No headline yet: the source's title stands in. */
  g_assert_cmpstr (wd_brief_get_title (brief), ==, "Port strike ends");
  g_assert_cmpstr (wd_brief_get_publisher (brief), ==, "Harbour Times");
  g_assert_nonnull (wd_brief_get_created_at (brief));
  g_assert_nonnull (wd_brief_get_source (brief));
  g_assert_cmpint (wd_brief_get_source_id (brief), ==,
                   wd_source_get_id (wd_brief_get_source (brief)));
  g_assert_cmpstr (wd_source_get_text (wd_brief_get_source (brief)), ==,
                   "Dockworkers returned to work on Monday.");

  sections = wd_brief_get_sections (brief);
  g_assert_cmpuint (g_list_model_get_n_items (sections), ==, WD_SECTION_N_KINDS);
  for (guint i = 0; i < WD_SECTION_N_KINDS; i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (sections, i);

      g_assert_cmpint (wd_section_get_kind (section), ==, (WdSectionKind) i);
      g_assert_cmpuint (wd_section_get_position (section), ==, i);
      g_assert_cmpstr (wd_section_get_text (section), ==, "");
      g_assert_cmpint (wd_section_get_revision_id (section), ==, 0);
      g_assert_cmpint (wd_section_get_brief_id (section), ==, id);
    }
  g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_mentions (brief)), ==, 0);

  g_clear_object (&brief);
  brief = wd_store_load_brief (store, id + 100, &error);
  g_assert_null (brief);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "brief"));
}

static WdBriefStatus
filter_status (WdBriefFilter filter)
{
  switch (filter)
    {
    case WD_BRIEF_FILTER_INBOX: return WD_BRIEF_STATUS_INBOX;
    case WD_BRIEF_FILTER_DRAFTS: return WD_BRIEF_STATUS_DRAFT;
    case WD_BRIEF_FILTER_REVIEW: return WD_BRIEF_STATUS_REVIEW;
    case WD_BRIEF_FILTER_APPROVED: return WD_BRIEF_STATUS_APPROVED;
    case WD_BRIEF_FILTER_PUBLISHED: return WD_BRIEF_STATUS_PUBLISHED;
    case WD_BRIEF_FILTER_ALL:
    default:
      g_assert_not_reached ();
    }
}

static void
test_list_and_count (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  guint total = 0;
  gint64 last_id = G_MAXINT64;

  wd_test_seed (store, 30);

  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==, 30);
  g_assert_no_error (error);

  /* Pages of 7, newest first, that add up to the whole archive. */
  all = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint offset = 0; ; offset += 7)
    {
      g_autoptr(GPtrArray) page = wd_store_list_briefs (store, WD_BRIEF_FILTER_ALL, offset,
                                                        7, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (page->len, <=, 7);
      for (guint i = 0; i < page->len; i++)
        {
          WdBrief *row = g_ptr_array_index (page, i);

          g_assert_cmpint (wd_brief_get_id (row), <, last_id);
          last_id = wd_brief_get_id (row);
          g_assert_true (wd_brief_get_loaded (row));
          g_assert_nonnull (wd_brief_get_source_title (row));
          g_assert_nonnull (wd_brief_get_publisher (row));
          /* A list row carries no source text. */
          g_assert_null (wd_brief_get_source (row));
          g_ptr_array_add (all, g_object_ref (row));
        }
      if (page->len < 7)
        break;
    }
  g_assert_cmpuint (all->len, ==, 30);

  for (WdBriefFilter filter = WD_BRIEF_FILTER_INBOX; filter <= WD_BRIEF_FILTER_PUBLISHED;
       filter++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      guint count;

      count = wd_store_count_briefs (store, filter, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (count, >, 0);
      rows = wd_store_list_briefs (store, filter, 0, 100, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, count);
      for (guint i = 0; i < rows->len; i++)
        g_assert_cmpint (wd_brief_get_status (g_ptr_array_index (rows, i)), ==,
                         filter_status (filter));
      total += count;
    }
  /* Withdrawn briefs show only under "all". */
  g_assert_cmpuint (total, <, 30);

  g_assert_cmpuint (wd_store_count_briefs (store, (WdBriefFilter) 42, &error), ==, 0);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
}

static void
test_headline_and_status (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  gint64 id;

  id = wd_test_add_source (store, "Source title", "https://x.example/1", "X", "Some text.");

  g_assert_true (wd_store_set_headline (store, id, "  Our own headline  ", &error));
  g_assert_no_error (error);
  brief = wd_store_load_brief (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_brief_get_headline (brief), ==, "Our own headline");
  g_assert_cmpstr (wd_brief_get_title (brief), ==, "Our own headline");
  g_clear_object (&brief);

  g_assert_false (wd_store_set_headline (store, id, "two\nlines", &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (wd_store_set_headline (store, id + 1, "x", &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  for (WdBriefStatus status = WD_BRIEF_STATUS_INBOX; status <= WD_BRIEF_STATUS_WITHDRAWN;
       status++)
    {
      g_assert_true (wd_store_set_status (store, id, status, &error));
      g_assert_no_error (error);
      brief = wd_store_load_brief (store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (wd_brief_get_status (brief), ==, status);
      g_clear_object (&brief);
    }

  g_assert_false (wd_store_set_status (store, id, (WdBriefStatus) 17, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  brief = wd_store_load_brief (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_WITHDRAWN);

  g_assert_false (wd_store_set_status (store, id + 1, WD_BRIEF_STATUS_DRAFT, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

static void
test_revisions (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  WdRevisionInfo ai = { WD_ORIGIN_AI, "local-qwen", "qwen3:8b", 3, 812, 140, 350, 4200 };
  WdSection *section;
  WdRevision *revision;
  gint64 id, rev_ai, rev_editor;

  id = wd_test_add_source (store, "Title", "https://x.example/r", "X", "Source text.");

  rev_ai = wd_store_add_revision (store, id, WD_SECTION_SUMMARY, "Draft by the model.",
                                  &ai, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rev_ai, >, 0);

  rev_editor = wd_store_add_revision (store, id, WD_SECTION_SUMMARY,
                                      "Rewritten by the editor.", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rev_editor, >, rev_ai);

  brief = wd_store_load_brief (store, id, &error);
  g_assert_no_error (error);
  section = wd_brief_get_section (brief, WD_SECTION_SUMMARY);
  g_assert_cmpstr (wd_section_get_text (section), ==, "Rewritten by the editor.");
  g_assert_cmpint (wd_section_get_revision_id (section), ==, rev_editor);
  g_assert_cmpint (wd_section_get_origin (section), ==, WD_ORIGIN_EDITOR);
  /* The other sections are untouched. */
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_WATCH)),
                   ==, "");

  /* Every revision stays reachable, newest first. */
  revisions = wd_store_list_revisions (store, id, WD_SECTION_SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  revision = g_ptr_array_index (revisions, 0);
  g_assert_cmpint (wd_revision_get_id (revision), ==, rev_editor);
  g_assert_cmpint (wd_revision_get_origin (revision), ==, WD_ORIGIN_EDITOR);
  g_assert_null (wd_revision_get_backend (revision));
  revision = g_ptr_array_index (revisions, 1);
  g_assert_cmpint (wd_revision_get_id (revision), ==, rev_ai);
  g_assert_cmpstr (wd_revision_get_text (revision), ==, "Draft by the model.");
  g_assert_cmpint (wd_revision_get_origin (revision), ==, WD_ORIGIN_AI);
  g_assert_cmpstr (wd_revision_get_backend (revision), ==, "local-qwen");
  g_assert_cmpstr (wd_revision_get_model (revision), ==, "qwen3:8b");
  g_assert_cmpint (wd_revision_get_template_version (revision), ==, 3);
  g_assert_cmpint (wd_revision_get_section_id (revision), ==, wd_section_get_id (section));
  g_assert_nonnull (wd_revision_get_created_at (revision));
  g_clear_pointer (&revisions, g_ptr_array_unref);

  revisions = wd_store_list_revisions (store, id, WD_SECTION_CONTEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 0);
  g_clear_pointer (&revisions, g_ptr_array_unref);

  g_assert_cmpint (wd_store_add_revision (store, id + 5, WD_SECTION_SUMMARY, "x", NULL,
                                          &error), ==, 0);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (wd_store_add_revision (store, id, (WdSectionKind) 9, "x", NULL, &error),
                   ==, 0);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  revisions = wd_store_list_revisions (store, id + 5, WD_SECTION_SUMMARY, &error);
  g_assert_null (revisions);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

static void
test_mentions (void)
{
  g_autofree char *path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) zurich = NULL;
  g_autoptr(WdMention) again = NULL;
  g_autoptr(WdMention) beijing = NULL;
  g_autoptr(WdMention) tokyo = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  gint64 a, b;

  a = wd_test_add_source (store, "One", "https://x.example/m1", "X", "First text.");
  b = wd_test_add_source (store, "Two", "https://x.example/m2", "X", "Second text.");

  zurich = wd_store_ensure_mention (store, "Zürich Insurance", WD_MENTION_ORGANIZATION,
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_mention_get_id (zurich), >, 0);
  g_assert_cmpstr (wd_mention_get_name (zurich), ==, "Zürich Insurance");
  g_assert_cmpstr (wd_mention_get_slug (zurich), ==, "zurich-insurance");
  g_assert_cmpint (wd_mention_get_kind (zurich), ==, WD_MENTION_ORGANIZATION);

  /* Case, accents and surrounding space do not make a new mention; the
   * kind of the one found stays. */
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "zürich insurance", "  Zurich Insurance ", "ZURICH-INSURANCE" };

      again = wd_store_ensure_mention (store, names[i], WD_MENTION_TOPIC, &error);
      g_assert_no_error (error);
      g_assert_cmpint (wd_mention_get_id (again), ==, wd_mention_get_id (zurich));
      g_assert_cmpint (wd_mention_get_kind (again), ==, WD_MENTION_ORGANIZATION);
      g_clear_object (&again);
    }

  /* An alias finds its mention. */
  exec_sql (path, "INSERT INTO mention_aliases (mention_id, alias)"
                  " SELECT id, 'ZIG' FROM mentions WHERE slug = 'zurich-insurance'");
  again = wd_store_ensure_mention (store, "zig", WD_MENTION_TOPIC, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_mention_get_id (again), ==, wd_mention_get_id (zurich));
  g_assert_cmpstr (wd_mention_get_aliases (again)[0], ==, "ZIG");
  g_clear_object (&again);

  /* Names with nothing to fold to ASCII still get mentions of their own. */
  beijing = wd_store_ensure_mention (store, "北京", WD_MENTION_PLACE, &error);
  g_assert_no_error (error);
  tokyo = wd_store_ensure_mention (store, "東京", WD_MENTION_PLACE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_mention_get_id (beijing), !=, wd_mention_get_id (tokyo));
  g_assert_cmpstr (wd_mention_get_slug (beijing), !=, wd_mention_get_slug (tokyo));
  again = wd_store_ensure_mention (store, "北京", WD_MENTION_TOPIC, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_mention_get_id (again), ==, wd_mention_get_id (beijing));
  g_clear_object (&again);

  g_assert_null (wd_store_ensure_mention (store, "   ", WD_MENTION_TOPIC, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Attaching */
  g_assert_true (wd_store_attach_mention (store, a, wd_mention_get_id (zurich),
                                          WD_ORIGIN_AI, &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_attach_mention (store, a, wd_mention_get_id (zurich),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_attach_mention (store, b, wd_mention_get_id (zurich),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_attach_mention (store, b, wd_mention_get_id (tokyo),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_no_error (error);

  brief = wd_store_load_brief (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_mentions (brief)), ==, 1);
  {
    g_autoptr(WdMention) m = g_list_model_get_item (wd_brief_get_mentions (brief), 0);

    g_assert_cmpint (wd_mention_get_id (m), ==, wd_mention_get_id (zurich));
    /* Attached twice: still one link, and it stays the model's. */
    g_assert_cmpint (wd_mention_get_origin (m), ==, WD_ORIGIN_AI);
  }

  catalog = wd_store_list_mentions (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (catalog->len, ==, 3);
  for (guint i = 0; i < catalog->len; i++)
    {
      WdMention *m = g_ptr_array_index (catalog, i);

      if (wd_mention_get_id (m) == wd_mention_get_id (zurich))
        g_assert_cmpuint (wd_mention_get_brief_count (m), ==, 2);
      else if (wd_mention_get_id (m) == wd_mention_get_id (tokyo))
        g_assert_cmpuint (wd_mention_get_brief_count (m), ==, 1);
      else
        g_assert_cmpuint (wd_mention_get_brief_count (m), ==, 0);
    }

  g_assert_false (wd_store_attach_mention (store, 999, wd_mention_get_id (zurich),
                                           WD_ORIGIN_EDITOR, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wd_store_attach_mention (store, a, 999, WD_ORIGIN_EDITOR, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

static void
test_policies (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdPolicy) policy = NULL;

  /* None yet is not an error. */
  policy = wd_store_get_policy (store, "ledger.example", &error);
  g_assert_no_error (error);
  g_assert_null (policy);

  g_assert_true (wd_store_set_policy (store, "Ledger.Example", WD_POLICY_SUMMARIZE, -1,
                                      NULL, &error));
  g_assert_no_error (error);
  policy = wd_store_get_policy (store, "ledger.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (policy);
  g_assert_cmpstr (policy->domain, ==, "ledger.example");
  g_assert_cmpint (policy->kind, ==, WD_POLICY_SUMMARIZE);
  g_assert_cmpint (policy->max_quote_words, ==, -1);
  g_assert_cmpint (policy->version, ==, 1);
  g_assert_null (policy->note);
  g_clear_pointer (&policy, wd_policy_free);

  g_assert_true (wd_store_set_policy (store, "ledger.example", WD_POLICY_LINK_ONLY, 25,
                                      "Asked by email", &error));
  g_assert_no_error (error);
  g_assert_true (wd_store_set_policy (store, "ledger.example", WD_POLICY_EXCLUDED, 0,
                                      "Takedown request", &error));
  g_assert_no_error (error);

  policy = wd_store_get_policy (store, "LEDGER.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (policy->kind, ==, WD_POLICY_EXCLUDED);
  g_assert_cmpint (policy->version, ==, 3);
  g_assert_cmpint (policy->max_quote_words, ==, 0);
  g_assert_cmpstr (policy->note, ==, "Takedown request");
  g_clear_pointer (&policy, wd_policy_free);

  /* Other domains are separate. */
  policy = wd_store_get_policy (store, "other.example", &error);
  g_assert_no_error (error);
  g_assert_null (policy);

  g_assert_false (wd_store_set_policy (store, " ", WD_POLICY_SUMMARIZE, -1, NULL, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (wd_store_set_policy (store, "x.example", (WdPolicyKind) 7, -1, NULL,
                                       &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
}

/* "changed" */

typedef struct
{
  GArray *ids;
  GThread *main_thread;
} ChangedData;

static void
on_changed (WdStore *store,
            gint64   brief_id,
            gpointer user_data)
{
  ChangedData *data = user_data;

  /* Never on the writer's thread. */
  g_assert_true (g_thread_self () == data->main_thread);
  g_array_append_val (data->ids, brief_id);
}

static gpointer
write_from_thread (gpointer user_data)
{
  WdStore *store = user_data;
  g_autoptr(GError) error = NULL;

  wd_store_set_headline (store, 1, "From another thread", &error);
  g_assert_no_error (error);

  return NULL;
}

static void
test_changed_signal (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  ChangedData data = { ids, g_thread_self () };
  GThread *thread;
  gint64 a, b;

  a = wd_test_add_source (store, "One", "https://x.example/c1", "X", "First.");
  b = wd_test_add_source (store, "Two", "https://x.example/c2", "X", "Second.");
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &data);

  /* Emitted from the main loop, not inside the call. */
  wd_store_set_headline (store, a, "Headline", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, a);

  /* Writes to two briefs before the loop runs: one emission, id 0. */
  g_array_set_size (ids, 0);
  wd_store_set_status (store, a, WD_BRIEF_STATUS_DRAFT, &error);
  g_assert_no_error (error);
  wd_store_add_revision (store, b, WD_SECTION_WATCH, "Watch this.", NULL, &error);
  g_assert_no_error (error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 0);

  /* A write on another thread is announced on this one. */
  g_array_set_size (ids, 0);
  thread = g_thread_new ("writer", write_from_thread, store);
  g_thread_join (thread);
  while (ids->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 1);

  /* A failed write announces nothing. */
  g_array_set_size (ids, 0);
  g_assert_false (wd_store_set_headline (store, 4242, "x", &error));
  g_clear_error (&error);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (ids->len, ==, 0);

  g_signal_handlers_disconnect_by_data (store, &data);
}

/* The asynchronous API, driven by a main loop */

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} AsyncWait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static GAsyncResult *
wait_for (AsyncWait *wait)
{
  g_main_loop_run (wait->loop);
  g_assert_nonnull (wait->result);
  return g_steal_pointer (&wait->result);
}

typedef struct
{
  GMainLoop *loop;
  guint pending;
  GArray *order;
} RevisionsWait;

static void
on_revision_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RevisionsWait *wait = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = wd_store_add_revision_finish (WD_STORE (source), result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_array_append_val (wait->order, id);

  if (--wait->pending == 0)
    g_main_loop_quit (wait->loop);
}

static void
test_async (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "async", "archive.db", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  AsyncWait wait = { loop, NULL };
  RevisionsWait revisions = { loop, 5, order };
  gint64 id;

  wd_store_open_async (path, NULL, on_done, &wait);
  result = wait_for (&wait);
  store = wd_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (wd_store_get_path (store), ==, path);
  g_clear_object (&result);

  wd_test_seed (store, 12);
  id = wd_test_add_source (store, "Async story", "https://x.example/async", "X",
                           "Nothing searchable here yet.");

  /* Queued writes finish in the order they were asked for, and the last
   * one is the text that stays. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *text = g_strdup_printf ("Typed version %u of the summary.", i);

      wd_store_add_revision_async (store, id, WD_SECTION_SUMMARY, text, NULL, NULL,
                                   on_revision_saved, &revisions);
    }
  g_main_loop_run (loop);
  g_assert_cmpuint (order->len, ==, 5);
  for (guint i = 1; i < order->len; i++)
    g_assert_cmpint (g_array_index (order, gint64, i), >, g_array_index (order, gint64, i - 1));

  wd_store_load_brief_async (store, id, NULL, on_done, &wait);
  result = wait_for (&wait);
  brief = wd_store_load_brief_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_SUMMARY)),
                   ==, "Typed version 4 of the summary.");
  g_clear_object (&result);

  wd_store_count_briefs_async (store, WD_BRIEF_FILTER_ALL, NULL, on_done, &wait);
  result = wait_for (&wait);
  g_assert_cmpuint (wd_store_count_briefs_finish (store, result, &error), ==, 13);
  g_assert_no_error (error);
  g_clear_object (&result);

  wd_store_list_briefs_async (store, WD_BRIEF_FILTER_ALL, 0, 5, NULL, on_done, &wait);
  result = wait_for (&wait);
  rows = wd_store_list_briefs_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpint (wd_brief_get_id (g_ptr_array_index (rows, 0)), ==, id);
  g_clear_object (&result);

  wd_store_search_async (store, "typed", 10, NULL, on_done, &wait);
  result = wait_for (&wait);
  hits = wd_store_search_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (wd_brief_get_id (((WdSearchHit *) g_ptr_array_index (hits, 0))->brief),
                   ==, id);
  g_clear_object (&result);

  /* Errors come back through the callback. */
  wd_store_load_brief_async (store, 123456, NULL, on_done, &wait);
  result = wait_for (&wait);
  g_assert_null (wd_store_load_brief_finish (store, result, &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&result);

  /* Cancelled before it starts: nothing is read or written. */
  g_cancellable_cancel (cancelled);
  wd_store_search_async (store, "typed", 10, cancelled, on_done, &wait);
  result = wait_for (&wait);
  g_assert_null (wd_store_search_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  wd_store_add_revision_async (store, id, WD_SECTION_SUMMARY, "Never saved", NULL,
                               cancelled, on_done, &wait);
  result = wait_for (&wait);
  g_assert_cmpint (wd_store_add_revision_finish (store, result, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_object (&brief);
  brief = wd_store_load_brief (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_SUMMARY)),
                   ==, "Typed version 4 of the summary.");

  /* An archive that cannot be opened reports it through the callback. */
  {
    g_autoptr(WdStore) none = NULL;
    g_autofree char *bad = g_build_filename (dir, "not-an-archive.db", NULL);

    g_assert_true (g_file_set_contents (bad, "plain text, not a database", -1, NULL));
    wd_store_open_async (bad, NULL, on_done, &wait);
    result = wait_for (&wait);
    none = wd_store_open_finish (result, &error);
    g_assert_null (none);
    g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_ARCHIVE);
    g_clear_object (&result);
  }
}

/* The store may be dropped while a queued write is still to run: the
 * write completes and the store goes away afterwards, on whichever
 * thread lets it go. */
static void
test_async_store_outlives_caller (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (gint64));
  RevisionsWait revisions = { loop, 3, order };
  WdStore *store = wd_test_open_store (&path);
  gint64 id;

  id = wd_test_add_source (store, "T", "https://x.example/o", "X", "Text.");
  for (guint i = 0; i < 3; i++)
    wd_store_add_revision_async (store, id, WD_SECTION_WATCH, "Saved after all", NULL, NULL,
                                 on_revision_saved, &revisions);
  g_object_unref (store);
  g_main_loop_run (loop);
  g_assert_cmpuint (order->len, ==, 3);

  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(WdBrief) brief = wd_store_load_brief (store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_WATCH)),
                     ==, "Saved after all");
  }
  g_object_unref (store);
}

/* A draft cut off before the model finished is kept, and says so. */
static void
test_revision_incomplete (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  WdRevisionInfo cut = { WD_ORIGIN_AI, "cloud", "m", 1, 90, 12, 300, 800, TRUE };
  WdRevisionInfo whole = { WD_ORIGIN_AI, "cloud", "m", 1, 90, 40, 300, 2000, FALSE };
  gint64 id;

  id = wd_test_add_source (store, "Title", "https://x.example/i", "X", "Source text.");
  g_assert_cmpint (wd_store_add_revision (store, id, WD_SECTION_SUMMARY, "The council",
                                          &cut, &error), >, 0);
  g_assert_cmpint (wd_store_add_revision (store, id, WD_SECTION_SUMMARY,
                                          "The council voted.", &whole, &error), >, 0);
  g_assert_no_error (error);

  revisions = wd_store_list_revisions (store, id, WD_SECTION_SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_false (wd_revision_get_incomplete (g_ptr_array_index (revisions, 0)));
  g_assert_true (wd_revision_get_incomplete (g_ptr_array_index (revisions, 1)));
  g_assert_cmpstr (wd_revision_get_text (g_ptr_array_index (revisions, 1)), ==, "The council");
}

/* Suggested mentions never enter the catalog: known names (or aliases)
 * become suggestions of their catalog entry, new names wait apart; what a
 * brief already has stays as it is. */
static void
test_suggest_mentions (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) suggestions = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(WdMention) harbour = NULL;
  g_autoptr(WdMention) ferry = NULL;
  WdMentionSuggestion *s;
  gboolean known = FALSE;
  gint64 id;

  id = wd_test_add_source (store, "Quays", "https://x.example/q", "X", "Source text.");
  harbour = wd_store_ensure_mention (store, "Harbour Board", WD_MENTION_ORGANIZATION, &error);
  g_assert_no_error (error);
  g_assert_true (wd_store_add_mention_alias (store, wd_mention_get_id (harbour),
                                             "the Board", &error));
  ferry = wd_store_ensure_mention (store, "Ferry Line", WD_MENTION_ORGANIZATION, &error);
  g_assert_true (wd_store_attach_mention (store, id, wd_mention_get_id (ferry),
                                          WD_ORIGIN_EDITOR, &error));
  g_assert_no_error (error);

  g_assert_true (wd_store_suggest_mention (store, id, "the board", WD_MENTION_ORGANIZATION,
                                           "catalog alias", &known, &error));
  g_assert_true (known);
  g_assert_true (wd_store_suggest_mention (store, id, " Anna Berg ", WD_MENTION_PERSON,
                                           "named twice", &known, &error));
  g_assert_false (known);
  g_assert_true (wd_store_suggest_mention (store, id, "anna berg", WD_MENTION_PERSON, NULL,
                                           NULL, &error));
  /* Case and punctuation do not make a name new. */
  g_assert_true (wd_store_suggest_mention (store, id, "THE BOARD.", WD_MENTION_ORGANIZATION,
                                           NULL, &known, &error));
  g_assert_true (known);
  g_assert_true (wd_store_suggest_mention (store, id, "Harbour-Board", WD_MENTION_ORGANIZATION,
                                           NULL, &known, &error));
  g_assert_true (known);
  /* Already attached by the editor: stays attached, no suggestion. */
  g_assert_true (wd_store_suggest_mention (store, id, "Ferry Line", WD_MENTION_ORGANIZATION,
                                           NULL, NULL, &error));
  g_assert_no_error (error);

  suggestions = wd_store_list_mention_suggestions (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggestions->len, ==, 2);
  s = g_ptr_array_index (suggestions, 0);
  g_assert_cmpstr (s->name, ==, "Anna Berg");
  g_assert_cmpint (s->mention_id, ==, 0);
  g_assert_cmpint (s->kind, ==, WD_MENTION_PERSON);
  g_assert_cmpstr (s->reason, ==, "named twice");
  s = g_ptr_array_index (suggestions, 1);
  g_assert_cmpstr (s->name, ==, "Harbour Board");
  g_assert_cmpint (s->mention_id, ==, wd_mention_get_id (harbour));

  /* The catalog has not grown. */
  catalog = wd_store_list_mentions (store, &error);
  g_assert_cmpuint (catalog->len, ==, 2);

  g_assert_false (wd_store_suggest_mention (store, id + 100, "X", WD_MENTION_TOPIC, NULL, NULL,
                                            &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (wd_store_suggest_mention (store, id, "  ", WD_MENTION_TOPIC, NULL, NULL,
                                            &error));
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID);
}

/* Typing saves a revision per burst: the first save makes one, the next
 * ones update it; a draft in between starts a new one. */
static void
test_save_edit (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(WdBrief) brief = NULL;
  WdRevisionInfo ai = { WD_ORIGIN_AI, "cloud", "m", 1, -1, -1, -1, -1, FALSE };
  gint64 id, burst, again, after;

  id = wd_test_add_source (store, "Title", "https://x.example/e", "X", "Source text.");
  burst = wd_store_save_edit (store, id, WD_SECTION_WATCH, "The vo", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (burst, >, 0);
  again = wd_store_save_edit (store, id, WD_SECTION_WATCH, "The vote in May.", burst, &error);
  g_assert_cmpint (again, ==, burst);

  revisions = wd_store_list_revisions (store, id, WD_SECTION_WATCH, &error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_cmpstr (wd_revision_get_text (g_ptr_array_index (revisions, 0)), ==,
                   "The vote in May.");
  g_clear_pointer (&revisions, g_ptr_array_unref);

  g_assert_cmpint (wd_store_add_revision (store, id, WD_SECTION_WATCH, "A drafted line.", &ai,
                                          &error), >, 0);
  after = wd_store_save_edit (store, id, WD_SECTION_WATCH, "The vote in June.", burst, &error);
  g_assert_no_error (error);
  g_assert_cmpint (after, !=, burst);
  revisions = wd_store_list_revisions (store, id, WD_SECTION_WATCH, &error);
  g_assert_cmpuint (revisions->len, ==, 3);
  g_assert_cmpstr (wd_revision_get_text (g_ptr_array_index (revisions, 2)), ==,
                   "The vote in May.");

  brief = wd_store_load_brief (store, id, &error);
  g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_WATCH)), ==,
                   "The vote in June.");
  g_assert_cmpint (wd_section_get_origin (wd_brief_get_section (brief, WD_SECTION_WATCH)), ==,
                   WD_ORIGIN_EDITOR);
}

/* The share of the AI draft the editor rewrote is kept on the section;
 * approval goes with new text; reverting brings the draft back. */
static void
test_edit_share_approve_revert (void)
{
  g_autoptr(WdStore) store = wd_test_open_store (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) drafted = NULL;
  g_autoptr(WdBrief) edited = NULL;
  g_autoptr(WdBrief) approved = NULL;
  g_autoptr(WdBrief) reverted = NULL;
  WdRevisionInfo ai = { WD_ORIGIN_AI, "cloud", "m", 1, -1, -1, -1, -1, FALSE };
  WdSection *section;
  gint64 id;

  id = wd_test_add_source (store, "Title", "https://x.example/s", "X", "Source text.");
  g_assert_cmpint (wd_store_add_revision (store, id, WD_SECTION_SUMMARY,
                                          "one two three four five six", &ai, &error), >, 0);
  drafted = wd_store_load_brief (store, id, &error);
  g_assert_cmpfloat (wd_section_get_edit_share (wd_brief_get_section (drafted,
                                                                      WD_SECTION_SUMMARY)),
                     ==, 0.0);
  g_assert_cmpfloat (wd_section_get_edit_share (wd_brief_get_section (drafted,
                                                                      WD_SECTION_WATCH)),
                     ==, -1.0);

  g_assert_cmpint (wd_store_save_edit (store, id, WD_SECTION_SUMMARY, "one two three", 0,
                                       &error), >, 0);
  edited = wd_store_load_brief (store, id, &error);
  section = wd_brief_get_section (edited, WD_SECTION_SUMMARY);
  g_assert_cmpfloat_with_epsilon (wd_section_get_edit_share (section), 0.5, 1e-9);

  g_assert_true (wd_store_set_section_approved (store, id, WD_SECTION_SUMMARY, TRUE, &error));
  approved = wd_store_load_brief (store, id, &error);
  g_assert_true (wd_section_get_approved (wd_brief_get_section (approved, WD_SECTION_SUMMARY)));

  g_assert_cmpint (wd_store_revert_to_draft (store, id, WD_SECTION_SUMMARY, &error), >, 0);
  g_assert_no_error (error);
  reverted = wd_store_load_brief (store, id, &error);
  section = wd_brief_get_section (reverted, WD_SECTION_SUMMARY);
  g_assert_cmpstr (wd_section_get_text (section), ==, "one two three four five six");
  g_assert_cmpint (wd_section_get_origin (section), ==, WD_ORIGIN_AI);
  g_assert_false (wd_section_get_approved (section));
  g_assert_cmpfloat (wd_section_get_edit_share (section), ==, 0.0);

  g_assert_cmpint (wd_store_revert_to_draft (store, id, WD_SECTION_WATCH, &error), ==, 0);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/sources/add-and-get", test_add_and_get_source);
  g_test_add_func ("/store/sources/dedupe", test_dedupe);
  g_test_add_func ("/store/briefs/new", test_new_brief);
  g_test_add_func ("/store/briefs/list-and-count", test_list_and_count);
  g_test_add_func ("/store/briefs/headline-and-status", test_headline_and_status);
  g_test_add_func ("/store/revisions", test_revisions);
  g_test_add_func ("/store/mentions", test_mentions);
  g_test_add_func ("/store/suggest-mentions", test_suggest_mentions);
  g_test_add_func ("/store/revision-incomplete", test_revision_incomplete);
  g_test_add_func ("/store/save-edit", test_save_edit);
  g_test_add_func ("/store/edit-share-approve-revert", test_edit_share_approve_revert);
  g_test_add_func ("/store/policies", test_policies);
  g_test_add_func ("/store/changed-signal", test_changed_signal);
  g_test_add_func ("/store/async", test_async);
  g_test_add_func ("/store/async-outlives-caller", test_async_store_outlives_caller);

  return g_test_run ();
}
