/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-publish-target.h"

G_BEGIN_DECLS

/*
 * A WordPress site through its REST API (kind=wordpress), authenticated
 * with an Application Password (the target's secret; WordPress 5.6+).
 *
 * Keys of [target NAME]:
 *   url=              the site's address, http or https (required)
 *   user=             the WordPress user name (required)
 *   status=           publish (default), draft, pending or private: what a
 *                     brief becomes; a scheduled brief is "future" instead
 *                     of "publish"
 *   connect-timeout=  seconds to wait for a connection (default 15)
 *   idle-timeout=     seconds the server may stay silent (default 60)
 *
 * Every route is reached as URL/?rest_route=/wp/v2/…, which every WordPress
 * since 4.4 answers whether or not pretty permalinks are on, so no
 * discovery request is needed. The remote id is the post id; the
 * idempotency key is the item's unique slug (find() looks it up).
 */

#define WD_TARGET_WORDPRESS_DEFAULT_CONNECT_TIMEOUT 15
#define WD_TARGET_WORDPRESS_DEFAULT_IDLE_TIMEOUT    60

#define WD_TYPE_TARGET_WORDPRESS (wd_target_wordpress_get_type ())
G_DECLARE_FINAL_TYPE (WdTargetWordpress, wd_target_wordpress, WD, TARGET_WORDPRESS,
                      WdPublishTarget)

const char *wd_target_wordpress_get_url  (WdTargetWordpress *self);
const char *wd_target_wordpress_get_user (WdTargetWordpress *self);

G_END_DECLS
