/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-section-card"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "wd-format.h"
#include "wd-section-card.h"
#include "draft/wd-prompt.h"
#include "review/wd-support.h"
#include "text/wd-text.h"

/* How long typing may pause before what was typed is saved: well within
 * the second DESIGN.md allows. */
#define SAVE_DELAY_MS 400

struct _WdSectionCard
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkLabel      *heading_label;
  GtkLabel      *badge_label;
  GtkSpinner    *spinner;
  GtkLabel      *model_label;
  GtkButton     *stop_button;
  GtkMenuButton *regenerate_button;
  GtkPopover    *regenerate_popover;
  GtkEntry      *instruction_entry;
  GtkSourceView *text_view;
  GtkLabel      *words_label;
  GtkLabel      *share_label;
  GtkToggleButton *approve_button;
  GtkMenuButton *more_button;
  GtkLabel      *note_label;
  GtkLabel      *error_label;
  GtkExpander   *reasoning_expander;
  GtkLabel      *reasoning_label;

  WdSectionKind  kind;
  GtkSourceBuffer *buffer;
  GtkTextTag    *citation_tag;
  GtkTextTag    *draws_tag;   /* sentences drawing on the source paragraph clicked */
  GtkTextTag    *failure_tag; /* review: spans the checks fail */
  GtkTextTag    *warning_tag; /* review: spans to look at again */
  GtkTextTag    *copied_tag;  /* review: runs copied from the source */
  GArray        *review_marks; /* ReviewMark, the spans the tags cover */
  GString       *text;        /* what the buffer holds */
  GString       *reasoning;
  const char    *badge_class;
  guint          save_source; /* typing to save, after SAVE_DELAY_MS */
  guint          cursor_source; /* the cursor moved: its sentence, soon */
  guint          target_words;
  gboolean       drafting;
  gboolean       loading;     /* the card itself is changing the buffer */
  gboolean       saving;      /* a save of what was typed is on its way */
  gboolean       drafted;     /* the section has an AI draft to go back to */
};

G_DEFINE_FINAL_TYPE (WdSectionCard, wd_section_card, GTK_TYPE_WIDGET)

/* One span the review checks found, for its reason on hover; the text
 * marks move with the editor's typing until the next check. */
typedef struct {
  GtkTextMark      *start;
  GtkTextMark      *end;
  WdReviewSeverity  severity;
  char             *message;
} ReviewMark;

enum {
  REGENERATE,
  STOP,
  SAVE,
  APPROVE,
  REVERT,
  HISTORY,
  CURSOR_SENTENCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_badge (WdSectionCard *self,
           const char    *label,
           const char    *css_class)
{
  gtk_label_set_label (self->badge_label, label);
  /* An empty section says so in its body; the badge would repeat it. */
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label),
                          !self->drafting && g_strcmp0 (css_class, "empty") != 0);
  if (self->badge_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->badge_label), self->badge_class);
  self->badge_class = css_class;
  gtk_widget_add_css_class (GTK_WIDGET (self->badge_label), css_class);
}

/* Marks every [[brief:ID]] of the buffer as a citation, shown as a link
 * that opens the cited brief. */
static void
mark_citations (WdSectionCard *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end, match_start, match_end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->citation_tag, &start, &end);
  while (gtk_text_iter_forward_search (&start, "[[brief:", GTK_TEXT_SEARCH_TEXT_ONLY, &match_start,
                                       &match_end, NULL))
    {
      GtkTextIter close_start, close_end;

      if (!gtk_text_iter_forward_search (&match_end, "]]", GTK_TEXT_SEARCH_TEXT_ONLY,
                                         &close_start, &close_end, NULL) ||
          gtk_text_iter_get_offset (&close_start) - gtk_text_iter_get_offset (&match_end) > 18)
        {
          start = match_end;
          continue;
        }
      gtk_text_buffer_apply_tag (buffer, self->citation_tag, &match_start, &close_end);
      start = close_end;
    }
}

