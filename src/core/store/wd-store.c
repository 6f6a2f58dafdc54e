/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "wd-store"

#include <glib/gi18n-lib.h>

#include "wd-store.h"
#include "wd-store-private.h"

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

typedef struct
{
  GTask          *task;      /* NULL: the writer thread should quit */
  GTaskThreadFunc func;
} WriteJob;

G_DEFINE_FINAL_TYPE (WdStore, wd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (wd-store-error-quark, wd_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_wd_stmt_release (WdStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

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
                   /* Translators: the first %s is the archive's path, the second
                    * what Wiredesk was doing, as a phrase like "save the headline"
                    * (translated on its own), the third SQLite's own message. */
                   _("The archive %s is damaged, so Wiredesk could not %s (%s); "
                     "restore it from a backup."), path, doing, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_NOT_ARCHIVE,
                   _("The file %s is not a Wiredesk archive; choose another file "
                     "(this one was left unchanged)."), path);
      break;

    case SQLITE_READONLY:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_READ_ONLY,
                   /* Translators: the first %s is the archive's path, the second
                    * what Wiredesk was doing, like "save the headline". */
                   _("The archive %s is read-only, so Wiredesk could not %s; "
                     "make the file and its folder writable."), path, doing);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_BUSY,
                   /* Translators: the first %s is the archive's path, the second
                    * what Wiredesk was doing, like "save the headline". */
                   _("The archive %s is locked by another program, so Wiredesk could "
                     "not %s; close the other program and try again."), path, doing);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_OPEN,
                   /* Translators: the first %s is the archive's path, the second
                    * SQLite's own message. */
                   _("The archive %s cannot be opened (%s); check that its folder "
                     "exists and is accessible."), path, detail);
      break;

    case SQLITE_FULL:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                   /* Translators: the first %s is the archive's path, the second
                    * what Wiredesk was doing, like "save the headline". */
                   _("The disk holding the archive %s is full, so Wiredesk could not "
                     "%s; free some space and try again."), path, doing);
      break;

    case SQLITE_IOERR:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                   /* Translators: the first %s is the archive's path, the second
                    * what Wiredesk was doing, like "save the headline", the third
                    * the system's message. */
                   _("Reading or writing the archive %s failed, so Wiredesk could not "
                     "%s (%s); check the disk and try again."), path, doing, detail);
      break;

    case SQLITE_INTERRUPT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   /* Translators: the first %s is what Wiredesk was doing, like
                    * "save the headline", the second the archive's path. */
                   _("Wiredesk stopped trying to %s in the archive %s because it was "
                     "cancelled."), doing, path);
      break;

    default:
      g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                   /* Translators: the first %s is what Wiredesk was doing, like
                    * "save the headline", the second the archive's path, the third
                    * SQLite's own message. */
                   _("Wiredesk could not %s in the archive %s (%s); try again, and "
                     "report a bug if it keeps happening."), doing, path, detail);
      break;
    }
}

