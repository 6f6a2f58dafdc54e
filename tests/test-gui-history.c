/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-history"

#include <string.h>

#include <adwaita.h>

#include "wd-history-dialog.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"

/* A section's history as an editor uses it: the revisions with their
 * origin and model, the word-level changes of an old revision against
 * the current text, and Restore, on a real archive. */

#define AI_TEXT      "The council will plant trees along the boulevards."
#define CUT_TEXT     "The council will plant"
#define EDIT_TEXT    "The council will plant new trees along the boulevards."
#define CURRENT_TEXT "The city will plant twelve thousand trees along the boulevards."

typedef struct {
  WdStore    *store;
  GtkWindow  *parent;
  gint64      brief_id;
  gint64      ai_id;
  gint64      cut_id;
  gint64      edit_id;
  gint64      current_id;
  guint       n_changed;
  guint       n_before;
} Fixture;

static void
on_store_changed (WdStore *store,
                  gint64   brief_id,
                  Fixture *f)
{
  if (brief_id == f->brief_id)
    f->n_changed++;
}

static gint64
add_revision (Fixture    *f,
              const char *text,
              gboolean    ai,
              gboolean    incomplete)
{
  WdRevisionInfo info = WD_REVISION_INFO_EDITOR;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (ai)
    {
      info.origin = WD_ORIGIN_AI;
      info.backend = "ollama";
      info.model = "qwen3:8b";
      info.template_version = 1;
      info.incomplete = incomplete;
    }
  id = wd_store_add_revision (f->store, f->brief_id, WD_SECTION_SUMMARY, text, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = wd_test_open_store (NULL);
  f->brief_id = wd_test_add_source (f->store, "Trees for the boulevards",
                                    "https://city.example/trees", "City Gazette",
                                    "The city council approved a plan to plant trees along "
                                    "the northern boulevards over the next four years.");
  if (data == NULL)
    {
      f->ai_id = add_revision (f, AI_TEXT, TRUE, FALSE);
      f->cut_id = add_revision (f, CUT_TEXT, TRUE, TRUE);
      f->edit_id = add_revision (f, EDIT_TEXT, FALSE, FALSE);
      f->current_id = add_revision (f, CURRENT_TEXT, FALSE, FALSE);
    }
  g_signal_connect (f->store, "changed", G_CALLBACK (on_store_changed), f);

  f->parent = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->parent, 1000, 700);
  gtk_window_present (f->parent);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  GtkWindow *parent = f->parent;
  WdStore *store = f->store;

  g_object_add_weak_pointer (G_OBJECT (parent), (gpointer *) &parent);
  gtk_window_destroy (f->parent);
  g_assert_true (wd_test_wait_for (wd_test_is_null, &parent));

  g_signal_handlers_disconnect_by_data (f->store, f);
  wd_store_wait_for_writes (f->store);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&f->store);
  /* Pending "changed" emissions hold the store until they run. */
  g_assert_true (wd_test_wait_for (wd_test_is_null, &store));
}

/* Helpers */

static gboolean
store_changed (gpointer data)
{
  Fixture *f = data;

  return f->n_changed > f->n_before;
}

static WdHistoryDialog *
open_dialog (Fixture *f,
             gint64   brief_id)
{
  WdHistoryDialog *dialog = wd_history_dialog_new (f->parent, f->store, brief_id,
                                                   WD_SECTION_SUMMARY);

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == f->parent);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
close_dialog (WdHistoryDialog *dialog)
{
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (wd_test_wait_for (wd_test_is_null, &dialog));
}

static GtkListBox *
revision_list (WdHistoryDialog *dialog)
{
  return GTK_LIST_BOX (wd_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LIST_BOX));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

typedef struct {
  WdHistoryDialog *dialog;
  guint            n_rows;
} RowsCond;

static gboolean
has_rows (gpointer data)
{
  RowsCond *c = data;

  return count_rows (revision_list (c->dialog)) == c->n_rows &&
         gtk_widget_get_mapped (GTK_WIDGET (revision_list (c->dialog)));
}

/* The texts of a row's labels, joined by "|": who, when, then badges. */
static char *
dup_row_text (GtkListBox *list,
              guint       index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);
  g_autoptr(GPtrArray) labels = wd_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) texts = NULL;

  for (guint i = 0; i < labels->len; i++)
    g_strv_builder_add (builder, gtk_label_get_label (labels->pdata[i]));
  texts = g_strv_builder_end (builder);
  return g_strjoinv ("|", texts);
}

static GtkTextBuffer *
text_buffer (WdHistoryDialog *dialog)
{
  GtkWidget *view = wd_test_find_widget (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);

  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Every run of the buffer that carries @tag_name, as "offset:text" joined
 * by "|". */
static char *
dup_tagged_runs (GtkTextBuffer *buffer,
                 const char    *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                               tag_name);
  g_autoptr(GString) runs = g_string_new (NULL);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_has_tag (&iter, tag))
    gtk_text_iter_forward_to_tag_toggle (&iter, tag);
  while (!gtk_text_iter_is_end (&iter))
    {
      GtkTextIter end = iter;
      g_autofree char *text = NULL;

      g_assert_true (gtk_text_iter_starts_tag (&iter, tag));
      gtk_text_iter_forward_to_tag_toggle (&end, tag);
      text = gtk_text_iter_get_text (&iter, &end);
      g_string_append_printf (runs, "%s%d:%s", runs->len > 0 ? "|" : "",
                              gtk_text_iter_get_offset (&iter), text);
      iter = end;
      gtk_text_iter_forward_to_tag_toggle (&iter, tag);
    }
  return g_string_free (g_steal_pointer (&runs), FALSE);
}