static void
update_words (WdSectionCard *self)
{
  guint n = wd_text_count_words (self->text->str);
  g_autofree char *label = NULL;

  if (self->target_words > 0)
    /* Translators: words written against the section's target, "42 / 120 words" */
    label = g_strdup_printf (ngettext ("%u / %u word", "%u / %u words", self->target_words),
                             n, self->target_words);
  else
    label = g_strdup_printf (ngettext ("%u word", "%u words", n), n);
  gtk_label_set_label (self->words_label, label);
  if (self->target_words > 0 && n > self->target_words + self->target_words / 4)
    gtk_widget_add_css_class (GTK_WIDGET (self->words_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->words_label), "warning");
}

/* Puts @text in the buffer without it counting as typing (or as a step of
 * undo). */
static void
show_text (WdSectionCard *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  g_autofree char *current = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (current, self->text->str) != 0)
    {
      self->loading = TRUE;
      gtk_text_buffer_begin_irreversible_action (buffer);
      gtk_text_buffer_set_text (buffer, self->text->str, self->text->len);
      gtk_text_buffer_end_irreversible_action (buffer);
      self->loading = FALSE;
    }
  mark_citations (self);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->text_view), !self->drafting);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->text_view), !self->drafting);
  update_words (self);
}

static gboolean
save_now (gpointer data)
{
  WdSectionCard *self = data;

  self->save_source = 0;
  g_signal_emit (self, signals[SAVE], 0, self->text->str);
  return G_SOURCE_REMOVE;
}

static void
on_buffer_changed (WdSectionCard *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading || self->drafting)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_string_assign (self->text, text);
  update_words (self);
  mark_citations (self);
  set_badge (self, _("Edited"), "edited");
  self->loading = TRUE;
  gtk_toggle_button_set_active (self->approve_button, FALSE);
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_button), self->text->len > 0);

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_now, self);
}

/**
 * wd_section_card_open_citation_at:
 * @self: a #WdSectionCard
 * @offset: a character offset in the section's text
 *
 * Opens the brief cited at @offset, when there is a [[brief:ID]] there.
 *
 * Returns: whether there was one
 */
gboolean
wd_section_card_open_citation_at (WdSectionCard *self,
                                  int            offset)
{
  GtkTextBuffer *buffer;
  GtkTextIter at, start, end;
  g_autofree char *cited = NULL;
  guint64 id = 0;

  g_return_val_if_fail (WD_IS_SECTION_CARD (self), FALSE);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &at, offset);
  if (!gtk_text_iter_has_tag (&at, self->citation_tag))
    return FALSE;
  start = end = at;
  if (!gtk_text_iter_starts_tag (&start, self->citation_tag))
    gtk_text_iter_backward_to_tag_toggle (&start, self->citation_tag);
  gtk_text_iter_forward_to_tag_toggle (&end, self->citation_tag);
  cited = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!g_str_has_prefix (cited, "[[brief:") || !g_str_has_suffix (cited, "]]"))
    return FALSE;
  cited[strlen (cited) - 2] = '\0';
  if (!g_ascii_string_to_unsigned (cited + strlen ("[[brief:"), 10, 1, G_MAXINT64, &id, NULL))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-brief", "x", (gint64) id);
  return TRUE;
}

static void
on_view_released (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  WdSectionCard   *self)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self->text_view), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self->text_view), &iter, bx, by))
    wd_section_card_open_citation_at (self, gtk_text_iter_get_offset (&iter));
}

/* The review's marks in libadwaita's error, warning and purple, lighter
 * on a dark background. */
static void
update_review_colors (WdSectionCard *self,
                      gboolean       dark)
{
  GdkRGBA error = dark ? (GdkRGBA) { 1.0, 0.482, 0.388, 1.0 }
                       : (GdkRGBA) { 0.753, 0.110, 0.157, 1.0 };
  GdkRGBA warning = dark ? (GdkRGBA) { 0.973, 0.894, 0.361, 1.0 }
                         : (GdkRGBA) { 0.682, 0.482, 0.012, 1.0 };
  GdkRGBA copied = dark ? (GdkRGBA) { 0.753, 0.380, 0.796, 0.30 }
                        : (GdkRGBA) { 0.569, 0.255, 0.675, 0.16 };

  g_object_set (self->failure_tag, "underline-rgba", &error, NULL);
  g_object_set (self->warning_tag, "underline-rgba", &warning, NULL);
  g_object_set (self->copied_tag, "background-rgba", &copied, NULL);
}

