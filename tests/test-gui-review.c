/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-review"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "wd-brief-view.h"
#include "wd-preflight-panel.h"
#include "wd-section-card.h"
#include "wd-source-view.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"
#include "wd-window.h"

/* The review checks in the editor, as an editor meets them: a number the
 * source does not give and a run copied from the source are underlined
 * and highlighted in the summary (and the run in the source), the reason
 * shows on hover, the preflight lists them, a click on an item selects
 * its span, and fixing the text clears the failure after the pause. */

#define ARTICLE \
  "The city council approved a plan on Tuesday to plant twelve thousand trees along the " \
  "northern boulevards over the next four years, after a summer of record heat.\n\n" \
  "The plan costs forty million euros, paid from the climate fund, and the first trees go " \
  "into the ground in November, the council said in a statement.\n\n" \
  "Residents have asked for more shade for years, and a survey found that half of the " \
  "streets in the northern districts have no trees at all.\n\n" \
  "Maria Costa, who leads the parks department, said the city would water the young trees " \
  "for three summers. Maria Costa added that schools would help to care for them."

#define NUMBER "fifteen thousand"
#define FIXED  "twelve thousand"
/* Twenty words, word for word from the article's second paragraph. */
#define COPIED \
  "The plan costs forty million euros, paid from the climate fund, and the first trees go " \
  "into the ground in November"
#define SUMMARY \
  "The council will plant " NUMBER " trees along the northern boulevards. " COPIED "."

typedef struct {
  WdStore   *store;
  WdContext *context;
  WdWindow  *window;
  gint64     brief_id;
  char      *config_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;

  f->store = wd_test_open_store (NULL);
  f->brief_id = wd_test_add_source (f->store, "Twelve thousand trees for the boulevards",
                                    "https://city.example/trees", "City Gazette", ARTICLE);
  wd_store_add_revision (f->store, f->brief_id, WD_SECTION_SUMMARY, SUMMARY, NULL, &error);
  g_assert_no_error (error);
  wd_store_add_revision (f->store, f->brief_id, WD_SECTION_ANALYST_TAKE,
                         "Residents have asked for more shade for years.", NULL, &error);
  g_assert_no_error (error);
  wd_store_add_revision (f->store, f->brief_id, WD_SECTION_WATCH,
                         "Maria Costa said the city would water the young trees.", NULL, &error);
  g_assert_no_error (error);

  f->config_dir = wd_test_make_tmpdir ();
  config_path = g_build_filename (f->config_dir, "wiredesk.conf", NULL);
  g_file_set_contents (config_path, "", -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (config_path, &error);
  g_assert_no_error (error);
  f->context = wd_context_new (f->store, config);
  f->window = wd_window_new (NULL, f->context);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  wd_window_show_brief (f->window, f->brief_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  WdWindow *window = f->window;
  WdStore *store = f->store;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_assert_true (wd_test_wait_for (wd_test_is_null, &window));

  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_assert_true (wd_test_wait_for (wd_test_is_null, &store));
  g_free (f->config_dir);
}

static WdBriefView *
brief_view (Fixture *f)
{
  return WD_BRIEF_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window), WD_TYPE_WINDOW,
                                                       "brief_view"));
}

static WdPreflightPanel *
preflight (Fixture *f)
{
  return WD_PREFLIGHT_PANEL (gtk_widget_get_template_child (GTK_WIDGET (brief_view (f)),
                                                            WD_TYPE_BRIEF_VIEW,
                                                            "preflight_panel"));
}

static WdSourceView *
source_view (Fixture *f)
{
  return WD_SOURCE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (brief_view (f)),
                                                        WD_TYPE_BRIEF_VIEW, "source_view"));
}

static WdSectionCard *
card (Fixture       *f,
      WdSectionKind  kind)
{
  g_autoptr(GPtrArray) cards = wd_test_find_widgets (GTK_WIDGET (brief_view (f)),
                                                     WD_TYPE_SECTION_CARD);

  for (guint i = 0; i < cards->len; i++)
    if (wd_section_card_get_kind (cards->pdata[i]) == kind)
      return cards->pdata[i];
  g_assert_not_reached ();
}

static const WdReviewItem *
find_item (const WdReviewReport *report,
           const char           *check)
{
  for (guint i = 0; report != NULL && i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      if (item->severity == WD_REVIEW_FAILURE && strcmp (item->check, check) == 0)
        return item;
    }
  return NULL;
}

/* The report of the summary as it now reads, with its number failing. */
static gboolean
number_fails (gpointer data)
{
  Fixture *f = data;

  return find_item (wd_brief_view_get_review_report (brief_view (f)), "unsupported-number") != NULL;
}

