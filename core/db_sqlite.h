/* SPDX-License-Identifier: MIT */
/* The SQLite driver's own calls, below core/db.h: opening a database file
 * with its pragmas and migrations (for store_open), and direct access to
 * the file's handle for what only SQLite has (the online backup API, the
 * integrity check) and for the tests and benches that look into a file.
 * No module of core/ other than store.c, backup.c and the driver includes
 * this file (make layout). */
#ifndef OKNO_DB_SQLITE_H
#define OKNO_DB_SQLITE_H

#include <sqlite3.h>

#include "status.h"
#include "store.h"

/* Open the file at s->path (which store_open has created when created),
 * set its pragmas and, unless STORE_READONLY, bring its schema up to date;
 * a new file becomes a training database with STORE_TRAINING. On failure
 * the handle is closed again (s->db NULL) and e is filled. */
enum status db_sqlite_open(struct store *s, int flags, int created,
			   struct err *e);
/* Roll back what is open and close the handle. */
void db_sqlite_close(struct store *s);

/* Schema version stored in the file (PRAGMA user_version), -1 on error. */
int store_schema_version(struct store *s);
/* Run the pending migrations, each in its own transaction. */
enum status store_migrate(struct store *s, struct err *e);

/* Prepare a statement; on failure fill e and return NULL. */
sqlite3_stmt *store_prepare(struct store *s, const char *sql, struct err *e);
/* Execute SQL that returns no rows. */
enum status store_exec(struct store *s, const char *sql, struct err *e);
/* Bind a text or NULL (when v is NULL) to parameter i. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Copy of column i as a new string ("" for NULL). */
char *store_col_dup(sqlite3_stmt *st, int i);
/* Column i as text, or "" for NULL; valid until the next step. */
const char *store_col_text(sqlite3_stmt *st, int i);

#endif
