/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "wd-store.h"
#include "wd-store-private.h"
#include "wd-models-private.h"

/*
 * The archive engine.
 *
 * One writer connection, guarded by writer_lock, serves every write: a
 * synchronous write from any thread takes the lock, an asynchronous one is
 * queued to a single dedicated writer thread (so queued writes run in the
 * order they were asked for) which takes the same lock. Reads use reader
 * connections from a small pool, opened lazily; WAL lets them read a
 * consistent snapshot while the writer writes. Every statement is
 * prepared once per connection with bound parameters and cached.
 */

#define MAX_READERS 4
#define BUSY_TIMEOUT_MS 5000
#define DEFAULT_SEARCH_LIMIT 50
#define MAX_SEARCH_LIMIT 1000
#define MAX_QUERY_WORDS 32
#define MIN_PREFIX_CHARS 3

/* Search snippets mark matches with guillemets and elide with an ellipsis;
 * both are plain text, so a front end can find and style them. */
#define SNIPPET_OPEN "\xc2\xab"       /* « */
#define SNIPPET_CLOSE "\xc2\xbb"      /* » */
#define SNIPPET_ELLIPSIS "\xe2\x80\xa6" /* … */

typedef struct
{
  sqlite3      *db;
  GHashTable   *stmts;       /* static SQL text -> sqlite3_stmt, prepared once */
  GCancellable *cancellable; /* while an asynchronous read runs on it */
} WdConn;

typedef struct
{
  GTask          *task;      /* NULL: the writer thread should quit */
  GTaskThreadFunc func;
} WriteJob;

struct _WdStore
{
  GObject parent_instance;

  char *path;
  GMainContext *main_context;  /* where "changed" is emitted */

  GMutex writer_lock;
  WdConn *writer;

  GMutex readers_lock;
  GAsyncQueue *idle_readers;   /* of WdConn */
  guint n_readers;

  GMutex thread_lock;
  GAsyncQueue *write_jobs;     /* of WriteJob, for the writer thread */
  GThread *write_thread;

  GMutex changed_lock;
  GSource *changed_source;
  gint64 changed_id;
};

G_DEFINE_FINAL_TYPE (WdStore, wd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (wd-store-error-quark, wd_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A cached statement borrowed for one use: it is reset (ending any read it
 * holds open) and its bindings cleared when it goes out of scope. */
typedef sqlite3_stmt WdStmt;

static void
wd_stmt_release (WdStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdStmt, wd_stmt_release)

/* Errors */

void
wd_store_set_sqlite_error (GError     **error,
                           int          rc,
                           sqlite3     *db,
                           const char  *path,
                           const char  *doing)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_CORRUPT,
                   "The archive %s is damaged, so Wiredesk could not %s (%s); "
                   "restore it from a backup.", path, doing, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_ARCHIVE,
                   "The file %s is not a Wiredesk archive; choose another file "
                   "(this one was left unchanged).", path);
      break;

    case SQLITE_READONLY:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_READ_ONLY,
                   "The archive %s is read-only, so Wiredesk could not %s; "
                   "make the file and its folder writable.", path, doing);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_BUSY,
                   "The archive %s is locked by another program, so Wiredesk could "
                   "not %s; close the other program and try again.", path, doing);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_OPEN,
                   "The archive %s cannot be opened (%s); check that its folder "
                   "exists and is accessible.", path, detail);
      break;

    case SQLITE_FULL:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                   "The disk holding the archive %s is full, so Wiredesk could not %s; "
                   "free some space and try again.", path, doing);
      break;

    case SQLITE_IOERR:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                   "Reading or writing the archive %s failed, so Wiredesk could not %s "
                   "(%s); check the disk and try again.", path, doing, detail);
      break;

    case SQLITE_INTERRUPT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   "Wiredesk stopped trying to %s in the archive %s because it was "
                   "cancelled.", doing, path);
      break;

    default:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                   "Wiredesk could not %s in the archive %s (%s); try again, and "
                   "report a bug if it keeps happening.", doing, path, detail);
      break;
    }
}

static gboolean
fail (WdStore     *self,
      WdConn      *conn,
      int          rc,
      const char  *doing,
      GError     **error)
{
  wd_store_set_sqlite_error (error, rc, conn != NULL ? conn->db : NULL, self->path, doing);
  return FALSE;
}

/* Connections */

static void
conn_free (WdConn *conn)
{
  int rc;

  if (conn == NULL)
    return;

  g_clear_pointer (&conn->stmts, g_hash_table_unref);
  rc = sqlite3_close (conn->db);
  if (rc != SQLITE_OK)
    g_critical ("Closing an archive connection failed: %s", sqlite3_errstr (rc));
  g_free (conn);
}

static WdConn *
conn_new (sqlite3 *db)
{
  WdConn *conn = g_new0 (WdConn, 1);

  conn->db = db;
  conn->stmts = g_hash_table_new_full (NULL, NULL, NULL,
                                       (GDestroyNotify) sqlite3_finalize);
  return conn;
}

/* @sql must be a string constant: the cache is keyed by its address. */
static int
conn_prepare (WdConn        *conn,
              const char    *sql,
              sqlite3_stmt **out)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->stmts, sql);
  int rc;

  if (stmt == NULL)
    {
      rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          *out = NULL;
          return rc;
        }
      g_hash_table_insert (conn->stmts, (gpointer) sql, stmt);
    }

  *out = stmt;
  return SQLITE_OK;
}

/* Runs a statement that returns no rows. */
static int
conn_exec (WdConn     *conn,
           const char *sql)
{
  sqlite3_stmt *stmt;
  int rc;

  rc = conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;

  do
    rc = sqlite3_step (stmt);
  while (rc == SQLITE_ROW);
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
on_progress (void *data)
{
  WdConn *conn = data;

  return conn->cancellable != NULL && g_cancellable_is_cancelled (conn->cancellable);
}

static int
open_connection (const char  *path,
                 int          flags,
                 sqlite3    **out)
{
  sqlite3 *db = NULL;
  int rc;

  /* Each connection is used by one thread at a time (the writer under its
   * lock, a reader while borrowed from the pool), so SQLite's own mutexes
   * are not needed. */
  rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (db, 1);
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      *out = db;
      return SQLITE_OK;
    }

  if (db != NULL)
    {
      /* Keep the message: sqlite3_close() would lose it. */
      *out = db;
      return rc;
    }

  *out = NULL;
  return rc;
}

static WdConn *
acquire_reader (WdStore       *self,
                GCancellable  *cancellable,
                GError       **error)
{
  WdConn *conn;

  conn = g_async_queue_try_pop (self->idle_readers);

  if (conn == NULL)
    {
      gboolean open_new = FALSE;

      g_mutex_lock (&self->readers_lock);
      if (self->n_readers < MAX_READERS)
        {
          self->n_readers++;
          open_new = TRUE;
        }
      g_mutex_unlock (&self->readers_lock);

      if (open_new)
        {
          sqlite3 *db = NULL;
          int rc;

          rc = open_connection (self->path, SQLITE_OPEN_READWRITE, &db);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);

          if (rc != SQLITE_OK)
            {
              wd_store_set_sqlite_error (error, rc, db, self->path, "open a reader");
              sqlite3_close (db);
              g_mutex_lock (&self->readers_lock);
              self->n_readers--;
              g_mutex_unlock (&self->readers_lock);
              return NULL;
            }

          conn = conn_new (db);
          sqlite3_progress_handler (db, 1000, on_progress, conn);
        }
      else
        {
          conn = g_async_queue_pop (self->idle_readers);
        }
    }

  conn->cancellable = cancellable;
  return conn;
}

static void
release_reader (WdStore *self,
                WdConn  *conn)
{
  conn->cancellable = NULL;
  g_async_queue_push (self->idle_readers, conn);
}

/* Starts a read transaction, so that every statement of one call sees the
 * same snapshot of the archive. */
static WdConn *
begin_read (WdStore       *self,
            GCancellable  *cancellable,
            GError       **error)
{
  WdConn *conn;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn = acquire_reader (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  rc = conn_exec (conn, "BEGIN");
  if (rc != SQLITE_OK)
    {
      fail (self, conn, rc, "start reading", error);
      release_reader (self, conn);
      return NULL;
    }

  return conn;
}

static void
end_read (WdStore *self,
          WdConn  *conn)
{
  /* A read transaction has nothing to keep: ROLLBACK cannot fail in a way
   * that loses data, and it ends the snapshot even after an error. */
  if (!sqlite3_get_autocommit (conn->db))
    conn_exec (conn, "ROLLBACK");
  release_reader (self, conn);
}

/* Takes the writer and starts a write transaction; on success the caller
 * must end it with commit_write() or rollback_write(). */
static WdConn *
begin_write (WdStore     *self,
             const char  *doing,
             GError     **error)
{
  int rc;

  g_mutex_lock (&self->writer_lock);

  rc = conn_exec (self->writer, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK)
    {
      fail (self, self->writer, rc, doing, error);
      g_mutex_unlock (&self->writer_lock);
      return NULL;
    }

  return self->writer;
}

static void
rollback_write (WdStore *self)
{
  if (!sqlite3_get_autocommit (self->writer->db))
    conn_exec (self->writer, "ROLLBACK");
  g_mutex_unlock (&self->writer_lock);
}

static gboolean
commit_write (WdStore     *self,
              const char  *doing,
              GError     **error)
{
  int rc;

  rc = conn_exec (self->writer, "COMMIT");
  if (rc != SQLITE_OK)
    {
      fail (self, self->writer, rc, doing, error);
      rollback_write (self);
      return FALSE;
    }

  g_mutex_unlock (&self->writer_lock);
  return TRUE;
}

/* "changed" */

static void
free_weak_ref (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

static gboolean
emit_changed_cb (gpointer data)
{
  g_autoptr(WdStore) self = g_weak_ref_get (data);
  gint64 brief_id;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->changed_lock);
  brief_id = self->changed_id;
  g_clear_pointer (&self->changed_source, g_source_unref);
  g_mutex_unlock (&self->changed_lock);

  g_signal_emit (self, signals[CHANGED], 0, brief_id);

  return G_SOURCE_REMOVE;
}

/* Changes that commit before the main context gets round to emitting are
 * folded into one emission (brief id 0 when they touched several briefs),
 * so a burst of writes, or a process without a main loop, never piles up
 * sources. */
static void
queue_changed (WdStore *self,
               gint64   brief_id)
{
  g_mutex_lock (&self->changed_lock);

  if (self->changed_source != NULL)
    {
      if (self->changed_id != brief_id)
        self->changed_id = 0;
    }
  else
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      self->changed_id = brief_id;
      self->changed_source = g_idle_source_new ();
      g_source_set_priority (self->changed_source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (self->changed_source, "[wiredesk] archive changed");
      g_source_set_callback (self->changed_source, emit_changed_cb, ref, free_weak_ref);
      g_source_attach (self->changed_source, self->main_context);
    }

  g_mutex_unlock (&self->changed_lock);
}

/* Small helpers for columns and parameters */

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static int
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static int
bind_time (sqlite3_stmt *stmt,
           int           index,
           GDateTime    *time)
{
  if (time == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_int64 (stmt, index, g_date_time_to_unix (time));
}

static int
bind_opt_int (sqlite3_stmt *stmt,
              int           index,
              int           value)
{
  if (value < 0)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_int (stmt, index, value);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, column));
}