static void
review_mark_clear (ReviewMark *mark)
{
  GtkTextBuffer *buffer = gtk_text_mark_get_buffer (mark->start);

  if (buffer != NULL)
    {
      gtk_text_buffer_delete_mark (buffer, mark->start);
      gtk_text_buffer_delete_mark (buffer, mark->end);
    }
  g_clear_object (&mark->start);
  g_clear_object (&mark->end);
  g_clear_pointer (&mark->message, g_free);
}

static gboolean
on_view_query_tooltip (WdSectionCard *self,
                       int            x,
                       int            y,
                       gboolean       keyboard_mode,
                       GtkTooltip    *tooltip,
                       GtkWidget     *widget)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->text_view);
  GtkTextIter iter;
  const char *message;
  int bx, by;

  if (self->review_marks->len == 0)
    return FALSE;
  if (keyboard_mode)
    {
      GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
    }
  else
    {
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        return FALSE;
    }
  message = wd_section_card_get_review_message_at (self, gtk_text_iter_get_offset (&iter));
  if (message == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, message);
  return TRUE;
}

static void
on_dark_changed (WdSectionCard  *self,
                 GParamSpec     *pspec,
                 AdwStyleManager *manager)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
  update_review_colors (self, adw_style_manager_get_dark (manager));
}

static void
show_reasoning (WdSectionCard *self)
{
  gtk_label_set_label (self->reasoning_label, self->reasoning->str);
  gtk_widget_set_visible (GTK_WIDGET (self->reasoning_expander), self->reasoning->len > 0);
}

static void
on_stop_clicked (WdSectionCard *self)
{
  g_signal_emit (self, signals[STOP], 0);
}

static void
on_regenerate_clicked (WdSectionCard *self)
{
  g_autofree char *instruction =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->instruction_entry))));

  gtk_popover_popdown (self->regenerate_popover);
  gtk_editable_set_text (GTK_EDITABLE (self->instruction_entry), "");
  g_signal_emit (self, signals[REGENERATE], 0, *instruction != '\0' ? instruction : NULL);
}

/* Focus on the card goes to its editor. */
static gboolean
wd_section_card_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (WD_SECTION_CARD (widget)->text_view));
}

/* The sentence around the cursor: from after the last . ! ? or line
 * break before it to the next one after it. */
static char *
sentence_at_cursor (WdSectionCard *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end, cursor;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  start = end = cursor;
  while (!gtk_text_iter_is_start (&start))
    {
      GtkTextIter before = start;
      gunichar c;

      gtk_text_iter_backward_char (&before);
      c = gtk_text_iter_get_char (&before);
      if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
                        !gtk_text_iter_equal (&before, &cursor)))
        break;
      start = before;
    }
  while (!gtk_text_iter_is_end (&end))
    {
      gunichar c = gtk_text_iter_get_char (&end);

      gtk_text_iter_forward_char (&end);
      if (c == '.' || c == '!' || c == '?' || c == '\n')
        break;
    }
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (g_steal_pointer (&text));
}

static gboolean
emit_cursor_sentence (gpointer data)
{
  WdSectionCard *self = data;
  g_autofree char *sentence = NULL;

  self->cursor_source = 0;
  sentence = sentence_at_cursor (self);
  g_signal_emit (self, signals[CURSOR_SENTENCE], 0, *sentence != '\0' ? sentence : NULL);
  return G_SOURCE_REMOVE;
}

static void
on_cursor_moved (WdSectionCard *self)
{
  if (self->drafting || self->loading || !gtk_widget_has_focus (GTK_WIDGET (self->text_view)))
    return;
  g_clear_handle_id (&self->cursor_source, g_source_remove);
  self->cursor_source = g_timeout_add (120, emit_cursor_sentence, self);
}

