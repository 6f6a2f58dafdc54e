/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-source-view"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "wd-format.h"
#include "wd-source-view-private.h"

/*
 * A source article, readable: a header (title; byline, publisher and date;
 * a link to the original) above the text in a column of about 70
 * characters, in the article's language and direction. The rendering of
 * the text is in wd-source-view-render.c.
 */

G_DEFINE_FINAL_TYPE (WdSourceView, wd_source_view, GTK_TYPE_WIDGET)

enum {
  PARAGRAPH_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_COLUMN_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Direction and language */

static gboolean
language_is_rtl (const char *language)
{
  static const char * const rtl_languages[] = {
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "khw", "ks", "mzn", "nqo", "pnb",
    "ps", "sd", "syr", "ug", "ur", "yi", NULL,
  };
  static const char * const rtl_scripts[] = {
    "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr", NULL,
  };
  static const char * const ltr_scripts[] = { "latn", "cyrl", "deva", NULL };
  g_autofree char *lower = NULL;
  g_auto(GStrv) parts = NULL;

  if (language == NULL || *language == '\0')
    return FALSE;

  lower = g_ascii_strdown (language, -1);
  g_strdelimit (lower, "_", '-');
  parts = g_strsplit (lower, "-", -1);

  /* A script subtag wins over the language: "ku-Arab" is written right to
   * left, "pa-Guru" or "ks-Deva" is not. */
  for (guint i = 1; parts[i] != NULL; i++)
    {
      if (g_strv_contains (rtl_scripts, parts[i]))
        return TRUE;
      if (g_strv_contains (ltr_scripts, parts[i]))
        return FALSE;
    }

  return g_strv_contains (rtl_languages, parts[0]);
}

static gboolean
language_is_known (const char *language)
{
  return language != NULL && g_ascii_isalpha (language[0]) && g_ascii_isalpha (language[1]);
}

static PangoDirection
direction_of_source (WdSource *source)
{
  const char *language = wd_source_get_language (source);
  const char *title = wd_source_get_title (source);
  const char *text = wd_source_get_text (source);
  PangoDirection title_direction = PANGO_DIRECTION_NEUTRAL;
  PangoDirection text_direction = PANGO_DIRECTION_NEUTRAL;

  if (title != NULL)
    title_direction = _wd_source_view_find_base_dir (title, -1);
  if (text != NULL)
    text_direction = _wd_source_view_find_base_dir (text, (int) MIN (strlen (text), 4096));

  /* Sites often leave their template's lang="en" on every page: a title
   * and a text that both start right to left outweigh it. */
  if (title_direction == PANGO_DIRECTION_RTL && text_direction == PANGO_DIRECTION_RTL)
    return PANGO_DIRECTION_RTL;

  if (language_is_known (language))
    return language_is_rtl (language) ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;

  /* No language: the letters tell. */
  if (title_direction == PANGO_DIRECTION_NEUTRAL)
    title_direction = text_direction;
  return title_direction == PANGO_DIRECTION_RTL ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
}

/* The header */

static char *
display_host (const char *url,
              WdSource   *source)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  g_autofree char *unicode = NULL;

  if (host == NULL || *host == '\0')
    host = wd_source_get_publisher_domain (source);
  if (host == NULL || *host == '\0')
    return g_strdup (url);

  unicode = g_hostname_to_unicode (host);
  if (unicode != NULL)
    host = unicode;
  if (g_str_has_prefix (host, "www."))
    host += 4;
  return g_strdup (host);
}

static void
show_link (WdSourceView *self,
           WdSource     *source)
{
  const char *url = NULL;
  const char *scheme = NULL;
  g_autofree char *label = NULL;
  g_autofree char *tooltip = NULL;
  const char *origin = NULL;

  if (source != NULL)
    {
      url = wd_source_get_canonical_url (source);
      if (url == NULL || *url == '\0')
        url = wd_source_get_url (source);
    }
  if (url != NULL && *url != '\0')
    scheme = g_uri_peek_scheme (url);

  if (scheme != NULL && (g_str_equal (scheme, "http") || g_str_equal (scheme, "https")))
    {
      label = display_host (url, source);
      tooltip = g_strdup (url);
    }
  else if (scheme != NULL && g_str_equal (scheme, "file"))
    {
      g_autofree char *path = g_filename_from_uri (url, NULL, NULL);

      /* A local file opens in whatever the desktop opens it with. */
      if (path != NULL)
        {
          label = g_filename_display_basename (path);
          tooltip = g_filename_display_name (path);
        }
      else
        origin = url;
    }
  else if (scheme != NULL && g_str_equal (scheme, "urn"))
    origin = _("Pasted text");
  else
    origin = url;

  if (label != NULL)
    {
      gtk_label_set_label (self->link_label, label);
      gtk_link_button_set_uri (self->link_button, url);
      gtk_link_button_set_visited (self->link_button, FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_button), tooltip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->link_button), label != NULL);

  gtk_label_set_label (self->origin_label, origin != NULL ? origin : "");
  gtk_widget_set_visible (GTK_WIDGET (self->origin_label), origin != NULL && *origin != '\0');
}

