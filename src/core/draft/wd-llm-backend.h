/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "wd-config.h"
#include "wd-llm-secret.h"
#include "wd-llm-types.h"

G_BEGIN_DECLS

/* The defaults of a `[backend NAME]` group's keys, in seconds. */
#define WD_LLM_BACKEND_DEFAULT_CONNECT_TIMEOUT     15
#define WD_LLM_BACKEND_DEFAULT_FIRST_BYTE_TIMEOUT  120  /* local models load slowly */
#define WD_LLM_BACKEND_DEFAULT_IDLE_TIMEOUT        60
/* Retries after the first attempt, and the first backoff, in ms. */
#define WD_LLM_BACKEND_MAX_RETRIES                 2
#define WD_LLM_BACKEND_DEFAULT_RETRY_BASE_DELAY    500

#define WD_TYPE_LLM_BACKEND (wd_llm_backend_get_type ())
G_DECLARE_FINAL_TYPE (WdLlmBackend, wd_llm_backend, WD, LLM_BACKEND, GObject)

/*
 * One language model behind one interface, built from a `[backend NAME]`
 * group of the configuration: kind (openai, anthropic, ollama, builtin),
 * base-url, model, temperature, max-tokens and the three watchdogs
 * (connect-timeout, first-byte-timeout, idle-timeout). Chat requests stream:
 * deltas reach the caller as they arrive. Like the #SoupSession inside it,
 * a backend is used from the thread that created it. A `builtin` backend
 * has no server: wd_llm_backend_is_http() is %FALSE and it takes no chat
 * requests.
 */
WdLlmBackend *wd_llm_backend_new_from_config      (WdConfig            *config,
                                                   const char          *name,
                                                   GError             **error);
const char   *wd_llm_backend_get_name             (WdLlmBackend        *self);
WdLlmKind     wd_llm_backend_get_kind             (WdLlmBackend        *self);
gboolean      wd_llm_backend_is_http              (WdLlmBackend        *self);
const char   *wd_llm_backend_get_base_url         (WdLlmBackend        *self);
const char   *wd_llm_backend_get_model            (WdLlmBackend        *self);
double        wd_llm_backend_get_temperature      (WdLlmBackend        *self);
guint         wd_llm_backend_get_max_tokens       (WdLlmBackend        *self);
guint         wd_llm_backend_get_connect_timeout  (WdLlmBackend        *self);
guint         wd_llm_backend_get_first_byte_timeout (WdLlmBackend      *self);
guint         wd_llm_backend_get_idle_timeout     (WdLlmBackend        *self);
gboolean      wd_llm_backend_get_structured_output (WdLlmBackend       *self);
guint         wd_llm_backend_get_retry_base_delay (WdLlmBackend        *self);
void          wd_llm_backend_set_retry_base_delay (WdLlmBackend        *self,
                                                   guint                milliseconds);

void          wd_llm_backend_lookup_key_async     (WdLlmBackend        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      wd_llm_backend_lookup_key_finish    (WdLlmBackend        *self,
                                                   GAsyncResult        *result,
                                                   WdSecretSource      *out_source,
                                                   GError             **error);

void          wd_llm_backend_chat_async           (WdLlmBackend        *self,
                                                   const WdLlmRequest  *request,
                                                   WdLlmDeltaFunc       delta_func,
                                                   gpointer             delta_data,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      wd_llm_backend_chat_finish          (WdLlmBackend        *self,
                                                   GAsyncResult        *result,
                                                   WdLlmResponse      **out_response,
                                                   GError             **error);

G_END_DECLS
