/* SPDX-License-Identifier: MIT */
/* The storage interface (core/db.h) on both engines, SQLite and
 * PostgreSQL: the same calls give the same answers. Typed binds and
 * columns, the one-call helpers, `?`/`?N` placeholders next to quoted
 * question marks, RETURNING and ON CONFLICT, stamps and days, nested
 * transactions, retries under concurrent writers, the error mapping
 * (constraint, append-only, read-only, lost and unreachable server,
 * privilege), the two schemas kept alike and read alike from their
 * catalogues. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db_driver.h"
#include "dbtest.h"
#include "harness.h"
#include "util.h"

#define STAMP "2026-03-20T10:00:00+05:00"

static const enum db_engine sqlite_engine = DB_SQLITE, pg_engine = DB_POSTGRES;

struct fx {
	struct dbtest t;
	struct store *s;
	struct err e;
};

/* A call on the fixture's store that must succeed. */
#define DOK(call) OK(call, &f->e)

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	enum db_engine engine = *(const enum db_engine *)*state;

	assert_non_null(f);
	setenv("TZ", "Asia/Almaty", 1);
	if (dbtest_create(&f->t, engine, &f->e) != ST_OK)
		fail_msg("create database: %s", f->e.msg);
	if (db_open(f->t.name, 0, &f->s, &f->e) != ST_OK)
		fail_msg("open %s: %s", f->t.name, f->e.msg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->s);
	dbtest_drop(&f->t);
	free(f);
	return 0;
}

/* An office, an account and one journal line, as the owner would file
 * them (the windows' role may insert them too). */
static void
seed(struct fx *f, struct store *s)
{
	DOK(db_exec(s, &f->e, "INSERT INTO regions(id, code, name) "
		   "VALUES (1, 'R1', 'Область')"));
	DOK(db_exec(s, &f->e, "INSERT INTO offices(id, code, name, region_id) "
		   "VALUES (1, 'O1', 'Отдел', 1)"));
	DOK(db_exec(s, &f->e, "INSERT INTO accounts(id, login, full_name, "
		   "roles, created_at) VALUES (1, 'admin', 'Админ', 1, ?)",
		   DB_TEXT(STAMP)));
	DOK(db_exec(s, &f->e, "INSERT INTO journal(office_id, seq, book, "
		   "year, no, kind, at, actor_id, content, prev_hash, hash) "
		   "VALUES (1, 1, 'reg', 2026, 1, 'accept', ?, 1, 'x', 'p', "
		   "'h')", DB_TEXT(STAMP)));
	DOK(db_exec(s, &f->e, "INSERT INTO audit(chain, seq, at, action, "
		   "prev_hash, hash) VALUES (0, 1, ?, 'login', 'p', 'h')",
		   DB_TEXT(STAMP)));
}

static void
test_schema(void **state)
{
	struct fx *f = *state;
	struct store *s2;

	assert_int_equal(db_schema_version(f->s), db_schema_latest());
	/* Opening again migrates nothing and keeps the version. */
	DOK(db_open(f->t.name, 0, &s2, &f->e));
	assert_int_equal(db_schema_version(s2), db_schema_latest());
	db_close(s2);
}

/* The same migration numbers, in the same order, on both engines. */
static void
test_same_numbers(void **state)
{
	int i;

	(void)state;
	assert_int_equal(schema_migration_count, schema_pg_migration_count);
	for (i = 0; i < schema_migration_count; i++)
		assert_int_equal(schema_migrations[i].version,
				 schema_pg_migrations[i].version);
}

static enum status
add_name(struct db_stmt *row, void *arg, struct err *e)
{
	char **acc = arg, *n;

	(void)e;
	n = xasprintf("%s%s.%s;", *acc, db_col_text(row, 0),
		      db_col_text(row, 1));
	free(*acc);
	*acc = n;
	return ST_OK;
}

/* Every table's columns, in order, as "table.column;" (the schema's
 * version table on PostgreSQL aside). */
static char *
columns(struct fx *f, struct store *s)
{
	char *acc = xstrdup("");

	if (db_engine(s) == DB_SQLITE)
		DOK(db_each(s, &f->e, add_name, &acc,
			   "SELECT m.name, p.name FROM sqlite_master m, "
			   "pragma_table_info(m.name) p WHERE m.type = 'table' "
			   "ORDER BY m.name, p.cid"));
	else
		DOK(db_each(s, &f->e, add_name, &acc,
			   "SELECT table_name, column_name FROM "
			   "information_schema.columns WHERE table_schema = "
			   "'public' AND table_name <> 'okno_schema' ORDER BY "
			   "table_name, ordinal_position"));
	return acc;
}

/* What describe tells of a new SQLite database and of the fixture's
 * (PostgreSQL's): the same text, and not a short one. */
