/* SPDX-License-Identifier: MIT */
/* The SQLite driver of core/db.h. Opening, pragmas and the schema of a
 * database file are store.c's and schema.c's; this file runs statements
 * and transactions on the open file and classifies SQLite's errors. */
#include "db_driver.h"
#include "util.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <time.h>

struct lite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
};

#define LS(x) ((struct lite_stmt *)(x))

static enum db_fault
lite_fault(struct store *s, const char **msg)
{
	int code;

	if (!s || !s->db) {
		*msg = "no database";
		return DB_FAULT_OTHER;
	}
	code = sqlite3_extended_errcode(s->db);
	*msg = sqlite3_errmsg(s->db);
	/* A full disk often surfaces as an I/O error (the -shm or -wal file
	 * cannot grow); the OS error tells it apart. */
	if ((code & 0xff) == SQLITE_IOERR &&
	    sqlite3_system_errno(s->db) == ENOSPC)
		return DB_FAULT_FULL;
	switch (code & 0xff) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return DB_FAULT_NONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_FAULT_BUSY;
	case SQLITE_FULL:
		return DB_FAULT_FULL;
	case SQLITE_READONLY:
		return DB_FAULT_READONLY;
	case SQLITE_CONSTRAINT:
		return DB_FAULT_CONSTRAINT;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return DB_FAULT_CORRUPT;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return DB_FAULT_IO;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return DB_FAULT_PRIVILEGE;
	default:
		return DB_FAULT_OTHER;
	}
}

static struct db_stmt *
lite_prepare(struct store *s, const char *sql, struct err *e)
{
	struct lite_stmt *ls;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		db_fail(s, e, "prepare");
		return NULL;
	}
	ls = xcalloc(1, sizeof *ls);
	ls->base.s = s;
	ls->base.drv = &db_sqlite_driver;
	ls->st = st;
	return &ls->base;
}

static void
lite_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(LS(st)->st, i, (sqlite3_int64)v);
}

static void
lite_bind_double(struct db_stmt *st, int i, double v)
{
	sqlite3_bind_double(LS(st)->st, i, v);
}

static void
lite_bind_text(struct db_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(LS(st)->st, i, v, -1, SQLITE_TRANSIENT);
}

static void
lite_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(LS(st)->st, i);
}

static int
lite_step(struct db_stmt *st, struct err *e)
{
	int rc = sqlite3_step(LS(st)->st);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	db_fail(st->s, e, "step");
	return DB_FAIL;
}

static void
lite_reset(struct db_stmt *st)
{
	sqlite3_reset(LS(st)->st);
}

static void
lite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(LS(st)->st);
	free(st);
}

static int
lite_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(LS(st)->st);
}

static int
lite_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(LS(st)->st, i) == SQLITE_NULL;
}

static int64_t
lite_col_int64(struct db_stmt *st, int i)
{
	return (int64_t)sqlite3_column_int64(LS(st)->st, i);
}

static double
lite_col_double(struct db_stmt *st, int i)
{
	return sqlite3_column_double(LS(st)->st, i);
}

static const char *
lite_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(LS(st)->st, i);
}

static int64_t
lite_changes(struct store *s)
{
	return (int64_t)sqlite3_changes64(s->db);
}

static enum status
lite_script(struct store *s, const char *sql, struct err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, e, "exec");
	return ST_OK;
}

/* BEGIN IMMEDIATE takes the write lock now, so a busy database waits here
 * (the busy timeout store.c sets), not at commit; a few more rounds keep
 * a dozen windows from ever seeing "database is locked". */
static enum status
lite_begin(struct store *s, enum db_tx kind, struct err *e)
{
	const char *sql = kind == DB_WRITE ? "BEGIN IMMEDIATE" : "BEGIN";
	int rc, tries = 0;

	while ((rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL)) !=
	       SQLITE_OK) {
		struct timespec ts = {0, 50 * 1000 * 1000};

		if ((rc & 0xff) != SQLITE_BUSY || ++tries > 8)
			return db_fail(s, e, "begin");
		nanosleep(&ts, NULL);
	}
	return ST_OK;
}

static enum status
lite_commit(struct store *s, struct err *e)
{
	int rc, tries = 0;

	while ((rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL)) !=
	       SQLITE_OK)
		if ((rc & 0xff) != SQLITE_BUSY || ++tries > 8)
			return db_fail(s, e, "commit");
	return ST_OK;
}

static void
lite_rollback(struct store *s)
{
	if (s->db && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int
lite_schema_version(struct store *s)
{
	return store_schema_version(s);
}

static void
lite_progress(struct store *s, int (*fn)(void *), void *arg)
{
	if (s->db)
		sqlite3_progress_handler(s->db, fn ? 100000 : 0, fn, arg);
}

static void
lite_close(struct store *s)
{
	(void)s; /* db_close hands a SQLite store to store_close */
}

const struct db_driver db_sqlite_driver = {
	.engine = DB_SQLITE,
	.prepare = lite_prepare,
	.bind_int64 = lite_bind_int64,
	.bind_double = lite_bind_double,
	.bind_text = lite_bind_text,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.reset = lite_reset,
	.finalize = lite_finalize,
	.col_count = lite_col_count,
	.col_null = lite_col_null,
	.col_int64 = lite_col_int64,
	.col_double = lite_col_double,
	.col_text = lite_col_text,
	.changes = lite_changes,
	.script = lite_script,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.fault = lite_fault,
	.schema_version = lite_schema_version,
	.progress = lite_progress,
	.close = lite_close,
};
