/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The libsecret schema of Wiredesk's secrets; attributes "kind" ("backend"
 * or "target") and "name" (the configuration group's name). */
#define WD_SECRET_SCHEMA_NAME "org.wiredesk.Wiredesk.Secret"

/* That schema, for the backends' keys and the targets' secrets alike. */
const SecretSchema *wd_secret_get_schema (void);

typedef enum {
  WD_SECRET_SOURCE_NONE,            /* no key was found */
  WD_SECRET_SOURCE_ENVIRONMENT,     /* WIREDESK_SECRET_<NAME> */
  WD_SECRET_SOURCE_SECRET_SERVICE,  /* the desktop's keyring */
} WdSecretSource;

void  wd_llm_secret_lookup_async  (const char           *backend_name,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
char *wd_llm_secret_lookup_finish (GAsyncResult         *result,
                                   WdSecretSource       *out_source,
                                   GError              **error);

/* Stores resp. removes a backend's API key in the Secret Service (the
 * same schema and attributes the lookup uses); never anywhere else. */
void      wd_llm_secret_store_async  (const char           *backend_name,
                                      const char           *key,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  wd_llm_secret_store_finish (GAsyncResult         *result,
                                      GError              **error);
void      wd_llm_secret_clear_async  (const char           *backend_name,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  wd_llm_secret_clear_finish (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
