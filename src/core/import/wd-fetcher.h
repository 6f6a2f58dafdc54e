/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The defaults of the WdFetcher properties. */
#define WD_FETCHER_DEFAULT_CONNECT_TIMEOUT 15                  /* seconds */
#define WD_FETCHER_DEFAULT_IDLE_TIMEOUT    30                  /* seconds */
#define WD_FETCHER_DEFAULT_MAX_BODY_SIZE   (10 * 1024 * 1024)  /* bytes */
#define WD_FETCHER_DEFAULT_MAX_REDIRECTS   10
/* Connections open at once to one host; more requests wait their turn. */
#define WD_FETCHER_MAX_CONNS_PER_HOST      8

/*
 * What one fetch brought back. A 304 answer to a conditional request is
 * not an error: @not_modified is TRUE and there is no body.
 */
typedef struct {
  char     *url;            /* as asked for */
  char     *final_url;      /* after redirects */
  guint     status;         /* HTTP status of the final answer */
  gboolean  not_modified;   /* 304: the copy the caller has is current */
  char     *content_type;   /* media type without parameters, or NULL */
  char     *charset;        /* the charset the body was decoded from, or NULL */
  GBytes   *body;           /* the bytes as received (content coding undone) */
  gsize     raw_size;       /* the size of @body */
  char     *text;           /* @body converted to UTF-8; "" when there is none */
  gsize     text_length;
  char     *etag;           /* ETag header, or NULL */
  char     *last_modified;  /* Last-Modified header, or NULL */
} WdFetchResult;

#define WD_TYPE_FETCH_RESULT (wd_fetch_result_get_type ())

GType          wd_fetch_result_get_type (void) G_GNUC_CONST;
WdFetchResult *wd_fetch_result_copy     (const WdFetchResult *result);
void           wd_fetch_result_free     (WdFetchResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdFetchResult, wd_fetch_result_free)

#define WD_TYPE_FETCHER (wd_fetcher_get_type ())

G_DECLARE_FINAL_TYPE (WdFetcher, wd_fetcher, WD, FETCHER, GObject)

WdFetcher     *wd_fetcher_new                    (void);
const char    *wd_fetcher_get_user_agent         (WdFetcher            *self);
guint          wd_fetcher_get_connect_timeout    (WdFetcher            *self);
void           wd_fetcher_set_connect_timeout    (WdFetcher            *self,
                                                  guint                 seconds);
guint          wd_fetcher_get_idle_timeout       (WdFetcher            *self);
void           wd_fetcher_set_idle_timeout       (WdFetcher            *self,
                                                  guint                 seconds);
guint64        wd_fetcher_get_max_body_size      (WdFetcher            *self);
void           wd_fetcher_set_max_body_size      (WdFetcher            *self,
                                                  guint64               bytes);
guint          wd_fetcher_get_max_redirects      (WdFetcher            *self);
void           wd_fetcher_set_max_redirects      (WdFetcher            *self,
                                                  guint                 max_redirects);
void           wd_fetcher_fetch_async            (WdFetcher            *self,
                                                  const char           *url,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
void           wd_fetcher_fetch_conditional_async (WdFetcher           *self,
                                                  const char           *url,
                                                  const char           *etag,
                                                  const char           *last_modified,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
WdFetchResult *wd_fetcher_fetch_finish           (WdFetcher            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
