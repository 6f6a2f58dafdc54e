/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-gui-source-view"

#include <string.h>

#include <adwaita.h>

#include "wd-format.h"
#include "wd-source-view.h"
#include "wd-test-util.h"

typedef struct
{
  WdStore      *store;
  GtkWindow    *window;
  WdSourceView *view;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->store = wd_test_open_store (NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->view = WD_SOURCE_VIEW (wd_source_view_new ());
  gtk_window_set_child (fixture->window,
                        g_object_new (GTK_TYPE_SCROLLED_WINDOW,
                                      "child", fixture->view,
                                      "hscrollbar-policy", GTK_POLICY_NEVER,
                                      NULL));
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *view = GTK_WIDGET (fixture->view);

  g_object_ref (view);
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (view);
  g_assert_finalize_object (fixture->store);
}

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

/* Stores @source in the archive and reads it back, so the view gets what
 * the app would. */
static WdSource *
round_trip (Fixture  *fixture,
            WdSource *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  gint64 brief_id;

  brief_id = wd_store_add_source (fixture->store, source, NULL, &error);
  g_assert_no_error (error);
  brief = wd_store_load_brief (fixture->store, brief_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (wd_brief_get_source (brief));

  return g_object_ref (wd_brief_get_source (brief));
}

static WdSource *
make_source (const char *title,
             const char *url,
             const char *language,
             const char *text)
{
  WdSource *source = wd_source_new ();

  wd_source_set_title (source, title);
  wd_source_set_url (source, url);
  wd_source_set_language (source, language);
  wd_source_set_text (source, text);

  return source;
}

static void
show (Fixture  *fixture,
      WdSource *source)
{
  g_autoptr(WdSource) stored = round_trip (fixture, source);

  wd_source_view_set_source (fixture->view, stored);
  spin ();
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (fixture->view), WD_TYPE_SOURCE_VIEW, name);
}

static char *
buffer_text (Fixture *fixture)
{
  GtkTextBuffer *buffer = wd_source_view_get_buffer (fixture->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* The character offset where @needle starts in the buffer. */
static int
buffer_offset_of (Fixture    *fixture,
                  const char *needle)
{
  g_autofree char *text = buffer_text (fixture);
  const char *found = strstr (text, needle);

  if (found == NULL)
    g_error ("“%s” is not in the buffer:\n%s", needle, text);
  return (int) g_utf8_pointer_to_offset (text, found);
}

static gboolean
has_tag_at (Fixture    *fixture,
            int         offset,
            const char *name)
{
  GtkTextBuffer *buffer = wd_source_view_get_buffer (fixture->view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);
  GtkTextIter iter;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  return gtk_text_iter_has_tag (&iter, tag);
}

/* Whether the paragraph at @offset has its margin on its right side (as a
 * right-to-left paragraph has) or its left. */
static gboolean
indented_on (Fixture    *fixture,
             int         offset,
             const char *property)
{
  GtkTextBuffer *buffer = wd_source_view_get_buffer (fixture->view);
  g_autoptr(GSList) tags = NULL;
  g_autofree char *set_property = g_strconcat (property, "-set", NULL);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      gboolean set = FALSE;

      g_object_get (l->data, set_property, &set, NULL);
      if (set)
        return TRUE;
    }
  return FALSE;
}

static void
test_header (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(WdSource) source = NULL;
  g_autoptr(GDateTime) published = g_date_time_new_utc (2024, 3, 5, 10, 30, 0);
  g_autofree char *date = wd_format_date_long (published);
  g_autofree char *meta = NULL;
  GtkLinkButton *link = child (fixture, "link_button");
  GtkLabel *title = child (fixture, "title_label");
  GtkLabel *meta_label = child (fixture, "meta_label");
  GtkLabel *origin = child (fixture, "origin_label");

  source = make_source ("Glacier retreat measured above the valley",
                        "https://www.alpine.example/news/glacier?ref=feed", "en",
                        "Surveyors found the moraine had moved again.");
  wd_source_set_canonical_url (source, "https://www.alpine.example/news/glacier");
  wd_source_set_byline (source, "Mara Jensen");
  wd_source_set_publisher_name (source, "Alpine Post");
  wd_source_set_publisher_domain (source, "alpine.example");
  wd_source_set_published_at (source, published);
  show (fixture, source);

  g_assert_cmpstr (gtk_label_get_label (title), ==, "Glacier retreat measured above the valley");
  g_assert_true (gtk_label_get_selectable (title));
  g_assert_true (gtk_label_get_wrap (title));
  meta = g_strdup_printf ("Mara Jensen · Alpine Post · %s", date);
  g_assert_cmpstr (gtk_label_get_label (meta_label), ==, meta);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (meta_label)));

  /* The link names the site and opens the canonical address. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (link)));
  g_assert_cmpstr (gtk_label_get_label (child (fixture, "link_label")), ==, "alpine.example");
  g_assert_cmpstr (gtk_link_button_get_uri (link), ==, "https://www.alpine.example/news/glacier");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (origin)));
  g_clear_object (&source);

  /* What the source does not say is left out, separators and all. */
  source = make_source ("No byline here", "https://news.example/a", "en", "Text one.");
  wd_source_set_publisher_domain (source, "news.example");
  show (fixture, source);
  g_assert_cmpstr (gtk_label_get_label (meta_label), ==, "news.example");
  g_clear_object (&source);

  source = make_source ("Nothing known", "https://news.example/b", "en", "Text two.");
  show (fixture, source);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (meta_label)));
  g_clear_object (&source);

  /* No title at all still reads as a heading, dimmed. */
  source = make_source (NULL, "https://news.example/c", "en", "Text three.");
  show (fixture, source);
  g_assert_cmpstr (gtk_label_get_label (title), ==, "Untitled source");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (title), "dim-label"));
  g_clear_object (&source);

  /* Pasted text has no original to open. */
  source = make_source ("A pasted note", "urn:sha256:4f2a", NULL, "Pasted words.");
  show (fixture, source);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (link)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (origin)));
  g_assert_cmpstr (gtk_label_get_label (origin), ==, "Pasted text");
  g_clear_object (&source);

  /* A file opens in what the desktop opens it with; the link is its name. */
  source = make_source ("From a file", "file:///home/editor/notes/council.md", "en", "Minutes.");
  show (fixture, source);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (link)));
  g_assert_cmpstr (gtk_label_get_label (child (fixture, "link_label")), ==, "council.md");
  g_assert_cmpstr (gtk_link_button_get_uri (link), ==, "file:///home/editor/notes/council.md");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (origin)));
}

