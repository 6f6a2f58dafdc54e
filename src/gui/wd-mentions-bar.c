/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-mentions-bar"

#include <glib/gi18n.h>

#include "wd-mention-ui.h"
#include "wd-mentions-bar.h"

#define N_COMPLETIONS 8

struct _WdMentionsBar
{
  GtkWidget      parent_instance;

  /* template widgets */
  GtkFlowBox    *flow;
  GtkEntry      *entry;
  GtkPopover    *completion_popover;
  GtkListBox    *completion_list;
  GtkPopover    *kind_popover;
  GtkLabel      *kind_title;
  GtkBox        *kind_box;

  /* owned */
  WdStore       *store;
  GSignalGroup  *store_signals;
  GCancellable  *cancellable;       /* every call, until dispose */
  GCancellable  *find_cancellable;  /* the completion query under way */
  GCancellable  *load_cancellable;  /* the reload under way */
  guint          reload_source;     /* a burst of the archive's changes */
  GListModel    *mentions;          /* of WdMention, attached */
  GPtrArray     *suggestions;       /* of WdMentionSuggestion */
  char          *new_name;          /* waiting for its kind */
  WdMentionSuggestion *new_suggestion; /* a new name to accept, waiting for its kind */
  GtkWidget     *kind_anchor;       /* what the kind popover points at, if not the entry */
  gint64         brief_id;
};

G_DEFINE_FINAL_TYPE (WdMentionsBar, wd_mentions_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BRIEF_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (WdMentionsBar *self);

/* Toasts */

static void
show_toast (WdMentionsBar *self,
            AdwToast      *toast)
{
  /* Without an overlay around the bar, its embedder shows the toast. */
  if (!wd_mention_ui_add_toast (GTK_WIDGET (self), g_object_ref (toast)))
    {
      g_object_unref (toast);
      g_signal_emit (self, signals[TOAST], 0, toast);
    }
  g_object_unref (toast);
}

static void
show_error (WdMentionsBar *self,
            const GError  *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
}

/* A call finished: its error (a cancelled one is no news), or whether the
 * bar should go on. */
static gboolean
call_failed (WdMentionsBar *self,
             GError        *error)
{
  if (error == NULL)
    return FALSE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error);
  return TRUE;
}

/* Store calls, run on a worker thread */

typedef struct
{
  gint64                brief_id;
  gint64                mention_id;
  WdOrigin              origin;
  WdMentionKind         kind;
  char                 *name;
  WdMentionSuggestion   suggestion;
} Call;

static void
call_free (gpointer p)
{
  Call *call = p;

  g_free (call->name);
  g_free (call->suggestion.name);
  g_free (call->suggestion.reason);
  g_free (call);
}

static Call *
call_new (WdMentionsBar *self)
{
  Call *call = g_new0 (Call, 1);

  call->brief_id = self->brief_id;
  return call;
}

typedef struct
{
  GListModel *mentions;
  GPtrArray  *suggestions;
} Loaded;

static void
loaded_free (gpointer p)
{
  Loaded *loaded = p;

  g_clear_object (&loaded->mentions);
  g_clear_pointer (&loaded->suggestions, g_ptr_array_unref);
  g_free (loaded);
}

static gpointer
load_thread (WdStore  *store,
             gpointer  data,
             GError  **error)
{
  Call *call = data;
  g_autoptr(WdBrief) brief = NULL;
  Loaded *loaded;

  brief = wd_store_load_brief (store, call->brief_id, error);
  if (brief == NULL)
    return NULL;
  loaded = g_new0 (Loaded, 1);
  loaded->mentions = g_object_ref (wd_brief_get_mentions (brief));
  loaded->suggestions = wd_store_list_mention_suggestions (store, call->brief_id, error);
  if (loaded->suggestions == NULL)
    {
      loaded_free (loaded);
      return NULL;
    }
  return loaded;
}

