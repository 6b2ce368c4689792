/* SPDX-License-Identifier: MIT */
/* The storage interface: one set of calls in front of two engines, SQLite
 * (an office's database file) and PostgreSQL through libpq (a regional
 * database shared by many office servers).
 *
 * A database is named by a file path or by a libpq URI
 * (postgresql://host/okno, postgres:///okno?host=/run/postgresql). The
 * handle is the store of store.h; statements are prepared with `?`
 * placeholders (`?N` for a numbered one, as SQLite reads them), bound with
 * typed values and read with typed column readers. SQL is written once
 * where the dialects agree (placeholders, RETURNING, ON CONFLICT, CAST,
 * COALESCE, SAVEPOINT); what differs (schema DDL, triggers, locking,
 * pragmas) sits in the driver of each engine.
 *
 * Every failure is mapped once, here, from the engine's own code to an
 * okno status and a Russian message (db_fault): a busy database, a
 * serialization failure or deadlock, a broken constraint, a full disk, a
 * read-only database or server, a lost connection. Busy, serialization
 * and deadlock failures are retried by db_transact and never reach an
 * inspector unless they persist.
 *
 * Stamps read back as text in okno's form, YYYY-MM-DDTHH:MM:SS+05:00, on
 * both engines (PostgreSQL stores them as timestamptz and shows them in
 * the process's time zone, $TZ); booleans read as 1 and 0. */
#ifndef OKNO_DB_H
#define OKNO_DB_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

struct db_stmt;

enum db_engine { DB_SQLITE = 1, DB_POSTGRES = 2 };

/* db_open flags. */
enum {
	DB_CREATE = 1,   /* create the database's schema when it is empty */
	DB_READONLY = 2, /* open for reading: no migration is run */
	DB_TRAINING = 4, /* with DB_CREATE: a new database is a training one
			  * (okno init --training) */
};

/* What went wrong in the engine, whichever engine it is. */
enum db_fault {
	DB_FAULT_NONE = 0,
	DB_FAULT_BUSY,       /* another writer holds the lock */
	DB_FAULT_SERIALIZE,  /* concurrent transactions could not serialize */
	DB_FAULT_DEADLOCK,   /* the engine broke a deadlock by failing us */
	DB_FAULT_CONSTRAINT, /* unique, foreign key, check, append-only */
	DB_FAULT_FULL,       /* disk full */
	DB_FAULT_READONLY,   /* read-only file, connection or hot standby */
	DB_FAULT_CONNECTION, /* the server cannot be reached, or went away */
	DB_FAULT_PRIVILEGE,  /* the role lacks a privilege */
	DB_FAULT_CORRUPT,    /* damaged file or data */
	DB_FAULT_IO,         /* an I/O error other than a full disk */
	DB_FAULT_OTHER,      /* SQL error, misuse, anything else */
};

/* 1 when name is a libpq URI (postgresql:// or postgres://), 0 for a
 * file path. */
int db_name_is_uri(const char *name);

/* Open the database called name. A file path opens SQLite exactly as
 * store_open does (flags DB_CREATE and DB_READONLY as STORE_CREATE and
 * STORE_READONLY). A URI connects through libpq: keepalives on, a
 * connect timeout, a password in the URI refused (use a ~/.pgpass-style
 * file, peer or certificate authentication); an empty database gets its
 * schema with DB_CREATE, an older schema is brought up to date unless
 * DB_READONLY (both need the role that owns the schema). */
MUST_CHECK enum status db_open(const char *name, int flags, struct store **out,
		    struct err *e);
void db_close(struct store *s);
enum db_engine db_engine(const struct store *s);
/* The schema version of the open database (-1 when unknown), and the
 * newest this build knows (the same numbers on both engines). */
int db_schema_version(struct store *s);
int db_schema_latest(void);

/* ---- statements ---------------------------------------------------- */

enum { DB_FAIL = -1, DB_DONE = 0, DB_ROW = 1 };

