/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "store/wd-store.h"
#include "wd-config.h"
#include "review/wd-review.h"
#include "wd-publish-target.h"

G_BEGIN_DECLS

/*
 * The publish worker: sends the archive's outbox jobs to their targets,
 * one at a time, retrying what may pass (network errors, 429, 5xx) with
 * exponential backoff and jitter. Before a create that an earlier attempt
 * may have delivered (a lost answer, a crash), it asks the target for the
 * post first, so that a brief is never posted twice.
 *
 * What happened to each job is in the archive (wd_store_get_job()); a
 * drain reports the last failure.
 */

#define WD_TYPE_OUTBOX (wd_outbox_get_type ())
G_DECLARE_FINAL_TYPE (WdOutbox, wd_outbox, WD, OUTBOX, GObject)

WdOutbox      *wd_outbox_new               (WdStore *store, WdConfig *config);
WdStore       *wd_outbox_get_store         (WdOutbox *self);
void           wd_outbox_set_retry_policy  (WdOutbox *self, guint first_delay_ms,
                                            guint max_attempts);

/* The configured default target ([defaults] target=), else the only
 * [target] group; NULL when neither says. */
char          *wd_outbox_default_target    (WdConfig *config);
gint64         wd_outbox_queue_publish     (WdOutbox *self, gint64 brief_id,
                                            const char *target, GDateTime *publish_at,
                                            const char *override_reason,
                                            WdReviewReport **out_report, GError **error);

WdPublishItem *wd_outbox_build_item        (WdOutbox *self, gint64 brief_id,
                                            GDateTime *publish_at, GError **error);

gboolean       wd_outbox_send              (WdOutbox *self, WdPublishJob *job,
                                            GCancellable *cancellable, GError **error);
gboolean       wd_outbox_drain             (WdOutbox *self, gint64 job_id,
                                            GCancellable *cancellable, GError **error);
void           wd_outbox_drain_async       (WdOutbox *self, gint64 job_id,
                                            GCancellable *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer user_data);
gboolean       wd_outbox_drain_finish      (WdOutbox *self, GAsyncResult *result,
                                            GError **error);

G_END_DECLS
