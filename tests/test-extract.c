/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-test-extract"

#include <string.h>

#include <json-glib/json-glib.h>

#include "wd-test-util.h"
#include "wd-extract-score.h"
#include "import/wd-extract.h"

#define BASE "https://news.example.org/world/2024/story.html"

static WdExtraction *
extract_ok (const char *html)
{
  g_autoptr(GError) error = NULL;
  WdExtraction *extraction = wd_extract_html (html, -1, BASE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (extraction);
  g_assert_nonnull (extraction->text);
  return extraction;
}

static const char article_page[] =
  "<!DOCTYPE html><html lang=\"en-GB\"><head>"
  "<meta charset=\"utf-8\">"
  "<title>Rivers rise across the valley &amp; towns brace - Valley Herald</title>"
  "<meta property=\"og:site_name\" content=\"Valley Herald\">"
  "<meta property=\"og:image\" content=\"/img/lead.jpg\">"
  "<meta name=\"description\" content=\"Flood warnings for five towns.\">"
  "<link rel=\"canonical\" href=\"/world/2024/story.html?utm_source=x&amp;id=7&amp;fbclid=abc\">"
  "<script type=\"application/ld+json\">"
  "{\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":\"WebSite\",\"name\":\"VH\"},"
  "{\"@type\":[\"NewsArticle\"],\"headline\":\"Rivers rise across the valley\","
  "\"datePublished\":\"2024-03-05T09:30:00+01:00\","
  "\"author\":[{\"@type\":\"Person\",\"name\":\"Ana Costa\"},{\"name\":\"Li Wei\"}],"
  "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Valley Herald\"}}]}"
  "</script></head><body>"
  "<nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a>"
  "</li><li><a href=\"/sport\">Sport</a></li></ul></nav>"
  "<div class=\"cookie-banner\">We use cookies to improve your experience. Accept all?</div>"
  "<main><article>"
  "<h1>Rivers rise across the valley</h1>"
  "<div class=\"byline\">By Ana Costa and Li Wei</div>"
  "<figure><img src=\"a.jpg\"><figcaption>The bridge at dawn, under water.</figcaption>"
  "</figure>"
  "<p>Heavy rain over the weekend pushed the river above its banks in five towns, and the "
  "authorities said more was expected before Thursday, when the front moves east.</p>"
  "<p>Residents of the lower streets were asked to move cars, pets and valuables to higher "
  "ground, while volunteers filled sandbags at the fire station through the night.</p>"
  "<h2>What comes next</h2>"
  "<p>Engineers will inspect the old stone bridge, which was closed on Sunday, as soon as "
  "the water drops, the mayor said in a statement on Monday morning.</p>"
  "<ul><li>Schools stay closed on Tuesday.</li><li>Buses run on the hill route.</li></ul>"
  "<blockquote><p>We have never seen it this high, not in forty years of living here.</p>"
  "</blockquote>"
  "<p>The forecast for the weekend is dry, which should let the river settle, according to "
  "the national weather service, though it warned of more storms in April.</p>"
  "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>"
  "</article></main>"
  "<aside class=\"related\"><h3>Related</h3><ul><li><a href=\"/a\">Storm hits coast</a></li>"
  "</ul></aside>"
  "<div id=\"comments\"><p>First! This is a comment from a reader, which is not part of the "
  "story at all, and should be left out, of course.</p></div>"
  "<footer>© 2024 Valley Herald. All rights reserved. Terms. Privacy.</footer>"
  "</body></html>";

static void
test_article (void)
{
  g_autoptr(WdExtraction) e = extract_ok (article_page);

  g_assert_cmpstr (e->title, ==, "Rivers rise across the valley");
  g_assert_cmpstr (e->byline, ==, "Ana Costa, Li Wei");
  g_assert_cmpstr (e->published, ==, "2024-03-05T08:30:00Z");
  g_assert_cmpstr (e->site_name, ==, "Valley Herald");
  g_assert_cmpstr (e->canonical_url, ==, "https://news.example.org/world/2024/story.html?id=7");
  g_assert_cmpstr (e->lang, ==, "en-GB");
  g_assert_cmpstr (e->image, ==, "https://news.example.org/img/lead.jpg");
  g_assert_cmpstr (e->excerpt, ==, "Flood warnings for five towns.");
  g_assert_null (e->reason);

  /* The body, as Markdown */
  g_assert_true (g_str_has_prefix (e->text, "Heavy rain over the weekend pushed the river"));
  g_assert_nonnull (strstr (e->text, "higher ground, while volunteers"));
  g_assert_nonnull (strstr (e->text, "\n\n## What comes next\n\n"));
  g_assert_nonnull (strstr (e->text, "- Schools stay closed on Tuesday.\n"
                                     "- Buses run on the hill route."));
  g_assert_nonnull (strstr (e->text, "> We have never seen it this high"));
  g_assert_true (g_str_has_suffix (e->text, "though it warned of more storms in April."));

  /* Left out: layout, headline, byline, caption, share bar, comments */
  g_assert_null (strstr (e->text, "Home"));
  g_assert_null (strstr (e->text, "cookies"));
  g_assert_null (strstr (e->text, "Rivers rise"));
  g_assert_null (strstr (e->text, "By Ana"));
  g_assert_null (strstr (e->text, "bridge at dawn"));
  g_assert_null (strstr (e->text, "Facebook"));
  g_assert_null (strstr (e->text, "Storm hits"));
  g_assert_null (strstr (e->text, "First!"));
  g_assert_null (strstr (e->text, "rights reserved"));
}

static void
test_metadata_fallbacks (void)
{
  g_autoptr(WdExtraction) e = NULL;
  const char *page =
    "<html><head><base href=\"https://cdn.example.com/base/\">"
    "<title>A quiet morning in the old harbour town | Coast Times</title>"
    "<meta name=\"author\" content=\"  Jo   Smith \">"
    "<meta property=\"article:published_time\" content=\"2023-11-30 22:15:00\">"
    "<meta property=\"og:locale\" content=\"pt_BR\">"
    "<meta property=\"og:url\" content=\"https://coast.example/story?gclid=1&amp;mc_cid=2\">"
    "</head><body><div class=\"post\">"
    "<p>The boats came back before sunrise, the crates of fish were stacked along the quay, "
    "and the market opened at six as it has for two hundred years.</p>"
    "<p>Nobody in the town could remember a calmer season, said the harbour master, who has "
    "worked there since the nineteen-eighties, and the catch was good.</p>"
    "<p><img src=\"pic.png\"> Visitors are welcome in the afternoon, the museum added.</p>"
    "</div></body></html>";

  e = extract_ok (page);
  /* <title> loses its site suffix */
  g_assert_cmpstr (e->title, ==, "A quiet morning in the old harbour town");
  g_assert_cmpstr (e->byline, ==, "Jo Smith");
  g_assert_cmpstr (e->published, ==, "2023-11-30T22:15:00Z");
  g_assert_cmpstr (e->lang, ==, "pt-BR");
  g_assert_cmpstr (e->canonical_url, ==, "https://coast.example/story");
  g_assert_null (e->site_name);
  /* No description: the first paragraph */
  g_assert_true (g_str_has_prefix (e->excerpt, "The boats came back before sunrise"));
}

static void
test_rtl_and_cjk (void)
{
  g_autoptr(WdExtraction) rtl = NULL;
  g_autoptr(WdExtraction) cjk = NULL;
  const char *arabic =
    "<html lang=\"ar\" dir=\"rtl\"><head><title>خبر</title></head><body><article>"
    "<p>قالت الحكومة يوم الاثنين إن الأمطار الغزيرة تسببت في فيضانات واسعة في خمس مدن، "
    "وإن فرق الإنقاذ تعمل طوال الليل لمساعدة السكان.</p>"
    "<p>وأضافت أن المدارس ستبقى مغلقة حتى نهاية الأسبوع.</p></article></body></html>";
  const char *chinese =
    "<html lang=\"zh-CN\"><head><title>新闻</title></head><body><div class=\"content\">"
    "<p>周一，政府表示，强降雨导致五个城镇发生大面积洪水，救援队整夜工作，帮助居民转移到安全地带。</p>"
    "<p>学校将关闭至周末，公共汽车改走山路。&nbsp;专家提醒市民注意安全。</p>"
    "</div></body></html>";

  rtl = extract_ok (arabic);
  g_assert_cmpstr (rtl->dir, ==, "rtl");
  g_assert_cmpstr (rtl->lang, ==, "ar");
  g_assert_nonnull (strstr (rtl->text, "قالت الحكومة يوم الاثنين"));
  g_assert_nonnull (strstr (rtl->text, "\n\nوأضافت أن المدارس"));

  cjk = extract_ok (chinese);
  g_assert_cmpstr (cjk->lang, ==, "zh-CN");
  g_assert_nonnull (strstr (cjk->text, "周一，政府表示，强降雨导致五个城镇发生大面积洪水"));
  g_assert_nonnull (strstr (cjk->text, "公共汽车改走山路。 专家提醒市民注意安全。"));
}

static void
test_hidden_nodes (void)
{
  g_autoptr(WdExtraction) e = NULL;
  const char *page =
    "<html><body><article>"
    "<p>This paragraph is visible to every reader of the page and it is long enough to count "
    "as the article, with a comma or two, for good measure.</p>"
    "<p hidden>Secret hidden paragraph.</p>"
    "<p style=\"color: red; display : none\">Secret styled paragraph.</p>"
    "<div aria-hidden=\"true\">Secret aria paragraph.</div>"
    "<p>Another visible paragraph follows, also long enough, so the extractor keeps it in the "
    "body of the article.</p>"
    "</article></body></html>";

  e = extract_ok (page);
  g_assert_null (strstr (e->text, "Secret"));
  g_assert_nonnull (strstr (e->text, "Another visible paragraph"));
}

static void
test_empty_and_binary (void)
{
  g_autoptr(GError) error = NULL;
  WdExtraction *e;
  const char garbage[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\xff\xfe";

  e = wd_extract_html ("", 0, BASE, &error);
  g_assert_null (e);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE);
  g_clear_error (&error);

  e = wd_extract_html (" \n\t ", -1, BASE, &error);
  g_assert_null (e);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE);
  g_clear_error (&error);

  e = wd_extract_html (garbage, sizeof garbage - 1, BASE, &error);
  g_assert_null (e);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "not a web page"));
}