static void
on_approve_toggled (WdSectionCard   *self,
                    GtkToggleButton *button)
{
  if (self->loading)
    return;
  g_signal_emit (self, signals[APPROVE], 0, gtk_toggle_button_get_active (button));
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REVERT], 0);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[HISTORY], 0);
}

static void
wd_section_card_dispose (GObject *object)
{
  WdSectionCard *self = WD_SECTION_CARD (object);
  GtkWidget *child;

  if (self->review_marks != NULL)
    g_array_set_size (self->review_marks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), WD_TYPE_SECTION_CARD);
  /* The rows the template does not name are children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wd_section_card_parent_class)->dispose (object);
}

static void
wd_section_card_finalize (GObject *object)
{
  WdSectionCard *self = WD_SECTION_CARD (object);

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->cursor_source, g_source_remove);
  g_string_free (self->text, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_clear_pointer (&self->review_marks, g_array_unref);

  G_OBJECT_CLASS (wd_section_card_parent_class)->finalize (object);
}

static void
wd_section_card_class_init (WdSectionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_section_card_dispose;
  object_class->finalize = wd_section_card_finalize;
  widget_class->grab_focus = wd_section_card_grab_focus;

  /**
   * WdSectionCard::regenerate:
   * @instruction: (nullable): what the editor asked for
   */
  signals[REGENERATE] =
    g_signal_new ("regenerate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * WdSectionCard::stop:
   */
  signals[STOP] =
    g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * WdSectionCard::save:
   * @text: the section as the editor left it
   *
   * The editor typed and paused (or the card was flushed): save @text.
   */
  signals[SAVE] =
    g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/wd-section-card.ui");
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, heading_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, badge_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, model_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, stop_button);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, regenerate_popover);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, instruction_entry);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, text_view);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, words_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, share_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, approve_button);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_approve_toggled);
  gtk_widget_class_install_action (widget_class, "card.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "card.history", NULL, history_action);

  /**
   * WdSectionCard::approve:
   * @approved: whether the editor approves the text
   */
  signals[APPROVE] =
    g_signal_new ("approve", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * WdSectionCard::revert:
   *
   * The editor asked for the AI draft back.
   */
  signals[REVERT] =
    g_signal_new ("revert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * WdSectionCard::history:
   *
   * The editor asked for the section's history.
   */
  signals[HISTORY] =
    g_signal_new ("history", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * WdSectionCard::cursor-sentence:
   * @sentence: (nullable): the sentence the editor's cursor is in
   */
  signals[CURSOR_SENTENCE] =
    g_signal_new ("cursor-sentence", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, note_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, reasoning_expander);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, reasoning_label);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_clicked);
  gtk_widget_class_set_css_name (widget_class, "wdsectioncard");
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
}

static void
wd_section_card_init (WdSectionCard *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->text = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view)));
  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages,
                                                                            "markdown"));
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  self->citation_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "citation",
                                                   "underline", PANGO_UNDERLINE_SINGLE,
                                                   "foreground", "#3584e4", NULL);
  self->draws_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "draws-on",
                                                "background-rgba",
                                                &(GdkRGBA) { 0.96, 0.76, 0.07, 0.28 },
                                                NULL);
  /* Created after the others, so their colours win over the Markdown
   * style's where both set one. */
  self->failure_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "review-failure",
                                                  "underline", PANGO_UNDERLINE_ERROR, NULL);
  self->warning_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "review-warning",
                                                  "underline", PANGO_UNDERLINE_ERROR, NULL);
  self->copied_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), "review-copied",
                                                 NULL);
  self->review_marks = g_array_new (FALSE, TRUE, sizeof (ReviewMark));
  g_array_set_clear_func (self->review_marks, (GDestroyNotify) review_mark_clear);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->text_view), TRUE);
  g_signal_connect_object (self->text_view, "query-tooltip", G_CALLBACK (on_view_query_tooltip),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (on_buffer_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "notify::cursor-position",
                           G_CALLBACK (on_cursor_moved), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_dark_changed), self,
                           G_CONNECT_SWAPPED);
  on_dark_changed (self, NULL, style);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_view_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));

  set_badge (self, _("Empty"), "empty");
  show_text (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.revert", FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_button), FALSE);
}

