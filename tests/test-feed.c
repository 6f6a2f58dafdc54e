/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-feed"

#include <string.h>

#include <glib/gstdio.h>

#include "wd-test-util.h"
#include "import/wd-feed.h"
#include "import/wd-import-error.h"

static char *
load_fixture (const char *name,
              gsize      *length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "feeds", name, NULL);
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static WdFeed *
parse_fixture (const char *name,
               const char *base_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;
  WdFeed *feed;

  data = load_fixture (name, &length);
  feed = wd_feed_parse (data, length, base_url, &error);
  g_assert_no_error (error);
  g_assert_nonnull (feed);
  return feed;
}

static WdFeedItem *
item_at (WdFeed *feed,
         guint   index)
{
  g_assert_cmpuint (index, <, feed->items->len);
  return g_ptr_array_index (feed->items, index);
}

static void
assert_date (GDateTime  *date,
             const char *expected)
{
  g_autofree char *text = NULL;

  if (expected == NULL)
    {
      g_assert_null (date);
      return;
    }
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_utc_offset (date), ==, 0);
  text = g_date_time_format (date, "%Y-%m-%dT%H:%M:%SZ");
  g_assert_cmpstr (text, ==, expected);
}

/* A user-facing error: one sentence, ending in a full stop. */
static void
assert_parse_error (const GError *error)
{
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (error->message, "."));
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_rss2 (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("rss2-news.xml", "https://ledger.example.com/tech/feed/");
  WdFeedItem *item;

  g_assert_cmpint (feed->format, ==, WD_FEED_FORMAT_RSS);
  g_assert_cmpstr (feed->title, ==, "The Harbour Ledger – Technology");
  /* The channel <link>, not the atom:link rel="self" before it. */
  g_assert_cmpstr (feed->link, ==, "https://ledger.example.com/tech/");
  g_assert_cmpstr (feed->description, ==, "Technology news from the Harbour Ledger newsroom.");

  /* Six items, one of them repeating an earlier guid. */
  g_assert_cmpuint (feed->items->len, ==, 5);

  item = item_at (feed, 0);
  g_assert_cmpstr (item->id, ==, "https://ledger.example.com/?p=48213");
  g_assert_cmpstr (item->url, ==, "https://ledger.example.com/tech/2026/01/06/port-ai-cranes/");
  g_assert_cmpstr (item->title, ==, "Port authority pilots AI scheduling for container cranes");
  g_assert_cmpstr (item->author, ==, "Mara Lindqvist");
  assert_date (item->published, "2026-01-06T07:45:00Z");
  assert_date (item->updated, NULL);
  /* CDATA HTML turned into text: entities decoded, tags gone. */
  g_assert_cmpstr (item->summary, ==,
                   "The authority says the system cut idle time by 18 % during a six-week "
                   "trial.\n\nDockworkers’ unions want the data published. Read more…");
  g_assert_nonnull (item->content);
  g_assert_true (g_str_has_prefix (item->content, "The harbour authority said on Tuesday"));
  g_assert_nonnull (strstr (item->content, "\n\nWhat the unions say\n\n"));
  g_assert_nonnull (strstr (item->content, "Publish the trial data\n\nKeep a human"));
  g_assert_nonnull (strstr (item->content, "“We are not against the tool,” said"));
  g_assert_null (strstr (item->content, "trackRead"));
  g_assert_null (strchr (item->content, '<'));

  item = item_at (feed, 1);
  /* "&amp;amp;" is an escaped "&amp;", which is "&". */
  g_assert_cmpstr (item->title, ==, "Chipmaker & regulator reach deal on export licences");
  g_assert_cmpstr (item->url, ==, "https://ledger.example.com/tech/2026/01/05/chip-export-deal/");
  g_assert_cmpstr (item->author, ==, "Tomás Ferreira");
  assert_date (item->published, "2026-01-05T23:02:00Z");
  g_assert_cmpstr (item->summary, ==, "Plain text summary without markup, spread over two lines.");
  g_assert_null (item->content);

  item = item_at (feed, 2);
  g_assert_cmpstr (item->title, ==, "Why small models are winning the edge");
  /* FeedBurner's redirector replaced by the original article. */
  g_assert_cmpstr (item->url, ==, "https://ledger.example.com/tech/2026/01/04/small-models-edge/");
  g_assert_cmpstr (item->id, ==, "ledger-48190");
  assert_date (item->published, "2026-01-04T09:00:00Z");
  g_assert_cmpstr (item->summary, ==, "Escaped HTML & an entity: café.");

  item = item_at (feed, 3);
  g_assert_cmpstr (item->title, ==, "Item whose guid is its link");
  g_assert_cmpstr (item->url, ==, "https://ledger.example.com/tech/2026/01/03/guid-only/");
  assert_date (item->published, "2026-01-03T11:00:00Z");

  item = item_at (feed, 4);
  g_assert_null (item->title);
  g_assert_null (item->url);
  g_assert_null (item->id);
  g_assert_null (item->published);
  g_assert_cmpstr (item->summary, ==, "An item with neither title nor link, only text.");

  for (guint i = 0; i < feed->items->len; i++)
    {
      item = item_at (feed, i);
      g_assert_true (item->title == NULL || strstr (item->title, "(updated)") == NULL);
    }
}

