/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "wd-fetcher.h"

G_BEGIN_DECLS

/* Shared by wd-fetcher.c (the object and its API) and wd-fetcher-job.c
 * (one fetch: hops, redirects, watchdogs, the body, the errors). */

typedef enum {
  WD_FETCH_PHASE_NONE,
  WD_FETCH_PHASE_CONNECT,  /* waiting for the connection (and TLS handshake) */
  WD_FETCH_PHASE_IDLE,     /* connected, waiting for the server to send something */
} WdFetchPhase;

/* One fetch, from the first request through its redirects to the body. */
typedef struct {
  /* owned */
  char         *url;            /* as the caller gave it */
  GUri         *uri;            /* the current hop */
  char         *etag;
  char         *last_modified;
  GHashTable   *visited;        /* hop URLs seen so far, to catch loops */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancellable;    /* cancelled by the caller's or by a watchdog */
  GCancellable *user_cancellable;
  gulong        user_cancelled_id;
  GSource      *watchdog;
  GMainContext *context;

  guint         hops;
  WdFetchPhase    phase;
  WdFetchPhase    timed_out;      /* the phase whose watchdog fired, or NONE */

  /* The fetcher's settings when the fetch began. */
  guint         connect_timeout;
  guint         idle_timeout;
  guint64       max_body_size;
  guint         max_redirects;
} WdFetchJob;

SoupSession *wd_fetcher_get_session      (WdFetcher  *self);

void         wd_fetch_job_free           (WdFetchJob *job);
void         wd_fetch_job_start          (GTask      *task);
gboolean     wd_fetch_job_is_web_scheme  (const char *scheme);
char        *wd_fetch_job_hop_key        (GUri       *uri);

G_END_DECLS