static void
alike(struct fx *f, char *(*describe)(struct fx *, struct store *),
      size_t least)
{
	struct dbtest other;
	struct store *s;
	char *a, *b;

	DOK(dbtest_create(&other, DB_SQLITE, &f->e));
	DOK(db_open(other.name, 0, &s, &f->e));
	a = describe(f, s);
	b = describe(f, f->s);
	assert_true(strlen(a) > least);
	assert_string_equal(a, b);
	free(a);
	free(b);
	db_close(s);
	dbtest_drop(&other);
}

/* The PostgreSQL schema has every table and column of SQLite's, no
 * more, in the same order: a migration added to one engine only fails
 * here. */
static void
test_schemas_alike(void **state)
{
	alike(*state, columns, 100);
}

/* The catalogue as text: "table: column[>table] ..." a line a table
 * (okno_schema, PostgreSQL's record of its migrations, left out). Which
 * column is a numbered id is the engines' own: SQLite's rowid stands
 * behind every INTEGER PRIMARY KEY (a chain's head's too). */
static char *
catalogue(struct fx *f, struct store *s)
{
	struct strbuf b = {0};
	struct db_table *t;
	int n, i, j;

	DOK(db_tables(s, &t, &n, &f->e));
	for (i = 0; i < n; i++) {
		if (strcmp(t[i].name, "okno_schema") == 0)
			continue;
		sb_printf(&b, "%s:", t[i].name);
		for (j = 0; j < t[i].ncols; j++)
			sb_printf(&b, " %s%s%s", t[i].cols[j].name,
				  t[i].cols[j].refers ? ">" : "",
				  t[i].cols[j].refers ? t[i].cols[j].refers
						      : "");
		sb_printf(&b, "\n");
	}
	db_tables_free(t, n);
	return sb_take(&b);
}

/* db_tables reads the same schema from both engines' catalogues: the
 * tables, their columns in order, the numbered ids and the references
 * (what okno migrate copies by). */
static void
test_catalogue(void **state)
{
	struct fx *f = *state;
	const struct db_table *j;
	struct db_table *t;
	int n;

	DOK(db_tables(f->s, &t, &n, &f->e));
	j = db_table_find(t, n, "journal");
	assert_non_null(j);
	assert_true(db_column_find(j, "id")->is_id);
	assert_false(db_column_find(j, "seq")->is_id);
	assert_string_equal(db_column_find(j, "office_id")->refers, "offices");
	assert_string_equal(db_column_find(j, "corrects")->refers, "journal");
	assert_null(db_column_find(j, "hash")->refers);
	assert_non_null(db_column_find(j, "hashed_actor"));
	assert_null(db_column_find(j, "no_such_column"));
	assert_string_equal(db_column_find(db_table_find(t, n, "journal_codes"),
					   "line_id")->refers, "journal");
	assert_false(db_column_find(db_table_find(t, n, "settings"),
				    "key")->is_id);
	assert_null(db_table_find(t, n, "no_such_table"));
	db_tables_free(t, n);
	if (db_engine(f->s) == DB_POSTGRES)
		alike(f, catalogue, 1000);
}

static enum status
count_rows(struct db_stmt *row, void *arg, struct err *e)
{
	int *n = arg;

	(void)row;
	if (++*n == 2)
		return err_set(e, ST_INVALID, "", "stop at two");
	return ST_OK;
}