static void
test_no_body (void)
{
  g_autoptr(WdExtraction) e = NULL;

  e = extract_ok ("<html><head><title>Only a head here</title>"
                  "<meta property=\"og:site_name\" content=\"Headless\"></head></html>");
  g_assert_cmpstr (e->text, ==, "");
  g_assert_nonnull (e->reason);
  g_assert_cmpstr (e->site_name, ==, "Headless");
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(WdExtraction) e = NULL;
  const char *page =
    "<html><head><meta charset=\"utf-8\"><title>Caf\xc3\xa9 news</title></head><body><article>"
    "<p>The caf\xe9 on the corner opened again today after a long winter, and the owner "
    "said \xff\xfe business was better than ever, na\xc3\xafve as that may sound.</p>"
    "<p>Its terrace, facing the square, now has room for forty guests at a time.</p>"
    "</article></body></html>";

  e = extract_ok (page);
  g_assert_true (g_utf8_validate (e->text, -1, NULL));
  g_assert_true (g_utf8_validate (e->title, -1, NULL));
  g_assert_cmpstr (e->title, ==, "Café news");
  g_assert_nonnull (strstr (e->text, "opened again today"));
  g_assert_nonnull (strstr (e->text, "naïve as that may sound"));
  g_assert_nonnull (strstr (e->text, "forty guests"));
}

