/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-models"

#include "wd-test-util.h"
#include "wd-models-private.h"

/* Counts "notify" emissions per property name. */
typedef struct {
  GHashTable *counts;
  guint total;
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           NotifyLog  *log)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, pspec->name));

  g_hash_table_insert (log->counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
  log->total++;
}

static void
notify_log_watch (NotifyLog *log,
                  gpointer   object)
{
  log->counts = g_hash_table_new (g_str_hash, g_str_equal);
  log->total = 0;
  g_signal_connect (object, "notify", G_CALLBACK (on_notify), log);
}

static void
notify_log_reset (NotifyLog *log)
{
  g_hash_table_remove_all (log->counts);
  log->total = 0;
}

static guint
notify_log_count (NotifyLog  *log,
                  const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (log->counts, name));
}

static void
notify_log_stop (NotifyLog *log,
                 gpointer   object)
{
  g_signal_handlers_disconnect_by_func (object, on_notify, log);
  g_clear_pointer (&log->counts, g_hash_table_unref);
}

/* Every value of an enum: to_string gives the GEnumClass nick, and
 * from_string gives the value back. */
typedef const char *(*ToString) (int value);
typedef gboolean (*FromString) (const char *str, int *out);

static void
check_enum (GType       type,
            ToString    to_string,
            FromString  from_string,
            const char *const *expected)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (klass->n_values, ==, n);

  for (guint i = 0; i < n; i++)
    {
      GEnumValue *ev = g_enum_get_value (klass, (int) i);
      int back = -1;

      g_assert_nonnull (ev);
      g_assert_cmpstr (ev->value_nick, ==, expected[i]);
      g_assert_cmpstr (to_string ((int) i), ==, expected[i]);
      g_assert_true (from_string (expected[i], &back));
      g_assert_cmpint (back, ==, (int) i);
    }

  /* Names are exact: no case folding, no prefixes, nothing unknown. */
  {
    const char *bad[] = { "", "unknown", "INBOX", "Summary", " ai", "link_only",
                          "drafts ", NULL };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        int untouched = 42;

        g_assert_false (from_string (bad[i], &untouched));
        g_assert_cmpint (untouched, ==, 42);
      }
    g_assert_false (from_string (NULL, NULL));
  }
}

static void
test_enums (void)
{
  const char *statuses[] = { "inbox", "draft", "review", "approved", "published",
                             "withdrawn", NULL };
  const char *filters[] = { "all", "inbox", "drafts", "review", "approved",
                            "published", NULL };
  const char *sections[] = { "summary", "analyst_take", "context", "watch", NULL };
  const char *origins[] = { "ai", "editor", NULL };
  const char *mentions[] = { "publication", "organization", "person", "product",
                             "topic", "place", NULL };
  const char *policies[] = { "summarize", "link-only", "excluded", NULL };
  WdBriefStatus status;

  check_enum (WD_TYPE_BRIEF_STATUS, (ToString) wd_brief_status_to_string,
              (FromString) wd_brief_status_from_string, statuses);
  check_enum (WD_TYPE_BRIEF_FILTER, (ToString) wd_brief_filter_to_string,
              (FromString) wd_brief_filter_from_string, filters);
  check_enum (WD_TYPE_SECTION_KIND, (ToString) wd_section_kind_to_string,
              (FromString) wd_section_kind_from_string, sections);
  check_enum (WD_TYPE_ORIGIN, (ToString) wd_origin_to_string,
              (FromString) wd_origin_from_string, origins);
  check_enum (WD_TYPE_MENTION_KIND, (ToString) wd_mention_kind_to_string,
              (FromString) wd_mention_kind_from_string, mentions);
  check_enum (WD_TYPE_POLICY_KIND, (ToString) wd_policy_kind_to_string,
              (FromString) wd_policy_kind_from_string, policies);

  g_assert_cmpint (WD_SECTION_N_KINDS, ==, G_N_ELEMENTS (sections) - 1);

  /* A filter name is not a status name: "drafts" is only a filter. */
  g_assert_false (wd_brief_status_from_string ("drafts", &status));
  g_assert_false (wd_brief_status_from_string ("all", &status));
}