/* Prepare one statement; NULL with e filled on failure. */
struct db_stmt *db_prepare(struct store *s, const char *sql, struct err *e);
/* Parameters count from 1. Text is copied; NULL text binds SQL NULL. */
void db_bind_int64(struct db_stmt *st, int i, int64_t v);
void db_bind_double(struct db_stmt *st, int i, double v);
void db_bind_text(struct db_stmt *st, int i, const char *v);
void db_bind_null(struct db_stmt *st, int i);
/* A long scan (a journal of a million lines): before the first step of a
 * query (SELECT or WITH ... SELECT), ask for the rows in batches rather
 * than all at once. Inside a transaction
 * PostgreSQL reads them through a cursor, a few thousand per round trip,
 * so memory stays flat and other statements may run between the steps;
 * SQLite reads rows as it steps anyway. */
void db_stream(struct db_stmt *st);
/* DB_ROW, DB_DONE, or DB_FAIL with e filled. */
int db_step(struct db_stmt *st, struct err *e);
/* Run again from the start with the same bindings (rebind to change). */
void db_reset(struct db_stmt *st);
void db_finalize(struct db_stmt *st);

/* Columns of the current row, counted from 0. Text is "" for NULL and
 * valid until the next step; db_col_dup copies it. */
int db_col_count(struct db_stmt *st);
int db_col_null(struct db_stmt *st, int i);
int64_t db_col_int64(struct db_stmt *st, int i);
int db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);
char *db_col_dup(struct db_stmt *st, int i);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int64_t db_changes(struct store *s);

/* ---- one-call helpers ---------------------------------------------- */

/* A typed value for the helpers below: DB_INT(n), DB_TEXT(s) (NULL binds
 * NULL), DB_REAL(x), DB_NULL. The helpers take the values after the SQL:
 *   db_exec(s, e, "UPDATE cases SET state = ? WHERE id = ?",
 *           DB_TEXT("accepted"), DB_INT(id));
 */
enum db_type { DB_T_END = 0, DB_T_INT, DB_T_TEXT, DB_T_REAL, DB_T_NULL };
struct db_arg {
	enum db_type type;
	int64_t i;
	double d;
	const char *s;
};
#define DB_INT(x) ((struct db_arg){.type = DB_T_INT, .i = (int64_t)(x)})
#define DB_TEXT(x) ((struct db_arg){.type = DB_T_TEXT, .s = (x)})
#define DB_REAL(x) ((struct db_arg){.type = DB_T_REAL, .d = (double)(x)})
#define DB_NULL ((struct db_arg){.type = DB_T_NULL})
#define DB_ARGS(...)                                                     \
	((const struct db_arg[]){__VA_ARGS__ __VA_OPT__(, ){.type = DB_T_END}})

/* SQL counting the rows of a group where cond holds, on both engines
 * (PostgreSQL cannot sum booleans): DB_COUNT_IF("state = 'done'"). */
#define DB_COUNT_IF(cond) "COUNT(CASE WHEN " cond " THEN 1 END)"

/* Bind args to parameters 1, 2, ... */
void db_bind_args(struct db_stmt *st, const struct db_arg *args);

/* Run one statement, discarding any rows. */
MUST_CHECK enum status db_exec_a(struct store *s, struct err *e, const char *sql,
		      const struct db_arg *args);
#define db_exec(s, e, sql, ...) db_exec_a(s, e, sql, DB_ARGS(__VA_ARGS__))

/* Run statements separated by semicolons, without parameters (DDL). */
MUST_CHECK enum status db_script(struct store *s, const char *sql, struct err *e);

/* The first row: ST_OK with *out on it (read its columns, then
 * db_finalize), ST_NOTFOUND with *out NULL and e untouched when there is
 * none, another status with e filled on failure. */
MUST_CHECK enum status db_one_a(struct store *s, struct db_stmt **out, struct err *e,
		     const char *sql, const struct db_arg *args);
#define db_one(s, out, e, sql, ...)                                      \
	db_one_a(s, out, e, sql, DB_ARGS(__VA_ARGS__))

/* One integer: the first column of the first row, dflt when there is no
 * row or it is NULL. ST_OK either way; a failure fills e. */
