/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wiredesk-core.h"

G_BEGIN_DECLS

/*
 * What the mention widgets (WdMentionsBar, WdMentionsPage) share: the
 * icon and name of each kind, a toast shown where one can be, and store
 * calls run off the main thread.
 */

/* A symbolic icon from the Adwaita theme for @kind. */
const char *wd_mention_kind_icon_name (WdMentionKind kind);
/* The kind's name for people ("Organization"), translated. */
const char *wd_mention_kind_label     (WdMentionKind kind);

/* Adds @toast (taking it) to the AdwToastOverlay around @widget; FALSE
 * (and @toast untouched) when there is none. */
gboolean    wd_mention_ui_add_toast   (GtkWidget *widget,
                                       AdwToast  *toast);

/* Blocking work for a thread: returns its result (or NULL) and sets
 * @error on failure. */
typedef gpointer (*WdStoreCall) (WdStore  *store,
                                 gpointer  data,
                                 GError  **error);

/* Runs @call on a worker thread; @callback comes back on the caller's
 * main context. @data is freed with @data_free, an unclaimed result with
 * @result_free. */
void        wd_mention_ui_run_async   (WdStore             *store,
                                       WdStoreCall          call,
                                       gpointer             data,
                                       GDestroyNotify       data_free,
                                       GDestroyNotify       result_free,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* The call's result (transfer full); NULL with @error set on failure, or
 * NULL without when the call returned nothing. */
gpointer    wd_mention_ui_run_finish  (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
