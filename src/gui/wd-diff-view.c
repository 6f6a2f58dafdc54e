/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-diff-view"

#include <adwaita.h>

#include "text/wd-diff.h"
#include "wd-diff-view.h"

/* A read-only text view that shows a word-level comparison of two texts:
 * the words only in the old one tagged "deleted" (struck through, in the
 * error colour), those only in the new one tagged "inserted" (tinted in
 * the success colour), the rest plain.
 *
 * The strike is drawn here rather than by the tag: GTK 4.8's GL renderer
 * loses the thin line Pango asks for in a text view, so deleted words
 * would read as merely red. */
struct _WdDiffView
{
  GtkTextView  parent_instance;

  GtkTextTag  *deleted;   /* owned by the buffer's tag table */
  GtkTextTag  *inserted;
  GdkRGBA      strike_color;
  guint        colors_source;
};

G_DEFINE_FINAL_TYPE (WdDiffView, wd_diff_view, GTK_TYPE_TEXT_VIEW)

static void
lookup_color (WdDiffView *self,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

/* libadwaita's error and success colours differ between its light and
 * dark styles. */
static void
update_colors (WdDiffView *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA error_fg, success_fg, error_bg, success_bg;

  lookup_color (self, "error_color", dark ? "#ff7b63" : "#c01c28", &error_fg);
  lookup_color (self, "success_color", dark ? "#8ff0a4" : "#1b8553", &success_fg);
  error_bg = error_fg;
  error_bg.alpha = 0.12f;
  success_bg = success_fg;
  success_bg.alpha = 0.18f;
  self->strike_color = error_fg;
  g_object_set (self->deleted,
                "foreground-rgba", &error_fg,
                "background-rgba", &error_bg,
                NULL);
  g_object_set (self->inserted,
                "foreground-rgba", &success_fg,
                "background-rgba", &success_bg,
                NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
update_colors_idle (gpointer data)
{
  WdDiffView *self = data;

  self->colors_source = 0;
  update_colors (self);
  return G_SOURCE_REMOVE;
}

/* libadwaita loads the other style sheet after it notifies "dark", so
 * the colours are looked up once it has, still before the next frame. */
static void
on_style_manager_dark_changed (WdDiffView *self)
{
  if (self->colors_source == 0)
    self->colors_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_colors_idle, self, NULL);
}

/* One line through the visible characters of [start, end) on each
 * display line they cover; spaces at the end of a run stay unstruck so
 * the line stops at the last deleted word. */
static void
snapshot_strike (WdDiffView        *self,
                 GtkSnapshot       *snapshot,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 int                strike_offset,
                 int                thickness)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter = *start;
  gboolean open = FALSE;
  int line_y = 0, x0 = 0, x1 = 0;

  for (; gtk_text_iter_compare (&iter, end) < 0; gtk_text_iter_forward_char (&iter))
    {
      GdkRectangle rect;

      if (g_unichar_isspace (gtk_text_iter_get_char (&iter)))
        continue;
      gtk_text_view_get_iter_location (view, &iter, &rect);
      if (open && rect.y != line_y)
        {
          gtk_snapshot_append_color (snapshot, &self->strike_color,
                                     &GRAPHENE_RECT_INIT (x0, line_y + strike_offset,
                                                          x1 - x0, thickness));
          open = FALSE;
        }
      if (!open)
        {
          line_y = rect.y;
          x0 = rect.x;
          open = TRUE;
        }
      x1 = rect.x + rect.width;
    }
  if (open)
    gtk_snapshot_append_color (snapshot, &self->strike_color,
                               &GRAPHENE_RECT_INIT (x0, line_y + strike_offset,
                                                    x1 - x0, thickness));
}

static void
wd_diff_view_snapshot_layer (GtkTextView      *view,
                             GtkTextViewLayer  layer,
                             GtkSnapshot      *snapshot)
{
  WdDiffView *self = WD_DIFF_VIEW (view);
  PangoContext *context;
  PangoFontMetrics *metrics;
  GtkTextIter iter, end;
  GdkRectangle visible;
  int strike_offset, thickness;

  if (GTK_TEXT_VIEW_CLASS (wd_diff_view_parent_class)->snapshot_layer != NULL)
    GTK_TEXT_VIEW_CLASS (wd_diff_view_parent_class)->snapshot_layer (view, layer, snapshot);
  if (layer != GTK_TEXT_VIEW_LAYER_ABOVE_TEXT)
    return;

  /* Where the font puts its strike, below the top of a line. */
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  strike_offset = PANGO_PIXELS (pango_font_metrics_get_ascent (metrics) -
                                pango_font_metrics_get_strikethrough_position (metrics));
  thickness = MAX (1, PANGO_PIXELS (pango_font_metrics_get_strikethrough_thickness (metrics)));
  pango_font_metrics_unref (metrics);

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, NULL);
  gtk_text_view_get_line_at_y (view, &end, visible.y + visible.height, NULL);
  gtk_text_iter_forward_to_line_end (&end);

  if (!gtk_text_iter_starts_tag (&iter, self->deleted) &&
      !gtk_text_iter_has_tag (&iter, self->deleted))
    gtk_text_iter_forward_to_tag_toggle (&iter, self->deleted);
  while (gtk_text_iter_compare (&iter, &end) < 0)
    {
      GtkTextIter run_end = iter;

      gtk_text_iter_forward_to_tag_toggle (&run_end, self->deleted);
      snapshot_strike (self, snapshot, &iter, &run_end, strike_offset, thickness);
      iter = run_end;
      if (!gtk_text_iter_forward_to_tag_toggle (&iter, self->deleted))
        break;
    }
}