MUST_CHECK enum status db_int64_a(struct store *s, struct err *e, int64_t *out,
		       int64_t dflt, const char *sql,
		       const struct db_arg *args);
#define db_int64(s, e, out, dflt, sql, ...)                              \
	db_int64_a(s, e, out, dflt, sql, DB_ARGS(__VA_ARGS__))
/* The same where a failure may read as the default (counts, flags). */
int64_t db_int_a(struct store *s, int64_t dflt, const char *sql,
		 const struct db_arg *args);
#define db_int(s, dflt, sql, ...) db_int_a(s, dflt, sql, DB_ARGS(__VA_ARGS__))

/* One text: a new copy of the first column of the first row, or of dflt
 * (NULL stays NULL) when there is no row or it is NULL. */
MUST_CHECK enum status db_text_a(struct store *s, struct err *e, char **out,
		      const char *dflt, const char *sql,
		      const struct db_arg *args);
#define db_text(s, e, out, dflt, sql, ...)                               \
	db_text_a(s, e, out, dflt, sql, DB_ARGS(__VA_ARGS__))

/* 1 when the query gives a row, 0 when not, -1 with e filled on failure. */
int db_exists_a(struct store *s, struct err *e, const char *sql,
		const struct db_arg *args);
#define db_exists(s, e, sql, ...)                                        \
	db_exists_a(s, e, sql, DB_ARGS(__VA_ARGS__))

/* Call fn for each row; a status other than ST_OK from fn stops the walk
 * and is returned (fn fills e). */
typedef enum status (*db_row_fn)(struct db_stmt *row, void *arg,
				 struct err *e);
MUST_CHECK enum status db_each_a(struct store *s, struct err *e, db_row_fn fn,
		      void *arg, const char *sql, const struct db_arg *args);
#define db_each(s, e, fn, arg, sql, ...)                                 \
	db_each_a(s, e, fn, arg, sql, DB_ARGS(__VA_ARGS__))

/* Read every row into a new array of structs: one element a row, zeroed,
 * then filled from the row by fill. ST_OK with *out (the caller frees it;
 * NULL when there are no rows) and *n. On failure e is filled, the rows
 * read so far are dropped (clear, when not NULL, frees what fill gave
 * one element), *out is NULL and *n 0. out is the address of a pointer
 * to the element type:
 *   struct office_info *v; size_t n;
 *   db_rows(s, e, &v, &n, fill_office, NULL, "SELECT ...");
 */
typedef void (*db_fill_fn)(struct db_stmt *row, void *elem);
typedef void (*db_clear_fn)(void *elem);
MUST_CHECK enum status db_rows_a(struct store *s, struct err *e, void *out,
				 size_t *n, size_t size, db_fill_fn fill,
				 db_clear_fn clear, const char *sql,
				 const struct db_arg *args);
#define db_rows(s, e, out, n, fill, clear, sql, ...)                     \
	db_rows_a(s, e, out, n, sizeof **(out), fill, clear, sql,        \
		  DB_ARGS(__VA_ARGS__))
/* Free such an array of n elements: clear (when not NULL) on each, then
 * the array itself. */
void db_rows_free_a(void *v, size_t n, size_t size, db_clear_fn clear);
#define db_rows_free(v, n, clear) db_rows_free_a(v, n, sizeof *(v), clear)

/* ---- transactions -------------------------------------------------- */

/* DB_WRITE: SQLite takes the write lock at once (BEGIN IMMEDIATE, waiting
 * while another window holds it). On PostgreSQL a writer of a known office
 * (db_writer_office) waits for that office's other writers and runs
 * REPEATABLE READ; one of no known office runs SERIALIZABLE; a conflicting
 * interleaving fails with a serialization error that db_transact
 * retries. DB_READ: one consistent snapshot (PostgreSQL
 * REPEATABLE READ, READ ONLY). Inside an open transaction, either kind
 * opens a savepoint: commit releases it, rollback undoes only the nested
 * part, and only the outermost commit writes. DB_RECORD: a read that
 * leaves its audit line (a login, a case opened, a journal printed, a
 * document checked): DB_WRITE where the server takes writes, DB_READ on
 * a read-only server (db_read_only), where audit.c sends the line to the
 * system log. DB_WRITE on a read-only server is refused at once with a
 * plain message (DB_FAULT_READONLY), before anything is done. */
