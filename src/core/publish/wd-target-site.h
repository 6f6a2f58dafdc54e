/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "wd-publish-target.h"

G_BEGIN_DECLS

/*
 * The client of the site's own backend (kind=site-json), as specified in
 * docs/site-backend-api.md: PUT, GET and DELETE of /briefs/{uuid} with a
 * bearer token. put() is idempotent by the brief's uuid, which is also the
 * remote id. Keys of [target NAME]: url= (required, http or https),
 * timeout= (seconds, default WD_TARGET_SITE_DEFAULT_TIMEOUT).
 */

#define WD_TARGET_SITE_DEFAULT_TIMEOUT 30

#define WD_TYPE_TARGET_SITE (wd_target_site_get_type ())
G_DECLARE_FINAL_TYPE (WdTargetSite, wd_target_site, WD, TARGET_SITE, WdPublishTarget)

const char *wd_target_site_get_url     (WdTargetSite *self);
guint       wd_target_site_get_timeout (WdTargetSite *self);

/* The brief document that PUT sends for @item (a JSON object). */
JsonNode   *wd_target_site_build_document (const WdPublishItem *item);

G_END_DECLS
