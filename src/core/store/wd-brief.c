/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-brief"

#include "wd-brief.h"
#include "wd-models-private.h"

struct _WdBrief
{
  GObject parent_instance;

  gint64 id;
  char *uuid;
  char *headline;
  WdBriefStatus status;
  GDateTime *created_at;
  GDateTime *updated_at;
  gint64 source_id;
  char *source_title;
  char *publisher;
  GDateTime *source_published_at;
  char *snippet;
  gboolean loaded;

  /* publication, on a brief loaded in full (wd_store_load_brief()) */
  GDateTime *published_at;
  char *public_url;
  gboolean changed_since_publish;

  WdSource *source;
  GListModel *sections;
  GListModel *mentions;
};

G_DEFINE_FINAL_TYPE (WdBrief, wd_brief, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_HEADLINE,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_SOURCE_ID,
  PROP_SOURCE_TITLE,
  PROP_PUBLISHER,
  PROP_SOURCE_PUBLISHED_AT,
  PROP_TITLE,
  PROP_SNIPPET,
  PROP_LOADED,
  PROP_SOURCE,
  PROP_SECTIONS,
  PROP_MENTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify_prop (WdBrief *self,
             guint    prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
update_string (WdBrief     *self,
               char       **field,
               const char  *value,
               guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  notify_prop (self, prop_id);
}

static void
update_date_time (WdBrief    *self,
                  GDateTime **field,
                  GDateTime  *value,
                  guint       prop_id)
{
  if (*field == value)
    return;
  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  notify_prop (self, prop_id);
}

/**
 * wd_brief_new_placeholder:
 *
 * Creates the stand-in a lazily paged list hands out for a row whose page
 * has not been read yet; wd_brief_update_from() fills it in place.
 *
 * Returns: (transfer full): a brief with id 0 and "loaded" %FALSE
 */
WdBrief *
wd_brief_new_placeholder (void)
{
  return g_object_new (WD_TYPE_BRIEF, "loaded", FALSE, NULL);
}

/* Where the brief went: the first time a target took it (or will, when
 * scheduled), its public address there, and whether the headline or a
 * section changed since it was last sent. Set by the store on a brief it
 * loads in full. */
void
wd_brief_set_publication (WdBrief    *self,
                          GDateTime  *published_at,
                          const char *public_url,
                          gboolean    changed_since_publish)
{
  g_return_if_fail (WD_IS_BRIEF (self));

  g_clear_pointer (&self->published_at, g_date_time_unref);
  self->published_at = published_at != NULL ? g_date_time_ref (published_at) : NULL;
  g_free (self->public_url);
  self->public_url = g_strdup (public_url);
  self->changed_since_publish = changed_since_publish;
}

/**
 * wd_brief_get_published_at:
 * @self: a #WdBrief loaded in full
 *
 * Returns: (nullable): when the brief went (or goes, scheduled) to its
 *   first target, or %NULL when it is on none
 */
GDateTime *
wd_brief_get_published_at (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->published_at;
}

/**
 * wd_brief_get_public_url:
 * @self: a #WdBrief loaded in full
 *
 * Returns: (nullable): the brief's address on that target
 */
const char *
wd_brief_get_public_url (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->public_url;
}

/**
 * wd_brief_get_changed_since_publish:
 * @self: a #WdBrief loaded in full
 *
 * Returns: whether a published brief was edited after it was last sent
 */
gboolean
wd_brief_get_changed_since_publish (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), FALSE);
  return self->changed_since_publish;
}

/**
 * wd_brief_update_from:
 * @self: the brief to change, typically a placeholder
 * @loaded: a list row freshly read from the archive
 *
 * Copies every list-row field of @loaded into @self and marks @self as
 * loaded. Only the properties whose value changed notify, and they do so
 * together once every field is in place, so a handler never sees a
 * half-updated row. The source, sections and mentions are not list-row
 * fields and stay as they are.
 */
