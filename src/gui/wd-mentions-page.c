/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-mentions-page"

#include <string.h>

#include <glib/gi18n.h>

#include "wd-mention-ui.h"
#include "wd-mentions-page.h"

struct _WdMentionsPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list;

  /* owned */
  WdStore        *store;
  GSignalGroup   *store_signals;
  GCancellable   *cancellable;
  GCancellable   *load_cancellable;
  GPtrArray      *mentions;  /* of WdMention, the catalog as last read */
  guint           reload_source; /* a burst of changes, read once after */
  gboolean        stale;     /* changed while not on screen */
};

G_DEFINE_FINAL_TYPE (WdMentionsPage, wd_mentions_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_toast (WdMentionsPage *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  if (!wd_mention_ui_add_toast (GTK_WIDGET (self), g_object_ref (toast)))
    {
      g_object_unref (toast);
      g_signal_emit (self, signals[TOAST], 0, toast);
    }
  g_object_unref (toast);
}

/* Store calls */

typedef struct
{
  gint64 mention_id;
  gint64 other_id;
  char  *text;
} Call;

static void
call_free (gpointer p)
{
  Call *call = p;

  g_free (call->text);
  g_free (call);
}

static gpointer
list_thread (WdStore  *store,
             gpointer  data,
             GError  **error)
{
  return wd_store_list_mentions (store, error);
}

static gpointer
rename_thread (WdStore  *store,
               gpointer  data,
               GError  **error)
{
  Call *call = data;

  return wd_store_rename_mention (store, call->mention_id, call->text, error);
}

static gpointer
alias_thread (WdStore  *store,
              gpointer  data,
              GError  **error)
{
  Call *call = data;

  if (!wd_store_add_mention_alias (store, call->mention_id, call->text, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
merge_thread (WdStore  *store,
              gpointer  data,
              GError  **error)
{
  Call *call = data;

  return wd_store_merge_mentions (store, call->mention_id, call->other_id, error);
}

/* What a finished edit needs: the page, and the popover's error label
 * (weakly: the row may have been rebuilt meanwhile). */
typedef struct
{
  WdMentionsPage *self;
  GWeakRef        error_label;
  GWeakRef        popover;
  char           *done_message;
  gboolean        object_result;  /* the call returns a WdMention */
} Edit;

static Edit *
edit_new (WdMentionsPage *self,
          GtkWidget      *error_label,
          GtkWidget      *popover,
          char           *done_message)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->self = g_object_ref (self);
  g_weak_ref_init (&edit->error_label, error_label);
  g_weak_ref_init (&edit->popover, popover);
  edit->done_message = done_message;
  return edit;
}

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->self);
  g_weak_ref_clear (&edit->error_label);
  g_weak_ref_clear (&edit->popover);
  g_free (edit->done_message);
  g_free (edit);
}

static void reload (WdMentionsPage *self);

static void
edit_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Edit *edit = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkWidget) label = g_weak_ref_get (&edit->error_label);
  g_autoptr(GtkWidget) popover = g_weak_ref_get (&edit->popover);
  gpointer value = wd_mention_ui_run_finish (result, &error);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (error != NULL && label != NULL && popover != NULL &&
           gtk_widget_get_visible (popover))
    {
      gtk_label_set_label (GTK_LABEL (label), error->message);
      gtk_widget_set_visible (label, TRUE);
    }
  else if (error != NULL)
    show_toast (edit->self, error->message);
  else
    {
      if (popover != NULL)
        gtk_popover_popdown (GTK_POPOVER (popover));
      if (edit->done_message != NULL)
        show_toast (edit->self, edit->done_message);
    }

  /* The alias was added without a "changed" signal from the store. */
  if (error == NULL)
    reload (edit->self);
  if (value != NULL && edit->object_result)
    g_object_unref (value);
  edit_free (edit);
}

/* Rows */

static char *
row_subtitle (WdMention *mention)
{
  const char * const *aliases = wd_mention_get_aliases (mention);
  guint count = wd_mention_get_brief_count (mention);
  GString *out = g_string_new (wd_mention_kind_label (wd_mention_get_kind (mention)));

  g_string_append (out, " · ");
  if (count == 0)
    g_string_append (out, _("no briefs"));
  else
    /* Translators: how many briefs a mention is attached to. */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u brief", "%u briefs",
                                              count), count);
  if (aliases != NULL && aliases[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) aliases);

      g_string_append (out, " · ");
      /* Translators: the aliases of a mention, listed after its name. */
      g_string_append_printf (out, _("also %s"), joined);
    }
  return g_string_free (out, FALSE);
}

