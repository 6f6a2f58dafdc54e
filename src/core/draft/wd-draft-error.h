/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One error domain for drafting: the language-model backends, their
 * streams and (later) prompts and the builtin engine. Each part adds its
 * codes below; keep existing values stable. */
#define WD_DRAFT_ERROR (wd_draft_error_quark ())

typedef enum {
  WD_DRAFT_ERROR_FAILED,            /* anything not covered below */
  /* the language-model backends (wd-llm-*.c) */
  WD_DRAFT_ERROR_AUTH,              /* 401/403: the key was refused, or none was found */
  WD_DRAFT_ERROR_MODEL_NOT_FOUND,   /* 404: the model (or the endpoint) is not there */
  WD_DRAFT_ERROR_QUOTA,             /* 402 or insufficient_quota: out of credit */
  WD_DRAFT_ERROR_RATE_LIMITED,      /* 429 after the retries */
  WD_DRAFT_ERROR_SERVER,            /* 5xx after the retries */
  WD_DRAFT_ERROR_REFUSED,           /* another 4xx: the server refused the request */
  WD_DRAFT_ERROR_NETWORK,           /* the server could not be reached */
  WD_DRAFT_ERROR_TIMEOUT,           /* a watchdog fired: connect, first byte or idle */
  WD_DRAFT_ERROR_STREAM,            /* the server reported an error inside the stream */
  WD_DRAFT_ERROR_INCOMPLETE,        /* the stream ended before the model finished */
  WD_DRAFT_ERROR_PROTOCOL,          /* the answer is not the wire format it should be */
  WD_DRAFT_ERROR_NO_SECRET_SERVICE, /* no key in the environment and no Secret Service */
  /* prompts (wd-prompt.c) */
  WD_DRAFT_ERROR_TEMPLATE,          /* a prompt template uses an unknown variable */
  /* drafting a brief (wd-draft-job.c) */
  WD_DRAFT_ERROR_EXCLUDED,          /* the publisher's policy is "excluded" */
  WD_DRAFT_ERROR_EDITED,            /* a part holds the editor's text and --force is missing */
  WD_DRAFT_ERROR_EMPTY,             /* the model answered with no text */
} WdDraftError;

GQuark wd_draft_error_quark (void);

G_END_DECLS
