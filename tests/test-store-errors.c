/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-errors"

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "wd-test-util.h"

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
assert_same_bytes (const char *path,
                   GBytes     *before)
{
  g_autoptr(GBytes) after = read_bytes (path);

  if (!g_bytes_equal (before, after))
    g_error ("%s changed (%zu bytes before, %zu after)", path, g_bytes_get_size (before),
             g_bytes_get_size (after));
}

static void
assert_no_journal (const char *path)
{
  const char *suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      if (g_file_test (name, G_FILE_TEST_EXISTS))
        g_error ("%s was left behind", name);
    }
}

/* Opening @path must fail with @code, naming the file, changing nothing. */
static void
assert_refused (const char *path,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);

  if (existed)
    before = read_bytes (path);

  store = wd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WD_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  /* One sentence. */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_suffix (error->message, "."));

  if (existed)
    assert_same_bytes (path, before);
  else
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static char *
make_archive_with_data (void)
{
  g_autofree char *path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&path);

  wd_test_seed (store, 8);
  return g_steal_pointer (&path);
}

static void
test_missing_directory_created (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "deep", "er", "archive.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = NULL;

  store = wd_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  wd_test_add_source (store, "Title", "https://x.example/d", "X", "Text.");
  g_clear_object (&store);

  /* Closed cleanly: the journal went back into the archive. */
  assert_no_journal (path);
}

static void
test_directory_cannot_be_made (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *blocker = g_build_filename (dir, "plain-file", NULL);
  g_autofree char *path = g_build_filename (blocker, "sub", "archive.db", NULL);
  g_autoptr(GBytes) before = NULL;

  g_assert_true (g_file_set_contents (blocker, "I am a file, not a folder.", -1, NULL));
  before = read_bytes (blocker);

  assert_refused (path, WD_STORE_ERROR_OPEN);
  assert_same_bytes (blocker, before);
}

static void
test_read_only_file (void)
{
  g_autofree char *path = make_archive_with_data ();

  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  assert_refused (path, WD_STORE_ERROR_READ_ONLY);
  assert_no_journal (path);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  /* Made writable again, it opens with everything in it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WdStore) store = wd_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==, 8);
  }
}

static void
test_read_only_directory (void)
{
  g_autofree char *path = make_archive_with_data ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *missing = g_build_filename (dir, "new.db", NULL);

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  assert_refused (path, WD_STORE_ERROR_READ_ONLY);
  assert_no_journal (path);
  /* Nor can a new archive be made there. */
  assert_refused (missing, WD_STORE_ERROR_READ_ONLY);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
}

static void
test_not_sqlite (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *binary = g_build_filename (dir, "image.db", NULL);
  g_autoptr(GByteArray) noise = g_byte_array_new ();

  g_assert_true (g_file_set_contents (text, "Shopping list:\n- bread\n- milk\n", -1, NULL));
  assert_refused (text, WD_STORE_ERROR_NOT_ARCHIVE);
  assert_no_journal (text);

  for (guint i = 0; i < 8192; i++)
    {
      guint8 b = (guint8) (i * 7919 % 251);

      g_byte_array_append (noise, &b, 1);
    }
  g_assert_true (g_file_set_contents (binary, (const char *) noise->data, noise->len, NULL));
  assert_refused (binary, WD_STORE_ERROR_NOT_ARCHIVE);
  assert_no_journal (binary);
}

static void
test_other_programs_database (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "places.sqlite", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE bookmarks (url TEXT);"
                                     "INSERT INTO bookmarks VALUES ('https://gnome.org');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused (path, WD_STORE_ERROR_NOT_ARCHIVE);
  assert_no_journal (path);
}

static void
test_newer_schema (void)
{
  g_autofree char *path = make_archive_with_data ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d",
                                          WD_STORE_SCHEMA_VERSION + 7);
  g_autofree char *versions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(WdStore) store = NULL;
  sqlite3 *db = NULL;

  /* What a later Wiredesk would leave. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  before = read_bytes (path);
  store = wd_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, WD_STORE_ERROR, WD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));
  versions = g_strdup_printf ("schema %d, this one knows %d", WD_STORE_SCHEMA_VERSION + 7,
                              WD_STORE_SCHEMA_VERSION);
  g_assert_nonnull (strstr (error->message, versions));
  assert_same_bytes (path, before);
  assert_no_journal (path);
}

static void
test_corrupt (void)
{
  g_autofree char *path = make_archive_with_data ();
  g_autoptr(GBytes) original = read_bytes (path);
  g_autoptr(GByteArray) damaged = g_byte_array_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (original, &size);

  /* Keep the 100-byte header (it still says SQLite), scribble over the
   * rest of the first page, where the schema lives. */
  g_byte_array_append (damaged, data, size);
  for (guint i = 100; i < 4096 && i < size; i++)
    damaged->data[i] = (guint8) (i * 31 % 256);
  g_assert_true (g_file_set_contents (path, (const char *) damaged->data, damaged->len,
                                      NULL));

  assert_refused (path, WD_STORE_ERROR_CORRUPT);
  assert_no_journal (path);
}

int
main (int   argc,
      char *argv[])
{
  wd_test_init (&argc, &argv);

  g_test_add_func ("/store/errors/missing-directory-created", test_missing_directory_created);
  g_test_add_func ("/store/errors/directory-cannot-be-made", test_directory_cannot_be_made);
  g_test_add_func ("/store/errors/read-only-file", test_read_only_file);
  g_test_add_func ("/store/errors/read-only-directory", test_read_only_directory);
  g_test_add_func ("/store/errors/not-sqlite", test_not_sqlite);
  g_test_add_func ("/store/errors/other-programs-database", test_other_programs_database);
  g_test_add_func ("/store/errors/newer-schema", test_newer_schema);
  g_test_add_func ("/store/errors/corrupt", test_corrupt);

  return g_test_run ();
}