static void
test_helpers(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;
	int64_t v = 0, id1 = 0, id2 = 0;
	char *t = NULL;
	int n = 0;

	DOK(db_exec(f->s, &f->e, "INSERT INTO settings(key, value) "
		   "VALUES (?, ?)", DB_TEXT("a"), DB_TEXT("41")));
	assert_int_equal(db_changes(f->s), 1);
	/* ON CONFLICT ... DO UPDATE, written once for both. */
	DOK(db_exec(f->s, &f->e, "INSERT INTO settings(key, value) "
		   "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
		   "excluded.value", DB_TEXT("a"), DB_TEXT("42")));
	DOK(db_int64(f->s, &f->e, &v, -1, "SELECT CAST(value AS INTEGER) "
		    "FROM settings WHERE key = ?", DB_TEXT("a")));
	assert_int_equal(v, 42);
	DOK(db_int64(f->s, &f->e, &v, -7, "SELECT CAST(value AS INTEGER) "
		    "FROM settings WHERE key = ?", DB_TEXT("none")));
	assert_int_equal(v, -7);
	assert_int_equal(db_int(f->s, 5, "SELECT NULL"), 5);
	DOK(db_text(f->s, &f->e, &t, "dflt", "SELECT value FROM settings "
		   "WHERE key = ?", DB_TEXT("a")));
	assert_string_equal(t, "42");
	free(t);
	DOK(db_text(f->s, &f->e, &t, NULL, "SELECT value FROM settings "
		   "WHERE key = ?", DB_TEXT("none")));
	assert_null(t);
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings "
				   "WHERE key = ?", DB_TEXT("a")), 1);
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings "
				   "WHERE key = ?", DB_TEXT("b")), 0);

	/* RETURNING gives the new row's id on both engines. */
	DOK(db_int64(f->s, &f->e, &id1, 0, "INSERT INTO regions(code, name) "
		    "VALUES (?, ?) RETURNING id", DB_TEXT("R1"),
		    DB_TEXT("Первая")));
	DOK(db_int64(f->s, &f->e, &id2, 0, "INSERT INTO regions(code, name) "
		    "VALUES (?, ?) RETURNING id", DB_TEXT("R2"),
		    DB_TEXT("Вторая")));
	assert_true(id1 > 0 && id2 > id1);
	DOK(db_one(f->s, &st, &f->e, "SELECT code, name, level, id FROM "
		  "regions WHERE id = ?", DB_INT(id2)));
	assert_string_equal(db_col_text(st, 0), "R2");
	assert_string_equal(db_col_text(st, 1), "Вторая");
	assert_string_equal(db_col_text(st, 2), "region");
	assert_int_equal(db_col_int64(st, 3), id2);
	assert_int_equal(db_col_count(st), 4);
	db_finalize(st);
	assert_int_equal(db_one(f->s, &st, &f->e, "SELECT code FROM regions "
				"WHERE id = ?", DB_INT(999)), ST_NOTFOUND);
	assert_null(st);

	/* db_each walks the rows and stops at a status from the callback. */
	assert_int_equal(db_each(f->s, &f->e, count_rows, &n,
				 "SELECT id FROM regions ORDER BY id"),
			 ST_INVALID);
	assert_int_equal(n, 2);
	assert_string_equal(f->e.msg, "stop at two");

	/* UPDATE through a prepared statement reused with new binds. */
	st = db_prepare(f->s, "UPDATE regions SET name = ? WHERE id = ?",
			&f->e);
	assert_non_null(st);
	db_bind_text(st, 1, "Одна");
	db_bind_int64(st, 2, id1);
	assert_int_equal(db_step(st, &f->e), DB_DONE);
	assert_int_equal(db_changes(f->s), 1);
	db_reset(st);
	db_bind_int64(st, 2, 12345);
	assert_int_equal(db_step(st, &f->e), DB_DONE);
	assert_int_equal(db_changes(f->s), 0);
	db_finalize(st);
	assert_int_equal(db_int(f->s, 0, "SELECT count(*) FROM regions "
				"WHERE name = ?", DB_TEXT("Одна")), 1);
}

static void
test_values(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	/* Numbered and bare placeholders as SQLite numbers them; question
	 * marks inside quotes and comments are text, not parameters. */
	DOK(db_one(f->s, &st, &f->e,
		  "SELECT CAST(?2 AS TEXT) || CAST(?1 AS TEXT) || CAST(? AS "
		  "TEXT), 'a?b''?' || CAST(? AS TEXT) /* c? */, "
		  "CAST(? AS BIGINT), CAST(? AS TEXT) IS NULL, 2 > 1, 1 > 2, "
		  "CAST(? AS DOUBLE PRECISION) * 2 -- d?\n",
		  DB_TEXT("x"), DB_TEXT("y"), DB_TEXT("z"), DB_TEXT("w"),
		  DB_INT(INT64_C(9007199254740993)), DB_NULL,
		  DB_REAL(1.25)));
	assert_string_equal(db_col_text(st, 0), "yxz");
	assert_string_equal(db_col_text(st, 1), "a?b'?w");
	assert_int_equal(db_col_int64(st, 2), INT64_C(9007199254740993));
	assert_int_equal(db_col_int64(st, 3), 1);
	assert_int_equal(db_col_int64(st, 4), 1);
	assert_string_equal(db_col_text(st, 4), "1");
	assert_int_equal(db_col_int64(st, 5), 0);
	assert_true(db_col_double(st, 6) == 2.5);
	assert_false(db_col_null(st, 0));
	db_finalize(st);

	DOK(db_one(f->s, &st, &f->e, "SELECT NULL, ''"));
	assert_true(db_col_null(st, 0));
	assert_string_equal(db_col_text(st, 0), "");
	assert_false(db_col_null(st, 1));
	db_finalize(st);
}

/* A stamp reads back exactly as written (PostgreSQL stores timestamptz
 * and shows it in $TZ); a day reads as YYYY-MM-DD; a day's bounds select
 * the stamps of that day on both engines. */
