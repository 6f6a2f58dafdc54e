/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-mentions"

#include <string.h>

#include <adwaita.h>

#include "wd-mentions-bar.h"
#include "wd-mentions-page.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"

/* The mention widgets driven as an editor uses them: typing in the entry
 * and picking a completion, removing a chip and undoing it, answering the
 * model's dashed suggestions, naming the kind of a new name, and the
 * catalog page's rename and merge. Each step is checked in the archive. */

typedef struct {
  WdStore   *store;
  gint64     brief_id;
  GtkWidget *window;
  GtkWidget *widget;     /* the bar or the page */
  GPtrArray *toasts;     /* of AdwToast, from the "toast" signal */
} Fixture;

static void
on_toast (GtkWidget *widget,
          AdwToast  *toast,
          Fixture   *f)
{
  g_ptr_array_add (f->toasts, g_object_ref (toast));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = wd_test_open_store (NULL);
  f->brief_id = wd_test_add_source (f->store, "Campus robots",
                                    "https://news.example/robots", "News Example",
                                    "Researchers at the institute built a walking robot.");
  f->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 560, 420);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
  g_clear_object (&f->store);
}

static WdMention *
add_mention (Fixture       *f,
             const char    *name,
             WdMentionKind  kind,
             const char    *alias)
{
  g_autoptr(GError) error = NULL;
  WdMention *mention = wd_store_ensure_mention (f->store, name, kind, &error);

  g_assert_no_error (error);
  if (alias != NULL)
    g_assert_true (wd_store_add_mention_alias (f->store, wd_mention_get_id (mention), alias,
                                               &error));
  g_assert_no_error (error);
  return mention;
}

static void
show_bar (Fixture *f)
{
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GError) error = NULL;

  f->widget = wd_mentions_bar_new ();
  gtk_widget_set_margin_start (f->widget, 12);
  gtk_widget_set_margin_end (f->widget, 12);
  gtk_widget_set_margin_top (f->widget, 12);
  gtk_widget_set_valign (f->widget, GTK_ALIGN_START);
  g_signal_connect (f->widget, "toast", G_CALLBACK (on_toast), f);
  gtk_window_set_child (GTK_WINDOW (f->window), f->widget);
  brief = wd_store_load_brief (f->store, f->brief_id, &error);
  g_assert_no_error (error);
  wd_mentions_bar_set_store (WD_MENTIONS_BAR (f->widget), f->store);
  wd_mentions_bar_set_brief (WD_MENTIONS_BAR (f->widget), brief);
  gtk_window_present (GTK_WINDOW (f->window));
}

/* The brief's attached mention called @name, from the archive. */
static WdMention *
attached (Fixture    *f,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, f->brief_id, &error);
  GListModel *mentions;

  g_assert_no_error (error);
  mentions = wd_brief_get_mentions (brief);
  for (guint i = 0; i < g_list_model_get_n_items (mentions); i++)
    {
      g_autoptr(WdMention) m = g_list_model_get_item (mentions, i);

      if (g_str_equal (wd_mention_get_name (m), name))
        return g_steal_pointer (&m);
    }
  return NULL;
}

