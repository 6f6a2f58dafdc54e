/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "import/wd-import-error.h"

G_BEGIN_DECLS

/* What wd_extract_html() found on a page. Every string is UTF-8 with its
 * white space normalised, or NULL when the page does not say. */
typedef struct {
  char *title;
  char *byline;
  char *published;      /* ISO 8601 in UTC, "2024-05-01T09:30:00Z" */
  char *site_name;
  char *canonical_url;  /* absolute, tracking parameters dropped */
  char *lang;           /* "en", "pt-BR" */
  char *dir;            /* "rtl" or "ltr" when the page sets it */
  char *excerpt;
  char *image;          /* absolute URL of the lead image */
  char *text;           /* the body as Markdown; "" when not an article */
  char *reason;         /* why text is "", else NULL */
} WdExtraction;

WdExtraction *wd_extract_html           (const char          *html,
                                         gssize               length,
                                         const char          *base_url,
                                         GError             **error);
char         *wd_extract_html_to_text   (const char          *html,
                                         gssize               length);
char         *wd_extraction_to_json     (const WdExtraction  *extraction,
                                         gboolean             pretty);
void          wd_extraction_free        (WdExtraction        *extraction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdExtraction, wd_extraction_free)

G_END_DECLS
