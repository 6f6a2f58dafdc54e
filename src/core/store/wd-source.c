/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-source"

#include "wd-source.h"
#include "wd-models-private.h"

struct _WdSource
{
  GObject parent_instance;

  gint64 id;
  char *url;
  char *canonical_url;
  char *publisher_name;
  char *publisher_domain;
  char *title;
  char *byline;
  GDateTime *published_at;
  char *language;
  char *text;
  char *content_hash;
  GDateTime *fetched_at;
};

G_DEFINE_FINAL_TYPE (WdSource, wd_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_URL,
  PROP_CANONICAL_URL,
  PROP_PUBLISHER_NAME,
  PROP_PUBLISHER_DOMAIN,
  PROP_TITLE,
  PROP_BYLINE,
  PROP_PUBLISHED_AT,
  PROP_LANGUAGE,
  PROP_TEXT,
  PROP_CONTENT_HASH,
  PROP_FETCHED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Returns TRUE when the stored string changed, so callers notify only
 * then. */
static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
replace_date_time (GDateTime **field,
                   GDateTime  *value)
{
  if (*field == value)
    return FALSE;
  if (*field != NULL && value != NULL && g_date_time_equal (*field, value))
    return FALSE;

  g_clear_pointer (field, g_date_time_unref);
  if (value != NULL)
    *field = g_date_time_ref (value);
  return TRUE;
}

static void
set_string_property (WdSource    *self,
                     char       **field,
                     const char  *value,
                     guint        prop_id)
{
  if (replace_string (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_date_time_property (WdSource   *self,
                        GDateTime **field,
                        GDateTime  *value,
                        guint       prop_id)
{
  if (replace_date_time (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/**
 * wd_source_new:
 *
 * Creates an empty source, not yet stored (its id is 0), for an importer
 * or a test to fill in and hand to wd_store_add_source().
 *
 * Returns: (transfer full): a new #WdSource
 */
WdSource *
wd_source_new (void)
{
  return g_object_new (WD_TYPE_SOURCE, NULL);
}

/**
 * wd_source_get_id:
 * @self: a #WdSource
 *
 * Gets the archive id of the source, 0 while it has not been stored.
 *
 * Returns: the id
 */
gint64
wd_source_get_id (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), 0);
  return self->id;
}

/**
 * wd_source_set_id:
 * @self: a #WdSource
 * @id: the archive id
 *
 * Records the id the store gave the source; for the store only.
 */
void
wd_source_set_id (WdSource *self,
                  gint64    id)
{
  g_return_if_fail (WD_IS_SOURCE (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/**
 * wd_source_get_url:
 * @self: a #WdSource
 *
 * Gets the address the source was fetched from.
 *
 * Returns: (nullable): the URL
 */
const char *
wd_source_get_url (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->url;
}

/**
 * wd_source_set_url:
 * @self: a #WdSource
 * @url: (nullable): the address the source was fetched from
 *
 * Sets the address the source was fetched from.
 */
void
wd_source_set_url (WdSource   *self,
                   const char *url)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->url, url, PROP_URL);
}

/**
 * wd_source_get_canonical_url:
 * @self: a #WdSource
 *
 * Gets the canonical address the page declares for itself.
 *
 * Returns: (nullable): the canonical URL
 */
const char *
wd_source_get_canonical_url (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->canonical_url;
}

/**
 * wd_source_set_canonical_url:
 * @self: a #WdSource
 * @canonical_url: (nullable): the canonical address
 *
 * Sets the canonical address the page declares for itself.
 */
void
wd_source_set_canonical_url (WdSource   *self,
                             const char *canonical_url)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->canonical_url, canonical_url, PROP_CANONICAL_URL);
}

/**
 * wd_source_get_publisher_name:
 * @self: a #WdSource
 *
 * Gets the publisher's display name, as the footer attributes it.
 *
 * Returns: (nullable): the publisher name
 */
const char *
wd_source_get_publisher_name (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->publisher_name;
}

/**
 * wd_source_set_publisher_name:
 * @self: a #WdSource
 * @publisher_name: (nullable): the publisher's display name
 *
 * Sets the publisher's display name.
 */
void
wd_source_set_publisher_name (WdSource   *self,
                              const char *publisher_name)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->publisher_name, publisher_name, PROP_PUBLISHER_NAME);
}

/**
 * wd_source_get_publisher_domain:
 * @self: a #WdSource
 *
 * Gets the publisher's domain, the key of its summarization policy.
 *
 * Returns: (nullable): the domain
 */
const char *
wd_source_get_publisher_domain (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->publisher_domain;
}

/**
 * wd_source_set_publisher_domain:
 * @self: a #WdSource
 * @publisher_domain: (nullable): the publisher's domain
 *
 * Sets the publisher's domain.
 */
void
wd_source_set_publisher_domain (WdSource   *self,
                                const char *publisher_domain)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->publisher_domain, publisher_domain,
                       PROP_PUBLISHER_DOMAIN);
}