static WdBriefStatus
column_status (sqlite3_stmt *stmt,
               int           column)
{
  WdBriefStatus status = WD_BRIEF_STATUS_INBOX;

  wd_brief_status_from_string (column_text (stmt, column), &status);
  return status;
}

static WdOrigin
column_origin (sqlite3_stmt *stmt,
               int           column)
{
  WdOrigin origin = WD_ORIGIN_AI;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    wd_origin_from_string (column_text (stmt, column), &origin);
  return origin;
}

static gboolean
filter_status (WdBriefFilter  filter,
               const char   **status)
{
  switch (filter)
    {
    case WD_BRIEF_FILTER_ALL:
      *status = NULL;
      return TRUE;
    case WD_BRIEF_FILTER_INBOX:
      *status = "inbox";
      return TRUE;
    case WD_BRIEF_FILTER_DRAFTS:
      *status = "draft";
      return TRUE;
    case WD_BRIEF_FILTER_REVIEW:
      *status = "review";
      return TRUE;
    case WD_BRIEF_FILTER_APPROVED:
      *status = "approved";
      return TRUE;
    case WD_BRIEF_FILTER_PUBLISHED:
      *status = "published";
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, WD_STORE_ERROR, WD_STORE_ERROR_INVALID, message);

  return FALSE;
}

static gboolean
not_found_brief (WdStore  *self,
                 gint64    brief_id,
                 GError  **error)
{
  g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
               "There is no brief %" G_GINT64_FORMAT " in the archive %s; "
               "check the id (\"wiredesk-cli list\" shows them).", brief_id, self->path);
  return FALSE;
}

/* List rows */

#define LIST_ROW_COLUMNS \
  "b.id, b.uuid, b.headline, b.status, b.created_at, b.updated_at, b.source_id, " \
  "s.title, coalesce (s.publisher_name, s.publisher_domain), s.published_at"
#define LIST_ROW_FROM " FROM briefs b JOIN sources s ON s.id = b.source_id"

static WdBrief *
brief_from_row (sqlite3_stmt *stmt,
                WdSource     *source,
                GListModel   *sections,
                GListModel   *mentions)
{
  g_autoptr(GDateTime) created_at = column_time (stmt, 4);
  g_autoptr(GDateTime) updated_at = column_time (stmt, 5);
  g_autoptr(GDateTime) published_at = column_time (stmt, 9);

  return g_object_new (WD_TYPE_BRIEF,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "uuid", column_text (stmt, 1),
                       "headline", column_text (stmt, 2),
                       "status", column_status (stmt, 3),
                       "created-at", created_at,
                       "updated-at", updated_at,
                       "source-id", sqlite3_column_int64 (stmt, 6),
                       "source-title", column_text (stmt, 7),
                       "publisher", column_text (stmt, 8),
                       "source-published-at", published_at,
                       "source", source,
                       "sections", sections,
                       "mentions", mentions,
                       NULL);
}

static const char sql_brief_row[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM " WHERE b.id = ?1";

/* Reads one list row; NULL with no error when there is no such brief. */
static WdBrief *
read_brief_row (WdStore     *self,
                WdConn      *conn,
                gint64       brief_id,
                GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = conn_prepare (conn, sql_brief_row, &stmt);
  if (rc != SQLITE_OK)
    return (fail (self, conn, rc, "read a brief", error), NULL);

  sqlite3_bind_int64 (stmt, 1, brief_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return brief_from_row (stmt, NULL, NULL, NULL);
  if (rc != SQLITE_DONE)
    fail (self, conn, rc, "read a brief", error);

  return NULL;
}

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
                   "The file %s is an SQLite database of another program, not a "
                   "Wiredesk archive; choose another file (this one was left unchanged).",
                   path);
      return FALSE;
    }

  if (user_version > WD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_TOO_NEW,
                   "The archive %s was written by a newer Wiredesk (schema %d, this one "
                   "knows %d); update Wiredesk to open it.",
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
                   "The archive %s cannot be read (%s); check that it is accessible.",
                   path, g_strerror (errsv));
      return FALSE;
    }

  if (n < (gssize) sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_ARCHIVE,
                   "The file %s is not a Wiredesk archive; choose another file "
                   "(this one was left unchanged).", path);
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
      wd_store_set_sqlite_error (error, rc, db, path, "read it");
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
                   "The folder for the archive %s cannot be created (%s); choose a "
                   "location you can write to.", path, g_strerror (errsv));
      return NULL;
    }

  exists = g_stat (path, &st) == 0;

  if (exists && S_ISDIR (st.st_mode))
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_OPEN,
                   "The archive path %s is a folder, not a file; give the path of the "
                   "archive file itself.", path);
      return NULL;
    }

  if (exists && is_write_protected (path, st.st_mode))
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_READ_ONLY,
                   "The archive %s is read-only; make it writable (chmod u+w) or open "
                   "a copy of it.", path);
      return NULL;
    }

  {
    struct stat dir_st;

    /* WAL keeps its journal beside the archive, so the folder must be
     * writable too. */
    if (g_stat (dir, &dir_st) == 0 && is_write_protected (dir, dir_st.st_mode))
      {
        g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_READ_ONLY,
                     "The folder of the archive %s is read-only, so Wiredesk cannot "
                     "keep its journal there; make the folder writable or move the "
                     "archive.", path);
        return NULL;
      }
  }

  if (exists && st.st_size > 0 && !probe_header (path, error))
    return NULL;

  rc = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db);
  if (rc != SQLITE_OK)
    {
      wd_store_set_sqlite_error (error, rc, db, path, "open it");
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
            if (g_strcmp0 (column_text (stmt, 0), "wal") != 0)
              g_debug ("Archive %s stays in journal mode %s", path, column_text (stmt, 0));
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
      wd_store_set_sqlite_error (error, rc, db, path, "open it");
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
  self->writer = conn_new (db);

  return g_steal_pointer (&self);
}

/* Public API */

/**
 * wd_policy_free:
 * @policy: (nullable): a #WdPolicy
 *
 * Frees @policy and its strings.
 */
void
wd_policy_free (WdPolicy *policy)
{
  if (policy == NULL)
    return;

  g_free (policy->domain);
  g_free (policy->note);
  g_free (policy);
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

/**
 * wd_store_get_path:
 * @self: a #WdStore
 *
 * Gets the path of the archive file.
 *
 * Returns: the path
 */
const char *
wd_store_get_path (WdStore *self)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  return self->path;
}

/* Sources */

/* SHA-256 over the text with every run of white space made one space and
 * none at either end, so a re-fetch that only reflowed the text is known
 * as the same article. */
static char *
content_hash (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *normal = g_string_sized_new (strlen (text));
  gboolean pending_space = FALSE;
  g_autofree char *normal_text = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = TRUE;
          continue;
        }
      if (pending_space && normal->len > 0)
        g_string_append_c (normal, ' ');
      pending_space = FALSE;
      g_string_append_unichar (normal, c);
    }

  normal_text = g_string_free (normal, FALSE);
  g_checksum_update (checksum, (const guchar *) normal_text, strlen (normal_text));

  return g_strdup (g_checksum_get_string (checksum));
}

static const char sql_find_source[] =
  "SELECT s.id, b.id FROM sources s JOIN briefs b ON b.source_id = s.id"
  " WHERE coalesce (s.canonical_url, s.url) = ?1"
  " UNION ALL "
  "SELECT s.id, b.id FROM sources s JOIN briefs b ON b.source_id = s.id"
  " WHERE ?3 AND s.content_hash = ?2"
  " LIMIT 1";

static const char sql_insert_source[] =
  "INSERT INTO sources (url, canonical_url, publisher_name, publisher_domain, title,"
  "                     byline, published_at, language, content_hash, fetched_at, text)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

static const char sql_insert_brief[] =
  "INSERT INTO briefs (source_id, uuid, headline, status, created_at, updated_at)"
  " VALUES (?1, ?2, '', 'inbox', ?3, ?3)";

static const char sql_insert_section[] =
  "INSERT INTO sections (brief_id, kind, position, text) VALUES (?1, ?2, ?3, '')";

static gboolean
check_utf8 (const char  *value,
            const char  *what,
            GError     **error)
{
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    return invalid (error, "The %s is not valid UTF-8 text; convert it to UTF-8 and try "
                    "again.", what);
  return TRUE;
}

/**
 * wd_store_add_source:
 * @self: a #WdStore
 * @source: the source to store; its "url" must be set
 * @existed: (out) (optional): set to %TRUE when the source was already there
 * @error: return location for a #WD_STORE_ERROR
 *
 * Stores @source with its Inbox brief and the brief's four empty sections,
 * in one transaction, and sets the source's "id" and "content-hash". A
 * source already in the archive — the same canonical URL (or URL when it
 * has none), or the same non-empty text — is not stored again: the call
 * writes nothing, sets @existed and returns the existing brief (and sets
 * "id" to the existing source's).
 *
 * Returns: the brief id, or 0 with @error set
 */