static void
test_source_properties (void)
{
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 3, 5, 10, 30, 0);
  g_autoptr(GDateTime) published_again = g_date_time_new_utc (2024, 3, 5, 10, 30, 0);
  g_autoptr(GDateTime) fetched = g_date_time_new_utc (2024, 3, 6, 8, 0, 0);
  g_autoptr(GDateTime) got_time = NULL;
  g_autofree char *got_title = NULL;
  gint64 got_id = -1;
  NotifyLog log;

  g_assert_cmpint (wd_source_get_id (source), ==, 0);
  g_assert_null (wd_source_get_title (source));
  g_assert_null (wd_source_get_content_hash (source));

  notify_log_watch (&log, source);

  g_object_set (source,
                "url", "https://example.org/a?utm=1",
                "canonical-url", "https://example.org/a",
                "publisher-name", "Example Times",
                "publisher-domain", "example.org",
                "title", "Rates rise",
                "byline", "A. Writer",
                "published-at", published,
                "language", "en",
                "text", "The central bank raised rates.",
                "fetched-at", fetched,
                NULL);
  g_assert_cmpuint (log.total, ==, 10);
  g_assert_cmpuint (notify_log_count (&log, "title"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "published-at"), ==, 1);

  g_assert_cmpstr (wd_source_get_url (source), ==, "https://example.org/a?utm=1");
  g_assert_cmpstr (wd_source_get_canonical_url (source), ==, "https://example.org/a");
  g_assert_cmpstr (wd_source_get_publisher_name (source), ==, "Example Times");
  g_assert_cmpstr (wd_source_get_publisher_domain (source), ==, "example.org");
  g_assert_cmpstr (wd_source_get_title (source), ==, "Rates rise");
  g_assert_cmpstr (wd_source_get_byline (source), ==, "A. Writer");
  g_assert_true (g_date_time_equal (wd_source_get_published_at (source), published));
  g_assert_cmpstr (wd_source_get_language (source), ==, "en");
  g_assert_cmpstr (wd_source_get_text (source), ==, "The central bank raised rates.");
  g_assert_true (g_date_time_equal (wd_source_get_fetched_at (source), fetched));

  /* The same values again, even an equal but distinct GDateTime, are no
   * change and notify nothing. */
  notify_log_reset (&log);
  wd_source_set_title (source, "Rates rise");
  wd_source_set_published_at (source, published_again);
  g_object_set (source, "language", "en", NULL);
  g_assert_cmpuint (log.total, ==, 0);

  wd_source_set_title (source, "Rates rise again");
  wd_source_set_byline (source, NULL);
  wd_source_set_fetched_at (source, NULL);
  g_assert_cmpuint (log.total, ==, 3);
  g_assert_cmpuint (notify_log_count (&log, "title"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "byline"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "fetched-at"), ==, 1);
  g_assert_null (wd_source_get_byline (source));
  g_assert_null (wd_source_get_fetched_at (source));

  /* Store-only setters, readable as properties. */
  notify_log_reset (&log);
  wd_source_set_id (source, 17);
  wd_source_set_id (source, 17);
  wd_source_set_content_hash (source, "ab12");
  g_assert_cmpuint (log.total, ==, 2);
  g_object_get (source, "id", &got_id, "title", &got_title, "published-at", &got_time, NULL);
  g_assert_cmpint (got_id, ==, 17);
  g_assert_cmpstr (got_title, ==, "Rates rise again");
  g_assert_true (g_date_time_equal (got_time, published));
  g_assert_cmpstr (wd_source_get_content_hash (source), ==, "ab12");

  notify_log_stop (&log, source);
}