static GtkWidget *
restore_button (WdHistoryDialog *dialog)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "history.restore") == 0)
      return buttons->pdata[i];
  g_assert_not_reached ();
}

static GtkToggleButton *
toggle_button (WdHistoryDialog *dialog,
               const char      *label)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (GTK_WIDGET (dialog),
                                                       GTK_TYPE_TOGGLE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  g_assert_not_reached ();
}

static void
select_row (WdHistoryDialog *dialog,
            guint            index)
{
  GtkListBox *list = revision_list (dialog);

  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, index));
}

/* The status page that shows, if one does. */
static AdwStatusPage *
mapped_status_page (WdHistoryDialog *dialog)
{
  g_autoptr(GPtrArray) pages = wd_test_find_widgets (GTK_WIDGET (dialog),
                                                     ADW_TYPE_STATUS_PAGE);

  for (guint i = 0; i < pages->len; i++)
    if (gtk_widget_get_mapped (pages->pdata[i]))
      return pages->pdata[i];
  return NULL;
}

static gboolean
status_page_shows (gpointer data)
{
  return mapped_status_page (data) != NULL;
}

/* Screenshots, when WD_TEST_SCREENSHOT_DIR names a folder */

static gboolean
frame_drawn (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_frame_after_paint (GdkFrameClock *clock,
                      gboolean      *drawn)
{
  *drawn = TRUE;
}

static void
save_screenshots (GtkWidget  *native,
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
      int w = gtk_widget_get_width (native);
      int h = gtk_widget_get_height (native);
      gulong id;

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
test_rows (Fixture       *f,
           gconstpointer  data)
{
  WdHistoryDialog *dialog = open_dialog (f, f->brief_id);
  RowsCond c = { dialog, 4 };
  GtkListBox *list;
  g_autofree char *row0 = NULL;
  g_autofree char *row1 = NULL;
  g_autofree char *row2 = NULL;
  g_autofree char *row3 = NULL;

  g_assert_true (wd_test_wait_for (has_rows, &c));
  list = revision_list (dialog);
  row0 = dup_row_text (list, 0);
  row1 = dup_row_text (list, 1);
  row2 = dup_row_text (list, 2);
  row3 = dup_row_text (list, 3);

  /* Newest first; saved just now, so each shows today's time. */
  g_assert_true (g_regex_match_simple ("^Your edit\\|[0-9]{2}:[0-9]{2}\\|Current$", row0, 0, 0));
  g_assert_true (g_regex_match_simple ("^Your edit\\|[0-9]{2}:[0-9]{2}$", row1, 0, 0));
  g_assert_true (g_regex_match_simple ("^AI draft · qwen3:8b\\|[0-9]{2}:[0-9]{2}\\|Incomplete$",
                                       row2, 0, 0));
  g_assert_true (g_regex_match_simple ("^AI draft · qwen3:8b\\|[0-9]{2}:[0-9]{2}$", row3, 0, 0));

  /* It opens on the newest revision before the current one. */
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 1));

  save_screenshots (GTK_WIDGET (dialog), "history");
  close_dialog (dialog);
}