gint64
wd_store_add_source (WdStore   *self,
                     WdSource  *source,
                     gboolean  *existed,
                     GError   **error)
{
  const char *text;
  const char *url;
  const char *key;
  g_autofree char *hash = NULL;
  g_autofree char *uuid = NULL;
  WdConn *conn;
  gint64 source_id = 0;
  gint64 brief_id = 0;
  gint64 now;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (WD_IS_SOURCE (source), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (existed != NULL)
    *existed = FALSE;

  url = wd_source_get_url (source);
  if (url == NULL || *url == '\0')
    return (invalid (error, "A source needs a URL to be stored in the archive %s; give "
                     "the address the article came from.", self->path), 0);

  text = wd_source_get_text (source) != NULL ? wd_source_get_text (source) : "";
  if (!check_utf8 (text, "source's text", error) ||
      !check_utf8 (wd_source_get_title (source), "source's title", error))
    return 0;

  key = wd_source_get_canonical_url (source) != NULL ? wd_source_get_canonical_url (source)
                                                     : url;
  hash = content_hash (text);
  now = now_unix ();

  conn = begin_write (self, "store the source", error);
  if (conn == NULL)
    return 0;

  {
    g_autoptr(WdStmt) find = NULL;

    rc = conn_prepare (conn, sql_find_source, &find);
    if (rc == SQLITE_OK)
      {
        bind_text (find, 1, key);
        bind_text (find, 2, hash);
        /* Every empty text has the same hash; it says nothing. */
        sqlite3_bind_int (find, 3, *text != '\0');
        rc = sqlite3_step (find);
        if (rc == SQLITE_ROW)
          {
            source_id = sqlite3_column_int64 (find, 0);
            brief_id = sqlite3_column_int64 (find, 1);
            rc = SQLITE_DONE;
          }
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  if (brief_id != 0)
    {
      rollback_write (self);
      if (existed != NULL)
        *existed = TRUE;
      wd_source_set_id (source, source_id);
      wd_source_set_content_hash (source, hash);
      return brief_id;
    }

  {
    g_autoptr(WdStmt) insert = NULL;

    rc = conn_prepare (conn, sql_insert_source, &insert);
    if (rc != SQLITE_OK)
      goto failed;

    bind_text (insert, 1, url);
    bind_text (insert, 2, wd_source_get_canonical_url (source));
    bind_text (insert, 3, wd_source_get_publisher_name (source));
    bind_text (insert, 4, wd_source_get_publisher_domain (source));
    bind_text (insert, 5, wd_source_get_title (source) != NULL ? wd_source_get_title (source)
                                                               : "");
    bind_text (insert, 6, wd_source_get_byline (source));
    bind_time (insert, 7, wd_source_get_published_at (source));
    bind_text (insert, 8, wd_source_get_language (source));
    bind_text (insert, 9, hash);
    bind_time (insert, 10, wd_source_get_fetched_at (source));
    sqlite3_bind_text (insert, 11, text, -1, SQLITE_STATIC);
    rc = sqlite3_step (insert);
    if (rc != SQLITE_DONE)
      goto failed;
    source_id = sqlite3_last_insert_rowid (conn->db);
  }

  {
    g_autoptr(WdStmt) insert = NULL;

    rc = conn_prepare (conn, sql_insert_brief, &insert);
    if (rc != SQLITE_OK)
      goto failed;

    uuid = g_uuid_string_random ();
    sqlite3_bind_int64 (insert, 1, source_id);
    bind_text (insert, 2, uuid);
    sqlite3_bind_int64 (insert, 3, now);
    rc = sqlite3_step (insert);
    if (rc != SQLITE_DONE)
      goto failed;
    brief_id = sqlite3_last_insert_rowid (conn->db);
  }

  for (guint i = 0; i < WD_SECTION_N_KINDS; i++)
    {
      g_autoptr(WdStmt) insert = NULL;

      rc = conn_prepare (conn, sql_insert_section, &insert);
      if (rc != SQLITE_OK)
        goto failed;

      sqlite3_bind_int64 (insert, 1, brief_id);
      sqlite3_bind_text (insert, 2, wd_section_kind_to_string (i), -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 3, i);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        goto failed;
    }

  if (!commit_write (self, "store the source", error))
    return 0;

  wd_source_set_id (source, source_id);
  wd_source_set_content_hash (source, hash);
  queue_changed (self, brief_id);

  return brief_id;

failed:
  fail (self, conn, rc, "store the source", error);
  rollback_write (self);
  return 0;
}

static const char sql_get_source[] =
  "SELECT id, url, canonical_url, publisher_name, publisher_domain, title, byline,"
  "       published_at, language, content_hash, fetched_at, text"
  " FROM sources WHERE id = ?1";

static WdSource *
read_source (WdStore  *self,
             WdConn   *conn,
             gint64    source_id,
             GError  **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autoptr(GDateTime) published_at = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  WdSource *source;
  int rc;

  rc = conn_prepare (conn, sql_get_source, &stmt);
  if (rc != SQLITE_OK)
    return (fail (self, conn, rc, "read the source", error), NULL);

  sqlite3_bind_int64 (stmt, 1, source_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
                   "There is no source %" G_GINT64_FORMAT " in the archive %s; check "
                   "the id.", source_id, self->path);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    return (fail (self, conn, rc, "read the source", error), NULL);

  published_at = column_time (stmt, 7);
  fetched_at = column_time (stmt, 10);

  source = wd_source_new ();
  wd_source_set_id (source, sqlite3_column_int64 (stmt, 0));
  wd_source_set_url (source, column_text (stmt, 1));
  wd_source_set_canonical_url (source, column_text (stmt, 2));
  wd_source_set_publisher_name (source, column_text (stmt, 3));
  wd_source_set_publisher_domain (source, column_text (stmt, 4));
  wd_source_set_title (source, column_text (stmt, 5));
  wd_source_set_byline (source, column_text (stmt, 6));
  wd_source_set_published_at (source, published_at);
  wd_source_set_language (source, column_text (stmt, 8));
  wd_source_set_content_hash (source, column_text (stmt, 9));
  wd_source_set_fetched_at (source, fetched_at);
  wd_source_set_text (source, column_text (stmt, 11));

  return source;
}

/**
 * wd_store_get_source:
 * @self: a #WdStore
 * @source_id: the source's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads a source with all its fields, text included.
 *
 * Returns: (transfer full): the source, or %NULL with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when there is none with that id)
 */
WdSource *
wd_store_get_source (WdStore  *self,
                     gint64    source_id,
                     GError  **error)
{
  WdConn *conn;
  WdSource *source;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  source = read_source (self, conn, source_id, error);
  end_read (self, conn);

  return source;
}

/* Briefs */

static const char sql_brief_sections[] =
  "SELECT s.id, s.kind, s.position, s.text, s.revision_id, r.origin, s.approved"
  " FROM sections s LEFT JOIN section_revisions r ON r.id = s.revision_id"
  " WHERE s.brief_id = ?1 ORDER BY s.position";

static const char sql_brief_mentions[] =
  "SELECT m.id, m.name, m.kind, m.slug, bm.origin,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       0"
  " FROM brief_mentions bm JOIN mentions m ON m.id = bm.mention_id"
  " WHERE bm.brief_id = ?1 AND bm.state = 'attached'"
  " ORDER BY m.name COLLATE NOCASE, m.id";

/* Columns: id, name, kind, slug, origin (or NULL), aliases joined by
 * U+001F (or NULL), brief count. */
static WdMention *
mention_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) aliases = NULL;
  WdMentionKind kind = WD_MENTION_TOPIC;

  wd_mention_kind_from_string (column_text (stmt, 2), &kind);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    aliases = g_strsplit (column_text (stmt, 5), "\x1f", -1);

  return g_object_new (WD_TYPE_MENTION,
                       "id", sqlite3_column_int64 (stmt, 0),
                       "name", column_text (stmt, 1),
                       "kind", kind,
                       "slug", column_text (stmt, 3),
                       "aliases", aliases,
                       "origin", column_origin (stmt, 4),
                       "brief-count", (guint) sqlite3_column_int (stmt, 6),
                       NULL);
}

static WdBrief *
load_brief (WdStore       *self,
            gint64         brief_id,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(WdSource) source = NULL;
  g_autoptr(GListStore) sections = g_list_store_new (WD_TYPE_SECTION);
  g_autoptr(GListStore) mentions = g_list_store_new (WD_TYPE_MENTION);
  g_autoptr(WdStmt) row = NULL;
  WdBrief *brief = NULL;
  WdConn *conn;
  int rc;

  conn = begin_read (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  rc = conn_prepare (conn, sql_brief_row, &row);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_bind_int64 (row, 1, brief_id);
  rc = sqlite3_step (row);
  if (rc == SQLITE_DONE)
    {
      not_found_brief (self, brief_id, error);
      end_read (self, conn);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    goto failed;

  source = read_source (self, conn, sqlite3_column_int64 (row, 6), error);
  if (source == NULL)
    {
      end_read (self, conn);
      return NULL;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_brief_sections, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autoptr(WdSection) section = NULL;
        WdSectionKind kind = WD_SECTION_SUMMARY;

        wd_section_kind_from_string (column_text (stmt, 1), &kind);
        section = g_object_new (WD_TYPE_SECTION,
                                "id", sqlite3_column_int64 (stmt, 0),
                                "brief-id", brief_id,
                                "kind", kind,
                                "position", (guint) sqlite3_column_int (stmt, 2),
                                "text", column_text (stmt, 3),
                                "revision-id", sqlite3_column_int64 (stmt, 4),
                                "origin", column_origin (stmt, 5),
                                "approved", sqlite3_column_int (stmt, 6) != 0,
                                NULL);
        g_list_store_append (sections, section);
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_brief_mentions, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autoptr(WdMention) mention = mention_from_row (stmt);

        g_list_store_append (mentions, mention);
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  brief = brief_from_row (row, source, G_LIST_MODEL (sections), G_LIST_MODEL (mentions));
  g_clear_pointer (&row, wd_stmt_release);
  end_read (self, conn);

  return brief;

failed:
  fail (self, conn, rc, "read the brief", error);
  g_clear_pointer (&row, wd_stmt_release);
  end_read (self, conn);
  return NULL;
}

/**
 * wd_store_load_brief:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads a brief in full, from one consistent snapshot: its list-row
 * fields, its source (with text), its sections in position order and its
 * attached mentions.
 *
 * Returns: (transfer full): the brief, or %NULL with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when there is none with that id)
 */
WdBrief *
wd_store_load_brief (WdStore  *self,
                     gint64    brief_id,
                     GError  **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_brief (self, brief_id, NULL, error);
}

static const char sql_count_all[] = "SELECT count(*) FROM briefs";
static const char sql_count_status[] = "SELECT count(*) FROM briefs WHERE status = ?1";

static gboolean
count_briefs (WdStore        *self,
              WdBriefFilter   filter,
              guint          *count,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  const char *status;
  WdConn *conn;
  int rc;

  if (!filter_status (filter, &status))
    return invalid (error, "%d is not a brief filter; use one of all, inbox, drafts, "
                    "review, approved or published.", filter);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  conn = acquire_reader (self, cancellable, error);
  if (conn == NULL)
    return FALSE;

  rc = conn_prepare (conn, status != NULL ? sql_count_status : sql_count_all, &stmt);
  if (rc == SQLITE_OK)
    {
      if (status != NULL)
        sqlite3_bind_text (stmt, 1, status, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *count = (guint) sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  g_clear_pointer (&stmt, wd_stmt_release);

  if (rc != SQLITE_OK)
    fail (self, conn, rc, "count the briefs", error);
  release_reader (self, conn);

  return rc == SQLITE_OK;
}

/**
 * wd_store_count_briefs:
 * @self: a #WdStore
 * @filter: which briefs
 * @error: return location for a #WD_STORE_ERROR
 *
 * Counts the briefs that @filter shows.
 *
 * Returns: the count; 0 with @error set on failure
 */
guint
wd_store_count_briefs (WdStore        *self,
                       WdBriefFilter   filter,
                       GError        **error)
{
  guint count = 0;

  g_return_val_if_fail (WD_IS_STORE (self), 0);

  if (!count_briefs (self, filter, &count, NULL, error))
    return 0;

  return count;
}

/* The page's ids are picked from the briefs table (or its status index)
 * alone, so skipping a deep offset never reads the sources. */
static const char sql_list_all[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM
  " WHERE b.id IN (SELECT id FROM briefs ORDER BY id DESC LIMIT ?1 OFFSET ?2)"
  " ORDER BY b.id DESC";

static const char sql_list_status[] =
  "SELECT " LIST_ROW_COLUMNS LIST_ROW_FROM
  " WHERE b.id IN (SELECT id FROM briefs WHERE status = ?3"
  "                ORDER BY id DESC LIMIT ?1 OFFSET ?2)"
  " ORDER BY b.id DESC";

static GPtrArray *
list_briefs (WdStore        *self,
             WdBriefFilter   filter,
             guint           offset,
             guint           limit,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GPtrArray) briefs = NULL;
  g_autoptr(WdStmt) stmt = NULL;
  const char *status;
  WdConn *conn;
  int rc;

  if (!filter_status (filter, &status))
    return (invalid (error, "%d is not a brief filter; use one of all, inbox, drafts, "
                     "review, approved or published.", filter), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn = acquire_reader (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  briefs = g_ptr_array_new_full (limit, g_object_unref);

  rc = conn_prepare (conn, status != NULL ? sql_list_status : sql_list_all, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, limit);
      sqlite3_bind_int64 (stmt, 2, offset);
      if (status != NULL)
        sqlite3_bind_text (stmt, 3, status, -1, SQLITE_STATIC);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (briefs, brief_from_row (stmt, NULL, NULL, NULL));
    }
  g_clear_pointer (&stmt, wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      fail (self, conn, rc, "read the list of briefs", error);
      release_reader (self, conn);
      return NULL;
    }

  release_reader (self, conn);
  return g_steal_pointer (&briefs);
}

/**
 * wd_store_list_briefs:
 * @self: a #WdStore
 * @filter: which briefs
 * @offset: how many of the newest to skip
 * @limit: how many at most
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads one page of list rows (no source text, sections or mentions),
 * newest brief first.
 *
 * Returns: (transfer container) (element-type WdBrief): the rows, or %NULL
 *   with @error set
 */
GPtrArray *
wd_store_list_briefs (WdStore        *self,
                      WdBriefFilter   filter,
                      guint           offset,
                      guint           limit,
                      GError        **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  return list_briefs (self, filter, offset, limit, NULL, error);
}

static gboolean
set_brief_column (WdStore     *self,
                  const char  *sql,
                  gint64       brief_id,
                  const char  *value,
                  const char  *doing,
                  GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  conn = begin_write (self, doing, error);
  if (conn == NULL)
    return FALSE;

  rc = conn_prepare (conn, sql, &stmt);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, brief_id);
      bind_text (stmt, 2, value);
      sqlite3_bind_int64 (stmt, 3, now_unix ());
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      fail (self, conn, rc, doing, error);
      rollback_write (self);
      return FALSE;
    }

  if (sqlite3_changes (conn->db) == 0)
    {
      rollback_write (self);
      return not_found_brief (self, brief_id, error);
    }

  if (!commit_write (self, doing, error))
    return FALSE;

  queue_changed (self, brief_id);
  return TRUE;
}

/* An edit to a published brief is remembered, so it can be republished. */
static const char sql_set_headline[] =
  "UPDATE briefs SET headline = ?2, updated_at = ?3,"
  "       changed_since_publish = changed_since_publish OR status = 'published'"
  " WHERE id = ?1";

/**
 * wd_store_set_headline:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @headline: (nullable): the new headline; %NULL or "" clears it
 * @error: return location for a #WD_STORE_ERROR
 *
 * Sets a brief's headline (one line: surrounding white space is dropped).
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_headline (WdStore     *self,
                       gint64       brief_id,
                       const char  *headline,
                       GError     **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_utf8 (headline, "headline", error))
    return FALSE;

  line = g_strstrip (g_strdup (headline != NULL ? headline : ""));
  if (strchr (line, '\n') != NULL)
    return invalid (error, "A headline is one line; remove the line breaks from it.");

  return set_brief_column (self, sql_set_headline, brief_id, line,
                           "save the headline", error);
}

static const char sql_set_status[] =
  "UPDATE briefs SET status = ?2, updated_at = ?3 WHERE id = ?1";

/**
 * wd_store_set_status:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @status: the new status
 * @error: return location for a #WD_STORE_ERROR
 *
 * Moves a brief to @status. An unknown status fails with
 * %WD_STORE_ERROR_INVALID.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_status (WdStore        *self,
                     gint64          brief_id,
                     WdBriefStatus   status,
                     GError        **error)
{
  const char *name;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint) status > WD_BRIEF_STATUS_WITHDRAWN)
    return invalid (error, "%d is not a brief status; use one of inbox, draft, review, "
                    "approved, published or withdrawn.", status);
  name = wd_brief_status_to_string (status);

  return set_brief_column (self, sql_set_status, brief_id, name,
                           "change the brief's status", error);
}

/* Search */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* A word as the index sees it (unicode61 with remove_diacritics 2):
 * case-folded, with its accents dropped. */
static char *
fold_token (const char *start,
            gsize       len)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean ascii = TRUE;

  for (gsize i = 0; i < len; i++)
    if ((guchar) start[i] >= 0x80)
      ascii = FALSE;

  if (ascii)
    return g_ascii_strdown (start, len);

  folded = g_utf8_casefold (start, len);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (len);
  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

#define SNIPPET_WORDS 24
#define SNIPPET_CONTEXT 4

typedef struct
{
  gsize start;
  gsize end;
  int term;    /* the query word it matches, or -1 */
} Token;

static int
match_term (GPtrArray  *terms,
            gboolean    last_is_prefix,
            const char *start,
            gsize       len,
            gboolean    ascii)
{
  g_autofree char *folded = NULL;

  /* Most words are ASCII: compare them in place, folding nothing. */
  if (!ascii)
    {
      folded = fold_token (start, len);
      start = folded;
      len = strlen (folded);
    }

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);
      gsize term_len = strlen (term);
      gboolean prefix = last_is_prefix && i == terms->len - 1;

      if ((prefix ? len >= term_len : len == term_len) &&
          g_ascii_strncasecmp (start, term, term_len) == 0)
        return MIN (i, 63);  /* a bit in the snippet's 64-bit set */
    }

  return -1;
}

/* Finds the next word of @text at or after @p, as is_word_char() sees
 * words, quickly for ASCII. */
static gboolean
next_word (const char  *text,
           const char **p,
           gsize       *start,
           gsize       *end,
           gboolean    *ascii)
{
  const char *q = *p;

  while (*q != '\0')
    {
      if ((guchar) *q < 0x80)
        {
          if (g_ascii_isalnum (*q))
            break;
          q++;
        }
      else if (is_word_char (g_utf8_get_char (q)))
        break;
      else
        q = g_utf8_next_char (q);
    }

  if (*q == '\0')
    {
      *p = q;
      return FALSE;
    }

  *start = q - text;
  *ascii = TRUE;
  while (*q != '\0')
    {
      if ((guchar) *q < 0x80)
        {
          if (!g_ascii_isalnum (*q))
            break;
          q++;
        }
      else if (is_word_char (g_utf8_get_char (q)))
        {
          *ascii = FALSE;
          q = g_utf8_next_char (q);
        }
      else
        break;
    }
  *end = q - text;
  *p = q;

  return TRUE;
}

/* Makes the search snippet of @text: about SNIPPET_WORDS words around the
 * place where most of the query's words occur, matches between « and »,
 * and … where the text was cut. NULL when no query word is in @text.
 * This is done here rather than with FTS5's snippet(), which would run
 * the whole query again for every hit. */
static char *
make_snippet (const char *text,
              GPtrArray  *terms,
              gboolean    last_is_prefix)
{
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GString) out = NULL;
  guint best_start = 0;
  int best_score = -1;
  guint n_matches = 0;
  guint end;

  if (text == NULL || terms->len == 0)
    return NULL;

  tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 1024);
  for (const char *p = text; ; )
    {
      Token token;
      gboolean ascii;

      if (!next_word (text, &p, &token.start, &token.end, &ascii))
        break;
      token.term = match_term (terms, last_is_prefix, text + token.start,
                               token.end - token.start, ascii);
      n_matches += token.term >= 0;
      g_array_append_val (tokens, token);
    }

  if (n_matches == 0)
    return NULL;

  /* Windows start a little before a match; the best holds the most
   * different query words, then the most matches. */
  for (guint i = 0; i < tokens->len; i++)
    {
      guint64 seen = 0;
      guint start;
      int distinct = 0;
      int count = 0;
      int score;

      if (g_array_index (tokens, Token, i).term < 0)
        continue;

      start = i > SNIPPET_CONTEXT ? i - SNIPPET_CONTEXT : 0;
      for (guint j = start; j < tokens->len && j < start + SNIPPET_WORDS; j++)
        {
          int term = g_array_index (tokens, Token, j).term;

          if (term < 0)
            continue;
          count++;
          if ((seen & (G_GUINT64_CONSTANT (1) << term)) == 0)
            distinct++;
          seen |= G_GUINT64_CONSTANT (1) << term;
        }

      score = distinct * 1000 + count;
      if (score > best_score)
        {
          best_score = score;
          best_start = start;
        }
    }

  end = MIN (tokens->len, best_start + SNIPPET_WORDS);
  out = g_string_new (NULL);
  if (best_start > 0)
    g_string_append (out, SNIPPET_ELLIPSIS);

  for (guint j = best_start; j < end; j++)
    {
      const Token *token = &g_array_index (tokens, Token, j);

      /* What lies between two words (spaces, punctuation) is kept, with
       * line breaks made spaces so the snippet is one line. */
      if (j > best_start)
        {
          const Token *prev = &g_array_index (tokens, Token, j - 1);

          for (gsize k = prev->end; k < token->start; k++)
            g_string_append_c (out, text[k] == '\n' || text[k] == '\r' || text[k] == '\t'
                                    ? ' ' : text[k]);
        }

      if (token->term >= 0)
        g_string_append (out, SNIPPET_OPEN);
      g_string_append_len (out, text + token->start, token->end - token->start);
      if (token->term >= 0)
        g_string_append (out, SNIPPET_CLOSE);
    }

  if (end < tokens->len)
    g_string_append (out, SNIPPET_ELLIPSIS);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Makes an FTS5 query from what the user typed, so that no input is ever
 * an FTS5 syntax error: each white-space separated word becomes a quoted
 * phrase of its letter-and-digit runs (so "U.S." is the phrase "U S" and
 * operators and quotes are plain punctuation), and the words are ANDed.
 * Each run, folded as the index folds it, is added to @terms. NULL when
 * nothing searchable is left. */
static char *
build_fts_query (const char *text,
                 GPtrArray  *terms)
{
  g_autoptr(GString) query = g_string_new (NULL);
  GString *phrase = g_string_new (NULL);
  guint n_words = 0;
  const char *p = text;

  while (*p != '\0' && n_words < MAX_QUERY_WORDS)
    {
      gboolean in_run = FALSE;

      g_string_truncate (phrase, 0);

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        {
          gunichar c = g_utf8_get_char (p);

          if (is_word_char (c))
            {
              if (!in_run)
                {
                  const char *end = p;

                  while (*end != '\0' && is_word_char (g_utf8_get_char (end)))
                    end = g_utf8_next_char (end);
                  g_ptr_array_add (terms, fold_token (p, end - p));
                }
              if (!in_run && phrase->len > 0)
                g_string_append_c (phrase, ' ');
              g_string_append_unichar (phrase, c);
              in_run = TRUE;
            }
          else
            {
              in_run = FALSE;
            }
          p = g_utf8_next_char (p);
        }

      if (phrase->len > 0)
        {
          if (query->len > 0)
            g_string_append_c (query, ' ');
          /* No '"' can be in the phrase: only letters, marks, digits and
           * spaces are. */
          g_string_append_printf (query, "\"%s\"", phrase->str);
          n_words++;
        }
    }

  g_string_free (phrase, TRUE);

  if (query->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&query), FALSE);
}

typedef enum
{
  FROM_SOURCE,
  FROM_BRIEF,
} HitPart;

typedef struct
{
  gint64 brief_id;
  double rank;
  /* Where the snippet comes from: the part that matched best. */
  HitPart best_part;
  gint64 best_rowid;
  double best_rank;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *ha = *(Hit * const *) a;
  const Hit *hb = *(Hit * const *) b;

  if (ha->rank < hb->rank)
    return -1;
  if (ha->rank > hb->rank)
    return 1;
  /* Ties: the newer brief first. */
  return ha->brief_id < hb->brief_id ? 1 : ha->brief_id > hb->brief_id ? -1 : 0;
}

static void
search_hit_free (gpointer data)
{
  WdSearchHit *hit = data;

  g_clear_object (&hit->brief);
  g_free (hit);
}

/*
 * bm25 has no shortcut to its best rows: FTS5 scores every match, even for
 * ORDER BY rank LIMIT n, and a word found in most of a 100 000-brief
 * archive then takes a hundred milliseconds. So each index is read newest
 * first, scoring at most SEARCH_CANDIDATES matches; a query with fewer
 * matches (nearly every real one) is ranked over all of them, a vaguer one
 * over its newest matches, which is what a news desk wants anyway. The two
 * lists are merged per brief, and snippets are made for the results only.
 */
#define SEARCH_CANDIDATES "1000"

static const char sql_search_sources[] =
  "SELECT b.id, f.source_id, f.score"
  " FROM (SELECT rowid AS source_id, bm25 (sources_fts, 10.0, 1.0) AS score"
  "       FROM sources_fts WHERE sources_fts MATCH ?1"
  "       ORDER BY rowid DESC LIMIT " SEARCH_CANDIDATES ") f"
  " JOIN briefs b ON b.source_id = f.source_id";

static const char sql_search_briefs[] =
  "SELECT rowid, rowid, bm25 (briefs_fts, 5.0, 1.0)"
  " FROM briefs_fts WHERE briefs_fts MATCH ?1"
  " ORDER BY rowid DESC LIMIT " SEARCH_CANDIDATES;

static const char sql_snippet_source[] =
  "SELECT text, title FROM sources WHERE id = ?1";

static const char sql_snippet_brief[] =
  "SELECT body, headline FROM briefs_fts WHERE rowid = ?1";

static int
collect_hits (WdConn     *conn,
              const char *sql,
              HitPart     part,
              const char *fts_query,
              GHashTable *hits)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 brief_id = sqlite3_column_int64 (stmt, 0);
      gint64 rowid = sqlite3_column_int64 (stmt, 1);
      double rank = sqlite3_column_double (stmt, 2);
      Hit *hit = g_hash_table_lookup (hits, &brief_id);

      if (hit == NULL)
        {
          hit = g_new0 (Hit, 1);
          hit->brief_id = brief_id;
          hit->rank = rank;
          hit->best_part = part;
          hit->best_rowid = rowid;
          hit->best_rank = rank;
          g_hash_table_insert (hits, &hit->brief_id, hit);
        }
      else
        {
          /* bm25 is negative, better when lower: a brief that matches in
           * both its source and its own text ranks above one that matches
           * in only one of them. */
          hit->rank += rank;
          if (rank < hit->best_rank)
            {
              hit->best_part = part;
              hit->best_rowid = rowid;
              hit->best_rank = rank;
            }
        }
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The snippet comes from the body of the part that matched best, or
 * from its title when only that matched. */
static int
read_snippet (WdConn      *conn,
              const Hit   *hit,
              GPtrArray   *terms,
              gboolean     last_is_prefix,
              char       **snippet)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *snippet = NULL;
  rc = conn_prepare (conn, hit->best_part == FROM_SOURCE ? sql_snippet_source
                                                         : sql_snippet_brief, &stmt);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_bind_int64 (stmt, 1, hit->best_rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *snippet = make_snippet (column_text (stmt, 0), terms, last_is_prefix);
      if (*snippet == NULL)
        *snippet = make_snippet (column_text (stmt, 1), terms, last_is_prefix);
      rc = SQLITE_DONE;
    }

  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static GPtrArray *
search (WdStore       *self,
        const char    *query,
        guint          limit,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (search_hit_free);
  g_autoptr(GHashTable) hits = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *fts_query = NULL;
  gboolean last_is_prefix = FALSE;
  glong last_chars;
  GHashTableIter iter;
  gpointer value;
  WdConn *conn;
  int rc;

  if (!check_utf8 (query, "search text", error))
    return NULL;

  if (limit == 0)
    limit = DEFAULT_SEARCH_LIMIT;
  limit = MIN (limit, MAX_SEARCH_LIMIT);

  fts_query = build_fts_query (query, terms);
  if (fts_query == NULL)
    return g_steal_pointer (&results);

  conn = begin_read (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  hits = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);

  rc = collect_hits (conn, sql_search_sources, FROM_SOURCE, fts_query, hits);
  if (rc == SQLITE_OK)
    rc = collect_hits (conn, sql_search_briefs, FROM_BRIEF, fts_query, hits);
  if (rc != SQLITE_OK)
    goto failed;

  /* Search as you type: the last word may be cut short. FTS5 reads every
   * word a prefix stands for in full, whatever the LIMIT, so the prefix
   * is only tried when the whole words found too little, and only for a
   * prefix of some length (one or two letters stand for half the
   * dictionary). */
  last_chars = g_utf8_strlen (g_ptr_array_index (terms, terms->len - 1), -1);
  if (g_hash_table_size (hits) < limit && last_chars >= MIN_PREFIX_CHARS)
    {
      g_autofree char *prefix_query = g_strconcat (fts_query, "*", NULL);

      last_is_prefix = TRUE;
      g_hash_table_remove_all (hits);
      rc = collect_hits (conn, sql_search_sources, FROM_SOURCE, prefix_query, hits);
      if (rc == SQLITE_OK)
        rc = collect_hits (conn, sql_search_briefs, FROM_BRIEF, prefix_query, hits);
      if (rc != SQLITE_OK)
        goto failed;
    }

  sorted = g_ptr_array_sized_new (g_hash_table_size (hits));
  g_hash_table_iter_init (&iter, hits);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_hits);

  for (guint i = 0; i < sorted->len && results->len < limit; i++)
    {
      Hit *hit = g_ptr_array_index (sorted, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *snippet = NULL;
      WdBrief *brief;
      WdSearchHit *result;

      brief = read_brief_row (self, conn, hit->brief_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          end_read (self, conn);
          return NULL;
        }
      if (brief == NULL)
        continue;

      rc = read_snippet (conn, hit, terms, last_is_prefix, &snippet);
      if (rc != SQLITE_OK)
        {
          g_object_unref (brief);
          goto failed;
        }

      wd_brief_set_snippet (brief, snippet);
      result = g_new0 (WdSearchHit, 1);
      result->brief = brief;
      result->rank = hit->rank;
      g_ptr_array_add (results, result);
    }

  end_read (self, conn);

  return g_steal_pointer (&results);

failed:
  fail (self, conn, rc, "search", error);
  end_read (self, conn);
  return NULL;
}

/**
 * wd_store_search:
 * @self: a #WdStore
 * @query: what the user typed
 * @limit: the most results wanted; 0 for the default (50)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Full-text search over the sources' titles and text and the briefs'
 * headlines and sections. Every word of @query must match; for search as
 * you type, the last word also matches as a prefix ("volc" finds
 * "volcano") when it has at least three letters and the whole words find
 * fewer than @limit briefs. Punctuation, quotes and FTS5 operators in
 * @query are plain text, so no input is a syntax error, and one with no
 * letters or digits gives no results. Accents and case are ignored.
 * Results are ranked by bm25, a word in a title counting more; a brief
 * that matches through both its source and its own text counts both. When
 * a query matches more than 1000 sources or briefs, only the newest 1000
 * of each are ranked, so that a vague query stays as fast as a precise
 * one. Each hit's brief is a list row whose "snippet" is a short excerpt
 * with the matches between « and » and cuts marked with …
 *
 * Returns: (transfer container) (element-type WdSearchHit): the hits, best
 *   first (freeing the array frees them), or %NULL with @error set
 */
GPtrArray *
wd_store_search (WdStore     *self,
                 const char  *query,
                 guint        limit,
                 GError     **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return search (self, query, limit, NULL, error);
}

/* Sections and revisions */

static const char sql_find_section[] =
  "SELECT id FROM sections WHERE brief_id = ?1 AND kind = ?2";

static const char sql_insert_revision[] =
  "INSERT INTO section_revisions (section_id, text, origin, backend, model,"
  "                               template_version, prompt_tokens, completion_tokens,"
  "                               ttft_ms, duration_ms, created_at)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

/* A section whose text changed needs approving again. */
static const char sql_update_section[] =
  "UPDATE sections SET text = ?2, revision_id = ?3, approved = 0 WHERE id = ?1";

static const char sql_touch_brief[] =
  "UPDATE briefs SET updated_at = ?2,"
  "       changed_since_publish = changed_since_publish OR status = 'published'"
  " WHERE id = ?1";

static gboolean
check_section_kind (WdSectionKind   kind,
                    GError        **error)
{
  if ((guint) kind >= WD_SECTION_N_KINDS)
    return invalid (error, "%d is not a section; use one of summary, analyst_take, "
                    "context or watch.", kind);
  return TRUE;
}

static gint64
add_revision (WdStore               *self,
              gint64                 brief_id,
              WdSectionKind          kind,
              const char            *text,
              const WdRevisionInfo  *info,
              GError               **error)
{
  const WdRevisionInfo editor = WD_REVISION_INFO_EDITOR;
  gint64 section_id = 0;
  gint64 revision_id = 0;
  gint64 now = now_unix ();
  WdConn *conn;
  int rc;

  if (info == NULL)
    info = &editor;

  if (!check_section_kind (kind, error) || !check_utf8 (text, "section text", error))
    return 0;
  if ((guint) info->origin > WD_ORIGIN_EDITOR)
    return (invalid (error, "%d is not a revision origin; use ai or editor.",
                     info->origin), 0);

  conn = begin_write (self, "save the section", error);
  if (conn == NULL)
    return 0;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_find_section, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      section_id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      goto failed;
  }

  if (section_id == 0)
    {
      rollback_write (self);
      return (not_found_brief (self, brief_id, error), 0);
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_insert_revision, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, section_id);
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 3, wd_origin_to_string (info->origin), -1, SQLITE_STATIC);
    bind_text (stmt, 4, info->backend);
    bind_text (stmt, 5, info->model);
    if (info->template_version > 0)
      sqlite3_bind_int (stmt, 6, info->template_version);
    else
      sqlite3_bind_null (stmt, 6);
    bind_opt_int (stmt, 7, info->prompt_tokens);
    bind_opt_int (stmt, 8, info->completion_tokens);
    bind_opt_int (stmt, 9, info->ttft_ms);
    bind_opt_int (stmt, 10, info->duration_ms);
    sqlite3_bind_int64 (stmt, 11, now);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
    revision_id = sqlite3_last_insert_rowid (conn->db);
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_update_section, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, section_id);
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, revision_id);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_touch_brief, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_int64 (stmt, 2, now);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  if (!commit_write (self, "save the section", error))
    return 0;

  queue_changed (self, brief_id);
  return revision_id;

