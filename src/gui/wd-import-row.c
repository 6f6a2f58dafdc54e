/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-import-row"

#include <glib/gi18n.h>

#include "wd-import-row.h"

/* One import in the Import dialog: a spinner while it waits or runs, then
 * an icon and the title it brought in or why it failed; Cancel while it
 * can be cancelled, Open once its brief exists. */
struct _WdImportRow
{
  AdwActionRow  parent_instance;

  WdImportItem *item;
  GtkStack     *status_stack;
  GtkSpinner   *spinner;
  GtkImage     *status_icon;
  GtkButton    *cancel_button;
  GtkButton    *open_button;
};

G_DEFINE_FINAL_TYPE (WdImportRow, wd_import_row, ADW_TYPE_ACTION_ROW)

static void
update (WdImportRow *self)
{
  WdImportItemState state = wd_import_item_get_state (self->item);
  const char *message = wd_import_item_get_message (self->item);
  const char *icon = NULL;
  const char *subtitle = message;
  gboolean running = state == WD_IMPORT_ITEM_WAITING || state == WD_IMPORT_ITEM_RUNNING;
  g_autofree char *open_action = NULL;

  switch (state)
    {
    case WD_IMPORT_ITEM_WAITING:
      subtitle = _("Waiting…");
      break;

    case WD_IMPORT_ITEM_RUNNING:
      subtitle = wd_import_item_get_input (self->item) == WD_IMPORT_INPUT_URL
                 ? _("Fetching…") : _("Importing…");
      break;

    case WD_IMPORT_ITEM_IMPORTED:
      icon = "emblem-ok-symbolic";
      break;

    case WD_IMPORT_ITEM_EXISTED:
      icon = "emblem-default-symbolic";
      break;

    case WD_IMPORT_ITEM_FAILED:
      icon = "dialog-error-symbolic";
      break;

    case WD_IMPORT_ITEM_CANCELLED:
    default:
      icon = "process-stop-symbolic";
      break;
    }

  if (state == WD_IMPORT_ITEM_EXISTED)
    {
      g_autofree char *text = g_strdup_printf (_("Already in the archive: %s"), message);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
    }
  else if (state == WD_IMPORT_ITEM_IMPORTED &&
           wd_import_item_get_policy (self->item) == WD_POLICY_LINK_ONLY)
    {
      /* Translators: %s is the article's title; link-only is a publisher policy */
      g_autofree char *text = g_strdup_printf (_("%s (link only: the publisher allows no "
                                                 "summary)"), message);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle != NULL ? subtitle : "");

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  if (state == WD_IMPORT_ITEM_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "error");
  else if (state == WD_IMPORT_ITEM_IMPORTED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "success");

  gtk_spinner_set_spinning (self->spinner, running);
  gtk_stack_set_visible_child (self->status_stack,
                               running ? GTK_WIDGET (self->spinner)
                                       : GTK_WIDGET (self->status_icon));
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->status_icon, icon);

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button),
                          wd_import_item_get_brief_id (self->item) > 0);
  open_action = g_strdup_printf ("import.show-brief(int64 %" G_GINT64_FORMAT ")",
                                 wd_import_item_get_brief_id (self->item));
  gtk_actionable_set_detailed_action_name (GTK_ACTIONABLE (self->open_button), open_action);
}

static void
on_cancel_clicked (WdImportRow *self)
{
  wd_import_item_cancel (self->item);
}

static void
wd_import_row_dispose (GObject *object)
{
  WdImportRow *self = WD_IMPORT_ROW (object);

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (wd_import_row_parent_class)->dispose (object);
}

static void
wd_import_row_class_init (WdImportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wd_import_row_dispose;
}

static void
wd_import_row_init (WdImportRow *self)
{
  GtkWidget *box;

  self->status_stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->status_stack), GTK_ALIGN_CENTER);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->status_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), "import-status-icon");
  gtk_stack_add_child (self->status_stack, GTK_WIDGET (self->spinner));
  gtk_stack_add_child (self->status_stack, GTK_WIDGET (self->status_icon));
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), GTK_WIDGET (self->status_stack));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  self->cancel_button = GTK_BUTTON (gtk_button_new_from_icon_name ("process-stop-symbolic"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button), _("Cancel This Import"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel This Import"), -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->cancel_button), "flat");
  g_signal_connect_swapped (self->cancel_button, "clicked",
                            G_CALLBACK (on_cancel_clicked), self);
  self->open_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Open")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->open_button), _("Show the Brief"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->cancel_button));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->open_button));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), box);

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 3);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (self), 1);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

/**
 * wd_import_row_new:
 * @item: the import the row follows
 *
 * Returns: (transfer floating): a row that shows @item and follows it
 */
GtkWidget *
wd_import_row_new (WdImportItem *item)
{
  WdImportRow *self;

  g_return_val_if_fail (WD_IS_IMPORT_ITEM (item), NULL);

  self = g_object_new (WD_TYPE_IMPORT_ROW, NULL);
  self->item = g_object_ref (item);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), wd_import_item_get_label (item));
  g_signal_connect_swapped (item, "notify::state", G_CALLBACK (update), self);
  g_signal_connect_swapped (item, "notify::message", G_CALLBACK (update), self);
  g_signal_connect_swapped (item, "notify::brief-id", G_CALLBACK (update), self);
  update (self);
  return GTK_WIDGET (self);
}

/**
 * wd_import_row_get_item:
 * @self: a #WdImportRow
 *
 * Returns: (transfer none): the import the row shows
 */
WdImportItem *
wd_import_row_get_item (WdImportRow *self)
{
  g_return_val_if_fail (WD_IS_IMPORT_ROW (self), NULL);

  return self->item;
}
