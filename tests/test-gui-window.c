/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-window"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "wd-application.h"
#include "wd-brief-row.h"
#include "wd-brief-view.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"
#include "wd-window.h"

/* Enough briefs for every status to appear several times (the seed cycles
 * through the six statuses), few enough to stay fast. */
#define N_SEEDED 30
#define GLACIER_TITLE "Glacier retreat measured above the valley"
#define MORAINE_TITLE "Moraine survey finds older ice"

typedef gboolean (*WaitFunc) (gpointer data);

static WdApplication *app;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Spins the main loop until @func holds. The deadline only keeps a broken
 * build from hanging the suite; nothing here measures time. */
static gboolean
wait_for (WaitFunc func,
          gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (20, wake_up, NULL);
  gboolean done;

  while (!(done = func (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);

  return done;
}

typedef struct
{
  WdStore   *store;
  WdContext *context;
  WdWindow  *window;
  GSettings *settings;
  gint64     glacier_id;
  gint64     moraine_id;
} Fixture;

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (fixture->window), WD_TYPE_WINDOW, name);
}

static GListModel *
list_model (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_list_view_get_model (child (fixture, "brief_list_view")));
}

static WdBriefList *
brief_list (Fixture *fixture)
{
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (list_model (fixture));

  return WD_BRIEF_LIST (gtk_single_selection_get_model (selection));
}

typedef struct
{
  Fixture *fixture;
  guint    n_items;
} CountWait;

/* The list has settled at @n_items rows, every one of them loaded. */
static gboolean
list_has (gpointer data)
{
  CountWait *wait = data;
  GListModel *model = list_model (wait->fixture);
  guint n = g_list_model_get_n_items (model);

  if (wd_brief_list_get_loading (brief_list (wait->fixture)) || n != wait->n_items)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdBrief) brief = g_list_model_get_item (model, i);

      if (!wd_brief_get_loaded (brief))
        return FALSE;
    }

  return TRUE;
}

static void
assert_list_settles_at (Fixture *fixture,
                        guint    n_items)
{
  CountWait wait = { fixture, n_items };

  if (!wait_for (list_has, &wait))
    g_error ("the list shows %u briefs, expected %u",
             g_list_model_get_n_items (list_model (fixture)), n_items);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (WD_IS_BRIEF_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* The rows on screen show their brief's title. */
static gboolean
rows_show_titles (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint shown = 0;

  collect_rows (child (fixture, "brief_list_view"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      WdBrief *brief = wd_brief_row_get_brief (WD_BRIEF_ROW (row));
      GtkLabel *title;

      if (brief == NULL || !gtk_widget_get_mapped (row))
        continue;
      if (!wd_brief_get_loaded (brief))
        return FALSE;

      title = GTK_LABEL (gtk_widget_get_template_child (row, WD_TYPE_BRIEF_ROW, "title_label"));
      if (g_strcmp0 (gtk_label_get_label (title), wd_brief_get_title (brief)) != 0)
        return FALSE;
      shown++;
    }

  return shown > 0;
}

static gboolean
find_visible_label (GtkWidget  *widget,
                    const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_visible_label (c, text))
      return TRUE;

  return FALSE;
}

/* A visible text view below @widget holds @text (a section's editor). */
static gboolean
find_visible_text (GtkWidget  *widget,
                   const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      g_autofree char *contents = NULL;
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      contents = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (g_strcmp0 (contents, text) == 0)
        return TRUE;
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (find_visible_text (c, text))
      return TRUE;

  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(WdConfig) config = wd_config_new_empty ();

  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "sidebar-filter");

  fixture->store = wd_test_open_store (NULL);
  wd_test_seed (fixture->store, N_SEEDED);
  fixture->glacier_id =
    wd_test_add_source (fixture->store, GLACIER_TITLE, "https://alpine.example/glacier",
                        "Alpine Post", "Surveyors found the moraine had moved again.");
  fixture->moraine_id =
    wd_test_add_source (fixture->store, MORAINE_TITLE, "https://alpine.example/moraine",
                        "Alpine Post", "A moraine under the glacier holds ice from the 1850s.");

  fixture->context = wd_context_new (fixture->store, config);
  fixture->window = wd_window_new (GTK_APPLICATION (app), fixture->context);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  WdWindow *window = fixture->window;
  WdStore *store = fixture->store;

  /* Nothing may keep the window, or through it the archive, alive. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_true (wait_for (wd_test_is_null, &window));

  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->store);
  g_assert_true (wait_for (wd_test_is_null, &store));

  g_clear_object (&fixture->settings);
}

static gboolean
display_missing (void)
{
  if (gdk_display_get_default () != NULL)
    return FALSE;

  g_test_skip ("no display; run under xvfb-run");
  return TRUE;
}

static void
test_window_lists_briefs (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkStack *list_stack = child (fixture, "list_stack");
  GListModel *model;
  g_autofree char *saved = NULL;

  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (fixture->window)));

  /* The Inbox by default: the seed's inbox briefs and the two added. */
  assert_list_settles_at (fixture, N_SEEDED / 6 + 2);
  model = list_model (fixture);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WdBrief) brief = g_list_model_get_item (model, i);

      g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_INBOX);
    }

  /* Alt+6's action shows every brief, and the choice is kept. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s", "all");
  assert_list_settles_at (fixture, N_SEEDED + 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (list_stack), ==, "list");
  saved = g_settings_get_string (fixture->settings, "sidebar-filter");
  g_assert_cmpstr (saved, ==, "all");
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (gtk_list_box_get_selected_row (
                     child (fixture, "filters_list")))), ==, "all");

  g_assert_true (wait_for (rows_show_titles, fixture));

  /* The window's size is the user's, through the settings, both ways. */
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
    g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, width);
    g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, height);
  }
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 700);

  /* Choosing a filter row in the sidebar does the same. */
  gtk_list_box_select_row (child (fixture, "filters_list"),
                           gtk_list_box_get_row_at_index (child (fixture, "filters_list"), 1));
  assert_list_settles_at (fixture, N_SEEDED / 6);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WdBrief) brief = g_list_model_get_item (model, i);

      g_assert_cmpint (wd_brief_get_status (brief), ==, WD_BRIEF_STATUS_DRAFT);
    }
}