void
wd_brief_update_from (WdBrief *self,
                      WdBrief *loaded)
{
  g_autofree char *old_title = NULL;

  g_return_if_fail (WD_IS_BRIEF (self));
  g_return_if_fail (WD_IS_BRIEF (loaded));

  if (self == loaded)
    return;

  old_title = g_strdup (wd_brief_get_title (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->id != loaded->id)
    {
      self->id = loaded->id;
      notify_prop (self, PROP_ID);
    }

  update_string (self, &self->uuid, loaded->uuid, PROP_UUID);
  update_string (self, &self->headline, loaded->headline, PROP_HEADLINE);

  if (self->status != loaded->status)
    {
      self->status = loaded->status;
      notify_prop (self, PROP_STATUS);
    }

  update_date_time (self, &self->created_at, loaded->created_at, PROP_CREATED_AT);
  update_date_time (self, &self->updated_at, loaded->updated_at, PROP_UPDATED_AT);

  if (self->source_id != loaded->source_id)
    {
      self->source_id = loaded->source_id;
      notify_prop (self, PROP_SOURCE_ID);
    }

  update_string (self, &self->source_title, loaded->source_title, PROP_SOURCE_TITLE);
  update_string (self, &self->publisher, loaded->publisher, PROP_PUBLISHER);
  update_date_time (self, &self->source_published_at, loaded->source_published_at,
                    PROP_SOURCE_PUBLISHED_AT);
  update_string (self, &self->snippet, loaded->snippet, PROP_SNIPPET);

  if (g_strcmp0 (old_title, wd_brief_get_title (self)) != 0)
    notify_prop (self, PROP_TITLE);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      notify_prop (self, PROP_LOADED);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * wd_brief_set_snippet:
 * @self: a #WdBrief
 * @snippet: (nullable): the search snippet
 *
 * Sets the text excerpt a search found the brief by; for the store only.
 */
void
wd_brief_set_snippet (WdBrief    *self,
                      const char *snippet)
{
  g_return_if_fail (WD_IS_BRIEF (self));
  update_string (self, &self->snippet, snippet, PROP_SNIPPET);
}

/**
 * wd_brief_get_id:
 * @self: a #WdBrief
 *
 * Gets the archive id of the brief.
 *
 * Returns: the id, 0 for a placeholder
 */
gint64
wd_brief_get_id (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), 0);
  return self->id;
}

/**
 * wd_brief_get_uuid:
 * @self: a #WdBrief
 *
 * Gets the brief's UUID, which stays the same across archives and is what
 * publish targets know the brief by.
 *
 * Returns: (nullable): the UUID
 */
const char *
wd_brief_get_uuid (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->uuid;
}

/**
 * wd_brief_get_headline:
 * @self: a #WdBrief
 *
 * Gets the brief's own headline, which is empty until drafted or written.
 *
 * Returns: (nullable): the headline
 */
const char *
wd_brief_get_headline (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->headline;
}

/**
 * wd_brief_get_status:
 * @self: a #WdBrief
 *
 * Gets where the brief is in the pipeline.
 *
 * Returns: the status
 */
WdBriefStatus
wd_brief_get_status (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), WD_BRIEF_STATUS_INBOX);
  return self->status;
}

/**
 * wd_brief_get_created_at:
 * @self: a #WdBrief
 *
 * Gets when the brief was created.
 *
 * Returns: (nullable) (transfer none): the time in UTC
 */
GDateTime *
wd_brief_get_created_at (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->created_at;
}

/**
 * wd_brief_get_updated_at:
 * @self: a #WdBrief
 *
 * Gets when the brief last changed.
 *
 * Returns: (nullable) (transfer none): the time in UTC
 */
GDateTime *
wd_brief_get_updated_at (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->updated_at;
}

/**
 * wd_brief_get_source_id:
 * @self: a #WdBrief
 *
 * Gets the id of the brief's primary source.
 *
 * Returns: the source id
 */
gint64
wd_brief_get_source_id (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), 0);
  return self->source_id;
}

/**
 * wd_brief_get_source_title:
 * @self: a #WdBrief
 *
 * Gets the title of the brief's primary source.
 *
 * Returns: (nullable): the source title
 */
const char *
wd_brief_get_source_title (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->source_title;
}

/**
 * wd_brief_get_publisher:
 * @self: a #WdBrief
 *
 * Gets the name of the source's publisher.
 *
 * Returns: (nullable): the publisher
 */
const char *
wd_brief_get_publisher (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->publisher;
}

