/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-publish"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "wd-target-static.h"

#define INDEX_NAME "index.json"
#define PAGE_NAME "index.html"
#define FILE_MODE 0644
#define DIR_MODE 0755

struct _WdTargetStatic
{
  WdPublishTarget  parent_instance;

  /* owned */
  char            *dir;       /* absolute */
  char            *base_url;  /* ends with '/', or NULL */
};

G_DEFINE_FINAL_TYPE (WdTargetStatic, wd_target_static, WD_TYPE_PUBLISH_TARGET)

static const char *
target_name (WdTargetStatic *self)
{
  return wd_publish_target_get_name (WD_PUBLISH_TARGET (self));
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* A slug becomes a file and a directory name: nothing that could leave
 * the directory or hide a file. */
static gboolean
slug_is_safe (const char *slug)
{
  if (slug == NULL || *slug == '\0' || *slug == '.' || strlen (slug) > 200)
    return FALSE;
  for (const char *p = slug; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
ensure_dir (WdTargetStatic  *self,
            GError         **error)
{
  if (g_mkdir_with_parents (self->dir, DIR_MODE) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("Could not make the directory %s (%s); check dir= in [target %s]."),
                   self->dir, g_strerror (saved_errno), target_name (self));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_file (WdTargetStatic  *self,
            const char      *path,
            const char      *contents,
            GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Temporary file, fsync, rename: a reader sees the old file or the new
   * one, never half of one, even when the process dies here. */
  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 FILE_MODE, &local_error))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("Could not write %s (%s); check that the directory of [target %s] is "
                     "writable."),
                   path, local_error->message, target_name (self));
      return FALSE;
    }
  return TRUE;
}

/* A file that is already gone is no error. */
static gboolean
remove_file (WdTargetStatic  *self,
             const char      *path,
             GError         **error)
{
  if (g_remove (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("Could not remove %s (%s); check that the directory of [target %s] is "
                     "writable."),
                   path, g_strerror (saved_errno), target_name (self));
      return FALSE;
    }
  return TRUE;
}

/* The page directory, index.html in it and <slug>.md. A page directory
 * that holds other files too is left with them. */
static gboolean
remove_page (WdTargetStatic  *self,
             const char      *slug,
             GError         **error)
{
  g_autofree char *page_dir = g_build_filename (self->dir, slug, NULL);
  g_autofree char *page = g_build_filename (page_dir, PAGE_NAME, NULL);
  g_autofree char *md_name = g_strconcat (slug, ".md", NULL);
  g_autofree char *markdown = g_build_filename (self->dir, md_name, NULL);

  if (!remove_file (self, page, error) || !remove_file (self, markdown, error))
    return FALSE;
  if (g_rmdir (page_dir) != 0 && errno != ENOENT)
    g_debug ("Static target %s: %s stays: %s", target_name (self), page_dir,
             g_strerror (errno));
  return TRUE;
}

static char *
index_path (WdTargetStatic *self)
{
  return g_build_filename (self->dir, INDEX_NAME, NULL);
}

/* DIR/index.json as an array; an empty one when there is no file yet. */
static JsonArray *
load_index (WdTargetStatic  *self,
            GError         **error)
{
  g_autofree char *path = index_path (self);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  JsonNode *root;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return json_array_new ();
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("Could not read %s (%s); check that the directory of [target %s] is "
                     "readable."),
                   path, local_error->message, target_name (self));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("The index %s is not valid JSON (%s); repair it, or remove it so that "
                     "publishing makes a new one."),
                   path, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("The index %s is not a JSON array; repair it, or remove it so that "
                     "publishing makes a new one."),
                   path);
      return NULL;
    }

  return json_array_ref (json_node_get_array (root));
}

static gboolean
save_index (WdTargetStatic  *self,
            JsonArray       *entries,
            GError         **error)
{
  g_autofree char *path = index_path (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *data = NULL;
  g_autofree char *text = NULL;

  json_node_set_array (root, entries);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, NULL);
  text = g_strconcat (data, "\n", NULL);

  return write_file (self, path, text, error);
}

static const char *
entry_string (JsonObject *entry,
              const char *member)
{
  JsonNode *node = json_object_get_member (entry, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The position of @uuid's entry, or -1. */
static int
find_entry (JsonArray  *entries,
            const char *uuid)
{
  guint n = json_array_get_length (entries);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (entries, i);

      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (entry_string (json_node_get_object (node), "uuid"), uuid) == 0)
        return (int) i;
    }
  return -1;
}

static char *
dup_page_url (WdTargetStatic *self,
              const char     *slug)
{
  g_autofree char *page = NULL;

  if (self->base_url != NULL)
    return g_strconcat (self->base_url, slug, "/", NULL);
  page = g_build_filename (self->dir, slug, PAGE_NAME, NULL);
  return g_filename_to_uri (page, NULL, NULL);
}

