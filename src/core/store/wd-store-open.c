/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "wd-store.h"
#include "wd-store-private.h"

/* Opening */

static gboolean
is_write_protected (const char *path,
                    mode_t      mode)
{
  /* Root may write anything, so access() alone would not stop it; a file
   * the user marked with no write bit at all is meant to stay as it is. */
  return (mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || g_access (path, W_OK) != 0;
}

/* Decides from what the file says about itself whether it may be opened:
 * another program's database (a foreign application id, or any schema
 * without ours; @n_objects is -1 when not known yet) or a newer schema are
 * refused before anything is written. */
static gboolean
check_identity (const char  *path,
                guint32      application_id,
                int          user_version,
                int          n_objects,
                GError     **error)
{
  if (application_id != WD_STORE_APPLICATION_ID &&
      (application_id != 0 || user_version != 0 || n_objects > 0))
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_ARCHIVE,
                   _("The file %s is an SQLite database of another program, not a "
                     "Wiredesk archive; choose another file (this one was left unchanged)."),
                   path);
      return FALSE;
    }

  if (user_version > WD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_TOO_NEW,
                   /* Translators: %s is the archive's path, the first %d the
                    * archive's schema version, the second the newest one this
                    * Wiredesk knows. */
                   _("The archive %s was written by a newer Wiredesk (schema %d, this one "
                     "knows %d); update Wiredesk to open it."),
                   path, user_version, WD_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Reads the 100-byte SQLite header with plain file I/O: unlike an SQLite
 * connection, even a read-only one on a WAL archive, this can never
 * create a journal beside the file or change it. */
static gboolean
probe_header (const char  *path,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  guint8 header[100];
  gssize n = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      do
        n = read (fd, header, sizeof header);
      while (n < 0 && errno == EINTR);
      close (fd);
    }

  if (fd < 0 || n < 0)
    {
      int errsv = errno;

      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_OPEN,
                   /* Translators: the first %s is the archive's path, the second
                    * the system's message. */
                   _("The archive %s cannot be read (%s); check that it is accessible."),
                   path, g_strerror (errsv));
      return FALSE;
    }

  if (n < (gssize) sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_ARCHIVE,
                   _("The file %s is not a Wiredesk archive; choose another file "
                     "(this one was left unchanged)."), path);
      return FALSE;
    }

  return check_identity (path, read_be32 (header + 68), (int) read_be32 (header + 60), -1,
                         error);
}

/* The same check through the writer connection, before it writes: a WAL
 * archive's journal may hold a newer header than the file, and only SQLite
 * can tell whether a schema is there. */
static gboolean
check_connection (sqlite3     *db,
                  const char  *path,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  guint32 application_id = 0;
  int user_version = 0;
  int n_objects = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT (SELECT user_version FROM pragma_user_version),"
                           "       (SELECT application_id FROM pragma_application_id),"
                           "       (SELECT count(*) FROM sqlite_schema)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          user_version = sqlite3_column_int (stmt, 0);
          application_id = (guint32) sqlite3_column_int (stmt, 1);
          n_objects = sqlite3_column_int (stmt, 2);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      wd_store_set_sqlite_error (error, rc, db, path, _("read it"));
      return FALSE;
    }

  return check_identity (path, application_id, user_version, n_objects, error);
}

