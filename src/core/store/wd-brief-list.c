/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-brief-list"

#include "wd-brief-list.h"
#include "wd-models-private.h"

/*
 * How the list stays cheap on a big archive: it knows the number of rows
 * (one COUNT off-thread) and keeps only the pages of rows someone asked
 * for, at most MAX_PAGES of them. A row whose page has not arrived is a
 * placeholder that the page fills in place when it comes.
 *
 * What is shown (the "view": list or search, its filter or query, its rows)
 * stays on screen until a new view has arrived, so typing a query or
 * switching filters never flashes an empty list. Each view has a
 * generation; a result meant for an older view is dropped. Inside a view,
 * an "epoch" changes whenever rows move (briefs added on top), so a page
 * read before the move is not put at the wrong positions.
 */

#define PAGE_SIZE 50
#define MAX_PAGES 40
#define SEARCH_LIMIT 200

typedef enum {
  VIEW_LIST,
  VIEW_SEARCH,
} ViewMode;

typedef struct {
  guint index;
  /* PAGE_SIZE slots, NULL where nobody asked and nothing arrived yet. */
  WdBrief *items[PAGE_SIZE];
  /* A read of this page is under way. */
  gboolean in_flight;
  /* Something changed in it while it was being read: read it again. */
  gboolean dirty;
} Page;

struct _WdBriefList
{
  GObject parent_instance;

  /* owned */
  WdStore *store;
  gulong changed_id;

  /* What was asked for. */
  WdBriefFilter filter;
  char *query;

  /* A new view being read ("loading"). */
  GCancellable *pending_cancellable;
  guint pending_generation;
  gboolean loading;

  /* The view on screen. */
  ViewMode mode;
  WdBriefFilter view_filter;
  char *view_query;
  guint n_items;
  GHashTable *pages;  /* page index -> Page */
  GPtrArray *hits;    /* of WdBrief, in search mode */
  gint64 top_id;      /* id of row 0 when known, to recognise new rows on top */
  guint last_page;    /* the page asked for last: eviction keeps what is near it */
  GCancellable *view_cancellable;
  guint view_generation;
  guint epoch;

  /* Following the store's changes, one at a time. */
  gboolean resync_in_flight;
  gboolean resync_again;
  gboolean resync_force;
  gboolean research_in_flight;
  gboolean research_again;
};

static void wd_brief_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WdBriefList, wd_brief_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      wd_brief_list_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_FILTER,
  PROP_QUERY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What an async call needs to find its way back: the list, if it is
 * still alive, and which view and row layout the call was made for. */
typedef struct {
  GWeakRef self;
  guint generation;
  guint epoch;
  guint page;
  guint count;  /* for the top check: the count that prompted it */
} Request;

static Request *
request_new (WdBriefList *self,
             guint        generation)
{
  Request *req = g_new0 (Request, 1);

  g_weak_ref_init (&req->self, self);
  req->generation = generation;
  req->epoch = self->epoch;
  return req;
}