static void
test_stamps(void **state)
{
	struct fx *f = *state;
	struct db_stmt *st;

	DOK(db_exec(f->s, &f->e, "INSERT INTO calendar_days(date, kind, note, "
		   "added_at) VALUES (?, 'dayoff', ?, ?)", DB_TEXT("2026-03-20"),
		   DB_TEXT("перенос"), DB_TEXT(STAMP)));
	DOK(db_one(f->s, &st, &f->e, "SELECT date, added_at, note FROM "
		  "calendar_days"));
	assert_string_equal(db_col_text(st, 0), "2026-03-20");
	assert_string_equal(db_col_text(st, 1), STAMP);
	assert_string_equal(db_col_text(st, 2), "перенос");
	db_finalize(st);
	assert_int_equal(db_int(f->s, -1, "SELECT count(*) FROM calendar_days "
				"WHERE added_at >= ? AND added_at < ?",
				DB_TEXT("2026-03-20"), DB_TEXT("2026-03-21")),
			 1);
	assert_int_equal(db_int(f->s, -1, "SELECT count(*) FROM calendar_days "
				"WHERE added_at >= ?", DB_TEXT("2026-03-21")),
			 0);
	assert_int_equal(db_int(f->s, -1, "SELECT count(*) FROM calendar_days "
				"WHERE date < ?", DB_TEXT("2026-04-01")), 1);
}

/* A long scan read in batches inside a transaction (a cursor on
 * PostgreSQL), with other statements run between its steps; outside a
 * transaction it reads as any statement. */
static void
test_stream(void **state)
{
	struct fx *f = *state;
	static const char sql[] =
		"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
		"WHERE x < ?) SELECT x, CAST(x AS TEXT) AS t FROM n ORDER BY x";
	struct db_stmt *st;
	int64_t sum = 0, k = 0;
	int rc, round;

	for (round = 0; round < 2; round++) {
		if (round == 0)
			DOK(db_begin(f->s, DB_READ, &f->e));
		st = db_prepare(f->s, sql, &f->e);
		assert_non_null(st);
		db_stream(st);
		db_bind_int64(st, 1, 4500);
		sum = k = 0;
		while ((rc = db_step(st, &f->e)) == DB_ROW) {
			k++;
			assert_int_equal(db_col_int64(st, 0), k);
			assert_int_equal(atoi(db_col_text(st, 1)), k);
			sum += db_col_int64(st, 0);
			if (k % 1000 == 0)
				assert_int_equal(db_int(f->s, -1, "SELECT ?",
							DB_INT(k)), k);
			/* PostgreSQL holds the rest in a cursor. */
			if (k == 1000 && f->t.engine == DB_POSTGRES)
				assert_int_equal(db_int(f->s, -1, "SELECT "
							"count(*) FROM "
							"pg_cursors WHERE "
							"is_holdable = "
							"false AND name "
							"<> ''"),
						 round == 0 ? 1 : 0);
		}
		assert_int_equal(rc, DB_DONE);
		assert_int_equal(k, 4500);
		assert_int_equal(sum, 4500 * 4501 / 2);
		/* Run again from the start. */
		db_reset(st);
		assert_int_equal(db_step(st, &f->e), DB_ROW);
		assert_int_equal(db_col_int64(st, 0), 1);
		db_finalize(st); /* before its end: the cursor is closed */
		if (round == 0)
			DOK(db_commit(f->s, &f->e));
	}
}

static enum status
insert_then(struct store *s, void *arg, struct err *e)
{
	enum status ret = db_exec(s, e, "INSERT INTO settings(key, value) "
				  "VALUES (?, 'v')", DB_TEXT(arg));

	if (ret != ST_OK)
		return ret;
	return strcmp(arg, "fail") == 0
		       ? err_set(e, ST_INVALID, "", "refused after insert")
		       : ST_OK;
}