/* A label showing exactly @text below @root, or NULL. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  g_autoptr(GPtrArray) labels = wd_test_find_widgets (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0 &&
        gtk_widget_get_visible (labels->pdata[i]))
      return labels->pdata[i];
  return NULL;
}

/* A button with @css_class whose tooltip starts with @tooltip. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *css_class,
             const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      const char *text = gtk_widget_get_tooltip_text (button);

      if (gtk_widget_has_css_class (button, css_class) &&
          (tooltip == NULL || (text != NULL && g_str_has_prefix (text, tooltip))))
        return button;
    }
  return NULL;
}

static guint
count_chips (Fixture    *f,
             const char *css_class)
{
  g_autoptr(GPtrArray) boxes = wd_test_find_widgets (f->widget, GTK_TYPE_BOX);
  guint n = 0;

  for (guint i = 0; i < boxes->len; i++)
    if (gtk_widget_has_css_class (boxes->pdata[i], "mention-chip") &&
        (css_class == NULL || gtk_widget_has_css_class (boxes->pdata[i], css_class)))
      n++;
  return n;
}

static GtkWidget *
bar_entry (Fixture *f)
{
  return wd_test_find_widget (f->widget, GTK_TYPE_ENTRY);
}

static GtkPopover *
completion_popover (Fixture *f)
{
  g_autoptr(GPtrArray) popovers = wd_test_find_widgets (f->widget, GTK_TYPE_POPOVER);

  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_has_css_class (popovers->pdata[i], "mention-completion"))
      return popovers->pdata[i];
  g_assert_not_reached ();
}

static GtkWidget *
chip_named (Fixture    *f,
            const char *name)
{
  GtkWidget *label = find_label (f->widget, name);

  return label != NULL ? gtk_widget_get_ancestor (label, GTK_TYPE_FLOW_BOX) : NULL;
}

/* Sends @keyval to the entry's key controller, as typing it would. */
static gboolean
press_key (GtkWidget *widget,
           guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
      if (handled)
        break;
    }
  return handled;
}

/* The kind popover's button for @label. */
static GtkWidget *
kind_button (Fixture    *f,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (f->widget, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_has_css_class (buttons->pdata[i], "mention-kind") &&
        find_label (buttons->pdata[i], label) != NULL)
      return buttons->pdata[i];
  return NULL;
}

/* Wait conditions */

typedef struct {
  Fixture    *f;
  const char *name;
  guint       n;
  const char *css_class;
} Cond;

static gboolean
completion_has_rows (gpointer data)
{
  Cond *c = data;
  GtkPopover *popover = completion_popover (c->f);
  GtkListBox *list = GTK_LIST_BOX (gtk_popover_get_child (popover));

  return gtk_widget_get_visible (GTK_WIDGET (popover)) &&
         gtk_list_box_get_row_at_index (list, c->n - 1) != NULL &&
         gtk_list_box_get_row_at_index (list, c->n) == NULL;
}

static gboolean
chip_shown (gpointer data)
{
  Cond *c = data;

  return chip_named (c->f, c->name) != NULL;
}

static gboolean
chip_gone (gpointer data)
{
  return !chip_shown (data);
}

static gboolean
chips_counted (gpointer data)
{
  Cond *c = data;

  return count_chips (c->f, c->css_class) == c->n;
}

static gboolean
is_attached (gpointer data)
{
  Cond *c = data;
  g_autoptr(WdMention) m = attached (c->f, c->name);

  return m != NULL;
}

static gboolean
toast_count (gpointer data)
{
  Cond *c = data;

  return c->f->toasts->len >= c->n;
}

static gboolean
label_shown (gpointer data)
{
  Cond *c = data;

  return find_label (c->f->widget, c->name) != NULL;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* Screenshots, when WD_TEST_SCREENSHOT_DIR is set: the window as drawn,
 * for a person to look at (nothing is compared). */

static gboolean
frame_drawn (gpointer data)
{
  gboolean *drawn = data;

  return *drawn;
}

static void
on_frame_after_paint (GdkFrameClock *clock,
                      gboolean      *drawn)
{
  *drawn = TRUE;
}

static void
save_native (GtkWidget  *native,
             const char *name);

/* The window, and the popovers open over it. */
static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  g_autoptr(GPtrArray) popovers = wd_test_find_widgets (f->window, GTK_TYPE_POPOVER);

  save_native (f->window, name);
  for (guint i = 0; i < popovers->len; i++)
    if (gtk_widget_get_visible (popovers->pdata[i]))
      {
        g_autofree char *popover_name = g_strdup_printf ("%s-popover%u", name, i);

        save_native (popovers->pdata[i], popover_name);
      }
}

