/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

/* g_test_init() with G_TEST_OPTION_ISOLATE_DIRS (temporary XDG homes) and
 * the locale set to C.UTF-8 so messages are comparable. */
void     wd_test_init (int *argc, char ***argv);
/* A new empty directory below the isolated temporary home. */
char    *wd_test_make_tmpdir (void);
/* A new archive in a fresh temporary directory; its path in @out_path. */
WdStore *wd_test_open_store (char **out_path);
/* A source with its inbox brief; returns the brief id. */
gint64   wd_test_add_source (WdStore *store, const char *title, const char *url,
                             const char *publisher, const char *text);
/* @n briefs with varied titles, publishers, statuses and text. */
void     wd_test_seed (WdStore *store, guint n);

/* A brief ready to publish: headline, every section but context, one
 * mention, status approved, over a short port-traffic article (@url makes
 * each source its own); @summary is the summary, faithful or not. */
gint64   wd_test_add_port_brief (WdStore *store, const char *url, const char *summary);
/* A summary of that article that passes the preflight. */
#define WD_TEST_PORT_SUMMARY \
  "Container traffic at the port rose 12 percent in the third quarter, helped by new " \
  "cranes that cut ship waiting times to nine hours."

/* wiredesk-cli ($WIREDESK_CLI) run as a user would on the archive @db, in
 * the C.UTF-8 locale and the test's isolated homes. */
typedef struct {
  int   status;
  char *out;
  char *err;
} WdTestCli;

void     wd_test_cli_clear (WdTestCli *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WdTestCli, wd_test_cli_clear)
void     wd_test_run_cli (WdTestCli *result, const char *db, const char * const *args);
#define wd_test_cli(result, db, ...) \
  wd_test_run_cli ((result), (db), (const char * const[]) { __VA_ARGS__, NULL })

/*
 * A SoupServer on 127.0.0.1, on a free port, in the test process (the
 * test's main context runs it): real HTTP, nothing leaves the machine.
 * Paths map to fixed answers or to handlers; a path ending in "*" matches
 * every path that starts with what comes before it (the longest such
 * prefix wins, an exact path before any). Anything else is a 404.
 */
typedef struct _WdTestServer WdTestServer;

typedef void (*WdTestServerHandler) (WdTestServer      *server,
                                     SoupServerMessage *msg,
                                     const char        *path,
                                     gpointer           user_data);

/* @certificate: NULL for http, else https with it. */
WdTestServer *wd_test_server_new          (GTlsCertificate     *certificate);
/* Disconnects and checks that the SoupServer is finalized. */
void          wd_test_server_free         (WdTestServer        *self);
/* "http://127.0.0.1:PORT" (or https), without a trailing slash. */
const char   *wd_test_server_get_base     (WdTestServer        *self);
/* The base followed by @path. */
char         *wd_test_server_url          (WdTestServer        *self,
                                           const char          *path);
/* Answers @path with @status and @body (@length -1: NUL-terminated);
 * @content_type may carry parameters ("text/html; charset=utf-8"). */
void          wd_test_server_add          (WdTestServer        *self,
                                           const char          *path,
                                           guint                status,
                                           const char          *content_type,
                                           const char          *body,
                                           gssize               length);
/* Answers @path with a redirect to @location (sent as it is). */
void          wd_test_server_add_redirect (WdTestServer        *self,
                                           const char          *path,
                                           guint                status,
                                           const char          *location);
/* Lets @handler answer @path. */
void          wd_test_server_add_handler  (WdTestServer        *self,
                                           const char          *path,
                                           WdTestServerHandler  handler,
                                           gpointer             user_data);
/* Calls @watch for every request before it is answered. */
void          wd_test_server_set_watch    (WdTestServer        *self,
                                           WdTestServerHandler  watch,
                                           gpointer             user_data);
/* How many requests arrived for @path, or for any path when NULL. */
guint         wd_test_server_get_hits     (WdTestServer        *self,
                                           const char          *path);
/* Sets @msg's status and, when @body is not NULL, its body. */
void          wd_test_server_respond      (SoupServerMessage   *msg,
                                           guint                status,
                                           const char          *content_type,
                                           const char          *body,
                                           gssize               length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdTestServer, wd_test_server_free)

G_END_DECLS