static void
test_diff (Fixture       *f,
           gconstpointer  data)
{
  WdHistoryDialog *dialog = open_dialog (f, f->brief_id);
  RowsCond c = { dialog, 4 };
  GtkTextBuffer *buffer;
  g_autofree char *text = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *inserted = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *plain_deleted = NULL;
  g_autofree char *plain_inserted = NULL;

  g_assert_true (wd_test_wait_for (has_rows, &c));
  select_row (dialog, 3);
  buffer = text_buffer (dialog);

  /* AI draft → current: "council" became "city", "twelve thousand" came
   * in; the rest is in both. */
  text = dup_buffer_text (buffer);
  g_assert_cmpstr (text, ==,
                   "The council city will plant twelve thousand trees along the boulevards.");
  deleted = dup_tagged_runs (buffer, "deleted");
  inserted = dup_tagged_runs (buffer, "inserted");
  g_assert_cmpstr (deleted, ==, "4:council ");
  g_assert_cmpstr (inserted, ==, "12:city |28:twelve thousand ");

  /* The plain text of the revision, as it was saved. */
  gtk_toggle_button_set_active (toggle_button (dialog, "_Text"), TRUE);
  plain = dup_buffer_text (buffer);
  g_assert_cmpstr (plain, ==, AI_TEXT);
  plain_deleted = dup_tagged_runs (buffer, "deleted");
  plain_inserted = dup_tagged_runs (buffer, "inserted");
  g_assert_cmpstr (plain_deleted, ==, "");
  g_assert_cmpstr (plain_inserted, ==, "");

  /* Back to the changes, on another revision: "new" is gone since. */
  gtk_toggle_button_set_active (toggle_button (dialog, "_Changes"), TRUE);
  select_row (dialog, 1);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&deleted, g_free);
  text = dup_buffer_text (buffer);
  deleted = dup_tagged_runs (buffer, "deleted");
  g_assert_cmpstr (text, ==,
                   "The council city will plant new twelve thousand trees along the "
                   "boulevards.");
  g_assert_cmpstr (deleted, ==, "4:council |28:new ");

  close_dialog (dialog);
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  WdHistoryDialog *dialog = open_dialog (f, f->brief_id);
  RowsCond c = { dialog, 4 };
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(WdBrief) brief = NULL;
  g_autoptr(GError) error = NULL;
  WdRevision *newest;
  WdSection *section;
  guint n_changed;

  g_assert_true (wd_test_wait_for (has_rows, &c));

  /* The current revision cannot be restored; an older one can. */
  select_row (dialog, 0);
  g_assert_true (gtk_widget_get_mapped (restore_button (dialog)));
  g_assert_false (gtk_widget_get_sensitive (restore_button (dialog)));
  select_row (dialog, 3);
  g_assert_true (gtk_widget_get_sensitive (restore_button (dialog)));

  n_changed = f->n_changed;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "history.restore", NULL));
  /* It closes once the revision is saved. */
  g_assert_true (wd_test_wait_for (wd_test_is_null, &dialog));
  /* The brief view learns of the new text from the store. */
  f->n_before = n_changed;
  g_assert_true (wd_test_wait_for (store_changed, f));

  revisions = wd_store_list_revisions (f->store, f->brief_id, WD_SECTION_SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 5);
  newest = g_ptr_array_index (revisions, 0);
  g_assert_cmpstr (wd_revision_get_text (newest), ==, AI_TEXT);
  g_assert_cmpint (wd_revision_get_origin (newest), ==, WD_ORIGIN_EDITOR);

  brief = wd_store_load_brief (f->store, f->brief_id, &error);
  g_assert_no_error (error);
  section = wd_brief_get_section (brief, WD_SECTION_SUMMARY);
  g_assert_cmpstr (wd_section_get_text (section), ==, AI_TEXT);
  g_assert_cmpint (wd_section_get_revision_id (section), ==, wd_revision_get_id (newest));
}

/* A draft or an edit that lands while the dialog is open shows in it. */
static void
test_follows_store (Fixture       *f,
                    gconstpointer  data)
{
  WdHistoryDialog *dialog = open_dialog (f, f->brief_id);
  RowsCond c = { dialog, 4 };
  g_autofree char *row0 = NULL;
  g_autofree char *row1 = NULL;

  g_assert_true (wd_test_wait_for (has_rows, &c));
  add_revision (f, "The city will plant trees.", TRUE, FALSE);
  c.n_rows = 5;
  g_assert_true (wd_test_wait_for (has_rows, &c));
  row0 = dup_row_text (revision_list (dialog), 0);
  row1 = dup_row_text (revision_list (dialog), 1);
  g_assert_true (g_str_has_suffix (row0, "|Current"));
  g_assert_false (g_str_has_suffix (row1, "|Current"));
  close_dialog (dialog);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  WdHistoryDialog *dialog = open_dialog (f, f->brief_id);
  AdwStatusPage *page;

  g_assert_true (wd_test_wait_for (status_page_shows, dialog));
  page = mapped_status_page (dialog);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Revisions Yet");
  /* Nothing to restore: no Restore button. */
  g_assert_false (gtk_widget_get_mapped (restore_button (dialog)));

  save_screenshots (GTK_WIDGET (dialog), "history-empty");
  close_dialog (dialog);
}

static void
test_missing_brief (Fixture       *f,
                    gconstpointer  data)
{
  WdHistoryDialog *dialog = open_dialog (f, f->brief_id + 1000);
  AdwStatusPage *page;

  g_assert_true (wd_test_wait_for (status_page_shows, dialog));
  page = mapped_status_page (dialog);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "History Unavailable");
  g_assert_nonnull (adw_status_page_get_description (page));
  g_assert_cmpstr (adw_status_page_get_description (page), !=, "");
  close_dialog (dialog);
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

  g_test_add ("/gui-history/rows", Fixture, NULL, fixture_set_up, test_rows,
              fixture_tear_down);
  g_test_add ("/gui-history/diff", Fixture, NULL, fixture_set_up, test_diff,
              fixture_tear_down);
  g_test_add ("/gui-history/restore", Fixture, NULL, fixture_set_up, test_restore,
              fixture_tear_down);
  g_test_add ("/gui-history/follows-store", Fixture, NULL, fixture_set_up,
              test_follows_store, fixture_tear_down);
  g_test_add ("/gui-history/empty", Fixture, "empty", fixture_set_up, test_empty,
              fixture_tear_down);
  g_test_add ("/gui-history/missing-brief", Fixture, "empty", fixture_set_up,
              test_missing_brief, fixture_tear_down);

  return g_test_run ();
}
