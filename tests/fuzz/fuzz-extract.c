/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-extract"

#include <stdint.h>
#include <string.h>

#include "import/wd-extract.h"
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

/* Whatever a page holds, the extractor returns valid UTF-8 and absolute
 * web addresses, or an error, and never crashes, leaks or hangs. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdExtraction) extraction = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  extraction = wd_extract_html ((const char *) data, size, "https://fuzz.example.com/news/a.html",
                                &error);
  g_assert_true ((extraction == NULL) != (error == NULL));

  if (extraction != NULL)
    {
      g_assert_nonnull (extraction->text);
      check_text (extraction->text);
      check_text (extraction->title);
      check_text (extraction->byline);
      check_text (extraction->site_name);
      check_text (extraction->excerpt);
      check_url (extraction->canonical_url);
      check_url (extraction->image);
      /* Not an article: no text, and a reason. */
      if (extraction->text[0] == '\0')
        g_assert_nonnull (extraction->reason);

      json = wd_extraction_to_json (extraction, FALSE);
      g_assert_true (g_utf8_validate (json, -1, NULL));
    }

  text = wd_extract_html_to_text ((const char *) data, size);
  check_text (text);

  return 0;
}