static gpointer
find_thread (WdStore  *store,
             gpointer  data,
             GError  **error)
{
  Call *call = data;

  return wd_store_find_mentions (store, call->name, N_COMPLETIONS, error);
}

/* The catalog entry whose name or alias is exactly the text typed, any
 * case; NULL without an error when there is none. */
static gpointer
resolve_thread (WdStore  *store,
                gpointer  data,
                GError  **error)
{
  Call *call = data;
  g_autoptr(GPtrArray) found = wd_store_find_mentions (store, call->name, 0, error);
  g_autofree char *folded = g_utf8_casefold (call->name, -1);

  if (found == NULL)
    return NULL;
  for (guint i = 0; i < found->len; i++)
    {
      WdMention *mention = found->pdata[i];
      const char * const *aliases = wd_mention_get_aliases (mention);
      g_autofree char *name = g_utf8_casefold (wd_mention_get_name (mention), -1);

      if (g_str_equal (name, folded))
        return g_object_ref (mention);
      for (guint j = 0; aliases != NULL && aliases[j] != NULL; j++)
        {
          g_autofree char *alias = g_utf8_casefold (aliases[j], -1);

          if (g_str_equal (alias, folded))
            return g_object_ref (mention);
        }
    }
  return NULL;
}

static gpointer
attach_thread (WdStore  *store,
               gpointer  data,
               GError  **error)
{
  Call *call = data;
  g_autoptr(WdMention) mention = NULL;
  gint64 mention_id = call->mention_id;

  if (mention_id == 0)
    {
      mention = wd_store_ensure_mention (store, call->name, call->kind, error);
      if (mention == NULL)
        return NULL;
      mention_id = wd_mention_get_id (mention);
    }
  if (!wd_store_attach_mention (store, call->brief_id, mention_id, call->origin, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
detach_thread (WdStore  *store,
               gpointer  data,
               GError  **error)
{
  Call *call = data;
  gboolean was_attached = FALSE;

  if (!wd_store_detach_mention (store, call->brief_id, call->mention_id, &was_attached,
                                error))
    return NULL;
  return GINT_TO_POINTER (was_attached);
}

static gpointer
accept_thread (WdStore  *store,
               gpointer  data,
               GError  **error)
{
  Call *call = data;

  return wd_store_accept_suggestion (store, call->brief_id, &call->suggestion, error);
}

static gpointer
dismiss_thread (WdStore  *store,
                gpointer  data,
                GError  **error)
{
  Call *call = data;

  if (!wd_store_dismiss_suggestion (store, call->brief_id, &call->suggestion, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
run (WdMentionsBar       *self,
     WdStoreCall          func,
     Call                *call,
     GDestroyNotify       result_free,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback)
{
  wd_mention_ui_run_async (self->store, func, call, call_free, result_free,
                           cancellable != NULL ? cancellable : self->cancellable,
                           callback, g_object_ref (self));
}

/* Attaching */

static void
attach_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdMentionsBar) self = user_data;
  g_autoptr(GError) error = NULL;

  wd_mention_ui_run_finish (result, &error);
  call_failed (self, error);
  /* The store's "changed" signal brings the new chip. */
}

static void
attach (WdMentionsBar *self,
        gint64         mention_id,
        const char    *new_name,
        WdMentionKind  kind,
        WdOrigin       origin)
{
  Call *call = call_new (self);

  call->mention_id = mention_id;
  call->name = g_strdup (new_name);
  call->kind = kind;
  call->origin = origin;
  run (self, attach_thread, call, NULL, NULL, attach_done);
}

static void
clear_entry (WdMentionsBar *self)
{
  g_cancellable_cancel (self->find_cancellable);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_popover_popdown (self->completion_popover);
}

static void
on_completion_row_activated (WdMentionsBar *self,
                             GtkListBoxRow *row,
                             GtkListBox    *list)
{
  WdMention *mention = g_object_get_data (G_OBJECT (row), "mention");

  attach (self, wd_mention_get_id (mention), NULL, WD_MENTION_TOPIC, WD_ORIGIN_EDITOR);
  clear_entry (self);
}

static void accept_suggestion (WdMentionsBar             *self,
                               const WdMentionSuggestion *suggestion,
                               WdMentionKind              kind);

static void
on_kind_clicked (WdMentionsBar *self,
                 GtkButton     *button)
{
  WdMentionKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));
  g_autofree char *name = g_steal_pointer (&self->new_name);
  g_autoptr(WdMentionSuggestion) suggestion = g_steal_pointer (&self->new_suggestion);

  gtk_popover_popdown (self->kind_popover);
  if (suggestion != NULL)
    {
      accept_suggestion (self, suggestion, kind);
      return;
    }
  if (name == NULL)
    return;
  attach (self, 0, name, kind, WD_ORIGIN_EDITOR);
  clear_entry (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* Asks what @name is, with @guess (a kind, or -1) offered first; the
 * popover points at @anchor, or at the entry. */
static void
ask_kind (WdMentionsBar *self,
          const char    *name,
          int            guess,
          GtkWidget     *anchor)
{
  g_autofree char *title = NULL;
  GtkWidget *focus = NULL;

  self->kind_anchor = anchor;
  /* Translators: asked when a name new to the catalog is added to a
   * brief; %s is the name. */
  title = g_strdup_printf (_("What is “%s”?"), name);
  gtk_label_set_label (self->kind_title, title);
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->kind_box)); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    {
      gboolean guessed = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "kind")) == guess;

      if (guessed || focus == NULL)
        focus = b;
      if (guessed)
        gtk_widget_add_css_class (b, "guessed");
      else
        gtk_widget_remove_css_class (b, "guessed");
    }
  gtk_popover_popdown (self->completion_popover);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_popover_popup (self->kind_popover);
  if (focus != NULL)
    gtk_widget_grab_focus (focus);
}

