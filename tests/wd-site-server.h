/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A reference server of the site backend API (docs/site-backend-api.md):
 * briefs kept in memory, on 127.0.0.1. It runs on a thread of its own with
 * its own GMainContext, so a test can call it with blocking clients from
 * its main thread (a sync client on the server's own thread would wait
 * forever). Every function here may be called from any thread.
 *
 * A stored brief's URL is the server's URL + "/briefs/<slug>/". Its
 * version is 1 on creation and grows by one whenever a PUT changes the
 * stored document; a PUT of an equal document changes nothing.
 */
typedef struct _WdSiteServer WdSiteServer;

/* The site's name in GET /health. */
#define WD_SITE_SERVER_NAME "Wiredesk reference site"
#define WD_SITE_SERVER_VERSION "1.0"
/* The largest body a PUT may have; larger ones get 413. */
#define WD_SITE_SERVER_MAX_BODY (8 * 1024 * 1024)

/* On a free port; fails the test when it cannot listen. */
WdSiteServer *wd_site_server_new          (const char   *token);
/* On @port (0: a free one) of 127.0.0.1, or NULL with @error set. */
WdSiteServer *wd_site_server_new_full     (const char   *token,
                                           guint         port,
                                           GError      **error);
/* Stops the thread; pending delayed requests get no answer. */
void          wd_site_server_free         (WdSiteServer *self);

/* "http://127.0.0.1:PORT", without a trailing slash: url= of a target. */
const char   *wd_site_server_get_url      (WdSiteServer *self);

/* Briefs stored now (distinct uuids; an unpublished one no longer counts). */
guint         wd_site_server_count_posts  (WdSiteServer *self);
/* Requests that arrived with @method ("PUT", …), or all when NULL;
 * counted on arrival, also those refused or failed on purpose. */
guint         wd_site_server_count_requests (WdSiteServer *self,
                                             const char   *method);
/* A copy of the document stored for @uuid, or NULL. */
JsonNode     *wd_site_server_get_post     (WdSiteServer *self,
                                           const char   *uuid);
/* The version of @uuid's brief, 0 when there is none. */
guint         wd_site_server_get_version  (WdSiteServer *self,
                                           const char   *uuid);
/* The Idempotency-Key of every PUT and DELETE that had one, in order of
 * arrival. */
GStrv         wd_site_server_dup_idempotency_keys (WdSiteServer *self);
/* Header @name of the last request, or NULL. */
char         *wd_site_server_dup_last_header (WdSiteServer *self,
                                              const char   *name);

/* Fault injection. Each applies after the token was checked. */

/* The next @n PUTs are answered with @status (an error of the contract's
 * shape, "Retry-After: 1" with 429) and store nothing. */
void          wd_site_server_fail_next    (WdSiteServer *self,
                                           guint         n,
                                           guint         status);
/* The next PUT is stored, then its connection is closed after the
 * status line and headers of the answer, before its body. The client
 * sees a dropped connection (a cut answer, so libsoup cannot quietly
 * send the PUT again, as it would when a reused connection closed before
 * any byte of an answer), and a later GET finds the brief. */
void          wd_site_server_drop_after_store_next (WdSiteServer *self);
/* The next request is answered 200 with a body that is not JSON, and
 * does nothing else. */
void          wd_site_server_garble_next  (WdSiteServer *self);
/* Every request is handled at once (a PUT is stored), but its answer is
 * held back for @delay_ms: a server that commits, then is slow to say
 * so. Answers wait side by side, not one after another. */
void          wd_site_server_set_delay_ms (WdSiteServer *self,
                                           guint         delay_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdSiteServer, wd_site_server_free)

G_END_DECLS