static void
test_rss_sloppy (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("rss-sloppy.xml", NULL);
  WdFeedItem *item;

  /* Undeclared HTML entities and bare ampersands, which strict XML
   * rejects, come through as the publisher meant them. */
  g_assert_cmpstr (feed->title, ==, "Q&A Weekly — Café edition");
  g_assert_cmpstr (feed->description, ==, "Questions & answers from AT&T alumni");
  g_assert_cmpstr (feed->link, ==, "http://qa.example.org");
  g_assert_cmpuint (feed->items->len, ==, 2);

  item = item_at (feed, 0);
  g_assert_cmpstr (item->title, ==, "R&D budgets rise & fall — a look at \"AI\" spending");
  g_assert_cmpstr (item->url, ==,
                   "http://qa.example.org/2026/01/rd-budgets?utm_source=rss&utm_medium=feed");
  g_assert_cmpstr (item->summary, ==, "Spending on R&D rose 4 % – see the chart & notes.");
  assert_date (item->published, "2026-01-05T09:05:00Z");

  item = item_at (feed, 1);
  assert_date (item->published, "2026-01-05T02:00:00Z");
}

static void
check_atom_links (WdFeed *feed)
{
  g_assert_cmpstr (item_at (feed, 0)->url, ==,
                   "https://research.example.org/blog/2026/01/retrieval-eval.html");
  g_assert_cmpstr (item_at (feed, 1)->url, ==,
                   "https://research.example.org/talks/distillation-2026.html");
  g_assert_cmpstr (item_at (feed, 2)->url, ==,
                   "https://research.example.org/blog/archive/old-post.html");
}

static void
test_atom (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("atom-xmlbase.xml",
                                          "https://mirror.example.com/lab/feed.atom");
  WdFeedItem *item;

  g_assert_cmpint (feed->format, ==, WD_FEED_FORMAT_ATOM);
  g_assert_cmpstr (feed->title, ==, "Lab Notes");
  g_assert_cmpstr (feed->description, ==, "Notes from the applied ML group");
  /* xml:base on <feed> outranks the address the feed came from. */
  g_assert_cmpstr (feed->link, ==, "https://research.example.org/blog/");
  g_assert_cmpuint (feed->items->len, ==, 3);
  check_atom_links (feed);

  item = item_at (feed, 0);
  g_assert_cmpstr (item->id, ==, "tag:research.example.org,2026-01-06:/blog/retrieval-eval");
  g_assert_cmpstr (item->title, ==, "Evaluating retrieval without labels");
  g_assert_cmpstr (item->author, ==, "Dana Okafor, Li Wei");
  assert_date (item->published, "2026-01-06T09:00:00Z");
  assert_date (item->updated, "2026-01-06T11:00:00Z");
  g_assert_cmpstr (item->summary, ==, "We compare three label-free metrics on four corpora.");
  g_assert_cmpstr (item->content, ==,
                   "Labels are expensive.\n\nWe measured agreement instead.\nIt correlates well.");

  item = item_at (feed, 1);
  /* No author of its own: the feed's. No <published>: only updated. */
  g_assert_cmpstr (item->author, ==, "Applied ML Group");
  assert_date (item->published, NULL);
  assert_date (item->updated, "2026-01-02T14:30:00Z");
  g_assert_cmpstr (item->summary, ==, "Slides and video from our talk.");

  item = item_at (feed, 2);
  g_assert_cmpstr (item->content, ==, "Escaped HTML content.");
}

static void
test_atom_without_base_url (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("atom-xmlbase.xml", NULL);

  /* The feed's own xml:base is absolute, so links still resolve. */
  check_atom_links (feed);
}

