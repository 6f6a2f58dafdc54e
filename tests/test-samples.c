/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-samples"

#include <string.h>

#include "import/wd-importer.h"
#include "import/wd-import-error.h"
#include "wd-test-util.h"

/* The sample articles of data/samples/, read from the source tree, go into
 * a real archive in a temporary directory, as the empty states' button
 * imports them from the app's resources. */

typedef struct {
  const char *name;       /* the file name without .html */
  const char *title;
  const char *byline;
  const char *publisher;
  const char *published;  /* ISO 8601, UTC */
} Sample;

/* What an editor sees for each sample; in the order of the file names. */
static const Sample samples[] = {
  { "council-riverfront", "Harbourton council votes to close Quay Street to cars by 2028",
    "Amira Osei", "Harbourton Courier", "2026-03-12T21:40:00Z" },
  { "football-promotion",
    "Elmsford Rovers Women seal promotion with a late winner in front of a record crowd",
    "Sam Whitlock", "Valley Sports Desk", "2026-04-26T17:05:00Z" },
  { "logistics-earnings",
    "Norvik Logistics profit falls 18% as freight rates slide; shares drop",
    "Priya Nandakumar", "Ledger & Line", "2026-07-23T05:15:00Z" },
  { "wheat-trial", "Wheat bred to close its pores early held its yield through a dry summer",
    "Lukas Brandt", "Meridian Science Weekly", "2026-05-06T14:00:00Z" },
};

typedef struct {
  WdStore    *store;
  WdContext  *context;
  WdImporter *importer;
  GFile      *folder;
} Fixture;