static const char *
status_of (const WdPublishItem *item)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return item->publish_at != NULL && g_date_time_compare (item->publish_at, now) > 0
         ? "future" : "publish";
}

static void
append_escaped (GString    *page,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (page, escaped);
}

static char *
build_page (WdTargetStatic      *self,
            const WdPublishItem *item)
{
  GString *page = g_string_new ("<!DOCTYPE html>\n<html");

  if (item->lang != NULL && *item->lang != '\0')
    {
      g_string_append (page, " lang=\"");
      append_escaped (page, item->lang);
      g_string_append_c (page, '"');
    }
  g_string_append (page, ">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
  append_escaped (page, item->headline);
  g_string_append (page, "</title>\n");
  if (item->excerpt != NULL && *item->excerpt != '\0')
    {
      g_string_append (page, "<meta name=\"description\" content=\"");
      append_escaped (page, item->excerpt);
      g_string_append (page, "\">\n");
    }
  if (self->base_url != NULL)
    {
      g_autofree char *url = dup_page_url (self, item->slug);

      g_string_append (page, "<link rel=\"canonical\" href=\"");
      append_escaped (page, url);
      g_string_append (page, "\">\n");
    }
  if (item->jsonld != NULL && *item->jsonld != '\0')
    {
      /* In JSON "<" only occurs inside strings, where \u003c means the
       * same: no "</script>" in the data can end the element early. */
      g_string_append (page, "<script type=\"application/ld+json\">\n");
      for (const char *p = item->jsonld; *p != '\0'; p++)
        {
          if (*p == '<')
            g_string_append (page, "\\u003c");
          else
            g_string_append_c (page, *p);
        }
      g_string_append (page, "\n</script>\n");
    }
  g_string_append (page, "</head>\n<body>\n<article>\n<h1>");
  append_escaped (page, item->headline);
  g_string_append (page, "</h1>\n");
  if (item->html != NULL)
    g_string_append (page, item->html);
  if (page->len > 0 && page->str[page->len - 1] != '\n')
    g_string_append_c (page, '\n');
  g_string_append (page, "</article>\n</body>\n</html>\n");

  return g_string_free (page, FALSE);
}

static JsonNode *
build_entry (WdTargetStatic      *self,
             const WdPublishItem *item,
             const char          *published_at,
             const char          *modified_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = g_strconcat (item->slug, "/", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, item->uuid);
  json_builder_set_member_name (builder, "slug");
  json_builder_add_string_value (builder, item->slug);
  json_builder_set_member_name (builder, "headline");
  json_builder_add_string_value (builder, item->headline != NULL ? item->headline : "");
  json_builder_set_member_name (builder, "excerpt");
  json_builder_add_string_value (builder, item->excerpt != NULL ? item->excerpt : "");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "published_at");
  json_builder_add_string_value (builder, published_at);
  json_builder_set_member_name (builder, "modified_at");
  json_builder_add_string_value (builder, modified_at);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
check_slug (WdTargetStatic       *self,
            const WdPublishItem  *item,
            GError              **error)
{
  if (item->uuid == NULL || !slug_is_safe (item->slug))
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_REJECTED,
                   _("The brief’s slug “%s” cannot be a file name in %s; give the brief a "
                     "headline with letters or digits."),
                   item->slug != NULL ? item->slug : "", self->dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
wd_target_static_find (WdPublishTarget      *target,
                       const WdPublishItem  *item,
                       WdRemotePost        **out,
                       GCancellable         *cancellable,
                       GError              **error)
{
  WdTargetStatic *self = WD_TARGET_STATIC (target);
  g_autoptr(JsonArray) entries = load_index (self, error);
  JsonObject *entry;
  const char *slug;
  g_autofree char *url = NULL;
  int position;

  *out = NULL;
  if (entries == NULL)
    return FALSE;
  position = find_entry (entries, item->uuid);
  if (position < 0)
    return TRUE;

  entry = json_array_get_object_element (entries, (guint) position);
  slug = entry_string (entry, "slug");
  if (!slug_is_safe (slug))
    return TRUE;
  url = dup_page_url (self, slug);
  *out = wd_remote_post_new (slug, url, "publish");
  return TRUE;
}

static WdRemotePost *
wd_target_static_put (WdPublishTarget      *target,
                      const WdPublishItem  *item,
                      const char           *remote_id,
                      GCancellable         *cancellable,
                      GError              **error)
{
  WdTargetStatic *self = WD_TARGET_STATIC (target);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GPtrArray) old_slugs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *page_dir = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *page = NULL;
  g_autofree char *md_name = NULL;
  g_autofree char *md_path = NULL;
  g_autofree char *published_at = NULL;
  g_autofree char *modified_at = NULL;
  g_autofree char *url = NULL;
  JsonNode *entry;
  int position;

  if (!check_slug (self, item, error) || !ensure_dir (self, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Read first: a broken index stops us before anything is written. */
  entries = load_index (self, error);
  if (entries == NULL)
    return NULL;

  position = find_entry (entries, item->uuid);
  if (position >= 0)
    {
      JsonObject *old = json_array_get_object_element (entries, (guint) position);
      const char *old_slug = old != NULL ? entry_string (old, "slug") : NULL;

      if (old != NULL && entry_string (old, "published_at") != NULL)
        published_at = g_strdup (entry_string (old, "published_at"));
      if (old_slug != NULL && g_strcmp0 (old_slug, item->slug) != 0 && slug_is_safe (old_slug))
        g_ptr_array_add (old_slugs, g_strdup (old_slug));
    }
  if (remote_id != NULL && g_strcmp0 (remote_id, item->slug) != 0 && slug_is_safe (remote_id)
      && !g_ptr_array_find_with_equal_func (old_slugs, remote_id, g_str_equal, NULL))
    g_ptr_array_add (old_slugs, g_strdup (remote_id));

  if (item->publish_at != NULL)
    {
      g_free (published_at);
      published_at = format_time (item->publish_at);
    }
  else if (published_at == NULL)
    published_at = format_time (now);
  modified_at = format_time (item->modified_at != NULL ? item->modified_at : now);

  /* The page and the Markdown first, then the index that names them. */
  page_dir = g_build_filename (self->dir, item->slug, NULL);
  if (g_mkdir_with_parents (page_dir, DIR_MODE) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("Could not make the directory %s (%s); check that the directory of "
                     "[target %s] is writable."),
                   page_dir, g_strerror (saved_errno), target_name (self));
      return NULL;
    }
  page_path = g_build_filename (page_dir, PAGE_NAME, NULL);
  page = build_page (self, item);
  if (!write_file (self, page_path, page, error))
    return NULL;

  md_name = g_strconcat (item->slug, ".md", NULL);
  md_path = g_build_filename (self->dir, md_name, NULL);
  if (!write_file (self, md_path, item->markdown != NULL ? item->markdown : "", error))
    return NULL;

  entry = build_entry (self, item, published_at, modified_at);
  if (position >= 0)
    {
      /* Replaced in place: the index keeps the order of first publication. */
      JsonNode *old = json_array_get_element (entries, (guint) position);

      json_node_set_object (old, json_node_get_object (entry));
      json_node_unref (entry);
    }
  else
    json_array_add_element (entries, entry);

  if (!save_index (self, entries, error))
    return NULL;

  /* A new headline gave a new slug: the old page goes, after the index
   * stopped naming it. */
  for (guint i = 0; i < old_slugs->len; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!remove_page (self, g_ptr_array_index (old_slugs, i), &local_error))
        g_debug ("Static target %s: %s", target_name (self), local_error->message);
    }

  url = dup_page_url (self, item->slug);
  return wd_remote_post_new (item->slug, url, status_of (item));
}

static gboolean
wd_target_static_unpublish (WdPublishTarget      *target,
                            const WdPublishItem  *item,
                            const char           *remote_id,
                            GCancellable         *cancellable,
                            GError              **error)
{
  WdTargetStatic *self = WD_TARGET_STATIC (target);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GPtrArray) slugs = g_ptr_array_new_with_free_func (g_free);
  int position;

  if (!g_file_test (self->dir, G_FILE_TEST_IS_DIR))
    return TRUE;

  entries = load_index (self, error);
  if (entries == NULL)
    return FALSE;

  position = item->uuid != NULL ? find_entry (entries, item->uuid) : -1;
  if (position >= 0)
    {
      JsonObject *entry = json_array_get_object_element (entries, (guint) position);
      const char *slug = entry != NULL ? entry_string (entry, "slug") : NULL;

      if (slug_is_safe (slug))
        g_ptr_array_add (slugs, g_strdup (slug));
      json_array_remove_element (entries, (guint) position);
      /* The index first: it never names a page that is gone. */
      if (!save_index (self, entries, error))
        return FALSE;
    }
  if (remote_id != NULL && slug_is_safe (remote_id)
      && !g_ptr_array_find_with_equal_func (slugs, remote_id, g_str_equal, NULL))
    g_ptr_array_add (slugs, g_strdup (remote_id));
  if (slugs->len == 0 && slug_is_safe (item->slug))
    g_ptr_array_add (slugs, g_strdup (item->slug));

  for (guint i = 0; i < slugs->len; i++)
    if (!remove_page (self, g_ptr_array_index (slugs, i), error))
      return FALSE;
  return TRUE;
}