/**
 * wd_section_card_new:
 * @kind: the section the card shows
 *
 * Returns: (transfer floating): a new card
 */
GtkWidget *
wd_section_card_new (WdSectionKind kind)
{
  WdSectionCard *self = g_object_new (WD_TYPE_SECTION_CARD, NULL);
  g_autofree char *tooltip = NULL;

  self->kind = kind;
  self->target_words = wd_prompt_default_target_words (wd_prompt_kind_for_section (kind));
  update_words (self);
  gtk_label_set_label (self->heading_label, wd_format_section_heading (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  wd_format_section_heading (kind), -1);
  /* Translators: %s is a section's heading, such as "Summary" */
  tooltip = g_strdup_printf (_("Regenerate the %s"), wd_format_section_heading (kind));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->regenerate_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->regenerate_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return GTK_WIDGET (self);
}

WdSectionKind
wd_section_card_get_kind (WdSectionCard *self)
{
  g_return_val_if_fail (WD_IS_SECTION_CARD (self), WD_SECTION_SUMMARY);

  return self->kind;
}

/**
 * wd_section_card_set_section:
 * @self: a #WdSectionCard
 * @section: (nullable): the section as stored
 *
 * Shows the stored section. While a draft streams into the card, the
 * stored text waits until wd_section_card_end_draft().
 */
void
wd_section_card_set_section (WdSectionCard *self,
                             WdSection     *section)
{
  const char *text;

  g_return_if_fail (WD_IS_SECTION_CARD (self));

  if (self->drafting)
    return;
  /* What the editor typed is newer than what the archive holds until its
   * save has landed. */
  if (self->save_source != 0 || self->saving)
    return;

  text = section != NULL ? wd_section_get_text (section) : "";
  g_string_assign (self->text, text);
  show_text (self);

  self->loading = TRUE;
  gtk_toggle_button_set_active (self->approve_button,
                                section != NULL && wd_section_get_approved (section));
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->approve_button), *text != '\0');
  self->drafted = section != NULL && wd_section_get_edit_share (section) >= 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.revert", self->drafted);
  if (self->drafted && wd_section_get_edit_share (section) > 0.005)
    {
      /* Translators: how much of the AI draft the editor rewrote, "34 % rewritten" */
      g_autofree char *share = g_strdup_printf (_("%.0f %% rewritten"),
                                                wd_section_get_edit_share (section) * 100);

      gtk_label_set_label (self->share_label, share);
      gtk_widget_set_visible (GTK_WIDGET (self->share_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->share_label), FALSE);

  if (*text == '\0')
    set_badge (self, _("Empty"), "empty");
  else if (wd_section_get_approved (section))
    set_badge (self, _("Approved"), "approved");
  else if (wd_section_get_origin (section) == WD_ORIGIN_EDITOR)
    set_badge (self, _("Edited"), "edited");
  else if (wd_section_get_incomplete (section))
    set_badge (self, _("Incomplete"), "incomplete");
  else
    set_badge (self, _("AI draft"), "ai-draft");
}

/**
 * wd_section_card_begin_draft:
 * @self: a #WdSectionCard
 * @model: (nullable): the model drafting
 *
 * Clears the text for a draft streaming in: a spinner, the model's name
 * and Stop show until wd_section_card_end_draft().
 */
void
wd_section_card_begin_draft (WdSectionCard *self,
                             const char    *model)
{
  g_autofree char *drafting = NULL;

  g_return_if_fail (WD_IS_SECTION_CARD (self));

  self->drafting = TRUE;
  g_string_truncate (self->text, 0);
  g_string_truncate (self->reasoning, 0);
  show_text (self);
  show_reasoning (self);
  gtk_expander_set_expanded (self->reasoning_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->regenerate_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), FALSE);
  /* Translators: %s is a model's name, such as "qwen3:8b" */
  drafting = g_strdup_printf (_("Drafting with %s…"), model != NULL ? model : _("the model"));
  gtk_label_set_label (self->model_label, drafting);
}

