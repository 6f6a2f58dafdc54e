/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "wd-target-wordpress.h"

G_BEGIN_DECLS

/* Shared by wd-target-wordpress.c (the calls, tags, configuration) and
 * wd-target-wordpress-http.c (requests, timeouts, errors). */

struct _WdTargetWordpress
{
  WdPublishTarget  parent_instance;

  /* owned */
  char            *url;       /* the site's address, without a trailing slash */
  char            *host;      /* host[:port] of @url, for messages */
  gboolean         https;
  char            *user;
  char            *password;  /* the application password */
  char            *status;    /* what a brief becomes: publish, draft, pending, private */
  guint            connect_timeout;
  guint            idle_timeout;
  SoupSession     *session;   /* made by the first call, on the outbox's worker thread */
};

/* What a request was for: says what WordPress refused. */
typedef enum {
  WD_WORDPRESS_PUT,
  WD_WORDPRESS_FIND,
  WD_WORDPRESS_TAG,
  WD_WORDPRESS_UNPUBLISH,
  WD_WORDPRESS_TEST,
} WdWordpressAction;

static inline const char *
target_name (WdTargetWordpress *self)
{
  return wd_publish_target_get_name (WD_PUBLISH_TARGET (self));
}

/* URL/?rest_route=ROUTE; add parameters with append_query(). */
GString    *wd_target_wordpress_route_uri        (WdTargetWordpress  *self,
                                                  const char         *route);
void        wd_target_wordpress_append_query     (GString            *uri,
                                                  const char         *first_name,
                                                  ...) G_GNUC_NULL_TERMINATED;
GBytes     *wd_target_wordpress_send             (WdTargetWordpress  *self,
                                                  const char         *method,
                                                  const char         *uri,
                                                  JsonNode           *body,
                                                  SoupMessage       **out_msg,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
JsonNode   *wd_target_wordpress_parse_answer     (WdTargetWordpress  *self,
                                                  GBytes             *body,
                                                  JsonNodeType        type,
                                                  GError            **error);
void        wd_target_wordpress_set_status_error (WdTargetWordpress  *self,
                                                  SoupMessage        *msg,
                                                  GBytes             *body,
                                                  WdWordpressAction   action,
                                                  const char         *detail,
                                                  GError            **error);

/* JSON and text helpers. */
JsonNode   *wd_wordpress_parse_json      (GBytes     *body);
const char *wd_wordpress_get_string      (JsonObject *object,
                                          const char *member);
gint64      wd_wordpress_get_id          (JsonObject *object,
                                          const char *member);
char       *wd_wordpress_dup_plain_text  (const char *html);

G_END_DECLS