static char *
wd_target_static_test (WdPublishTarget  *target,
                       GCancellable     *cancellable,
                       GError          **error)
{
  WdTargetStatic *self = WD_TARGET_STATIC (target);
  g_autofree char *probe = NULL;
  g_autoptr(JsonArray) entries = NULL;
  guint n;
  int fd;

  if (!ensure_dir (self, error))
    return NULL;

  probe = g_build_filename (self->dir, ".wiredesk-test-XXXXXX", NULL);
  fd = g_mkstemp_full (probe, O_RDWR, FILE_MODE);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_IO,
                   _("The directory %s is not writable (%s); check dir= in [target %s] and "
                     "the directory’s permissions."),
                   self->dir, g_strerror (saved_errno), target_name (self));
      return NULL;
    }
  close (fd);
  g_remove (probe);

  entries = load_index (self, error);
  if (entries == NULL)
    return NULL;
  n = json_array_get_length (entries);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Static directory %s, writable, with %u brief",
                                       "Static directory %s, writable, with %u briefs", n),
                          self->dir, n);
}

/* dir= made absolute: "~" and "~/…" are the home directory. */
static char *
read_dir (WdConfig    *config,
          const char  *name,
          GError     **error)
{
  g_autofree char *value = wd_config_dup_named (config, "target", name, "dir");
  g_autofree char *path = NULL;

  if (value == NULL || *g_strstrip (value) == '\0')
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("The target “%s” has no dir=; set it to the directory the briefs go to, "
                     "such as ~/site/briefs."),
                   name);
      return NULL;
    }

  if (g_str_equal (value, "~"))
    path = g_strdup (g_get_home_dir ());
  else if (g_str_has_prefix (value, "~/"))
    path = g_build_filename (g_get_home_dir (), value + 2, NULL);
  else if (g_path_is_absolute (value))
    path = g_strdup (value);
  else
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("In [target %s], dir=%s is not an absolute path; write one that starts "
                     "with / or ~/."),
                   name, value);
      return NULL;
    }

  return g_canonicalize_filename (path, NULL);
}