static void
test_section_and_revision (void)
{
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 1, 2, 3, 4, 5);
  g_autoptr(WdSection) section = NULL;
  g_autoptr(WdRevision) revision = NULL;
  g_autoptr(WdSection) empty = NULL;
  g_autofree char *text = NULL;
  WdSectionKind kind;

  section = g_object_new (WD_TYPE_SECTION,
                          "id", (gint64) 9,
                          "brief-id", (gint64) 3,
                          "kind", WD_SECTION_ANALYST_TAKE,
                          "position", 1u,
                          "text", "The angle nobody mentions.",
                          "revision-id", (gint64) 44,
                          "origin", WD_ORIGIN_EDITOR,
                          "approved", TRUE,
                          NULL);
  g_assert_cmpint (wd_section_get_id (section), ==, 9);
  g_assert_cmpint (wd_section_get_brief_id (section), ==, 3);
  g_assert_cmpint (wd_section_get_kind (section), ==, WD_SECTION_ANALYST_TAKE);
  g_assert_cmpuint (wd_section_get_position (section), ==, 1);
  g_assert_cmpstr (wd_section_get_text (section), ==, "The angle nobody mentions.");
  g_assert_cmpint (wd_section_get_revision_id (section), ==, 44);
  g_assert_cmpint (wd_section_get_origin (section), ==, WD_ORIGIN_EDITOR);
  g_assert_true (wd_section_get_approved (section));
  g_object_get (section, "text", &text, "kind", &kind, NULL);
  g_assert_cmpstr (text, ==, "The angle nobody mentions.");
  g_assert_cmpint (kind, ==, WD_SECTION_ANALYST_TAKE);

  empty = g_object_new (WD_TYPE_SECTION, NULL);
  g_assert_null (wd_section_get_text (empty));
  g_assert_false (wd_section_get_approved (empty));

  revision = g_object_new (WD_TYPE_REVISION,
                           "id", (gint64) 44,
                           "section-id", (gint64) 9,
                           "text", "Draft text",
                           "origin", WD_ORIGIN_AI,
                           "backend", "local-qwen",
                           "model", "qwen3:8b",
                           "template-version", 3,
                           "created-at", created,
                           NULL);
  g_assert_cmpint (wd_revision_get_id (revision), ==, 44);
  g_assert_cmpint (wd_revision_get_section_id (revision), ==, 9);
  g_assert_cmpstr (wd_revision_get_text (revision), ==, "Draft text");
  g_assert_cmpint (wd_revision_get_origin (revision), ==, WD_ORIGIN_AI);
  g_assert_cmpstr (wd_revision_get_backend (revision), ==, "local-qwen");
  g_assert_cmpstr (wd_revision_get_model (revision), ==, "qwen3:8b");
  g_assert_cmpint (wd_revision_get_template_version (revision), ==, 3);
  g_assert_true (g_date_time_equal (wd_revision_get_created_at (revision), created));
}

static void
test_mention (void)
{
  const char *aliases[] = { "ECB", "Europäische Zentralbank", NULL };
  g_autoptr(WdMention) mention = NULL;
  g_autoptr(WdMention) derived = NULL;
  g_auto(GStrv) got_aliases = NULL;
  const char * const *none;

  mention = g_object_new (WD_TYPE_MENTION,
                          "id", (gint64) 5,
                          "name", "European Central Bank",
                          "kind", WD_MENTION_ORGANIZATION,
                          "slug", "ecb",
                          "aliases", aliases,
                          "origin", WD_ORIGIN_EDITOR,
                          "brief-count", 12u,
                          NULL);
  g_assert_cmpint (wd_mention_get_id (mention), ==, 5);
  g_assert_cmpstr (wd_mention_get_name (mention), ==, "European Central Bank");
  g_assert_cmpint (wd_mention_get_kind (mention), ==, WD_MENTION_ORGANIZATION);
  g_assert_cmpstr (wd_mention_get_slug (mention), ==, "ecb");
  g_assert_cmpstrv (wd_mention_get_aliases (mention), aliases);
  g_assert_cmpint (wd_mention_get_origin (mention), ==, WD_ORIGIN_EDITOR);
  g_assert_cmpuint (wd_mention_get_brief_count (mention), ==, 12);
  g_object_get (mention, "aliases", &got_aliases, NULL);
  g_assert_cmpstrv (got_aliases, aliases);

  /* Without a slug the mention derives one from its name. */
  derived = g_object_new (WD_TYPE_MENTION, "name", "Zürich AG", NULL);
  g_assert_cmpstr (wd_mention_get_slug (derived), ==, "zurich-ag");
  none = wd_mention_get_aliases (derived);
  g_assert_nonnull (none);
  g_assert_null (none[0]);
}