static void
test_atom_03 (void)
{
  static const char atom03[] =
    "<?xml version=\"1.0\"?>\n"
    "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">\n"
    "  <title>Old Blog</title>\n"
    "  <link rel=\"alternate\" type=\"text/html\" href=\"https://old.example.org/\"/>\n"
    "  <entry>\n"
    "    <title>First post</title>\n"
    "    <link rel=\"alternate\" type=\"text/html\" href=\"https://old.example.org/1\"/>\n"
    "    <id>tag:old.example.org,2004:1</id>\n"
    "    <issued>2004-05-01T12:00:00-04:00</issued>\n"
    "    <modified>2004-05-02T12:00:00Z</modified>\n"
    "    <content type=\"text/html\" mode=\"escaped\">&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;"
    "</content>\n"
    "  </entry>\n"
    "</feed>\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = wd_feed_parse (atom03, strlen (atom03), NULL, &error);
  WdFeedItem *item;

  g_assert_no_error (error);
  g_assert_cmpint (feed->format, ==, WD_FEED_FORMAT_ATOM);
  g_assert_cmpstr (feed->link, ==, "https://old.example.org/");
  g_assert_cmpuint (feed->items->len, ==, 1);
  item = item_at (feed, 0);
  g_assert_cmpstr (item->url, ==, "https://old.example.org/1");
  g_assert_cmpstr (item->content, ==, "Hello & welcome");
  assert_date (item->published, "2004-05-01T16:00:00Z");
  assert_date (item->updated, "2004-05-02T12:00:00Z");
}

static void
test_json_feed (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("jsonfeed-1.1.json",
                                          "https://signal.example.io/feed.json");
  WdFeedItem *item;

  g_assert_cmpint (feed->format, ==, WD_FEED_FORMAT_JSON);
  g_assert_cmpstr (feed->title, ==, "Signal & Noise");
  g_assert_cmpstr (feed->link, ==, "https://signal.example.io/");
  g_assert_cmpstr (feed->description, ==, "A weekly look at AI policy.");
  g_assert_cmpuint (feed->items->len, ==, 3);

  item = item_at (feed, 0);
  g_assert_cmpstr (item->id, ==, "https://signal.example.io/2026/01/eu-ai-act-guidance");
  g_assert_cmpstr (item->title, ==, "EU publishes guidance on general-purpose models");
  g_assert_cmpstr (item->author, ==, "Ines Moreau, Kwame Mensah");
  g_assert_cmpstr (item->summary, ==, "The Commission’s guidance lands three weeks late.");
  g_assert_cmpstr (item->content, ==,
                   "The European Commission published its guidance on Monday.\n\n"
                   "“Proportionate,” said one lawyer.");
  assert_date (item->published, "2026-01-05T13:30:00Z");
  assert_date (item->updated, "2026-01-05T15:00:00Z");

  item = item_at (feed, 1);
  g_assert_cmpstr (item->id, ==, "2041");
  g_assert_cmpstr (item->url, ==, "https://signal.example.io/2026/01/compute-thresholds");
  g_assert_cmpstr (item->author, ==, "Signal & Noise staff");
  g_assert_cmpstr (item->content, ==, "A short explainer.\n\nThresholds are blunt, but legible.");
  g_assert_null (item->summary);

  item = item_at (feed, 2);
  g_assert_cmpstr (item->url, ==, "https://other.example.com/report");
}

static void
test_json_feed_1_0 (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("jsonfeed-1.0.json", NULL);
  WdFeedItem *item;

  g_assert_cmpstr (feed->title, ==, "Old Style");
  g_assert_cmpuint (feed->items->len, ==, 1);
  item = item_at (feed, 0);
  g_assert_cmpstr (item->author, ==, "Pat Doe");
  g_assert_cmpstr (item->url, ==, "https://old.example.net/1");
  g_assert_null (item->title);
  assert_date (item->published, "2025-06-01T19:00:00Z");
}

static void
test_rdf (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("rdf-rss1.rdf", "https://journal.example.jp/index.rdf");
  WdFeedItem *item;

  g_assert_cmpint (feed->format, ==, WD_FEED_FORMAT_RDF);
  g_assert_cmpstr (feed->title, ==, "科学ジャーナル");
  g_assert_cmpstr (feed->link, ==, "https://journal.example.jp/");
  g_assert_cmpuint (feed->items->len, ==, 2);

  item = item_at (feed, 0);
  g_assert_cmpstr (item->id, ==, "https://journal.example.jp/news/1001");
  g_assert_cmpstr (item->title, ==, "新しい言語モデルの評価手法");
  g_assert_cmpstr (item->author, ==, "山田 花子");
  g_assert_cmpstr (item->summary, ==, "評価手法についての記事です。");
  assert_date (item->published, "2026-01-05T00:00:00Z");
  assert_date (item_at (feed, 1)->published, "2026-01-04T00:00:00Z");
}