static void
show_header (WdSourceView *self,
             WdSource     *source)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *date = NULL;
  const char *parts[3] = { NULL, };
  const char *title = NULL;

  if (source != NULL)
    {
      const char *publisher = wd_source_get_publisher_name (source);

      if (publisher == NULL || *publisher == '\0')
        publisher = wd_source_get_publisher_domain (source);
      title = wd_source_get_title (source);
      date = wd_format_date_long (wd_source_get_published_at (source));
      parts[0] = wd_source_get_byline (source);
      parts[1] = publisher;
      parts[2] = date;

      /* Agencies often sign as themselves: "Reuters · Reuters" says it twice. */
      if (parts[0] != NULL && parts[1] != NULL && g_ascii_strcasecmp (parts[0], parts[1]) == 0)
        parts[1] = NULL;
    }

  if (title != NULL && *title != '\0')
    {
      gtk_label_set_label (self->title_label, title);
      gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->title_label, _("Untitled source"));
      gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "dim-label");
    }

  /* Who and when on one line, leaving out what the source does not say. */
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (meta->len > 0)
        g_string_append (meta, " · ");
      g_string_append (meta, parts[i]);
    }
  gtk_label_set_label (self->meta_label, meta->str);
  gtk_widget_set_visible (GTK_WIDGET (self->meta_label), meta->len > 0);

  show_link (self, source);
}

/* A widget does not take its parent's direction in GTK 4: the article's
 * goes to every widget inside, down to the link button's label. */
static void
set_direction (GtkWidget        *widget,
               GtkTextDirection  direction)
{
  gtk_widget_set_direction (widget, direction);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    set_direction (c, direction);
}

static void
show_source (WdSourceView *self,
             gboolean      same_text)
{
  WdSource *source = self->source;
  const char *text = source != NULL ? wd_source_get_text (source) : NULL;
  const char *language = source != NULL ? wd_source_get_language (source) : NULL;
  PangoDirection direction = PANGO_DIRECTION_LTR;
  gboolean has_text;

  if (source != NULL)
    {
      direction = direction_of_source (source);
      set_direction (GTK_WIDGET (self),
                     direction == PANGO_DIRECTION_RTL ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
    }
  else
    set_direction (GTK_WIDGET (self), GTK_TEXT_DIR_NONE);

  show_header (self, source);

  /* The language picks the glyph variants of Han characters and the line
   * breaking rules. */
  if (language_is_known (language))
    {
      g_autofree char *tag = g_strdelimit (g_strdup (language), "_", '-');

      g_object_set (self->body_tag, "language", tag, NULL);
    }
  else
    g_object_set (self->body_tag, "language-set", FALSE, NULL);

  has_text = text != NULL && *text != '\0';
  if (!same_text)
    {
      if (has_text)
        _wd_source_view_render (self, text, direction);
      else
        _wd_source_view_clear_text (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->text_view), has_text);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), source != NULL && !has_text);
}

/* Opening links */

static void
show_toast (WdSourceView *self,
            const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

typedef struct
{
  WdSourceView *self;
  char         *uri;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->self);
  g_free (data->uri);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
on_uri_shown (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (GTK_WINDOW (source_object), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Opening %s failed: %s", data->uri, error->message);
  {
    g_autofree char *message =
      g_strdup_printf (_("Wiredesk could not open %s; copy the address from the link’s menu "
                         "and open it yourself."), data->uri);

    show_toast (data->self, message);
  }
}

static void
open_uri (WdSourceView *self,
          const char   *uri)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  OpenData *data;

  if (!GTK_IS_WINDOW (root))
    return;

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->uri = g_strdup (uri);
  /* GTK 4.8 has no GtkUriLauncher; this asks the portal or GIO, with the
   * window as the parent of whatever the desktop shows. */
  gtk_show_uri_full (GTK_WINDOW (root), uri, GDK_CURRENT_TIME, NULL, on_uri_shown, data);
}

static gboolean
on_link_button_activate_link (WdSourceView  *self,
                              GtkLinkButton *button)
{
  open_uri (self, gtk_link_button_get_uri (button));
  gtk_link_button_set_visited (button, TRUE);
  return TRUE;
}

static const char *
uri_at (WdSourceView *self,
        double        x,
        double        y)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return NULL;

  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *uri = g_object_get_data (l->data, "wd-uri");

      if (uri != NULL)
        return uri;
    }
  return NULL;
}

