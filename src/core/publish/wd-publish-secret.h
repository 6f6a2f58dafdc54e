/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "draft/wd-llm-secret.h"

G_BEGIN_DECLS

/*
 * The secrets of the publish targets (a WordPress application password, a
 * site backend's bearer token) in the Secret Service: the schema of the
 * backends' API keys (%WD_SECRET_SCHEMA_NAME) with kind=target and
 * name=NAME. The outbox reads them with wd_publish_secret_lookup()
 * (wd-outbox.h); these are the non-blocking calls Preferences needs.
 */

#define WD_PUBLISH_SECRET_ERROR (wd_publish_secret_error_quark ())
GQuark wd_publish_secret_error_quark (void);

typedef enum {
  WD_PUBLISH_SECRET_ERROR_NO_SERVICE, /* no Secret Service answered */
} WdPublishSecretError;

/* The target's secret: WIREDESK_SECRET_<NAME>, else the Secret Service
 * (kind=target, name=NAME); NULL when neither has one. Blocking. */
char     *wd_publish_secret_lookup        (const char           *target_name,
                                           GCancellable         *cancellable);
void      wd_publish_secret_lookup_async  (const char           *target_name,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
char     *wd_publish_secret_lookup_finish (GAsyncResult         *result,
                                           WdSecretSource       *out_source,
                                           GError              **error);
void      wd_publish_secret_store_async   (const char           *target_name,
                                           const char           *secret,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  wd_publish_secret_store_finish  (GAsyncResult         *result,
                                           GError              **error);
void      wd_publish_secret_clear_async   (const char           *target_name,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean  wd_publish_secret_clear_finish  (GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