static void
ask_kind_of_name (WdMentionsBar *self,
                  const char    *name)
{
  g_clear_pointer (&self->new_suggestion, wd_mention_suggestion_free);
  g_free (self->new_name);
  self->new_name = g_strdup (name);
  ask_kind (self, name, -1, NULL);
}

static void
resolve_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(WdMentionsBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mention = wd_mention_ui_run_finish (result, &error);
  g_autofree char *text = NULL;

  if (call_failed (self, error))
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (mention != NULL)
    {
      attach (self, wd_mention_get_id (mention), NULL, WD_MENTION_TOPIC, WD_ORIGIN_EDITOR);
      clear_entry (self);
    }
  else if (*text != '\0')
    ask_kind_of_name (self, text);
}

static void
on_entry_activate (WdMentionsBar *self,
                   GtkEntry      *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->completion_list);
  Call *call;

  if (self->store == NULL || self->brief_id == 0)
    return;
  if (row != NULL && gtk_widget_get_visible (GTK_WIDGET (self->completion_popover)))
    {
      on_completion_row_activated (self, row, self->completion_list);
      return;
    }
  if (*text == '\0')
    return;

  /* The list may be a keystroke behind: the archive decides whether the
   * name is known. */
  call = call_new (self);
  call->name = g_steal_pointer (&text);
  run (self, resolve_thread, call, g_object_unref, NULL, resolve_done);
}

/* Completion */

