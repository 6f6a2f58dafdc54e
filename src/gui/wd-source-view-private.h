/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "wd-source-view.h"

G_BEGIN_DECLS

/* The body text is this much larger than the interface font, for reading. */
#define BODY_SCALE 1.1
/* The longest line, in average characters, before the column stops growing. */
#define MEASURE_CHARS 70
/* Indents, in pixels: one quote level, one list level, a list marker. */
#define QUOTE_INDENT 22
#define LIST_INDENT 24
#define MARKER_WIDTH 24
/* Deeper nesting than this is drawn at this depth. */
#define MAX_DEPTH 6

typedef struct
{
  int   buffer_offset;   /* characters */
  int   n_chars;
  gsize source_offset;   /* bytes into the source text */
  gsize n_bytes;
} WdSourceSegment;

struct _WdSourceView
{
  GtkWidget parent_instance;

  /* template widgets */
  AdwClamp      *clamp;
  GtkLabel      *title_label;
  GtkLabel      *meta_label;
  GtkLinkButton *link_button;
  GtkLabel      *link_label;
  GtkLabel      *origin_label;
  GtkTextView   *text_view;
  GtkLabel      *empty_label;

  /* borrowed: tags of the buffer's table */
  GtkTextTag *body_tag;
  GtkTextTag *quote_tag;
  GtkTextTag *marker_tag;
  GtkTextTag *link_tag;
  GtkTextTag *support_tag;

  /* owned */
  WdSource  *source;
  GArray    *segments;   /* WdSourceSegment, in buffer (and source) order */
  GPtrArray *link_tags;  /* one anonymous tag per link, carrying its URI */
  int        column_width;
  gboolean   over_link;
};

void           _wd_source_view_render        (WdSourceView   *self,
                                              const char     *text,
                                              PangoDirection  direction);
void           _wd_source_view_clear_text    (WdSourceView   *self);
PangoDirection _wd_source_view_find_base_dir (const char     *text,
                                              int             length);

G_END_DECLS
