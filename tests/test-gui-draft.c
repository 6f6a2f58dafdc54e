/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-draft"

#include <string.h>

#include <adwaita.h>

#include "draft/wd-builtin.h"
#include "wd-brief-row.h"
#include "wd-brief-view.h"
#include "wd-section-card.h"
#include "wd-source-view.h"
#include "wd-test-gui.h"
#include "wd-test-util.h"
#include "wd-window.h"

/* Drafting in the app as an editor does it: Draft (Ctrl+Enter's action)
 * with the builtin engine, text streaming into a section from a model on
 * a SoupServer at 127.0.0.1, Stop, and Regenerate over the editor's own
 * text, which asks first. */

#define ARTICLE \
  "The city council approved a plan on Tuesday to plant twelve thousand trees along the " \
  "northern boulevards over the next four years, after a summer of record heat.\n\n" \
  "The plan costs forty million euros, paid from the climate fund, and the first trees go " \
  "into the ground in November, the council said in a statement.\n\n" \
  "Residents have asked for more shade for years, and a survey found that half of the " \
  "streets in the northern districts have no trees at all.\n\n" \
  "Maria Costa, who leads the parks department, said the city would water the young trees " \
  "for three summers. Maria Costa added that schools would help to care for them."

typedef struct {
  WdTestServer *server;
  WdStore      *store;
  WdContext    *context;
  WdWindow     *window;
  gint64        brief_id;
  char         *config_path;
} Fixture;

/* A model that streams one piece of every answer, then nothing, until the
 * client gives up. */
static void
handle_chat (WdTestServer      *server,
             SoupServerMessage *msg,
             const char        *path,
             gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  static const char piece[] =
    "data: {\"object\":\"chat.completion.chunk\",\"model\":\"shade-3b\",\"choices\":[{"
    "\"index\":0,\"delta\":{\"content\":\"The council will plant trees\"},"
    "\"finish_reason\":null}]}\n\n";

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            piece, sizeof piece - 1);
}

static WdContext *
context_with (Fixture    *f,
              const char *contents)
{
  g_autoptr(WdConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();

  g_free (f->config_path);
  f->config_path = g_build_filename (dir, "wiredesk.conf", NULL);
  g_file_set_contents (f->config_path, contents, -1, &error);
  g_assert_no_error (error);
  config = wd_config_load (f->config_path, &error);
  g_assert_no_error (error);
  return wd_context_new (f->store, config);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *contents = NULL;
  const char *kind = data;

  f->server = wd_test_server_new (NULL);
  wd_test_server_add_handler (f->server, "/v1/chat/completions", handle_chat, f);
  f->store = wd_test_open_store (NULL);
  f->brief_id = wd_test_add_source (f->store, "Twelve thousand trees for the boulevards",
                                    "https://city.example/trees", "City Gazette", ARTICLE);
  if (g_strcmp0 (kind, "model") == 0)
    contents = g_strdup_printf ("[defaults]\nbackend=shade\n\n[backend shade]\nkind=openai\n"
                                "base-url=%s/v1\nmodel=shade-3b\n",
                                wd_test_server_get_base (f->server));
  else
    contents = g_strdup ("");
  f->context = context_with (f, contents);
  if (g_strcmp0 (kind, "narrow") == 0)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_set_int (settings, "window-width", 700);
    }
  if (g_strcmp0 (kind, "folded") == 0)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_set_int (settings, "window-width", 800);
    }
  f->window = wd_window_new (NULL, f->context);
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
  g_clear_pointer (&f->server, wd_test_server_free);
  g_free (f->config_path);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_reset (settings, "window-width");
    g_settings_reset (settings, "source-width");
  }
}