static GtkWidget *
completion_row (WdMention *mention)
{
  const char * const *aliases = wd_mention_get_aliases (mention);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (
                      wd_mention_kind_icon_name (wd_mention_get_kind (mention)));
  GtkWidget *label = gtk_label_new (wd_mention_get_name (mention));

  gtk_widget_set_tooltip_text (icon, wd_mention_kind_label (wd_mention_get_kind (mention)));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  if (aliases != NULL && aliases[0] != NULL)
    {
      /* Translators: in the completion of a mention found by an alias;
       * %s is the alias the editor typed the start of. */
      g_autofree char *text = g_strdup_printf (_("also “%s”"), aliases[0]);
      GtkWidget *alias = gtk_label_new (text);

      gtk_widget_add_css_class (alias, "dim-label");
      gtk_box_append (GTK_BOX (box), alias);
    }
  if (wd_mention_get_brief_count (mention) > 0)
    {
      g_autofree char *count = g_strdup_printf ("%u", wd_mention_get_brief_count (mention));
      GtkWidget *n = gtk_label_new (count);

      gtk_widget_set_tooltip_text (n, _("Briefs with this mention"));
      gtk_widget_add_css_class (n, "dim-label");
      gtk_widget_add_css_class (n, "numeric");
      gtk_box_append (GTK_BOX (box), n);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "mention", g_object_ref (mention), g_object_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  wd_mention_get_name (mention), -1);
  return row;
}

static gboolean
is_attached (WdMentionsBar *self,
             gint64         mention_id)
{
  guint n = self->mentions != NULL ? g_list_model_get_n_items (self->mentions) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (self->mentions, i);

      if (wd_mention_get_id (mention) == mention_id)
        return TRUE;
    }
  return FALSE;
}

static void
find_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WdMentionsBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = wd_mention_ui_run_finish (result, &error);
  GtkWidget *child;
  guint shown = 0;

  if (call_failed (self, error))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->completion_list))) != NULL)
    gtk_list_box_remove (self->completion_list, child);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      if (is_attached (self, wd_mention_get_id (found->pdata[i])))
        continue;
      gtk_list_box_append (self->completion_list, completion_row (found->pdata[i]));
      shown++;
    }

  if (shown > 0)
    gtk_popover_popup (self->completion_popover);
  else
    gtk_popover_popdown (self->completion_popover);
}

static void
on_entry_changed (WdMentionsBar *self,
                  GtkEditable   *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  Call *call;

  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  if (*text == '\0' || self->store == NULL)
    {
      gtk_popover_popdown (self->completion_popover);
      return;
    }

  self->find_cancellable = g_cancellable_new ();
  call = call_new (self);
  call->name = g_steal_pointer (&text);
  run (self, find_thread, call, (GDestroyNotify) g_ptr_array_unref, self->find_cancellable,
       find_done);
}

static void
select_step (WdMentionsBar *self,
             int            step)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->completion_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) + step : (step > 0 ? 0 : -1);
  GtkListBoxRow *next;

  if (index < 0)
    {
      gtk_list_box_unselect_all (self->completion_list);
      return;
    }
  next = gtk_list_box_get_row_at_index (self->completion_list, index);
  if (next != NULL)
    gtk_list_box_select_row (self->completion_list, next);
}

static gboolean
on_entry_key_pressed (WdMentionsBar         *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->completion_popover)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      select_step (self, 1);
      return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      select_step (self, -1);
      return TRUE;
    case GDK_KEY_Escape:
      gtk_popover_popdown (self->completion_popover);
      return TRUE;
    default:
      return FALSE;
    }
}

/* Chips */

typedef struct
{
  WdMentionsBar *self;
  gint64         mention_id;
  WdOrigin       origin;
  char          *name;
} Removal;

static void
removal_free (gpointer p)
{
  Removal *removal = p;

  g_clear_object (&removal->self);
  g_free (removal->name);
  g_free (removal);
}

static void
on_undo_clicked (WdMentionsBar *self,
                 AdwToast      *toast)
{
  Removal *removal = g_object_get_data (G_OBJECT (toast), "removal");

  if (self->store != NULL && removal != NULL)
    attach (self, removal->mention_id, NULL, WD_MENTION_TOPIC, removal->origin);
}

