/* SPDX-License-Identifier: MIT */
/* The SQLite driver of core/db.h: opening a database file (pragmas, the
 * migrations of schema.c), statements and transactions on it, and the
 * classification of SQLite's errors. The file's creation and permission
 * checks are store.c's. */
#include "db_driver.h"
#include "db_sqlite.h"
#include "util.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BUSY_TIMEOUT_MS 15000

struct lite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	uint64_t hash; /* of its SQL text, for the kept statements */
};

/* Statements kept for reuse once finalized, reset and with their bindings
 * cleared: compiling the SQL is a good part of a small statement's cost,
 * and a connection runs the same few hundred statements over and over (a
 * day's intakes, a verify, an import). Only a finalized statement is kept,
 * so one in use is never handed out twice; SQLite recompiles a kept one
 * itself when the schema changed under it. */
#define LITE_KEPT_MAX 64

struct lite_kept {
	size_t n;
	struct {
		uint64_t hash;
		sqlite3_stmt *st;
	} v[LITE_KEPT_MAX];
};

static uint64_t
sql_hash(const char *sql)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *sql; sql++)
		h = (h ^ (unsigned char)*sql) * 1099511628211ULL;
	return h;
}

/* A kept statement of exactly this SQL, taken out of the keep; NULL if
 * there is none. */
static sqlite3_stmt *
kept_take(struct store *s, uint64_t hash, const char *sql)
{
	struct lite_kept *k = s->kept;
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; k && i < k->n; i++) {
		if (k->v[i].hash != hash || strcmp(sqlite3_sql(k->v[i].st), sql))
			continue;
		st = k->v[i].st;
		k->v[i] = k->v[--k->n];
		return st;
	}
	return NULL;
}

static void
kept_put(struct store *s, uint64_t hash, sqlite3_stmt *st)
{
	struct lite_kept *k = s->kept;

	if (!s->db) { /* finalized after its connection was closed */
		sqlite3_finalize(st);
		return;
	}
	if (!k)
		k = s->kept = xcalloc(1, sizeof *k);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (k->n == LITE_KEPT_MAX) {
		sqlite3_finalize(st);
		return;
	}
	k->v[k->n].hash = hash;
	k->v[k->n++].st = st;
}

static void
kept_free(struct store *s)
{
	struct lite_kept *k = s->kept;

	while (k && k->n)
		sqlite3_finalize(k->v[--k->n].st);
	free(k);
	s->kept = NULL;
}

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
	uint64_t hash = sql_hash(sql);
	sqlite3_stmt *st = kept_take(s, hash, sql);

	if (!st && sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		db_fail(s, e, "prepare");
		return NULL;
	}
	ls = xcalloc(1, sizeof *ls);
	ls->base.s = s;
	ls->base.drv = &db_sqlite_driver;
	ls->st = st;
	ls->hash = hash;
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
	kept_put(st->s, LS(st)->hash, LS(st)->st);
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

/* ---- opening a file ------------------------------------------------ */

sqlite3_stmt *
store_prepare(struct store *s, const char *sql, struct err *e)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_error(s, e, "prepare");
		return NULL;
	}
	return st;
}

enum status
store_exec(struct store *s, const char *sql, struct err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_error(s, e, "exec");
	return ST_OK;
}

void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

const char *
store_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

char *
store_col_dup(sqlite3_stmt *st, int i)
{
	return xstrdup(store_col_text(st, i));
}

int
store_schema_version(struct store *s)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

enum status
store_migrate(struct store *s, struct err *e)
{
	int have = store_schema_version(s), i;
	enum status st;
	char pragma[64];

	if (have < 0)
		return store_error(s, e, "user_version");
	if (have > store_schema_latest())
		return err_set(e, ST_CONFLICT, "",
			       "База данных новее этой версии okno (схема %d, известно до %d)", have, store_schema_latest());
	for (i = 0; i < schema_migration_count; i++) {
		const struct migration *m = &schema_migrations[i];

		if (m->version <= have)
			continue;
		if ((st = store_begin(s, e)) != ST_OK)
			return st;
		/* Another process may have migrated while we waited. */
		if (store_schema_version(s) >= m->version) {
			store_rollback(s);
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d",
			 m->version);
		if (sqlite3_exec(s->db, m->sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			st = store_error(s, e, m->name);
			store_rollback(s);
			return st;
		}
		if ((st = store_commit(s, e)) != ST_OK)
			return st;
	}
	return ST_OK;
}

/* okno_new_training(): what the mode migration records. 1 only when this
 * open created the file as a training database. */
static void
sql_new_training(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_int(ctx, *(int *)sqlite3_user_data(ctx));
}

static enum status
configure(struct store *s, int readonly, struct err *e)
{
	static const char rw[] =
		"PRAGMA journal_mode=WAL;"
		/* FULL: a commit that returned is on disk even after a power
		 * cut. Every commit is an accepted application, a decision
		 * or a journal line, so none is cheap enough to lose. */
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;";
	static const char ro[] = "PRAGMA foreign_keys=ON;";

	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (sqlite3_exec(s->db, readonly ? ro : rw, NULL, NULL, NULL))
		return store_error(s, e, "configure");
	return ST_OK;
}

enum status
db_sqlite_open(struct store *s, int flags, int created, struct err *e)
{
	static int new_training;
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
					      : SQLITE_OPEN_READWRITE;
	enum status st;

	if (sqlite3_open_v2(s->path, &s->db, oflags | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK) {
		st = store_error(s, e, "open");
		db_sqlite_close(s);
		return st;
	}
	sqlite3_extended_result_codes(s->db, 1);
	new_training = created && (flags & STORE_TRAINING);
	sqlite3_create_function(s->db, "okno_new_training", 0,
				SQLITE_UTF8, &new_training, sql_new_training,
				NULL, NULL);
	/* Refuse a newer file before configure() switches it to WAL, which
	 * would rewrite its header. */
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	if (!(flags & STORE_READONLY) &&
	    store_schema_version(s) > store_schema_latest()) {
		st = err_set(e, ST_CONFLICT, "",
			     "База данных новее этой версии okno (схема %d, известно до %d)", store_schema_version(s),
			     store_schema_latest());
		db_sqlite_close(s);
		return st;
	}
	if ((st = configure(s, flags & STORE_READONLY, e)) != ST_OK ||
	    (!(flags & STORE_READONLY) && (st = store_migrate(s, e)) != ST_OK)) {
		db_sqlite_close(s);
		return st;
	}
	/* The function served the mode migration of a file created now;
	 * later migrations of this connection must not see it. */
	new_training = 0;
	return ST_OK;
}

void
db_sqlite_close(struct store *s)
{
	if (!s->db)
		return;
	store_rollback(s);
	kept_free(s);
	sqlite3_close_v2(s->db);
	s->db = NULL;
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
	.sql_tables = "SELECT name FROM sqlite_master WHERE type = 'table' "
		      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	/* The rowid's alias: the one primary key column, of type INTEGER. */
	.sql_columns = "SELECT name, pk = 1 AND upper(type) = 'INTEGER' AND "
		       "(SELECT count(*) FROM pragma_table_info(?1) WHERE pk > "
		       "0) = 1 FROM pragma_table_info(?1) ORDER BY cid",
	.sql_refs = "SELECT \"from\", \"table\" FROM "
		    "pragma_foreign_key_list(?1)",
};
