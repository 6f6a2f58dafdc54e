/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wd-publish-target.h"

/* Apart from wd-publish-target.c so that a test of one kind links without
 * the others. */
WdPublishTarget *
wd_publish_target_new_from_config (WdConfig    *config,
                                   const char  *name,
                                   const char  *secret,
                                   GError     **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *kind = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  names = wd_config_list_named (config, "target");
  if (names == NULL || !g_strv_contains ((const char * const *) names, name))
    {
      /* A configuration made in memory has no file to name. */
      if (wd_config_get_path (config) == NULL)
        g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                     _("There is no publish target “%s”; add a [target %s] group or run “wiredesk-cli target list”."),
                     name, name);
      else
        g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                     _("There is no publish target “%s” in %s; add a [target %s] group or run “wiredesk-cli target list”."),
                     name, wd_config_get_path (config), name);
      return NULL;
    }

  kind = wd_config_dup_named (config, "target", name, "kind");
  if (kind == NULL)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no kind; set kind=wordpress, site-json or static in its group."),
                   name);
      return NULL;
    }

  if (g_str_equal (kind, "wordpress"))
    return wd_target_wordpress_new (config, name, secret, error);
  if (g_str_equal (kind, "site-json"))
    return wd_target_site_new (config, name, secret, error);
  if (g_str_equal (kind, "static"))
    return wd_target_static_new (config, name, error);

  g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
               _("The target “%s” has the unknown kind “%s”; use wordpress, site-json or static."),
               name, kind);
  return NULL;
}