#define MARKDOWN \
  "# Glacier retreat\n" \
  "\n" \
  "The survey team walked the moraine in **early spring** and found it _had moved_.\n" \
  "\n" \
  "## What the readings show\n" \
  "\n" \
  "- Ice loss of 3.2 metres\n" \
  "- A new meltwater lake\n" \
  "  - fed by two streams\n" \
  "\n" \
  "1. Measure again in June\n" \
  "2. Publish the data\n" \
  "\n" \
  "> We have never seen it move this fast,\n" \
  "> said the lead surveyor.\n" \
  "\n" \
  "Read the [full report](https://alpine.example/report) on snake_case_names and 2 * 3.\n" \
  "\n" \
  "A dateline\n" \
  "Zermatt, Switzerland"

static void
test_markdown (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(WdSource) source = make_source ("Glacier retreat", "https://alpine.example/g", "en",
                                            MARKDOWN);
  g_autofree char *text = NULL;
  WdSource *shown;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  g_autoptr(GSList) tags = NULL;
  const char *uri = NULL;
  int offset;
  const char *phrases[] = {
    "The survey team", "early spring", "had moved", "What the readings show",
    "Ice loss of 3.2 metres", "fed by two streams", "Measure again", "We have never seen",
    "said the lead surveyor", "full report", "snake_case_names", "Zermatt",
  };

  show (fixture, source);
  shown = wd_source_view_get_source (fixture->view);
  text = buffer_text (fixture);

  /* No Markdown marks on screen, every word there. */
  g_assert_null (strchr (text, '#'));
  g_assert_null (strstr (text, "> "));
  g_assert_null (strstr (text, "- "));
  g_assert_null (strstr (text, "**"));
  g_assert_null (strstr (text, "]("));
  g_assert_nonnull (strstr (text, "snake_case_names and 2 * 3."));

  /* The heading that repeats the title is not shown twice. */
  g_assert_true (g_str_has_prefix (text, "The survey team"));

  offset = buffer_offset_of (fixture, "What the readings show");
  g_assert_true (has_tag_at (fixture, offset, "heading-2"));
  g_assert_false (has_tag_at (fixture, offset + 5, "list-item"));

  offset = buffer_offset_of (fixture, "early spring");
  g_assert_true (has_tag_at (fixture, offset, "strong"));
  g_assert_false (has_tag_at (fixture, offset, "emphasis"));
  g_assert_true (has_tag_at (fixture, buffer_offset_of (fixture, "had moved"), "emphasis"));
  g_assert_false (has_tag_at (fixture, buffer_offset_of (fixture, "The survey"), "strong"));
  g_assert_false (has_tag_at (fixture, buffer_offset_of (fixture, "snake_case"), "emphasis"));

  /* Lists keep a bullet or their number in front of each item. */
  offset = buffer_offset_of (fixture, "Ice loss");
  g_assert_true (has_tag_at (fixture, offset, "list-item"));
  g_assert_nonnull (strstr (text, "•\tIce loss of 3.2 metres\n•\tA new meltwater lake"));
  g_assert_nonnull (strstr (text, "1.\tMeasure again in June\n2.\tPublish the data"));
  g_assert_true (indented_on (fixture, buffer_offset_of (fixture, "fed by"), "left-margin"));

  offset = buffer_offset_of (fixture, "We have never seen");
  g_assert_true (has_tag_at (fixture, offset, "quote"));
  g_assert_true (indented_on (fixture, offset, "left-margin"));
  g_assert_false (has_tag_at (fixture, buffer_offset_of (fixture, "Read the"), "quote"));
  g_assert_false (indented_on (fixture, buffer_offset_of (fixture, "Read the"), "left-margin"));

  /* A link shows its words, underlined, and carries its address. */
  offset = buffer_offset_of (fixture, "full report");
  g_assert_true (has_tag_at (fixture, offset, "link"));
  buffer = wd_source_view_get_buffer (fixture->view);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "wd-uri") != NULL)
      uri = g_object_get_data (l->data, "wd-uri");
  g_assert_cmpstr (uri, ==, "https://alpine.example/report");

  /* A single newline (the extractor's <br>) is a line break. */
  g_assert_nonnull (strstr (text, "A dateline\nZermatt, Switzerland"));

  /* Every phrase maps from its place in the source to its place on screen
   * and back. */
  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      const char *source_text = wd_source_get_text (shown);
      gsize source_offset = (gsize) (strstr (source_text, phrases[i]) - source_text);
      int on_screen = buffer_offset_of (fixture, phrases[i]);

      g_assert_cmpint (wd_source_view_source_to_buffer (fixture->view, source_offset), ==,
                       on_screen);
      g_assert_cmpint (wd_source_view_buffer_to_source (fixture->view, on_screen), ==,
                       (gssize) source_offset);
    }
  /* A place inside a dropped mark goes to the next shown character. */
  g_assert_cmpint (wd_source_view_source_to_buffer (fixture->view,
                                                    strstr (MARKDOWN, "## What") - MARKDOWN),
                   ==, buffer_offset_of (fixture, "What the readings"));
}