/**
 * wd_brief_get_source_published_at:
 * @self: a #WdBrief
 *
 * Gets when the publisher published the source.
 *
 * Returns: (nullable) (transfer none): the time in UTC
 */
GDateTime *
wd_brief_get_source_published_at (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->source_published_at;
}

/**
 * wd_brief_get_title:
 * @self: a #WdBrief
 *
 * Gets what a list shows for the brief: its headline, or while that is
 * still empty, the source's title.
 *
 * Returns: (nullable): the title
 */
const char *
wd_brief_get_title (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);

  if (self->headline != NULL && self->headline[0] != '\0')
    return self->headline;
  return self->source_title;
}

/**
 * wd_brief_get_snippet:
 * @self: a #WdBrief
 *
 * Gets the excerpt a search matched, with the matched words marked.
 *
 * Returns: (nullable): the snippet, %NULL outside search results
 */
const char *
wd_brief_get_snippet (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->snippet;
}

/**
 * wd_brief_get_loaded:
 * @self: a #WdBrief
 *
 * Gets whether the brief's fields are there, or it is still a placeholder
 * for a list row whose page is on its way.
 *
 * Returns: %FALSE for a placeholder
 */
gboolean
wd_brief_get_loaded (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), FALSE);
  return self->loaded;
}

/**
 * wd_brief_get_source:
 * @self: a #WdBrief
 *
 * Gets the primary source of a brief from wd_store_load_brief().
 *
 * Returns: (nullable) (transfer none): the source, %NULL on a list row
 */
WdSource *
wd_brief_get_source (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->source;
}

/**
 * wd_brief_get_sections:
 * @self: a #WdBrief
 *
 * Gets the sections of a brief from wd_store_load_brief(), in position
 * order.
 *
 * Returns: (transfer none): a list of #WdSection, empty on a list row
 */
GListModel *
wd_brief_get_sections (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->sections;
}

/**
 * wd_brief_get_mentions:
 * @self: a #WdBrief
 *
 * Gets the mentions attached to a brief from wd_store_load_brief().
 *
 * Returns: (transfer none): a list of #WdMention, empty on a list row
 */
GListModel *
wd_brief_get_mentions (WdBrief *self)
{
  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);
  return self->mentions;
}

/**
 * wd_brief_get_section:
 * @self: a #WdBrief
 * @kind: the section wanted
 *
 * Finds the section of @kind among the brief's sections.
 *
 * Returns: (nullable) (transfer none): the section, or %NULL when the brief
 *   has none of that kind (or is a list row)
 */
WdSection *
wd_brief_get_section (WdBrief       *self,
                      WdSectionKind  kind)
{
  guint n;

  g_return_val_if_fail (WD_IS_BRIEF (self), NULL);

  n = g_list_model_get_n_items (self->sections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(WdSection) section = g_list_model_get_item (self->sections, i);

      /* The list keeps its own reference, so the borrowed pointer stays
       * valid as long as the brief. */
      if (wd_section_get_kind (section) == kind)
        return section;
    }

  return NULL;
}

static void
wd_brief_constructed (GObject *object)
{
  WdBrief *self = (WdBrief *)object;

  G_OBJECT_CLASS (wd_brief_parent_class)->constructed (object);

  /* Callers can bind to the lists of any brief without a NULL check. */
  if (self->sections == NULL)
    self->sections = G_LIST_MODEL (g_list_store_new (WD_TYPE_SECTION));
  if (self->mentions == NULL)
    self->mentions = G_LIST_MODEL (g_list_store_new (WD_TYPE_MENTION));
}

static void
wd_brief_dispose (GObject *object)
{
  WdBrief *self = (WdBrief *)object;

  g_clear_object (&self->source);
  g_clear_object (&self->sections);
  g_clear_object (&self->mentions);

  G_OBJECT_CLASS (wd_brief_parent_class)->dispose (object);
}

