/* SPDX-License-Identifier: MIT */
/* The SQLite store: opening (WAL, foreign keys, busy timeout, durable
 * commits), numbered schema migrations, and write transactions. */
#ifndef OKNO_STORE_H
#define OKNO_STORE_H

#include <sqlite3.h>
#include <sys/types.h>

#include "status.h"

struct db_conn;

struct store {
	sqlite3 *db;
	char *path;
	int in_tx; /* transaction depth: 1 outer, more when nested */
	struct db_conn *conn; /* core/db.h: NULL for SQLite (db), else libpq */
	int fault;            /* enum db_fault of the last failed db_ call */
	int training; /* a training database (okno init --training) */
};

enum {
	STORE_CREATE = 1,   /* create the file (and its schema) if missing */
	STORE_READONLY = 2, /* open read-only: no migration is run */
	STORE_TRAINING = 4, /* with STORE_CREATE: a new file is a training
			     * database (ignored for an existing file) */
};

/* The setting that names the office's time zone, and its default. */
#define SET_TIMEZONE "office.timezone"

/* The group that shares the database with okno: the installed setgid
 * binary's group (no person is a member). */
#ifndef OKNO_GROUP_NAME
#define OKNO_GROUP_NAME "okno"
#endif
/* 1 and its id when the group exists (privileged: okno's own group). */
int store_okno_group(gid_t *gid);

/* Open (and when allowed create) the database at path and bring its schema
 * up to date. Opened for writing, the database's mode decides whether the
 * clock may be fixed (clock_set_training) and its office.timezone becomes
 * the process's time zone. A new file is created with mode 0600, or,
 * installed setgid (config_privileged), 0660 for the group okno. An
 * existing file that others can write or redirect is refused
 * (store_check_private). The path is protected from okno's own file
 * outputs (fileio_protect). */
enum status store_open(const char *path, int flags, struct store **out,
		       struct err *e);
void store_close(struct store *s);

/* The seed of this database's journal and audit chains (its mode's,
 * chain_genesis_of). */
const char *store_genesis(const struct store *s);
/* Record the office's time zone (init) and apply it to the process. */
enum status store_set_zone(struct store *s, const char *zone, struct err *e);
/* What every open database does once its schema is current, on either
 * engine: read its mode (training or an office's) and, unless read-only,
 * apply it to the clock and the office's zone to the process. */
enum status store_after_open(struct store *s, int readonly, struct err *e);

/* ST_OK when path (a file or a folder) cannot be written or replaced by
 * users other than its owner: not writable by others, by its group only
 * when that is the group okno; its folder likewise (unless sticky, as
 * /tmp); a symbolic link only of root or of this user, judged by its
 * folder and by its target's folder and mode. ST_ERROR otherwise, with a
 * Russian message naming the path, its mode and the fix; what says what
 * it is ("База данных", "Папка форм"). A missing path is ST_OK (the
 * caller reports it). With recurse, the folder's files and subfolders are
 * checked too (the forms folder and its templates). */
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