static void
save_native (GtkWidget  *native,
             const char *name)
{
  const char *dir = g_getenv ("WD_TEST_SCREENSHOT_DIR");
  AdwStyleManager *styles = adw_style_manager_get_default ();
  static const AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_FORCE_LIGHT,
                                            ADW_COLOR_SCHEME_FORCE_DARK };

  if (dir == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (schemes) * 2; i++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (native);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      GdkFrameClock *clock = gtk_widget_get_frame_clock (native);
      gboolean drawn = FALSE;
      gulong id;
      int w = gtk_widget_get_width (native);
      int h = gtk_widget_get_height (native);

      /* Each scheme twice: a new paintable has nothing until a frame. */
      adw_style_manager_set_color_scheme (styles, schemes[i / 2]);
      id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame_after_paint), &drawn);
      gtk_widget_queue_draw (native);
      wd_test_wait_for (frame_drawn, &drawn);
      g_signal_handler_disconnect (clock, id);

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_to_node (snapshot);
      if (node == NULL)
        continue;
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (native)),
                                             node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      file = g_strdup_printf ("%s-%s.png", name, i < 2 ? "light" : "dark");
      path = g_build_filename (dir, file, NULL);
      gdk_texture_save_to_png (texture, path);
    }
  adw_style_manager_set_color_scheme (styles, ADW_COLOR_SCHEME_DEFAULT);
}

/* Tests */

static void
test_complete_and_attach (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(WdMention) mit = add_mention (f, "Massachusetts Institute of Technology",
                                          WD_MENTION_ORGANIZATION, "MIT");
  g_autoptr(WdMention) meta = add_mention (f, "Meta", WD_MENTION_ORGANIZATION, NULL);
  g_autoptr(WdMention) got = NULL;
  GtkListBox *list;
  GtkWidget *entry;
  Cond c = { f, NULL, 0, NULL };

  show_bar (f);
  entry = bar_entry (f);
  gtk_widget_grab_focus (entry);

  /* "M" completes both; "mi" only the institute, by its alias. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "M");
  c.n = 2;
  g_assert_true (wd_test_wait_for (completion_has_rows, &c));
  gtk_editable_set_text (GTK_EDITABLE (entry), "mi");
  c.n = 1;
  g_assert_true (wd_test_wait_for (completion_has_rows, &c));
  list = GTK_LIST_BOX (gtk_popover_get_child (completion_popover (f)));
  g_assert_nonnull (find_label (GTK_WIDGET (list), "Massachusetts Institute of Technology"));
  g_assert_nonnull (find_label (GTK_WIDGET (list), "also “MIT”"));
  save_screenshot (f, "mentions-bar-completion");

  /* Down selects it, Enter attaches it. */
  g_assert_true (press_key (entry, GDK_KEY_Down));
  g_assert_nonnull (gtk_list_box_get_selected_row (list));
  g_signal_emit_by_name (entry, "activate");

  c.name = "Massachusetts Institute of Technology";
  g_assert_true (wd_test_wait_for (chip_shown, &c));
  got = attached (f, c.name);
  g_assert_nonnull (got);
  g_assert_cmpint (wd_mention_get_origin (got), ==, WD_ORIGIN_EDITOR);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (completion_popover (f))));

  /* Typing a whole known name (any case) and Enter attaches it too;
   * Escape first closes the list. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "meta");
  c.n = 1;
  g_assert_true (wd_test_wait_for (completion_has_rows, &c));
  g_assert_true (press_key (entry, GDK_KEY_Escape));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (completion_popover (f))));
  g_signal_emit_by_name (entry, "activate");
  c.name = "Meta";
  g_assert_true (wd_test_wait_for (chip_shown, &c));
  g_assert_true (wd_test_wait_for (is_attached, &c));
  save_screenshot (f, "mentions-bar-chips");
}

static void
test_remove_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(WdMention) meta = add_mention (f, "Meta", WD_MENTION_ORGANIZATION, NULL);
  g_autoptr(WdMention) back = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *remove;
  AdwToast *toast;
  Cond c = { f, "Meta", 1, NULL };

  g_assert_true (wd_store_attach_mention (f->store, f->brief_id, wd_mention_get_id (meta),
                                          WD_ORIGIN_AI, &error));
  show_bar (f);
  g_assert_true (wd_test_wait_for (chip_shown, &c));

  remove = find_button (f->widget, "mention-remove", "Remove “Meta”");
  g_assert_nonnull (remove);
  g_signal_emit_by_name (remove, "clicked");
  g_assert_true (wd_test_wait_for (chip_gone, &c));
  g_assert_true (wd_test_wait_for (toast_count, &c));
  g_assert_null (attached (f, "Meta"));

  toast = f->toasts->pdata[0];
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Removed “Meta”");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_true (wd_test_wait_for (chip_shown, &c));
  g_assert_true (wd_test_wait_for (is_attached, &c));
  back = attached (f, "Meta");
  /* Undo puts it back as it was: the model's. */
  g_assert_cmpint (wd_mention_get_origin (back), ==, WD_ORIGIN_AI);
}

