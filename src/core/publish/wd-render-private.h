/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "wd-render.h"

G_BEGIN_DECLS

/* Shared between wd-render.c (options, HTML, the page, excerpts, slugs),
 * wd-render-markdown.c (cmark, footer templates, front matter) and
 * wd-render-json.c (JSON-LD, ninjs); not for callers. */

/* The footer's parts, in the order they appear. */
typedef enum {
  WD_RENDER_FOOTER_ATTRIBUTION,
  WD_RENDER_FOOTER_DISCLOSURE,
  WD_RENDER_FOOTER_BYLINE,
  WD_RENDER_N_FOOTERS
} WdRenderFooter;

struct _WdRenderOptions
{
  char *site_name;
  char *site_url;  /* NULL when not configured */
  char *team;
  char *language;  /* NULL when not configured */
  char *css;       /* the site stylesheet's text, "" when none was found */
  char *footers[WD_RENDER_N_FOOTERS];
};

/* What every format needs of one brief, worked out once per call. */
typedef struct {
  WdBrief               *brief;
  WdSource              *source;
  const WdRenderOptions *options;
  const char            *public_url;  /* NULL when unknown */
  const char            *headline;
  const char            *source_url;  /* canonical, else fetched; NULL unless http(s) */
  const char            *publisher;   /* name, else domain; NULL when neither */
  char                  *domain;      /* the publisher's domain, else the URL's host */
  const char            *language;    /* the source's, else the site's; NULL when neither */
  char                  *uuid_urn;
  char                  *slug;
  char                  *excerpt;
  GDateTime             *created;
  GDateTime             *published;
  GDateTime             *modified;
  WdPolicyKind           policy;
  int                    max_quote_words;
} WdRenderState;

/* The values of a footer template's {{variables}}; NULL ones become "". */
typedef struct {
  const char *publisher;
  const char *domain;
  const char *source_url;
  const char *source_title;
  const char *team;
  const char *site_name;
  const char *site_url;
} WdRenderFooterVars;

/* wd-render.c */
const char *wd_render_nonblank          (const char      *text);
char       *wd_render_format_utc        (GDateTime       *time);
const char *wd_render_section_heading   (WdSectionKind    kind);
const char *wd_render_section_text      (WdRenderState   *state,
                                         WdSectionKind    kind);
char       *wd_render_footer_markdown   (WdRenderState   *state);
char       *wd_render_body_html         (WdRenderState   *state,
                                         GError         **error);

/* wd-render-markdown.c */
gboolean    wd_render_append_html       (GString         *out,
                                         const char      *markdown,
                                         GError         **error);
gboolean    wd_render_append_commonmark (GString         *out,
                                         const char      *markdown,
                                         GError         **error);
char       *wd_render_plain_text        (const char      *markdown);
char       *wd_render_fill_footer       (const char      *body,
                                         const WdRenderFooterVars *vars);
char       *wd_render_markdown          (WdRenderState   *state,
                                         GError         **error);

/* wd-render-json.c */
char       *wd_render_jsonld            (WdRenderState   *state);
char       *wd_render_ninjs             (WdRenderState   *state,
                                         GError         **error);

G_END_DECLS