/**
 * wd_section_card_append_delta:
 * @self: a #WdSectionCard
 * @kind: what @text is
 * @text: the piece that arrived
 *
 * Adds a piece of the draft as it streams in.
 */
void
wd_section_card_append_delta (WdSectionCard  *self,
                              WdLlmDeltaKind  kind,
                              const char     *text)
{
  g_return_if_fail (WD_IS_SECTION_CARD (self));

  switch (kind)
    {
    case WD_LLM_DELTA_TEXT:
      g_string_append (self->text, text);
      show_text (self);
      break;

    case WD_LLM_DELTA_REASONING:
      g_string_append (self->reasoning, text);
      show_reasoning (self);
      break;

    case WD_LLM_DELTA_TEXT_TO_REASONING:
    default:
      g_string_append (self->reasoning, self->text->str);
      g_string_truncate (self->text, 0);
      show_text (self);
      show_reasoning (self);
      break;
    }
}

/**
 * wd_section_card_end_draft:
 * @self: a #WdSectionCard
 * @error: (nullable): why the draft failed or stopped
 *
 * Ends the streaming state; the stored section shows again on the next
 * wd_section_card_set_section(). The reasoning stays for reading.
 */
void
wd_section_card_end_draft (WdSectionCard *self,
                           const char    *error)
{
  g_return_if_fail (WD_IS_SECTION_CARD (self));

  self->drafting = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->regenerate_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label),
                          g_strcmp0 (self->badge_class, "empty") != 0);
  gtk_label_set_label (self->model_label, "");
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  show_text (self);
}

/**
 * wd_section_card_set_note:
 * @self: a #WdSectionCard
 * @note: (nullable): why the last draft left the section alone
 */