static char *
read_base_url (WdConfig    *config,
               const char  *name,
               GError     **error)
{
  g_autofree char *value = wd_config_dup_named (config, "target", name, "base-url");
  g_autoptr(GUri) uri = NULL;

  if (value == NULL)
    value = wd_config_dup_named (config, "target", name, "base_url");
  if (value == NULL || *g_strstrip (value) == '\0')
    return NULL;

  uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL
      || g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, WD_PUBLISH_ERROR, WD_PUBLISH_ERROR_CONFIG,
                   _("In [target %s], base-url=%s is not an address without a query; write "
                     "one such as https://example.org/briefs/."),
                   name, value);
      return NULL;
    }

  if (!g_str_has_suffix (value, "/"))
    return g_strconcat (value, "/", NULL);
  return g_steal_pointer (&value);
}

/**
 * wd_target_static_new:
 * @config: the configuration
 * @name: the name of a [target] group with kind=static
 * @error: return location for a #WD_PUBLISH_ERROR_CONFIG error
 *
 * Makes the target that writes briefs into the directory dir= of
 * [target @name]. The directory is made by the first put() or test(),
 * not here.
 *
 * Returns: (transfer full) (nullable): the target, or %NULL with @error set
 */
WdPublishTarget *
wd_target_static_new (WdConfig    *config,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(WdTargetStatic) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (WD_IS_CONFIG (config), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = read_dir (config, name, error);
  if (dir == NULL)
    return NULL;
  base_url = read_base_url (config, name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = g_object_new (WD_TYPE_TARGET_STATIC,
                       "name", name,
                       "kind", "static",
                       NULL);
  self->dir = g_steal_pointer (&dir);
  self->base_url = g_steal_pointer (&base_url);

  return WD_PUBLISH_TARGET (g_steal_pointer (&self));
}

/**
 * wd_target_static_get_dir:
 * @self: a #WdTargetStatic
 *
 * Gets the directory, dir= made absolute.
 *
 * Returns: the path
 */
const char *
wd_target_static_get_dir (WdTargetStatic *self)
{
  g_return_val_if_fail (WD_IS_TARGET_STATIC (self), NULL);

  return self->dir;
}

static void
wd_target_static_finalize (GObject *object)
{
  WdTargetStatic *self = WD_TARGET_STATIC (object);

  g_free (self->dir);
  g_free (self->base_url);

  G_OBJECT_CLASS (wd_target_static_parent_class)->finalize (object);
}

static void
wd_target_static_class_init (WdTargetStaticClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WdPublishTargetClass *target_class = WD_PUBLISH_TARGET_CLASS (klass);

  object_class->finalize = wd_target_static_finalize;

  target_class->find = wd_target_static_find;
  target_class->put = wd_target_static_put;
  target_class->unpublish = wd_target_static_unpublish;
  target_class->test = wd_target_static_test;
}

static void
wd_target_static_init (WdTargetStatic *self)
{
}
