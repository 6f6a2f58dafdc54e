/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-context"

#include "wd-context.h"

struct _WdContext
{
  GObject   parent_instance;

  /* owned */
  WdStore  *store;
  WdConfig *config;
};

G_DEFINE_FINAL_TYPE (WdContext, wd_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * wd_context_new:
 * @store: the open archive
 * @config: (nullable): the configuration, or %NULL for an empty one
 *
 * Bundles what the rest of Wiredesk is handed instead of globals.
 *
 * Returns: (transfer full): a new #WdContext
 */
WdContext *
wd_context_new (WdStore  *store,
                WdConfig *config)
{
  g_return_val_if_fail (WD_IS_STORE (store), NULL);
  g_return_val_if_fail (config == NULL || WD_IS_CONFIG (config), NULL);

  return g_object_new (WD_TYPE_CONTEXT,
                       "store", store,
                       "config", config,
                       NULL);
}

/**
 * wd_context_get_store:
 * @self: a #WdContext
 *
 * Returns: (transfer none): the archive
 */
WdStore *
wd_context_get_store (WdContext *self)
{
  g_return_val_if_fail (WD_IS_CONTEXT (self), NULL);

  return self->store;
}

/**
 * wd_context_get_config:
 * @self: a #WdContext
 *
 * Returns: (transfer none): the configuration
 */
WdConfig *
wd_context_get_config (WdContext *self)
{
  g_return_val_if_fail (WD_IS_CONTEXT (self), NULL);

  return self->config;
}

static void
wd_context_dispose (GObject *object)
{
  WdContext *self = (WdContext *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (wd_context_parent_class)->dispose (object);
}

static void
wd_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WdContext *self = WD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WdContext *self = WD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_set_object (&self->store, g_value_get_object (value));
      break;

    case PROP_CONFIG:
      g_set_object (&self->config, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_context_constructed (GObject *object)
{
  WdContext *self = (WdContext *)object;

  G_OBJECT_CLASS (wd_context_parent_class)->constructed (object);

  /* Without a configuration, behave as with an empty file. */
  if (self->config == NULL)
    self->config = wd_config_new_empty ();
}

static void
wd_context_class_init (WdContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = wd_context_constructed;
  object_class->dispose = wd_context_dispose;
  object_class->get_property = wd_context_get_property;
  object_class->set_property = wd_context_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         WD_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL,
                         WD_TYPE_CONFIG,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_context_init (WdContext *self)
{
}