static void
detach_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Removal *removal = user_data;
  g_autoptr(WdMentionsBar) self = g_steal_pointer (&removal->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean was_attached;
  AdwToast *toast;

  was_attached = GPOINTER_TO_INT (wd_mention_ui_run_finish (result, &error));
  if (call_failed (self, error) || !was_attached)
    {
      removal_free (removal);
      return;
    }

  /* Translators: a toast after a mention was taken off the brief; %s is
   * its name. */
  title = g_strdup_printf (_("Removed “%s”"), removal->name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "removal", removal, removal_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self,
                           G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

static void
on_remove_clicked (WdMentionsBar *self,
                   GtkButton     *button)
{
  WdMention *mention = g_object_get_data (G_OBJECT (button), "mention");
  Removal *removal = g_new0 (Removal, 1);
  Call *call = call_new (self);

  call->mention_id = wd_mention_get_id (mention);
  removal->self = g_object_ref (self);
  removal->mention_id = call->mention_id;
  removal->origin = wd_mention_get_origin (mention);
  removal->name = g_strdup (wd_mention_get_name (mention));
  wd_mention_ui_run_async (self->store, detach_thread, call, call_free, NULL,
                           self->cancellable, detach_done, removal);
}

static WdMentionSuggestion *
suggestion_copy (const WdMentionSuggestion *s)
{
  WdMentionSuggestion *copy = g_new0 (WdMentionSuggestion, 1);

  *copy = *s;
  copy->name = g_strdup (s->name);
  copy->reason = g_strdup (s->reason);
  return copy;
}

static Call *
suggestion_call (WdMentionsBar *self,
                 GtkWidget     *widget)
{
  WdMentionSuggestion *s = g_object_get_data (G_OBJECT (widget), "suggestion");
  Call *call = call_new (self);

  call->suggestion = *s;
  call->suggestion.name = g_strdup (s->name);
  call->suggestion.reason = g_strdup (s->reason);
  return call;
}

static void
accept_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(WdMentionsBar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mention = wd_mention_ui_run_finish (result, &error);

  call_failed (self, error);
}

static void
accept_suggestion (WdMentionsBar             *self,
                   const WdMentionSuggestion *suggestion,
                   WdMentionKind              kind)
{
  Call *call = call_new (self);

  call->suggestion = *suggestion;
  call->suggestion.name = g_strdup (suggestion->name);
  call->suggestion.reason = g_strdup (suggestion->reason);
  call->suggestion.kind = kind;
  run (self, accept_thread, call, g_object_unref, NULL, accept_done);
}

/* A catalog entry is attached at once; a name new to the catalog asks
 * for its kind first, the draft's guess offered, since that kind stays
 * with the catalog entry. */
static void
on_accept_clicked (WdMentionsBar *self,
                   GtkButton     *button)
{
  WdMentionSuggestion *s = g_object_get_data (G_OBJECT (button), "suggestion");

  if (s->mention_id != 0)
    {
      accept_suggestion (self, s, s->kind);
      return;
    }
  g_clear_pointer (&self->new_name, g_free);
  g_clear_pointer (&self->new_suggestion, wd_mention_suggestion_free);
  self->new_suggestion = suggestion_copy (s);
  ask_kind (self, s->name, s->kind, GTK_WIDGET (button));
}

static void
on_dismiss_clicked (WdMentionsBar *self,
                    GtkButton     *button)
{
  run (self, dismiss_thread, suggestion_call (self, GTK_WIDGET (button)), NULL, NULL,
       attach_done);
}

/* A pill: [kind icon, name] (a button when @main_clicked is set) and a
 * small round button at the end. */
static GtkWidget *
make_chip (WdMentionsBar *self,
           const char    *name,
           WdMentionKind  kind,
           const char    *main_tooltip,
           GCallback      main_clicked,
           const char    *end_label,
           GCallback      end_clicked,
           const char    *data_key,
           gpointer       data,
           GDestroyNotify data_free)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (wd_mention_kind_icon_name (kind));
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *end = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_widget_add_css_class (chip, "mention-chip");
  gtk_widget_set_tooltip_text (icon, wd_mention_kind_label (kind));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_box_append (GTK_BOX (content), icon);
  gtk_box_append (GTK_BOX (content), label);

  if (main_clicked != NULL)
    {
      GtkWidget *button = gtk_button_new ();

      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "mention-accept");
      gtk_widget_set_tooltip_text (button, main_tooltip);
      g_object_set_data_full (G_OBJECT (button), data_key, data, data_free);
      g_signal_connect_object (button, "clicked", main_clicked, self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (chip), button);
      /* The end button shares the same data, borrowed. */
      g_object_set_data (G_OBJECT (end), data_key, data);
    }
  else
    {
      gtk_widget_add_css_class (content, "mention-name");
      gtk_box_append (GTK_BOX (chip), content);
      g_object_set_data_full (G_OBJECT (end), data_key, data, data_free);
    }

  gtk_widget_add_css_class (end, "flat");
  gtk_widget_add_css_class (end, "circular");
  gtk_widget_add_css_class (end, "mention-remove");
  gtk_widget_set_valign (end, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (end, end_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (end), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  end_label, -1);
  g_signal_connect_object (end, "clicked", end_clicked, self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (chip), end);

  return chip;
}

static void
rebuild_chips (WdMentionsBar *self)
{
  guint n = self->mentions != NULL ? g_list_model_get_n_items (self->mentions) : 0;
  GtkWidget *child;

  /* The chips go; a question about one of them goes too. */
  if (self->kind_anchor != NULL)
    {
      self->kind_anchor = NULL;
      g_clear_pointer (&self->new_suggestion, wd_mention_suggestion_free);
      gtk_popover_popdown (self->kind_popover);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow))) != NULL)
    gtk_flow_box_remove (self->flow, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdMention) mention = g_list_model_get_item (self->mentions, i);
      /* Translators: the accessible name and tooltip of a mention's remove
       * button; %s is the mention. */
      g_autofree char *remove = g_strdup_printf (_("Remove “%s”"),
                                                 wd_mention_get_name (mention));
      GtkWidget *chip;

      chip = make_chip (self, wd_mention_get_name (mention), wd_mention_get_kind (mention),
                        NULL, NULL, remove, G_CALLBACK (on_remove_clicked),
                        "mention", g_object_ref (mention), g_object_unref);
      gtk_widget_set_tooltip_text (chip, wd_mention_kind_label (wd_mention_get_kind (mention)));
      gtk_flow_box_append (self->flow, chip);
    }

  for (guint i = 0; self->suggestions != NULL && i < self->suggestions->len; i++)
    {
      WdMentionSuggestion *s = self->suggestions->pdata[i];
      /* Translators: tooltip of a suggested mention; %s is its name. */
      g_autofree char *accept = g_strdup_printf (_("Add “%s” to the brief"), s->name);
      /* Translators: accessible name of the button that turns a suggested
       * mention down; %s is its name. */
      g_autofree char *dismiss = g_strdup_printf (_("Dismiss “%s”"), s->name);
      g_autofree char *tooltip = NULL;
      GtkWidget *chip;

      if (s->reason != NULL && *s->reason != '\0')
        tooltip = g_strdup_printf ("%s\n%s", accept, s->reason);
      chip = make_chip (self, s->name, s->kind, tooltip != NULL ? tooltip : accept,
                        G_CALLBACK (on_accept_clicked), dismiss,
                        G_CALLBACK (on_dismiss_clicked), "suggestion", suggestion_copy (s),
                        (GDestroyNotify) wd_mention_suggestion_free);
      gtk_widget_add_css_class (chip, "suggested");
      gtk_flow_box_append (self->flow, chip);
    }

  /* The flow box's own children take no focus: the buttons inside do. */
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->flow)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->flow),
                          gtk_widget_get_first_child (GTK_WIDGET (self->flow)) != NULL);
}