static void
test_bad_links (void)
{
  g_autoptr(WdFeed) feed = parse_fixture ("rss-bad-links.xml", NULL);
  g_autoptr(WdFeed) with_base = NULL;

  /* Declared ISO-8859-1: converted, the é intact. */
  g_assert_cmpstr (feed->description, ==,
                   "Only the http and https links may survive. Café in Latin-1: Café.");
  g_assert_null (feed->link);
  g_assert_cmpuint (feed->items->len, ==, 7);

  for (guint i = 0; i < 6; i++)
    {
      WdFeedItem *item = item_at (feed, i);

      if (item->url != NULL)
        g_error ("item “%s” kept the link %s", item->title, item->url);
    }
  g_assert_cmpstr (item_at (feed, 6)->url, ==, "https://good.example.com/story?id=7&ref=rss");

  /* With the feed's address, the relative link resolves; the others are
   * still refused. */
  with_base = parse_fixture ("rss-bad-links.xml", "https://links.example.com/feed.xml");
  for (guint i = 0; i < with_base->items->len; i++)
    {
      WdFeedItem *item = item_at (with_base, i);

      if (i == 5)
        g_assert_cmpstr (item->url, ==, "https://links.example.com/relative/story.html");
      else if (i != 6)
        g_assert_null (item->url);
    }
}

static void
test_web_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) links = NULL;
  gsize length;
  WdFeed *feed;

  data = load_fixture ("web-page.html", &length);
  g_assert_true (wd_feed_is_html (data, length));

  feed = wd_feed_parse (data, length, "https://ledger.example.com/tech/", &error);
  g_assert_null (feed);
  assert_parse_error (error);
  g_assert_cmpstr (error->message, ==,
                   "https://ledger.example.com/tech/ is a web page, not a feed; use its feed "
                   "address, https://ledger.example.com/tech/feed/.");

  links = wd_feed_find_links (data, length, "https://ledger.example.com/tech/");
  g_assert_nonnull (links);
  g_assert_cmpuint (g_strv_length (links), ==, 3);
  g_assert_cmpstr (links[0], ==, "https://ledger.example.com/tech/feed/");
  g_assert_cmpstr (links[1], ==, "https://ledger.example.com/tech/feed/atom/");
  g_assert_cmpstr (links[2], ==, "https://ledger.example.com/tech/feed.json");
}

static void
test_web_page_without_feed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) links = NULL;
  gsize length;
  WdFeed *feed;

  data = load_fixture ("web-page-no-feed.html", &length);
  feed = wd_feed_parse (data, length, "https://plain.example.com/", &error);
  g_assert_null (feed);
  assert_parse_error (error);
  g_assert_true (g_str_has_prefix (error->message, "https://plain.example.com/ is a web page"));
  g_assert_nonnull (strstr (error->message, "often linked as"));

  links = wd_feed_find_links (data, length, "https://plain.example.com/");
  g_assert_nonnull (links);
  g_assert_null (links[0]);

  /* A fragment of a page, without <html> or a doctype, is a page too. */
  {
    static const char fragment[] =
      "<meta charset=\"utf-8\">\n<title>Tips</title>\n"
      "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom.xml\">\n"
      "<p>Hello</p>\n";
    g_autoptr(GError) fragment_error = NULL;

    g_assert_null (wd_feed_parse (fragment, strlen (fragment), "http://tips.example.com/",
                                  &fragment_error));
    assert_parse_error (fragment_error);
    g_assert_cmpstr (fragment_error->message, ==,
                     "http://tips.example.com/ is a web page, not a feed; use its feed "
                     "address, http://tips.example.com/atom.xml.");
  }

  /* Feeds are not pages. */
  g_free (data);
  data = load_fixture ("rss2-news.xml", &length);
  g_assert_false (wd_feed_is_html (data, length));
}

