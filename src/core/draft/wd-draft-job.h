/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "wd-context.h"
#include "draft/wd-llm-types.h"

G_BEGIN_DECLS

/* The parts of a brief drafting writes, in the order they are drafted:
 * the summary first, because the later parts read it. */
typedef enum {
  WD_DRAFT_PART_SUMMARY,
  WD_DRAFT_PART_ANALYST_TAKE,
  WD_DRAFT_PART_CONTEXT,
  WD_DRAFT_PART_WATCH,
  WD_DRAFT_PART_HEADLINE,
  WD_DRAFT_PART_MENTIONS,
  WD_N_DRAFT_PARTS
} WdDraftPart;

#define WD_DRAFT_PART_MASK(part) (1u << (part))
#define WD_DRAFT_ALL_PARTS       ((1u << WD_N_DRAFT_PARTS) - 1)

typedef enum {
  WD_DRAFT_PART_WAITING,    /* not drafted (yet): later in the order, or not asked for */
  WD_DRAFT_PART_RUNNING,
  WD_DRAFT_PART_DONE,       /* drafted and saved */
  WD_DRAFT_PART_SKIPPED,    /* left as it is; the note says why */
  WD_DRAFT_PART_FAILED,     /* the note says why; partial text saved as incomplete */
  WD_DRAFT_PART_CANCELLED,  /* stopped; partial text saved as incomplete */
} WdDraftPartState;

typedef enum {
  WD_DRAFT_JOB_WAITING,    /* not started */
  WD_DRAFT_JOB_RUNNING,
  WD_DRAFT_JOB_DONE,
  WD_DRAFT_JOB_FAILED,     /* wd_draft_job_get_error_message() says why */
  WD_DRAFT_JOB_CANCELLED,
} WdDraftJobState;

const char *wd_draft_part_to_string   (WdDraftPart  part);
gboolean    wd_draft_part_from_string (const char  *str,
                                       WdDraftPart *out_part);

#define WD_TYPE_DRAFT_JOB (wd_draft_job_get_type ())

G_DECLARE_FINAL_TYPE (WdDraftJob, wd_draft_job, WD, DRAFT_JOB, GObject)

/*
 * Drafting one brief: builds each part's prompt from the archive's
 * templates, streams it from the backend (or runs the builtin engine) and
 * saves every part as a new revision, never over the editor's text.
 * Property "state" (WdDraftJobState, notified). Signals, on the thread
 * that runs the job: "part-started" (part),
 * "delta" (part, WdLlmDeltaKind, text) as text streams in,
 * "part-finished" (part).
 */
WdDraftJob       *wd_draft_job_new             (WdContext    *context,
                                                gint64        brief_id);
void              wd_draft_job_set_parts       (WdDraftJob   *self,
                                                guint         parts);
void              wd_draft_job_set_backend     (WdDraftJob   *self,
                                                const char   *name);
void              wd_draft_job_set_instruction (WdDraftJob   *self,
                                                const char   *instruction);
void              wd_draft_job_set_force       (WdDraftJob   *self,
                                                gboolean      force);
void              wd_draft_job_set_empty_only  (WdDraftJob   *self,
                                                gboolean      empty_only);
void              wd_draft_job_run_async       (WdDraftJob   *self,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer      user_data);
gboolean          wd_draft_job_run_finish      (WdDraftJob   *self,
                                                GAsyncResult *result,
                                                GError      **error);
gboolean          wd_draft_job_cancel_unstarted (WdDraftJob  *self);

char             *wd_draft_resolve_backend     (WdConfig     *config,
                                                const char   *requested);

WdDraftJobState   wd_draft_job_get_state       (WdDraftJob   *self);
const char       *wd_draft_job_get_error_message (WdDraftJob *self);
const char       *wd_draft_job_get_title       (WdDraftJob   *self);
gint64            wd_draft_job_get_brief_id    (WdDraftJob   *self);
const char       *wd_draft_job_get_backend_name (WdDraftJob  *self);
const char       *wd_draft_job_get_model       (WdDraftJob   *self);
WdDraftPartState  wd_draft_job_get_part_state  (WdDraftJob   *self,
                                                WdDraftPart   part);
const char       *wd_draft_job_get_part_text   (WdDraftJob   *self,
                                                WdDraftPart   part);
const char       *wd_draft_job_get_part_reasoning (WdDraftJob *self,
                                                WdDraftPart   part);
const char       *wd_draft_job_get_part_note   (WdDraftJob   *self,
                                                WdDraftPart   part);
gint64            wd_draft_job_get_prompt_tokens     (WdDraftJob *self);
gint64            wd_draft_job_get_completion_tokens (WdDraftJob *self);

G_END_DECLS
