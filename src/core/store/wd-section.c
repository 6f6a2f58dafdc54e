/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-section"

#include "wd-section.h"

/*
 * Both classes are snapshots of rows: the store builds them with
 * g_object_new() and nothing changes them afterwards, which is why every
 * property is construct-only. A new text is a new revision in the store and
 * a fresh object here.
 */

struct _WdSection
{
  GObject parent_instance;

  gint64 id;
  gint64 brief_id;
  WdSectionKind kind;
  guint position;
  char *text;
  gint64 revision_id;
  WdOrigin origin;
  gboolean approved;
  gboolean incomplete;
  double edit_share;
};

G_DEFINE_FINAL_TYPE (WdSection, wd_section, G_TYPE_OBJECT)

enum {
  SECTION_PROP_0,
  SECTION_PROP_ID,
  SECTION_PROP_BRIEF_ID,
  SECTION_PROP_KIND,
  SECTION_PROP_POSITION,
  SECTION_PROP_TEXT,
  SECTION_PROP_REVISION_ID,
  SECTION_PROP_ORIGIN,
  SECTION_PROP_APPROVED,
  SECTION_PROP_INCOMPLETE,
  SECTION_PROP_EDIT_SHARE,
  SECTION_N_PROPS
};

static GParamSpec *section_properties[SECTION_N_PROPS];

struct _WdRevision
{
  GObject parent_instance;

  gint64 id;
  gint64 section_id;
  char *text;
  WdOrigin origin;
  char *backend;
  char *model;
  int template_version;
  GDateTime *created_at;
  gboolean incomplete;
};

G_DEFINE_FINAL_TYPE (WdRevision, wd_revision, G_TYPE_OBJECT)

enum {
  REVISION_PROP_0,
  REVISION_PROP_ID,
  REVISION_PROP_SECTION_ID,
  REVISION_PROP_TEXT,
  REVISION_PROP_ORIGIN,
  REVISION_PROP_BACKEND,
  REVISION_PROP_MODEL,
  REVISION_PROP_TEMPLATE_VERSION,
  REVISION_PROP_CREATED_AT,
  REVISION_PROP_INCOMPLETE,
  REVISION_N_PROPS
};

static GParamSpec *revision_properties[REVISION_N_PROPS];

#define SNAPSHOT_FLAGS (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | \
                        G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

/**
 * wd_section_get_id:
 * @self: a #WdSection
 *
 * Gets the archive id of the section.
 *
 * Returns: the id
 */
gint64
wd_section_get_id (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), 0);
  return self->id;
}

/**
 * wd_section_get_brief_id:
 * @self: a #WdSection
 *
 * Gets the id of the brief the section belongs to.
 *
 * Returns: the brief id
 */
gint64
wd_section_get_brief_id (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), 0);
  return self->brief_id;
}

/**
 * wd_section_get_kind:
 * @self: a #WdSection
 *
 * Gets which section of the brief this is.
 *
 * Returns: the kind
 */
WdSectionKind
wd_section_get_kind (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), WD_SECTION_SUMMARY);
  return self->kind;
}

/**
 * wd_section_get_position:
 * @self: a #WdSection
 *
 * Gets the section's place in the brief, counted from 0.
 *
 * Returns: the position
 */
guint
wd_section_get_position (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), 0);
  return self->position;
}

/**
 * wd_section_get_text:
 * @self: a #WdSection
 *
 * Gets the current Markdown text of the section.
 *
 * Returns: (nullable): the text
 */
const char *
wd_section_get_text (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), NULL);
  return self->text;
}

/**
 * wd_section_get_revision_id:
 * @self: a #WdSection
 *
 * Gets the id of the revision the current text comes from.
 *
 * Returns: the revision id, 0 when there is none
 */
gint64
wd_section_get_revision_id (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), 0);
  return self->revision_id;
}

/**
 * wd_section_get_origin:
 * @self: a #WdSection
 *
 * Gets who wrote the current revision: the language model or an editor.
 *
 * Returns: the origin
 */
WdOrigin
wd_section_get_origin (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), WD_ORIGIN_AI);
  return self->origin;
}

/**
 * wd_section_get_edit_share:
 * @self: a #WdSection
 *
 * Gets how much of the section's latest AI draft the current text
 * rewrote (wd_text_edit_share()).
 *
 * Returns: the share from 0 to 1, or -1 when the section was never drafted
 */
double
wd_section_get_edit_share (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), -1);
  return self->edit_share;
}

/**
 * wd_section_get_incomplete:
 * @self: a #WdSection
 *
 * Gets whether the current text is a draft cut off before the model
 * finished.
 *
 * Returns: %TRUE for an incomplete draft
 */