static void
test_accept_and_dismiss (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(WdMention) meta = add_mention (f, "Meta", WD_MENTION_ORGANIZATION, NULL);
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;
  Cond c = { f, NULL, 2, "suggested" };

  g_assert_true (wd_store_suggest_mention (f->store, f->brief_id, "Meta",
                                           WD_MENTION_ORGANIZATION, NULL, NULL, &error));
  g_assert_true (wd_store_suggest_mention (f->store, f->brief_id, "Jensen Huang",
                                           WD_MENTION_ORGANIZATION, "Quoted in the source",
                                           NULL, &error));
  show_bar (f);
  g_assert_true (wd_test_wait_for (chips_counted, &c));
  save_screenshot (f, "mentions-bar-suggested");

  /* Accepting the new name puts it into the catalog and on the brief. */
  button = find_button (f->widget, "mention-accept", "Add “Jensen Huang” to the brief");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");

  /* A name new to the catalog: its kind is asked, the draft's guess
   * (organization) marked; the editor corrects it to a person. */
  c.name = "What is “Jensen Huang”?";
  g_assert_true (wd_test_wait_for (label_shown, &c));
  button = kind_button (f, "Organization");
  g_assert_true (gtk_widget_has_css_class (button, "guessed"));
  g_assert_false (gtk_widget_has_css_class (kind_button (f, "Person"), "guessed"));
  g_assert_null (attached (f, "Jensen Huang"));
  save_screenshot (f, "mentions-bar-suggested-kind");
  g_signal_emit_by_name (kind_button (f, "Person"), "clicked");
  c.name = "Jensen Huang";
  g_assert_true (wd_test_wait_for (is_attached, &c));
  c.n = 1;
  g_assert_true (wd_test_wait_for (chips_counted, &c));
  catalog = wd_store_find_mentions (f->store, "Jensen", 0, &error);
  g_assert_cmpuint (catalog->len, ==, 1);
  g_assert_cmpint (wd_mention_get_kind (catalog->pdata[0]), ==, WD_MENTION_PERSON);

  /* Dismissing Meta: gone, and a new draft does not bring it back. */
  button = find_button (f->widget, "mention-remove", "Dismiss “Meta”");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  c.n = 0;
  g_assert_true (wd_test_wait_for (chips_counted, &c));
  g_assert_true (wd_store_suggest_mention (f->store, f->brief_id, "Meta",
                                           WD_MENTION_ORGANIZATION, NULL, NULL, &error));
  open = wd_store_list_mention_suggestions (f->store, f->brief_id, &error);
  g_assert_cmpuint (open->len, ==, 0);
  g_assert_null (attached (f, "Meta"));
  g_assert_cmpuint (count_chips (f, NULL), ==, 1);
}