static void
test_not_article (void)
{
  g_autoptr(GString) page = g_string_new ("<html><head><title>Sections</title></head><body>"
                                          "<div class=\"index\">");
  g_autoptr(WdExtraction) e = NULL;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (page, "<div class=\"item\"><h3><a href=\"/story/%u\">Headline "
                            "number %u about something that happened</a></h3>"
                            "<a href=\"/section/%u\">Section %u</a></div>", i, i, i % 5, i % 5);
  g_string_append (page, "</div></body></html>");

  e = extract_ok (page->str);
  g_assert_cmpstr (e->text, ==, "");
  g_assert_nonnull (e->reason);
  g_assert_nonnull (strstr (e->reason, "not an article"));
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) page = g_string_new ("<html><body>");
  g_autoptr(WdExtraction) e = NULL;
  const guint depth = 100000;

  for (guint i = 0; i < depth; i++)
    g_string_append (page, "<div>");
  g_string_append (page, "<p>Deep inside a hundred thousand divs there is still a paragraph "
                         "of text, with a comma, that the extractor should find.</p>");
  for (guint i = 0; i < depth; i++)
    g_string_append (page, "</div>");
  g_string_append (page, "</body></html>");

  /* No crash, no stack overflow, and the paragraph is still found. */
  e = extract_ok (page->str);
  g_assert_cmpstr (e->text, ==, "Deep inside a hundred thousand divs there is still a "
                                "paragraph of text, with a comma, that the extractor should "
                                "find.");
}