static void
request_free (Request *req)
{
  g_weak_ref_clear (&req->self);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
page_free (Page *page)
{
  for (guint i = 0; i < PAGE_SIZE; i++)
    g_clear_object (&page->items[i]);
  g_free (page);
}

static Page *
lookup_page (WdBriefList *self,
             guint        index)
{
  return g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
}

static Page *
insert_page (WdBriefList *self,
             guint        index)
{
  Page *page = g_new0 (Page, 1);

  page->index = index;
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  return page;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
set_loading (WdBriefList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static guint
rows_expected (WdBriefList *self,
               guint        offset)
{
  if (offset >= self->n_items)
    return 0;
  return MIN (PAGE_SIZE, self->n_items - offset);
}

/* Drops every cached row and every answer still on its way for the old
 * rows; the caller says what the list holds now. */
static void
forget_view (WdBriefList *self)
{
  g_cancellable_cancel (self->view_cancellable);
  g_clear_object (&self->view_cancellable);
  self->view_cancellable = g_cancellable_new ();
  self->view_generation++;
  self->epoch++;
  self->top_id = 0;
  g_hash_table_remove_all (self->pages);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
}

static void request_page (WdBriefList *self, Page *page);
static void resync (WdBriefList *self, gboolean force);

/* Replaces every row: for changes the list cannot place precisely. */
static void
replace_all (WdBriefList *self,
             guint        n_items)
{
  guint old_n = self->n_items;

  forget_view (self);
  self->n_items = n_items;
  if (old_n > 0 || n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n_items);
}

static void
on_page_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(WdBriefList) self = g_weak_ref_get (&req->self);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gboolean mismatch = FALSE;
  guint offset;
  Page *page;

  rows = wd_store_list_briefs_finish (WD_STORE (object), result, &error);

  if (self == NULL || req->generation != self->view_generation || req->epoch != self->epoch)
    return;

  page = lookup_page (self, req->page);
  if (page != NULL)
    page->in_flight = FALSE;

  if (error != NULL)
    {
      if (!is_cancelled (error))
        g_warning ("Could not read briefs %u to %u of the archive: %s",
                   req->page * PAGE_SIZE, req->page * PAGE_SIZE + PAGE_SIZE - 1,
                   error->message);
      return;
    }

  offset = req->page * PAGE_SIZE;

  if (page != NULL)
    {
      guint n = MIN (rows->len, rows_expected (self, offset));

      /* A loaded row that now reads as another brief means rows moved in a
       * way this page alone cannot explain; resync() sorts it out. */
      for (guint i = 0; i < n; i++)
        {
          WdBrief *have = page->items[i];
          WdBrief *row = g_ptr_array_index (rows, i);

          if (have != NULL && wd_brief_get_loaded (have) &&
              wd_brief_get_id (have) != wd_brief_get_id (row))
            mismatch = TRUE;
        }

      if (!mismatch)
        {
          for (guint i = 0; i < n; i++)
            {
              WdBrief *row = g_ptr_array_index (rows, i);

              if (page->items[i] == NULL)
                page->items[i] = g_object_ref (row);
              else
                wd_brief_update_from (page->items[i], row);
            }

          if (offset == 0 && n > 0)
            self->top_id = wd_brief_get_id (page->items[0]);
        }

      if (page->dirty)
        {
          page->dirty = FALSE;
          request_page (self, page);
        }
    }

  /* Fewer rows than counted (some were deleted) or more (new ones came):
   * the count is out of date. */
  if (mismatch || rows->len != rows_expected (self, offset))
    resync (self, mismatch);
}

static void
request_page (WdBriefList *self,
              Page        *page)
{
  Request *req;

  if (page->in_flight)
    {
      page->dirty = TRUE;
      return;
    }

  page->in_flight = TRUE;
  req = request_new (self, self->view_generation);
  req->page = page->index;
  wd_store_list_briefs_async (self->store, self->view_filter, page->index * PAGE_SIZE,
                              PAGE_SIZE, self->view_cancellable, on_page_ready, req);
}

/* Keeps the cache bounded: the pages farthest from where the reader is
 * now go first. */
static void
evict_pages (WdBriefList *self,
             guint        current)
{
  while (g_hash_table_size (self->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key;
      guint farthest = current;
      guint max_distance = 0;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          guint index = GPOINTER_TO_UINT (key);
          guint distance = index > current ? index - current : current - index;

          if (distance > max_distance)
            {
              max_distance = distance;
              farthest = index;
            }
        }

      g_assert (farthest != current);
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (farthest));
    }
}

/* @k briefs appeared on top: every known row moves down by @k, and @first
 * holds the new first rows. */
static void
shift_rows (WdBriefList *self,
            guint        k,
            GPtrArray   *first)
{
  g_autoptr(GHashTable) old_pages = g_steal_pointer (&self->pages);
  g_autoptr(GPtrArray) refill = g_ptr_array_new ();
  GHashTableIter iter;
  Page *old_page;

  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->n_items += k;
  /* Pages on their way were asked for at the old positions. */
  self->epoch++;

  g_hash_table_iter_init (&iter, old_pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old_page))
    {
      for (guint i = 0; i < PAGE_SIZE; i++)
        {
          guint pos;
          Page *page;

          if (old_page->items[i] == NULL)
            continue;

          pos = old_page->index * PAGE_SIZE + i + k;
          if (pos >= self->n_items)
            continue;

          page = lookup_page (self, pos / PAGE_SIZE);
          if (page == NULL)
            page = insert_page (self, pos / PAGE_SIZE);
          page->items[pos % PAGE_SIZE] = g_steal_pointer (&old_page->items[i]);
          /* A refresh on its way for these rows is dropped: redo it. */
          if (old_page->in_flight || old_page->dirty)
            page->dirty = TRUE;
        }
    }

  for (guint i = 0; i < first->len && i < self->n_items; i++)
    {
      WdBrief *row = g_ptr_array_index (first, i);
      Page *page = lookup_page (self, i / PAGE_SIZE);

      if (page == NULL)
        page = insert_page (self, i / PAGE_SIZE);
      if (page->items[i % PAGE_SIZE] == NULL)
        page->items[i % PAGE_SIZE] = g_object_ref (row);
      else
        wd_brief_update_from (page->items[i % PAGE_SIZE], row);
    }
  if (first->len > 0)
    self->top_id = wd_brief_get_id (g_ptr_array_index (first, 0));

  /* Placeholders whose read was dropped above are read again at their
   * new place; someone holds them and waits for their fields. */
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old_page))
    {
      gboolean needed = old_page->dirty;

      for (guint i = 0; !needed && i < PAGE_SIZE; i++)
        needed = (old_page->items[i] != NULL && !wd_brief_get_loaded (old_page->items[i]));
      old_page->dirty = FALSE;
      if (needed)
        g_ptr_array_add (refill, old_page);
    }
  for (guint i = 0; i < refill->len; i++)
    request_page (self, g_ptr_array_index (refill, i));

  self->last_page = MIN (self->last_page + (k + PAGE_SIZE - 1) / PAGE_SIZE,
                         (self->n_items - 1) / PAGE_SIZE);
  evict_pages (self, self->last_page);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, k);
}