/* Loading */

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(WdMentionsBar) self = user_data;
  g_autoptr(GError) error = NULL;
  Loaded *loaded = wd_mention_ui_run_finish (result, &error);

  if (call_failed (self, error))
    return;
  if (loaded == NULL)
    return;
  g_set_object (&self->mentions, loaded->mentions);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  self->suggestions = g_steal_pointer (&loaded->suggestions);
  loaded_free (loaded);
  rebuild_chips (self);
}

static void
reload (WdMentionsBar *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store == NULL || self->brief_id == 0)
    return;
  self->load_cancellable = g_cancellable_new ();
  run (self, load_thread, call_new (self), loaded_free, self->load_cancellable, load_done);
}

static void
reload_later (gpointer data)
{
  WdMentionsBar *self = data;

  self->reload_source = 0;
  reload (self);
}

static void
on_store_changed (WdMentionsBar *self,
                  gint64         brief_id,
                  WdStore       *store)
{
  /* The brief changes on every pause in typing (autosave): a burst of
   * changes is read once. */
  if (self->brief_id != 0 && (brief_id == 0 || brief_id == self->brief_id) &&
      self->reload_source == 0)
    self->reload_source = g_timeout_add_once (250, reload_later, self);
}

/* Public API */

/**
 * wd_mentions_bar_new:
 *
 * Creates a mentions bar with no brief.
 *
 * Returns: (transfer floating): a #WdMentionsBar
 */