/**
 * wd_diff_view_new:
 *
 * Creates an empty, read-only comparison view.
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
wd_diff_view_new (void)
{
  return g_object_new (WD_TYPE_DIFF_VIEW, NULL);
}

/**
 * wd_diff_view_show_diff:
 * @self: a #WdDiffView
 * @old_text: (nullable): the earlier text
 * @new_text: (nullable): the later text
 *
 * Shows both texts merged word by word: the words only in @old_text in
 * the "deleted" tag, those only in @new_text in the "inserted" tag, in
 * the order wd_text_diff_words() gives.
 */
void
wd_diff_view_show_diff (WdDiffView *self,
                        const char *old_text,
                        const char *new_text)
{
  GtkTextBuffer *buffer;
  g_autoptr(GPtrArray) chunks = NULL;
  GtkTextIter end;

  g_return_if_fail (WD_IS_DIFF_VIEW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  chunks = wd_text_diff_words (old_text != NULL ? old_text : "",
                               new_text != NULL ? new_text : "");
  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_get_end_iter (buffer, &end);
  for (guint i = 0; i < chunks->len; i++)
    {
      WdDiffChunk *chunk = g_ptr_array_index (chunks, i);

      switch (chunk->op)
        {
        case WD_DIFF_EQUAL:
          gtk_text_buffer_insert (buffer, &end, chunk->text, -1);
          break;
        case WD_DIFF_DELETE:
          gtk_text_buffer_insert_with_tags (buffer, &end, chunk->text, -1, self->deleted, NULL);
          break;
        case WD_DIFF_INSERT:
          gtk_text_buffer_insert_with_tags (buffer, &end, chunk->text, -1, self->inserted, NULL);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * wd_diff_view_show_text:
 * @self: a #WdDiffView
 * @text: (nullable): a text
 *
 * Shows @text as it is, untagged.
 */
void
wd_diff_view_show_text (WdDiffView *self,
                        const char *text)
{
  g_return_if_fail (WD_IS_DIFF_VIEW (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)),
                            text != NULL ? text : "", -1);
}

static void
wd_diff_view_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (wd_diff_view_parent_class)->realize (widget);

  /* The style is complete once the view is in its window. */
  update_colors (WD_DIFF_VIEW (widget));
}

static void
wd_diff_view_dispose (GObject *object)
{
  WdDiffView *self = WD_DIFF_VIEW (object);

  g_clear_handle_id (&self->colors_source, g_source_remove);

  G_OBJECT_CLASS (wd_diff_view_parent_class)->dispose (object);
}

static void
wd_diff_view_class_init (WdDiffViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = wd_diff_view_dispose;
  widget_class->realize = wd_diff_view_realize;
  text_view_class->snapshot_layer = wd_diff_view_snapshot_layer;
}

static void
wd_diff_view_init (WdDiffView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  self->deleted = gtk_text_buffer_create_tag (buffer, "deleted", NULL);
  self->inserted = gtk_text_buffer_create_tag (buffer, "inserted", NULL);
  update_colors (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_style_manager_dark_changed), self,
                           G_CONNECT_SWAPPED);
}