static gboolean
number_passes (gpointer data)
{
  Fixture *f = data;
  const WdReviewReport *report = wd_brief_view_get_review_report (brief_view (f));
  GtkTextBuffer *buffer = wd_section_card_get_buffer (card (f, WD_SECTION_SUMMARY));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return report != NULL && strstr (text, FIXED) != NULL &&
         find_item (report, "unsupported-number") == NULL &&
         find_item (report, "copy-run") != NULL;
}

/* Character offsets of @needle in the summary's buffer. */
static void
find_in_buffer (GtkTextBuffer *buffer,
                const char    *needle,
                int           *start,
                int           *end)
{
  GtkTextIter iter, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, needle, GTK_TEXT_SEARCH_TEXT_ONLY,
                                               &match_start, &match_end, NULL));
  *start = gtk_text_iter_get_offset (&match_start);
  *end = gtk_text_iter_get_offset (&match_end);
}

/* Where @tag_name covers the buffer: exactly from @start to @end. */
static void
assert_tag_exactly (GtkTextBuffer *buffer,
                    const char    *tag_name,
                    int            start,
                    int            end)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      int offset = gtk_text_iter_get_offset (&iter);
      gboolean inside = offset >= start && offset < end;

      if (gtk_text_iter_is_end (&iter))
        break;
      if (gtk_text_iter_has_tag (&iter, tag) != inside)
        g_error ("%s at %d: expected %s", tag_name, offset, inside ? "on" : "off");
    }
  while (gtk_text_iter_forward_char (&iter));
}

/* Which row the panel shows @wanted in: failures first, in text order. */
static guint
panel_index_of (const WdReviewReport *report,
                const WdReviewItem   *wanted)
{
  guint index = 0;

  for (int severity = WD_REVIEW_FAILURE; severity > WD_REVIEW_PASS; severity--)
    for (guint i = 0; i < report->items->len; i++)
      {
        const WdReviewItem *item = g_ptr_array_index (report->items, i);

        if ((int) item->severity != severity)
          continue;
        if (item == wanted)
          return index;
        index++;
      }
  g_assert_not_reached ();
}