static void
start_edit (WdMentionsPage *self,
            GtkWidget      *widget,
            WdStoreCall     func,
            Call           *call,
            char           *done_message)
{
  GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);
  GtkWidget *error_label = g_object_get_data (G_OBJECT (popover), "error-label");

  Edit *edit = edit_new (self, error_label, popover, done_message);

  edit->object_result = func != alias_thread;
  gtk_widget_set_visible (error_label, FALSE);
  wd_mention_ui_run_async (self->store, func, call, call_free,
                           edit->object_result ? g_object_unref : NULL, self->cancellable,
                           edit_done, edit);
}

static void
on_rename_activate (WdMentionsPage *self,
                    GtkWidget      *widget)
{
  GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);
  GtkEditable *entry = g_object_get_data (G_OBJECT (popover), "name-entry");
  WdMention *mention = g_object_get_data (G_OBJECT (popover), "mention");
  Call *call = g_new0 (Call, 1);

  call->mention_id = wd_mention_get_id (mention);
  call->text = g_strdup (gtk_editable_get_text (entry));
  start_edit (self, widget, rename_thread, call,
              /* Translators: a toast; the first %s is the mention's old name. */
              g_strdup_printf (_("Renamed “%s” to “%s”"), wd_mention_get_name (mention),
                               g_strstrip (call->text)));
}

static void
on_alias_activate (WdMentionsPage *self,
                   GtkWidget      *widget)
{
  GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);
  GtkEditable *entry = g_object_get_data (G_OBJECT (popover), "alias-entry");
  WdMention *mention = g_object_get_data (G_OBJECT (popover), "mention");
  Call *call = g_new0 (Call, 1);

  call->mention_id = wd_mention_get_id (mention);
  call->text = g_strdup (gtk_editable_get_text (entry));
  start_edit (self, widget, alias_thread, call, NULL);
}

/* Merging */

static char *
merge_body (WdMention *keep,
            WdMention *drop)
{
  guint count;

  if (drop == NULL)
    /* Translators: %s is the mention that stays. */
    return g_strdup_printf (_("Choose the mention that becomes one with “%s”."),
                            wd_mention_get_name (keep));

  count = wd_mention_get_brief_count (drop);
  /* Translators: the body of the merge dialog; the first and fourth %s
   * are the mention that goes, the second and third the one that stays,
   * %u the number of briefs that move. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” and “%s” become one mention named “%s”. "
                                       "“%s” stays as its alias, and its %u brief "
                                       "moves over. This cannot be undone.",
                                       "“%s” and “%s” become one mention named “%s”. "
                                       "“%s” stays as its alias, and its %u briefs "
                                       "move over. This cannot be undone.", count),
                          wd_mention_get_name (drop), wd_mention_get_name (keep),
                          wd_mention_get_name (keep), wd_mention_get_name (drop), count);
}

static void
on_merge_row_selected (AdwMessageDialog *dialog,
                       GtkListBoxRow    *row,
                       GtkListBox       *list)
{
  WdMention *keep = g_object_get_data (G_OBJECT (dialog), "keep");
  WdMention *drop = row != NULL ? g_object_get_data (G_OBJECT (row), "mention") : NULL;
  g_autofree char *body = merge_body (keep, drop);

  adw_message_dialog_set_body (dialog, body);
  adw_message_dialog_set_response_enabled (dialog, "merge", drop != NULL);
}

/* Destroying the dialog empties the list after the dialog lost its
 * responses: stop following the list first. */
static void
on_merge_dialog_unrealize (AdwMessageDialog *dialog,
                           GtkListBox       *list)
{
  g_signal_handlers_disconnect_by_func (list, on_merge_row_selected, dialog);
}

static void
on_merge_response (AdwMessageDialog *dialog,
                   const char       *response,
                   WdMentionsPage   *self)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "list");
  WdMention *keep = g_object_get_data (G_OBJECT (dialog), "keep");
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list);
  WdMention *drop;
  Call *call;
  Edit *edit;

  if (!g_str_equal (response, "merge") || row == NULL || self->store == NULL)
    return;
  drop = g_object_get_data (G_OBJECT (row), "mention");
  call = g_new0 (Call, 1);
  call->mention_id = wd_mention_get_id (keep);
  call->other_id = wd_mention_get_id (drop);
  edit = edit_new (self, NULL, NULL,
                   /* Translators: a toast; the first %s is the mention merged
                    * into the second. */
                   g_strdup_printf (_("Merged “%s” into “%s”"), wd_mention_get_name (drop),
                                    wd_mention_get_name (keep)));
  edit->object_result = TRUE;
  wd_mention_ui_run_async (self->store, merge_thread, call, call_free, g_object_unref,
                           self->cancellable, edit_done, edit);
}