static WdBriefView *
brief_view (Fixture *f)
{
  return WD_BRIEF_VIEW (gtk_widget_get_template_child (GTK_WIDGET (f->window), WD_TYPE_WINDOW,
                                                       "brief_view"));
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

static gboolean
brief_loaded (gpointer data)
{
  Fixture *f = data;
  WdBrief *brief = wd_brief_view_get_brief (brief_view (f));

  return brief != NULL && wd_brief_get_id (brief) == f->brief_id;
}

static gboolean
queue_idle (gpointer data)
{
  Fixture *f = data;

  return !wd_draft_queue_get_busy (wd_window_get_draft_queue (f->window));
}

typedef struct {
  WdSectionCard *card;
  const char    *text;
} CardWait;

static gboolean
card_shows (gpointer data)
{
  CardWait *wait = data;

  return g_strcmp0 (wd_section_card_get_text (wait->card), wait->text) == 0;
}

static gboolean
card_has_marker (gpointer data)
{
  return strstr (wd_section_card_get_text (data), WD_BUILTIN_MARKER) != NULL;
}

/* A label below @widget showing @text, visible. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  g_autoptr(GPtrArray) labels = wd_test_find_widgets (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_visible (labels->pdata[i]) &&
        strstr (gtk_label_get_label (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

/* Draft with nothing configured: the builtin engine fills the summary and
 * the context; the analyst take and what to watch say why they stay
 * empty; the brief moves to Draft. */
static void
test_builtin_draft (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) stored = NULL;

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.draft", NULL));
  g_assert_true (wd_test_wait_for (queue_idle, f));
  g_assert_true (wd_test_wait_for (card_has_marker, card (f, WD_SECTION_SUMMARY)));

  g_assert_true (shows_label (GTK_WIDGET (card (f, WD_SECTION_SUMMARY)), "AI draft"));
  g_assert_true (shows_label (GTK_WIDGET (card (f, WD_SECTION_WATCH)), "builtin engine"));
  g_assert_cmpstr (wd_section_card_get_text (card (f, WD_SECTION_WATCH)), ==, "");
  stored = wd_store_load_brief (f->store, f->brief_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (wd_brief_get_status (stored), ==, WD_BRIEF_STATUS_DRAFT);
}

/* Text streams into the card with the model's name; Stop keeps what
 * arrived, marked Incomplete. */
static void
test_stream_and_stop (Fixture       *f,
                      gconstpointer  data)
{
  WdSectionCard *summary;
  CardWait streamed;
  WdDraftJob *job;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  summary = card (f, WD_SECTION_SUMMARY);
  g_setenv ("WIREDESK_SECRET_SHADE", "sk-shade", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.draft", NULL));
  streamed = (CardWait) { summary, "The council will plant trees" };
  g_assert_true (wd_test_wait_for (card_shows, &streamed));
  g_assert_true (wd_section_card_get_drafting (summary));
  g_assert_true (shows_label (GTK_WIDGET (summary), "Drafting with shade-3b"));

  /* While it drafts, the brief cannot be drafted a second time. */
  job = wd_draft_queue_find (wd_window_get_draft_queue (f->window), f->brief_id);
  g_assert_nonnull (job);
  g_assert_null (wd_brief_view_draft (brief_view (f)));

  g_signal_emit_by_name (summary, "stop");
  g_assert_true (wd_test_wait_for (queue_idle, f));
  g_assert_false (wd_section_card_get_drafting (summary));
  g_assert_true (wd_test_wait_for (card_shows, &streamed));

  revisions = wd_store_list_revisions (f->store, f->brief_id, WD_SECTION_SUMMARY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);
  g_assert_true (wd_revision_get_incomplete (g_ptr_array_index (revisions, 0)));
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

/* Clicks the dialog's button labelled @label, as the editor would. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  g_autoptr(GPtrArray) buttons = wd_test_find_widgets (GTK_WIDGET (dialog), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      {
        g_signal_emit_by_name (buttons->pdata[i], "clicked");
        return;
      }
  g_error ("the dialog has no button “%s”", label);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static guint
n_revisions (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = wd_store_list_revisions (f->store, f->brief_id,
                                                            WD_SECTION_SUMMARY, &error);

  g_assert_no_error (error);
  return revisions->len;
}

static gboolean
dialog_gone (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
has_two_revisions (gpointer data)
{
  return n_revisions (data) == 2;
}

static gboolean
has_three_revisions (gpointer data)
{
  return n_revisions (data) == 3;
}

/* Regenerate over the editor's own text asks first; Cancel sends nothing,
 * Regenerate drafts and keeps the editor's text in the history. */
static void
test_regenerate_asks (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CardWait edited;
  AdwMessageDialog *dialog;

  g_assert_cmpint (wd_store_add_revision (f->store, f->brief_id, WD_SECTION_SUMMARY,
                                          "Trees for the north, by the editor.", NULL, &error),
                   >, 0);
  g_assert_no_error (error);
  edited = (CardWait) { card (f, WD_SECTION_SUMMARY), "Trees for the north, by the editor." };
  g_assert_true (wd_test_wait_for (card_shows, &edited));
  g_assert_true (shows_label (GTK_WIDGET (edited.card), "Edited"));

  g_signal_emit_by_name (edited.card, "regenerate", "shorter");
  g_assert_true (wd_test_wait_for (dialog_shown, NULL));
  dialog = find_dialog ();
  click_response (dialog, "_Cancel");
  g_assert_true (wd_test_wait_for (dialog_gone, NULL));
  g_assert_true (wd_test_wait_for (queue_idle, f));
  g_assert_cmpuint (n_revisions (f), ==, 1);

  g_signal_emit_by_name (edited.card, "regenerate", NULL);
  g_assert_true (wd_test_wait_for (dialog_shown, NULL));
  click_response (find_dialog (), "_Regenerate");
  g_assert_true (wd_test_wait_for (dialog_gone, NULL));
  g_assert_true (wd_test_wait_for (has_two_revisions, f));
  g_assert_true (wd_test_wait_for (queue_idle, f));
  /* The builtin engine drafted; the editor's text is one revision back. */
  g_assert_cmpuint (n_revisions (f), ==, 2);
  g_assert_true (wd_test_wait_for (card_has_marker, edited.card));

  /* An AI draft is regenerated without asking. */
  g_signal_emit_by_name (edited.card, "regenerate", NULL);
  g_assert_null (find_dialog ());
  g_assert_true (wd_test_wait_for (has_three_revisions, f));
}

typedef struct {
  Fixture *f;
  gint64   brief_id;
} ViewWait;

static gboolean
view_shows_brief (gpointer data)
{
  ViewWait *wait = data;
  WdBrief *brief = wd_brief_view_get_brief (brief_view (wait->f));

  return brief != NULL && wd_brief_get_id (brief) == wait->brief_id;
}

/* A [[brief:ID]] citation shows as a link that opens the cited brief. */
static void
test_citation_link (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *context = NULL;
  WdSectionCard *context_card;
  gint64 earlier;
  CardWait cited;
  ViewWait opened;

  earlier = wd_test_add_source (f->store, "Shade plan first proposed", "https://city.example/a",
                                "City Gazette", "The council first discussed trees in May.");
  context = g_strdup_printf ("The council first floated the plan in May [[brief:%" G_GINT64_FORMAT
                             "]].", earlier);
  g_assert_cmpint (wd_store_add_revision (f->store, f->brief_id, WD_SECTION_CONTEXT, context,
                                          NULL, &error), >, 0);
  g_assert_no_error (error);
  context_card = card (f, WD_SECTION_CONTEXT);
  cited = (CardWait) { context_card, context };
  g_assert_true (wd_test_wait_for (card_shows, &cited));

  /* The citation is a link in the text: clicking it opens the brief. */
  {
    GtkTextBuffer *buffer = wd_section_card_get_buffer (context_card);
    GtkTextIter start, match, match_end;

    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_forward_search (&start, "[[brief:", 0, &match, &match_end,
                                                 NULL));
    g_assert_false (wd_section_card_open_citation_at (context_card, 2));
    g_assert_true (wd_section_card_open_citation_at (context_card,
                                                     gtk_text_iter_get_offset (&match) + 3));
  }
  opened = (ViewWait) { f, earlier };
  g_assert_true (wd_test_wait_for (view_shows_brief, &opened));
}

static guint
count_loaded_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = wd_test_find_widgets (GTK_WIDGET (f->window), WD_TYPE_BRIEF_ROW);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      WdBrief *brief = wd_brief_row_get_brief (rows->pdata[i]);

      n += brief != NULL && wd_brief_get_loaded (brief);
    }
  return n;
}