static void
on_text_click_released (WdSourceView    *self,
                        int              n_press,
                        double           x,
                        double           y,
                        GtkGestureClick *gesture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *uri;

  /* A drag that selected text is not a click on the link under it. */
  if (n_press != 1 || gtk_text_buffer_get_has_selection (buffer))
    return;

  uri = uri_at (self, x, y);
  if (uri != NULL)
    {
      open_uri (self, uri);
      return;
    }

  /* A click on a paragraph: its place in the source's text, for the
   * drafts that draw on it. */
  {
    GtkTextIter start, end;
    gssize from, to;
    int bx, by;

    gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                           (int) x, (int) y, &bx, &by);
    if (!gtk_text_view_get_iter_at_location (self->text_view, &start, bx, by))
      return;
    end = start;
    gtk_text_iter_set_line_offset (&start, 0);
    if (!gtk_text_iter_ends_line (&end))
      gtk_text_iter_forward_to_line_end (&end);
    from = wd_source_view_buffer_to_source (self, gtk_text_iter_get_offset (&start));
    to = wd_source_view_buffer_to_source (self, gtk_text_iter_get_offset (&end));
    if (from >= 0 && to > from)
      g_signal_emit (self, signals[PARAGRAPH_ACTIVATED], 0, (guint64) from, (guint64) to);
  }
}

static void
on_text_motion (WdSourceView             *self,
                double                    x,
                double                    y,
                GtkEventControllerMotion *motion)
{
  gboolean over_link = uri_at (self, x, y) != NULL;

  /* Only on a change: setting a cursor makes a new one each time. */
  if (over_link == self->over_link)
    return;
  self->over_link = over_link;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view), over_link ? "pointer" : "text");
}

/* Colours and measure from the theme */

static void
update_from_style (WdSourceView *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  PangoContext *pango_context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics;
  GdkRGBA color;
  GdkRGBA accent;
  int char_width;
  int width;

  /* Quotes and list markers are the text's colour, softened; links take
   * the accent. Both follow the light or dark style. */
  if (self->quote_tag == NULL)
    return;

  /* GtkStyleContext is the way to read theme colours on GTK 4.8. */
  gtk_style_context_get_color (context, &color);
  if (!gtk_style_context_lookup_color (context, "accent_color", &accent))
    accent = (GdkRGBA) { 0.11, 0.44, 0.85, 1.0 };
  color.alpha *= 0.72;
  g_object_set (self->quote_tag, "foreground-rgba", &color, NULL);
  g_object_set (self->marker_tag, "foreground-rgba", &color, NULL);
  g_object_set (self->link_tag, "foreground-rgba", &accent, NULL);

  /* A line of about MEASURE_CHARS characters of the body font reads best;
   * wider, the eye loses its place going back to the next line. */
  metrics = pango_context_get_metrics (pango_context, NULL, NULL);
  char_width = pango_font_metrics_get_approximate_char_width (metrics);
  pango_font_metrics_unref (metrics);
  width = (int) ceil (MEASURE_CHARS * BODY_SCALE * char_width / PANGO_SCALE);
  width = MAX (width, 320);
  if (width != self->column_width)
    {
      self->column_width = width;
      adw_clamp_set_maximum_size (self->clamp, width);
      adw_clamp_set_tightening_threshold (self->clamp, width);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLUMN_WIDTH]);
    }
}

/* Public API */

/**
 * wd_source_view_new:
 *
 * Creates an empty view of a source article.
 *
 * Returns: (transfer full): a new #WdSourceView
 */
GtkWidget *
wd_source_view_new (void)
{
  return g_object_new (WD_TYPE_SOURCE_VIEW, NULL);
}