static void
test_many_items (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
                                         "<title>Firehose</title>"
                                         "<link>https://firehose.example.com/</link>\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = NULL;
  WdFeedItem *last;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (xml,
                            "<item><title>Story %u</title>"
                            "<link>https://firehose.example.com/story/%u</link>"
                            "<guid isPermaLink=\"false\">story-%u</guid>"
                            "<pubDate>Mon, 05 Jan 2026 %02u:%02u:00 +0000</pubDate>"
                            "<description>&lt;p&gt;Paragraph of story %u.&lt;/p&gt;</description>"
                            "</item>\n",
                            i, i, i, (i / 60) % 24, i % 60, i);
  /* And the first one again, which must collapse. */
  g_string_append (xml, "<item><title>Again</title><guid isPermaLink=\"false\">story-0</guid>"
                        "</item></channel></rss>\n");

  feed = wd_feed_parse (xml->str, xml->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, ==, 10000);

  g_assert_cmpstr (item_at (feed, 0)->title, ==, "Story 0");
  last = item_at (feed, 9999);
  g_assert_cmpstr (last->title, ==, "Story 9999");
  g_assert_cmpstr (last->url, ==, "https://firehose.example.com/story/9999");
  g_assert_cmpstr (last->summary, ==, "Paragraph of story 9999.");
  assert_date (last->published, "2026-01-05T22:39:00Z");
}

static void
test_bad_input (void)
{
  static const char * const inputs[] = {
    "",
    "   \n\t  ",
    "just some words, not a feed",
    "[1, 2, 3]",
    "{}",
    "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
    "{\"version\": \"https://example.com/not-json-feed\", \"items\": []}",
    "{\"title\": \"no items\"}",
    "<?xml version=\"1.0\"?><catalog><book/></catalog>",
    "<?xml version=\"1.0\"?>",
    "<rss",
    "<!-- only a comment -->",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>",
    "<feed><entry><title>Not Atom: no namespace</title></entry></feed>",
  };
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260105);
  guint8 garbage[4096];

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      WdFeed *feed = wd_feed_parse (inputs[i], strlen (inputs[i]), "https://x.example/feed",
                                    &error);

      if (feed != NULL)
        g_error ("“%s” parsed as a feed", inputs[i]);
      assert_parse_error (error);
      g_assert_true (g_str_has_prefix (error->message, "https://x.example/feed "));
    }

  /* Deep JSON nesting is refused before json-glib recurses into it. */
  g_string_append (nested, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": ");
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (nested, '[');
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (wd_feed_parse (nested->str, nested->len, NULL, &error));
    assert_parse_error (error);
    g_assert_true (g_str_has_prefix (error->message, "The document "));
  }

  /* Deep XML nesting: libxml2's own depth limit stops it. */
  g_string_truncate (nested, 0);
  g_string_append (nested, "<rss version=\"2.0\"><channel><item><description>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (nested, "<div>");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WdFeed) feed = wd_feed_parse (nested->str, nested->len, NULL, &error);

    /* Either a partial feed or an error, but an answer. */
    g_assert_true ((feed == NULL) != (error == NULL));
  }

  /* The same as escaped HTML in a description: the item survives. */
  g_string_truncate (nested, 0);
  g_string_append (nested, "<rss version=\"2.0\"><channel><item><title>Deep</title><description>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (nested, "&lt;div&gt;");
  g_string_append (nested, "</description></item></channel></rss>");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WdFeed) feed = wd_feed_parse (nested->str, nested->len, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (feed->items->len, ==, 1);
    g_assert_cmpstr (item_at (feed, 0)->title, ==, "Deep");
  }

  /* Binary garbage, including NULs, a hundred times. */
  for (guint round = 0; round < 100; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WdFeed) feed = NULL;

      for (guint i = 0; i < sizeof garbage; i++)
        garbage[i] = g_rand_int_range (rand, 0, 256);
      feed = wd_feed_parse ((const char *) garbage, sizeof garbage, NULL, &error);
      g_assert_null (feed);
      g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE);
    }
}

static void
test_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = NULL;
  g_autofree char *data = NULL;
  const char *cut;
  gsize length;

  /* A download cut off inside the fourth item keeps the three before. */
  data = load_fixture ("rss2-news.xml", &length);
  cut = strstr (data, "A duplicate guid");
  g_assert_nonnull (cut);
  feed = wd_feed_parse (data, cut - data, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (feed->items->len, >=, 3);
  g_assert_cmpstr (item_at (feed, 2)->title, ==, "Why small models are winning the edge");
}

