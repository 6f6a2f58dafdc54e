/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "wiredesk-core.h"
#include "draft/wd-draft-queue.h"
#include "review/wd-review.h"

G_BEGIN_DECLS

#define WD_TYPE_BRIEF_VIEW (wd_brief_view_get_type ())
G_DECLARE_FINAL_TYPE (WdBriefView, wd_brief_view, WD, BRIEF_VIEW, GtkWidget)

GtkWidget *wd_brief_view_new          (void);
WdStore   *wd_brief_view_get_store    (WdBriefView *self);
void       wd_brief_view_set_store    (WdBriefView *self,
                                       WdStore     *store);
gint64     wd_brief_view_get_brief_id (WdBriefView *self);
void       wd_brief_view_set_brief_id (WdBriefView *self,
                                       gint64       brief_id);
WdBrief   *wd_brief_view_get_brief    (WdBriefView *self);
gboolean   wd_brief_view_get_loading  (WdBriefView *self);
void       wd_brief_view_set_draft_queue (WdBriefView  *self,
                                          WdDraftQueue *queue);
WdDraftJob *wd_brief_view_draft       (WdBriefView *self);
void       wd_brief_view_save_now     (WdBriefView *self);
gboolean   wd_brief_view_toggle_approved (WdBriefView *self);
gboolean   wd_brief_view_show_history    (WdBriefView *self);
void       wd_brief_view_set_show_source (WdBriefView *self,
                                          gboolean     show_source);
void       wd_brief_view_focus_section (WdBriefView  *self,
                                        WdSectionKind kind);
const WdReviewReport *wd_brief_view_get_review_report (WdBriefView *self);

G_END_DECLS