static void
on_merge_clicked (WdMentionsPage *self,
                  GtkButton      *button)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  WdMention *keep = g_object_get_data (G_OBJECT (popover), "mention");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = merge_body (keep, NULL);
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *list;

  gtk_popover_popdown (GTK_POPOVER (popover));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Merge Mentions?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "merge", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The other mention"), -1);
  for (guint i = 0; self->mentions != NULL && i < self->mentions->len; i++)
    {
      WdMention *other = self->mentions->pdata[i];
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (wd_mention_get_id (other) == wd_mention_get_id (keep))
        continue;
      subtitle = row_subtitle (other);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wd_mention_get_name (other));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      /* One line each: a wrapped row would be cut by the scrolled list. */
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
                                   wd_mention_kind_icon_name (wd_mention_get_kind (other))));
      g_object_set_data_full (G_OBJECT (row), "mention", g_object_ref (other),
                              g_object_unref);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  g_object_set_data_full (G_OBJECT (dialog), "keep", g_object_ref (keep), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "list", list);
  g_signal_connect_object (list, "row-selected", G_CALLBACK (on_merge_row_selected), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_merge_response), self, 0);
  g_signal_connect (dialog, "unrealize", G_CALLBACK (on_merge_dialog_unrealize), list);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
edit_popover (WdMentionsPage *self,
              WdMention      *mention)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *name_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *alias_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name_entry = gtk_entry_new ();
  GtkWidget *alias_entry = gtk_entry_new ();
  GtkWidget *rename = gtk_button_new_with_mnemonic (_("_Rename"));
  GtkWidget *add_alias = gtk_button_new_with_mnemonic (_("_Add Alias"));
  GtkWidget *merge = gtk_button_new_with_mnemonic (_("_Merge With Another Mention…"));
  GtkWidget *error_label = gtk_label_new (NULL);
  GtkWidget *heading;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  heading = gtk_label_new (_("Name"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_editable_set_text (GTK_EDITABLE (name_entry), wd_mention_get_name (mention));
  gtk_widget_set_hexpand (name_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New name"), -1);
  g_signal_connect_object (name_entry, "activate", G_CALLBACK (on_rename_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rename, "clicked", G_CALLBACK (on_rename_activate), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (name_row), name_entry);
  gtk_box_append (GTK_BOX (name_row), rename);
  gtk_box_append (GTK_BOX (box), name_row);

  heading = gtk_label_new (_("Aliases"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_margin_top (heading, 6);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_entry_set_placeholder_text (GTK_ENTRY (alias_entry), _("Another name for it"));
  gtk_widget_set_hexpand (alias_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (alias_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New alias"), -1);
  g_signal_connect_object (alias_entry, "activate", G_CALLBACK (on_alias_activate), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (add_alias, "clicked", G_CALLBACK (on_alias_activate), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (alias_row), alias_entry);
  gtk_box_append (GTK_BOX (alias_row), add_alias);
  gtk_box_append (GTK_BOX (box), alias_row);

  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (error_label), 36);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), error_label);

  gtk_widget_set_margin_top (merge, 6);
  g_signal_connect_object (merge, "clicked", G_CALLBACK (on_merge_clicked), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), merge);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_object_set_data_full (G_OBJECT (popover), "mention", g_object_ref (mention),
                          g_object_unref);
  g_object_set_data (G_OBJECT (popover), "name-entry", name_entry);
  g_object_set_data (G_OBJECT (popover), "alias-entry", alias_entry);
  g_object_set_data (G_OBJECT (popover), "error-label", error_label);
  return popover;
}

static GtkWidget *
mention_row (WdMentionsPage *self,
             WdMention      *mention)
{
  g_autofree char *subtitle = row_subtitle (mention);
  /* Translators: accessible name of a mention's edit button; %s is its
   * name. */
  g_autofree char *edit = g_strdup_printf (_("Edit “%s”"), wd_mention_get_name (mention));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (
                      wd_mention_kind_icon_name (wd_mention_get_kind (mention)));
  GtkWidget *button = gtk_menu_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), wd_mention_get_name (mention));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (icon, wd_mention_kind_label (wd_mention_get_kind (mention)));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), edit_popover (self, mention));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, edit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  edit, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

  g_object_set_data_full (G_OBJECT (row), "mention", g_object_ref (mention), g_object_unref);
  return row;
}

