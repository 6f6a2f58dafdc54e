/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-brief-list"

#include "wd-test-util.h"

#define N_SEEDED 500
/* A guard, not a measurement: a wait that takes this long is a bug. */
#define WAIT_LIMIT_S 15

typedef struct {
  WdStore *store;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = wd_test_open_store (&f->path);
  g_assert_nonnull (f->store);
  wd_test_seed (f->store, GPOINTER_TO_UINT (data));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->path, g_free);
}

typedef gboolean (*Predicate) (gpointer data);

static gboolean
on_wait_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @pred holds; fails the test instead of
 * hanging when it never does. */
static void
wait_for (Predicate   pred,
          gpointer    data,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (WAIT_LIMIT_S, on_wait_timeout, &timed_out);

  while (!pred (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    {
      g_test_message ("gave up waiting for %s", what);
      g_assert_false (timed_out);
    }
  g_source_remove (timeout_id);
}

typedef struct {
  GListModel *model;
  guint n_items;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n_items;
}

static void
wait_for_n_items (WdBriefList *list,
                  guint        n_items)
{
  CountWait wait = { G_LIST_MODEL (list), n_items };
  g_autofree char *what = g_strdup_printf ("%u items", n_items);

  wait_for (has_n_items, &wait, what);
}

static gboolean
is_not_loading (gpointer data)
{
  return !wd_brief_list_get_loading (data);
}

static void
wait_for_list (WdBriefList *list)
{
  wait_for (is_not_loading, list, "the list to finish loading");
}

static gboolean
is_loaded (gpointer data)
{
  return wd_brief_get_loaded (data);
}

static void
wait_for_loaded (WdBrief *brief)
{
  wait_for (is_loaded, brief, "a row to be loaded");
}

static gboolean
has_headline_title (gpointer data)
{
  return g_strcmp0 (wd_brief_get_title (data), "Our own headline") == 0;
}

static WdBrief *
get_brief (WdBriefList *list,
           guint        position)
{
  WdBrief *brief = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (brief);
  g_assert_true (WD_IS_BRIEF (brief));
  return brief;
}

/* The id at @position as the store lists it, read directly. */
static gint64
store_id_at (WdStore       *store,
             WdBriefFilter  filter,
             guint          position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = wd_store_list_briefs (store, filter, position, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return wd_brief_get_id (g_ptr_array_index (rows, 0));
}

typedef struct {
  guint emissions;
  guint position;
  guint removed;
  guint added;
} ItemsChangedLog;

static void
on_items_changed (GListModel      *model,
                  guint            position,
                  guint            removed,
                  guint            added,
                  ItemsChangedLog *log)
{
  log->emissions++;
  log->position = position;
  log->removed = removed;
  log->added = added;
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  WdBriefList *list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_ALL);
  g_autoptr(WdStore) other = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChangedLog log = { 0 };

  /* Nothing is read on the caller's thread: the list starts empty. */
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == WD_TYPE_BRIEF);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 0));
  g_assert_true (wd_brief_list_get_loading (list));
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);

  wait_for_n_items (list, N_SEEDED);
  g_assert_false (wd_brief_list_get_loading (list));
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.removed, ==, 0);
  g_assert_cmpuint (log.added, ==, N_SEEDED);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), N_SEEDED));

  /* Another process (here: another connection) writes to the archive;
   * this store has no "changed" for it, and reload() picks it up. */
  other = wd_store_open (f->path, &error);
  g_assert_no_error (error);
  wd_test_add_source (other, "Written elsewhere", "https://example.org/elsewhere",
                      "Example Times", "Another process imported this.");
  wd_brief_list_reload (list);
  g_assert_true (wd_brief_list_get_loading (list));
  wait_for_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_SEEDED + 1);

  g_signal_handlers_disconnect_by_func (list, on_items_changed, &log);

  /* Reads still on their way do not keep the list alive. */
  {
    g_autoptr(WdBrief) brief = get_brief (list, 0);

    g_assert_false (wd_brief_get_loaded (brief));
  }
  g_assert_finalize_object (list);
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(WdBriefList) list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_ALL);
  g_autoptr(WdBrief) first = NULL;
  g_autoptr(WdBrief) first_again = NULL;
  g_autoptr(WdBrief) far = NULL;
  g_autoptr(WdBrief) far_neighbour = NULL;
  g_autoptr(WdBrief) untouched = NULL;
  gint64 previous_id = G_MAXINT64;

  wait_for_n_items (list, N_SEEDED);

  /* The first row of a page nobody asked for is a placeholder... */
  first = get_brief (list, 0);
  g_assert_false (wd_brief_get_loaded (first));
  g_assert_cmpint (wd_brief_get_id (first), ==, 0);

  /* ...filled in place: the same object, newest brief first. */
  wait_for_loaded (first);
  g_assert_cmpint (wd_brief_get_id (first), ==, store_id_at (f->store, WD_BRIEF_FILTER_ALL, 0));
  g_assert_nonnull (wd_brief_get_title (first));
  first_again = get_brief (list, 0);
  g_assert_true (first == first_again);

  /* The rest of that page came with it, in id order, newest first. */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(WdBrief) brief = get_brief (list, i);

      g_assert_true (wd_brief_get_loaded (brief));
      g_assert_cmpint (wd_brief_get_id (brief), <, previous_id);
      previous_id = wd_brief_get_id (brief);
    }

  /* A far row was not read along with the first page. */
  far = get_brief (list, 437);
  g_assert_false (wd_brief_get_loaded (far));
  wait_for_loaded (far);
  g_assert_cmpint (wd_brief_get_id (far), ==, store_id_at (f->store, WD_BRIEF_FILTER_ALL, 437));
  far_neighbour = get_brief (list, 449);
  g_assert_true (wd_brief_get_loaded (far_neighbour));
  g_assert_cmpint (wd_brief_get_id (far_neighbour), ==,
                   store_id_at (f->store, WD_BRIEF_FILTER_ALL, 449));

  /* Pages in between were never read. */
  untouched = get_brief (list, 250);
  g_assert_false (wd_brief_get_loaded (untouched));
  wait_for_loaded (untouched);
  g_assert_cmpint (wd_brief_get_id (untouched), ==,
                   store_id_at (f->store, WD_BRIEF_FILTER_ALL, 250));

  /* The last row, in a short page. */
  {
    g_autoptr(WdBrief) last = get_brief (list, N_SEEDED - 1);

    wait_for_loaded (last);
    g_assert_cmpint (wd_brief_get_id (last), ==,
                     store_id_at (f->store, WD_BRIEF_FILTER_ALL, N_SEEDED - 1));
  }
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(WdBriefList) list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_ALL);
  g_autoptr(GError) error = NULL;
  ItemsChangedLog log = { 0 };
  guint n_inbox;
  guint n_published;

  n_inbox = wd_store_count_briefs (f->store, WD_BRIEF_FILTER_INBOX, &error);
  g_assert_no_error (error);
  n_published = wd_store_count_briefs (f->store, WD_BRIEF_FILTER_PUBLISHED, &error);
  g_assert_no_error (error);
  /* The seed must give a filter something to narrow. */
  g_assert_cmpuint (n_inbox, >, 0);
  g_assert_cmpuint (n_inbox, <, N_SEEDED);
  g_assert_cmpuint (n_published, >, 0);
  g_assert_cmpuint (n_published, !=, n_inbox);

  wait_for_n_items (list, N_SEEDED);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);

  /* Until the new count arrives, the old rows stay. */
  wd_brief_list_set_filter (list, WD_BRIEF_FILTER_INBOX);
  g_assert_cmpint (wd_brief_list_get_filter (list), ==, WD_BRIEF_FILTER_INBOX);
  g_assert_true (wd_brief_list_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_SEEDED);

  wait_for_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_inbox);
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.removed, ==, N_SEEDED);
  g_assert_cmpuint (log.added, ==, n_inbox);

  for (guint i = 0; i < MIN (n_inbox, 60); i++)
    {
      g_autoptr(WdBrief) brief = get_brief (list, i);

      wait_for_loaded (brief);
      g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_INBOX);
      g_assert_cmpint (wd_brief_get_id (brief), ==,
                       store_id_at (f->store, WD_BRIEF_FILTER_INBOX, i));
    }

  /* Two changes in a row: only the last one counts. */
  wd_brief_list_set_filter (list, WD_BRIEF_FILTER_DRAFTS);
  wd_brief_list_set_filter (list, WD_BRIEF_FILTER_PUBLISHED);
  wait_for_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_published);
  {
    g_autoptr(WdBrief) brief = get_brief (list, 0);

    wait_for_loaded (brief);
    g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_PUBLISHED);
  }

  g_signal_handlers_disconnect_by_func (list, on_items_changed, &log);
}