void
wd_section_card_set_note (WdSectionCard *self,
                          const char    *note)
{
  g_return_if_fail (WD_IS_SECTION_CARD (self));

  gtk_label_set_label (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

gboolean
wd_section_card_get_drafting (WdSectionCard *self)
{
  g_return_val_if_fail (WD_IS_SECTION_CARD (self), FALSE);

  return self->drafting;
}

/**
 * wd_section_card_get_text:
 * @self: a #WdSectionCard
 *
 * Returns: the text the card shows ("" when empty)
 */
const char *
wd_section_card_get_text (WdSectionCard *self)
{
  g_return_val_if_fail (WD_IS_SECTION_CARD (self), NULL);

  return self->text->str;
}

/**
 * wd_section_card_toggle_approved:
 * @self: a #WdSectionCard
 *
 * Approves the section, or takes the approval back (Ctrl+Shift+A).
 */
void
wd_section_card_toggle_approved (WdSectionCard *self)
{
  g_return_if_fail (WD_IS_SECTION_CARD (self));

  if (gtk_widget_get_sensitive (GTK_WIDGET (self->approve_button)))
    gtk_toggle_button_set_active (self->approve_button,
                                  !gtk_toggle_button_get_active (self->approve_button));
}

/**
 * wd_section_card_mark_drawing_on:
 * @self: a #WdSectionCard
 * @support: (nullable): the source's sentences
 * @start: where a source paragraph starts (bytes into the source's text)
 * @end: where it ends
 * @floor: the support score a sentence needs
 *
 * Highlights the section's sentences whose best support lies in the
 * source paragraph from @start to @end; %NULL @support clears them.
 *
 * Returns: how many sentences were highlighted
 */
guint
wd_section_card_mark_drawing_on (WdSectionCard  *self,
                                 WdSupportIndex *support,
                                 gsize           start,
                                 gsize           end,
                                 double          floor)
{
  GtkTextBuffer *buffer;
  GtkTextIter from, to;
  guint n = 0;

  g_return_val_if_fail (WD_IS_SECTION_CARD (self), 0);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_bounds (buffer, &from, &to);
  gtk_text_buffer_remove_tag (buffer, self->draws_tag, &from, &to);
  if (support == NULL)
    return 0;

  /* Sentence by sentence: up to each . ! ? or line break. */
  gtk_text_buffer_get_start_iter (buffer, &from);
  while (!gtk_text_iter_is_end (&from))
    {
      g_autofree char *sentence = NULL;
      g_autoptr(GArray) spans = NULL;

      to = from;
      while (!gtk_text_iter_is_end (&to))
        {
          gunichar c = gtk_text_iter_get_char (&to);

          gtk_text_iter_forward_char (&to);
          if (c == '.' || c == '!' || c == '?' || c == '\n')
            break;
        }
      sentence = gtk_text_buffer_get_text (buffer, &from, &to, FALSE);
      spans = wd_support_find (support, sentence, 1, floor);
      if (spans->len > 0 && g_array_index (spans, WdSupportSpan, 0).start < end &&
          g_array_index (spans, WdSupportSpan, 0).end > start)
        {
          gtk_text_buffer_apply_tag (buffer, self->draws_tag, &from, &to);
          n++;
        }
      from = to;
    }
  return n;
}

/**
 * wd_section_card_flush:
 * @self: a #WdSectionCard
 *
 * Saves what the editor typed now instead of after the pause (switching
 * briefs, closing the window).
 *
 * Returns: whether there was something to save
 */
gboolean
wd_section_card_flush (WdSectionCard *self)
{
  g_return_val_if_fail (WD_IS_SECTION_CARD (self), FALSE);

  if (self->save_source == 0)
    return FALSE;
  g_clear_handle_id (&self->save_source, g_source_remove);
  save_now (self);
  return TRUE;
}

/**
 * wd_section_card_set_saving:
 * @self: a #WdSectionCard
 * @saving: whether a save of what was typed is on its way to the archive
 *
 * While saving, the card keeps its text over the stored one (which may
 * be older).
 */
void
wd_section_card_set_saving (WdSectionCard *self,
                            gboolean       saving)
{
  g_return_if_fail (WD_IS_SECTION_CARD (self));

  self->saving = !!saving;
}

/**
 * wd_section_card_get_buffer:
 * @self: a #WdSectionCard
 *
 * Returns: (transfer none): the buffer the editor types in
 */
GtkTextBuffer *
wd_section_card_get_buffer (WdSectionCard *self)
{
  g_return_val_if_fail (WD_IS_SECTION_CARD (self), NULL);

  return GTK_TEXT_BUFFER (self->buffer);
}

/**
 * wd_section_card_set_can_draft:
 * @self: a #WdSectionCard
 * @can_draft: whether Regenerate is offered (not while another draft of
 *   the brief runs)
 */
void
wd_section_card_set_can_draft (WdSectionCard *self,
                               gboolean       can_draft)
{
  g_return_if_fail (WD_IS_SECTION_CARD (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->regenerate_button), can_draft);
}

/**
 * wd_section_card_set_review:
 * @self: a #WdSectionCard
 * @checked_text: (nullable): the section's text as it was checked
 * @report: (nullable): what the review checks found; %NULL clears
 *
 * Marks the spans of the section that the checks found: failures
 * underlined in the error colour, warnings in the warning colour, runs
 * copied from the source highlighted; each with its reason on hover.
 * When the text changed since @checked_text, the report is stale and
 * only the old marks go (a newer check is on its way). Neither the undo
 * history nor the section's state changes: tags and marks are not edits.
 */
void
wd_section_card_set_review (WdSectionCard        *self,
                            const char           *checked_text,
                            const WdReviewReport *report)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  gsize length;

  g_return_if_fail (WD_IS_SECTION_CARD (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->failure_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->warning_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->copied_tag, &start, &end);
  g_array_set_size (self->review_marks, 0);
  if (report == NULL || checked_text == NULL)
    return;

  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (strcmp (text, checked_text) != 0)
    return;
  length = strlen (text);

  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);
      gboolean copied = g_strcmp0 (item->check, "copy-run") == 0 ||
                        g_strcmp0 (item->check, "copy-share") == 0;
      ReviewMark mark = { NULL, };
      GtkTextTag *tag;

      if (item->section != (int) self->kind || item->start < 0 || item->end <= item->start ||
          (gsize) item->end > length)
        continue;
      if (copied)
        tag = self->copied_tag;
      else if (item->severity == WD_REVIEW_FAILURE)
        tag = self->failure_tag;
      else if (item->severity == WD_REVIEW_WARNING)
        tag = self->warning_tag;
      else
        continue;

      gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                          (int) g_utf8_pointer_to_offset (text, text + item->start));
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          (int) g_utf8_pointer_to_offset (text, text + item->end));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
      mark.start = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE));
      mark.end = g_object_ref (gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE));
      mark.severity = item->severity;
      mark.message = g_strdup (item->message);
      g_array_append_val (self->review_marks, mark);
    }
}

