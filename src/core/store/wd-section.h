/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-types.h"

G_BEGIN_DECLS

#define WD_TYPE_SECTION (wd_section_get_type ())
G_DECLARE_FINAL_TYPE (WdSection, wd_section, WD, SECTION, GObject)

/*
 * One section of a brief: its kind, position and current text, and the
 * revision that text comes from. Properties: "id", "brief-id", "kind",
 * "position", "text", "revision-id", "origin" (of the current revision),
 * "approved", "incomplete" (of the current revision), "edit-share". Read-only
 * snapshots: change a section through WdStore.
 */
gint64        wd_section_get_id (WdSection *self);
gint64        wd_section_get_brief_id (WdSection *self);
WdSectionKind wd_section_get_kind (WdSection *self);
guint         wd_section_get_position (WdSection *self);
const char   *wd_section_get_text (WdSection *self);
gint64        wd_section_get_revision_id (WdSection *self);
WdOrigin      wd_section_get_origin (WdSection *self);
gboolean      wd_section_get_approved (WdSection *self);
gboolean      wd_section_get_incomplete (WdSection *self);
double        wd_section_get_edit_share (WdSection *self);

#define WD_TYPE_REVISION (wd_revision_get_type ())
G_DECLARE_FINAL_TYPE (WdRevision, wd_revision, WD, REVISION, GObject)

/*
 * One saved version of a section's text. Properties: "id", "section-id",
 * "text", "origin", "backend", "model", "template-version",
 * "created-at" (GDateTime, UTC), "incomplete".
 */
gint64      wd_revision_get_id (WdRevision *self);
gint64      wd_revision_get_section_id (WdRevision *self);
const char *wd_revision_get_text (WdRevision *self);
WdOrigin    wd_revision_get_origin (WdRevision *self);
const char *wd_revision_get_backend (WdRevision *self);
const char *wd_revision_get_model (WdRevision *self);
int         wd_revision_get_template_version (WdRevision *self);
GDateTime  *wd_revision_get_created_at (WdRevision *self);
gboolean    wd_revision_get_incomplete (WdRevision *self);

/* What a caller says about a new revision; NULL fields are unknown. */
typedef struct {
  WdOrigin    origin;
  const char *backend;
  const char *model;
  int         template_version;  /* 0: none */
  int         prompt_tokens;     /* -1: unknown */
  int         completion_tokens; /* -1: unknown */
  int         ttft_ms;           /* -1: unknown */
  int         duration_ms;       /* -1: unknown */
  gboolean    incomplete;        /* cut off before the model finished */
} WdRevisionInfo;

#define WD_REVISION_INFO_EDITOR \
  ((WdRevisionInfo) { WD_ORIGIN_EDITOR, NULL, NULL, 0, -1, -1, -1, -1, FALSE })

G_END_DECLS
