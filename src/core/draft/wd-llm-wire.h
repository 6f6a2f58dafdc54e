/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "wd-llm-types.h"

G_BEGIN_DECLS

/* The request side of each wire protocol: where to send a chat request,
 * its JSON body and its headers. The decoding side is WdLlmDecoder. */

char        *wd_llm_wire_default_base_url (WdLlmKind           kind);
char        *wd_llm_wire_endpoint         (WdLlmKind           kind,
                                           const char         *base_url);
char        *wd_llm_wire_build_body       (WdLlmKind           kind,
                                           const char         *base_url,
                                           const char         *model,
                                           const WdLlmRequest *request,
                                           double              temperature,
                                           guint               max_tokens);
SoupMessage *wd_llm_wire_build_message    (WdLlmKind           kind,
                                           const char         *base_url,
                                           const char         *model,
                                           const char         *api_key,
                                           const WdLlmRequest *request,
                                           double              temperature,
                                           guint               max_tokens);

G_END_DECLS