static void
wd_brief_finalize (GObject *object)
{
  WdBrief *self = (WdBrief *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->headline, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_clear_pointer (&self->source_title, g_free);
  g_clear_pointer (&self->publisher, g_free);
  g_clear_pointer (&self->source_published_at, g_date_time_unref);
  g_clear_pointer (&self->snippet, g_free);
  g_clear_pointer (&self->published_at, g_date_time_unref);
  g_clear_pointer (&self->public_url, g_free);

  G_OBJECT_CLASS (wd_brief_parent_class)->finalize (object);
}

static void
wd_brief_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  WdBrief *self = WD_BRIEF (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;

    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;

    case PROP_SOURCE_ID:
      g_value_set_int64 (value, self->source_id);
      break;

    case PROP_SOURCE_TITLE:
      g_value_set_string (value, self->source_title);
      break;

    case PROP_PUBLISHER:
      g_value_set_string (value, self->publisher);
      break;

    case PROP_SOURCE_PUBLISHED_AT:
      g_value_set_boxed (value, self->source_published_at);
      break;

    case PROP_TITLE:
      g_value_set_string (value, wd_brief_get_title (self));
      break;

    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;

    case PROP_SECTIONS:
      g_value_set_object (value, self->sections);
      break;

    case PROP_MENTIONS:
      g_value_set_object (value, self->mentions);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  WdBrief *self = WD_BRIEF (object);

  /* All construct-only: set once, before anyone can listen. */
  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_UUID:
      g_free (self->uuid);
      self->uuid = g_value_dup_string (value);
      break;

    case PROP_HEADLINE:
      g_free (self->headline);
      self->headline = g_value_dup_string (value);
      break;

    case PROP_STATUS:
      self->status = g_value_get_enum (value);
      break;

    case PROP_CREATED_AT:
      g_clear_pointer (&self->created_at, g_date_time_unref);
      self->created_at = g_value_dup_boxed (value);
      break;

    case PROP_UPDATED_AT:
      g_clear_pointer (&self->updated_at, g_date_time_unref);
      self->updated_at = g_value_dup_boxed (value);
      break;

    case PROP_SOURCE_ID:
      self->source_id = g_value_get_int64 (value);
      break;

    case PROP_SOURCE_TITLE:
      g_free (self->source_title);
      self->source_title = g_value_dup_string (value);
      break;

    case PROP_PUBLISHER:
      g_free (self->publisher);
      self->publisher = g_value_dup_string (value);
      break;

    case PROP_SOURCE_PUBLISHED_AT:
      g_clear_pointer (&self->source_published_at, g_date_time_unref);
      self->source_published_at = g_value_dup_boxed (value);
      break;

    case PROP_SNIPPET:
      g_free (self->snippet);
      self->snippet = g_value_dup_string (value);
      break;

    case PROP_LOADED:
      self->loaded = g_value_get_boolean (value);
      break;

    case PROP_SOURCE:
      g_set_object (&self->source, g_value_get_object (value));
      break;

    case PROP_SECTIONS:
      g_set_object (&self->sections, g_value_get_object (value));
      break;

    case PROP_MENTIONS:
      g_set_object (&self->mentions, g_value_get_object (value));
      break;

    case PROP_TITLE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_brief_class_init (WdBriefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  /* The store builds briefs with g_object_new(); afterwards only
   * wd_brief_update_from() and wd_brief_set_snippet() change them. */
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                             G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  object_class->constructed = wd_brief_constructed;
  object_class->dispose = wd_brief_dispose;
  object_class->finalize = wd_brief_finalize;
  object_class->get_property = wd_brief_get_property;
  object_class->set_property = wd_brief_set_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_HEADLINE] =
    g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, WD_TYPE_BRIEF_STATUS, WD_BRIEF_STATUS_INBOX,
                       flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_SOURCE_ID] =
    g_param_spec_int64 ("source-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SOURCE_TITLE] =
    g_param_spec_string ("source-title", NULL, NULL, NULL, flags);
  properties[PROP_PUBLISHER] =
    g_param_spec_string ("publisher", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_PUBLISHED_AT] =
    g_param_spec_boxed ("source-published-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_SNIPPET] =
    g_param_spec_string ("snippet", NULL, NULL, NULL, flags);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, TRUE, flags);
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, WD_TYPE_SOURCE, flags);
  properties[PROP_SECTIONS] =
    g_param_spec_object ("sections", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_MENTIONS] =
    g_param_spec_object ("mentions", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_brief_init (WdBrief *self)
{
  self->loaded = TRUE;
  self->status = WD_BRIEF_STATUS_INBOX;
}
