/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-publish-target.h"

G_BEGIN_DECLS

/*
 * A directory a static site generator or a web server reads
 * (kind=static). Per brief: DIR/<slug>/index.html (a whole page),
 * DIR/<slug>.md, and one entry in DIR/index.json, an array of
 * {uuid, slug, headline, excerpt, url, published_at, modified_at} with
 * one entry per uuid. Every file is replaced atomically (a temporary file,
 * then rename), and index.json is written after the page and before any
 * old file is removed, so a crash leaves it naming only pages that exist.
 *
 * Keys of [target NAME]: dir= (required; "~/" is the home directory; made
 * when missing) and base-url= (optional; also read as base_url=): the
 * public URL of the directory, so a post's URL is base-url + slug + "/";
 * without it, the page's file:// URI. The remote id is the slug.
 */

#define WD_TYPE_TARGET_STATIC (wd_target_static_get_type ())
G_DECLARE_FINAL_TYPE (WdTargetStatic, wd_target_static, WD, TARGET_STATIC, WdPublishTarget)

const char *wd_target_static_get_dir (WdTargetStatic *self);

G_END_DECLS