static gboolean
entry_has_focus (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *entry = child (fixture, "search_entry");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static void
test_search_narrows (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkEditable *entry = child (fixture, "search_entry");
  GListModel *model;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s", "all");
  assert_list_settles_at (fixture, N_SEEDED + 2);

  /* Ctrl+F's action puts the cursor in the search entry. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  g_assert_true (wait_for (entry_has_focus, fixture));

  gtk_editable_set_text (entry, "moraine");
  assert_list_settles_at (fixture, 2);
  /* Both sources with the word, in their title or their text, and no other. */
  model = list_model (fixture);
  {
    g_autoptr(WdBrief) first = g_list_model_get_item (model, 0);
    g_autoptr(WdBrief) second = g_list_model_get_item (model, 1);
    gint64 ids[2] = { wd_brief_get_id (first), wd_brief_get_id (second) };

    g_assert_true ((ids[0] == fixture->glacier_id && ids[1] == fixture->moraine_id) ||
                   (ids[0] == fixture->moraine_id && ids[1] == fixture->glacier_id));
  }

  /* A word no brief has: the list says so instead of showing nothing. */
  gtk_editable_set_text (entry, "xylophone");
  assert_list_settles_at (fixture, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "list_stack")), ==,
                   "no-results");

  gtk_editable_set_text (entry, "");
  assert_list_settles_at (fixture, N_SEEDED + 2);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "list_stack")), ==, "list");

  /* A search looks past the filters, which say so by greying out; picking
   * one (Alt+1) ends the search. */
  gtk_editable_set_text (entry, "moraine");
  assert_list_settles_at (fixture, 2);
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "filters_list")));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s", "inbox");
  assert_list_settles_at (fixture, N_SEEDED / 6 + 2);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "filters_list")));
}

typedef struct
{
  Fixture *fixture;
  gint64   brief_id;
} BriefWait;

static gboolean
view_shows (gpointer data)
{
  BriefWait *wait = data;
  WdBriefView *view = child (wait->fixture, "brief_view");
  WdBrief *brief = wd_brief_view_get_brief (view);

  return brief != NULL && wd_brief_get_id (brief) == wait->brief_id &&
         !wd_brief_view_get_loading (view);
}

static guint
position_of (GListModel *model,
             gint64      brief_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(WdBrief) brief = g_list_model_get_item (model, i);

      if (wd_brief_get_id (brief) == brief_id)
        return i;
    }

  g_assert_not_reached ();
}