enum db_tx { DB_READ, DB_WRITE, DB_RECORD };

MUST_CHECK enum status db_begin(struct store *s, enum db_tx kind, struct err *e);
/* On failure the transaction is rolled back. */
MUST_CHECK enum status db_commit(struct store *s, struct err *e);
/* Safe to call when no transaction is open. */
void db_rollback(struct store *s);

/* The office (0: the region's accounts) this connection acts for from now
 * on, its audit chain's: on PostgreSQL its writers take their turn with
 * that office's other writers (db_begin). An account's actor sets it
 * (account_actor), and so do every audit line and journal line. */
void db_writer_office(struct store *s, long long office);

/* Run fn in one transaction and commit when it returns ST_OK (roll back
 * otherwise). When the engine reports a busy database, a serialization
 * failure or a deadlock, the whole transaction is rolled back and run
 * again, a few times with a growing random pause, so fn must change
 * nothing outside the database before it returns. Nested in an open
 * transaction, fn runs in a savepoint and a retry is left to the
 * outermost db_transact. */
typedef enum status (*db_tx_fn)(struct store *s, void *arg, struct err *e);
MUST_CHECK enum status db_transact(struct store *s, enum db_tx kind, db_tx_fn fn,
			void *arg, struct err *e);

/* While one long statement runs (an integrity check, a count over a
 * year), call fn(arg) now and then; a nonzero return interrupts the
 * statement. SQLite: its progress handler, every 100,000 virtual-machine
 * steps. PostgreSQL: nothing (the statement runs on the server). fn NULL
 * removes it. */
void db_progress(struct store *s, int (*fn)(void *), void *arg);

/* ---- read-only servers --------------------------------------------- */

/* A server that takes no writes: a hot standby (PostgreSQL in recovery,
 * streaming from the primary), or a database whose sessions are
 * read-only by default (default_transaction_read_only: the national
 * database). Found when the database is opened and asked again when a
 * write is refused (a standby promoted meanwhile takes it). A SQLite
 * file is never one. */
enum db_ro { DB_RW = 0, DB_RO_STANDBY = 1, DB_RO_SERVER = 2 };
enum db_ro db_read_only(const struct store *s);
/* ST_OK when the server takes writes now; else the plain refusal an act
 * gets there (DB_FAULT_READONLY), for an act that checks much before its
 * transaction begins. */
MUST_CHECK enum status db_writable(struct store *s, struct err *e);

/* ---- the schema as the engine has it ------------------------------- */

/* A column of a table: its name, whether it is the table's own numbered
 * id (SQLite's INTEGER PRIMARY KEY, PostgreSQL's identity column), and the
 * table its value names a row of (a foreign key), NULL when none. */
struct db_column {
	char *name;
	int is_id;
	char *refers;
};
struct db_table {
	char *name;
	struct db_column *cols;
	int ncols;
};

/* The tables of the open database's schema, sorted by name, each with
 * its columns in their order, from the engine's own catalogue
 * (sqlite_master and its pragmas, PostgreSQL's pg_catalog). */
MUST_CHECK enum status db_tables(struct store *s, struct db_table **out,
				 int *n, struct err *e);
void db_tables_free(struct db_table *t, int n);
/* The table called name in t, NULL when none; the column of it. */
const struct db_table *db_table_find(const struct db_table *t, int n,
				     const char *name);
const struct db_column *db_column_find(const struct db_table *t,
				       const char *name);

/* ---- errors -------------------------------------------------------- */

/* The fault of the last failed call on s (DB_FAULT_NONE after success of
 * db_begin), and whether db_transact retries it. */
enum db_fault db_fault(const struct store *s);
int db_fault_retryable(enum db_fault f);

#endif