static gboolean
three_rows (gpointer data)
{
  return count_loaded_rows (data) == 3;
}

static gboolean
has_summary (Fixture *f,
             gint64   brief_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, brief_id, &error);

  g_assert_no_error (error);
  return *wd_section_get_text (wd_brief_get_section (brief, WD_SECTION_SUMMARY)) != '\0';
}

/* Selection mode: check two briefs, Draft: both are drafted through the
 * queue, the Drafts popover lists them, the third is left alone. */
static void
test_batch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) draft_rows = NULL;
  WdDraftQueue *queue = wd_window_get_draft_queue (f->window);
  g_autofree char *summary = NULL;
  gint64 checked[2] = { 0, 0 };
  gint64 other = 0;
  guint n_checked = 0;
  GtkListBox *drafts_list;

  /* Other texts: the same text twice would be the same source. */
  wd_test_add_source (f->store, "Benches for the shaded squares", "https://city.example/b",
                      "City Gazette", ARTICLE "\n\nBenches will follow in the spring.");
  wd_test_add_source (f->store, "Fountains to run all summer", "https://city.example/c",
                      "City Gazette", ARTICLE "\n\nThe fountains will run until September.");
  g_assert_true (wd_test_wait_for (three_rows, f));

  wd_window_set_selection_mode (f->window, TRUE);
  rows = wd_test_find_widgets (GTK_WIDGET (f->window), WD_TYPE_BRIEF_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      WdBrief *brief = wd_brief_row_get_brief (rows->pdata[i]);
      GtkWidget *check;

      if (brief == NULL || !wd_brief_get_loaded (brief))
        continue;
      check = wd_test_find_widget (rows->pdata[i], GTK_TYPE_CHECK_BUTTON);
      g_assert_true (gtk_widget_get_visible (check));
      if (n_checked < 2)
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
          checked[n_checked++] = wd_brief_get_id (brief);
        }
      else
        other = wd_brief_get_id (brief);
    }
  g_assert_cmpuint (n_checked, ==, 2);
  g_assert_cmpint (other, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.draft-selected",
                                             NULL));
  g_assert_true (wd_test_wait_for (queue_idle, f));
  summary = wd_draft_queue_dup_summary (queue);
  g_assert_cmpstr (summary, ==, "2 drafted");
  g_assert_true (has_summary (f, checked[0]));
  g_assert_true (has_summary (f, checked[1]));
  g_assert_false (has_summary (f, other));

  /* Selection mode ended; the popover lists both drafts. */
  g_assert_false (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (f->window), WD_TYPE_WINDOW,
                                                      "select_button"))));
  drafts_list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                             WD_TYPE_WINDOW, "drafts_list"));
  draft_rows = wd_test_find_widgets (GTK_WIDGET (drafts_list), ADW_TYPE_ACTION_ROW);
  g_assert_cmpuint (draft_rows->len, ==, 2);
  for (guint i = 0; i < draft_rows->len; i++)
    g_assert_cmpstr (adw_action_row_get_subtitle (draft_rows->pdata[i]), ==, "Drafted");
}