static void
test_direction (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(WdSource) arabic = NULL;
  g_autoptr(WdSource) english = NULL;
  g_autoptr(WdSource) unknown = NULL;
  GtkTextView *text_view = wd_source_view_get_text_view (fixture->view);
  GtkTextBuffer *buffer = wd_source_view_get_buffer (fixture->view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autofree char *language = NULL;
  gboolean language_set = TRUE;
  int offset;

  arabic = make_source ("تراجع الجليد فوق الوادي", "https://news.example/ar", "ar",
                        "وجد المساحون أن الركام قد تحرك مرة أخرى.\n\n"
                        "> لم نر الجليد يتحرك بهذه السرعة من قبل.\n\n"
                        "- قياس جديد في يونيو");
  show (fixture, arabic);

  /* The header and the text read right to left. */
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (fixture->view)), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (text_view)), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (child (fixture, "title_label")), ==,
                   GTK_TEXT_DIR_RTL);
  offset = buffer_offset_of (fixture, "لم نر");
  g_assert_true (has_tag_at (fixture, offset, "quote"));
  g_assert_true (indented_on (fixture, offset, "right-margin"));
  g_assert_false (indented_on (fixture, offset, "left-margin"));
  g_assert_true (indented_on (fixture, buffer_offset_of (fixture, "قياس"), "right-margin"));

  g_object_get (gtk_text_tag_table_lookup (table, "body"), "language", &language, NULL);
  g_assert_cmpstr (language, ==, "ar");
  g_clear_pointer (&language, g_free);

  /* A Hebrew quote in an English article is indented on its own side. */
  english = make_source ("Interview", "https://news.example/en", "en-GB",
                         "The minister spoke first.\n\n> אנחנו נמשיך לבנות.\n\n> We will go on.");
  show (fixture, english);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (fixture->view)), ==, GTK_TEXT_DIR_LTR);
  g_assert_true (indented_on (fixture, buffer_offset_of (fixture, "אנחנו"), "right-margin"));
  g_assert_true (indented_on (fixture, buffer_offset_of (fixture, "We will"), "left-margin"));
  g_object_get (gtk_text_tag_table_lookup (table, "body"), "language", &language, NULL);
  g_assert_cmpstr (language, ==, "en-gb");
  g_clear_pointer (&language, g_free);

  /* Without a language, the letters decide. */
  unknown = make_source ("שלום עולם", "https://news.example/he", NULL, "טקסט קצר.");
  show (fixture, unknown);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (fixture->view)), ==, GTK_TEXT_DIR_RTL);
  g_object_get (gtk_text_tag_table_lookup (table, "body"), "language-set", &language_set, NULL);
  g_assert_false (language_set);
}