static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(WdBriefList) list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_ALL);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  gint64 ids[3];

  ids[0] = wd_test_add_source (f->store, "Quokkas return to Rottnest",
                               "https://example.org/quokka-1", "Island News",
                               "Rangers counted more quokkas this spring than in any year "
                               "since records began.");
  ids[1] = wd_test_add_source (f->store, "Ferry timetable changes",
                               "https://example.org/ferry", "Island News",
                               "The ferry will also stop at the quokka reserve on weekends.");
  ids[2] = wd_test_add_source (f->store, "Tourism board reports",
                               "https://example.org/tourism", "Coast Daily",
                               "Visitors named the quokka as the reason for their trip.");

  wait_for_n_items (list, N_SEEDED + 3);
  wait_for_list (list);

  wd_brief_list_set_query (list, "quokka");
  g_assert_cmpstr (wd_brief_list_get_query (list), ==, "quokka");
  wait_for_list (list);

  expected = wd_store_search (f->store, "quokka", 200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(WdBrief) brief = get_brief (list, i);
      WdSearchHit *hit = g_ptr_array_index (expected, i);
      gboolean known = FALSE;

      g_assert_true (wd_brief_get_loaded (brief));
      g_assert_cmpint (wd_brief_get_id (brief), ==, wd_brief_get_id (hit->brief));
      g_assert_nonnull (wd_brief_get_snippet (brief));
      for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
        known |= ids[j] == wd_brief_get_id (brief);
      g_assert_true (known);
    }

  /* Nothing matches: an empty list, not the old hits. */
  wd_brief_list_set_query (list, "xylophonist");
  wait_for_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* An empty query goes back to the filter's briefs. */
  wd_brief_list_set_query (list, "");
  g_assert_null (wd_brief_list_get_query (list));
  wait_for_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_SEEDED + 3);
}