/**
 * wd_source_get_title:
 * @self: a #WdSource
 *
 * Gets the article's title.
 *
 * Returns: (nullable): the title
 */
const char *
wd_source_get_title (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->title;
}

/**
 * wd_source_set_title:
 * @self: a #WdSource
 * @title: (nullable): the article's title
 *
 * Sets the article's title.
 */
void
wd_source_set_title (WdSource   *self,
                     const char *title)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->title, title, PROP_TITLE);
}

/**
 * wd_source_get_byline:
 * @self: a #WdSource
 *
 * Gets the article's byline (its authors).
 *
 * Returns: (nullable): the byline
 */
const char *
wd_source_get_byline (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->byline;
}

/**
 * wd_source_set_byline:
 * @self: a #WdSource
 * @byline: (nullable): the article's byline
 *
 * Sets the article's byline.
 */
void
wd_source_set_byline (WdSource   *self,
                      const char *byline)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->byline, byline, PROP_BYLINE);
}

/**
 * wd_source_get_published_at:
 * @self: a #WdSource
 *
 * Gets when the publisher published the article.
 *
 * Returns: (nullable) (transfer none): the time in UTC
 */
GDateTime *
wd_source_get_published_at (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->published_at;
}

/**
 * wd_source_set_published_at:
 * @self: a #WdSource
 * @published_at: (nullable): when the article was published
 *
 * Sets when the publisher published the article.
 */
void
wd_source_set_published_at (WdSource  *self,
                            GDateTime *published_at)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_date_time_property (self, &self->published_at, published_at, PROP_PUBLISHED_AT);
}

/**
 * wd_source_get_language:
 * @self: a #WdSource
 *
 * Gets the article's language tag, such as "en" or "de-CH".
 *
 * Returns: (nullable): the language
 */
const char *
wd_source_get_language (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->language;
}

/**
 * wd_source_set_language:
 * @self: a #WdSource
 * @language: (nullable): a language tag
 *
 * Sets the article's language tag.
 */
void
wd_source_set_language (WdSource   *self,
                        const char *language)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->language, language, PROP_LANGUAGE);
}

/**
 * wd_source_get_text:
 * @self: a #WdSource
 *
 * Gets the extracted plain text of the article.
 *
 * Returns: (nullable): the text
 */
const char *
wd_source_get_text (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->text;
}

/**
 * wd_source_set_text:
 * @self: a #WdSource
 * @text: (nullable): the extracted plain text
 *
 * Sets the extracted plain text of the article.
 */
void
wd_source_set_text (WdSource   *self,
                    const char *text)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->text, text, PROP_TEXT);
}

/**
 * wd_source_get_content_hash:
 * @self: a #WdSource
 *
 * Gets the SHA-256 (hex) of the normalised text, which the store computes
 * on insert to find duplicates.
 *
 * Returns: (nullable): the hash, or %NULL before the source was stored
 */
const char *
wd_source_get_content_hash (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->content_hash;
}

/**
 * wd_source_set_content_hash:
 * @self: a #WdSource
 * @content_hash: (nullable): the hex digest
 *
 * Records the content hash; for the store only.
 */
void
wd_source_set_content_hash (WdSource   *self,
                            const char *content_hash)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_string_property (self, &self->content_hash, content_hash, PROP_CONTENT_HASH);
}

/**
 * wd_source_get_fetched_at:
 * @self: a #WdSource
 *
 * Gets when Wiredesk fetched the article.
 *
 * Returns: (nullable) (transfer none): the time in UTC
 */
