/* SPDX-License-Identifier: MIT */
/* What an engine behind core/db.h provides. Only core/db.c and the two
 * drivers (db_sqlite.c, db_pg.c) include this file. */
#ifndef OKNO_DB_DRIVER_H
#define OKNO_DB_DRIVER_H

#include "db.h"
#include "schema.h"

struct db_driver;

/* The first member of every driver's statement. */
struct db_stmt {
	struct store *s;
	const struct db_driver *drv;
};

/* The first member of a driver's connection state (store->conn); a store
 * without one is SQLite's (store->db). */
struct db_conn {
	const struct db_driver *drv;
};

struct db_driver {
	enum db_engine engine;
	struct db_stmt *(*prepare)(struct store *s, const char *sql,
				   struct err *e);
	void (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	void (*bind_double)(struct db_stmt *st, int i, double v);
	void (*bind_text)(struct db_stmt *st, int i, const char *v);
	void (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st, struct err *e);
	void (*reset)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	void (*stream)(struct db_stmt *st); /* NULL: rows come as they are */
	int (*col_count)(struct db_stmt *st);
	int (*col_null)(struct db_stmt *st, int i);
	int64_t (*col_int64)(struct db_stmt *st, int i);
	double (*col_double)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	int64_t (*changes)(struct store *s);
	enum status (*script)(struct store *s, const char *sql,
			      struct err *e);
	/* The outermost transaction; nesting is db.c's (savepoints). */
	enum status (*begin)(struct store *s, enum db_tx kind, struct err *e);
	enum status (*commit)(struct store *s, struct err *e);
	void (*rollback)(struct store *s);
	/* The engine's last error as a fault, and its own message. */
	enum db_fault (*fault)(struct store *s, const char **msg);
	int (*schema_version)(struct store *s);
	/* enum db_ro of the server as it is now; NULL: never read-only */
	int (*read_only)(struct store *s);
	/* db_progress; NULL when the engine has no such hook */
	void (*progress)(struct store *s, int (*fn)(void *), void *arg);
	void (*close)(struct store *s);
	/* The catalogue (db_tables): the schema's table names, in any
	 * order; a table's columns in their order as name and is_id (1 or
	 * 0), its parameter ?1 the table; a table's single-column foreign
	 * keys as column and the table referred to, ?1 the table. */
	const char *sql_tables, *sql_columns, *sql_refs;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* Connect to a PostgreSQL URI and bring its schema up to date. */
MUST_CHECK enum status db_pg_open(const char *uri, int flags, struct store **out,
		       struct err *e);

/* What libpq uses for keyword on a PostgreSQL store (okno's default, the
 * URI's or libpq's own): 0 with the value in out, -1 when there is none
 * or s is not PostgreSQL's. */
int db_pg_option(struct store *s, const char *keyword, char *out, size_t n);

/* Record the engine's last error on s as a fault and fill e with okno's
 * status and Russian message; what names the operation. */
enum status db_fail(struct store *s, struct err *e, const char *what);
/* The same for a fault the driver has already classified. */
enum status db_fail_as(struct store *s, struct err *e, enum db_fault f,
		       const char *what, const char *detail);

/* The PostgreSQL schema: the same numbers as schema_migrations[]
 * (SQLite), in PostgreSQL's dialect, with its roles and triggers. */
extern const struct migration schema_pg_migrations[];
extern const int schema_pg_migration_count;

#endif