static void
test_follows_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(WdBriefList) list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_ALL);
  g_autoptr(WdBrief) old_first = NULL;
  g_autoptr(WdBrief) new_first = NULL;
  g_autoptr(WdBrief) moved = NULL;
  g_autoptr(GError) error = NULL;
  ItemsChangedLog log = { 0 };
  gint64 old_first_id;
  gint64 new_id;

  wait_for_n_items (list, N_SEEDED);
  old_first = get_brief (list, 0);
  wait_for_loaded (old_first);
  old_first_id = wd_brief_get_id (old_first);
  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), &log);

  /* A new source: its brief is the newest, on top, and the rows the
   * list already had move down one, unchanged. */
  new_id = wd_test_add_source (f->store, "A brand new story", "https://example.org/new",
                               "Example Times", "Something happened today.");
  g_assert_cmpint (new_id, >, old_first_id);
  wait_for_n_items (list, N_SEEDED + 1);
  g_assert_cmpuint (log.emissions, ==, 1);
  g_assert_cmpuint (log.position, ==, 0);
  g_assert_cmpuint (log.removed, ==, 0);
  g_assert_cmpuint (log.added, ==, 1);

  new_first = get_brief (list, 0);
  wait_for_loaded (new_first);
  g_assert_cmpint (wd_brief_get_id (new_first), ==, new_id);
  g_assert_cmpstr (wd_brief_get_title (new_first), ==, "A brand new story");
  moved = get_brief (list, 1);
  g_assert_true (moved == old_first);
  g_assert_cmpint (wd_brief_get_id (moved), ==, old_first_id);

  /* A new headline reaches the row that is already shown. */
  g_assert_true (wd_store_set_headline (f->store, new_id, "Our own headline", &error));
  g_assert_no_error (error);
  wait_for (has_headline_title, new_first, "the new headline");
  g_assert_cmpstr (wd_brief_get_headline (new_first), ==, "Our own headline");

  g_signal_handlers_disconnect_by_func (list, on_items_changed, &log);
}

