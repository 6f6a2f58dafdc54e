/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Inside the store only: the schema migrations (wd-store-schema.c) and the
 * helpers the engine (wd-store.c) shares with them.
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

G_END_DECLS