static void
test_language (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(WdSource) chinese = NULL;
  GtkTextView *text_view = wd_source_view_get_text_view (fixture->view);
  GtkTextTag *body = gtk_text_tag_table_lookup (
    gtk_text_buffer_get_tag_table (wd_source_view_get_buffer (fixture->view)), "body");
  g_autofree char *language = NULL;

  chinese = make_source ("冰川在山谷上方后退", "https://news.example/zh", "zh-CN",
                         "## 测量结果\n\n测量人员发现冰碛再次移动。这是十年来最快的一次。");
  show (fixture, chinese);

  g_object_get (body, "language", &language, NULL);
  g_assert_cmpstr (language, ==, "zh-cn");
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (fixture->view)), ==, GTK_TEXT_DIR_LTR);
  /* Chinese has no spaces: lines must break between characters. */
  g_assert_cmpint (gtk_text_view_get_wrap_mode (text_view), ==, GTK_WRAP_WORD_CHAR);
  g_assert_true (has_tag_at (fixture, buffer_offset_of (fixture, "测量结果"), "heading-2"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (text_view)));
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(WdSource) full = make_source ("Full", "https://news.example/f", "en", "Words.");
  g_autoptr(WdSource) empty = make_source ("Only a title", "https://news.example/e", "en", "");
  GtkLabel *empty_label = child (fixture, "empty_label");
  GtkWidget *text_view = GTK_WIDGET (wd_source_view_get_text_view (fixture->view));
  g_autofree char *text = NULL;

  show (fixture, full);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (empty_label)));

  show (fixture, empty);
  text = buffer_text (fixture);
  g_assert_cmpstr (text, ==, "");
  g_assert_false (gtk_widget_get_visible (text_view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (empty_label)));
  g_assert_cmpstr (gtk_label_get_label (empty_label), ==, "This source has no text.");
  g_assert_cmpint (wd_source_view_source_to_buffer (fixture->view, 0), ==, -1);
  g_assert_cmpstr (gtk_label_get_label (child (fixture, "title_label")), ==, "Only a title");

  /* No source at all: nothing stale stays on screen. */
  wd_source_view_set_source (fixture->view, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (empty_label)));
  g_assert_false (gtk_widget_get_visible (child (fixture, "link_button")));
}