static void
test_follows_status (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(WdBriefList) list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_INBOX);
  g_autoptr(WdBrief) first = NULL;
  g_autoptr(GError) error = NULL;
  guint n_inbox;
  gint64 moved_id;

  n_inbox = wd_store_count_briefs (f->store, WD_BRIEF_FILTER_INBOX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_inbox, >, 1);

  wait_for_n_items (list, n_inbox);
  first = get_brief (list, 0);
  wait_for_loaded (first);
  moved_id = wd_brief_get_id (first);

  /* Drafting a brief takes it out of the Inbox. */
  g_assert_true (wd_store_set_status (f->store, moved_id, WD_BRIEF_STATUS_DRAFT, &error));
  g_assert_no_error (error);
  wait_for_n_items (list, n_inbox - 1);

  for (guint i = 0; i < MIN (n_inbox - 1, 50); i++)
    {
      g_autoptr(WdBrief) brief = get_brief (list, i);

      wait_for_loaded (brief);
      g_assert_cmpint (wd_brief_get_id (brief), !=, moved_id);
      g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_INBOX);
    }
}

/* More rows than the cache keeps: walking the whole list must let go of
 * early pages, which come back as placeholders and load again. */
#define N_BIG 2200

static void
test_bounded_cache (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(WdBriefList) list = wd_brief_list_new (f->store, WD_BRIEF_FILTER_ALL);
  GWeakRef first_ref;
  gint64 first_id;

  wait_for_n_items (list, N_BIG);

  {
    g_autoptr(WdBrief) first = get_brief (list, 0);

    wait_for_loaded (first);
    first_id = wd_brief_get_id (first);
    g_weak_ref_init (&first_ref, first);
  }

  for (guint pos = 50; pos < N_BIG; pos += 50)
    {
      g_autoptr(WdBrief) brief = get_brief (list, pos);

      wait_for_loaded (brief);
    }

  /* Nobody else held the first row, and its page was dropped. */
  {
    g_autoptr(WdBrief) gone = g_weak_ref_get (&first_ref);

    g_assert_null (gone);
  }
  g_weak_ref_clear (&first_ref);

  {
    g_autoptr(WdBrief) again = get_brief (list, 0);

    g_assert_false (wd_brief_get_loaded (again));
    wait_for_loaded (again);
    g_assert_cmpint (wd_brief_get_id (again), ==, first_id);
  }
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

#define ADD(path, func, n) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("/brief-list/count", test_count, N_SEEDED);
  ADD ("/brief-list/pages", test_pages, N_SEEDED);
  ADD ("/brief-list/filter", test_filter, N_SEEDED);
  ADD ("/brief-list/query", test_query, N_SEEDED);
  ADD ("/brief-list/follows-store", test_follows_store, N_SEEDED);
  ADD ("/brief-list/follows-status", test_follows_status, N_SEEDED);
  ADD ("/brief-list/bounded-cache", test_bounded_cache, N_BIG);

#undef ADD

  return g_test_run ();
}
