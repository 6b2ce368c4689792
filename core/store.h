/* SPDX-License-Identifier: MIT */
/* The SQLite store: opening (WAL, foreign keys, busy timeout, durable
 * commits), numbered schema migrations, and write transactions. */
#ifndef OKNO_STORE_H
#define OKNO_STORE_H

#include <sqlite3.h>

#include "status.h"

struct db_conn;

struct store {
	sqlite3 *db;
	char *path;
	int in_tx; /* transaction depth: 1 outer, more when nested */
	struct db_conn *conn; /* core/db.h: NULL for SQLite (db), else libpq */
	int fault;            /* enum db_fault of the last failed db_ call */
};

enum {
	STORE_CREATE = 1,   /* create the file (and its schema) if missing */
	STORE_READONLY = 2, /* open read-only: no migration is run */
};

/* Open (and when allowed create) the database at path and bring its schema
 * up to date. A new file is created with mode 0600, or 0660 owned by the
 * group named by $OKNO_GROUP when set (windows running as different Unix
 * accounts of that group). An existing file that other users can write,
 * or that its group can write while $OKNO_GROUP does not name that group,
 * is refused (store_check_private). */
enum status store_open(const char *path, int flags, struct store **out,
		       struct err *e);
void store_close(struct store *s);

/* ST_OK when path (a file or a folder) cannot be written by users other
 * than its owner: not by others (mode & 002), and by its group only when
 * $OKNO_GROUP names that group. ST_ERROR otherwise, with a Russian message
 * naming the path, its mode and the fix; what says what it is ("База
 * данных", "Папка форм"). A missing path is ST_OK (the caller reports it).
 * With recurse, the folder's files and subfolders are checked too (the
 * forms folder and its templates). */
enum status store_check_private(const char *path, const char *what,
				int recurse, struct err *e);

/* Schema version stored in the file, and the newest one this build knows. */
int store_schema_version(struct store *s);
int store_schema_latest(void);
/* Run the pending migrations, each in its own transaction. */
enum status store_migrate(struct store *s, struct err *e);

/* A write transaction: db_begin(s, DB_WRITE), db_commit and db_rollback
 * of core/db.h (nested ones are savepoints). */
enum status store_begin(struct store *s, struct err *e);
enum status store_commit(struct store *s, struct err *e);
/* Safe to call when no transaction is open. */
void store_rollback(struct store *s);

/* The engine's last error as a status with a Russian message (db_fail of
 * core/db.h: "диск заполнен", "база данных только для чтения", ...). what
 * names the operation for the log. */
enum status store_error(struct store *s, struct err *e, const char *what);

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