static void
test_html_to_text (void)
{
  g_autofree char *text = wd_extract_html_to_text (
    "<div><h1>Title</h1><p>One <b>two</b>\n three</p><ol><li>a</li><li>b</li></ol>"
    "<p>x<br>y</p><div>z<br>\n<br><br>w</div><blockquote>q</blockquote></div>", -1);

  g_assert_cmpstr (text, ==, "## Title\n\nOne two three\n\n1. a\n2. b\n\nx\ny\n\nz\n\nw\n\n> q");
}

static int
run_cli (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WIREDESK_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_cli (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "story.html", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.html", NULL);
  g_autofree char *archive = g_build_filename (g_get_user_data_dir (), "wiredesk",
                                               "archive.db", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  JsonObject *object;
  int status;

  if (g_getenv ("WIREDESK_CLI") == NULL)
    {
      g_test_skip ("WIREDESK_CLI is not set; run this test through meson.");
      return;
    }

  g_assert_true (g_file_set_contents (file, article_page, -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  status = run_cli ((const char * const[]) { "extract", file, "--url", BASE, "--json", NULL },
                    &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (err, ==, "");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==,
                   "Rivers rise across the valley");
  g_assert_cmpstr (json_object_get_string_member (object, "site_name"), ==, "Valley Herald");
  g_assert_cmpstr (json_object_get_string_member (object, "published"), ==,
                   "2024-03-05T08:30:00Z");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "text"),
                                   "Heavy rain over the weekend"));
  g_assert_false (json_object_has_member (object, "reason"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Plain text: metadata lines, a blank line, the body */
  status = run_cli ((const char * const[]) { "extract", file, NULL }, &out, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (out, "Title: Rivers rise across the valley\n"));
  g_assert_nonnull (strstr (out, "\n\nHeavy rain over the weekend"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An address is fetched: one that cannot be reached fails with one line
   * (the page itself is tested in test-import.c); a bad --url is bad usage. */
  status = run_cli ((const char * const[]) { "extract", "http://127.0.0.1:1/story", NULL },
                    &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "wiredesk-cli: http://127.0.0.1:1/story: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli ((const char * const[]) { "extract", file, "--url", "ftp://x", NULL },
                    &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An empty file fails with one line; a missing one too. */
  status = run_cli ((const char * const[]) { "extract", empty, NULL }, &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_cli ((const char * const[]) { "extract", "/nonexistent/x.html", NULL },
                    &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* extract writes nothing: no archive appears. */
  g_assert_false (g_file_test (archive, G_FILE_TEST_EXISTS));
}

/* The regression guard: the corpus F1 must not fall below 0.93. */
static void
test_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *dir = wd_score_corpus_dir (NULL);
  g_autofree WdScoreResult *results = NULL;
  WdScoreSummary summary;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("The readability corpus is not there (../shared/corpora/readability).");
      return;
    }

  pages = wd_score_load_corpus (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, >=, 100);

  results = wd_score_run (pages, &summary);
  g_test_message ("corpus: precision %.4f recall %.4f F1 %.4f empty %u",
                  summary.precision, summary.recall, summary.f1, summary.empty);
  for (guint i = 0; i < pages->len; i++)
    wd_score_result_clear (&results[i]);

  g_assert_cmpfloat (summary.f1, >=, 0.93);
}

int
main (int    argc,
      char **argv)
{
  /* `extract URL` fetches; the proxy module must not read the desktop's
   * settings in the isolated homes. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  wd_test_init (&argc, &argv);

  g_test_add_func ("/extract/article", test_article);
  g_test_add_func ("/extract/metadata-fallbacks", test_metadata_fallbacks);
  g_test_add_func ("/extract/rtl-and-cjk", test_rtl_and_cjk);
  g_test_add_func ("/extract/hidden-nodes", test_hidden_nodes);
  g_test_add_func ("/extract/empty-and-binary", test_empty_and_binary);
  g_test_add_func ("/extract/no-body", test_no_body);
  g_test_add_func ("/extract/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/extract/not-article", test_not_article);
  g_test_add_func ("/extract/deep-nesting", test_deep_nesting);
  g_test_add_func ("/extract/html-to-text", test_html_to_text);
  g_test_add_func ("/extract/cli", test_cli);
  g_test_add_func ("/extract/corpus", test_corpus);

  return g_test_run ();
}
