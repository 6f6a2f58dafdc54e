/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Inside the store only: what the files of WdStore share with each other
 * and with the schema migrations (wd-store-schema.c).
 *
 *   wd-store.c          the object, its connections, transactions, "changed"
 *                       and the writer thread; small column and binding helpers
 *   wd-store-open.c     opening (and refusing) an archive file
 *   wd-store-sources.c  sources
 *   wd-store-briefs.c   briefs, their list rows, sections and revisions
 *   wd-store-search.c   full-text search and its ranking function
 *   wd-store-catalog.c  mentions and publisher policies
 *   wd-store-async.c    the GTask wrappers for the GUI
 *
 * The "doing" and "what" phrases handed to the error helpers below end up
 * inside a user's error message, so they are translated phrases:
 * _("save the headline"), with a Translators: comment where the template
 * they fill is not obvious.
 */

#include <sqlite3.h>

#include "wd-store.h"

G_BEGIN_DECLS

/* PRAGMA application_id of every archive ("WDK1"), set by migration 1, so
 * that another program's SQLite file is never taken for an archive. */
#define WD_STORE_APPLICATION_ID 0x57444B31
#define WD_STORE_APPLICATION_ID_SQL "1464093489"

/* The SQL of one schema version, applied in its own transaction on top of
 * the version before it. Index 0 is version 1. */
typedef struct {
  int         version;
  const char *sql;
} WdStoreMigration;

const WdStoreMigration *wd_store_schema_migrations (guint *n_migrations);

/* Brings @db (the writer connection, already in WAL mode) from its
 * user_version up to WD_STORE_SCHEMA_VERSION; each step is one
 * transaction, so a failed step leaves the archive at the step before. */
gboolean wd_store_schema_migrate (sqlite3     *db,
                                  const char  *path,
                                  GError     **error);

/* Sets @error from a SQLite result code, as one sentence naming @path;
 * @doing says what was being done ("read the brief list"). */
void     wd_store_set_sqlite_error (GError     **error,
                                    int          rc,
                                    sqlite3     *db,
                                    const char  *path,
                                    const char  *doing);

/* The engine (wd-store.c) */

typedef struct
{
  sqlite3      *db;
  GHashTable   *stmts;       /* static SQL text -> sqlite3_stmt, prepared once */
  GCancellable *cancellable; /* while an asynchronous read runs on it */
} WdConn;

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

/* A cached statement borrowed for one use: it is reset (ending any read it
 * holds open) and its bindings cleared when it goes out of scope. */
typedef sqlite3_stmt WdStmt;

void     _wd_stmt_release (WdStmt *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WdStmt, _wd_stmt_release)

/* Sets @error as wd_store_set_sqlite_error() does; always FALSE. */
gboolean _wd_store_fail (WdStore     *self,
                         WdConn      *conn,
                         int          rc,
                         const char  *doing,
                         GError     **error);

WdConn  *_wd_conn_new (sqlite3 *db);
/* @sql must be a string constant: the cache is keyed by its address. */
int      _wd_conn_prepare (WdConn        *conn,
                           const char    *sql,
                           sqlite3_stmt **out);
int      _wd_open_connection (const char  *path,
                              int          flags,
                              sqlite3    **out);

/* A reader for one call without a transaction; give it back with
 * _wd_store_release_reader(). */
WdConn  *_wd_store_acquire_reader (WdStore       *self,
                                   GCancellable  *cancellable,
                                   GError       **error);
void     _wd_store_release_reader (WdStore *self,
                                   WdConn  *conn);
/* A reader in a read transaction (one snapshot); end it with
 * _wd_store_end_read(). */
WdConn  *_wd_store_begin_read (WdStore       *self,
                               GCancellable  *cancellable,
                               GError       **error);
void     _wd_store_end_read (WdStore *self,
                             WdConn  *conn);
WdConn  *_wd_store_begin_write (WdStore     *self,
                                const char  *doing,
                                GError     **error);
void     _wd_store_rollback_write (WdStore *self);
gboolean _wd_store_commit_write (WdStore     *self,
                                 const char  *doing,
                                 GError     **error);

/* Emits "changed" for @brief_id (0: several or unknown) on the store's
 * main context, after the write committed. */
