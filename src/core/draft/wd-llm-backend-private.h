/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "wd-llm-backend.h"

G_BEGIN_DECLS

/* Shared by wd-llm-backend.c (the object, its configuration and key) and
 * wd-llm-call.c (one streaming chat request: retries, watchdogs, errors). */

SoupSession *wd_llm_backend_get_session   (WdLlmBackend   *self);
/* A key found in the Secret Service earlier, so it is asked only once. */
const char  *wd_llm_backend_peek_key      (WdLlmBackend   *self);
void         wd_llm_backend_remember_key  (WdLlmBackend   *self,
                                           const char     *key);

/* Starts the chat request @task carries; the task's reference is handed
 * over and dropped when the call ends. */
void         wd_llm_call_start            (GTask          *task,
                                           const WdLlmRequest *request,
                                           WdLlmDeltaFunc  delta_func,
                                           gpointer        delta_data);
gboolean     wd_llm_call_finish           (GTask          *task,
                                           WdLlmResponse **out_response,
                                           GError        **error);

/* The server's wish for the wait before a retry, from retry-after-ms or
 * Retry-After (seconds or an HTTP date, compared with @now); -1 when there
 * is none. In milliseconds. */
gint64       wd_llm_call_parse_retry_after (SoupMessageHeaders *headers,
                                            GDateTime          *now);

G_END_DECLS