static void
test_new_name_asks_kind (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *entry;
  GtkWidget *title;
  GtkWidget *person = NULL;
  Cond c = { f, "Ada Lovelace", 0, NULL };

  show_bar (f);
  entry = bar_entry (f);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Ada Lovelace ");
  g_signal_emit_by_name (entry, "activate");

  /* The question names the name; nothing is in the archive yet. */
  c.name = "What is “Ada Lovelace”?";
  g_assert_true (wd_test_wait_for (label_shown, &c));
  c.name = "Ada Lovelace";
  title = find_label (f->widget, "What is “Ada Lovelace”?");
  g_assert_true (wd_test_wait_for (widget_visible,
                                   gtk_widget_get_ancestor (title, GTK_TYPE_POPOVER)));
  found = wd_store_find_mentions (f->store, "Ada", 0, &error);
  g_assert_cmpuint (found->len, ==, 0);
  save_screenshot (f, "mentions-bar-kind");

  person = kind_button (f, "Person");
  g_assert_nonnull (person);
  g_signal_emit_by_name (person, "clicked");

  g_assert_true (wd_test_wait_for (is_attached, &c));
  g_assert_true (wd_test_wait_for (chip_shown, &c));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = wd_store_find_mentions (f->store, "Ada", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (wd_mention_get_kind (found->pdata[0]), ==, WD_MENTION_PERSON);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
}

/* The page */

static AdwActionRow *
page_row (Fixture    *f,
          const char *name)
{
  g_autoptr(GPtrArray) rows = wd_test_find_widgets (f->widget, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), name) == 0)
      return rows->pdata[i];
  return NULL;
}

static gboolean
page_has_row (gpointer data)
{
  Cond *c = data;

  return page_row (c->f, c->name) != NULL;
}

static gboolean
page_has_n_rows (gpointer data)
{
  Cond *c = data;
  g_autoptr(GPtrArray) rows = wd_test_find_widgets (c->f->widget, ADW_TYPE_ACTION_ROW);

  return rows->len == c->n;
}

static GtkPopover *
row_popover (AdwActionRow *row)
{
  GtkWidget *button = wd_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON);

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  return gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
error_shown (gpointer data)
{
  return gtk_widget_get_visible (data) &&
         strlen (gtk_label_get_label (GTK_LABEL (data))) > 0;
}

