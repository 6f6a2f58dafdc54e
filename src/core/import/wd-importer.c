/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-importer"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-importer.h"
#include "wd-importer-private.h"
#include "wd-charset.h"
#include "wd-date.h"
#include "wd-extract.h"
#include "wd-import-error.h"
#include "wd-source.h"

struct _WdImporter
{
  GObject    parent_instance;

  WdContext *context;
  WdFetcher *fetcher;
};

G_DEFINE_FINAL_TYPE (WdImporter, wd_importer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How a body is turned into a source. */
typedef enum {
  KIND_HTML,
  KIND_TEXT,
} BodyKind;

void
wd_import_result_free (WdImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->title);
  g_free (result->url);
  g_free (result);
}

static void
wd_importer_dispose (GObject *object)
{
  WdImporter *self = WD_IMPORTER (object);

  g_clear_object (&self->context);
  g_clear_object (&self->fetcher);

  G_OBJECT_CLASS (wd_importer_parent_class)->dispose (object);
}

static void
wd_importer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WdImporter *self = WD_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_importer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WdImporter *self = WD_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wd_importer_class_init (WdImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wd_importer_dispose;
  object_class->get_property = wd_importer_get_property;
  object_class->set_property = wd_importer_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, WD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wd_importer_init (WdImporter *self)
{
  self->fetcher = wd_fetcher_new ();
}

/**
 * wd_importer_new:
 * @context: the context whose archive receives the sources
 *
 * Creates an importer that fetches with its own #WdFetcher and stores into
 * the archive of @context.
 *
 * Returns: (transfer full): a new #WdImporter
 */
WdImporter *
wd_importer_new (WdContext *context)
{
  g_return_val_if_fail (WD_IS_CONTEXT (context), NULL);

  return g_object_new (WD_TYPE_IMPORTER, "context", context, NULL);
}

/**
 * wd_importer_get_context:
 * @self: a #WdImporter
 *
 * Returns: (transfer none): the context the importer stores into
 */
WdContext *
wd_importer_get_context (WdImporter *self)
{
  g_return_val_if_fail (WD_IS_IMPORTER (self), NULL);

  return self->context;
}

/**
 * wd_importer_get_fetcher:
 * @self: a #WdImporter
 *
 * Returns: (transfer none): the fetcher, for adjusting its limits
 */
WdFetcher *
wd_importer_get_fetcher (WdImporter *self)
{
  g_return_val_if_fail (WD_IS_IMPORTER (self), NULL);

  return self->fetcher;
}

/* The host of @url in lower case without a leading "www.", or NULL when
 * @url is not an http(s) address. */
static char *
domain_of (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  g_autofree char *lower = NULL;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    return NULL;
  lower = g_ascii_strdown (host, -1);
  if (g_str_has_prefix (lower, "www."))
    return g_strdup (lower + 4);
  return g_steal_pointer (&lower);
}

/* The first heading of Markdown text, else its first non-blank line,
 * without the heading marks; NULL for blank text. */
static char *
title_of_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const char *first = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (first == NULL)
        first = lines[i];
      if (lines[i][0] == '#')
        {
          const char *p = lines[i];

          while (*p == '#')
            p++;
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p != '\0')
            return g_strdup (p);
        }
    }
  if (first == NULL)
    return NULL;
  return g_utf8_substring (first, 0, MIN (g_utf8_strlen (first, -1), 200));
}

/* Whether @data looks like binary rather than text: a NUL byte, or many
 * control characters, in its first 8 kB. */
static gboolean
looks_binary (const guint8 *data,
              gsize         length)
{
  gsize n = MIN (length, 8192);
  gsize control = 0;

  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[i];

      if (c == 0)
        return TRUE;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
        control++;
    }
  return n > 0 && control * 20 > n;
}

/* Builds the source from @text (UTF-8) and stores it, checking the
 * publisher's policy first. @address is where the text came from;
 * @label names the input in messages. */