failed:
  fail (self, conn, rc, "save the section", error);
  rollback_write (self);
  return 0;
}

/**
 * wd_store_add_revision:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @text: the section's new text
 * @info: (nullable): who wrote it and how; %NULL for an editor
 * @error: return location for a #WD_STORE_ERROR
 *
 * Saves @text as a new revision of a section and makes it the section's
 * current text, in one transaction; earlier revisions stay. The section
 * needs approving again afterwards.
 *
 * Returns: the revision id, or 0 with @error set
 */
gint64
wd_store_add_revision (WdStore               *self,
                       gint64                 brief_id,
                       WdSectionKind          kind,
                       const char            *text,
                       const WdRevisionInfo  *info,
                       GError               **error)
{
  g_return_val_if_fail (WD_IS_STORE (self), 0);
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return add_revision (self, brief_id, kind, text, info, error);
}

static const char sql_list_revisions[] =
  "SELECT r.id, r.section_id, r.text, r.origin, r.backend, r.model,"
  "       r.template_version, r.created_at"
  " FROM section_revisions r"
  " WHERE r.section_id = ?1 ORDER BY r.id DESC";

/**
 * wd_store_list_revisions:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists every saved revision of a section, newest first.
 *
 * Returns: (transfer container) (element-type WdRevision): the revisions
 *   (empty for a section never written), or %NULL with @error set
 *   (%WD_STORE_ERROR_NOT_FOUND when there is no such brief)
 */
