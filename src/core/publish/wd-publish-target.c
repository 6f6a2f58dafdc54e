/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "wd-publish-target.h"

G_DEFINE_QUARK (wd-publish-error-quark, wd_publish_error)

gboolean
wd_publish_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != WD_PUBLISH_ERROR)
    return FALSE;
  return error->code == WD_PUBLISH_ERROR_NETWORK || error->code == WD_PUBLISH_ERROR_SERVER;
}

void
wd_publish_item_free (WdPublishItem *item)
{
  if (item == NULL)
    return;
  g_free (item->key);
  g_free (item->uuid);
  g_free (item->slug);
  g_free (item->headline);
  g_free (item->excerpt);
  g_free (item->html);
  g_free (item->markdown);
  g_free (item->jsonld);
  g_free (item->lang);
  g_strfreev (item->tags);
  g_clear_object (&item->brief);
  g_clear_pointer (&item->policy, wd_policy_free);
  for (guint i = 0; i < WD_SECTION_N_KINDS; i++)
    {
      g_free (item->provenance[i].backend);
      g_free (item->provenance[i].model);
    }
  g_clear_pointer (&item->publish_at, g_date_time_unref);
  g_clear_pointer (&item->modified_at, g_date_time_unref);
  g_free (item);
}

WdRemotePost *
wd_remote_post_new (const char *remote_id,
                    const char *url,
                    const char *status)
{
  WdRemotePost *post = g_new0 (WdRemotePost, 1);

  post->remote_id = g_strdup (remote_id);
  post->url = g_strdup (url);
  post->status = g_strdup (status);
  return post;
}

void
wd_remote_post_free (WdRemotePost *post)
{
  if (post == NULL)
    return;
  g_free (post->remote_id);
  g_free (post->url);
  g_free (post->status);
  g_free (post);
}

typedef struct
{
  char *name;
  char *kind;
} WdPublishTargetPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (WdPublishTarget, wd_publish_target, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wd_publish_target_finalize (GObject *object)
{
  WdPublishTarget *self = WD_PUBLISH_TARGET (object);
  WdPublishTargetPrivate *priv = wd_publish_target_get_instance_private (self);

  g_free (priv->name);
  g_free (priv->kind);

  G_OBJECT_CLASS (wd_publish_target_parent_class)->finalize (object);
}

static void
wd_publish_target_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WdPublishTarget *self = WD_PUBLISH_TARGET (object);
  WdPublishTargetPrivate *priv = wd_publish_target_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_KIND:
      g_value_set_string (value, priv->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_publish_target_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WdPublishTarget *self = WD_PUBLISH_TARGET (object);
  WdPublishTargetPrivate *priv = wd_publish_target_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      break;
    case PROP_KIND:
      g_free (priv->kind);
      priv->kind = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_publish_target_class_init (WdPublishTargetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_publish_target_finalize;
  object_class->get_property = wd_publish_target_get_property;
  object_class->set_property = wd_publish_target_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_publish_target_init (WdPublishTarget *self)
{
}

const char *
wd_publish_target_get_name (WdPublishTarget *self)
{
  WdPublishTargetPrivate *priv = wd_publish_target_get_instance_private (self);

  g_return_val_if_fail (WD_IS_PUBLISH_TARGET (self), NULL);
  return priv->name;
}

const char *
wd_publish_target_get_kind (WdPublishTarget *self)
{
  WdPublishTargetPrivate *priv = wd_publish_target_get_instance_private (self);

  g_return_val_if_fail (WD_IS_PUBLISH_TARGET (self), NULL);
  return priv->kind;
}

gboolean
wd_publish_target_find (WdPublishTarget      *self,
                        const WdPublishItem  *item,
                        WdRemotePost        **out,
                        GCancellable         *cancellable,
                        GError              **error)
{
  WdPublishTargetClass *klass;

  g_return_val_if_fail (WD_IS_PUBLISH_TARGET (self), FALSE);
  g_return_val_if_fail (item != NULL && out != NULL, FALSE);

  *out = NULL;
  klass = WD_PUBLISH_TARGET_GET_CLASS (self);
  if (klass->find == NULL)
    return TRUE;
  return klass->find (self, item, out, cancellable, error);
}

WdRemotePost *
wd_publish_target_put (WdPublishTarget      *self,
                       const WdPublishItem  *item,
                       const char           *remote_id,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_return_val_if_fail (WD_IS_PUBLISH_TARGET (self), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  return WD_PUBLISH_TARGET_GET_CLASS (self)->put (self, item, remote_id, cancellable, error);
}

gboolean
wd_publish_target_unpublish (WdPublishTarget      *self,
                             const WdPublishItem  *item,
                             const char           *remote_id,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_return_val_if_fail (WD_IS_PUBLISH_TARGET (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  return WD_PUBLISH_TARGET_GET_CLASS (self)->unpublish (self, item, remote_id,
                                                        cancellable, error);
}

char *
wd_publish_target_test (WdPublishTarget  *self,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_return_val_if_fail (WD_IS_PUBLISH_TARGET (self), NULL);

  return WD_PUBLISH_TARGET_GET_CLASS (self)->test (self, cancellable, error);
}
