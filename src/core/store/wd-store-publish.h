/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-store.h"

G_BEGIN_DECLS

/*
 * The outbox in the archive (wd-store-publish.c): publishing a brief writes
 * its status change and a job in one transaction; the publish worker
 * (src/core/publish/wd-outbox.c) claims jobs, sends them, and records
 * where the brief went.
 */

typedef enum {
  WD_JOB_CREATE,
  WD_JOB_UPDATE,
  WD_JOB_UNPUBLISH,
} WdJobAction;

typedef enum {
  WD_JOB_PENDING,
  WD_JOB_SENDING,
  WD_JOB_DONE,
  WD_JOB_FAILED,
} WdJobState;

const char *wd_job_action_to_string (WdJobAction action);
const char *wd_job_state_to_string (WdJobState state);

typedef struct {
  gint64       id;
  gint64       brief_id;
  char        *brief_uuid;
  char        *headline;      /* the brief's headline, or its source's title */
  char        *target;
  WdJobAction  action;
  char        *key;           /* the job's idempotency key */
  WdJobState   state;
  guint        attempts;      /* sends started, this one included once claimed */
  gboolean     maybe_sent;    /* an earlier attempt may have reached the target */
  GDateTime   *next_attempt_at;  /* NULL: now */
  char        *last_error;
  GDateTime   *publish_at;    /* scheduled publication, or NULL */
  char        *previous_status;  /* the brief's status before it was queued */
  GDateTime   *created_at;
  GDateTime   *updated_at;
} WdPublishJob;

void wd_publish_job_free (WdPublishJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdPublishJob, wd_publish_job_free)

/* Where a brief is on one target. */
typedef struct {
  char      *target;
  char      *remote_id;
  char      *url;
  GDateTime *published_at;  /* NULL once unpublished */
  GDateTime *updated_at;
} WdBriefRemote;

void wd_brief_remote_free (WdBriefRemote *remote);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdBriefRemote, wd_brief_remote_free)

gint64        wd_store_queue_publish (WdStore *self, gint64 brief_id, const char *target,
                                      gboolean unpublish, GDateTime *publish_at,
                                      const char *override_reason, GError **error);
guint         wd_store_queue_takedown (WdStore *self, const char *domain, GError **error);
WdPublishJob *wd_store_claim_job (WdStore *self, gint64 job_id, GError **error);
gboolean      wd_store_finish_job (WdStore *self, gint64 job_id, const char *remote_id,
                                   const char *url, GError **error);
gboolean      wd_store_retry_job (WdStore *self, gint64 job_id, const char *message,
                                  GDateTime *next_attempt_at, GError **error);
gboolean      wd_store_fail_job (WdStore *self, gint64 job_id, const char *message,
                                 GError **error);
gboolean      wd_store_requeue_job (WdStore *self, gint64 job_id, GError **error);
guint         wd_store_release_sending_jobs (WdStore *self, GError **error);
WdPublishJob *wd_store_get_job (WdStore *self, gint64 job_id, GError **error);
GPtrArray    *wd_store_list_jobs (WdStore *self, gboolean unfinished_only, GError **error);
GDateTime    *wd_store_next_job_time (WdStore *self, GError **error);
WdBriefRemote *wd_store_get_brief_remote (WdStore *self, gint64 brief_id,
                                          const char *target, GError **error);
GPtrArray    *wd_store_list_brief_remotes (WdStore *self, gint64 brief_id, GError **error);
char         *wd_store_get_preflight_override (WdStore *self, gint64 brief_id,
                                               GError **error);

G_END_DECLS