typedef struct {
  Fixture       *f;
  gint64         brief_id;
  WdSectionKind  kind;
  const char    *text;
} StoredWait;

static gboolean
stored_text_is (gpointer data)
{
  StoredWait *wait = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (wait->f->store, wait->brief_id, &error);

  g_assert_no_error (error);
  return g_strcmp0 (wd_section_get_text (wd_brief_get_section (brief, wait->kind)),
                    wait->text) == 0;
}

static gboolean
headline_is (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, f->brief_id, &error);

  g_assert_no_error (error);
  return g_strcmp0 (wd_brief_get_headline (brief), "Twelve thousand trees, four years") == 0;
}

/* @widget is where its window's keyboard focus is. Whether the window
 * itself is the active one is not asked: the GUI tests share one X
 * server, and another test's window may be in front. */
static gboolean
is_focus_in_window (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget)) == widget;
}

/* Typing in a section is saved within a second, as one revision per
 * burst; undo undoes the typing, and that is saved too; switching to
 * another brief saves what was just typed into the brief it belongs to. */
static void
test_typing_saves (Fixture       *f,
                   gconstpointer  data)
{
  WdSectionCard *watch;
  GtkTextBuffer *buffer;
  StoredWait typed = { f, f->brief_id, WD_SECTION_WATCH, "Watch the November planting." };
  StoredWait more = { f, f->brief_id, WD_SECTION_WATCH,
                      "Watch the November planting. And the watering." };
  StoredWait undone = typed;
  StoredWait switched = { f, f->brief_id, WD_SECTION_ANALYST_TAKE, "Shade is policy." };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  gint64 other;

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  watch = card (f, WD_SECTION_WATCH);
  buffer = wd_section_card_get_buffer (watch);
  gtk_text_buffer_insert_at_cursor (buffer, typed.text, -1);
  g_assert_true (wd_test_wait_for (stored_text_is, &typed));
  g_assert_true (shows_label (GTK_WIDGET (watch), "Edited"));
  g_assert_true (shows_label (GTK_WIDGET (watch), "4 / 40 words"));

  gtk_text_buffer_insert_at_cursor (buffer, " And the watering.", -1);
  g_assert_true (wd_test_wait_for (stored_text_is, &more));
  revisions = wd_store_list_revisions (f->store, f->brief_id, WD_SECTION_WATCH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 1);

  g_assert_true (gtk_text_buffer_get_can_undo (buffer));
  gtk_text_buffer_undo (buffer);
  g_assert_true (wd_test_wait_for (stored_text_is, &undone));

  /* The headline is a field of its own. */
  {
    GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (brief_view (f)),
                                                                  WD_TYPE_BRIEF_VIEW,
                                                                  "headline_entry"));

    gtk_editable_set_text (GTK_EDITABLE (entry), "Twelve thousand trees, four years");
    g_assert_true (wd_test_wait_for (headline_is, f));
  }

  /* Alt+4 goes to what to watch. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-section", "i",
                                             WD_SECTION_WATCH));
  g_assert_true (is_focus_in_window (wd_test_find_widget (GTK_WIDGET (watch),
                                                          GTK_TYPE_TEXT_VIEW)));

  other = wd_test_add_source (f->store, "Shade, measured", "https://city.example/m",
                              "City Gazette", "The city measured the shade of every street.");
  gtk_text_buffer_insert_at_cursor (wd_section_card_get_buffer (card (f, WD_SECTION_ANALYST_TAKE)),
                                    switched.text, -1);
  wd_window_show_brief (f->window, other);
  g_assert_true (wd_test_wait_for (stored_text_is, &switched));
}

/* The model regenerates the summary while the editor writes what to
 * watch: neither disturbs the other, and both end up in the archive. */