void
wd_mentions_bar_focus_entry (WdMentionsBar *self)
{
  g_return_if_fail (WD_IS_MENTIONS_BAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

GtkWidget *
wd_mentions_bar_new (void)
{
  return g_object_new (WD_TYPE_MENTIONS_BAR, NULL);
}

/**
 * wd_mentions_bar_set_store:
 * @self: a #WdMentionsBar
 * @store: (nullable): the archive
 *
 * Sets the archive the bar reads and writes, and follows its "changed"
 * signal.
 */
void
wd_mentions_bar_set_store (WdMentionsBar *self,
                           WdStore       *store)
{
  g_return_if_fail (WD_IS_MENTIONS_BAR (self));
  g_return_if_fail (store == NULL || WD_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * wd_mentions_bar_get_store:
 * @self: a #WdMentionsBar
 *
 * Gets the archive.
 *
 * Returns: (transfer none) (nullable): the store
 */
WdStore *
wd_mentions_bar_get_store (WdMentionsBar *self)
{
  g_return_val_if_fail (WD_IS_MENTIONS_BAR (self), NULL);

  return self->store;
}

/**
 * wd_mentions_bar_set_brief:
 * @self: a #WdMentionsBar
 * @brief: (nullable): a brief loaded in full (with its mentions)
 *
 * Shows @brief's mentions at once, then its suggestions from the archive.
 */
void
wd_mentions_bar_set_brief (WdMentionsBar *self,
                           WdBrief       *brief)
{
  gint64 brief_id;

  g_return_if_fail (WD_IS_MENTIONS_BAR (self));
  g_return_if_fail (brief == NULL || WD_IS_BRIEF (brief));

  brief_id = brief != NULL ? wd_brief_get_id (brief) : 0;
  g_clear_object (&self->mentions);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  if (brief != NULL && wd_brief_get_mentions (brief) != NULL)
    self->mentions = g_object_ref (wd_brief_get_mentions (brief));
  clear_entry (self);
  gtk_popover_popdown (self->kind_popover);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), brief != NULL);
  rebuild_chips (self);

  if (self->brief_id != brief_id)
    {
      self->brief_id = brief_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BRIEF_ID]);
    }
  reload (self);
}

/**
 * wd_mentions_bar_get_brief_id:
 * @self: a #WdMentionsBar
 *
 * Gets the id of the brief shown.
 *
 * Returns: the brief's id, or 0
 */
gint64
wd_mentions_bar_get_brief_id (WdMentionsBar *self)
{
  g_return_val_if_fail (WD_IS_MENTIONS_BAR (self), 0);

  return self->brief_id;
}

/* GObject */