static void
type_over (GtkTextBuffer *buffer,
           int            start,
           int            end,
           const char    *text)
{
  GtkTextIter from, to;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
  gtk_text_buffer_delete_interactive (buffer, &from, &to, TRUE);
  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_insert_interactive (buffer, &from, text, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
}

static gboolean
wake_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* With WD_TEST_SCREENSHOT_DIR set, pictures of the brief with failures,
 * the preflight open, light and dark, to look at. */
static void
maybe_save_screenshots (Fixture *f)
{
  const char *dir = g_getenv ("WD_TEST_SCREENSHOT_DIR");
  AdwStyleManager *style = adw_style_manager_get_default ();
  static const char *names[] = { "review-light.png", "review-dark.png" };

  if (dir == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  wd_preflight_panel_set_expanded (preflight (f), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      g_autoptr(GtkSnapshot) snapshot = NULL;
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      GtkWidget *window = GTK_WIDGET (f->window);

      adw_style_manager_set_color_scheme (style, i == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                        : ADW_COLOR_SCHEME_FORCE_DARK);
      settle (700);
      paintable = gtk_widget_paintable_new (window);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                              gtk_widget_get_height (window));
      node = gtk_snapshot_to_node (snapshot);
      g_assert_nonnull (node);
      texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                             &GRAPHENE_RECT_INIT (0, 0,
                                                                  gtk_widget_get_width (window),
                                                                  gtk_widget_get_height (window)));
      g_assert_true (gdk_texture_save_to_png (texture, path));
      g_test_message ("wrote %s", path);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  wd_preflight_panel_set_expanded (preflight (f), FALSE);
}

static void
test_review_marks (Fixture       *f,
                   gconstpointer  data)
{
  WdSectionCard *summary = card (f, WD_SECTION_SUMMARY);
  GtkTextBuffer *buffer = wd_section_card_get_buffer (summary);
  WdPreflightPanel *panel = preflight (f);
  const WdReviewReport *report;
  const WdReviewItem *number;
  const WdReviewItem *copied;
  g_autofree char *failures = NULL;
  GtkTextIter sel_start, sel_end;
  int number_start, number_end, copied_start, copied_end;
  const char *copied_in_source;
  GtkRoot *root;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;

  /* Checked on load, without typing. */
  g_assert_true (wd_test_wait_for (number_fails, f));
  report = wd_brief_view_get_review_report (brief_view (f));
  for (guint i = 0; i < report->items->len; i++)
    {
      const WdReviewItem *item = g_ptr_array_index (report->items, i);

      g_test_message ("%s %s %s: %s", wd_review_severity_to_string (item->severity), item->check,
                      wd_review_section_to_string (item->section), item->message);
    }
  number = find_item (report, "unsupported-number");
  copied = find_item (report, "copy-run");
  g_assert_nonnull (copied);
  g_assert_cmpint (number->section, ==, WD_SECTION_SUMMARY);

  /* The panel: a failure count matching the report, failures first. */
  failures = g_strdup_printf ("%u failure", report->n_failures);
  g_assert_true (g_str_has_prefix (wd_preflight_panel_get_summary (panel), failures));
  g_assert_cmpuint (report->n_failures, >=, 2);
  g_assert_cmpuint (wd_preflight_panel_get_n_items (panel), >=, report->n_failures);

  /* The number is underlined, just the number; the copied run is
   * highlighted, in the summary and in the source. */
  find_in_buffer (buffer, NUMBER, &number_start, &number_end);
  assert_tag_exactly (buffer, "review-failure", number_start, number_end);
  find_in_buffer (buffer, COPIED, &copied_start, &copied_end);
  assert_tag_exactly (buffer, "review-copied", copied_start, copied_end);
  copied_in_source = strstr (ARTICLE, "The plan costs");
  g_assert_true (wd_source_view_has_copied_at (source_view (f), copied_in_source - ARTICLE));
  g_assert_true (wd_source_view_has_copied_at (source_view (f),
                                               copied_in_source - ARTICLE + strlen (COPIED) - 1));
  g_assert_false (wd_source_view_has_copied_at (source_view (f), 0));

  /* The reason on hover. */
  g_assert_cmpstr (wd_section_card_get_review_message_at (summary, number_start + 2), ==,
                   number->message);
  g_assert_null (wd_section_card_get_review_message_at (summary, 1));

  /* Marking is not editing: nothing to undo, nothing saved. */
  g_assert_false (gtk_text_buffer_get_can_undo (buffer));
  settle (600);
  revisions = wd_store_list_revisions (f->store, f->brief_id, WD_SECTION_SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);

  /* A click on the item selects the number in the summary. */
  wd_preflight_panel_set_expanded (panel, TRUE);
  wd_preflight_panel_activate_item (panel, panel_index_of (report, number));
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &sel_start, &sel_end));
  g_assert_cmpint (gtk_text_iter_get_offset (&sel_start), ==, number_start);
  g_assert_cmpint (gtk_text_iter_get_offset (&sel_end), ==, number_end);
  root = gtk_widget_get_root (GTK_WIDGET (summary));
  g_assert_true (gtk_root_get_focus (root) == GTK_WIDGET (wd_section_card_get_text_view (summary)));

  /* The brief has no mention: its item puts the cursor where one is
   * added. */
  {
    const WdReviewItem *mentions = find_item (report, "mentions");
    GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (brief_view (f)),
                                                                WD_TYPE_BRIEF_VIEW,
                                                                "mentions_bar"));

    g_assert_nonnull (mentions);
    g_assert_cmpint (mentions->section, ==, WD_REVIEW_SECTION_MENTIONS);
    wd_preflight_panel_activate_item (panel, panel_index_of (report, mentions));
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (root), bar));
    wd_preflight_panel_activate_item (panel, panel_index_of (report, number));
  }

  maybe_save_screenshots (f);

  /* The editor puts the source's number in: the failure goes. */
  type_over (buffer, number_start, number_end, FIXED);
  g_assert_true (wd_test_wait_for (number_passes, f));
  report = wd_brief_view_get_review_report (brief_view (f));
  find_in_buffer (buffer, FIXED, &number_start, &number_end);
  g_assert_null (wd_section_card_get_review_message_at (summary, number_start + 2));
  failures = (g_free (failures), g_strdup_printf ("%u failure", report->n_failures));
  g_assert_true (g_str_has_prefix (wd_preflight_panel_get_summary (panel), failures));
  find_in_buffer (buffer, COPIED, &copied_start, &copied_end);
  assert_tag_exactly (buffer, "review-copied", copied_start, copied_end);
}

int
main (int    argc,
      char **argv)
{
  gboolean display = wd_test_gui_init (&argc, &argv);

  if (!display)
    {
      g_test_skip ("no display; run under xvfb-run");
      return g_test_run ();
    }
  adw_init ();
  /* For the pictures, the application's style sheets, as editors see it. */
  if (g_getenv ("WD_TEST_SCREENSHOT_DIR") != NULL)
    {
      AdwApplication *app = adw_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);

      g_application_register (G_APPLICATION (app), NULL, NULL);
    }

  g_test_add ("/gui/review/marks", Fixture, NULL, fixture_set_up, test_review_marks,
              fixture_tear_down);
  return g_test_run ();
}
