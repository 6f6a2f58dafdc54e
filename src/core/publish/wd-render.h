/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "store/wd-store.h"
#include "wd-config.h"

G_BEGIN_DECLS

/*
 * Rendering a brief for publishing: the body as HTML (Markdown through
 * cmark, with any raw HTML of a section shown as text), Markdown with YAML
 * front matter for static sites, a schema.org NewsArticle as JSON-LD, an
 * IPTC ninjs 2.1 object, and a whole HTML page for the preview. The footer
 * (attribution, AI disclosure, byline) comes from templates the archive
 * keeps, versioned, under the kinds "footer_attribution",
 * "footer_disclosure" and "footer_byline".
 */

#define WD_RENDER_ERROR (wd_render_error_quark ())

typedef enum {
  WD_RENDER_ERROR_CONFIG,     /* the [site] group has a value that cannot be used */
  WD_RENDER_ERROR_STYLESHEET, /* the site stylesheet cannot be read */
  WD_RENDER_ERROR_NO_SOURCE,  /* the brief was not loaded with its source */
  WD_RENDER_ERROR_MARKDOWN,   /* cmark could not parse or render a text */
} WdRenderError;

GQuark wd_render_error_quark (void);

typedef enum {
  WD_RENDER_HTML,
  WD_RENDER_MARKDOWN,
  WD_RENDER_JSONLD,
  WD_RENDER_NINJS,
} WdRenderFormat;

/* "html", "markdown", "jsonld" or "ninjs"; FALSE for anything else. */
gboolean wd_render_format_from_string (const char *str, WdRenderFormat *out);

/* Site settings and footer templates; loaded once, then read-only and
 * usable from any thread. */
typedef struct _WdRenderOptions WdRenderOptions;

WdRenderOptions *wd_render_options_new  (WdStore *store, WdConfig *config, GError **error);
void             wd_render_options_free (WdRenderOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdRenderOptions, wd_render_options_free)

/* What is known of this brief's publication; all may be NULL/0. */
typedef struct {
  const char *public_url;     /* the brief's own public URL once published */
  GDateTime  *published_at;   /* datePublished; NULL = now */
  GDateTime  *modified_at;    /* dateModified; NULL = brief's updated_at */
  WdPolicy   *policy;         /* publisher policy (wd-store.h), NULL = default */
} WdRenderMeta;

char *wd_render_brief   (WdBrief *brief, WdRenderFormat format,
                         const WdRenderOptions *options, const WdRenderMeta *meta,
                         GError **error);
char *wd_render_page    (WdBrief *brief, const WdRenderOptions *options,
                         const WdRenderMeta *meta, GError **error);
char *wd_render_excerpt (WdBrief *brief);
/* The archive kinds of the footer templates, in the order they appear:
 * "footer_attribution", "footer_disclosure", "footer_byline"; the
 * {{variables}} they may use; and a kind's shipped text, translated. */
const char * const *wd_render_list_footer_kinds     (void);
const char * const *wd_render_list_footer_variables (void);
const char         *wd_render_footer_default        (const char *kind);
char *wd_render_slug    (WdBrief *brief);

G_END_DECLS
