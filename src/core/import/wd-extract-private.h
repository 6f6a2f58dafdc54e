/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "import/wd-extract.h"

G_BEGIN_DECLS

/* Shared by wd-extract.c (public API), wd-extract-body.c (finding the
 * article), wd-extract-markdown.c (rendering it) and wd-extract-meta.c
 * (metadata). */

/* Lower-cased element name, "" for anything that is not an element. */
const char *wd_extract_node_name     (xmlNode    *node);
/* An attribute's value (a copy), or NULL. */
char       *wd_extract_get_attr      (xmlNode    *node,
                                      const char *name);
/* An attribute's value without copying it ("" for a bare attribute), or
 * NULL; valid while the node lives. */
const char *wd_extract_peek_attr     (xmlNode    *node,
                                      const char *name);
/* The text inside @node, white space normalised. */
char       *wd_extract_node_text     (xmlNode    *node);
/* The next node in document order below @root, or NULL; skips the
 * children of @node when @skip_children. Iterates, so deep trees are safe. */
xmlNode    *wd_extract_next_node     (xmlNode    *node,
                                      xmlNode    *root,
                                      gboolean    skip_children);

/* Fills the metadata fields of @out from the whole document. Returns the
 * base URL relative links resolve against (<base href> honoured). */
char       *wd_extract_collect_meta  (htmlDocPtr    doc,
                                      const char   *base_url,
                                      WdExtraction *out);
char       *wd_extract_resolve_url   (const char *base,
                                      const char *href);
char       *wd_extract_clean_url     (const char *url);
char       *wd_extract_normalize_date (const char *value);
/* The share of @b's text (by length of its words) that @a also has. */
double      wd_extract_text_similarity (const char *a,
                                        const char *b);

/* Filters of one extraction attempt; later attempts drop some. */
enum {
  WD_EXTRACT_FLAG_STRIP_UNLIKELY = 1 << 0,
  WD_EXTRACT_FLAG_WEIGHT_CLASSES = 1 << 1,
  WD_EXTRACT_FLAG_CLEAN_CONDITIONALLY = 1 << 2,
};

/* Whether @name (lower case) is a block-level element. */
gboolean    wd_extract_is_block      (const char *name);
/* Whether @node is an <a> that goes somewhere (not "javascript:"). */
gboolean    wd_extract_is_real_link  (xmlNode    *node);
/* One extraction attempt with @flags on a fresh parse: finds the article
 * and returns it as Markdown. Takes and frees @doc. */
char       *wd_extract_body          (htmlDocPtr  doc,
                                      guint       flags,
                                      const char *title,
                                      double     *out_link_density);
/* Renders @root as Markdown; @out_link_density gets the share of text
 * inside links. */
char       *wd_extract_render_markdown (xmlNode *root,
                                        double  *out_link_density);

G_END_DECLS