static void
test_slugify (void)
{
  const struct {
    const char *name;
    const char *slug;
  } cases[] = {
    { "Zürich AG", "zurich-ag" },
    { "Crème Brûlée", "creme-brulee" },
    { "Ångström Labs", "angstrom-labs" },
    { "  AT&T -- Inc.  ", "at-t-inc" },
    { "OpenAI", "openai" },
    { "GPT-4o", "gpt-4o" },
    { "C++ / Rust!!", "c-rust" },
    { "---", "mention" },
    { "", "mention" },
    { "2024 Elections", "2024-elections" },
    { "Straße", "strasse" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = wd_mention_slugify (cases[i].name);

      g_assert_cmpstr (slug, ==, cases[i].slug);
    }

  /* A name with nothing foldable still gets a usable slug, and every slug
   * is lower-case ASCII letters, digits and inner single dashes. */
  {
    const char *names[] = { "中国人民银行", "Москва", "東京 2024", "🚀 Launch",
                            "Ünïcödé—dash", NULL };

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *slug = wd_mention_slugify (names[i]);

        g_assert_nonnull (slug);
        g_assert_cmpuint (strlen (slug), >, 0);
        g_assert_cmpint (slug[0], !=, '-');
        g_assert_cmpint (slug[strlen (slug) - 1], !=, '-');
        g_assert_null (strstr (slug, "--"));
        for (const char *p = slug; *p; p++)
          g_assert_true (g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-');
      }
  }

  {
    g_autofree char *cjk = wd_mention_slugify ("中国人民银行");
    g_autofree char *mixed = wd_mention_slugify ("東京 2024");

    g_assert_cmpstr (cjk, ==, "mention");
    g_assert_cmpstr (mixed, ==, "2024");
  }
}

static WdBrief *
make_row (gint64      id,
          const char *headline,
          const char *source_title,
          WdBriefStatus status)
{
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 4, 1, 12, 0, 0);

  return g_object_new (WD_TYPE_BRIEF,
                       "id", id,
                       "uuid", "2f1d8c1e-0000-4000-8000-000000000001",
                       "headline", headline,
                       "status", status,
                       "created-at", created,
                       "updated-at", created,
                       "source-id", id + 100,
                       "source-title", source_title,
                       "publisher", "Example Times",
                       "source-published-at", created,
                       NULL);
}

static void
test_brief_properties (void)
{
  g_autoptr(WdBrief) brief = make_row (7, "Bank lifts rates", "Rates rise",
                                       WD_BRIEF_STATUS_REVIEW);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 4, 1, 12, 0, 0);
  g_autoptr(GDateTime) got_created = NULL;
  g_autofree char *got_title = NULL;
  WdBriefStatus got_status;
  gboolean got_loaded;
  gint64 got_source_id;

  g_assert_cmpint (wd_brief_get_id (brief), ==, 7);
  g_assert_cmpstr (wd_brief_get_uuid (brief), ==, "2f1d8c1e-0000-4000-8000-000000000001");
  g_assert_cmpstr (wd_brief_get_headline (brief), ==, "Bank lifts rates");
  g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_REVIEW);
  g_assert_true (g_date_time_equal (wd_brief_get_created_at (brief), created));
  g_assert_true (g_date_time_equal (wd_brief_get_updated_at (brief), created));
  g_assert_cmpint (wd_brief_get_source_id (brief), ==, 107);
  g_assert_cmpstr (wd_brief_get_source_title (brief), ==, "Rates rise");
  g_assert_cmpstr (wd_brief_get_publisher (brief), ==, "Example Times");
  g_assert_true (g_date_time_equal (wd_brief_get_source_published_at (brief), created));
  g_assert_null (wd_brief_get_snippet (brief));
  g_assert_true (wd_brief_get_loaded (brief));
  g_assert_null (wd_brief_get_source (brief));

  g_object_get (brief,
                "title", &got_title,
                "status", &got_status,
                "loaded", &got_loaded,
                "source-id", &got_source_id,
                "created-at", &got_created,
                NULL);
  g_assert_cmpstr (got_title, ==, "Bank lifts rates");
  g_assert_cmpint (got_status, ==, WD_BRIEF_STATUS_REVIEW);
  g_assert_true (got_loaded);
  g_assert_cmpint (got_source_id, ==, 107);
  g_assert_true (g_date_time_equal (got_created, created));

  /* A list row has empty lists of the right item types, not NULL. */
  g_assert_nonnull (wd_brief_get_sections (brief));
  g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_sections (brief)), ==, 0);
  g_assert_true (g_list_model_get_item_type (wd_brief_get_sections (brief)) ==
                 WD_TYPE_SECTION);
  g_assert_nonnull (wd_brief_get_mentions (brief));
  g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_mentions (brief)), ==, 0);
  g_assert_true (g_list_model_get_item_type (wd_brief_get_mentions (brief)) ==
                 WD_TYPE_MENTION);
  g_assert_null (wd_brief_get_section (brief, WD_SECTION_SUMMARY));
}

