/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "import/wd-extract.h"

G_BEGIN_DECLS

/* Shared by wd-extract.c (the body) and wd-extract-meta.c (metadata). */

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

G_END_DECLS