static void
test_type_while_regenerating (Fixture       *f,
                              gconstpointer  data)
{
  WdSectionCard *summary;
  WdSectionCard *watch;
  GtkTextBuffer *buffer;
  CardWait streamed;
  StoredWait typed = { f, f->brief_id, WD_SECTION_WATCH, "Watch the first planting." };
  StoredWait drafted = { f, f->brief_id, WD_SECTION_SUMMARY, "The council will plant trees" };
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  summary = card (f, WD_SECTION_SUMMARY);
  watch = card (f, WD_SECTION_WATCH);
  g_setenv ("WIREDESK_SECRET_SHADE", "sk-shade", TRUE);
  g_signal_emit_by_name (summary, "regenerate", NULL);
  streamed = (CardWait) { summary, "The council will plant trees" };
  g_assert_true (wd_test_wait_for (card_shows, &streamed));
  g_assert_true (wd_section_card_get_drafting (summary));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.focus-section", "i",
                                             WD_SECTION_WATCH));
  buffer = wd_section_card_get_buffer (watch);
  gtk_text_buffer_insert_at_cursor (buffer, typed.text, -1);
  g_assert_true (wd_test_wait_for (stored_text_is, &typed));
  /* Still drafting, and the typing stays where it was put. */
  g_assert_true (wd_section_card_get_drafting (summary));
  g_assert_true (is_focus_in_window (wd_test_find_widget (GTK_WIDGET (watch),
                                                          GTK_TYPE_TEXT_VIEW)));

  g_signal_emit_by_name (summary, "stop");
  g_assert_true (wd_test_wait_for (queue_idle, f));
  g_assert_true (wd_test_wait_for (stored_text_is, &drafted));
  g_assert_true (wd_test_wait_for (stored_text_is, &typed));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, typed.text);
}

static gboolean
summary_approved (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, f->brief_id, &error);

  return wd_section_get_approved (wd_brief_get_section (brief, WD_SECTION_SUMMARY));
}

static gboolean
card_shows_share (gpointer data)
{
  return shows_label (GTK_WIDGET (data), "50 % rewritten");
}

/* An edit shows how much of the draft it rewrote; Ctrl+Shift+A approves
 * the section the cursor is in; Revert brings the draft back. */