GPtrArray *
wd_store_list_revisions (WdStore        *self,
                         gint64          brief_id,
                         WdSectionKind   kind,
                         GError        **error)
{
  g_autoptr(GPtrArray) revisions = NULL;
  gint64 section_id = 0;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  if (!check_section_kind (kind, error))
    return NULL;

  conn = begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_find_section, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_text (stmt, 2, wd_section_kind_to_string (kind), -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      section_id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      goto failed;
  }

  if (section_id == 0)
    {
      end_read (self, conn);
      return (not_found_brief (self, brief_id, error), NULL);
    }

  revisions = g_ptr_array_new_with_free_func (g_object_unref);

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_list_revisions, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, section_id);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        g_autoptr(GDateTime) created_at = column_time (stmt, 7);

        g_ptr_array_add (revisions,
                         g_object_new (WD_TYPE_REVISION,
                                       "id", sqlite3_column_int64 (stmt, 0),
                                       "section-id", sqlite3_column_int64 (stmt, 1),
                                       "text", column_text (stmt, 2),
                                       "origin", column_origin (stmt, 3),
                                       "backend", column_text (stmt, 4),
                                       "model", column_text (stmt, 5),
                                       "template-version", sqlite3_column_int (stmt, 6),
                                       "created-at", created_at,
                                       NULL));
      }
    if (rc != SQLITE_DONE)
      goto failed;
  }

  end_read (self, conn);
  return g_steal_pointer (&revisions);

