/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "store/wd-store.h"
#include "wd-config.h"

G_BEGIN_DECLS

/*
 * Publish targets: where a brief goes. A target is the client side of one
 * [target NAME] group of the configuration (kind=wordpress, site-json or
 * static). The outbox (wd-outbox.c) calls a target from its worker thread,
 * one call at a time, with blocking I/O: targets use libsoup's synchronous
 * API on a SoupSession they create on first use and keep.
 *
 * Every call names the item by its idempotency key; a target that cannot
 * make the remote side idempotent itself (WordPress) records the key on the
 * remote post and implements find() so that the outbox can look for the
 * post before any retried create.
 */

#define WD_PUBLISH_ERROR (wd_publish_error_quark ())
GQuark wd_publish_error_quark (void);

typedef enum {
  WD_PUBLISH_ERROR_CONFIG,    /* the [target] group is incomplete or wrong */
  WD_PUBLISH_ERROR_AUTH,      /* 401/403: the credentials were refused */
  WD_PUBLISH_ERROR_NETWORK,   /* connection refused, reset, timed out: retry */
  WD_PUBLISH_ERROR_SERVER,    /* 5xx and 429: retry */
  WD_PUBLISH_ERROR_REJECTED,  /* other 4xx: the server refused this content; no retry */
  WD_PUBLISH_ERROR_PROTOCOL,  /* an answer we cannot read; no retry */
  WD_PUBLISH_ERROR_NOT_FOUND, /* the remote post is gone */
  WD_PUBLISH_ERROR_IO,        /* a local file problem (static target) */
  WD_PUBLISH_ERROR_PREFLIGHT, /* the preflight failed and no reason was given */
  WD_PUBLISH_ERROR_EXCLUDED,  /* the publisher asked not to be covered */
} WdPublishError;

/* Whether the outbox should try @error again later. */
gboolean wd_publish_error_is_transient (const GError *error);

/* The provenance of a section's current text, for the site backend. */
typedef struct {
  WdOrigin  origin;
  char     *backend;          /* NULL for editor text */
  char     *model;
  int       template_version; /* 0 when unknown */
  double    edit_share;       /* -1 when the section was never drafted */
} WdSectionProvenance;

/*
 * Everything a target sends, built once per job by wd_publish_item_new()
 * on the thread that owns the archive, then only read (from the worker
 * thread). All strings are UTF-8 and never NULL unless said.
 */
typedef struct {
  char       *key;          /* idempotency key: "wiredesk-" + brief uuid */
  char       *uuid;         /* the brief's uuid */
  char       *slug;         /* unique: the headline's slug, "-", 8 chars of the uuid */
  char       *headline;
  char       *excerpt;      /* plain text, from the summary */
  char       *html;         /* the body: sections and footer, markup-safe */
  char       *markdown;     /* Markdown with YAML front matter */
  char       *jsonld;       /* a JSON-LD NewsArticle object */
  char       *lang;         /* BCP 47, from the source, or NULL */
  GStrv       tags;         /* the attached mentions' names */
  WdBrief    *brief;        /* loaded: sections, mentions, source */
  WdPolicy   *policy;       /* the publisher's policy, or NULL for the default */
  WdSectionProvenance provenance[WD_SECTION_N_KINDS];
  GDateTime  *publish_at;   /* NULL: now; otherwise the scheduled time (UTC) */
  GDateTime  *modified_at;  /* the brief's last change */
} WdPublishItem;

void wd_publish_item_free (WdPublishItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdPublishItem, wd_publish_item_free)

/* Where a brief is on the remote side. */
typedef struct {
  char      *remote_id;  /* the target's own id (WordPress post id, uuid, path) */
  char      *url;        /* the public URL */
  char      *status;     /* the remote status, such as "publish" or "future"; may be NULL */
} WdRemotePost;

WdRemotePost *wd_remote_post_new (const char *remote_id, const char *url, const char *status);
void          wd_remote_post_free (WdRemotePost *post);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdRemotePost, wd_remote_post_free)

#define WD_TYPE_PUBLISH_TARGET (wd_publish_target_get_type ())
G_DECLARE_DERIVABLE_TYPE (WdPublishTarget, wd_publish_target, WD, PUBLISH_TARGET, GObject)

struct _WdPublishTargetClass
{
  GObjectClass parent_class;

  /* Looks for the post made for @item->key. Returns TRUE and sets @out to
   * the post, or to NULL when there is none; FALSE with @error when it
   * could not look. A target whose put() is idempotent by itself may
   * leave this NULL. */
  gboolean       (*find)      (WdPublishTarget      *self,
                               const WdPublishItem  *item,
                               WdRemotePost        **out,
                               GCancellable         *cancellable,
                               GError              **error);
  /* Creates (@remote_id NULL) or updates the post, published now or
   * scheduled at @item->publish_at. */
  WdRemotePost * (*put)       (WdPublishTarget      *self,
                               const WdPublishItem  *item,
                               const char           *remote_id,
                               GCancellable         *cancellable,
                               GError              **error);
  /* Takes the post off the site. A post that is already gone is success. */
  gboolean       (*unpublish) (WdPublishTarget      *self,
                               const WdPublishItem  *item,
                               const char           *remote_id,
                               GCancellable         *cancellable,
                               GError              **error);
  /* Checks reachability and authentication without publishing anything;
   * returns a one-line description such as "WordPress 6.1 at https://…
   * as editor". */
  char *         (*test)      (WdPublishTarget      *self,
                               GCancellable         *cancellable,
                               GError              **error);
};

const char   *wd_publish_target_get_name (WdPublishTarget *self);
const char   *wd_publish_target_get_kind (WdPublishTarget *self);

gboolean      wd_publish_target_find      (WdPublishTarget *self, const WdPublishItem *item,
                                           WdRemotePost **out, GCancellable *cancellable,
                                           GError **error);
WdRemotePost *wd_publish_target_put       (WdPublishTarget *self, const WdPublishItem *item,
                                           const char *remote_id, GCancellable *cancellable,
                                           GError **error);
gboolean      wd_publish_target_unpublish (WdPublishTarget *self, const WdPublishItem *item,
                                           const char *remote_id, GCancellable *cancellable,
                                           GError **error);
char         *wd_publish_target_test      (WdPublishTarget *self, GCancellable *cancellable,
                                           GError **error);

/*
 * The target of the [target @name] group of @config, by its kind. @secret
 * is the target's secret (WordPress application password, site bearer
 * token), looked up by the caller from the Secret Service or
 * WIREDESK_SECRET_<NAME>; NULL when there is none.
 */
WdPublishTarget *wd_publish_target_new_from_config (WdConfig   *config,
                                                    const char *name,
                                                    const char *secret,
                                                    GError    **error);

/* Constructors of the kinds, each in its own file; each reads its keys
 * from the [target @name] group of @config. */
WdPublishTarget *wd_target_wordpress_new (WdConfig *config, const char *name,
                                          const char *secret, GError **error);
WdPublishTarget *wd_target_site_new      (WdConfig *config, const char *name,
                                          const char *secret, GError **error);
WdPublishTarget *wd_target_static_new    (WdConfig *config, const char *name,
                                          GError **error);

G_END_DECLS
