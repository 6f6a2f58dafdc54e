/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "wd-context.h"
#include "store/wd-types.h"
#include "import/wd-fetcher.h"

G_BEGIN_DECLS

/* What importing one source gave. */
typedef struct {
  gint64        brief_id;   /* the source's brief (new or existing) */
  gboolean      existed;    /* the source was already in the archive */
  WdPolicyKind  policy;     /* the publisher's policy (summarize when none is set) */
  char         *title;      /* the source's title, or NULL */
  char         *url;        /* the address the source is stored under */
} WdImportResult;

void wd_import_result_free (WdImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdImportResult, wd_import_result_free)

/* What refreshing one feed gave. */
typedef struct {
  gint64    feed_id;
  char     *url;
  char     *title;         /* the feed's title, or NULL when never read */
  gboolean  not_modified;  /* the server answered 304 */
  guint     n_new;         /* articles imported */
  guint     n_existing;    /* articles already in the archive */
  guint     n_failed;      /* articles that could not be imported (tried again next time) */
  char     *error;         /* why the feed itself failed, or NULL */
} WdFeedOutcome;

/* What a refresh of every feed gave: a WdFeedOutcome per feed, in the
 * order of wd_store_list_feeds(), and the sums. */
typedef struct {
  GPtrArray *feeds;
  guint      n_new;
  guint      n_existing;
  guint      n_failed;
  guint      n_broken;     /* feeds that failed */
} WdFeedRefresh;

void wd_feed_refresh_free (WdFeedRefresh *refresh);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdFeedRefresh, wd_feed_refresh_free)

#define WD_TYPE_IMPORTER (wd_importer_get_type ())

G_DECLARE_FINAL_TYPE (WdImporter, wd_importer, WD, IMPORTER, GObject)

WdImporter     *wd_importer_new               (WdContext            *context);
WdContext      *wd_importer_get_context       (WdImporter           *self);
WdFetcher      *wd_importer_get_fetcher       (WdImporter           *self);
void            wd_importer_import_url_async  (WdImporter           *self,
                                               const char           *url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
WdImportResult *wd_importer_import_url_finish (WdImporter           *self,
                                               GAsyncResult         *result,
                                               GError              **error);
WdImportResult *wd_importer_import_file       (WdImporter           *self,
                                               const char           *path,
                                               GError              **error);
WdImportResult *wd_importer_import_text       (WdImporter           *self,
                                               const char           *text,
                                               GError              **error);
void            wd_importer_import_file_async (WdImporter           *self,
                                               const char           *path,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
WdImportResult *wd_importer_import_file_finish (WdImporter          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void            wd_importer_import_text_async (WdImporter           *self,
                                               const char           *text,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
WdImportResult *wd_importer_import_text_finish (WdImporter          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* A web page held in memory, and the sample articles (wd-importer-samples.c). */
WdImportResult *wd_importer_import_html       (WdImporter           *self,
                                               const char           *html,
                                               gsize                 length,
                                               const char           *address,
                                               GError              **error);
void            wd_importer_import_html_async (WdImporter           *self,
                                               const char           *html,
                                               gsize                 length,
                                               const char           *address,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
WdImportResult *wd_importer_import_html_finish (WdImporter          *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void            wd_importer_import_samples_async  (WdImporter        *self,
                                                   GFile             *folder,
                                                   GCancellable      *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer           user_data);
GPtrArray      *wd_importer_import_samples_finish (WdImporter        *self,
                                                   GAsyncResult      *result,
                                                   GError           **error);

void            wd_importer_add_feed_async    (WdImporter           *self,
                                               const char           *url,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
WdFeedSubscription *wd_importer_add_feed_finish (WdImporter         *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void            wd_importer_refresh_feeds_async  (WdImporter        *self,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
WdFeedRefresh  *wd_importer_refresh_feeds_finish (WdImporter        *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

/* The subscriptions (a GPtrArray of WdFeedSubscription, the order of
 * wd_store_list_feeds()) and unsubscribing, with the store calls off the
 * calling thread, for the app. */
void            wd_importer_list_feeds_async     (WdImporter        *self,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
GPtrArray      *wd_importer_list_feeds_finish    (WdImporter        *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);
void            wd_importer_remove_feed_async    (WdImporter        *self,
                                                  gint64             feed_id,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
gboolean        wd_importer_remove_feed_finish   (WdImporter        *self,
                                                  GAsyncResult      *result,
                                                  GError           **error);

G_END_DECLS