static void
wd_mentions_bar_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  WdMentionsBar *self = WD_MENTIONS_BAR (widget);
  graphene_rect_t bounds;

  GTK_WIDGET_CLASS (wd_mentions_bar_parent_class)->size_allocate (widget, width, height,
                                                                   baseline);

  /* Both popovers point at the entry. */
  if (gtk_widget_compute_bounds (GTK_WIDGET (self->entry), widget, &bounds))
    {
      GdkRectangle rect = {
        (int) bounds.origin.x, (int) bounds.origin.y,
        (int) bounds.size.width, (int) bounds.size.height
      };

      gtk_popover_set_pointing_to (self->completion_popover, &rect);
      gtk_popover_set_pointing_to (self->kind_popover, &rect);
      if (self->kind_anchor != NULL &&
          gtk_widget_is_ancestor (self->kind_anchor, widget) &&
          gtk_widget_compute_bounds (self->kind_anchor, widget, &bounds))
        {
          GdkRectangle chip = {
            (int) bounds.origin.x, (int) bounds.origin.y,
            (int) bounds.size.width, (int) bounds.size.height
          };

          gtk_popover_set_pointing_to (self->kind_popover, &chip);
        }
      gtk_widget_set_size_request (GTK_WIDGET (self->completion_popover),
                                   MAX (rect.width, 240), -1);
    }
  gtk_popover_present (self->completion_popover);
  gtk_popover_present (self->kind_popover);
}

static void
wd_mentions_bar_dispose (GObject *object)
{
  WdMentionsBar *self = WD_MENTIONS_BAR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->find_cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), WD_TYPE_MENTIONS_BAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (wd_mentions_bar_parent_class)->dispose (object);
}

static void
wd_mentions_bar_finalize (GObject *object)
{
  WdMentionsBar *self = WD_MENTIONS_BAR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->find_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->mentions);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_free (self->new_name);
  g_clear_pointer (&self->new_suggestion, wd_mention_suggestion_free);

  G_OBJECT_CLASS (wd_mentions_bar_parent_class)->finalize (object);
}

static void
wd_mentions_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WdMentionsBar *self = WD_MENTIONS_BAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BRIEF_ID:
      g_value_set_int64 (value, self->brief_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_mentions_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WdMentionsBar *self = WD_MENTIONS_BAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      wd_mentions_bar_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_mentions_bar_class_init (WdMentionsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wd_mentions_bar_dispose;
  object_class->finalize = wd_mentions_bar_finalize;
  object_class->get_property = wd_mentions_bar_get_property;
  object_class->set_property = wd_mentions_bar_set_property;
  widget_class->size_allocate = wd_mentions_bar_size_allocate;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, WD_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRIEF_ID] =
    g_param_spec_int64 ("brief-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WdMentionsBar::toast:
   * @toast: an #AdwToast
   *
   * Asks the embedder to show @toast, when the bar has no
   * #AdwToastOverlay around it.
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/wiredesk/Wiredesk/ui/wd-mentions-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, flow);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, entry);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, completion_popover);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, completion_list);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, kind_popover);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, kind_title);
  gtk_widget_class_bind_template_child (widget_class, WdMentionsBar, kind_box);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_completion_row_activated);

  gtk_widget_class_set_css_name (widget_class, "wdmentionsbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
wd_mentions_bar_init (WdMentionsBar *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store_signals = g_signal_group_new (WD_TYPE_STORE);
  g_signal_group_connect_object (self->store_signals, "changed",
                                 G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  for (int k = WD_MENTION_PUBLICATION; k <= WD_MENTION_PLACE; k++)
    {
      WdMentionKind kind = k;
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label = gtk_label_new (wd_mention_kind_label (kind));

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (
                                       wd_mention_kind_icon_name (kind)));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "mention-kind");
      g_object_set_data (G_OBJECT (button), "kind", GINT_TO_POINTER (kind));
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_kind_clicked), self,
                               G_CONNECT_SWAPPED);
      gtk_box_append (self->kind_box, button);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->flow), FALSE);
}