failed:
  fail (self, conn, rc, "read the revisions", error);
  end_read (self, conn);
  return NULL;
}

/* Mentions */

static const char sql_find_mention[] =
  "SELECT id FROM mentions WHERE name = ?1 COLLATE NOCASE"
  " UNION ALL SELECT mention_id FROM mention_aliases WHERE alias = ?1"
  " UNION ALL SELECT id FROM mentions WHERE ?3 AND slug = ?2"
  " LIMIT 1";

static const char sql_get_mention[] =
  "SELECT m.id, m.name, m.kind, m.slug, NULL,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       (SELECT count(*) FROM brief_mentions bm"
  "         WHERE bm.mention_id = m.id AND bm.state = 'attached')"
  " FROM mentions m WHERE m.id = ?1";

static const char sql_slug_taken[] = "SELECT 1 FROM mentions WHERE slug = ?1";

static const char sql_insert_mention[] =
  "INSERT INTO mentions (name, kind, slug) VALUES (?1, ?2, ?3)";

static int
read_mention (WdConn     *conn,
              gint64      mention_id,
              WdMention **out)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  *out = NULL;
  rc = conn_prepare (conn, sql_get_mention, &stmt);
  if (rc != SQLITE_OK)
    return rc;

  sqlite3_bind_int64 (stmt, 1, mention_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = mention_from_row (stmt);
      return SQLITE_OK;
    }

  return rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc;
}

/* A name with nothing that folds to ASCII (in Chinese, say) would get the
 * catch-all slug; it gets one of its own, from a hash of the name. */
static char *
mention_slug (const char *name,
              gboolean   *from_name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");

  *from_name = FALSE;
  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      *from_name = TRUE;

  if (*from_name)
    return wd_mention_slugify (name);
  else
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, name, -1);

      return g_strdup_printf ("mention-%.10s", hash);
    }
}

/**
 * wd_store_ensure_mention:
 * @self: a #WdStore
 * @name: the mention's name
 * @kind: its kind, used when a new mention is made
 * @error: return location for a #WD_STORE_ERROR
 *
 * Finds the mention that @name refers to — by name or alias, ignoring
 * case, or by slug (which also ignores accents: "Zurich" finds "Zürich") —
 * or adds it to the catalog as a new mention of @kind. A mention found
 * keeps its own kind.
 *
 * Returns: (transfer full): the mention, or %NULL with @error set
 */