/**
 * wd_source_view_get_source:
 * @self: a #WdSourceView
 *
 * Returns: (transfer none) (nullable): the source shown
 */
WdSource *
wd_source_view_get_source (WdSourceView *self)
{
  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), NULL);

  return self->source;
}

/**
 * wd_source_view_set_source:
 * @self: a #WdSourceView
 * @source: (nullable): the source article to show
 *
 * Shows @source: its header, and its text rendered from Markdown, in the
 * direction and language of the article. The same article again (a reload
 * of the brief after an edit) keeps the text as it is, with the reader's
 * selection.
 */
void
wd_source_view_set_source (WdSourceView *self,
                           WdSource     *source)
{
  gboolean same_text;

  g_return_if_fail (WD_IS_SOURCE_VIEW (self));
  g_return_if_fail (source == NULL || WD_IS_SOURCE (source));

  if (self->source == source)
    return;

  same_text = self->source != NULL && source != NULL &&
              wd_source_get_id (self->source) == wd_source_get_id (source) &&
              wd_source_get_id (source) > 0 &&
              g_strcmp0 (wd_source_get_text (self->source), wd_source_get_text (source)) == 0 &&
              g_strcmp0 (wd_source_get_title (self->source), wd_source_get_title (source)) == 0;

  g_set_object (&self->source, source);
  show_source (self, same_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * wd_source_view_get_column_width:
 * @self: a #WdSourceView
 *
 * The widest the text column grows, in pixels: about 70 characters of the
 * body font. A container can align other content with it.
 *
 * Returns: the width in pixels
 */
int
wd_source_view_get_column_width (WdSourceView *self)
{
  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), 0);

  return self->column_width;
}

/**
 * wd_source_view_get_text_view:
 * @self: a #WdSourceView
 *
 * The read-only text view of the body, for highlighting and for finding
 * where a passage is on screen (gtk_text_view_get_iter_location()). It
 * does not scroll itself: the view sits in its container's scroller.
 *
 * Returns: (transfer none): the text view
 */
GtkTextView *
wd_source_view_get_text_view (WdSourceView *self)
{
  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), NULL);

  return self->text_view;
}

/**
 * wd_source_view_get_buffer:
 * @self: a #WdSourceView
 *
 * The buffer the body is rendered into: the source's words without the
 * Markdown marks, a line per paragraph, heading or list item, with tags
 * named "heading-1" … "heading-4", "quote", "list-item", "code-block",
 * "emphasis", "strong", "code" and "link". Callers may add their own tags
 * (highlights) but must not change the text.
 *
 * Returns: (transfer none): the buffer
 */
GtkTextBuffer *
wd_source_view_get_buffer (WdSourceView *self)
{
  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), NULL);

  return gtk_text_view_get_buffer (self->text_view);
}

/**
 * wd_source_view_source_to_buffer:
 * @self: a #WdSourceView
 * @source_offset: a byte offset into the source's text
 *
 * Where a place in the source's text (wd_source_get_text(), in bytes) is
 * in the buffer (in characters, as gtk_text_buffer_get_iter_at_offset()
 * takes it). A place inside a dropped Markdown mark maps to the next
 * shown character. Words keep their order, so the start and end of a
 * source sentence map to the start and end of the same words on screen.
 *
 * Returns: the character offset, or -1 when no text is shown
 */
int
wd_source_view_source_to_buffer (WdSourceView *self,
                                 gsize         source_offset)
{
  const char *text;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), -1);

  if (self->source == NULL || self->segments->len == 0)
    return -1;

  text = wd_source_get_text (self->source);
  hi = self->segments->len;

  /* The first segment that ends after the offset. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      WdSourceSegment *segment = &g_array_index (self->segments, WdSourceSegment, mid);

      if (segment->source_offset + segment->n_bytes <= source_offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == self->segments->len)
    return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->text_view));

  {
    WdSourceSegment *segment = &g_array_index (self->segments, WdSourceSegment, lo);

    if (source_offset <= segment->source_offset)
      return segment->buffer_offset;
    return segment->buffer_offset +
           (int) g_utf8_pointer_to_offset (text + segment->source_offset, text + source_offset);
  }
}

/**
 * wd_source_view_buffer_to_source:
 * @self: a #WdSourceView
 * @buffer_offset: a character offset into the buffer
 *
 * The inverse of wd_source_view_source_to_buffer(): where a buffer place
 * comes from in the source's text, in bytes. A character the view added
 * (a bullet, the break between blocks) maps to the source text that
 * follows it.
 *
 * Returns: the byte offset, or -1 when no text is shown
 */