static void
test_brief_title_fallback (void)
{
  g_autoptr(WdBrief) no_headline = make_row (1, NULL, "Source title", WD_BRIEF_STATUS_INBOX);
  g_autoptr(WdBrief) empty_headline = make_row (2, "", "Source title", WD_BRIEF_STATUS_INBOX);
  g_autoptr(WdBrief) with_headline = make_row (3, "Our headline", "Source title",
                                               WD_BRIEF_STATUS_DRAFT);
  g_autoptr(WdBrief) nothing = make_row (4, NULL, NULL, WD_BRIEF_STATUS_INBOX);

  g_assert_cmpstr (wd_brief_get_title (no_headline), ==, "Source title");
  g_assert_cmpstr (wd_brief_get_title (empty_headline), ==, "Source title");
  g_assert_cmpstr (wd_brief_get_title (with_headline), ==, "Our headline");
  g_assert_null (wd_brief_get_title (nothing));
}

static void
test_brief_loaded_parts (void)
{
  g_autoptr(GListStore) sections = g_list_store_new (WD_TYPE_SECTION);
  g_autoptr(GListStore) mentions = g_list_store_new (WD_TYPE_MENTION);
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(WdBrief) brief = NULL;
  const WdSectionKind kinds[] = { WD_SECTION_SUMMARY, WD_SECTION_CONTEXT,
                                  WD_SECTION_WATCH };
  WdSection *found;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *text = g_strdup_printf ("text of %s",
                                               wd_section_kind_to_string (kinds[i]));
      g_autoptr(WdSection) section = g_object_new (WD_TYPE_SECTION,
                                                   "id", (gint64) (i + 1),
                                                   "kind", kinds[i],
                                                   "position", i,
                                                   "text", text,
                                                   NULL);
      g_list_store_append (sections, section);
    }
  {
    g_autoptr(WdMention) mention = g_object_new (WD_TYPE_MENTION, "name", "ECB", NULL);
    g_list_store_append (mentions, mention);
  }
  wd_source_set_title (source, "Rates rise");

  brief = g_object_new (WD_TYPE_BRIEF,
                        "id", (gint64) 3,
                        "source", source,
                        "sections", sections,
                        "mentions", mentions,
                        NULL);
  g_assert_true (wd_brief_get_source (brief) == source);
  g_assert_true (wd_brief_get_sections (brief) == G_LIST_MODEL (sections));
  g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_mentions (brief)), ==, 1);

  found = wd_brief_get_section (brief, WD_SECTION_CONTEXT);
  g_assert_nonnull (found);
  g_assert_cmpint (wd_section_get_kind (found), ==, WD_SECTION_CONTEXT);
  g_assert_cmpstr (wd_section_get_text (found), ==, "text of context");
  found = wd_brief_get_section (brief, WD_SECTION_WATCH);
  g_assert_nonnull (found);
  g_assert_cmpstr (wd_section_get_text (found), ==, "text of watch");
  g_assert_null (wd_brief_get_section (brief, WD_SECTION_ANALYST_TAKE));
}