static char *
samples_dir (void)
{
  const char *root = g_getenv ("WIREDESK_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "samples", NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(WdConfig) config = wd_config_new_empty ();
  g_autofree char *dir = samples_dir ();

  f->store = wd_test_open_store (NULL);
  f->context = wd_context_new (f->store, config);
  f->importer = wd_importer_new (f->context);
  f->folder = g_file_new_for_path (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A GTask thread drops its reference to the importer only after the
   * callback ran; let it. */
  while (g_atomic_int_get (&G_OBJECT (f->importer)->ref_count) > 1)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_finalize_object (f->importer);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
  g_clear_object (&f->folder);
}

typedef struct {
  GPtrArray      *results;
  WdImportResult *result;
  GError         *error;
  gboolean        done;
} Outcome;

static void
on_samples_imported (GObject      *object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->results = wd_importer_import_samples_finish (WD_IMPORTER (object), res,
                                                        &outcome->error);
  outcome->done = TRUE;
}

static void
on_html_imported (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->result = wd_importer_import_html_finish (WD_IMPORTER (object), res,
                                                    &outcome->error);
  outcome->done = TRUE;
}

/* Imports the samples of @folder and waits; exactly one of the two is set. */
static GPtrArray *
import_samples (Fixture       *f,
                GFile         *folder,
                GCancellable  *cancellable,
                GError       **error)
{
  Outcome outcome = { 0 };

  wd_importer_import_samples_async (f->importer, folder, cancellable, on_samples_imported,
                                    &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true ((outcome.results == NULL) != (outcome.error == NULL));
  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.results;
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      n++;
  return n;
}

/* The source of a brief, as the app shows it beside the brief. */
static WdSource *
source_of (Fixture *f,
           gint64   brief_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdBrief) brief = wd_store_load_brief (f->store, brief_id, &error);
  WdSource *source;

  g_assert_no_error (error);
  g_assert_nonnull (brief);
  source = wd_store_get_source (f->store, wd_brief_get_source_id (brief), &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);
  return source;
}

/* Every sample comes in with its title, byline, date and publisher, and
 * the whole article as its text (the list and the quotation included, the
 * site's navigation and footer left out); importing them again gives the
 * same briefs, marked as existing, and adds none. */
static void
test_import_samples (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  guint n_briefs;

  results = import_samples (f, f->folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, G_N_ELEMENTS (samples));

  for (guint i = 0; i < results->len; i++)
    {
      WdImportResult *result = g_ptr_array_index (results, i);
      const Sample *sample = &samples[i];
      g_autofree char *address = g_strconcat ("https://samples.wiredesk.example/",
                                              sample->name, NULL);
      g_autoptr(WdSource) source = source_of (f, result->brief_id);
      g_autofree char *published = NULL;
      const char *text = wd_source_get_text (source);

      g_test_message ("sample %s", sample->name);
      g_assert_false (result->existed);
      g_assert_cmpint (result->policy, ==, WD_POLICY_SUMMARIZE);
      g_assert_cmpstr (result->title, ==, sample->title);
      g_assert_cmpstr (result->url, ==, address);
      g_assert_cmpstr (wd_source_get_url (source), ==, address);
      g_assert_cmpstr (wd_source_get_title (source), ==, sample->title);
      g_assert_cmpstr (wd_source_get_byline (source), ==, sample->byline);
      g_assert_cmpstr (wd_source_get_publisher_name (source), ==, sample->publisher);
      g_assert_cmpstr (wd_source_get_language (source), ==, "en");
      g_assert_nonnull (wd_source_get_published_at (source));
      published = g_date_time_format_iso8601 (wd_source_get_published_at (source));
      g_assert_cmpstr (published, ==, sample->published);

      g_assert_nonnull (text);
      g_assert_cmpuint (count_words (text), >=, 300);
      g_assert_cmpuint (count_words (text), <=, 600);
      g_assert_true (strstr (text, "\n- ") != NULL || strstr (text, "\n1. ") != NULL);
      g_assert_nonnull (strstr (text, "\n> "));
      g_assert_null (strstr (text, "©"));
      g_assert_null (strstr (text, "Subscribe"));
      /* The headline and the byline are shown apart, not in the text. */
      g_assert_false (g_str_has_prefix (text, sample->title));
      g_assert_null (strstr (text, sample->byline));

      for (guint j = 0; j < i; j++)
        g_assert_cmpint (((WdImportResult *) g_ptr_array_index (results, j))->brief_id, !=,
                         result->brief_id);
    }

  n_briefs = wd_store_count_briefs (f->store, WD_BRIEF_FILTER_INBOX, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_briefs, ==, G_N_ELEMENTS (samples));

  again = import_samples (f, f->folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, results->len);
  for (guint i = 0; i < again->len; i++)
    {
      WdImportResult *first = g_ptr_array_index (results, i);
      WdImportResult *second = g_ptr_array_index (again, i);

      g_assert_true (second->existed);
      g_assert_cmpint (second->brief_id, ==, first->brief_id);
    }
  g_assert_cmpuint (wd_store_count_briefs (f->store, WD_BRIEF_FILTER_ALL, &error), ==,
                    G_N_ELEMENTS (samples));
  g_assert_no_error (error);
}

/* One page from memory: stored under the address given, found again there;
 * an empty page and a folder without samples are refused with a reason. */
static void
test_import_html (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_get_child (f->folder, "wheat-trial.html");
  g_autoptr(GError) error = NULL;
  g_autoptr(WdImportResult) result = NULL;
  g_autoptr(WdImportResult) again = NULL;
  g_autoptr(WdImportResult) empty = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autoptr(GFile) empty_folder = g_file_new_for_path (dir);
  g_autoptr(GFile) missing_folder = g_file_get_child (empty_folder, "missing");
  Outcome outcome = { 0 };
  gsize length = 0;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  g_assert_no_error (error);

  wd_importer_import_html_async (f->importer, contents, length,
                                 "https://example.org/science/wheat", NULL,
                                 on_html_imported, &outcome);
  /* The page is copied: the caller may free it at once. */
  memset (contents, 0, length);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  result = outcome.result;
  g_assert_false (result->existed);
  g_assert_cmpstr (result->url, ==, "https://example.org/science/wheat");
  g_assert_cmpstr (result->title, ==, samples[3].title);

  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  again = wd_importer_import_html (f->importer, contents, length,
                                   "https://example.org/science/wheat", &error);
  g_assert_no_error (error);
  g_assert_true (again->existed);
  g_assert_cmpint (again->brief_id, ==, result->brief_id);

  empty = wd_importer_import_html (f->importer, "", 0, "https://example.org/empty", &error);
  g_assert_null (empty);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "https://example.org/empty"));
  g_clear_error (&error);

  none = import_samples (f, empty_folder, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);

  none = import_samples (f, missing_folder, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, WD_IMPORT_ERROR, WD_IMPORT_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpuint (wd_store_count_briefs (f->store, WD_BRIEF_FILTER_ALL, &error), ==, 1);
  g_assert_no_error (error);
}

/* Cancelled before it starts: nothing is imported. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  results = import_samples (f, f->folder, cancellable, &error);
  g_assert_null (results);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (wd_store_count_briefs (f->store, WD_BRIEF_FILTER_ALL, &error), ==, 0);
  g_assert_no_error (error);
}

/* Every sample file is compiled into the app's resources under
 * samples/NAME.html, so the app imports them without being installed; and
 * the folder says where the articles come from. */
static void
test_registered (void)
{
  const char *root = g_getenv ("WIREDESK_SOURCE_ROOT");
  g_autofree char *dir = samples_dir ();
  g_autofree char *xml_path = g_build_filename (root, "data", "wiredesk.gresource.xml", NULL);
  g_autofree char *readme = g_build_filename (dir, "README.md", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) folder = NULL;
  const char *name;
  guint n = 0;

  g_assert_true (g_file_get_contents (xml_path, &xml, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (readme, G_FILE_TEST_IS_REGULAR));

  folder = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *line = NULL;

      if (!g_str_has_suffix (name, ".html"))
        continue;
      line = g_strdup_printf ("<file alias=\"samples/%s\">data/samples/%s</file>", name, name);
      g_test_message ("%s", line);
      g_assert_nonnull (strstr (xml, line));
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (samples));
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/samples/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("import", test_import_samples);
  ADD ("import-html", test_import_html);
  ADD ("cancelled", test_cancelled);
  g_test_add_func ("/samples/registered", test_registered);

#undef ADD

  return g_test_run ();
}