static WdStore *
store_open (const char    *path,
            GMainContext  *main_context,
            GError       **error)
{
  g_autoptr(WdStore) self = NULL;
  g_autofree char *dir = NULL;
  sqlite3 *db = NULL;
  struct stat st;
  gboolean exists;
  int rc;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);

  dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_OPEN,
                   /* Translators: the first %s is the archive's path, the second
                    * the system's message. */
                   _("The folder for the archive %s cannot be created (%s); choose a "
                     "location you can write to."), path, g_strerror (errsv));
      return NULL;
    }

  exists = g_stat (path, &st) == 0;

  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_OPEN,
                   _("The archive path %s is a folder, not a file; give the path of the "
                     "archive file itself."), path);
      return NULL;
    }

  if (exists && is_write_protected (path, st.st_mode))
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_READ_ONLY,
                   _("The archive %s is read-only; make it writable (chmod u+w) or open "
                     "a copy of it."), path);
      return NULL;
    }

  {
    struct stat dir_st;

    /* WAL keeps its journal beside the archive, so the folder must be
     * writable too. */
    if (g_stat (dir, &dir_st) == 0 && is_write_protected (dir, dir_st.st_mode))
      {
        g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_READ_ONLY,
                     _("The folder of the archive %s is read-only, so Wiredesk cannot "
                       "keep its journal there; make the folder writable or move the "
                       "archive."), path);
        return NULL;
      }
  }

  if (exists && st.st_size > 0 && !probe_header (path, error))
    return NULL;

  rc = _wd_open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db);
  if (rc != SQLITE_OK)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      wd_store_set_sqlite_error (error, rc, db, path, _("open it"));
      sqlite3_close (db);
      return NULL;
    }

  if (!check_connection (db, path, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  {
    sqlite3_stmt *stmt = NULL;

    rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
    if (rc == SQLITE_OK)
      {
        rc = sqlite3_step (stmt);
        if (rc == SQLITE_ROW)
          {
            if (g_strcmp0 (_wd_column_text (stmt, 0), "wal") != 0)
              g_debug ("Archive %s stays in journal mode %s", path, _wd_column_text (stmt, 0));
            rc = SQLITE_OK;
          }
      }
    sqlite3_finalize (stmt);
  }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON",
                       NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      wd_store_set_sqlite_error (error, rc, db, path, _("open it"));
      sqlite3_close (db);
      return NULL;
    }

  if (!wd_store_schema_migrate (db, path, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  self = g_object_new (WD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->main_context = g_main_context_ref (main_context);
  self->writer = _wd_conn_new (db);

  /* Briefs deleted over an hour ago: whatever offered their Undo is long
   * gone (a crash, another process). Trying again at the next open is as
   * good, so a failure here only goes to the debug log. */
  {
    g_autoptr(GError) purge_error = NULL;

    if (!wd_store_purge_deleted (self, _wd_now_unix () - 3600, &purge_error))
      g_debug ("Deleted briefs stay until the next open: %s", purge_error->message);
  }

  return g_steal_pointer (&self);
}

/**
 * wd_store_default_path:
 *
 * Gets where the archive lives when no path is given: `$WIREDESK_DB` when
 * it is set and not empty, else `$XDG_DATA_HOME/wiredesk/archive.db`.
 *
 * Returns: (transfer full): the path
 */
char *
wd_store_default_path (void)
{
  const char *env = g_getenv ("WIREDESK_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return g_build_filename (g_get_user_data_dir (), "wiredesk", "archive.db", NULL);
}

/**
 * wd_store_open:
 * @path: the archive file
 * @error: return location for a #WD_STORE_ERROR
 *
 * Opens the archive at @path, creating the file and its folder when they
 * are missing and upgrading an older schema one migration at a time. It
 * refuses, without changing a byte, a file that is not an archive
 * (%WD_STORE_ERROR_NOT_ARCHIVE), one written by a newer Wiredesk
 * (%WD_STORE_ERROR_TOO_NEW), and one that is write-protected or sits in a
 * write-protected folder (%WD_STORE_ERROR_READ_ONLY). "changed" will be
 * emitted on the thread-default main context of the calling thread.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WdStore *
wd_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return store_open (path, context, error);
}

typedef struct
{
  char *path;
  GMainContext *main_context;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *od = data;

  g_free (od->path);
  g_main_context_unref (od->main_context);
  g_free (od);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *od = task_data;
  WdStore *store;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  store = store_open (od->path, od->main_context, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/**
 * wd_store_open_async:
 * @path: the archive file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Opens the archive as wd_store_open() does, in a worker thread (the
 * upgrade of a big archive may take a while). "changed" is emitted on
 * the calling thread's thread-default main context.
 */
void
wd_store_open_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *od;

  g_return_if_fail (path != NULL);

  od = g_new0 (OpenData, 1);
  od->path = g_strdup (path);
  od->main_context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wd_store_open_async);
  g_task_set_task_data (task, od, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * wd_store_open_finish:
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_open_async().
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
WdStore *
wd_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_store_open_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