static void resync_done (WdBriefList *self);

static void
on_top_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(WdBriefList) self = g_weak_ref_get (&req->self);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint k;

  rows = wd_store_list_briefs_finish (WD_STORE (object), result, &error);

  if (self == NULL || req->generation != self->view_generation)
    return;

  if (error != NULL)
    {
      if (!is_cancelled (error))
        g_warning ("Could not read the newest briefs of the archive: %s", error->message);
      resync_done (self);
      return;
    }

  /* New briefs have the highest ids, so they come first: if the old first
   * row now sits exactly k rows down, the k new rows are on top. */
  k = req->count > self->n_items ? req->count - self->n_items : 0;
  if (k > 0 && req->epoch == self->epoch && self->top_id != 0 && k < rows->len &&
      wd_brief_get_id (g_ptr_array_index (rows, k)) == self->top_id)
    shift_rows (self, k, rows);
  else
    replace_all (self, req->count);

  resync_done (self);
}

static void
on_recount_ready (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(WdBriefList) self = g_weak_ref_get (&req->self);
  g_autoptr(GError) error = NULL;
  gboolean force;
  guint count;

  count = wd_store_count_briefs_finish (WD_STORE (object), result, &error);

  if (self == NULL || req->generation != self->view_generation)
    return;

  if (error != NULL)
    {
      if (!is_cancelled (error))
        g_warning ("Could not count the briefs of the archive: %s", error->message);
      resync_done (self);
      return;
    }

  force = self->resync_force;
  self->resync_force = FALSE;

  if (count == self->n_items)
    {
      if (force)
        replace_all (self, count);
      resync_done (self);
    }
  else if (count > self->n_items && self->top_id != 0 && req->epoch == self->epoch)
    {
      Request *top = request_new (self, self->view_generation);

      top->count = count;
      wd_store_list_briefs_async (self->store, self->view_filter, 0, PAGE_SIZE,
                                  self->view_cancellable, on_top_ready, top);
    }
  else
    {
      replace_all (self, count);
      resync_done (self);
    }
}

static void
start_resync (WdBriefList *self)
{
  Request *req = request_new (self, self->view_generation);

  self->resync_in_flight = TRUE;
  wd_store_count_briefs_async (self->store, self->view_filter, self->view_cancellable,
                               on_recount_ready, req);
}

static void
resync_done (WdBriefList *self)
{
  self->resync_in_flight = FALSE;
  if (self->resync_again)
    {
      self->resync_again = FALSE;
      start_resync (self);
    }
}

/* Counts the rows again and brings the list in line: nothing when the
 * count is the same (unless @force), new rows on top when that is what
 * happened, else every row replaced. One runs at a time; a call meanwhile
 * runs another afterwards, as the first may have read too early. */