static WdImportResult *
store_body (WdImporter  *self,
            const char  *text,
            gsize        length,
            BodyKind     kind,
            const char  *address,
            const char  *label,
            GError     **error)
{
  WdStore *store = wd_context_get_store (self->context);
  g_autoptr(WdSource) source = wd_source_new ();
  g_autoptr(WdExtraction) extraction = NULL;
  g_autoptr(WdPolicy) policy = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *domain = NULL;
  g_autofree char *title = NULL;
  const char *canonical = address;
  WdImportResult *result;
  gboolean existed = FALSE;
  gint64 brief_id;

  if (kind == KIND_HTML)
    {
      extraction = wd_extract_html (text, length, address, error);
      if (extraction == NULL)
        return NULL;
      if (extraction->text == NULL || extraction->text[0] == '\0')
        {
          g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_NOT_ARTICLE,
                       /* Translators: %s is an address or a file; the second %s says why */
                       _("%s holds no article to import: %s"), label,
                       extraction->reason != NULL ? extraction->reason
                                                  : _("The page has no article text."));
          return NULL;
        }
      if (extraction->canonical_url != NULL && extraction->canonical_url[0] != '\0')
        canonical = extraction->canonical_url;
      title = g_strdup (extraction->title);
      if (title == NULL)
        title = title_of_text (extraction->text);
      wd_source_set_text (source, extraction->text);
      wd_source_set_byline (source, extraction->byline);
      wd_source_set_language (source, extraction->lang);
      if (extraction->published != NULL)
        {
          g_autoptr(GDateTime) published = wd_date_parse (extraction->published);

          wd_source_set_published_at (source, published);
        }
    }
  else
    {
      g_autofree char *stripped = g_strstrip (g_strndup (text, length));

      if (*stripped == '\0')
        {
          g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY,
                       _("%s holds no text; there is nothing to import."), label);
          return NULL;
        }
      title = title_of_text (stripped);
      wd_source_set_text (source, stripped);
    }

  domain = domain_of (canonical);
  if (domain != NULL)
    {
      policy = wd_store_get_policy (store, domain, error);
      if (policy == NULL && error != NULL && *error != NULL)
        return NULL;
      if (policy != NULL && policy->kind == WD_POLICY_EXCLUDED)
        {
          g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EXCLUDED,
                       _("%s asked not to be summarized (policy: excluded); the source was "
                         "not imported."), domain);
          return NULL;
        }
    }

  wd_source_set_url (source, address);
  wd_source_set_canonical_url (source, canonical);
  wd_source_set_title (source, title);
  wd_source_set_publisher_domain (source, domain);
  if (extraction != NULL && extraction->site_name != NULL)
    wd_source_set_publisher_name (source, extraction->site_name);
  else
    wd_source_set_publisher_name (source, domain);
  wd_source_set_fetched_at (source, now);

  brief_id = wd_store_add_source (store, source, &existed, error);
  if (brief_id == 0)
    return NULL;

  result = g_new0 (WdImportResult, 1);
  result->brief_id = brief_id;
  result->existed = existed;
  result->policy = policy != NULL ? policy->kind : WD_POLICY_SUMMARIZE;
  result->title = g_steal_pointer (&title);
  result->url = g_strdup (canonical);
  return result;
}

/* store_body() for HTML (UTF-8), for wd-importer-samples.c. */
WdImportResult *
wd_importer_store_html (WdImporter  *self,
                        const char  *html,
                        gsize        length,
                        const char  *address,
                        const char  *label,
                        GError     **error)
{
  return store_body (self, html, length, KIND_HTML, address, label, error);
}

/* The kind of body a media type carries, or FALSE for one Wiredesk does
 * not import. A missing type is taken for HTML, as browsers do. */
static gboolean
kind_of_media_type (const char *content_type,
                    BodyKind   *out_kind)
{
  static const char * const html[] = {
    "text/html", "application/xhtml+xml", "application/xml", "text/xml",
  };
  static const char * const text[] = {
    "text/plain", "text/markdown", "text/x-markdown",
  };

  if (content_type == NULL)
    {
      *out_kind = KIND_HTML;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (html); i++)
    if (g_ascii_strcasecmp (content_type, html[i]) == 0)
      {
        *out_kind = KIND_HTML;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (text); i++)
    if (g_ascii_strcasecmp (content_type, text[i]) == 0)
      {
        *out_kind = KIND_TEXT;
        return TRUE;
      }
  return FALSE;
}

typedef struct {
  WdFetchResult *fetch;
  BodyKind       kind;
} UrlData;

static void
url_data_free (UrlData *data)
{
  g_clear_pointer (&data->fetch, wd_fetch_result_free);
  g_free (data);
}

/* Extraction is CPU work and the store calls block: both run here. */
static void
import_url_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  WdImporter *self = source_object;
  UrlData *data = task_data;
  WdImportResult *result;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = store_body (self, data->fetch->text, data->fetch->text_length, data->kind,
                       data->fetch->final_url != NULL ? data->fetch->final_url
                                                      : data->fetch->url,
                       data->fetch->url, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) wd_import_result_free);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(WdFetchResult) fetch = NULL;
  GError *error = NULL;
  UrlData *data;
  BodyKind kind;

  fetch = wd_fetcher_fetch_finish (WD_FETCHER (object), res, &error);
  if (fetch == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!kind_of_media_type (fetch->content_type, &kind))
    {
      g_task_return_new_error (task, WD_IMPORT_ERROR, WD_IMPORT_ERROR_UNSUPPORTED,
                               _("%s is a %s file, not a web page or text; Wiredesk "
                                 "imports articles only."),
                               fetch->url, fetch->content_type);
      return;
    }

  data = g_new0 (UrlData, 1);
  data->fetch = g_steal_pointer (&fetch);
  data->kind = kind;
  g_task_set_task_data (task, data, (GDestroyNotify) url_data_free);
  g_task_run_in_thread (task, import_url_thread);
}