GDateTime *
wd_source_get_fetched_at (WdSource *self)
{
  g_return_val_if_fail (WD_IS_SOURCE (self), NULL);
  return self->fetched_at;
}

/**
 * wd_source_set_fetched_at:
 * @self: a #WdSource
 * @fetched_at: (nullable): when the article was fetched
 *
 * Sets when Wiredesk fetched the article.
 */
void
wd_source_set_fetched_at (WdSource  *self,
                          GDateTime *fetched_at)
{
  g_return_if_fail (WD_IS_SOURCE (self));
  set_date_time_property (self, &self->fetched_at, fetched_at, PROP_FETCHED_AT);
}

static void
wd_source_finalize (GObject *object)
{
  WdSource *self = (WdSource *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->canonical_url, g_free);
  g_clear_pointer (&self->publisher_name, g_free);
  g_clear_pointer (&self->publisher_domain, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->published_at, g_date_time_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->content_hash, g_free);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);

  G_OBJECT_CLASS (wd_source_parent_class)->finalize (object);
}

static void
wd_source_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  WdSource *self = WD_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_CANONICAL_URL:
      g_value_set_string (value, self->canonical_url);
      break;

    case PROP_PUBLISHER_NAME:
      g_value_set_string (value, self->publisher_name);
      break;

    case PROP_PUBLISHER_DOMAIN:
      g_value_set_string (value, self->publisher_domain);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_BYLINE:
      g_value_set_string (value, self->byline);
      break;

    case PROP_PUBLISHED_AT:
      g_value_set_boxed (value, self->published_at);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_CONTENT_HASH:
      g_value_set_string (value, self->content_hash);
      break;

    case PROP_FETCHED_AT:
      g_value_set_boxed (value, self->fetched_at);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_source_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  WdSource *self = WD_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      wd_source_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_URL:
      wd_source_set_url (self, g_value_get_string (value));
      break;

    case PROP_CANONICAL_URL:
      wd_source_set_canonical_url (self, g_value_get_string (value));
      break;

    case PROP_PUBLISHER_NAME:
      wd_source_set_publisher_name (self, g_value_get_string (value));
      break;

    case PROP_PUBLISHER_DOMAIN:
      wd_source_set_publisher_domain (self, g_value_get_string (value));
      break;

    case PROP_TITLE:
      wd_source_set_title (self, g_value_get_string (value));
      break;

    case PROP_BYLINE:
      wd_source_set_byline (self, g_value_get_string (value));
      break;

    case PROP_PUBLISHED_AT:
      wd_source_set_published_at (self, g_value_get_boxed (value));
      break;

    case PROP_LANGUAGE:
      wd_source_set_language (self, g_value_get_string (value));
      break;

    case PROP_TEXT:
      wd_source_set_text (self, g_value_get_string (value));
      break;

    case PROP_CONTENT_HASH:
      wd_source_set_content_hash (self, g_value_get_string (value));
      break;

    case PROP_FETCHED_AT:
      wd_source_set_fetched_at (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_source_class_init (WdSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS);

  object_class->finalize = wd_source_finalize;
  object_class->get_property = wd_source_get_property;
  object_class->set_property = wd_source_set_property;

  /* "id" and "content-hash" are writable too, so the store can build a
   * source from a row with one g_object_new(). */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_CANONICAL_URL] =
    g_param_spec_string ("canonical-url", NULL, NULL, NULL, flags);
  properties[PROP_PUBLISHER_NAME] =
    g_param_spec_string ("publisher-name", NULL, NULL, NULL, flags);
  properties[PROP_PUBLISHER_DOMAIN] =
    g_param_spec_string ("publisher-domain", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_BYLINE] =
    g_param_spec_string ("byline", NULL, NULL, NULL, flags);
  properties[PROP_PUBLISHED_AT] =
    g_param_spec_boxed ("published-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL, flags);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_CONTENT_HASH] =
    g_param_spec_string ("content-hash", NULL, NULL, NULL, flags);
  properties[PROP_FETCHED_AT] =
    g_param_spec_boxed ("fetched-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_source_init (WdSource *self)
{
}