gssize
wd_source_view_buffer_to_source (WdSourceView *self,
                                 int           buffer_offset)
{
  const char *text;
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), -1);

  if (self->source == NULL || self->segments->len == 0)
    return -1;

  text = wd_source_get_text (self->source);
  hi = self->segments->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      WdSourceSegment *segment = &g_array_index (self->segments, WdSourceSegment, mid);

      if (segment->buffer_offset + segment->n_chars <= buffer_offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == self->segments->len)
    return (gssize) strlen (text);

  {
    WdSourceSegment *segment = &g_array_index (self->segments, WdSourceSegment, lo);

    if (buffer_offset <= segment->buffer_offset)
      return (gssize) segment->source_offset;
    return g_utf8_offset_to_pointer (text + segment->source_offset,
                                     buffer_offset - segment->buffer_offset) - text;
  }
}

/* GObject */

static void
wd_source_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (wd_source_view_parent_class)->css_changed (widget, change);

  update_from_style (WD_SOURCE_VIEW (widget));
}

static void
wd_source_view_dispose (GObject *object)
{
  WdSourceView *self = WD_SOURCE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_SOURCE_VIEW);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (wd_source_view_parent_class)->dispose (object);
}

static void
wd_source_view_finalize (GObject *object)
{
  WdSourceView *self = WD_SOURCE_VIEW (object);

  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->link_tags, g_ptr_array_unref);

  G_OBJECT_CLASS (wd_source_view_parent_class)->finalize (object);
}

static void
wd_source_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WdSourceView *self = WD_SOURCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_COLUMN_WIDTH:
      g_value_set_int (value, self->column_width);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_source_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WdSourceView *self = WD_SOURCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      wd_source_view_set_source (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_source_view_class_init (WdSourceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_source_view_dispose;
  object_class->finalize = wd_source_view_finalize;
  object_class->get_property = wd_source_view_get_property;
  object_class->set_property = wd_source_view_set_property;

  widget_class->css_changed = wd_source_view_css_changed;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         WD_TYPE_SOURCE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_COLUMN_WIDTH] =
    g_param_spec_int ("column-width", NULL, NULL,
                      0, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (ADW_TYPE_CLAMP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wd-source-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, clamp);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, title_label);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, link_button);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, link_label);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, origin_label);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, text_view);
  gtk_widget_class_bind_template_child (widget_class, WdSourceView, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, on_link_button_activate_link);
  gtk_widget_class_set_css_name (widget_class, "wdsourceview");

  /**
   * WdSourceView::paragraph-activated:
   * @start: where the paragraph starts in the source's text (bytes)
   * @end: where it ends
   *
   * The editor clicked a paragraph of the source.
   */
  signals[PARAGRAPH_ACTIVATED] =
    g_signal_new ("paragraph-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
create_tags (WdSourceView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  static const double heading_scale[] = { 1.75, 1.45, 1.25, 1.12 };

  /* A tag created later wins where two set the same property: the gaps
   * come before the headings' own, and inline styles last. */
  self->body_tag = gtk_text_buffer_create_tag (buffer, "body",
                                               "scale", BODY_SCALE,
                                               "line-height", 1.45f,
                                               NULL);
  /* Source sentences that support the draft sentence under the cursor. */
  self->support_tag = gtk_text_buffer_create_tag (buffer, "support",
                                                  "background-rgba",
                                                  &(GdkRGBA) { 0.96, 0.76, 0.07, 0.28 },
                                                  NULL);
  /* Source text the draft copies (the review's copy guard). */
  gtk_text_buffer_create_tag (buffer, "copied",
                              "background-rgba", &(GdkRGBA) { 0.66, 0.32, 0.74, 0.24 },
                              NULL);
  gtk_text_buffer_create_tag (buffer, "gap-block", "pixels-above-lines", 14, NULL);
  gtk_text_buffer_create_tag (buffer, "gap-item", "pixels-above-lines", 4, NULL);
  gtk_text_buffer_create_tag (buffer, "gap-heading", "pixels-above-lines", 26, NULL);
  gtk_text_buffer_create_tag (buffer, "gap-after-heading", "pixels-above-lines", 8, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (heading_scale); i++)
    {
      g_autofree char *name = g_strdup_printf ("heading-%u", i + 1);

      gtk_text_buffer_create_tag (buffer, name,
                                  "weight", PANGO_WEIGHT_BOLD,
                                  "scale", heading_scale[i],
                                  "line-height", 1.2f,
                                  NULL);
    }

  self->quote_tag = gtk_text_buffer_create_tag (buffer, "quote", NULL);
  gtk_text_buffer_create_tag (buffer, "list-item", NULL);
  self->marker_tag = gtk_text_buffer_create_tag (buffer, "list-marker", NULL);
  gtk_text_buffer_create_tag (buffer, "code-block",
                              "family", "monospace",
                              "scale", BODY_SCALE * 0.92,
                              "line-height", 1.3f,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "code", "family", "monospace", NULL);
  gtk_text_buffer_create_tag (buffer, "emphasis", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "strong", "weight", PANGO_WEIGHT_BOLD, NULL);
  self->link_tag = gtk_text_buffer_create_tag (buffer, "link",
                                               "underline", PANGO_UNDERLINE_SINGLE,
                                               NULL);
}

static void
wd_source_view_init (WdSourceView *self)
{
  GtkGesture *click;
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->segments = g_array_new (FALSE, FALSE, sizeof (WdSourceSegment));
  self->link_tags = g_ptr_array_new_with_free_func (g_object_unref);
  create_tags (self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_text_click_released), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_text_motion), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), motion);

  gtk_widget_set_visible (GTK_WIDGET (self->link_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->origin_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->meta_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->text_view), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), FALSE);
  self->column_width = adw_clamp_get_maximum_size (self->clamp);
}

