/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store-concurrency"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "wd-test-util.h"

#define CRASH_CHILD_ENV "WD_TEST_CRASH_CHILD_DB"
#define N_WRITES 200
#define N_READERS 3

typedef struct
{
  WdStore *store;     /* the readers' store */
  const char *path;
  gint running;       /* atomic: writers still running */
  gint reads;         /* atomic: rounds of reads done */
} Shared;

typedef struct
{
  Shared *shared;
  WdStore *store;
  const char *prefix;
} Writer;

static char *
article_text (const char *prefix,
              guint       i)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Report %s-%u. ", prefix, i);
  for (guint j = 0; j < 40; j++)
    g_string_append_printf (text, "Paragraph %u of report %s-%u says little of note. ",
                            j, prefix, i);

  return g_string_free (text, FALSE);
}

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *title = g_strdup_printf ("Report %s-%u", writer->prefix, i);
      g_autofree char *url = g_strdup_printf ("https://%s.example/%u", writer->prefix, i);
      g_autofree char *text = article_text (writer->prefix, i);
      gint64 id;

      id = wd_test_add_source (writer->store, title, url, "Wire", text);
      wd_store_add_revision (writer->store, id, WD_SECTION_SUMMARY, "A short summary.", NULL,
                             &error);
      g_assert_no_error (error);
    }

  g_atomic_int_add (&writer->shared->running, -1);
  return NULL;
}

static gpointer
reader_thread (gpointer data)
{
  Shared *shared = data;
  sqlite3 *db = NULL;
  guint last_count = 0;

  /* A raw connection too, to check that every snapshot is whole: a brief
   * never shows up without its four sections. */
  g_assert_cmpint (sqlite3_open_v2 (shared->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  while (g_atomic_int_get (&shared->running) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = NULL;
      sqlite3_stmt *stmt = NULL;
      guint count;

      count = wd_store_count_briefs (shared->store, WD_BRIEF_FILTER_ALL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (count, >=, last_count);
      last_count = count;

      page = wd_store_list_briefs (shared->store, WD_BRIEF_FILTER_ALL, 0, 20, &error);
      g_assert_no_error (error);
      if (page->len > 0)
        {
          g_autoptr(WdBrief) brief = NULL;

          brief = wd_store_load_brief (shared->store,
                                       wd_brief_get_id (g_ptr_array_index (page, 0)),
                                       &error);
          g_assert_no_error (error);
          g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_sections (brief)), ==,
                            WD_SECTION_N_KINDS);
        }

      {
        g_autoptr(GPtrArray) hits = wd_store_search (shared->store, "paragraph", 10,
                                                     &error);

        g_assert_no_error (error);
        g_assert_cmpuint (hits->len, <=, 10);
      }

      g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM briefs),"
                                               " (SELECT count(*) FROM sections)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 4 * sqlite3_column_int (stmt, 0));
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

      g_atomic_int_inc (&shared->reads);
    }

  sqlite3_close (db);
  return NULL;
}

static void
test_readers_while_writing (void)
{
  g_autofree char *path = NULL;
  g_autoptr(WdStore) store = wd_test_open_store (&path);
  g_autoptr(WdStore) second = NULL;
  g_autoptr(GError) error = NULL;
  Shared shared = { store, NULL, 2, 0 };
  Writer writer1 = { &shared, store, "one" };
  Writer writer2 = { &shared, NULL, "two" };
  GThread *writers[2];
  GThread *readers[N_READERS];

  shared.path = path;

  /* A second store on the same file, as another process would have:
   * its writes wait for the lock instead of failing. */
  second = wd_store_open (path, &error);
  g_assert_no_error (error);
  writer2.store = second;

  for (guint i = 0; i < N_READERS; i++)
    readers[i] = g_thread_new ("reader", reader_thread, &shared);
  writers[0] = g_thread_new ("writer1", writer_thread, &writer1);
  writers[1] = g_thread_new ("writer2", writer_thread, &writer2);

  g_thread_join (writers[0]);
  g_thread_join (writers[1]);
  for (guint i = 0; i < N_READERS; i++)
    g_thread_join (readers[i]);

  g_assert_cmpint (g_atomic_int_get (&shared.reads), >, 0);
  g_assert_cmpuint (wd_store_count_briefs (store, WD_BRIEF_FILTER_ALL, &error), ==,
                    2 * N_WRITES);
  g_assert_no_error (error);
  g_assert_cmpuint (wd_store_count_briefs (second, WD_BRIEF_FILTER_ALL, &error), ==,
                    2 * N_WRITES);
  g_assert_no_error (error);
}

