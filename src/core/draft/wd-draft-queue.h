/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "draft/wd-draft-job.h"

G_BEGIN_DECLS

/* How many drafts one backend runs at once unless its group says
 * otherwise with parallel=N. */
#define WD_DRAFT_QUEUE_DEFAULT_PARALLEL 2

#define WD_TYPE_DRAFT_QUEUE (wd_draft_queue_get_type ())

G_DECLARE_FINAL_TYPE (WdDraftQueue, wd_draft_queue, WD, DRAFT_QUEUE, GObject)

/*
 * Drafting several briefs: a GListModel of WdDraftJob in the order added,
 * run at most `parallel` at a time per backend. A batch lasts from the
 * first job added to an idle queue until every job has ended; then
 * "batch-finished" is emitted. "busy" is TRUE in between.
 */
typedef enum {
  WD_DRAFT_FLAGS_NONE       = 0,
  WD_DRAFT_FLAGS_EMPTY_ONLY = 1 << 0,  /* wd_draft_job_set_empty_only() */
  WD_DRAFT_FLAGS_FORCE      = 1 << 1,  /* wd_draft_job_set_force() */
} WdDraftFlags;

WdDraftQueue *wd_draft_queue_new            (WdContext     *context);
WdDraftJob   *wd_draft_queue_add            (WdDraftQueue  *self,
                                             gint64         brief_id,
                                             const char    *backend,
                                             guint          parts,
                                             WdDraftFlags   flags,
                                             const char    *instruction);
WdDraftJob   *wd_draft_queue_find           (WdDraftQueue  *self,
                                             gint64         brief_id);
void          wd_draft_queue_cancel         (WdDraftQueue  *self,
                                             WdDraftJob    *job);
void          wd_draft_queue_cancel_all     (WdDraftQueue  *self);
void          wd_draft_queue_clear_finished (WdDraftQueue  *self);
gboolean      wd_draft_queue_get_busy       (WdDraftQueue  *self);
guint         wd_draft_queue_get_parallel   (WdDraftQueue  *self,
                                             const char    *backend);
guint         wd_draft_queue_count          (WdDraftQueue  *self,
                                             WdDraftJobState state);
char         *wd_draft_queue_dup_summary    (WdDraftQueue  *self);

G_END_DECLS