static void
test_transactions(void **state)
{
	struct fx *f = *state;

	DOK(db_begin(f->s, DB_WRITE, &f->e));
	DOK(db_exec(f->s, &f->e, "INSERT INTO settings VALUES ('gone', '1')"));
	db_rollback(f->s);
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'gone'"), 0);

	/* Nested: the inner rollback undoes the inner part only. */
	DOK(db_begin(f->s, DB_WRITE, &f->e));
	DOK(db_exec(f->s, &f->e, "INSERT INTO settings VALUES ('outer', '1')"));
	DOK(db_begin(f->s, DB_WRITE, &f->e));
	DOK(db_exec(f->s, &f->e, "INSERT INTO settings VALUES ('inner', '1')"));
	db_rollback(f->s);
	DOK(db_begin(f->s, DB_WRITE, &f->e));
	DOK(db_exec(f->s, &f->e, "INSERT INTO settings VALUES ('kept', '1')"));
	DOK(db_commit(f->s, &f->e));
	DOK(db_commit(f->s, &f->e));
	assert_int_equal(f->s->in_tx, 0);
	assert_int_equal(db_int(f->s, -1, "SELECT count(*) FROM settings "
				"WHERE key IN ('outer', 'inner', 'kept')"), 2);
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'inner'"), 0);

	/* db_transact commits on ST_OK and undoes everything otherwise. */
	DOK(db_transact(f->s, DB_WRITE, insert_then, "done", &f->e));
	assert_int_equal(db_transact(f->s, DB_WRITE, insert_then, "fail",
				     &f->e), ST_INVALID);
	assert_string_equal(f->e.msg, "refused after insert");
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'fail'"), 0);
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'done'"), 1);
	/* A read transaction sees the committed rows. */
	DOK(db_begin(f->s, DB_READ, &f->e));
	assert_int_equal(db_exists(f->s, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'done'"), 1);
	DOK(db_commit(f->s, &f->e));
}

static enum status
increment(struct store *s, void *arg, struct err *e)
{
	int64_t v = 0;
	enum status ret;

	(void)arg;
	if ((ret = db_int64(s, e, &v, 0, "SELECT CAST(value AS INTEGER) FROM "
			    "settings WHERE key = 'counter'")) != ST_OK)
		return ret;
	usleep(200); /* widen the window between reading and writing */
	return db_exec(s, e, "UPDATE settings SET value = CAST(? AS TEXT) "
		       "WHERE key = 'counter'", DB_INT(v + 1));
}

enum { WRITER_EACH = 25 };

/* One writer: WRITER_EACH increments, each its own transaction. */
static int
writer(int i, void *arg)
{
	struct fx *f = arg;
	struct store *s;
	struct err e;
	int k, bad = 0;

	(void)i;
	if (db_open(f->t.name, 0, &s, &e) != ST_OK)
		return 3;
	for (k = 0; k < WRITER_EACH; k++)
		if (db_transact(s, DB_WRITE, increment, NULL, &e) != ST_OK) {
			fprintf(stderr, "writer: %s\n", e.msg);
			bad = 1;
		}
	db_close(s);
	return bad;
}

/* Writers in several processes increment one value at once: busy
 * databases and serialization failures are retried inside db_transact,
 * none reaches the caller, and no increment is lost. */
static void
test_concurrent_writers(void **state)
{
	struct fx *f = *state;
	enum { PROCS = 4 };

	DOK(db_exec(f->s, &f->e, "INSERT INTO settings VALUES ('counter', '0')"));
	fixture_run_children(PROCS, writer, f);
	assert_int_equal(db_int(f->s, -1, "SELECT CAST(value AS INTEGER) FROM "
				"settings WHERE key = 'counter'"),
			 PROCS * WRITER_EACH);
}

static void
test_errors(void **state)
{
	struct fx *f = *state;
	struct store *owner, *ro;

	DOK(db_open(f->t.owner, 0, &owner, &f->e));
	seed(f, owner);

	/* A unique key: a conflict, named as such. */
	assert_int_equal(db_exec(f->s, &f->e, "INSERT INTO regions(code, name)"
				 " VALUES ('R1', 'again')"), ST_CONFLICT);
	assert_int_equal(db_fault(f->s), DB_FAULT_CONSTRAINT);
	assert_non_null(strstr(f->e.msg, "Нарушено ограничение"));

	/* The journal and the audit log refuse change and removal: by
	 * trigger for every role, and on PostgreSQL by privilege before
	 * that for the windows' role. */
	assert_int_not_equal(db_exec(f->s, &f->e, "UPDATE journal SET "
				     "content = 'y'"), ST_OK);
	assert_int_equal(db_fault(f->s),
			 f->t.engine == DB_POSTGRES ? DB_FAULT_PRIVILEGE
						    : DB_FAULT_CONSTRAINT);
	assert_int_not_equal(db_exec(f->s, &f->e, "DELETE FROM audit"), ST_OK);
	assert_int_not_equal(db_exec(owner, &f->e, "UPDATE journal SET "
				     "content = 'y'"), ST_OK);
	assert_int_equal(db_fault(owner), DB_FAULT_CONSTRAINT);
	assert_int_equal(db_exec(owner, &f->e, "DELETE FROM case_events"),
			 ST_OK); /* no rows: nothing to refuse */
	DOK(db_exec(f->s, &f->e, "INSERT INTO audit(chain, seq, at, action, "
		   "prev_hash, hash) VALUES (0, 2, ?, 'second', 'h', 'h2')",
		   DB_TEXT(STAMP)));
	assert_int_not_equal(db_exec(owner, &f->e, "DELETE FROM audit WHERE "
				     "action = 'second'"), ST_OK);
	assert_int_equal(db_int(f->s, 0, "SELECT count(*) FROM audit"), 2);
	if (f->t.engine == DB_POSTGRES) {
		assert_int_not_equal(db_script(owner, "TRUNCATE journal_codes, "
					       "journal CASCADE", &f->e),
				     ST_OK);
		assert_int_equal(db_fault(owner), DB_FAULT_CONSTRAINT);
		assert_int_equal(db_int(f->s, 0, "SELECT count(*) FROM "
					"journal"), 1);
	}

	/* A read-only database: the write is refused with its reason. */
	if (f->t.engine == DB_SQLITE) {
		DOK(db_open(f->t.name, DB_READONLY, &ro, &f->e));
	} else {
		DOK(db_open(f->t.name, 0, &ro, &f->e));
		DOK(db_script(ro, "SET default_transaction_read_only = on",
			     &f->e));
	}
	assert_int_equal(db_exec(ro, &f->e, "INSERT INTO settings VALUES "
				 "('ro', '1')"), ST_STORAGE);
	assert_int_equal(db_fault(ro), DB_FAULT_READONLY);
	assert_non_null(strstr(f->e.msg, "только для чтения"));
	db_close(ro);

	/* Bad SQL is an error of its own kind, not retried. */
	assert_int_equal(db_exec(f->s, &f->e, "SELECT no_such_column FROM "
				 "settings"), ST_STORAGE);
	assert_int_equal(db_fault(f->s), DB_FAULT_OTHER);
	assert_false(db_fault_retryable(db_fault(f->s)));
	db_close(owner);
}

/* A statement runs unnamed the first time on its session (one round
 * trip: most of what a session starting up runs, it runs once), is
 * prepared the second time and run by name after that: the server lists
 * it once however often it runs, once more for other types of its
 * parameters; a statement the server refuses to prepare fails as it
 * would have anyway; a session opened again after a loss prepares anew. */
static void
test_prepared_once(void **state)
{
	struct fx *f = *state;
	const char *q = "SELECT count(*) FROM regions WHERE id > ?";
	struct store *a, *b;
	int64_t pid;
	int i;

	/* (as the owner, whose sessions the owner may end) */
	DOK(db_open(f->t.owner, 0, &a, &f->e));
	assert_int_equal(db_int(a, -1, q, DB_INT(9)), 0);
	assert_int_equal(db_int(a, -1, "SELECT count(*) FROM "
				"pg_prepared_statements"), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(db_int(a, -1, q, DB_INT(i)), 0);
	assert_int_equal(db_int(a, -1, "SELECT count(*) FROM "
				"pg_prepared_statements WHERE statement = "
				"'SELECT count(*) FROM regions WHERE id > $1'"),
			 1);
	assert_int_equal(db_int(a, -1, q, DB_TEXT("1")), 0);
	assert_int_equal(db_int(a, -1, q, DB_TEXT("1")), 0);
	assert_int_equal(db_int(a, -1, "SELECT count(*) FROM "
				"pg_prepared_statements WHERE statement = "
				"'SELECT count(*) FROM regions WHERE id > $1'"),
			 2);
	assert_int_not_equal(db_exec(a, &f->e, "SELECT nothing FROM "
				     "regions"), ST_OK);
	assert_int_equal(db_int(a, -1, q, DB_INT(0)), 0);
	DOK(db_open(f->t.owner, 0, &b, &f->e));
	pid = db_int(a, 0, "SELECT pg_backend_pid()");
	assert_int_equal(db_int(b, 0, "SELECT CAST(pg_terminate_backend(CAST(? "
				"AS INTEGER)) AS INTEGER)", DB_INT(pid)), 1);
	db_close(b);
	usleep(100000);
	/* the next statement finds the session gone, the one after it runs
	 * on a new one, where it is prepared again */
	assert_int_equal(db_int(a, -1, q, DB_INT(0)), -1);
	assert_int_equal(db_int(a, -1, q, DB_INT(0)), 0);
	assert_int_equal(db_int(a, -1, q, DB_INT(0)), 0);
	assert_int_not_equal(db_int(a, 0, "SELECT pg_backend_pid()"), pid);
	assert_int_equal(db_int(a, -1, "SELECT count(*) FROM "
				"pg_prepared_statements WHERE statement = "
				"'SELECT count(*) FROM regions WHERE id > $1'"),
			 1);
	db_close(a);
}

/* PostgreSQL only: the server ends our session. A statement that meets
 * the broken connection is reported (it may have taken effect), the next
 * one connects again, and a transaction begun on it connects again at
 * once; inside a transaction the transaction is lost and the caller
 * hears that the server cannot be reached. */
static void
test_connection_lost(void **state)
{
	struct fx *f = *state;
	struct store *a, *b;
	int64_t pid;

	DOK(db_open(f->t.owner, 0, &a, &f->e));
	DOK(db_open(f->t.owner, 0, &b, &f->e));
	pid = db_int(a, 0, "SELECT pg_backend_pid()");
	assert_true(pid > 0);
	assert_int_equal(db_int(b, 0, "SELECT CAST(pg_terminate_backend(CAST(? "
				"AS INTEGER)) AS INTEGER)", DB_INT(pid)), 1);
	usleep(100000);
	assert_int_equal(db_exec(a, &f->e, "SELECT 7"), ST_UNREACHABLE);
	assert_int_equal(db_int(a, 0, "SELECT 7"), 7);
	assert_int_not_equal(db_int(a, 0, "SELECT pg_backend_pid()"), pid);

	pid = db_int(a, 0, "SELECT pg_backend_pid()");
	db_int(b, 0, "SELECT CAST(pg_terminate_backend(CAST(? AS INTEGER)) AS "
	       "INTEGER)", DB_INT(pid));
	usleep(100000);
	DOK(db_begin(a, DB_WRITE, &f->e));
	DOK(db_exec(a, &f->e, "INSERT INTO settings VALUES ('after', '1')"));
	DOK(db_commit(a, &f->e));
	assert_int_equal(db_exists(b, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'after'"), 1);

	DOK(db_begin(a, DB_WRITE, &f->e));
	pid = db_int(a, 0, "SELECT pg_backend_pid()");
	db_int(b, 0, "SELECT CAST(pg_terminate_backend(CAST(? AS INTEGER)) AS "
	       "INTEGER)", DB_INT(pid));
	usleep(100000);
	assert_int_equal(db_exec(a, &f->e, "INSERT INTO settings VALUES "
				 "('lost', '1')"), ST_UNREACHABLE);
	assert_int_equal(db_fault(a), DB_FAULT_CONNECTION);
	assert_non_null(strstr(f->e.msg, "Сервер базы данных недоступен"));
	db_rollback(a);
	assert_int_equal(db_int(a, 0, "SELECT 8"), 8);
	assert_int_equal(db_exists(a, &f->e, "SELECT 1 FROM settings WHERE "
				   "key = 'lost'"), 0);
	db_close(a);
	db_close(b);
}

/* PostgreSQL only: how a URI is refused before anything is written. */
static void
test_pg_open_refusals(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct dbtest empty;
	char uri[600];

	/* A password never travels in the name. */
	snprintf(uri, sizeof uri, "postgresql://okno:secret@/%s?host=%s",
		 f->t.db, dbtest_pg_host());
	assert_int_equal(db_open(uri, 0, &s, &f->e), ST_USAGE);
	assert_non_null(strstr(f->e.msg, "Пароль"));
	assert_null(strstr(f->e.msg, "secret"));
	/* Nobody listens there. */
	assert_int_equal(db_open("postgresql:///okno?host=/nonexistent-okno",
				 0, &s, &f->e), ST_UNREACHABLE);
	assert_null(s);
	/* An empty database: the windows' role may not create the schema,
	 * and without DB_CREATE nobody is asked to. */
	memset(&empty, 0, sizeof empty);
	empty.engine = DB_POSTGRES;
	snprintf(empty.db, sizeof empty.db, "okno_e%ld", (long)getpid());
	snprintf(uri, sizeof uri, "CREATE DATABASE %s", empty.db);
	DOK(dbtest_admin(uri, &f->e));
	snprintf(uri, sizeof uri, "postgresql:///%s?host=%s&user=okno",
		 empty.db, dbtest_pg_host());
	assert_int_equal(db_open(uri, 0, &s, &f->e), ST_NOTFOUND);
	assert_non_null(strstr(f->e.msg, "okno init"));
	assert_int_equal(db_open(uri, DB_CREATE, &s, &f->e), ST_DENIED);
	assert_non_null(strstr(f->e.msg, "владельца"));
	dbtest_drop(&empty);
}

/* A free TCP port on 127.0.0.1 (bound once and released). */
static int
free_port(void)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* A second throw-away cluster listening on 127.0.0.1 for TLS only
 * (scripts/pg-cluster.sh start DIR PORT), stopped by the teardown. */
struct tls_fx {
	char dir[256], cluster[300], tls[320];
	int port;
};

static int
tls_setup(void **state)
{
	struct tls_fx *t = xcalloc(1, sizeof *t);
	char *script = fixture_root_path("scripts/pg-cluster.sh"), cmd[1024];

	fixture_tmpdir(t->dir, sizeof t->dir, "tls");
	chmod(t->dir, 0711); /* the server runs as postgres */
	snprintf(t->cluster, sizeof t->cluster, "%s/c", t->dir);
	snprintf(t->tls, sizeof t->tls, "%s/tls", t->cluster);
	t->port = free_port();
	assert_true(t->port > 0);
	snprintf(cmd, sizeof cmd, "sh '%s' start '%s' %d >/dev/null", script,
		 t->cluster, t->port);
	free(script);
	*state = t;
	if (system(cmd) != 0)
		fail_msg("the TLS cluster did not start: %s", cmd);
	return 0;
}

static int
tls_teardown(void **state)
{
	struct tls_fx *t = *state;
	char *script = fixture_root_path("scripts/pg-cluster.sh"), cmd[1024];

	snprintf(cmd, sizeof cmd, "sh '%s' stop '%s'", script, t->cluster);
	if (system(cmd) != 0)
		fprintf(stderr, "stopping %s failed\n", t->cluster);
	free(script);
	fixture_rmdir(t->dir);
	free(t);
	return 0;
}

/* A URI over TCP to the TLS cluster as role, with the CA file ca and
 * extra options. */
static void
tls_uri(const struct tls_fx *t, char *out, size_t n, const char *host,
	const char *db, const char *role, const char *ca, const char *extra)
{
	snprintf(out, n, "postgresql://%s:%d/%s?sslmode=verify-full&"
		 "sslrootcert=%s/%s.crt&sslcert=%s/%s.crt&sslkey=%s/%s.key&"
		 "user=%s%s", host, t->port, db, t->tls, ca, t->tls, role,
		 t->tls, role, role, extra ? extra : "");
}

/* PostgreSQL across a WAN: TLS with the server's certificate checked
 * against the region's CA and its name (sslmode=verify-full), the roles
 * signing in by client certificate (no password anywhere), keepalives on
 * so a link that died is noticed; a server with a certificate from
 * another CA, a server under another name and plain TCP are refused. */
static void
test_tls(void **state)
{
	struct tls_fx *t = *state;
	struct store *s;
	struct err e;
	char uri[1200], opt[32];

	/* The owner creates the database and its schema over TLS. */
	tls_uri(t, uri, sizeof uri, "localhost", "postgres", "okno_owner",
		"ca", NULL);
	OK(db_open(uri, DB_READONLY, &s, &e), &e);
	OK(db_script(s, "CREATE DATABASE okno_tls", &e), &e);
	db_close(s);
	tls_uri(t, uri, sizeof uri, "localhost", "okno_tls", "okno_owner",
		"ca", NULL);
	OK(db_open(uri, DB_CREATE, &s, &e), &e);
	assert_int_equal(db_schema_version(s), db_schema_latest());
	db_close(s);

	/* A window: encrypted, keepalives as okno sets them by default. */
	tls_uri(t, uri, sizeof uri, "localhost", "okno_tls", "okno", "ca",
		NULL);
	OK(db_open(uri, 0, &s, &e), &e);
	assert_int_equal(db_int(s, 0, "SELECT CAST(ssl AS INTEGER) FROM "
				"pg_stat_ssl WHERE pid = pg_backend_pid()"), 1);
	assert_int_equal(db_int(s, 0, "SELECT count(*) FROM journal"), 0);
	assert_int_equal(db_pg_option(s, "sslmode", opt, sizeof opt), 0);
	assert_string_equal(opt, "verify-full");
	assert_int_equal(db_pg_option(s, "keepalives", opt, sizeof opt), 0);
	assert_string_equal(opt, "1");
	assert_int_equal(db_pg_option(s, "keepalives_idle", opt, sizeof opt),
			 0);
	assert_string_equal(opt, "30");
	assert_int_equal(db_pg_option(s, "connect_timeout", opt, sizeof opt),
			 0);
	assert_string_equal(opt, "10");
	db_close(s);
	/* The URI's own values win. */
	tls_uri(t, uri, sizeof uri, "localhost", "okno_tls", "okno", "ca",
		"&keepalives_idle=7");
	OK(db_open(uri, 0, &s, &e), &e);
	assert_int_equal(db_pg_option(s, "keepalives_idle", opt, sizeof opt),
			 0);
	assert_string_equal(opt, "7");
	db_close(s);

	/* A server whose certificate another CA signed: refused. */
	tls_uri(t, uri, sizeof uri, "localhost", "okno_tls", "okno",
		"other-ca", NULL);
	assert_int_equal(db_open(uri, 0, &s, &e), ST_UNREACHABLE);
	assert_null(s);
	assert_non_null(strstr(e.msg, "certificate"));
	/* The right server reached under a name its certificate lacks. */
	tls_uri(t, uri, sizeof uri, "okno-elsewhere.invalid", "okno_tls",
		"okno", "ca", "&hostaddr=127.0.0.1");
	assert_int_equal(db_open(uri, 0, &s, &e), ST_UNREACHABLE);
	assert_non_null(strstr(e.msg, "okno-elsewhere.invalid"));
	/* Plain TCP: no pg_hba entry lets it in. */
	snprintf(uri, sizeof uri, "postgresql://localhost:%d/okno_tls?"
		 "sslmode=disable&user=okno", t->port);
	assert_int_equal(db_open(uri, 0, &s, &e), ST_UNREACHABLE);
	assert_non_null(strstr(e.msg, "no encryption"));
}

#define BOTH(fn)                                                           \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown,      \
						 (void *)&sqlite_engine),  \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown,      \
						 (void *)&pg_engine)
#define PG(fn)                                                             \
	cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown,      \
						 (void *)&pg_engine)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_numbers),
		BOTH(test_schema),
		PG(test_schemas_alike),
		BOTH(test_catalogue),
		BOTH(test_helpers),
		BOTH(test_values),
		BOTH(test_stamps),
		BOTH(test_stream),
		BOTH(test_transactions),
		BOTH(test_concurrent_writers),
		BOTH(test_errors),
		PG(test_prepared_once),
		PG(test_connection_lost),
		PG(test_pg_open_refusals),
		cmocka_unit_test_setup_teardown(test_tls, tls_setup,
						tls_teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