void     _wd_store_queue_changed (WdStore *self,
                                  gint64   brief_id);
/* Runs @func for @task on the store's writer thread, after the writes
 * queued before it. */
void     _wd_store_queue_write (WdStore         *self,
                                GTask           *task,
                                GTaskThreadFunc  func);

gint64         _wd_now_unix (void);
int            _wd_bind_text (sqlite3_stmt *stmt,
                              int           index,
                              const char   *text);
int            _wd_bind_time (sqlite3_stmt *stmt,
                              int           index,
                              GDateTime    *time);
/* Binds NULL for a negative @value. */
int            _wd_bind_opt_int (sqlite3_stmt *stmt,
                                 int           index,
                                 int           value);
const char    *_wd_column_text (sqlite3_stmt *stmt,
                                int           column);
GDateTime     *_wd_column_time (sqlite3_stmt *stmt,
                                int           column);
WdOrigin       _wd_column_origin (sqlite3_stmt *stmt,
                                  int           column);
/* Sets a WD_STORE_ERROR_INVALID error; always FALSE. */
gboolean       _wd_invalid (GError     **error,
                            const char  *format,
                            ...) G_GNUC_PRINTF (2, 3);
gboolean       _wd_check_utf8 (const char  *value,
                               const char  *what,
                               GError     **error);

/* wd-store-sources.c */

WdSource *_wd_store_read_source (WdStore  *self,
                                 WdConn   *conn,
                                 gint64    source_id,
                                 GError  **error);

/* wd-store-briefs.c */

/* Marks a brief as edited (and, when published, changed since), inside the
 * caller's write transaction. Returns an SQLite result code. */
int        _wd_conn_touch_brief (WdConn *conn,
                                 gint64  brief_id,
                                 gint64  now);

gboolean   _wd_store_not_found_brief (WdStore  *self,
                                      gint64    brief_id,
                                      GError  **error);
WdBrief   *_wd_store_read_brief_row (WdStore     *self,
                                     WdConn      *conn,
                                     gint64       brief_id,
                                     GError     **error);
WdBrief   *_wd_store_load_brief (WdStore       *self,
                                 gint64         brief_id,
                                 GCancellable  *cancellable,
                                 GError       **error);
gboolean   _wd_store_count_briefs (WdStore        *self,
                                   WdBriefFilter   filter,
                                   guint          *count,
                                   GCancellable   *cancellable,
                                   GError        **error);
GPtrArray *_wd_store_list_briefs (WdStore        *self,
                                  WdBriefFilter   filter,
                                  guint           offset,
                                  guint           limit,
                                  GCancellable   *cancellable,
                                  GError        **error);
gint64     _wd_store_add_revision (WdStore               *self,
                                   gint64                 brief_id,
                                   WdSectionKind          kind,
                                   const char            *text,
                                   const WdRevisionInfo  *info,
                                   GError               **error);
gint64     _wd_store_save_edit (WdStore        *self,
                                gint64          brief_id,
                                WdSectionKind   kind,
                                const char     *text,
                                gint64          burst_revision,
                                GError        **error);

/* wd-store-search.c */

/* The arguments of wd_rank (index, args), bm25 over the phrases of the
 * MATCH expression: bound with sqlite3_bind_pointer() as a pointer of type
 * WD_RANK_ARGS_TYPE. Lower is better, as with bm25(). */
#define WD_RANK_MAX_PHRASES 32
#define WD_RANK_ARGS_TYPE "wd-rank-args"

typedef struct
{
  guint n_phrases;
  double idf[WD_RANK_MAX_PHRASES];  /* per phrase, in query order */
  double weights[2];                /* per column */
} WdRankArgs;

/* Registers wd_rank() on a reader; FALSE when SQLite has no FTS5. */
gboolean   _wd_register_rank_function (sqlite3 *db);
GPtrArray *_wd_store_search (WdStore       *self,
                             const char    *query,
                             guint          limit,
                             GCancellable  *cancellable,
                             GError       **error);

/* wd-store-catalog.c */

WdMention *_wd_mention_from_row (sqlite3_stmt *stmt);

G_END_DECLS