static void
test_brief_update_from (void)
{
  g_autoptr(WdBrief) placeholder = wd_brief_new_placeholder ();
  g_autoptr(WdBrief) row = make_row (42, NULL, "Rates rise", WD_BRIEF_STATUS_DRAFT);
  g_autoptr(WdBrief) edited = make_row (42, "Bank lifts rates", "Rates rise",
                                        WD_BRIEF_STATUS_DRAFT);
  g_autoptr(WdBrief) same_title = make_row (42, "Bank lifts rates", "Rates rise",
                                            WD_BRIEF_STATUS_APPROVED);
  NotifyLog log;

  g_assert_false (wd_brief_get_loaded (placeholder));
  g_assert_cmpint (wd_brief_get_id (placeholder), ==, 0);
  g_assert_null (wd_brief_get_title (placeholder));

  notify_log_watch (&log, placeholder);

  /* Filling a placeholder notifies each field that changed, once. */
  wd_brief_update_from (placeholder, row);
  g_assert_true (wd_brief_get_loaded (placeholder));
  g_assert_cmpint (wd_brief_get_id (placeholder), ==, 42);
  g_assert_cmpstr (wd_brief_get_title (placeholder), ==, "Rates rise");
  g_assert_cmpint (wd_brief_get_status (placeholder), ==, WD_BRIEF_STATUS_DRAFT);
  g_assert_cmpstr (wd_brief_get_publisher (placeholder), ==, "Example Times");
  g_assert_cmpint (wd_brief_get_source_id (placeholder), ==, 142);
  g_assert_nonnull (wd_brief_get_created_at (placeholder));
  {
    const char *changed[] = { "id", "uuid", "status", "created-at", "updated-at",
                              "source-id", "source-title", "publisher",
                              "source-published-at", "title", "loaded", NULL };

    for (guint i = 0; changed[i] != NULL; i++)
      g_assert_cmpuint (notify_log_count (&log, changed[i]), ==, 1);
    g_assert_cmpuint (log.total, ==, g_strv_length ((char **) changed));
    /* headline stays NULL, snippet stays NULL */
    g_assert_cmpuint (notify_log_count (&log, "headline"), ==, 0);
    g_assert_cmpuint (notify_log_count (&log, "snippet"), ==, 0);
  }

  /* The same row again changes nothing and says nothing. */
  notify_log_reset (&log);
  wd_brief_update_from (placeholder, row);
  g_assert_cmpuint (log.total, ==, 0);

  /* A new headline changes what the list shows. */
  wd_brief_update_from (placeholder, edited);
  g_assert_cmpuint (log.total, ==, 2);
  g_assert_cmpuint (notify_log_count (&log, "headline"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "title"), ==, 1);
  g_assert_cmpstr (wd_brief_get_title (placeholder), ==, "Bank lifts rates");

  /* A status change leaves the title alone. */
  notify_log_reset (&log);
  wd_brief_update_from (placeholder, same_title);
  g_assert_cmpuint (log.total, ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "status"), ==, 1);

  /* The snippet setter notifies only on change. */
  notify_log_reset (&log);
  wd_brief_set_snippet (placeholder, "the <b>bank</b> raised");
  wd_brief_set_snippet (placeholder, "the <b>bank</b> raised");
  g_assert_cmpuint (notify_log_count (&log, "snippet"), ==, 1);
  g_assert_cmpstr (wd_brief_get_snippet (placeholder), ==, "the <b>bank</b> raised");

  notify_log_stop (&log, placeholder);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/models/enums", test_enums);
  g_test_add_func ("/models/source/properties", test_source_properties);
  g_test_add_func ("/models/section-and-revision", test_section_and_revision);
  g_test_add_func ("/models/mention", test_mention);
  g_test_add_func ("/models/mention/slugify", test_slugify);
  g_test_add_func ("/models/brief/properties", test_brief_properties);
  g_test_add_func ("/models/brief/title-fallback", test_brief_title_fallback);
  g_test_add_func ("/models/brief/loaded-parts", test_brief_loaded_parts);
  g_test_add_func ("/models/brief/update-from", test_brief_update_from);

  return g_test_run ();
}
