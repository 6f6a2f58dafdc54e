/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "store/wd-store.h"

G_BEGIN_DECLS

/* What a prompt template drafts. "system" frames every request. */
typedef enum {
  WD_PROMPT_SYSTEM,
  WD_PROMPT_HEADLINE,
  WD_PROMPT_SUMMARY,
  WD_PROMPT_ANALYST_TAKE,
  WD_PROMPT_CONTEXT,
  WD_PROMPT_WATCH,
  WD_PROMPT_MENTIONS,
  WD_N_PROMPTS
} WdPromptKind;

/* The values a template's {{variables}} take; NULL ones become "". */
typedef struct {
  const char *title;
  const char *publisher;
  const char *source_text;   /* enters the prompt delimited and neutralised */
  const char *summary;
  const char *related;
  const char *policy;
  guint       target_words;
} WdPromptVars;

const char         *wd_prompt_kind_to_string   (WdPromptKind   kind);
gboolean            wd_prompt_kind_from_string (const char    *str,
                                                WdPromptKind  *out_kind);
WdPromptKind        wd_prompt_kind_for_section (WdSectionKind  kind);
const char         *wd_prompt_get_default      (WdPromptKind   kind);
guint               wd_prompt_default_target_words (WdPromptKind kind);
const char * const *wd_prompt_list_variables   (void);
gboolean            wd_prompt_validate         (const char    *body,
                                                GError       **error);
char               *wd_prompt_delimit_source   (const char    *text,
                                                const char    *nonce);
char               *wd_prompt_render           (const char    *body,
                                                const WdPromptVars *vars,
                                                const char    *nonce);
char               *wd_prompt_new_nonce        (void);
char               *wd_prompt_load             (WdStore       *store,
                                                WdPromptKind   kind,
                                                int           *out_version,
                                                GError       **error);
gboolean            wd_prompt_save             (WdStore       *store,
                                                WdPromptKind   kind,
                                                const char    *body,
                                                int           *out_version,
                                                GError       **error);

G_END_DECLS