static void
test_large_and_reload (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(WdSource) source = NULL;
  g_autoptr(WdSource) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = NULL;
  GtkTextBuffer *buffer = wd_source_view_get_buffer (fixture->view);
  GtkTextIter start, end;
  gint64 brief_id;
  gint64 begin;
  guint words = 0;

  for (guint p = 0; words < 20000; p++)
    {
      if (p % 12 == 0)
        g_string_append_printf (text, "## Part %u\n\n", p / 12 + 1);
      else if (p % 7 == 0)
        g_string_append (text, "> A quoted remark that runs on for a while, as quotes do.\n\n");
      g_string_append_printf (text, "Paragraph %u tells how the **survey** went:", p);
      for (guint w = 0; w < 50; w++)
        g_string_append (text, w % 9 == 0 ? " glacier" : " moraine");
      g_string_append (text, ".\n\n");
      words += 56;
    }

  source = make_source ("A long report", "https://news.example/long", "en", text->str);
  brief_id = wd_store_add_source (fixture->store, source, NULL, &error);
  g_assert_no_error (error);
  brief = wd_store_load_brief (fixture->store, brief_id, &error);
  g_assert_no_error (error);

  begin = g_get_monotonic_time ();
  wd_source_view_set_source (fixture->view, wd_brief_get_source (brief));
  g_test_message ("%u words rendered in %.1f ms", words,
                  (g_get_monotonic_time () - begin) / 1000.0);
  spin ();
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, (int) (text->len * 9 / 10));
  g_assert_cmpint (buffer_offset_of (fixture, "Paragraph 300 tells"), >, 0);
  g_assert_true (has_tag_at (fixture, buffer_offset_of (fixture, "Part 25"), "heading-2"));

  /* The brief reloads after an edit with a new copy of the same source: the
   * reader's selection stays. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 100);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 120);
  gtk_text_buffer_select_range (buffer, &start, &end);
  g_clear_object (&brief);
  brief = wd_store_load_brief (fixture->store, brief_id, &error);
  g_assert_no_error (error);
  reloaded = g_object_ref (wd_brief_get_source (brief));
  wd_source_view_set_source (fixture->view, reloaded);
  g_assert_true (wd_source_view_get_source (fixture->view) == reloaded);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 100);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, 120);
}

/* Stray marks are text. None of these closes, and looking for a closing
 * one again from every opening one would take minutes on this line (about
 * a megabyte); so would applying a tag for each of the marks in the second
 * paragraph. Either would make the test time out. The view is not on
 * screen, so GTK does not lay the lines out. */
static void
test_stray_marks (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GString) stray = g_string_new ("Stray marks: ");
  g_autoptr(GString) text = NULL;
  g_autoptr(WdSource) source = NULL;
  g_autofree char *shown = NULL;
  WdSourceView *view = g_object_ref_sink (WD_SOURCE_VIEW (wd_source_view_new ()));
  GtkTextBuffer *buffer = wd_source_view_get_buffer (view);
  GtkTextTag *emphasis = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                    "emphasis");
  GtkTextIter start, end;
  gint64 begin;
  int offset;

  for (guint i = 0; i < 40000; i++)
    g_string_append (stray, "x *a _b [c ![d [e] ![f] ");
  g_string_append (stray, "end.");
  text = g_string_new (stray->str);
  g_string_append (text, "\n\nMarked:");
  for (guint i = 0; i < 40000; i++)
    g_string_append (text, " *word*");

  source = round_trip (fixture, make_source ("Stray marks", "https://news.example/stray", "en",
                                             text->str));
  begin = g_get_monotonic_time ();
  wd_source_view_set_source (view, source);
  g_test_message ("%zu bytes full of marks rendered in %.1f ms", text->len,
                  (g_get_monotonic_time () - begin) / 1000.0);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  /* Not g_assert_cmpstr(): a failure would print the whole line. */
  g_assert_true (g_str_has_prefix (shown, stray->str));
  g_assert_true (g_str_has_prefix (shown + stray->len, "\nMarked: word word"));
  offset = (int) g_utf8_strlen (stray->str, -1) + (int) strlen ("\nMarked: ");
  gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
  g_assert_true (gtk_text_iter_has_tag (&start, emphasis));
  g_assert_finalize_object (view);
}

static void
add_test (const char *path,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  const char *env_dirs = g_getenv ("XDG_DATA_DIRS");
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) data_dirs = NULL;
  g_auto(GStrv) mime_dirs_v = NULL;

  /* The link's icon is an SVG in libadwaita's resources, and GdkPixbuf
   * picks its loader by the MIME database, which the isolated XDG
   * directories would hide; the system's stays in use. */
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
  gtk_disable_setlocale ();
  /* GTK 4 looks for the accessibility bus on the session bus, which
   * xvfb-run does not start. */
  g_setenv ("GTK_A11Y", "none", TRUE);

  /* Without a display there is nothing to test: the plan is empty, which
   * TAP reports as skipped. Run under xvfb-run. */
  if (!gtk_init_check ())
    return g_test_run ();
  adw_init ();

  add_test ("/gui/source-view/header", test_header);
  add_test ("/gui/source-view/markdown", test_markdown);
  add_test ("/gui/source-view/direction", test_direction);
  add_test ("/gui/source-view/language", test_language);
  add_test ("/gui/source-view/empty", test_empty);
  add_test ("/gui/source-view/large-and-reload", test_large_and_reload);
  add_test ("/gui/source-view/stray-marks", test_stray_marks);

  return g_test_run ();
}