static void
test_page_rename_and_merge (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(WdMention) tr = add_mention (f, "Technology Review", WD_MENTION_PUBLICATION, "TR");
  g_autoptr(WdMention) mit = add_mention (f, "MIT Technology Review", WD_MENTION_PUBLICATION,
                                          NULL);
  g_autoptr(WdMention) renamed = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkPopover *popover;
  GtkWidget *entry;
  GtkWidget *label;
  GtkWidget *merge = NULL;
  AdwMessageDialog *dialog;
  GtkListBox *choices;
  Cond c = { f, "Technology Review", 2, NULL };

  g_assert_true (wd_store_attach_mention (f->store, f->brief_id, wd_mention_get_id (tr),
                                          WD_ORIGIN_EDITOR, &error));
  f->widget = wd_mentions_page_new ();
  g_signal_connect (f->widget, "toast", G_CALLBACK (on_toast), f);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), f->widget);
  gtk_window_set_child (GTK_WINDOW (f->window), overlay);
  wd_mentions_page_set_store (WD_MENTIONS_PAGE (f->widget), f->store);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wd_test_wait_for (page_has_n_rows, &c));
  g_assert_cmpstr (adw_action_row_get_subtitle (page_row (f, "Technology Review")), ==,
                   "Publication · 1 brief · also TR");
  save_screenshot (f, "mentions-page");

  /* Rename: the old name stays as an alias. */
  popover = row_popover (page_row (f, "Technology Review"));
  entry = g_object_get_data (G_OBJECT (popover), "name-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Tech Review");
  save_screenshot (f, "mentions-page-edit");
  g_signal_emit_by_name (entry, "activate");
  c.name = "Tech Review";
  g_assert_true (wd_test_wait_for (page_has_row, &c));
  renamed = wd_store_ensure_mention (f->store, "technology review", WD_MENTION_TOPIC, &error);
  g_assert_cmpstr (wd_mention_get_name (renamed), ==, "Tech Review");
  g_assert_true (g_strv_contains (wd_mention_get_aliases (renamed), "Technology Review"));
  g_assert_cmpuint (wd_mention_get_brief_count (renamed), ==, 1);

  /* A name the other mention has: said in the popover, nothing changes. */
  popover = row_popover (page_row (f, "Tech Review"));
  entry = g_object_get_data (G_OBJECT (popover), "name-entry");
  label = g_object_get_data (G_OBJECT (popover), "error-label");
  gtk_editable_set_text (GTK_EDITABLE (entry), "MIT Technology Review");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (wd_test_wait_for (error_shown, label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "merge"));
  g_assert_nonnull (page_row (f, "Tech Review"));

  /* Merge Tech Review into MIT Technology Review. */
  gtk_popover_popdown (popover);
  popover = row_popover (page_row (f, "MIT Technology Review"));
  {
    g_autoptr(GPtrArray) buttons = wd_test_find_widgets (GTK_WIDGET (popover),
                                                         GTK_TYPE_BUTTON);

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]),
                     "_Merge With Another Mention…") == 0)
        merge = buttons->pdata[i];
  }
  g_assert_nonnull (merge);
  g_signal_emit_by_name (merge, "clicked");
  g_assert_true (wd_test_wait_for (dialog_shown, NULL));
  dialog = find_dialog ();
  choices = g_object_get_data (G_OBJECT (dialog), "list");
  gtk_list_box_unselect_all (choices);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "merge"));
  gtk_list_box_select_row (choices, gtk_list_box_get_row_at_index (choices, 0));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "merge"));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "“Tech Review” and “MIT Technology Review” become one mention named "
                   "“MIT Technology Review”. “Tech Review” stays as its alias, and its 1 "
                   "brief moves over. This cannot be undone.");
  save_native (GTK_WIDGET (dialog), "mentions-page-merge-dialog");
  adw_message_dialog_response (dialog, "merge");

  c.n = 1;
  g_assert_true (wd_test_wait_for (page_has_n_rows, &c));
  catalog = wd_store_list_mentions (f->store, &error);
  g_assert_cmpuint (catalog->len, ==, 1);
  g_assert_true (g_strv_contains (wd_mention_get_aliases (catalog->pdata[0]), "Tech Review"));
  g_assert_true (g_strv_contains (wd_mention_get_aliases (catalog->pdata[0]),
                                  "Technology Review"));
  g_assert_true (g_strv_contains (wd_mention_get_aliases (catalog->pdata[0]), "TR"));
  g_clear_object (&renamed);
  renamed = attached (f, "MIT Technology Review");
  g_assert_nonnull (renamed);
  save_screenshot (f, "mentions-page-merged");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  if (!wd_test_gui_init (&argc, &argv))
    {
      g_test_skip ("No display");
      return g_test_run ();
    }
  adw_init ();
  /* The isolated XDG_DATA_DIRS hide the system's icon theme, which the
   * screenshots should show. */
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/wiredesk/Wiredesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/gui-mentions/complete-and-attach", Fixture, NULL, fixture_set_up,
              test_complete_and_attach, fixture_tear_down);
  g_test_add ("/gui-mentions/remove-and-undo", Fixture, NULL, fixture_set_up,
              test_remove_and_undo, fixture_tear_down);
  g_test_add ("/gui-mentions/accept-and-dismiss", Fixture, NULL, fixture_set_up,
              test_accept_and_dismiss, fixture_tear_down);
  g_test_add ("/gui-mentions/new-name-asks-kind", Fixture, NULL, fixture_set_up,
              test_new_name_asks_kind, fixture_tear_down);
  g_test_add ("/gui-mentions/page-rename-and-merge", Fixture, NULL, fixture_set_up,
              test_page_rename_and_merge, fixture_tear_down);

  return g_test_run ();
}