/**
 * wd_section_card_get_review_message_at:
 * @self: a #WdSectionCard
 * @offset: a character offset in the section's text
 *
 * The reason shown on hover at @offset: the most severe review item whose
 * span holds it.
 *
 * Returns: (nullable): the item's message, or %NULL
 */
const char *
wd_section_card_get_review_message_at (WdSectionCard *self,
                                       int            offset)
{
  GtkTextBuffer *buffer;
  const ReviewMark *best = NULL;

  g_return_val_if_fail (WD_IS_SECTION_CARD (self), NULL);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  for (guint i = 0; i < self->review_marks->len; i++)
    {
      const ReviewMark *mark = &g_array_index (self->review_marks, ReviewMark, i);
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_mark (buffer, &start, mark->start);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, mark->end);
      if (offset < gtk_text_iter_get_offset (&start) || offset >= gtk_text_iter_get_offset (&end))
        continue;
      if (best == NULL || mark->severity > best->severity)
        best = mark;
    }
  return best != NULL ? best->message : NULL;
}

/**
 * wd_section_card_get_text_view:
 * @self: a #WdSectionCard
 *
 * Returns: (transfer none): the view the editor types in
 */
GtkTextView *
wd_section_card_get_text_view (WdSectionCard *self)
{
  g_return_val_if_fail (WD_IS_SECTION_CARD (self), NULL);

  return GTK_TEXT_VIEW (self->text_view);
}

/**
 * wd_section_card_select_span:
 * @self: a #WdSectionCard
 * @start: bytes into the section's text, or -1 for its start
 * @end: where the span ends, or -1
 *
 * Puts the keyboard focus in the section and selects the span (a
 * preflight item the editor clicked).
 *
 * Returns: the character offset of the span's start
 */
int
wd_section_card_select_span (WdSectionCard *self,
                             gssize         start,
                             gssize         end)
{
  GtkTextBuffer *buffer;
  GtkTextIter from, to;
  g_autofree char *text = NULL;
  gssize length;

  g_return_val_if_fail (WD_IS_SECTION_CARD (self), 0);

  buffer = GTK_TEXT_BUFFER (self->buffer);
  gtk_text_buffer_get_bounds (buffer, &from, &to);
  text = gtk_text_buffer_get_text (buffer, &from, &to, FALSE);
  length = (gssize) strlen (text);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
  if (start < 0 || start > length)
    {
      gtk_text_buffer_place_cursor (buffer, &from);
      return 0;
    }
  end = CLAMP (end, start, length);
  gtk_text_buffer_get_iter_at_offset (buffer, &from,
                                      (int) g_utf8_pointer_to_offset (text, text + start));
  gtk_text_buffer_get_iter_at_offset (buffer, &to,
                                      (int) g_utf8_pointer_to_offset (text, text + end));
  gtk_text_buffer_select_range (buffer, &from, &to);
  return gtk_text_iter_get_offset (&from);
}