static void
resync (WdBriefList *self,
        gboolean     force)
{
  self->resync_force |= force;

  if (self->resync_in_flight)
    {
      self->resync_again = TRUE;
      return;
    }

  start_resync (self);
}

static GPtrArray *
briefs_of_hits (GPtrArray *hits)
{
  GPtrArray *briefs = g_ptr_array_new_full (hits->len, g_object_unref);

  for (guint i = 0; i < hits->len; i++)
    {
      WdSearchHit *hit = g_ptr_array_index (hits, i);

      g_ptr_array_add (briefs, g_object_ref (hit->brief));
    }

  return briefs;
}

static void start_research (WdBriefList *self);

static void
on_research_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(WdBriefList) self = g_weak_ref_get (&req->self);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) briefs = NULL;
  g_autoptr(GError) error = NULL;
  gboolean same = TRUE;

  hits = wd_store_search_finish (WD_STORE (object), result, &error);

  if (self == NULL || req->generation != self->view_generation)
    return;

  self->research_in_flight = FALSE;

  if (error != NULL)
    {
      if (!is_cancelled (error))
        g_warning ("Could not search the archive: %s", error->message);
    }
  else
    {
      briefs = briefs_of_hits (hits);

      if (briefs->len != self->hits->len)
        same = FALSE;
      for (guint i = 0; same && i < briefs->len; i++)
        {
          if (wd_brief_get_id (g_ptr_array_index (briefs, i)) !=
              wd_brief_get_id (g_ptr_array_index (self->hits, i)))
            same = FALSE;
        }

      if (same)
        {
          for (guint i = 0; i < briefs->len; i++)
            wd_brief_update_from (g_ptr_array_index (self->hits, i),
                                  g_ptr_array_index (briefs, i));
        }
      else
        {
          guint old_n = self->n_items;

          g_ptr_array_unref (self->hits);
          self->hits = g_steal_pointer (&briefs);
          self->n_items = self->hits->len;
          g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
        }
    }

  if (self->research_again)
    {
      self->research_again = FALSE;
      start_research (self);
    }
}

static void
start_research (WdBriefList *self)
{
  Request *req;

  if (self->research_in_flight)
    {
      self->research_again = TRUE;
      return;
    }

  self->research_in_flight = TRUE;
  req = request_new (self, self->view_generation);
  wd_store_search_async (self->store, self->view_query, SEARCH_LIMIT,
                         self->view_cancellable, on_research_ready, req);
}

/* The new view has arrived: show it in place of the old one. */
static void
show_view (WdBriefList *self,
           ViewMode     mode,
           guint        n_items,
           GPtrArray   *hits)
{
  guint old_n = self->n_items;

  forget_view (self);
  self->resync_in_flight = FALSE;
  self->resync_again = FALSE;
  self->resync_force = FALSE;
  self->research_in_flight = FALSE;
  self->research_again = FALSE;

  self->mode = mode;
  self->view_filter = self->filter;
  g_free (self->view_query);
  self->view_query = g_strdup (self->query);
  self->hits = hits;
  self->n_items = n_items;

  set_loading (self, FALSE);

  if (old_n > 0 || n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n_items);
}

static void
on_count_ready (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(WdBriefList) self = g_weak_ref_get (&req->self);
  g_autoptr(GError) error = NULL;
  guint count;

  count = wd_store_count_briefs_finish (WD_STORE (object), result, &error);

  if (self == NULL || req->generation != self->pending_generation)
    return;

  if (error != NULL)
    {
      if (is_cancelled (error))
        return;
      g_warning ("Could not count the briefs of the archive: %s", error->message);
      set_loading (self, FALSE);
      return;
    }

  show_view (self, VIEW_LIST, count, NULL);
}

static void
on_search_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Request) req = user_data;
  g_autoptr(WdBriefList) self = g_weak_ref_get (&req->self);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *briefs;

  hits = wd_store_search_finish (WD_STORE (object), result, &error);

  if (self == NULL || req->generation != self->pending_generation)
    return;

  if (error != NULL)
    {
      if (is_cancelled (error))
        return;
      g_warning ("Could not search the archive: %s", error->message);
      set_loading (self, FALSE);
      return;
    }

  briefs = briefs_of_hits (hits);
  show_view (self, VIEW_SEARCH, briefs->len, briefs);
}