/**
 * wd_source_view_highlight:
 * @self: a #WdSourceView
 * @starts: (array length=n_spans): byte offsets into the source's text
 * @ends: (array length=n_spans): byte offsets where each span ends
 * @n_spans: how many spans; 0 clears the highlight
 *
 * Highlights spans of the source's text (the sentences that support what
 * the editor's cursor is in).
 *
 * Returns: the buffer offset of the first span, or -1 for none
 */
int
wd_source_view_highlight (WdSourceView *self,
                          const gsize  *starts,
                          const gsize  *ends,
                          guint         n_spans)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  int first = -1;

  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), -1);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->support_tag, &start, &end);
  for (guint i = 0; i < n_spans; i++)
    {
      int from = wd_source_view_source_to_buffer (self, starts[i]);
      int to = wd_source_view_source_to_buffer (self, ends[i]);

      if (from < 0 || to <= from)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_apply_tag (buffer, self->support_tag, &start, &end);
      if (first < 0 || from < first)
        first = from;
    }
  return first;
}

static GtkTextTag *
copied_tag (WdSourceView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  return gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "copied");
}

/**
 * wd_source_view_mark_copied:
 * @self: a #WdSourceView
 * @starts: (array length=n_spans): byte offsets into the source's text
 * @ends: (array length=n_spans): byte offsets where each span ends
 * @n_spans: how many spans; 0 clears the marks
 *
 * Highlights the spans of the source that the brief copies, as the
 * review checks found them.
 *
 * Returns: the buffer offset of the first span, or -1 for none
 */
int
wd_source_view_mark_copied (WdSourceView *self,
                            const gsize  *starts,
                            const gsize  *ends,
                            guint         n_spans)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  int first = -1;

  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), -1);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, copied_tag (self), &start, &end);
  for (guint i = 0; i < n_spans; i++)
    {
      int from = wd_source_view_source_to_buffer (self, starts[i]);
      int to = wd_source_view_source_to_buffer (self, ends[i]);

      if (from < 0 || to <= from)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_apply_tag (buffer, copied_tag (self), &start, &end);
      if (first < 0 || from < first)
        first = from;
    }
  return first;
}

/**
 * wd_source_view_has_copied_at:
 * @self: a #WdSourceView
 * @source_offset: a byte offset into the source's text
 *
 * Returns: whether the text there is marked as copied by the brief
 */
gboolean
wd_source_view_has_copied_at (WdSourceView *self,
                              gsize         source_offset)
{
  GtkTextIter iter;
  int offset;

  g_return_val_if_fail (WD_IS_SOURCE_VIEW (self), FALSE);

  offset = wd_source_view_source_to_buffer (self, source_offset);
  if (offset < 0)
    return FALSE;
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (self->text_view), &iter, offset);
  return gtk_text_iter_has_tag (&iter, copied_tag (self));
}
