/* SPDX-License-Identifier: MIT */
/* The open database, whichever engine holds it: opening a database file
 * (its permissions, its creation for the owner or okno's group alone),
 * what every open does once the schema is current (the mode, the office's
 * zone), and write transactions. The SQLite file's own pragmas and
 * migrations are its driver's (db_sqlite.h), a server's db_pg.c's. */
#ifndef OKNO_STORE_H
#define OKNO_STORE_H

#include <sys/types.h>

#include "status.h"

struct db_conn;
struct sqlite3;

struct store {
	struct sqlite3 *db; /* SQLite's handle, opaque outside its driver */
	char *path;
	int in_tx; /* transaction depth: 1 outer, more when nested */
	struct db_conn *conn; /* core/db.h: NULL for SQLite (db), else libpq */
	int fault;            /* enum db_fault of the last failed db_ call */
	int training; /* a training database (okno init --training) */
	/* The office (0: the region's) this connection writes for, once known
	 * (db_writer_office): its audit chain's; a PostgreSQL writer waits
	 * for that office's other writers before its snapshot. */
	long long audit_chain;
	int audit_chain_known;
	int read_only; /* enum db_ro: a hot standby, a read-only server */
	struct lite_kept *kept; /* the SQLite driver's statements kept for reuse */
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
MUST_CHECK enum status store_open(const char *path, int flags, struct store **out,
		       struct err *e);
void store_close(struct store *s);

/* The seed of this database's journal and audit chains (its mode's,
 * chain_genesis_of). */
const char *store_genesis(const struct store *s);
/* Record the office's time zone (init) and apply it to the process. */
MUST_CHECK enum status store_set_zone(struct store *s, const char *zone, struct err *e);
/* What every open database does once its schema is current, on either
 * engine: read its mode (training or an office's) and, unless read-only,
 * apply it to the clock and the office's zone to the process. */
MUST_CHECK enum status store_after_open(struct store *s, int readonly, struct err *e);

/* ST_OK when path (a file or a folder) cannot be written or replaced by
 * users other than its owner: not writable by others, by its group only
 * when that is the group okno; its folder likewise (unless sticky, as
 * /tmp); a symbolic link only of root or of this user, judged by its
 * folder and by its target's folder and mode. ST_ERROR otherwise, with a
 * Russian message naming the path, its mode and the fix; what says what
 * it is ("База данных", "Папка форм"). A missing path is ST_OK (the
 * caller reports it). With recurse, the folder's files and subfolders are
 * checked too (the forms folder and its templates). */
MUST_CHECK enum status store_check_private(const char *path, const char *what,
				int recurse, struct err *e);

/* The newest schema version this build knows. */
int store_schema_latest(void);

/* A write transaction: db_begin(s, DB_WRITE), db_commit and db_rollback
 * of core/db.h (nested ones are savepoints). */
MUST_CHECK enum status store_begin(struct store *s, struct err *e);
MUST_CHECK enum status store_commit(struct store *s, struct err *e);
/* Safe to call when no transaction is open. */
void store_rollback(struct store *s);

/* The engine's last error as a status with a Russian message (db_fail of
 * core/db.h: "диск заполнен", "база данных только для чтения", ...). what
 * names the operation for the log. */
enum status store_error(struct store *s, struct err *e, const char *what);

#endif