gboolean
wd_section_get_incomplete (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), FALSE);
  return self->incomplete;
}

/**
 * wd_section_get_approved:
 * @self: a #WdSection
 *
 * Gets whether an editor approved the section's current text.
 *
 * Returns: %TRUE when approved
 */
gboolean
wd_section_get_approved (WdSection *self)
{
  g_return_val_if_fail (WD_IS_SECTION (self), FALSE);
  return self->approved;
}

static void
wd_section_finalize (GObject *object)
{
  WdSection *self = (WdSection *)object;

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (wd_section_parent_class)->finalize (object);
}

static void
wd_section_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  WdSection *self = WD_SECTION (object);

  switch (prop_id)
    {
    case SECTION_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case SECTION_PROP_BRIEF_ID:
      g_value_set_int64 (value, self->brief_id);
      break;

    case SECTION_PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case SECTION_PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case SECTION_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case SECTION_PROP_REVISION_ID:
      g_value_set_int64 (value, self->revision_id);
      break;

    case SECTION_PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;

    case SECTION_PROP_APPROVED:
      g_value_set_boolean (value, self->approved);
      break;

    case SECTION_PROP_INCOMPLETE:
      g_value_set_boolean (value, self->incomplete);
      break;

    case SECTION_PROP_EDIT_SHARE:
      g_value_set_double (value, self->edit_share);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_section_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  WdSection *self = WD_SECTION (object);

  switch (prop_id)
    {
    case SECTION_PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case SECTION_PROP_BRIEF_ID:
      self->brief_id = g_value_get_int64 (value);
      break;

    case SECTION_PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case SECTION_PROP_POSITION:
      self->position = g_value_get_uint (value);
      break;

    case SECTION_PROP_TEXT:
      g_free (self->text);
      self->text = g_value_dup_string (value);
      break;

    case SECTION_PROP_REVISION_ID:
      self->revision_id = g_value_get_int64 (value);
      break;

    case SECTION_PROP_ORIGIN:
      self->origin = g_value_get_enum (value);
      break;

    case SECTION_PROP_APPROVED:
      self->approved = g_value_get_boolean (value);
      break;

    case SECTION_PROP_INCOMPLETE:
      self->incomplete = g_value_get_boolean (value);
      break;

    case SECTION_PROP_EDIT_SHARE:
      self->edit_share = g_value_get_double (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_section_class_init (WdSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_section_finalize;
  object_class->get_property = wd_section_get_property;
  object_class->set_property = wd_section_set_property;

  section_properties[SECTION_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_BRIEF_ID] =
    g_param_spec_int64 ("brief-id", NULL, NULL, 0, G_MAXINT64, 0, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, WD_TYPE_SECTION_KIND, WD_SECTION_SUMMARY,
                       SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_REVISION_ID] =
    g_param_spec_int64 ("revision-id", NULL, NULL, 0, G_MAXINT64, 0, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL, WD_TYPE_ORIGIN, WD_ORIGIN_AI, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_APPROVED] =
    g_param_spec_boolean ("approved", NULL, NULL, FALSE, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_INCOMPLETE] =
    g_param_spec_boolean ("incomplete", NULL, NULL, FALSE, SNAPSHOT_FLAGS);
  section_properties[SECTION_PROP_EDIT_SHARE] =
    g_param_spec_double ("edit-share", NULL, NULL, -1, 1, -1, SNAPSHOT_FLAGS);

  g_object_class_install_properties (object_class, SECTION_N_PROPS, section_properties);
}

static void
wd_section_init (WdSection *self)
{
  self->edit_share = -1;
}

/**
 * wd_revision_get_id:
 * @self: a #WdRevision
 *
 * Gets the archive id of the revision.
 *
 * Returns: the id
 */
gint64
wd_revision_get_id (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), 0);
  return self->id;
}

/**
 * wd_revision_get_section_id:
 * @self: a #WdRevision
 *
 * Gets the id of the section this is a version of.
 *
 * Returns: the section id
 */
gint64
wd_revision_get_section_id (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), 0);
  return self->section_id;
}

/**
 * wd_revision_get_text:
 * @self: a #WdRevision
 *
 * Gets the Markdown text saved in this revision.
 *
 * Returns: (nullable): the text
 */
const char *
wd_revision_get_text (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), NULL);
  return self->text;
}

/**
 * wd_revision_get_origin:
 * @self: a #WdRevision
 *
 * Gets who wrote the revision: the language model or an editor.
 *
 * Returns: the origin
 */
WdOrigin
wd_revision_get_origin (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), WD_ORIGIN_AI);
  return self->origin;
}