static void
test_selecting_shows_brief (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkSelectionModel *selection;
  WdBriefView *view = child (fixture, "brief_view");
  GtkStack *content_stack = child (fixture, "content_stack");
  BriefWait wait = { fixture, fixture->glacier_id };
  g_autoptr(WdBrief) draft = NULL;
  WdSection *summary;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s", "all");
  assert_list_settles_at (fixture, N_SEEDED + 2);
  selection = GTK_SELECTION_MODEL (list_model (fixture));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "none");

  gtk_selection_model_select_item (selection,
                                   position_of (G_LIST_MODEL (selection), fixture->glacier_id),
                                   TRUE);
  g_assert_true (wait_for (view_shows, &wait));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "brief");

  g_assert_true (find_visible_label (GTK_WIDGET (view), GLACIER_TITLE));
  g_assert_true (find_visible_label (GTK_WIDGET (view), "Alpine Post"));
  g_assert_cmpstr (adw_window_title_get_title (child (fixture, "content_title")), ==,
                   GLACIER_TITLE);

  /* Another brief replaces it, sections and all: the seed's drafts have a
   * summary, which the view shows under its heading. */
  draft = g_list_model_get_item (G_LIST_MODEL (selection), 0);
  for (guint i = 0; wd_brief_get_status (draft) != WD_BRIEF_STATUS_DRAFT; i++)
    {
      g_clear_object (&draft);
      draft = g_list_model_get_item (G_LIST_MODEL (selection), i + 1);
    }
  wait.brief_id = wd_brief_get_id (draft);
  gtk_selection_model_select_item (selection,
                                   position_of (G_LIST_MODEL (selection), wait.brief_id),
                                   TRUE);
  g_assert_true (wait_for (view_shows, &wait));
  summary = wd_brief_get_section (wd_brief_view_get_brief (view), WD_SECTION_SUMMARY);
  g_assert_nonnull (summary);
  g_assert_true (find_visible_text (GTK_WIDGET (view), wd_section_get_text (summary)));
  g_assert_true (find_visible_label (GTK_WIDGET (view), "Summary"));

  /* Letting go of the selection empties the content area again. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection),
                                     GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "none");
}

static GtkWidget *
undo_button (Fixture *fixture)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (child (fixture, "toast_overlay"),
                                                       GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), "_Undo") == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

static gboolean
undo_offered (gpointer data)
{
  return undo_button (data) != NULL;
}

/* The restored brief is on screen under its title. The header's title,
 * not the source pane's: an earlier test of this process left the window
 * 1000 px wide, where the source and the brief take turns (below 720 px
 * for the two), and the restored brief opens on the brief. */
static gboolean
shows_glacier_title (gpointer data)
{
  Fixture *fixture = data;
  GtkStack *content_stack = child (fixture, "content_stack");

  return g_strcmp0 (gtk_stack_get_visible_child_name (content_stack), "brief") == 0 &&
         g_strcmp0 (adw_window_title_get_title (child (fixture, "content_title")),
                    GLACIER_TITLE) == 0;
}

/* Delete takes the brief out of the list and the content area at once;
 * the toast's Undo brings it back, sections and all. */
static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkStack *content_stack = child (fixture, "content_stack");
  BriefWait wait = { fixture, fixture->glacier_id };
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s", "all");
  assert_list_settles_at (fixture, N_SEEDED + 2);
  wd_window_show_brief (fixture->window, fixture->glacier_id);
  g_assert_true (wait_for (view_shows, &wait));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-brief", NULL);
  assert_list_settles_at (fixture, N_SEEDED + 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content_stack), ==, "none");
  g_assert_cmpuint (wd_store_count_briefs (fixture->store, WD_BRIEF_FILTER_ALL, &error), ==,
                    N_SEEDED + 1);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list_model (fixture)); i++)
    {
      g_autoptr(WdBrief) brief = g_list_model_get_item (list_model (fixture), i);

      g_assert_cmpint (wd_brief_get_id (brief), !=, fixture->glacier_id);
    }

  g_assert_true (wait_for (undo_offered, fixture));
  g_signal_emit_by_name (undo_button (fixture), "clicked");
  assert_list_settles_at (fixture, N_SEEDED + 2);
  g_assert_true (wait_for (view_shows, &wait));
  g_assert_true (wait_for (shows_glacier_title, fixture));
}

static gboolean
page_lists_mention (gpointer data)
{
  Fixture *fixture = data;

  return find_visible_label (GTK_WIDGET (child (fixture, "mentions_page")), "Alpine Post");
}

/* The Mentions page (Ctrl+7) shows the catalog as it is when it is shown,
 * though it does not read it while hidden behind the list. */
