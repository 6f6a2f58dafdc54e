/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-feed"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/wd-date.h"
#include "import/wd-feed.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_text (const char *text)
{
  if (text != NULL)
    g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
check_url (const char *url)
{
  if (url != NULL)
    g_assert_true (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdFeed) feed = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDateTime) date = NULL;

  feed = wd_feed_parse ((const char *) data, size, "https://fuzz.example.com/news/feed.xml",
                        &error);
  /* Exactly one of a feed and an error. */
  g_assert_true ((feed == NULL) != (error == NULL));

  if (feed != NULL)
    {
      check_text (feed->title);
      check_text (feed->description);
      check_url (feed->link);
      for (guint i = 0; i < feed->items->len; i++)
        {
          WdFeedItem *item = g_ptr_array_index (feed->items, i);

          check_text (item->id);
          check_text (item->title);
          check_text (item->author);
          check_text (item->summary);
          check_text (item->content);
          check_url (item->url);
        }
    }
  else if (wd_feed_is_html ((const char *) data, size))
    {
      g_auto(GStrv) links = wd_feed_find_links ((const char *) data, size,
                                                "https://fuzz.example.com/");

      for (guint i = 0; links[i] != NULL; i++)
        check_url (links[i]);
    }

  /* The date parsers take the first line as a string. */
  prefix = g_strndup ((const char *) data, MIN (size, 80));
  prefix[strcspn (prefix, "\n")] = '\0';
  date = wd_date_parse (prefix);
  if (date != NULL)
    g_assert_cmpint (g_date_time_get_utc_offset (date), ==, 0);

  return 0;
}