/**
 * wd_importer_import_url_async:
 * @self: a #WdImporter
 * @url: an http or https address
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the source is stored or the import failed
 * @user_data: data for @callback
 *
 * Fetches @url, extracts its article off the calling thread, checks the
 * publisher's policy and stores the source with its Inbox brief (or finds
 * the brief already there).
 */
void
wd_importer_import_url_async (WdImporter          *self,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_import_url_async);
  wd_fetcher_fetch_async (self->fetcher, url, cancellable, on_fetched, task);
}

/**
 * wd_importer_import_url_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #WD_IMPORT_ERROR or #WD_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_url_finish (WdImporter    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * wd_importer_import_file:
 * @self: a #WdImporter
 * @path: a .html, .htm, .md or .txt file
 * @error: return location for a #GError
 *
 * Imports a file, blocking: HTML is decoded and its article extracted,
 * Markdown and text are taken as they are (the title is the first heading
 * or the first line). Other names are sniffed. Empty and binary files are
 * refused.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_file (WdImporter  *self,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize length = 0;
  gsize text_length = 0;
  BodyKind kind;

  g_return_val_if_fail (WD_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &read_error))
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_FAILED,
                   /* Translators: %s is a file; the second %s says why, as the system
                    * tells it */
                   _("The file %s could not be read (%s); check that it exists and that "
                     "you may read it."), path, read_error->message);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY,
                   _("The file %s is empty; there is nothing to import."), path);
      return NULL;
    }
  if (looks_binary ((const guint8 *) contents, length))
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("The file %s does not look like text or a web page; import .html, "
                     ".htm, .md or .txt files."), path);
      return NULL;
    }

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
      g_str_has_suffix (lower, ".xhtml"))
    kind = KIND_HTML;
  else if (g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown") ||
           g_str_has_suffix (lower, ".txt"))
    kind = KIND_TEXT;
  else
    {
      g_autofree char *type = g_content_type_guess (path, (const guchar *) contents,
                                                    MIN (length, 4096), NULL);

      kind = g_content_type_is_a (type, "text/html") ? KIND_HTML : KIND_TEXT;
    }

  text = wd_charset_decode ((const guint8 *) contents, length,
                            kind == KIND_HTML ? "text/html" : "text/plain",
                            NULL, &text_length);
  if (text == NULL)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("The file %s does not look like text or a web page; import .html, "
                     ".htm, .md or .txt files."), path);
      return NULL;
    }

  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      uri = g_file_get_uri (file);
    }
  return store_body (self, text, text_length, kind, uri, path, error);
}

/**
 * wd_importer_import_text:
 * @self: a #WdImporter
 * @text: pasted text, UTF-8
 * @error: return location for a #GError
 *
 * Imports pasted text as a source, blocking; its title is its first line.
 * The text is stored under an address made from its content, so the same
 * text pasted twice gives the same brief.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_text (WdImporter  *self,
                         const char  *text,
                         GError     **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (WD_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("The pasted text is not valid UTF-8; paste it again from its source."));
      return NULL;
    }
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY,
                   _("The pasted text is empty; there is nothing to import."));
      return NULL;
    }
  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, stripped, -1);
  address = g_strconcat ("urn:sha256:", checksum, NULL);
  return store_body (self, stripped, strlen (stripped), KIND_TEXT, address,
                     /* Translators: names pasted text in "%s holds no text" */
                     _("The pasted text"), error);
}

/* The blocking imports, run in a GTask thread: the input is the task data. */
static void
import_file_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  WdImportResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = wd_importer_import_file (source_object, task_data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) wd_import_result_free);
}

static void
import_text_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  WdImportResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  result = wd_importer_import_text (source_object, task_data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) wd_import_result_free);
}

/**
 * wd_importer_import_file_async:
 * @self: a #WdImporter
 * @path: a .html, .htm, .md or .txt file
 * @cancellable: (nullable): a #GCancellable, honoured until the work starts
 * @callback: called when the source is stored or the import failed
 * @user_data: data for @callback
 *
 * Like wd_importer_import_file(), with the reading, extraction and store
 * calls in a worker thread.
 */
void
wd_importer_import_file_async (WdImporter          *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_import_file_async);
  /* Once the source is stored, say so even if cancelled meanwhile. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, import_file_thread);
}

/**
 * wd_importer_import_file_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_file_finish (WdImporter    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * wd_importer_import_text_async:
 * @self: a #WdImporter
 * @text: pasted text, UTF-8
 * @cancellable: (nullable): a #GCancellable, honoured until the work starts
 * @callback: called when the source is stored or the import failed
 * @user_data: data for @callback
 *
 * Like wd_importer_import_text(), with the store calls in a worker thread.
 */
void
wd_importer_import_text_async (WdImporter          *self,
                               const char          *text,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_import_text_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_strdup (text), g_free);
  g_task_run_in_thread (task, import_text_thread);
}

/**
 * wd_importer_import_text_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_text_finish (WdImporter    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