static void
test_mentions_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdMention) mention = NULL;

  assert_list_settles_at (fixture, N_SEEDED / 6 + 2);
  mention = wd_store_ensure_mention (fixture->store, "Alpine Post", WD_MENTION_PUBLICATION,
                                     &error);
  g_assert_no_error (error);
  g_assert_true (wd_store_attach_mention (fixture->store, fixture->glacier_id,
                                          wd_mention_get_id (mention), WD_ORIGIN_EDITOR,
                                          &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s",
                              "mentions");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "list_stack")), ==,
                   "mentions");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (fixture, "search_entry"))));
  g_assert_true (wait_for (page_lists_mention, fixture));

  /* Back to the briefs, with their search. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sidebar-filter", "s", "inbox");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (fixture, "list_stack")), ==, "list");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (fixture, "search_entry"))));
}

static gboolean
shows_empty_archive (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (child (data, "list_stack")),
                    "empty-archive") == 0;
}

static void
test_empty_archive (void)
{
  g_autoptr(WdStore) store = NULL;
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  g_autoptr(WdContext) context = NULL;
  WdWindow *window;
  Fixture fixture = { 0 };

  if (display_missing ())
    return;

  store = wd_test_open_store (NULL);
  context = wd_context_new (store, config);
  window = wd_window_new (GTK_APPLICATION (app), context);
  fixture.window = window;
  gtk_window_present (GTK_WINDOW (window));

  /* The list area tells how to add a source, once it knows there is none. */
  g_assert_true (wait_for (shows_empty_archive, &fixture));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "list_stack")), ==,
                   "empty-archive");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&fixture, "content_stack")), ==,
                   "empty-archive");

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (wait_for (wd_test_is_null, &window));
}

static gboolean
app_has_window (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) != NULL;
}

static gboolean
app_has_no_window (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static void
test_app_opens_archive (void)
{
  g_autofree char *path = NULL;
  GtkWindow *window;

  if (display_missing ())
    return;

  {
    g_autoptr(WdStore) store = wd_test_open_store (&path);

    wd_test_seed (store, 5);
  }

  g_setenv ("WIREDESK_DB", path, TRUE);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (wait_for (app_has_window, NULL));
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_true (WD_IS_WINDOW (window));
  g_assert_cmpstr (wd_store_get_path (wd_context_get_store (
                     wd_window_get_context (WD_WINDOW (window)))), ==, path);

  /* The shortcuts window comes from the resources, wired to Ctrl+?. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.search");

    g_assert_cmpstr (accels[0], ==, "<Control>f");
  }

  /* app.quit closes the window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_true (wait_for (app_has_no_window, NULL));
  g_unsetenv ("WIREDESK_DB");
}

static void
test_app_open_error (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *after = NULL;
  const char *junk = "These are my notes, not an archive.\n";
  GtkWindow *window;
  const char *body;

  if (display_missing ())
    return;

  dir = wd_test_make_tmpdir ();
  path = g_build_filename (dir, "notes.db", NULL);
  g_assert_true (g_file_set_contents (path, junk, -1, NULL));

  g_setenv ("WIREDESK_DB", path, TRUE);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (wait_for (app_has_window, NULL));

  /* A dialog with the store's own sentence, and the file left as it was. */
  window = gtk_application_get_windows (GTK_APPLICATION (app))->data;
  g_assert_true (ADW_IS_MESSAGE_DIALOG (window));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window));
  g_assert_nonnull (strstr (body, path));
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, junk);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "quit");
  g_assert_true (wait_for (app_has_no_window, NULL));
  g_unsetenv ("WIREDESK_DB");
}

static void
add_window_test (const char *path,
                 void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) data_dirs = NULL;
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime_dirs_v = NULL;
  const char *env_dirs = g_getenv ("XDG_DATA_DIRS");
  int ret;

  /* The icons are SVG files in the resources, and GdkPixbuf picks its SVG
   * loader by the MIME database, which the isolated XDG directories below
   * would hide; so the system's stays in use (as g_content_type_set_mime_dirs()
   * suggests for tests). */
  data_dirs = g_strsplit (env_dirs != NULL && *env_dirs != '\0' ? env_dirs
                                                               : "/usr/local/share:/usr/share",
                          ":", -1);
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (data_dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime_dirs_v = g_strv_builder_end (mime_dirs);

  wd_test_init (&argc, &argv);
  g_content_type_set_mime_dirs ((const char * const *) mime_dirs_v);

  /* gtk_test_init() would call g_test_init() a second time; this keeps the
   * isolated directories and the C locale from wd_test_init(). */
  gtk_disable_setlocale ();
  /* GTK 4 looks for the accessibility bus on the session bus, which
   * xvfb-run does not start (NO_AT_BRIDGE only silences GTK 3), and warns
   * when there is none. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (gtk_init_check ())
    {
      app = wd_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
    }

  if (app != NULL)
    {
      add_window_test ("/gui/window/lists-briefs", test_window_lists_briefs);
      add_window_test ("/gui/window/search-narrows", test_search_narrows);
      add_window_test ("/gui/window/selecting-shows-brief", test_selecting_shows_brief);
      add_window_test ("/gui/window/delete-and-undo", test_delete_and_undo);
      add_window_test ("/gui/window/mentions-page", test_mentions_page);
    }
  g_test_add_func ("/gui/window/empty-archive", test_empty_archive);
  g_test_add_func ("/gui/app/opens-archive", test_app_opens_archive);
  g_test_add_func ("/gui/app/open-error", test_app_open_error);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