/* The crash test's child: writes briefs until it is killed, printing each
 * brief id and its number once both of its transactions have committed. */
static int
run_crash_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WdStore) store = wd_store_open (path, &error);

  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (guint i = 0; ; i++)
    {
      g_autofree char *title = g_strdup_printf ("Crash report %u", i);
      g_autofree char *url = g_strdup_printf ("https://crash.example/%u", i);
      g_autofree char *text = article_text ("crash", i);
      g_autofree char *summary = g_strdup_printf ("Summary number %u.", i);
      g_autoptr(WdSource) source = wd_source_new ();
      gint64 id;

      wd_source_set_title (source, title);
      wd_source_set_url (source, url);
      wd_source_set_text (source, text);
      id = wd_store_add_source (store, source, NULL, &error);
      if (id == 0 ||
          wd_store_add_revision (store, id, WD_SECTION_SUMMARY, summary, NULL, &error) == 0)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }

      g_print ("%" G_GINT64_FORMAT " %u\n", id, i);
      fflush (stdout);
    }

  return 0;
}

static void
check_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  if (sqlite3_exec (db,
                    "INSERT INTO sources_fts (sources_fts) VALUES ('integrity-check');"
                    "INSERT INTO briefs_fts (briefs_fts) VALUES ('integrity-check');",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("FTS integrity check failed: %s", message);

  sqlite3_close (db);
}

static void
test_crash_keeps_commits (void)
{
  g_autofree char *dir = wd_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "archive.db", NULL);
  g_autofree char *self_exe = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_autoptr(WdStore) store = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[2];
  GPid pid;
  int out_fd;
  int status;
  guint n_reported = 0;
  guint checked = 0;

  self_exe = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  argv[0] = self_exe;
  argv[1] = NULL;
  envp = g_environ_setenv (g_get_environ (), CRASH_CHILD_ENV, path, TRUE);

  g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                            NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* Let it commit a good number of briefs, then kill it mid-stream. */
  while (n_reported < 60)
    {
      char buffer[4096];
      gssize n = read (out_fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (output, buffer, n);
      n_reported = 0;
      for (const char *p = output->str; *p != '\0'; p++)
        n_reported += *p == '\n';
    }

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_spawn_close_pid (pid);

  /* What it reported before dying is still in the pipe. */
  for (;;)
    {
      char buffer[4096];
      gssize n = read (out_fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (output, buffer, n);
    }
  close (out_fd);

  check_integrity (path);

  store = wd_store_open (path, &error);
  g_assert_no_error (error);

  lines = g_strsplit (output->str, "\n", -1);
  /* The last piece has no newline: a line cut off by the kill. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autoptr(WdBrief) brief = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *title = NULL;
      gint64 id;
      guint number;

      g_assert_cmpint (sscanf (lines[i], "%" G_GINT64_FORMAT " %u", &id, &number), ==, 2);
      brief = wd_store_load_brief (store, id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (wd_brief_get_sections (brief)), ==,
                        WD_SECTION_N_KINDS);
      summary = g_strdup_printf ("Summary number %u.", number);
      g_assert_cmpstr (wd_section_get_text (wd_brief_get_section (brief,
                                                                  WD_SECTION_SUMMARY)),
                       ==, summary);
      title = g_strdup_printf ("Crash report %u", number);
      g_assert_cmpstr (wd_brief_get_source_title (brief), ==, title);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 60);

  /* The archive takes new writes after the crash. */
  wd_test_add_source (store, "After the crash", "https://crash.example/after", "X",
                      "Life goes on.");
  g_clear_object (&store);
  check_integrity (path);
}

int
main (int   argc,
      char *argv[])
{
  const char *crash_db = g_getenv (CRASH_CHILD_ENV);

  if (crash_db != NULL)
    return run_crash_child (crash_db);

  wd_test_init (&argc, &argv);

  g_test_add_func ("/store/concurrency/readers-while-writing", test_readers_while_writing);
  g_test_add_func ("/store/concurrency/crash-keeps-commits", test_crash_keeps_commits);

  return g_test_run ();
}
