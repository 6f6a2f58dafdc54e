/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-importer"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "wd-importer.h"
#include "wd-importer-private.h"
#include "wd-charset.h"
#include "wd-import-error.h"

/* The invented articles in data/samples/ are stored under addresses of a
 * reserved domain (RFC 2606), one per file name, so importing them again
 * finds the briefs already there instead of adding copies. */
#define SAMPLES_BASE "https://samples.wiredesk.example/"

/**
 * wd_importer_import_html:
 * @self: a #WdImporter
 * @html: (array length=length): the bytes of a web page, in any charset it declares
 * @length: the length of @html in bytes
 * @address: the address the page is stored under, such as its http(s) URL
 * @error: return location for a #GError
 *
 * Imports a web page held in memory, blocking: it is decoded, its article
 * extracted and stored as a source with its brief, like a page fetched from
 * @address. A page already stored under @address (or its canonical URL)
 * gives the existing brief, with existed set.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_html (WdImporter  *self,
                         const char  *html,
                         gsize        length,
                         const char  *address,
                         GError     **error)
{
  g_autofree char *text = NULL;
  gsize text_length = 0;

  g_return_val_if_fail (WD_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (html != NULL || length == 0, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  if (length == 0)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY,
                   _("%s holds no text; there is nothing to import."), address);
      return NULL;
    }
  text = wd_charset_decode ((const guint8 *) html, length, "text/html", NULL, &text_length);
  if (text == NULL)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_PARSE,
                   _("The page could not be read as HTML; check that it is a web page."));
      return NULL;
    }
  return wd_importer_store_html (self, text, text_length, address, address, error);
}

typedef struct {
  GBytes *html;
  char   *address;
} HtmlInput;

static void
html_input_free (HtmlInput *input)
{
  g_bytes_unref (input->html);
  g_free (input->address);
  g_free (input);
}

static void
import_html_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  HtmlInput *input = task_data;
  GError *error = NULL;
  WdImportResult *result;
  gsize length = 0;
  const char *html;

  if (g_task_return_error_if_cancelled (task))
    return;
  html = g_bytes_get_data (input->html, &length);
  result = wd_importer_import_html (source_object, html, length, input->address, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) wd_import_result_free);
}

/**
 * wd_importer_import_html_async:
 * @self: a #WdImporter
 * @html: (array length=length): the bytes of a web page, copied
 * @length: the length of @html in bytes
 * @address: the address the page is stored under
 * @cancellable: (nullable): a #GCancellable, honoured until the work starts
 * @callback: called when the source is stored or the import failed
 * @user_data: data for @callback
 *
 * Like wd_importer_import_html(), with the extraction and store calls in a
 * worker thread.
 */
void
wd_importer_import_html_async (WdImporter          *self,
                               const char          *html,
                               gsize                length,
                               const char          *address,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  HtmlInput *input;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (html != NULL || length == 0);
  g_return_if_fail (address != NULL);

  input = g_new0 (HtmlInput, 1);
  input->html = g_bytes_new (html, length);
  input->address = g_strdup (address);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_import_html_async);
  /* Once the source is stored, say so even if cancelled meanwhile. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, input, (GDestroyNotify) html_input_free);
  g_task_run_in_thread (task, import_html_thread);
}

/**
 * wd_importer_import_html_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with @error set
 */
WdImportResult *
wd_importer_import_html_finish (WdImporter    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names of the .html files in @folder, sorted, so the samples are
 * imported in the same order everywhere. */
static GPtrArray *
list_samples (GFile         *folder,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = g_file_get_parse_name (folder);

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  while (children != NULL)
    {
      GFileInfo *info = g_file_enumerator_next_file (children, cancellable, &local_error);
      const char *name;

      if (info == NULL)
        break;
      name = g_file_info_get_name (info);
      if (g_str_has_suffix (name, ".html") && strlen (name) > strlen (".html"))
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }
  if (local_error != NULL)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_FAILED,
                   /* Translators: %s is a folder; the second %s says why */
                   _("The sample articles in %s could not be read (%s); reinstall Wiredesk."),
                   where, local_error->message);
      return NULL;
    }
  if (names->len == 0)
    {
      g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY,
                   _("There are no sample articles in %s; reinstall Wiredesk."), where);
      return NULL;
    }
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

static GPtrArray *
import_samples (WdImporter    *self,
                GFile         *folder,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) results = NULL;

  names = list_samples (folder, cancellable, error);
  if (names == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) wd_import_result_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) file = g_file_get_child (folder, name);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *address = NULL;
      WdImportResult *result;
      gsize length = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, &local_error))
        {
          g_autofree char *where = g_file_get_parse_name (file);

          g_set_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_FAILED,
                       /* Translators: %s is a file; the second %s says why */
                       _("The sample article %s could not be read (%s); reinstall Wiredesk."),
                       where, local_error->message);
          return NULL;
        }
      stem = g_strndup (name, strlen (name) - strlen (".html"));
      address = g_strconcat (SAMPLES_BASE, stem, NULL);
      result = wd_importer_import_html (self, contents, length, address, error);
      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

static void
import_samples_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *results;

  if (g_task_return_error_if_cancelled (task))
    return;
  results = import_samples (source_object, task_data, cancellable, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * wd_importer_import_samples_async:
 * @self: a #WdImporter
 * @folder: the folder of sample articles, such as
 *   resource:///org/wiredesk/Wiredesk/samples or data/samples in the sources
 * @cancellable: (nullable): a #GCancellable, checked before each article
 * @callback: called when every sample is stored or one failed
 * @user_data: data for @callback
 *
 * Imports every .html file in @folder, in the order of their names, in a
 * worker thread. Each is stored under https://samples.wiredesk.example/NAME
 * (NAME being the file name without .html), so importing the samples again
 * gives the existing briefs. Samples imported before a failure or a
 * cancellation stay in the archive.
 */
void
wd_importer_import_samples_async (WdImporter          *self,
                                  GFile               *folder,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WD_IS_IMPORTER (self));
  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_importer_import_samples_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_object_ref (folder), g_object_unref);
  g_task_run_in_thread (task, import_samples_thread);
}

/**
 * wd_importer_import_samples_finish:
 * @self: a #WdImporter
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type WdImportResult) (nullable): a
 *   #WdImportResult per sample, in the order of the file names, or %NULL
 *   with @error set
 */
GPtrArray *
wd_importer_import_samples_finish (WdImporter    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