/* Reads what "filter" and "query" now ask for; the current rows stay
 * until it arrives. */
static void
start_loading (WdBriefList *self)
{
  Request *req;

  g_cancellable_cancel (self->pending_cancellable);
  g_clear_object (&self->pending_cancellable);
  self->pending_cancellable = g_cancellable_new ();
  self->pending_generation++;

  set_loading (self, TRUE);

  req = request_new (self, self->pending_generation);
  if (self->query != NULL && self->query[0] != '\0')
    wd_store_search_async (self->store, self->query, SEARCH_LIMIT,
                           self->pending_cancellable, on_search_ready, req);
  else
    wd_store_count_briefs_async (self->store, self->filter, self->pending_cancellable,
                                 on_count_ready, req);
}

static Page *
find_page_of_brief (WdBriefList *self,
                    gint64       brief_id)
{
  GHashTableIter iter;
  Page *page;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
    {
      for (guint i = 0; i < PAGE_SIZE; i++)
        {
          if (page->items[i] != NULL && wd_brief_get_id (page->items[i]) == brief_id)
            return page;
        }
    }

  return NULL;
}

static void
on_store_changed (WdStore     *store,
                  gint64       brief_id,
                  WdBriefList *self)
{
  /* A view still being read may have been read before this change. */
  if (self->loading)
    {
      start_loading (self);
      return;
    }

  if (self->mode == VIEW_SEARCH)
    {
      start_research (self);
      return;
    }

  if (brief_id != 0)
    {
      Page *page = find_page_of_brief (self, brief_id);

      if (page != NULL)
        request_page (self, page);
    }

  /* The change may also have added, removed or moved rows of this filter. */
  resync (self, FALSE);
}

static GType
wd_brief_list_get_item_type (GListModel *model)
{
  return WD_TYPE_BRIEF;
}

static guint
wd_brief_list_get_n_items (GListModel *model)
{
  return WD_BRIEF_LIST (model)->n_items;
}

static gpointer
wd_brief_list_get_item (GListModel *model,
                        guint       position)
{
  WdBriefList *self = WD_BRIEF_LIST (model);
  guint index = position / PAGE_SIZE;
  guint slot = position % PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  if (self->mode == VIEW_SEARCH)
    return g_object_ref (g_ptr_array_index (self->hits, position));

  self->last_page = index;
  page = lookup_page (self, index);
  if (page == NULL)
    {
      page = insert_page (self, index);
      evict_pages (self, index);
    }

  if (page->items[slot] == NULL)
    {
      page->items[slot] = wd_brief_new_placeholder ();
      if (!page->in_flight)
        request_page (self, page);
    }

  return g_object_ref (page->items[slot]);
}

static void
wd_brief_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = wd_brief_list_get_item_type;
  iface->get_n_items = wd_brief_list_get_n_items;
  iface->get_item = wd_brief_list_get_item;
}

/**
 * wd_brief_list_new:
 * @store: the archive
 * @filter: which briefs to show
 *
 * Creates a list of the briefs of @store that @filter selects, newest
 * first. It is empty at first and fills as the count arrives from the
 * archive.
 *
 * Returns: (transfer full): a new #WdBriefList
 */
WdBriefList *
wd_brief_list_new (WdStore       *store,
                   WdBriefFilter  filter)
{
  g_return_val_if_fail (WD_IS_STORE (store), NULL);

  return g_object_new (WD_TYPE_BRIEF_LIST, "store", store, "filter", filter, NULL);
}

/**
 * wd_brief_list_get_filter:
 * @self: a #WdBriefList
 *
 * Gets which briefs the list shows when there is no query.
 *
 * Returns: the filter
 */
WdBriefFilter
wd_brief_list_get_filter (WdBriefList *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_LIST (self), WD_BRIEF_FILTER_ALL);
  return self->filter;
}

/**
 * wd_brief_list_set_filter:
 * @self: a #WdBriefList
 * @filter: which briefs to show
 *
 * Changes which briefs the list shows. The rows change once the new count
 * has been read; "loading" is %TRUE meanwhile.
 */
void
wd_brief_list_set_filter (WdBriefList   *self,
                          WdBriefFilter  filter)
{
  g_return_if_fail (WD_IS_BRIEF_LIST (self));

  if (self->filter == filter)
    return;

  self->filter = filter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
  start_loading (self);
}