WdMention *
wd_store_ensure_mention (WdStore        *self,
                         const char     *name,
                         WdMentionKind   kind,
                         GError        **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *slug = NULL;
  gboolean slug_from_name;
  gint64 mention_id = 0;
  WdMention *mention = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!check_utf8 (name, "mention's name", error))
    return NULL;
  if ((guint) kind > WD_MENTION_PLACE)
    return (invalid (error, "%d is not a mention kind; use one of publication, "
                     "organization, person, product, topic or place.", kind), NULL);

  clean = g_strstrip (g_strdup (name));
  if (*clean == '\0')
    return (invalid (error, "A mention needs a name; give one that is not empty."), NULL);

  slug = mention_slug (clean, &slug_from_name);

  conn = begin_write (self, "save the mention", error);
  if (conn == NULL)
    return NULL;

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_find_mention, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    bind_text (stmt, 1, clean);
    bind_text (stmt, 2, slug);
    sqlite3_bind_int (stmt, 3, slug_from_name);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      mention_id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      goto failed;
  }

  if (mention_id != 0)
    {
      rc = read_mention (conn, mention_id, &mention);
      if (rc != SQLITE_OK)
        goto failed;
      rollback_write (self);
      return mention;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;
    g_autofree char *candidate = g_strdup (slug);

    /* A slug from the name that is taken was found above; only a hashed
     * one can collide here, with a name that happens to slug the same. */
    for (guint n = 2; ; n++)
      {
        rc = conn_prepare (conn, sql_slug_taken, &stmt);
        if (rc != SQLITE_OK)
          goto failed;
        bind_text (stmt, 1, candidate);
        rc = sqlite3_step (stmt);
        g_clear_pointer (&stmt, wd_stmt_release);
        if (rc == SQLITE_DONE)
          break;
        if (rc != SQLITE_ROW)
          goto failed;
        g_free (candidate);
        candidate = g_strdup_printf ("%s-%u", slug, n);
      }

    rc = conn_prepare (conn, sql_insert_mention, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    bind_text (stmt, 1, clean);
    sqlite3_bind_text (stmt, 2, wd_mention_kind_to_string (kind), -1, SQLITE_STATIC);
    bind_text (stmt, 3, candidate);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
    mention_id = sqlite3_last_insert_rowid (conn->db);
  }

  rc = read_mention (conn, mention_id, &mention);
  if (rc != SQLITE_OK)
    goto failed;

  if (!commit_write (self, "save the mention", error))
    {
      g_clear_object (&mention);
      return NULL;
    }

  return mention;

failed:
  fail (self, conn, rc, "save the mention", error);
  rollback_write (self);
  return NULL;
}

static const char sql_list_mentions[] =
  "SELECT m.id, m.name, m.kind, m.slug, NULL,"
  "       (SELECT group_concat (alias, char (31)) FROM mention_aliases a"
  "         WHERE a.mention_id = m.id),"
  "       (SELECT count(*) FROM brief_mentions bm"
  "         WHERE bm.mention_id = m.id AND bm.state = 'attached')"
  " FROM mentions m ORDER BY m.name COLLATE NOCASE, m.id";

/**
 * wd_store_list_mentions:
 * @self: a #WdStore
 * @error: return location for a #WD_STORE_ERROR
 *
 * Lists the mention catalog by name, each with its aliases and
 * "brief-count", the number of briefs it is attached to.
 *
 * Returns: (transfer container) (element-type WdMention): the mentions, or
 *   %NULL with @error set
 */
GPtrArray *
wd_store_list_mentions (WdStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) mentions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(WdStmt) stmt = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);

  conn = begin_read (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = conn_prepare (conn, sql_list_mentions, &stmt);
  if (rc == SQLITE_OK)
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (mentions, mention_from_row (stmt));
  g_clear_pointer (&stmt, wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      fail (self, conn, rc, "read the mentions", error);
      end_read (self, conn);
      return NULL;
    }

  end_read (self, conn);
  return g_steal_pointer (&mentions);
}

static const char sql_brief_exists[] = "SELECT 1 FROM briefs WHERE id = ?1";
static const char sql_mention_exists[] = "SELECT 1 FROM mentions WHERE id = ?1";

/* An editor's attachment is not turned into the model's by a later
 * suggestion of the same mention. */
static const char sql_attach_mention[] =
  "INSERT INTO brief_mentions (brief_id, mention_id, origin, state)"
  " VALUES (?1, ?2, ?3, 'attached')"
  " ON CONFLICT (brief_id, mention_id) DO UPDATE SET"
  "   origin = CASE WHEN state = 'attached' THEN origin ELSE excluded.origin END,"
  "   state = 'attached'";

static int
row_exists (WdConn     *conn,
            const char *sql,
            gint64      id,
            gboolean   *exists)
{
  g_autoptr(WdStmt) stmt = NULL;
  int rc;

  rc = conn_prepare (conn, sql, &stmt);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;

  return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/**
 * wd_store_attach_mention:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @mention_id: the mention's id
 * @origin: who attached it
 * @error: return location for a #WD_STORE_ERROR
 *
 * Attaches a mention to a brief (again, if it was dismissed). Attaching
 * one already attached changes nothing, except that an editor's
 * attachment of a model's suggestion makes it the editor's.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_attach_mention (WdStore   *self,
                         gint64     brief_id,
                         gint64     mention_id,
                         WdOrigin   origin,
                         GError   **error)
{
  gboolean exists = FALSE;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);

  if ((guint) origin > WD_ORIGIN_EDITOR)
    return invalid (error, "%d is not an origin; use ai or editor.", origin);

  conn = begin_write (self, "attach the mention", error);
  if (conn == NULL)
    return FALSE;

  rc = row_exists (conn, sql_brief_exists, brief_id, &exists);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      rollback_write (self);
      return not_found_brief (self, brief_id, error);
    }

  rc = row_exists (conn, sql_mention_exists, mention_id, &exists);
  if (rc != SQLITE_OK)
    goto failed;
  if (!exists)
    {
      rollback_write (self);
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_FOUND,
                   "There is no mention %" G_GINT64_FORMAT " in the archive %s; "
                   "check the id (\"wiredesk-cli mention list\" shows them).",
                   mention_id, self->path);
      return FALSE;
    }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_attach_mention, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_int64 (stmt, 2, mention_id);
    sqlite3_bind_text (stmt, 3, wd_origin_to_string (origin), -1, SQLITE_STATIC);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  {
    g_autoptr(WdStmt) stmt = NULL;

    rc = conn_prepare (conn, sql_touch_brief, &stmt);
    if (rc != SQLITE_OK)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, brief_id);
    sqlite3_bind_int64 (stmt, 2, now_unix ());
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      goto failed;
  }

  if (!commit_write (self, "attach the mention", error))
    return FALSE;

  queue_changed (self, brief_id);
  return TRUE;

failed:
  fail (self, conn, rc, "attach the mention", error);
  rollback_write (self);
  return FALSE;
}

/* Publisher policies */

static const char sql_insert_policy[] =
  "INSERT INTO publisher_policies (domain, version, policy, max_quote_words, note,"
  "                                created_at)"
  " SELECT ?1, coalesce (max (version), 0) + 1, ?2, ?3, ?4, ?5"
  " FROM publisher_policies WHERE domain = ?1";

static const char sql_get_policy[] =
  "SELECT domain, version, policy, max_quote_words, note FROM publisher_policies"
  " WHERE domain = ?1 ORDER BY version DESC LIMIT 1";

static char *
normalize_domain (const char *domain)
{
  g_autofree char *stripped = g_strstrip (g_strdup (domain));

  return g_ascii_strdown (stripped, -1);
}

/**
 * wd_store_set_policy:
 * @self: a #WdStore
 * @domain: the publisher's domain (case does not matter)
 * @kind: what the publisher allows
 * @max_quote_words: the longest quote allowed, or -1 for the default
 * @note: (nullable): why, for the record (a takedown request, say)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Records a publisher's policy as a new version; earlier versions stay.
 *
 * Returns: %TRUE on success
 */
gboolean
wd_store_set_policy (WdStore       *self,
                     const char    *domain,
                     WdPolicyKind   kind,
                     int            max_quote_words,
                     const char    *note,
                     GError       **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), FALSE);
  g_return_val_if_fail (domain != NULL, FALSE);

  if (!check_utf8 (domain, "domain", error) || !check_utf8 (note, "note", error))
    return FALSE;

  clean = normalize_domain (domain);
  if (*clean == '\0')
    return invalid (error, "A publisher policy needs a domain, like example.org.");
  if ((guint) kind > WD_POLICY_EXCLUDED)
    return invalid (error, "%d is not a policy; use one of summarize, link-only or "
                    "excluded.", kind);
  if (max_quote_words < -1)
    return invalid (error, "The longest quote allowed cannot be %d words; give 0 or "
                    "more, or leave it out for the default.", max_quote_words);

  conn = begin_write (self, "save the publisher policy", error);
  if (conn == NULL)
    return FALSE;

  rc = conn_prepare (conn, sql_insert_policy, &stmt);
  if (rc == SQLITE_OK)
    {
      bind_text (stmt, 1, clean);
      sqlite3_bind_text (stmt, 2, wd_policy_kind_to_string (kind), -1, SQLITE_STATIC);
      bind_opt_int (stmt, 3, max_quote_words);
      bind_text (stmt, 4, note);
      sqlite3_bind_int64 (stmt, 5, now_unix ());
      rc = sqlite3_step (stmt);
    }
  g_clear_pointer (&stmt, wd_stmt_release);

  if (rc != SQLITE_DONE)
    {
      fail (self, conn, rc, "save the publisher policy", error);
      rollback_write (self);
      return FALSE;
    }

  return commit_write (self, "save the publisher policy", error);
}

/**
 * wd_store_get_policy:
 * @self: a #WdStore
 * @domain: the publisher's domain (case does not matter; no parent domain
 *   is tried)
 * @error: return location for a #WD_STORE_ERROR
 *
 * Reads the newest policy recorded for @domain. A domain with no policy
 * is not an error: the result is %NULL and @error stays unset, so a
 * caller tells the two apart by @error.
 *
 * Returns: (transfer full) (nullable): the policy, or %NULL
 */
