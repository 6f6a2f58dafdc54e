/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-section-card"

#include <string.h>

#include <glib/gi18n.h>

#include "wd-format.h"
#include "wd-section-card.h"

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
  GtkLabel      *text_label;
  GtkLabel      *note_label;
  GtkLabel      *error_label;
  GtkExpander   *reasoning_expander;
  GtkLabel      *reasoning_label;

  WdSectionKind  kind;
  GString       *text;        /* what the label shows */
  GString       *reasoning;
  const char    *badge_class;
  gboolean       drafting;
};

G_DEFINE_FINAL_TYPE (WdSectionCard, wd_section_card, GTK_TYPE_WIDGET)

enum {
  REGENERATE,
  STOP,
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

/* @text as Pango markup, with every [[brief:ID]] citation a link that
 * opens the cited brief. */
static char *
text_markup (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *cite;

  while ((cite = strstr (p, "[[brief:")) != NULL)
    {
      const char *digits = cite + strlen ("[[brief:");
      const char *end = digits;
      g_autofree char *before = g_markup_escape_text (p, cite - p);

      while (g_ascii_isdigit (*end))
        end++;
      g_string_append (out, before);
      if (end > digits && end - digits < 19 && end[0] == ']' && end[1] == ']')
        {
          g_autofree char *id = g_strndup (digits, end - digits);

          g_string_append_printf (out, "<a href=\"wd-brief:%s\" title=\"%s\">", id,
                                  _("Open the cited brief"));
          /* Translators: a link to a cited brief; %s is its number */
          g_string_append_printf (out, _("brief %s"), id);
          g_string_append (out, "</a>");
          p = end + 2;
        }
      else
        {
          g_string_append (out, "[[");
          p = cite + 2;
        }
    }
  {
    g_autofree char *rest = g_markup_escape_text (p, -1);

    g_string_append (out, rest);
  }
  return g_string_free (out, FALSE);
}

static gboolean
on_link_activated (WdSectionCard *self,
                   const char    *uri,
                   GtkLabel      *label)
{
  guint64 id = 0;

  if (!g_str_has_prefix (uri, "wd-brief:") ||
      !g_ascii_string_to_unsigned (uri + strlen ("wd-brief:"), 10, 1, G_MAXINT64, &id, NULL))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-brief", "x", (gint64) id);
  return TRUE;
}

static void
show_text (WdSectionCard *self)
{
  gboolean empty = self->text->len == 0;

  if (empty || self->drafting)
    gtk_label_set_text (self->text_label, empty ? _("Empty") : self->text->str);
  else
    {
      g_autofree char *markup = text_markup (self->text->str);

      gtk_label_set_markup (self->text_label, markup);
    }
  gtk_label_set_selectable (self->text_label, !empty && !self->drafting);
  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "dim-label");
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

static void
wd_section_card_dispose (GObject *object)
{
  GtkWidget *child;

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

  g_string_free (self->text, TRUE);
  g_string_free (self->reasoning, TRUE);

  G_OBJECT_CLASS (wd_section_card_parent_class)->finalize (object);
}

static void
wd_section_card_class_init (WdSectionCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_section_card_dispose;
  object_class->finalize = wd_section_card_finalize;

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
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, text_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, note_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, error_label);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, reasoning_expander);
  gtk_widget_class_bind_template_child (widget_class, WdSectionCard, reasoning_label);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_regenerate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_link_activated);
  gtk_widget_class_set_css_name (widget_class, "wdsectioncard");
}

static void
wd_section_card_init (WdSectionCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->text = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  set_badge (self, _("Empty"), "empty");
  show_text (self);
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
  gtk_label_set_label (self->heading_label, wd_format_section_heading (kind));
  /* Translators: %s is a section's heading, such as "Summary" */
  tooltip = g_strdup_printf (_("Regenerate the %s"), wd_format_section_heading (kind));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->regenerate_button), tooltip);
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

  text = section != NULL ? wd_section_get_text (section) : "";
  g_string_assign (self->text, text);
  show_text (self);

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
