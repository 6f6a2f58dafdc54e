/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "wiredesk-core.h"
#include "draft/wd-llm-types.h"
#include "review/wd-review.h"
#include "review/wd-support.h"

G_BEGIN_DECLS

#define WD_TYPE_SECTION_CARD (wd_section_card_get_type ())
G_DECLARE_FINAL_TYPE (WdSectionCard, wd_section_card, WD, SECTION_CARD, GtkWidget)

/*
 * One section of a brief: its heading, a badge (Empty, AI draft, Edited,
 * Approved, Incomplete), the text, and drafting: the text streaming in
 * with the model's name, the model's reasoning in a collapsed expander,
 * Stop, Regenerate (optionally with an instruction), and the error of
 * the last draft. The text is edited in place (Markdown, undo, a word
 * count against the section's target); a pause in typing emits "save".
 * Signals: "regenerate" (instruction or NULL), "stop", "save" (text),
 * "approve" (approved), "revert", "history".
 */
GtkWidget     *wd_section_card_new          (WdSectionKind  kind);
WdSectionKind  wd_section_card_get_kind     (WdSectionCard *self);
void           wd_section_card_set_section  (WdSectionCard *self,
                                             WdSection     *section);
void           wd_section_card_begin_draft  (WdSectionCard *self,
                                             const char    *model);
void           wd_section_card_append_delta (WdSectionCard *self,
                                             WdLlmDeltaKind kind,
                                             const char    *text);
void           wd_section_card_end_draft    (WdSectionCard *self,
                                             const char    *error);
void           wd_section_card_set_note     (WdSectionCard *self,
                                             const char    *note);
gboolean       wd_section_card_get_drafting (WdSectionCard *self);
const char    *wd_section_card_get_text     (WdSectionCard *self);
void           wd_section_card_set_can_draft (WdSectionCard *self,
                                              gboolean       can_draft);
gboolean       wd_section_card_flush        (WdSectionCard *self);
guint          wd_section_card_mark_drawing_on (WdSectionCard  *self,
                                                WdSupportIndex *support,
                                                gsize           start,
                                                gsize           end,
                                                double          floor);
void           wd_section_card_toggle_approved (WdSectionCard *self);
void           wd_section_card_set_saving   (WdSectionCard *self,
                                             gboolean       saving);
GtkTextBuffer *wd_section_card_get_buffer   (WdSectionCard *self);
gboolean       wd_section_card_open_citation_at (WdSectionCard *self,
                                                 int            offset);
void           wd_section_card_set_review   (WdSectionCard        *self,
                                             const char           *checked_text,
                                             const WdReviewReport *report);
const char    *wd_section_card_get_review_message_at (WdSectionCard *self,
                                                      int            offset);
GtkTextView   *wd_section_card_get_text_view (WdSectionCard *self);
int            wd_section_card_select_span  (WdSectionCard *self,
                                             gssize         start,
                                             gssize         end);

G_END_DECLS