WdPolicy *
wd_store_get_policy (WdStore     *self,
                     const char  *domain,
                     GError     **error)
{
  g_autoptr(WdStmt) stmt = NULL;
  g_autofree char *clean = NULL;
  WdPolicy *policy = NULL;
  WdConn *conn;
  int rc;

  g_return_val_if_fail (WD_IS_STORE (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  clean = normalize_domain (domain);

  conn = acquire_reader (self, NULL, error);
  if (conn == NULL)
    return NULL;

  rc = conn_prepare (conn, sql_get_policy, &stmt);
  if (rc == SQLITE_OK)
    {
      bind_text (stmt, 1, clean);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          WdPolicyKind kind = WD_POLICY_SUMMARIZE;

          wd_policy_kind_from_string (column_text (stmt, 2), &kind);
          policy = g_new0 (WdPolicy, 1);
          policy->domain = g_strdup (column_text (stmt, 0));
          policy->version = sqlite3_column_int (stmt, 1);
          policy->kind = kind;
          policy->max_quote_words = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                                    ? -1 : sqlite3_column_int (stmt, 3);
          policy->note = g_strdup (column_text (stmt, 4));
          rc = SQLITE_DONE;
        }
    }
  g_clear_pointer (&stmt, wd_stmt_release);

  if (rc != SQLITE_DONE)
    fail (self, conn, rc, "read the publisher policy", error);
  release_reader (self, conn);

  return policy;
}

/* Asynchronous calls */

typedef struct
{
  gint64 brief_id;
  WdBriefFilter filter;
  guint offset;
  guint limit;
  char *text;
  WdSectionKind kind;
  WdRevisionInfo info;
  char *backend;
  char *model;
} CallData;

static void
call_data_free (gpointer data)
{
  CallData *cd = data;

  g_free (cd->text);
  g_free (cd->backend);
  g_free (cd->model);
  g_free (cd);
}

static GTask *
new_task (WdStore             *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          CallData           **out_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  *out_data = g_new0 (CallData, 1);
  g_task_set_task_data (task, *out_data, call_data_free);

  return task;
}

static void
load_brief_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  WdBrief *brief;

  brief = load_brief (source_object, cd->brief_id, cancellable, &error);
  if (brief == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, brief, g_object_unref);
}

/**
 * wd_store_load_brief_async:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads a brief in full, as wd_store_load_brief() does, off the calling
 * thread.
 */
void
wd_store_load_brief_async (WdStore             *self,
                           gint64               brief_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));

  task = new_task (self, wd_store_load_brief_async, cancellable, callback, user_data, &cd);
  cd->brief_id = brief_id;
  g_task_run_in_thread (task, load_brief_thread);
}

/**
 * wd_store_load_brief_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_load_brief_async().
 *
 * Returns: (transfer full): the brief, or %NULL with @error set
 */
WdBrief *
wd_store_load_brief_finish (WdStore       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_store_load_brief_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
count_briefs_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  guint count = 0;

  if (!count_briefs (source_object, cd->filter, &count, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

/**
 * wd_store_count_briefs_async:
 * @self: a #WdStore
 * @filter: which briefs
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Counts briefs as wd_store_count_briefs() does, off the calling thread.
 */
void
wd_store_count_briefs_async (WdStore             *self,
                             WdBriefFilter        filter,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));

  task = new_task (self, wd_store_count_briefs_async, cancellable, callback, user_data,
                   &cd);
  cd->filter = filter;
  g_task_run_in_thread (task, count_briefs_thread);
}

/**
 * wd_store_count_briefs_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_count_briefs_async().
 *
 * Returns: the count; 0 with @error set on failure
 */
guint
wd_store_count_briefs_finish (WdStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        wd_store_count_briefs_async, 0);

  count = g_task_propagate_int (G_TASK (result), error);
  return count < 0 ? 0 : (guint) count;
}

static void
list_briefs_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  GPtrArray *briefs;

  briefs = list_briefs (source_object, cd->filter, cd->offset, cd->limit, cancellable,
                        &error);
  if (briefs == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, briefs, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * wd_store_list_briefs_async:
 * @self: a #WdStore
 * @filter: which briefs
 * @offset: how many of the newest to skip
 * @limit: how many at most
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads a page of list rows as wd_store_list_briefs() does, off the
 * calling thread.
 */
void
wd_store_list_briefs_async (WdStore             *self,
                            WdBriefFilter        filter,
                            guint                offset,
                            guint                limit,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));

  task = new_task (self, wd_store_list_briefs_async, cancellable, callback, user_data,
                   &cd);
  cd->filter = filter;
  cd->offset = offset;
  cd->limit = limit;
  g_task_run_in_thread (task, list_briefs_thread);
}

/**
 * wd_store_list_briefs_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_list_briefs_async().
 *
 * Returns: (transfer container) (element-type WdBrief): the rows, or %NULL
 *   with @error set
 */
GPtrArray *
wd_store_list_briefs_finish (WdStore       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        wd_store_list_briefs_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  GPtrArray *hits;

  hits = search (source_object, cd->text, cd->limit, cancellable, &error);
  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * wd_store_search_async:
 * @self: a #WdStore
 * @query: what the user typed
 * @limit: the most results wanted; 0 for the default
 * @cancellable: (nullable): a #GCancellable; cancelling stops a running
 *   search early
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Searches as wd_store_search() does, off the calling thread.
 */
void
wd_store_search_async (WdStore             *self,
                       const char          *query,
                       guint                limit,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));
  g_return_if_fail (query != NULL);

  task = new_task (self, wd_store_search_async, cancellable, callback, user_data, &cd);
  cd->text = g_strdup (query);
  cd->limit = limit;
  g_task_run_in_thread (task, search_thread);
}

/**
 * wd_store_search_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_search_async().
 *
 * Returns: (transfer container) (element-type WdSearchHit): the hits, or
 *   %NULL with @error set
 */
GPtrArray *
wd_store_search_finish (WdStore       *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == wd_store_search_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The writer thread runs queued writes one at a time, in order. */
static gpointer
write_thread_func (gpointer data)
{
  g_autoptr(GAsyncQueue) queue = data;

  for (;;)
    {
      WriteJob *job = g_async_queue_pop (queue);
      GTask *task = job->task;

      if (task == NULL)
        {
          g_free (job);
          break;
        }

      if (!g_task_return_error_if_cancelled (task))
        job->func (task, g_task_get_source_object (task), g_task_get_task_data (task),
                   g_task_get_cancellable (task));

      g_free (job);
      /* This may drop the last reference to the store, whose finalize
       * then tells this thread to quit. */
      g_object_unref (task);
    }

  return NULL;
}

static void
queue_write (WdStore         *self,
             GTask           *task,
             GTaskThreadFunc  func)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->task = g_object_ref (task);
  job->func = func;

  g_mutex_lock (&self->thread_lock);
  if (self->write_thread == NULL)
    {
      self->write_jobs = g_async_queue_new ();
      self->write_thread = g_thread_new ("wd-store-writer", write_thread_func,
                                         g_async_queue_ref (self->write_jobs));
    }
  g_async_queue_push (self->write_jobs, job);
  g_mutex_unlock (&self->thread_lock);
}

static void
add_revision_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CallData *cd = task_data;
  GError *error = NULL;
  gint64 revision_id;

  revision_id = add_revision (source_object, cd->brief_id, cd->kind, cd->text, &cd->info,
                              &error);
  if (revision_id == 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, revision_id);
}

/**
 * wd_store_add_revision_async:
 * @self: a #WdStore
 * @brief_id: the brief's id
 * @kind: which section
 * @text: the section's new text
 * @info: (nullable): who wrote it and how; %NULL for an editor
 * @cancellable: (nullable): a #GCancellable; a write that has started is
 *   finished, cancelled or not, so what was typed is never half saved
 * @callback: called on the caller's thread-default main context when done
 * @user_data: data for @callback
 *
 * Saves a revision as wd_store_add_revision() does, on the store's writer
 * thread: writes queued this way are done in the order they were asked
 * for.
 */
void
wd_store_add_revision_async (WdStore               *self,
                             gint64                 brief_id,
                             WdSectionKind          kind,
                             const char            *text,
                             const WdRevisionInfo  *info,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *cd;

  g_return_if_fail (WD_IS_STORE (self));
  g_return_if_fail (text != NULL);

  task = new_task (self, wd_store_add_revision_async, cancellable, callback, user_data,
                   &cd);
  cd->brief_id = brief_id;
  cd->kind = kind;
  cd->text = g_strdup (text);
  cd->info = info != NULL ? *info : WD_REVISION_INFO_EDITOR;
  cd->backend = g_strdup (cd->info.backend);
  cd->model = g_strdup (cd->info.model);
  cd->info.backend = cd->backend;
  cd->info.model = cd->model;

  queue_write (self, task, add_revision_thread);
}

/**
 * wd_store_add_revision_finish:
 * @self: a #WdStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Finishes wd_store_add_revision_async().
 *
 * Returns: the revision id, or 0 with @error set
 */
gint64
wd_store_add_revision_finish (WdStore       *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gssize revision_id;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        wd_store_add_revision_async, 0);

  revision_id = g_task_propagate_int (G_TASK (result), error);
  return revision_id < 0 ? 0 : revision_id;
}

/* GObject */

static void
wd_store_finalize (GObject *object)
{
  WdStore *self = (WdStore *) object;
  WdConn *conn;

  if (self->write_thread != NULL)
    {
      WriteJob *quit = g_new0 (WriteJob, 1);

      g_async_queue_push (self->write_jobs, quit);
      /* The last reference can be dropped by the writer thread itself,
       * which then quits once this returns. */
      if (g_thread_self () == self->write_thread)
        g_thread_unref (self->write_thread);
      else
        g_thread_join (self->write_thread);
      self->write_thread = NULL;
      g_clear_pointer (&self->write_jobs, g_async_queue_unref);
    }

  g_mutex_lock (&self->changed_lock);
  if (self->changed_source != NULL)
    {
      g_source_destroy (self->changed_source);
      g_clear_pointer (&self->changed_source, g_source_unref);
    }
  g_mutex_unlock (&self->changed_lock);

  while ((conn = g_async_queue_try_pop (self->idle_readers)) != NULL)
    conn_free (conn);
  g_clear_pointer (&self->idle_readers, g_async_queue_unref);

  /* Closed last, the writer checkpoints the journal into the archive and
   * removes it. */
  g_clear_pointer (&self->writer, conn_free);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->main_context, g_main_context_unref);

  g_mutex_clear (&self->writer_lock);
  g_mutex_clear (&self->readers_lock);
  g_mutex_clear (&self->thread_lock);
  g_mutex_clear (&self->changed_lock);

  G_OBJECT_CLASS (wd_store_parent_class)->finalize (object);
}

static void
wd_store_class_init (WdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wd_store_finalize;

  /**
   * WdStore::changed:
   * @self: the store
   * @brief_id: the brief that changed, or 0 for several or unknown ones
   *
   * Emitted on the main context of the thread that opened the store, after
   * a write that touched a brief has committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
wd_store_init (WdStore *self)
{
  g_mutex_init (&self->writer_lock);
  g_mutex_init (&self->readers_lock);
  g_mutex_init (&self->thread_lock);
  g_mutex_init (&self->changed_lock);
  self->idle_readers = g_async_queue_new ();
}