static void
test_utf16 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = NULL;
  g_autoptr(GString) xml = NULL;
  g_autofree char *data = NULL;
  g_autofree char *utf16 = NULL;
  gsize length;
  gsize utf16_length;

  /* The same feed saved as UTF-16 (iconv writes the byte-order mark). */
  data = load_fixture ("rdf-rss1.rdf", &length);
  xml = g_string_new (data);
  g_assert_cmpuint (g_string_replace (xml, "encoding=\"utf-8\"", "encoding=\"UTF-16\"", 1),
                    ==, 1);
  utf16 = g_convert (xml->str, xml->len, "UTF-16", "UTF-8", NULL, &utf16_length, &error);
  g_assert_no_error (error);

  feed = wd_feed_parse (utf16, utf16_length, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (feed->title, ==, "科学ジャーナル");
  g_assert_cmpuint (feed->items->len, ==, 2);
}

static gboolean
feed_contains (WdFeed     *feed,
               const char *needle)
{
  const char *fields[] = { feed->title, feed->link, feed->description };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i] != NULL && strstr (fields[i], needle) != NULL)
        return TRUE;
    }
  for (guint i = 0; i < feed->items->len; i++)
    {
      WdFeedItem *item = item_at (feed, i);
      const char *item_fields[] = {
        item->id, item->url, item->title, item->author, item->summary, item->content,
      };

      for (guint j = 0; j < G_N_ELEMENTS (item_fields); j++)
        {
          if (item_fields[j] != NULL && strstr (item_fields[j], needle) != NULL)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_external_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree char *xml = NULL;

  g_file_set_contents (secret, "TOP-SECRET-4711", -1, &error);
  g_assert_no_error (error);

  xml = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                         "<!DOCTYPE rss [\n"
                         "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
                         "  <!ENTITY %% remote SYSTEM \"file://%s\">\n"
                         "  %%remote;\n"
                         "]>\n"
                         "<rss version=\"2.0\"><channel><title>T &xxe;</title>"
                         "<item><title>&xxe;</title><description>&xxe;</description>"
                         "<link>https://ok.example.com/1</link></item></channel></rss>\n",
                         secret, secret);
  feed = wd_feed_parse (xml, strlen (xml), NULL, &error);
  if (feed != NULL)
    {
      g_assert_false (feed_contains (feed, "TOP-SECRET"));
      g_assert_cmpuint (feed->items->len, ==, 1);
    }
  else
    assert_parse_error (error);
}

static void
test_entity_expansion (void)
{
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
                                         "<!ENTITY lol0 \"lollollollollollollollollollol\">\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = NULL;

  /* The billion laughs: ten to the ninth "lol"s if expanded. */
  for (guint i = 1; i <= 9; i++)
    {
      g_string_append_printf (xml, "<!ENTITY lol%u \"", i);
      for (guint j = 0; j < 10; j++)
        g_string_append_printf (xml, "&lol%u;", i - 1);
      g_string_append (xml, "\">\n");
    }
  g_string_append (xml, "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>"
                        "<item><title>&lol9;</title><description>&lol9;</description>"
                        "<guid>x</guid></item></channel></rss>\n");

  feed = wd_feed_parse (xml->str, xml->len, NULL, &error);
  if (feed != NULL)
    {
      for (guint i = 0; i < feed->items->len; i++)
        {
          WdFeedItem *item = item_at (feed, i);

          g_assert_true (item->title == NULL || strlen (item->title) < 1000);
          g_assert_true (item->summary == NULL || strlen (item->summary) < 1000);
        }
      g_assert_true (feed->title == NULL || strlen (feed->title) < 1000);
    }
  else
    assert_parse_error (error);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/feed/rss2", test_rss2);
  g_test_add_func ("/feed/rss2/sloppy", test_rss_sloppy);
  g_test_add_func ("/feed/atom", test_atom);
  g_test_add_func ("/feed/atom/without-base-url", test_atom_without_base_url);
  g_test_add_func ("/feed/atom/0.3", test_atom_03);
  g_test_add_func ("/feed/json", test_json_feed);
  g_test_add_func ("/feed/json/1.0", test_json_feed_1_0);
  g_test_add_func ("/feed/rdf", test_rdf);
  g_test_add_func ("/feed/bad-links", test_bad_links);
  g_test_add_func ("/feed/web-page", test_web_page);
  g_test_add_func ("/feed/web-page/without-feed", test_web_page_without_feed);
  g_test_add_func ("/feed/many-items", test_many_items);
  g_test_add_func ("/feed/bad-input", test_bad_input);
  g_test_add_func ("/feed/truncated", test_truncated);
  g_test_add_func ("/feed/utf16", test_utf16);
  g_test_add_func ("/feed/external-entity", test_external_entity);
  g_test_add_func ("/feed/entity-expansion", test_entity_expansion);

  return g_test_run ();
}