static gboolean
row_matches (GtkListBoxRow *row,
             gpointer       user_data)
{
  WdMentionsPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  WdMention *mention = g_object_get_data (G_OBJECT (row), "mention");
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  const char * const *aliases;

  if (text == NULL || *text == '\0')
    return TRUE;
  needle = g_utf8_casefold (text, -1);
  name = g_utf8_casefold (wd_mention_get_name (mention), -1);
  if (strstr (name, needle) != NULL)
    return TRUE;
  aliases = wd_mention_get_aliases (mention);
  for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
    {
      g_autofree char *alias = g_utf8_casefold (aliases[i], -1);

      if (strstr (alias, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
update_stack (WdMentionsPage *self)
{
  gboolean any = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && row_matches (GTK_LIST_BOX_ROW (row), self))
      {
        any = TRUE;
        break;
      }

  if (self->mentions == NULL || self->mentions->len == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, any ? "list" : "no-match");
}

static void
on_search_changed (WdMentionsPage *self,
                   GtkSearchEntry *entry)
{
  gtk_list_box_invalidate_filter (self->list);
  update_stack (self);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WdMentionsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mentions = wd_mention_ui_run_finish (result, &error);
  GtkWidget *child;

  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  g_clear_pointer (&self->mentions, g_ptr_array_unref);
  self->mentions = g_steal_pointer (&mentions);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->mentions->len; i++)
    gtk_list_box_append (self->list, mention_row (self, self->mentions->pdata[i]));
  update_stack (self);
}

static void
reload (WdMentionsPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL)
    return;
  /* Hidden behind the list, the page reads the catalog when it shows:
   * an archive's thousands of mentions are not reread on every save. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  self->stale = FALSE;
  self->load_cancellable = g_cancellable_new ();
  wd_mention_ui_run_async (self->store, list_thread, NULL, NULL,
                           (GDestroyNotify) g_ptr_array_unref, self->load_cancellable,
                           load_done, g_object_ref (self));
}

static void
reload_later (gpointer data)
{
  WdMentionsPage *self = data;

  self->reload_source = 0;
  reload (self);
}

static void
on_store_changed (WdMentionsPage *self,
                  gint64          brief_id,
                  WdStore        *store)
{
  /* Any brief's change may change a count; typing saves a brief every
   * pause, so a burst of changes is read once. */
  if (self->reload_source == 0)
    self->reload_source = g_timeout_add_once (300, reload_later, self);
}

static void
wd_mentions_page_map (GtkWidget *widget)
{
  WdMentionsPage *self = WD_MENTIONS_PAGE (widget);

  GTK_WIDGET_CLASS (wd_mentions_page_parent_class)->map (widget);
  if (self->stale)
    reload (self);
}

/**
 * wd_mentions_page_new:
 *
 * Creates a page for the mention catalog.
 *
 * Returns: (transfer floating): a #WdMentionsPage
 */
GtkWidget *
wd_mentions_page_new (void)
{
  return g_object_new (WD_TYPE_MENTIONS_PAGE, NULL);
}

/**
 * wd_mentions_page_set_store:
 * @self: a #WdMentionsPage
 * @store: (nullable): the archive
 *
 * Shows @store's catalog and follows its changes.
 */
void
wd_mentions_page_set_store (WdMentionsPage *self,
                            WdStore        *store)
{
  g_return_if_fail (WD_IS_MENTIONS_PAGE (self));
  g_return_if_fail (store == NULL || WD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * wd_mentions_page_get_store:
 * @self: a #WdMentionsPage
 *
 * Gets the archive.
 *
 * Returns: (transfer none) (nullable): the store
 */
WdStore *
wd_mentions_page_get_store (WdMentionsPage *self)
{
  g_return_val_if_fail (WD_IS_MENTIONS_PAGE (self), NULL);

  return self->store;
}

static void
wd_mentions_page_dispose (GObject *object)
{
  WdMentionsPage *self = WD_MENTIONS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_MENTIONS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wd_mentions_page_parent_class)->dispose (object);
}

static void
wd_mentions_page_finalize (GObject *object)
{
  WdMentionsPage *self = WD_MENTIONS_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->mentions, g_ptr_array_unref);

  G_OBJECT_CLASS (wd_mentions_page_parent_class)->finalize (object);
}

static void
wd_mentions_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WdMentionsPage *self = WD_MENTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_mentions_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  WdMentionsPage *self = WD_MENTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      wd_mentions_page_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Focusing the page (Ctrl+F over it) puts the cursor in its search. */
static gboolean
wd_mentions_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (WD_MENTIONS_PAGE (widget)->search_entry));
}

static void
wd_mentions_page_class_init (WdMentionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_mentions_page_dispose;
  widget_class->grab_focus = wd_mentions_page_grab_focus;
  widget_class->map = wd_mentions_page_map;
  object_class->finalize = wd_mentions_page_finalize;
  object_class->get_property = wd_mentions_page_get_property;
  object_class->set_property = wd_mentions_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, WD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WdMentionsPage::toast:
   * @toast: an #AdwToast
   *
   * Asks the embedder to show @toast, when the page has no
   * #AdwToastOverlay around it.
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wiredesk/Wiredesk/ui/wd-mentions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, WdMentionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsPage, list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_set_css_name (widget_class, "wdmentionspage");
}

static void
wd_mentions_page_init (WdMentionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store_signals = g_signal_group_new (WD_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "changed",
                                 G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  gtk_list_box_set_filter_func (self->list, row_matches, self, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}