static void
test_approve_revert (Fixture       *f,
                     gconstpointer  data)
{
  WdRevisionInfo ai = { WD_ORIGIN_AI, "builtin", "extractive", 0, -1, -1, -1, -1, FALSE };
  g_autoptr(GError) error = NULL;
  WdSectionCard *summary;
  CardWait drafted;
  StoredWait reverted = { f, f->brief_id, WD_SECTION_SUMMARY, "one two three four" };

  g_assert_cmpint (wd_store_add_revision (f->store, f->brief_id, WD_SECTION_SUMMARY,
                                          "one two three four", &ai, &error), >, 0);
  summary = card (f, WD_SECTION_SUMMARY);
  drafted = (CardWait) { summary, "one two three four" };
  g_assert_true (wd_test_wait_for (card_shows, &drafted));

  /* Keep half: 50 % rewritten. */
  {
    GtkTextBuffer *buffer = wd_section_card_get_buffer (summary);
    GtkTextIter start, end;

    gtk_text_buffer_get_iter_at_offset (buffer, &start, 7);
    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_delete (buffer, &start, &end);
  }
  g_assert_true (wd_test_wait_for (card_shows_share, summary));

  gtk_widget_grab_focus (GTK_WIDGET (summary));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.approve-section",
                                             NULL));
  g_assert_true (wd_test_wait_for (summary_approved, f));

  g_signal_emit_by_name (summary, "revert");
  g_assert_true (wd_test_wait_for (stored_text_is, &reverted));
  g_assert_true (wd_test_wait_for (card_shows, &drafted));
  g_assert_false (summary_approved (f));
}

static gboolean
view_is_narrow (gpointer data)
{
  gboolean narrow = FALSE;

  g_object_get (data, "narrow", &narrow, NULL);
  return narrow;
}

/* The split between source and brief, set by the editor, is kept. */
static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  GtkPaned *paned = GTK_PANED (gtk_widget_get_template_child (GTK_WIDGET (brief_view (f)),
                                                              WD_TYPE_BRIEF_VIEW, "paned"));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  g_assert_false (view_is_narrow (brief_view (f)));
  gtk_paned_set_position (paned, 420);
  g_assert_cmpint (g_settings_get_int (settings, "source-width"), ==, 420);
}

static gboolean
leaflet_folded (gpointer data)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (data),
                                                                    WD_TYPE_WINDOW,
                                                                    "leaflet"));

  return adw_leaflet_get_folded (leaflet);
}

/* At 800 px the sidebar folds away and source and brief still stand side
 * by side; below 720 px they take turns, the header's toggle choosing. */
static void
test_folded (Fixture       *f,
             gconstpointer  data)
{
  WdBriefView *view = brief_view (f);
  GtkWidget *source = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                 WD_TYPE_BRIEF_VIEW,
                                                                 "source_scroller"));
  GtkWidget *brief = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                WD_TYPE_BRIEF_VIEW,
                                                                "brief_scroller"));

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  g_assert_true (wd_test_wait_for (leaflet_folded, f->window));
  g_assert_false (view_is_narrow (view));
  g_assert_true (gtk_widget_get_visible (source));
  g_assert_true (gtk_widget_get_visible (brief));
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  WdBriefView *view = brief_view (f);
  GtkWidget *source = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                 WD_TYPE_BRIEF_VIEW,
                                                                 "source_scroller"));
  GtkWidget *brief = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (view),
                                                                WD_TYPE_BRIEF_VIEW,
                                                                "brief_scroller"));
  GtkWidget *toggle = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window),
                                                                 WD_TYPE_WINDOW,
                                                                 "source_toggle"));

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  g_assert_true (wd_test_wait_for (view_is_narrow, view));
  g_assert_true (gtk_widget_get_visible (toggle));
  g_assert_false (gtk_widget_get_visible (source));
  g_assert_true (gtk_widget_get_visible (brief));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (gtk_widget_get_visible (source));
  g_assert_false (gtk_widget_get_visible (brief));
}

typedef struct {
  Fixture    *f;
  const char *words;   /* text the highlight must cover */
} HighlightWait;

static gboolean
source_highlights (gpointer data)
{
  HighlightWait *wait = data;
  WdSourceView *source = WD_SOURCE_VIEW (wd_test_find_widget (GTK_WIDGET (brief_view (wait->f)),
                                                              WD_TYPE_SOURCE_VIEW));
  GtkTextBuffer *buffer = wd_source_view_get_buffer (source);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "support");
  GtkTextIter iter, match, match_end;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  if (!gtk_text_iter_forward_search (&iter, wait->words, 0, &match, &match_end, NULL))
    return FALSE;
  return gtk_text_iter_has_tag (&match, tag);
}

