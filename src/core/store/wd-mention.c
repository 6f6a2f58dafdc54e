/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-mention"

#include "wd-mention.h"

struct _WdMention
{
  GObject parent_instance;

  gint64 id;
  char *name;
  WdMentionKind kind;
  char *slug;
  char **aliases;
  WdOrigin origin;
  guint brief_count;
};

G_DEFINE_FINAL_TYPE (WdMention, wd_mention, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_SLUG,
  PROP_ALIASES,
  PROP_ORIGIN,
  PROP_BRIEF_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * wd_mention_slugify:
 * @name: a mention's name
 *
 * Makes the URL-safe slug of @name: accents are folded to ASCII, letters
 * lower-cased, and every run of other characters becomes one '-', with
 * none at either end ("Zürich AG" gives "zurich-ag"). A name with nothing
 * foldable to ASCII (a name in Chinese, say) gives "mention", so a slug is
 * never empty.
 *
 * Returns: (transfer full): the slug
 */
char *
wd_mention_slugify (const char *name)
{
  g_autofree char *ascii = NULL;
  GString *slug;
  gboolean pending_dash = FALSE;

  g_return_val_if_fail (name != NULL, NULL);

  /* The "C" locale gives the same folding whatever the user's locale is,
   * so a slug stays stable between machines. */
  ascii = g_str_to_ascii (name, "C");
  slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending_dash && slug->len > 0)
            g_string_append_c (slug, '-');
          pending_dash = FALSE;
          g_string_append_c (slug, g_ascii_tolower (*p));
        }
      else
        {
          pending_dash = TRUE;
        }
    }

  if (slug->len == 0)
    g_string_append (slug, "mention");

  return g_string_free (slug, FALSE);
}

/**
 * wd_mention_get_id:
 * @self: a #WdMention
 *
 * Gets the catalog id of the mention.
 *
 * Returns: the id
 */
gint64
wd_mention_get_id (WdMention *self)
{
  g_return_val_if_fail (WD_IS_MENTION (self), 0);
  return self->id;
}

/**
 * wd_mention_get_name:
 * @self: a #WdMention
 *
 * Gets the mention's display name.
 *
 * Returns: (nullable): the name
 */
const char *
wd_mention_get_name (WdMention *self)
{
  g_return_val_if_fail (WD_IS_MENTION (self), NULL);
  return self->name;
}

/**
 * wd_mention_get_kind:
 * @self: a #WdMention
 *
 * Gets what the mention names: a publication, a person, a place, ...
 *
 * Returns: the kind
 */
WdMentionKind
wd_mention_get_kind (WdMention *self)
{
  g_return_val_if_fail (WD_IS_MENTION (self), WD_MENTION_TOPIC);
  return self->kind;
}

/**
 * wd_mention_get_slug:
 * @self: a #WdMention
 *
 * Gets the URL-safe slug; when the store gave none, the one
 * wd_mention_slugify() makes of the name.
 *
 * Returns: (nullable): the slug, %NULL only when the mention has no name
 */
const char *
wd_mention_get_slug (WdMention *self)
{
  g_return_val_if_fail (WD_IS_MENTION (self), NULL);
  return self->slug;
}

/**
 * wd_mention_get_aliases:
 * @self: a #WdMention
 *
 * Gets the other names the mention is known by.
 *
 * Returns: (transfer none): a %NULL-terminated array, possibly empty
 */
const char * const *
wd_mention_get_aliases (WdMention *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (WD_IS_MENTION (self), none);

  if (self->aliases == NULL)
    return none;
  return (const char * const *) self->aliases;
}

/**
 * wd_mention_get_origin:
 * @self: a #WdMention
 *
 * Gets who attached the mention to the brief it was listed for.
 *
 * Returns: the origin; meaningless for a catalog entry
 */
WdOrigin
wd_mention_get_origin (WdMention *self)
{
  g_return_val_if_fail (WD_IS_MENTION (self), WD_ORIGIN_AI);
  return self->origin;
}

/**
 * wd_mention_get_brief_count:
 * @self: a #WdMention
 *
 * Gets how many briefs carry the mention, as counted when the catalog was
 * listed.
 *
 * Returns: the count; 0 when not listed from the catalog
 */
guint
wd_mention_get_brief_count (WdMention *self)
{
  g_return_val_if_fail (WD_IS_MENTION (self), 0);
  return self->brief_count;
}

static void
wd_mention_constructed (GObject *object)
{
  WdMention *self = (WdMention *)object;

  G_OBJECT_CLASS (wd_mention_parent_class)->constructed (object);

  if (self->slug == NULL && self->name != NULL)
    self->slug = wd_mention_slugify (self->name);
}

static void
wd_mention_finalize (GObject *object)
{
  WdMention *self = (WdMention *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->slug, g_free);
  g_clear_pointer (&self->aliases, g_strfreev);

  G_OBJECT_CLASS (wd_mention_parent_class)->finalize (object);
}

static void
wd_mention_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WdMention *self = WD_MENTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_SLUG:
      g_value_set_string (value, self->slug);
      break;

    case PROP_ALIASES:
      g_value_set_boxed (value, wd_mention_get_aliases (self));
      break;

    case PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;

    case PROP_BRIEF_COUNT:
      g_value_set_uint (value, self->brief_count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_mention_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WdMention *self = WD_MENTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_SLUG:
      g_free (self->slug);
      self->slug = g_value_dup_string (value);
      break;

    case PROP_ALIASES:
      g_strfreev (self->aliases);
      self->aliases = g_value_dup_boxed (value);
      break;

    case PROP_ORIGIN:
      self->origin = g_value_get_enum (value);
      break;

    case PROP_BRIEF_COUNT:
      self->brief_count = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_mention_class_init (WdMentionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  /* A snapshot of a catalog row: the store sets everything at
   * construction, and a change is a new object. */
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  object_class->constructed = wd_mention_constructed;
  object_class->finalize = wd_mention_finalize;
  object_class->get_property = wd_mention_get_property;
  object_class->set_property = wd_mention_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, WD_TYPE_MENTION_KIND, WD_MENTION_TOPIC, flags);
  properties[PROP_SLUG] =
    g_param_spec_string ("slug", NULL, NULL, NULL, flags);
  properties[PROP_ALIASES] =
    g_param_spec_boxed ("aliases", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL, WD_TYPE_ORIGIN, WD_ORIGIN_AI, flags);
  properties[PROP_BRIEF_COUNT] =
    g_param_spec_uint ("brief-count", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_mention_init (WdMention *self)
{
  self->kind = WD_MENTION_TOPIC;
}