/**
 * wd_revision_get_backend:
 * @self: a #WdRevision
 *
 * Gets the name of the configured backend that drafted the revision.
 *
 * Returns: (nullable): the backend name, %NULL for an editor's revision
 */
const char *
wd_revision_get_backend (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), NULL);
  return self->backend;
}

/**
 * wd_revision_get_model:
 * @self: a #WdRevision
 *
 * Gets the language model that drafted the revision.
 *
 * Returns: (nullable): the model name, %NULL when unknown
 */
const char *
wd_revision_get_model (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), NULL);
  return self->model;
}

/**
 * wd_revision_get_template_version:
 * @self: a #WdRevision
 *
 * Gets the version of the prompt template the revision was drafted with.
 *
 * Returns: the template version, 0 when none was used
 */
int
wd_revision_get_template_version (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), 0);
  return self->template_version;
}

/**
 * wd_revision_get_created_at:
 * @self: a #WdRevision
 *
 * Gets when the revision was saved.
 *
 * Returns: (nullable) (transfer none): the time in UTC
 */
GDateTime *
wd_revision_get_created_at (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), NULL);
  return self->created_at;
}

/**
 * wd_revision_get_incomplete:
 * @self: a #WdRevision
 *
 * Gets whether the revision holds a draft cut off before the model
 * finished: cancelled, stalled, or broken off by the server.
 *
 * Returns: %TRUE for an incomplete draft
 */
gboolean
wd_revision_get_incomplete (WdRevision *self)
{
  g_return_val_if_fail (WD_IS_REVISION (self), FALSE);
  return self->incomplete;
}

static void
wd_revision_finalize (GObject *object)
{
  WdRevision *self = (WdRevision *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->backend, g_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (wd_revision_parent_class)->finalize (object);
}

static void
wd_revision_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WdRevision *self = WD_REVISION (object);

  switch (prop_id)
    {
    case REVISION_PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case REVISION_PROP_SECTION_ID:
      g_value_set_int64 (value, self->section_id);
      break;

    case REVISION_PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case REVISION_PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
      break;

    case REVISION_PROP_BACKEND:
      g_value_set_string (value, self->backend);
      break;

    case REVISION_PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case REVISION_PROP_TEMPLATE_VERSION:
      g_value_set_int (value, self->template_version);
      break;

    case REVISION_PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;

    case REVISION_PROP_INCOMPLETE:
      g_value_set_boolean (value, self->incomplete);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_revision_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WdRevision *self = WD_REVISION (object);

  switch (prop_id)
    {
    case REVISION_PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case REVISION_PROP_SECTION_ID:
      self->section_id = g_value_get_int64 (value);
      break;

    case REVISION_PROP_TEXT:
      g_free (self->text);
      self->text = g_value_dup_string (value);
      break;

    case REVISION_PROP_ORIGIN:
      self->origin = g_value_get_enum (value);
      break;

    case REVISION_PROP_BACKEND:
      g_free (self->backend);
      self->backend = g_value_dup_string (value);
      break;

    case REVISION_PROP_MODEL:
      g_free (self->model);
      self->model = g_value_dup_string (value);
      break;

    case REVISION_PROP_TEMPLATE_VERSION:
      self->template_version = g_value_get_int (value);
      break;

    case REVISION_PROP_CREATED_AT:
      g_clear_pointer (&self->created_at, g_date_time_unref);
      self->created_at = g_value_dup_boxed (value);
      break;

    case REVISION_PROP_INCOMPLETE:
      self->incomplete = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_revision_class_init (WdRevisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_revision_finalize;
  object_class->get_property = wd_revision_get_property;
  object_class->set_property = wd_revision_set_property;

  revision_properties[REVISION_PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_SECTION_ID] =
    g_param_spec_int64 ("section-id", NULL, NULL, 0, G_MAXINT64, 0, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_ORIGIN] =
    g_param_spec_enum ("origin", NULL, NULL, WD_TYPE_ORIGIN, WD_ORIGIN_AI, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_BACKEND] =
    g_param_spec_string ("backend", NULL, NULL, NULL, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_TEMPLATE_VERSION] =
    g_param_spec_int ("template-version", NULL, NULL, 0, G_MAXINT, 0, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, SNAPSHOT_FLAGS);
  revision_properties[REVISION_PROP_INCOMPLETE] =
    g_param_spec_boolean ("incomplete", NULL, NULL, FALSE, SNAPSHOT_FLAGS);

  g_object_class_install_properties (object_class, REVISION_N_PROPS, revision_properties);
}

static void
wd_revision_init (WdRevision *self)
{
}