gboolean
_wd_store_fail (WdStore     *self,
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

WdConn *
_wd_conn_new (sqlite3 *db)
{
  WdConn *conn = g_new0 (WdConn, 1);

  conn->db = db;
  conn->stmts = g_hash_table_new_full (NULL, NULL, NULL,
                                       (GDestroyNotify) sqlite3_finalize);
  return conn;
}

/* @sql must be a string constant: the cache is keyed by its address. */
int
_wd_conn_prepare (WdConn        *conn,
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

  rc = _wd_conn_prepare (conn, sql, &stmt);
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

int
_wd_open_connection (const char  *path,
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

WdConn *
_wd_store_acquire_reader (WdStore       *self,
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

          rc = _wd_open_connection (self->path, SQLITE_OPEN_READWRITE, &db);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "PRAGMA query_only = ON; PRAGMA cache_size = -16384",
                               NULL, NULL, NULL);

          if (rc != SQLITE_OK)
            {
              /* Translators: an action, put into "Wiredesk could not %s". */
              wd_store_set_sqlite_error (error, rc, db, self->path, _("open a reader"));
              sqlite3_close (db);
              g_mutex_lock (&self->readers_lock);
              self->n_readers--;
              g_mutex_unlock (&self->readers_lock);
              return NULL;
            }

          if (!_wd_register_rank_function (db))
            {
              g_set_error (error, WD_STORE_ERROR, WD_STORE_ERROR_FAILED,
                           _("The SQLite library in use cannot search the archive "
                             "%s (no FTS5); install SQLite with FTS5."), self->path);
              sqlite3_close (db);
              g_mutex_lock (&self->readers_lock);
              self->n_readers--;
              g_mutex_unlock (&self->readers_lock);
              return NULL;
            }

          conn = _wd_conn_new (db);
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

void
_wd_store_release_reader (WdStore *self,
                          WdConn  *conn)
{
  conn->cancellable = NULL;
  g_async_queue_push (self->idle_readers, conn);
}

/* Starts a read transaction, so that every statement of one call sees the
 * same snapshot of the archive. */
WdConn *
_wd_store_begin_read (WdStore       *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  WdConn *conn;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  conn = _wd_store_acquire_reader (self, cancellable, error);
  if (conn == NULL)
    return NULL;

  rc = conn_exec (conn, "BEGIN");
  if (rc != SQLITE_OK)
    {
      /* Translators: an action, put into "Wiredesk could not %s". */
      _wd_store_fail (self, conn, rc, _("start reading"), error);
      _wd_store_release_reader (self, conn);
      return NULL;
    }

  return conn;
}

void
_wd_store_end_read (WdStore *self,
                    WdConn  *conn)
{
  /* A read transaction has nothing to keep: ROLLBACK cannot fail in a way
   * that loses data, and it ends the snapshot even after an error. */
  if (!sqlite3_get_autocommit (conn->db))
    conn_exec (conn, "ROLLBACK");
  _wd_store_release_reader (self, conn);
}

/* Takes the writer and starts a write transaction; on success the caller
 * must end it with _wd_store_commit_write() or _wd_store_rollback_write(). */
WdConn *
_wd_store_begin_write (WdStore     *self,
                       const char  *doing,
                       GError     **error)
{
  int rc;

  g_mutex_lock (&self->writer_lock);

  rc = conn_exec (self->writer, "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK)
    {
      _wd_store_fail (self, self->writer, rc, doing, error);
      g_mutex_unlock (&self->writer_lock);
      return NULL;
    }

  return self->writer;
}

void
_wd_store_rollback_write (WdStore *self)
{
  if (!sqlite3_get_autocommit (self->writer->db))
    conn_exec (self->writer, "ROLLBACK");
  g_mutex_unlock (&self->writer_lock);
}

gboolean
_wd_store_commit_write (WdStore     *self,
                        const char  *doing,
                        GError     **error)
{
  int rc;

  rc = conn_exec (self->writer, "COMMIT");
  if (rc != SQLITE_OK)
    {
      _wd_store_fail (self, self->writer, rc, doing, error);
      _wd_store_rollback_write (self);
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
void
_wd_store_queue_changed (WdStore *self,
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

gint64
_wd_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

int
_wd_bind_text (sqlite3_stmt *stmt,
               int           index,
               const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

int
_wd_bind_time (sqlite3_stmt *stmt,
               int           index,
               GDateTime    *time)
{
  if (time == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_int64 (stmt, index, g_date_time_to_unix (time));
}

int
_wd_bind_opt_int (sqlite3_stmt *stmt,
                  int           index,
                  int           value)
{
  if (value < 0)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_int (stmt, index, value);
}

const char *
_wd_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

GDateTime *
_wd_column_time (sqlite3_stmt *stmt,
                 int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, column));
}

WdOrigin
_wd_column_origin (sqlite3_stmt *stmt,
                   int           column)
{
  WdOrigin origin = WD_ORIGIN_AI;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    wd_origin_from_string (_wd_column_text (stmt, column), &origin);
  return origin;
}

gboolean
_wd_invalid (GError     **error,
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

gboolean
_wd_check_utf8 (const char  *value,
                const char  *what,
                GError     **error)
{
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    /* Translators: %s names the text, like "headline" (translated on its
     * own). */
    return _wd_invalid (error, _("The %s is not valid UTF-8 text; convert it to UTF-8 and "
                                 "try again."), what);
  return TRUE;
}

/* Public API */

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

void
_wd_store_queue_write (WdStore         *self,
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

typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean done;
} WriteBarrier;

static void
barrier_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  WriteBarrier *barrier = task_data;

  g_mutex_lock (&barrier->lock);
  barrier->done = TRUE;
  g_cond_signal (&barrier->cond);
  g_mutex_unlock (&barrier->lock);
  g_task_return_boolean (task, TRUE);
}

/**
 * wd_store_wait_for_writes:
 * @self: a #WdStore
 *
 * Blocks until every write queued so far on the writer thread (the
 * *_async writes) is done: for quitting, so nothing typed is lost with
 * the process.
 */
void
wd_store_wait_for_writes (WdStore *self)
{
  g_autoptr(GTask) task = NULL;
  WriteBarrier barrier = { 0 };

  g_return_if_fail (WD_IS_STORE (self));

  g_mutex_lock (&self->thread_lock);
  if (self->write_thread == NULL)
    {
      g_mutex_unlock (&self->thread_lock);
      return;
    }
  g_mutex_unlock (&self->thread_lock);

  g_mutex_init (&barrier.lock);
  g_cond_init (&barrier.cond);
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (task, &barrier, NULL);
  _wd_store_queue_write (self, task, barrier_thread);

  g_mutex_lock (&barrier.lock);
  while (!barrier.done)
    g_cond_wait (&barrier.cond, &barrier.lock);
  g_mutex_unlock (&barrier.lock);
  g_mutex_clear (&barrier.lock);
  g_cond_clear (&barrier.cond);
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