/**
 * wd_brief_list_get_query:
 * @self: a #WdBriefList
 *
 * Gets the full-text query whose hits the list shows.
 *
 * Returns: (nullable): the query, %NULL or empty when the list shows the
 *   filter's briefs
 */
const char *
wd_brief_list_get_query (WdBriefList *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_LIST (self), NULL);
  return self->query;
}

/**
 * wd_brief_list_set_query:
 * @self: a #WdBriefList
 * @query: (nullable): a full-text query, or %NULL / "" for none
 *
 * Shows the best-ranked briefs matching @query (at most 200) instead of
 * the filter's briefs, or the filter's briefs again when @query is empty.
 */
void
wd_brief_list_set_query (WdBriefList *self,
                         const char  *query)
{
  g_return_if_fail (WD_IS_BRIEF_LIST (self));

  if (query != NULL && query[0] == '\0')
    query = NULL;
  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
  start_loading (self);
}

/**
 * wd_brief_list_get_loading:
 * @self: a #WdBriefList
 *
 * Gets whether a new filter, query or reload is still being read; the
 * previous rows are shown until it arrives.
 *
 * Returns: %TRUE while loading
 */
gboolean
wd_brief_list_get_loading (WdBriefList *self)
{
  g_return_val_if_fail (WD_IS_BRIEF_LIST (self), FALSE);
  return self->loading;
}

/**
 * wd_brief_list_reload:
 * @self: a #WdBriefList
 *
 * Reads the list again from the archive, as if the filter or query had
 * just been set, for changes the store's "changed" signal did not report
 * (another process writing to the archive).
 */
void
wd_brief_list_reload (WdBriefList *self)
{
  g_return_if_fail (WD_IS_BRIEF_LIST (self));

  start_loading (self);
}

static void
wd_brief_list_constructed (GObject *object)
{
  WdBriefList *self = (WdBriefList *)object;

  G_OBJECT_CLASS (wd_brief_list_parent_class)->constructed (object);

  g_assert (WD_IS_STORE (self->store));

  self->changed_id = g_signal_connect (self->store, "changed",
                                       G_CALLBACK (on_store_changed), self);
  start_loading (self);
}

static void
wd_brief_list_dispose (GObject *object)
{
  WdBriefList *self = (WdBriefList *)object;

  g_cancellable_cancel (self->pending_cancellable);
  g_cancellable_cancel (self->view_cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->pages);
  g_clear_pointer (&self->hits, g_ptr_array_unref);

  G_OBJECT_CLASS (wd_brief_list_parent_class)->dispose (object);
}

static void
wd_brief_list_finalize (GObject *object)
{
  WdBriefList *self = (WdBriefList *)object;

  g_clear_object (&self->pending_cancellable);
  g_clear_object (&self->view_cancellable);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->view_query, g_free);

  G_OBJECT_CLASS (wd_brief_list_parent_class)->finalize (object);
}

static void
wd_brief_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  WdBriefList *self = WD_BRIEF_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FILTER:
      g_value_set_enum (value, self->filter);
      break;

    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  WdBriefList *self = WD_BRIEF_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_FILTER:
      /* At construction the first load starts in constructed(). */
      if (self->changed_id == 0)
        self->filter = g_value_get_enum (value);
      else
        wd_brief_list_set_filter (self, g_value_get_enum (value));
      break;

    case PROP_QUERY:
      if (self->changed_id == 0)
        {
          const char *query = g_value_get_string (value);

          g_free (self->query);
          self->query = (query != NULL && query[0] != '\0') ? g_strdup (query) : NULL;
        }
      else
        {
          wd_brief_list_set_query (self, g_value_get_string (value));
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_list_class_init (WdBriefListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = wd_brief_list_constructed;
  object_class->dispose = wd_brief_list_dispose;
  object_class->finalize = wd_brief_list_finalize;
  object_class->get_property = wd_brief_list_get_property;
  object_class->set_property = wd_brief_list_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, WD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_enum ("filter", NULL, NULL, WD_TYPE_BRIEF_FILTER, WD_BRIEF_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_brief_list_init (WdBriefList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  self->view_cancellable = g_cancellable_new ();
  self->pending_cancellable = g_cancellable_new ();
}
