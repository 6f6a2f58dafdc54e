/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The wire protocol a backend speaks; `builtin` is the engine inside
 * Wiredesk and speaks none. */
typedef enum {
  WD_LLM_KIND_OPENAI,     /* Chat Completions, SSE */
  WD_LLM_KIND_ANTHROPIC,  /* the Messages API, SSE */
  WD_LLM_KIND_OLLAMA,     /* Ollama's /api/chat, NDJSON */
  WD_LLM_KIND_BUILTIN,
} WdLlmKind;

const char *wd_llm_kind_to_string   (WdLlmKind   kind);
gboolean    wd_llm_kind_from_string (const char *str,
                                     WdLlmKind  *out_kind);

typedef enum {
  WD_LLM_ROLE_USER,
  WD_LLM_ROLE_ASSISTANT,
} WdLlmRole;

/*
 * What a streaming call hands out as it arrives. TEXT and REASONING are
 * pieces to append. TEXT_TO_REASONING says that all the text so far was
 * reasoning after all: a model whose chat template opened <think> itself
 * sends only the closing </think>. The caller moves its text to the
 * reasoning; the delta is that text.
 */
typedef enum {
  WD_LLM_DELTA_TEXT,
  WD_LLM_DELTA_REASONING,
  WD_LLM_DELTA_TEXT_TO_REASONING,
} WdLlmDeltaKind;

/* Called on the caller's main context for every delta, in order. */
typedef void (*WdLlmDeltaFunc) (WdLlmDeltaKind  kind,
                                const char     *delta,
                                gpointer        user_data);

/*
 * A chat request: the system text, the conversation, and overrides of the
 * backend's temperature and output limit (negative resp. 0: the backend's
 * own setting).
 */
typedef struct {
  WdLlmRole  role;
  char      *content;
} WdLlmMessage;

typedef struct {
  char      *system;
  GPtrArray *messages;     /* of WdLlmMessage */
  double     temperature;  /* < 0: the backend's */
  guint      max_tokens;   /* 0: the backend's */
  char      *schema_name;  /* with @schema: the answer's JSON schema, */
  char      *schema;       /* as JSON text; NULL: free text */
} WdLlmRequest;

#define WD_TYPE_LLM_REQUEST (wd_llm_request_get_type ())

GType         wd_llm_request_get_type    (void) G_GNUC_CONST;
WdLlmRequest *wd_llm_request_new         (const char         *system);
WdLlmRequest *wd_llm_request_copy        (const WdLlmRequest *request);
void          wd_llm_request_free        (WdLlmRequest       *request);
void          wd_llm_request_set_schema  (WdLlmRequest       *request,
                                          const char         *name,
                                          const char         *schema);
void          wd_llm_request_add_message (WdLlmRequest       *request,
                                          WdLlmRole           role,
                                          const char         *content);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdLlmRequest, wd_llm_request_free)

/*
 * What a call brought back, also when it was cut off: @incomplete is TRUE
 * when it was cancelled, stalled, broke off or the server reported an
 * error in the middle, and @text then holds what had arrived. Token counts
 * are -1 when the server reported none; times are in microseconds, the
 * time to the first token -1 when none came.
 */
typedef struct {
  char     *text;
  char     *reasoning;
  char     *finish_reason;      /* as the server said it ("stop", "end_turn", …), or NULL */
  char     *model;              /* as the server named it, else as configured */
  gint64    prompt_tokens;
  gint64    completion_tokens;
  gint64    time_to_first_token;
  gint64    duration;
  guint     n_deltas;           /* text and reasoning pieces received */
  guint     attempts;           /* requests sent, retries included */
  gboolean  incomplete;
} WdLlmResponse;

#define WD_TYPE_LLM_RESPONSE (wd_llm_response_get_type ())

GType          wd_llm_response_get_type (void) G_GNUC_CONST;
WdLlmResponse *wd_llm_response_new      (void);
WdLlmResponse *wd_llm_response_copy     (const WdLlmResponse *response);
void           wd_llm_response_free     (WdLlmResponse       *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdLlmResponse, wd_llm_response_free)

G_END_DECLS