/* The cursor in a draft sentence lights up the source sentence it draws
 * on. */
static void
test_side_by_side (Fixture       *f,
                   gconstpointer  data)
{
  WdSectionCard *summary;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  HighlightWait wait = { f, "forty million euros" };

  g_assert_true (wd_test_wait_for (brief_loaded, f));
  summary = card (f, WD_SECTION_SUMMARY);
  buffer = wd_section_card_get_buffer (summary);
  gtk_widget_grab_focus (GTK_WIDGET (summary));
  gtk_text_buffer_insert_at_cursor (buffer, "The trees cost 40 million euros from the climate "
                                            "fund. Maria Costa will water them.", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 10);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_true (wd_test_wait_for (source_highlights, &wait));

  /* A click on the source's paragraph about the money lights up the
   * summary's sentence drawing on it, not the other. */
  {
    WdSourceView *source = WD_SOURCE_VIEW (wd_test_find_widget (GTK_WIDGET (brief_view (f)),
                                                                WD_TYPE_SOURCE_VIEW));
    const char *paragraph = strstr (ARTICLE, "The plan costs");
    const char *paragraph_end = strstr (paragraph, "\n\n");
    GtkTextTag *draws = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                   "draws-on");
    GtkTextIter at;

    g_signal_emit_by_name (source, "paragraph-activated", (guint64) (paragraph - ARTICLE),
                           (guint64) (paragraph_end - ARTICLE));
    gtk_text_buffer_get_iter_at_offset (buffer, &at, 5);
    g_assert_true (gtk_text_iter_has_tag (&at, draws));
    gtk_text_buffer_get_end_iter (buffer, &at);
    gtk_text_iter_backward_chars (&at, 5);
    g_assert_false (gtk_text_iter_has_tag (&at, draws));
  }

  /* The second sentence: the parks department's promise. */
  wait.words = "water the young trees";
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_iter_backward_chars (&iter, 5);
  gtk_text_buffer_place_cursor (buffer, &iter);
  g_assert_true (wd_test_wait_for (source_highlights, &wait));
}

int
main (int    argc,
      char **argv)
{
  gboolean display = wd_test_gui_init (&argc, &argv);

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  if (!display)
    {
      g_test_skip ("no display; run under xvfb-run");
      return g_test_run ();
    }
  adw_init ();

  g_test_add ("/gui/draft/builtin", Fixture, "builtin", fixture_set_up, test_builtin_draft,
              fixture_tear_down);
  g_test_add ("/gui/draft/stream-and-stop", Fixture, "model", fixture_set_up,
              test_stream_and_stop, fixture_tear_down);
  g_test_add ("/gui/draft/type-while-regenerating", Fixture, "model", fixture_set_up,
              test_type_while_regenerating, fixture_tear_down);
  g_test_add ("/gui/draft/regenerate-asks", Fixture, "builtin", fixture_set_up,
              test_regenerate_asks, fixture_tear_down);
  g_test_add ("/gui/draft/citation-link", Fixture, "builtin", fixture_set_up,
              test_citation_link, fixture_tear_down);
  g_test_add ("/gui/draft/batch", Fixture, "builtin", fixture_set_up, test_batch,
              fixture_tear_down);
  g_test_add ("/gui/editor/typing-saves", Fixture, "builtin", fixture_set_up,
              test_typing_saves, fixture_tear_down);
  g_test_add ("/gui/editor/approve-revert", Fixture, "builtin", fixture_set_up,
              test_approve_revert, fixture_tear_down);
  g_test_add ("/gui/editor/split", Fixture, "builtin", fixture_set_up, test_split,
              fixture_tear_down);
  g_test_add ("/gui/editor/side-by-side", Fixture, "builtin", fixture_set_up,
              test_side_by_side, fixture_tear_down);
  g_test_add ("/gui/editor/folded", Fixture, "folded", fixture_set_up, test_folded,
              fixture_tear_down);
  g_test_add ("/gui/editor/narrow", Fixture, "narrow", fixture_set_up, test_narrow,
              fixture_tear_down);

  return g_test_run ();
}
