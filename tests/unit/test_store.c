/* SPDX-License-Identifier: MIT */
/* Tests for the store and accounts: migrations from an empty file and from
 * an older database (derived from schema_migrations[], so a new migration
 * is covered without editing this file), refusal of a newer database,
 * WAL / foreign keys / busy timeout, the owner-only file, lockout after
 * wrong passwords, password change and the first-login flag. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "audit.h"
#include "chain.h"
#include "db.h"
#include "office.h"
#include "schema.h"
#include "store.h"
#include "util.h"

#define NOW "2026-03-20T10:00:00"
#define PW "первый-пароль-1"

struct fx {
	char dir[256];
	char path[300];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	setenv("OKNO_NOW", NOW, 1);
	fixture_tmpdir(f->dir, sizeof f->dir, "st");
	snprintf(f->path, sizeof f->path, "%s/k.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	fixture_rmdir(f->dir);
	free(f);
	setenv("OKNO_NOW", NOW, 1);
	return 0;
}

static long long
scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	EXPECT(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	       "prepare %s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *
text1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *v;

	EXPECT(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
	       "prepare %s: %s", sql, sqlite3_errmsg(db));
	v = xstrdup(sqlite3_step(st) == SQLITE_ROW ? store_col_text(st, 0) : "");
	sqlite3_finalize(st);
	return v;
}

/* The rows of an office made by an old okno: its region, the office and
 * its admin old.admin (SQL for raw_exec). */
#define OLD_OFFICE_ROWS                                                    \
	"INSERT INTO regions(id, code, name) VALUES (1, 'R1', "            \
	"'ДП г. Алматы');"                                                 \
	"INSERT INTO offices(id, code, name, region_id) VALUES "           \
	"(1, 'A01', 'Медеуский РУП', 1);"                                  \
	"INSERT INTO accounts(id, login, full_name, roles, office_id, "    \
	"pw_hash, must_change, created_at) VALUES (1, 'old.admin', "       \
	"'Старый Админ', 32, 1, 'x', 0, '2025-01-01T09:00:00');"

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	EXPECT(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK,
	       "exec %.80s...: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
}

/* Every schema object (type, name, sql), one per line, in name order. */
static char *
schema_dump(sqlite3 *db)
{
	return text1(db, "SELECT group_concat(type || ' ' || name || ': ' || "
			 "COALESCE(sql, ''), char(10)) FROM (SELECT * FROM "
			 "sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY "
			 "type, name)");
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	EXPECT(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	EXPECT(buf && fread(buf, 1, (size_t)n, fp) == (size_t)n, "read %s",
	       path);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* ---- migrations ------------------------------------------------------- */

static void
test_migrations_sane(void **state)
{
	int i;

	(void)state;
	CTX("schema_migrations[]");
	EXPECT(schema_migration_count >= 1, "no migration");
	EXPECT(schema_migrations[0].version == 1, "first migration is %d",
	       schema_migrations[0].version);
	for (i = 0; i < schema_migration_count; i++) {
		CTX("migration %d (%s)", schema_migrations[i].version,
		    schema_migrations[i].name);
		EXPECT(schema_migrations[i].sql && *schema_migrations[i].sql,
		       "empty SQL");
		EXPECT(schema_migrations[i].name && *schema_migrations[i].name,
		       "no name");
		if (i)
			EXPECT(schema_migrations[i].version >
			       schema_migrations[i - 1].version,
			       "versions not increasing");
	}
	EXPECT(store_schema_latest() ==
	       schema_migrations[schema_migration_count - 1].version,
	       "store_schema_latest() = %d", store_schema_latest());
}

/* 1 when a migration after the i-th holds the statement stmt. */
static int
dropped_later(int i, const char *stmt)
{
	while (++i < schema_migration_count)
		if (strstr(schema_migrations[i].sql, stmt))
			return 1;
	return 0;
}

static void
test_from_empty(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = {0};
	char *dump;
	int i;

	CTX("store_open on a missing file without STORE_CREATE");
	EXPECT_ST(store_open(f->path, 0, &s, &e), ST_NOTFOUND, &e);
	EXPECT(s == NULL && access(f->path, F_OK) != 0,
	       "a file was created without STORE_CREATE");

	CTX("store_open(STORE_CREATE) on a missing file");
	EXPECT_ST(store_open(f->path, STORE_CREATE | STORE_TRAINING, &s, &e), ST_OK, &e);
	EXPECT(store_schema_version(s) == store_schema_latest(),
	       "user_version %d, latest %d", store_schema_version(s),
	       store_schema_latest());
	/* Every table a migration creates is there, unless a later one
	 * drops it. */
	dump = schema_dump(s->db);
	for (i = 0; i < schema_migration_count; i++) {
		const char *p = schema_migrations[i].sql;

		while ((p = strstr(p, "CREATE TABLE "))) {
			char name[64], want[80];

			p += strlen("CREATE TABLE ");
			if (sscanf(p, "%63[a-z_0-9]", name) != 1)
				continue;
			snprintf(want, sizeof want, "DROP TABLE %s;", name);
			if (dropped_later(i, want))
				continue;
			snprintf(want, sizeof want, "table %s:", name);
			CTX("migration %d", schema_migrations[i].version);
			EXPECT(strstr(dump, want) != NULL, "table %s missing",
			       name);
		}
	}
	free(dump);
	store_close(s);

	CTX("reopening an up-to-date file changes nothing");
	{
		struct store *s2 = NULL;

		EXPECT_ST(store_open(f->path, 0, &s2, &e), ST_OK, &e);
		EXPECT(store_schema_version(s2) == store_schema_latest(),
		       "version %d", store_schema_version(s2));
		EXPECT_ST(store_migrate(s2, &e), ST_OK, &e);
		store_close(s2);
	}
}

/* A database as the first released build left it: only migration 1, with
 * data in it. */
static void
test_from_older(void **state)
{
	struct fx *f = *state;
	char ref_path[320], pragma[64], *want, *got;
	struct store *s = NULL;
	struct account_info ai;
	struct err e = {0};
	sqlite3 *db;

	/* The reference: a fresh database at the latest version. */
	snprintf(ref_path, sizeof ref_path, "%s/ref.db", f->dir);
	CTX("reference database");
	EXPECT_ST(store_open(ref_path, STORE_CREATE | STORE_TRAINING, &s, &e), ST_OK, &e);
	want = schema_dump(s->db);
	store_close(s);

	CTX("building a v%d-only database", schema_migrations[0].version);
	EXPECT(sqlite3_open(f->path, &db) == SQLITE_OK, "sqlite3_open");
	raw_exec(db, schema_migrations[0].sql);
	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d",
		 schema_migrations[0].version);
	raw_exec(db, pragma);
	raw_exec(db, OLD_OFFICE_ROWS
		 "INSERT INTO cases(id, office_id, service, state, form_id, "
		 "form_version, data, created_by, created_at, updated_at) VALUES "
		 "(7, 1, 'registration', 'accepted', 'registration', '1', "
		 "'{\"surname\":\"ÖZTÜRK\"}', 1, '2025-01-02T10:00:00', "
		 "'2025-01-02T10:00:00');");
	if (schema_migration_count > 1) {
		/* No table of a later migration may exist yet. */
		char *tables = text1(db, "SELECT group_concat(name) FROM "
					 "sqlite_master WHERE type='table'");
		const char *p = schema_migrations[1].sql;
		char name[64];

		if ((p = strstr(p, "CREATE TABLE ")) &&
		    sscanf(p + 13, "%63[a-z_0-9]", name) == 1)
			EXPECT(strstr(tables, name) == NULL,
			       "v1 already has %s", name);
		free(tables);
	}
	sqlite3_close(db);

	CTX("store_open migrates v%d -> v%d", schema_migrations[0].version,
	    store_schema_latest());
	EXPECT_ST(store_open(f->path, 0, &s, &e), ST_OK, &e);
	EXPECT(store_schema_version(s) == store_schema_latest(),
	       "user_version %d after migration, latest %d",
	       store_schema_version(s), store_schema_latest());
	got = schema_dump(s->db);
	EXPECT(strcmp(got, want) == 0,
	       "migrated schema differs from a fresh one:\n--- fresh\n%s\n"
	       "--- migrated\n%s", want, got);
	free(got);
	free(want);
	/* The old rows survived. */
	EXPECT(scalar(s->db, "SELECT count(*) FROM cases WHERE id = 7 AND "
		      "state = 'accepted'") == 1, "case 7 lost");
	got = text1(s->db, "SELECT data FROM cases WHERE id = 7");
	EXPECT(strcmp(got, "{\"surname\":\"ÖZTÜRK\"}") == 0, "case data %s",
	       got);
	free(got);
	EXPECT_ST(account_get(s, "old.admin", &ai, &e), ST_OK, &e);
	EXPECT(strcmp(ai.full_name, "Старый Админ") == 0 &&
	       strcmp(ai.office_code, "A01") == 0, "account %s / %s",
	       ai.full_name, ai.office_code);
	/* The migrated database works: a new account and office. */
	{
		struct actor admin;

		EXPECT_ST(account_actor(s, "old.admin", "test", &admin, &e),
			  ST_OK, &e);
		EXPECT_ST(account_add(s, &admin, "new.user", "Новый Сотрудник",
				      "инспектор", ROLE_INSPECTOR, "A01", NULL,
				      PW, NULL, &e), ST_OK, &e);
	}
	store_close(s);
	unlink(ref_path);
	snprintf(ref_path, sizeof ref_path, "%s/ref.db-wal", f->dir);
	unlink(ref_path);
	snprintf(ref_path, sizeof ref_path, "%s/ref.db-shm", f->dir);
	unlink(ref_path);
}

static void
one_training(sqlite3_context *c, int n, sqlite3_value **v)
{
	(void)n;
	(void)v;
	sqlite3_result_int(c, 1);
}

struct lines_tx {
	const struct actor *office, *region;
};

static enum status
two_lines(struct store *s, void *arg, struct err *e)
{
	struct lines_tx *l = arg;
	enum status ret = audit_log(s, l->office, "test.office", "", "", e);

	return ret == ST_OK ? audit_log(s, l->region, "test.region", "", "", e)
			    : ret;
}

/* An audit log of the one chain it was before migration 15, numbered by
 * id and hashed as such, is its region's chain from then on and verifies
 * as before; new lines go to their office's chain or go on with it. */
static void
test_audit_chains_from_one(void **state)
{
	struct fx *f = *state;
	char canon[200], h1[CHAIN_HEX], h2[CHAIN_HEX], sql[800];
	const char *g = chain_genesis_of(1);
	struct store *s = NULL;
	struct actor office, region = {0};
	struct lines_tx l = {&office, &region};
	struct err e = {0};
	sqlite3 *db;
	int i;

	CTX("building a v14 database with two audit lines");
	EXPECT(sqlite3_open(f->path, &db) == SQLITE_OK, "sqlite3_open");
	EXPECT(sqlite3_create_function(db, "okno_new_training", 0, SQLITE_UTF8,
				       NULL, one_training, NULL,
				       NULL) == SQLITE_OK, "function");
	for (i = 0; i < schema_migration_count &&
		    schema_migrations[i].version <= 14; i++)
		raw_exec(db, schema_migrations[i].sql);
	raw_exec(db, "PRAGMA user_version=14");
	raw_exec(db, OLD_OFFICE_ROWS);
	snprintf(canon, sizeof canon, "%s", "1\x1f" "2025-01-01T09:00:00+05:00"
		 "\x1f" "1\x1f" "old.admin\x1flogin\x1f\x1f\x1f" "cli");
	chain_hash(g, canon, h1);
	snprintf(canon, sizeof canon, "%s", "2\x1f" "2025-01-01T09:01:00+05:00"
		 "\x1f" "1\x1f" "old.admin\x1flogout\x1f\x1f\x1f" "cli");
	chain_hash(h1, canon, h2);
	snprintf(sql, sizeof sql, "INSERT INTO audit(id, at, account_id, "
		 "login, action, origin, prev_hash, hash, stamp) VALUES "
		 "(1, '2025-01-01T09:00:00+05:00', 1, 'old.admin', 'login', "
		 "'cli', '%s', '%s', '2025-01-01T09:00:00+05:00'), "
		 "(2, '2025-01-01T09:01:00+05:00', 1, 'old.admin', 'logout', "
		 "'cli', '%s', '%s', '2025-01-01T09:01:00+05:00');"
		 "UPDATE audit_head SET seq = 2, hash = '%s';", g, h1, h1, h2,
		 h2);
	raw_exec(db, sql);
	sqlite3_close(db);

	CTX("migrated to v%d", store_schema_latest());
	EXPECT_ST(store_open(f->path, 0, &s, &e), ST_OK, &e);
	EXPECT(scalar(s->db, "SELECT count(*) FROM audit WHERE chain = 0 AND "
		      "seq = id") == 2, "the old lines are not chain 0's");
	EXPECT_ST(audit_verify(s, NULL, &e), ST_OK, &e);

	CTX("a line of the office and one of the region");
	EXPECT_ST(account_actor(s, "old.admin", "test", &office, &e), ST_OK,
		  &e);
	EXPECT(office.office_id == 1, "office %lld", office.office_id);
	EXPECT_ST(db_transact(s, DB_WRITE, two_lines, &l, &e), ST_OK, &e);
	EXPECT(scalar(s->db, "SELECT count(*) FROM audit WHERE chain = 1 AND "
		      "seq = 1 AND action = 'test.office' AND prev_hash = "
		      "(SELECT prev_hash FROM audit WHERE id = 1)") == 1,
	       "the office's line does not begin its chain");
	EXPECT(scalar(s->db, "SELECT count(*) FROM audit WHERE chain = 0 AND "
		      "seq = 3 AND action = 'test.region' AND prev_hash = "
		      "(SELECT hash FROM audit WHERE id = 2)") == 1,
	       "the region's line does not go on from the old ones");
	EXPECT_ST(audit_verify(s, NULL, &e), ST_OK, &e);

	CTX("the old line changed");
	raw_exec(s->db, "DROP TRIGGER audit_no_update;"
		 "UPDATE audit SET origin = 'tty' WHERE id = 1");
	EXPECT_ST(audit_verify(s, NULL, &e), ST_CORRUPT, &e);
	EXPECT(strstr(e.msg, "audit line 1: content changed (the audit chain "
		      "of the region and the system, its line 1)") != NULL,
	       "%s", e.msg);
	store_close(s);
}

/* A file written by a newer build is refused and left as it was. */
static void
newer_refused(struct fx *f, int wal)
{
	struct store *s = NULL;
	struct err e = {0};
	char pragma[64], *before, *after;
	size_t nb, na;
	sqlite3 *db;

	CTX("newer database (%s)", wal ? "WAL" : "rollback journal");
	EXPECT(sqlite3_open(f->path, &db) == SQLITE_OK, "sqlite3_open");
	if (wal)
		raw_exec(db, "PRAGMA journal_mode=WAL");
	raw_exec(db, schema_migrations[0].sql);
	raw_exec(db, "CREATE TABLE from_the_future(x)");
	snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d",
		 store_schema_latest() + 1);
	raw_exec(db, pragma);
	sqlite3_close(db);
	before = slurp(f->path, &nb);

	EXPECT_ST(store_open(f->path, 0, &s, &e), ST_CONFLICT, &e);
	EXPECT(s == NULL, "a store was returned");
	EXPECT(strstr(e.msg, "новее") != NULL, "message: %s", e.msg);
	EXPECT_ST(store_open(f->path, STORE_CREATE | STORE_TRAINING, &s, &e), ST_CONFLICT, &e);

	after = slurp(f->path, &na);
	EXPECT(nb == na && memcmp(before, after, nb) == 0,
	       "the refused file was modified (%zu -> %zu bytes)", nb, na);
	free(before);
	free(after);
	EXPECT(sqlite3_open(f->path, &db) == SQLITE_OK, "sqlite3_open");
	EXPECT(scalar(db, "PRAGMA user_version") == store_schema_latest() + 1,
	       "user_version changed");
	EXPECT(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = "
		      "'form_texts'") == 0 || schema_migration_count == 1,
	       "a migration ran on the newer file");
	sqlite3_close(db);
}

static void
test_newer_refused_wal(void **state)
{
	newer_refused(*state, 1);
}

static void
test_newer_refused_rollback(void **state)
{
	newer_refused(*state, 0);
}

static void
test_pragmas_and_mode(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = {0};
	struct stat sb;
	char *mode, wal[320];
	mode_t old = umask(0); /* the 0600 must not come from the umask */

	CTX("new file");
	EXPECT_ST(store_open(f->path, STORE_CREATE | STORE_TRAINING, &s, &e), ST_OK, &e);
	umask(old);
	EXPECT(stat(f->path, &sb) == 0, "stat");
	EXPECT((sb.st_mode & 0777) == 0600, "database mode %o, expected 600",
	       (unsigned)(sb.st_mode & 0777));
	mode = text1(s->db, "PRAGMA journal_mode");
	EXPECT(strcmp(mode, "wal") == 0, "journal_mode %s", mode);
	free(mode);
	EXPECT(scalar(s->db, "PRAGMA foreign_keys") == 1, "foreign_keys off");
	EXPECT(scalar(s->db, "PRAGMA busy_timeout") > 0, "no busy timeout");
	EXPECT(scalar(s->db, "PRAGMA synchronous") == 2, "synchronous %lld",
	       scalar(s->db, "PRAGMA synchronous"));
	/* Foreign keys really are enforced. */
	EXPECT(sqlite3_exec(s->db, "INSERT INTO offices(code, name, region_id) "
			    "VALUES ('X', 'X', 999)", NULL, NULL, NULL) !=
	       SQLITE_OK, "an office with an unknown region was stored");
	/* The WAL file is owner-only as well. */
	EXPECT(sqlite3_exec(s->db, "INSERT INTO settings VALUES ('k', 'v')",
			    NULL, NULL, NULL) == SQLITE_OK, "insert");
	snprintf(wal, sizeof wal, "%s-wal", f->path);
	if (stat(wal, &sb) == 0)
		EXPECT((sb.st_mode & 077) == 0, "-wal mode %o",
		       (unsigned)(sb.st_mode & 0777));
	store_close(s);

	CTX("reopened file");
	EXPECT_ST(store_open(f->path, 0, &s, &e), ST_OK, &e);
	EXPECT(scalar(s->db, "PRAGMA foreign_keys") == 1, "foreign_keys off");
	mode = text1(s->db, "PRAGMA journal_mode");
	EXPECT(strcmp(mode, "wal") == 0, "journal_mode %s", mode);
	free(mode);
	store_close(s);

	CTX("read-only open");
	EXPECT_ST(store_open(f->path, STORE_READONLY, &s, &e), ST_OK, &e);
	EXPECT(scalar(s->db, "PRAGMA foreign_keys") == 1, "foreign_keys off");
	EXPECT(sqlite3_exec(s->db, "INSERT INTO settings VALUES ('k2', 'v')",
			    NULL, NULL, NULL) != SQLITE_OK,
	       "a read-only store accepted a write");
	store_close(s);
}

static void
test_transactions(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = {0};

	CTX("begin/rollback");
	EXPECT_ST(store_open(f->path, STORE_CREATE | STORE_TRAINING, &s, &e), ST_OK, &e);
	EXPECT_ST(store_begin(s, &e), ST_OK, &e);
	EXPECT(s->in_tx == 1, "in_tx not set");
	EXPECT_ST(store_exec(s, "INSERT INTO settings VALUES ('a', '1')", &e),
		  ST_OK, &e);
	store_rollback(s);
	EXPECT(s->in_tx == 0, "in_tx after rollback");
	EXPECT(scalar(s->db, "SELECT count(*) FROM settings WHERE key='a'") ==
	       0, "rolled-back row is there");
	store_rollback(s); /* harmless without a transaction */
	EXPECT_ST(store_begin(s, &e), ST_OK, &e);
	EXPECT_ST(store_exec(s, "INSERT INTO settings VALUES ('a', '1')", &e),
		  ST_OK, &e);
	EXPECT_ST(store_commit(s, &e), ST_OK, &e);
	EXPECT(scalar(s->db, "SELECT count(*) FROM settings WHERE key='a'") ==
	       1, "committed row is missing");
	CTX("constraint -> conflict");
	EXPECT_ST(store_exec(s, "INSERT INTO settings VALUES ('a', '2')", &e),
		  ST_CONFLICT, &e);
	store_close(s);
}

/* ---- accounts --------------------------------------------------------- */

struct adb {
	struct store *s;
	struct actor admin;
};

static void
accounts_db(struct fx *f, struct adb *d)
{
	struct err e = {0};

	CTX("accounts database");
	EXPECT_ST(store_open(f->path, STORE_CREATE | STORE_TRAINING, &d->s, &e), ST_OK, &e);
	EXPECT_ST(office_create(d->s, NULL, "A01", "Медеуский РУП", "",
				"ДП г. Алматы", &e), ST_OK, &e);
	EXPECT_ST(account_add(d->s, NULL, "admin", "Администратор", "", ROLE_ADMIN,
			      "A01", NULL, PW, NULL, &e), ST_OK, &e);
	EXPECT_ST(account_actor(d->s, "admin", "test", &d->admin, &e), ST_OK,
		  &e);
	EXPECT_ST(account_add(d->s, &d->admin, "ivanov", "Иванов Иван",
			      "инспектор", ROLE_INSPECTOR, "A01", NULL, PW, NULL,
			      &e), ST_OK, &e);
}

static enum status
login(struct adb *d, const char *pw, int *must, struct err *e)
{
	struct actor a;

	err_clear(e);
	return account_login(d->s, "ivanov", pw, "test", NULL, &a, must, e);
}

static void
test_lockout(void **state)
{
	struct fx *f = *state;
	struct account_info ai;
	struct adb d;
	struct err e = {0};
	int i, must = -1;

	accounts_db(f, &d);
	for (i = 1; i <= 4; i++) {
		CTX("wrong password #%d", i);
		EXPECT_ST(login(&d, "неверный-пароль", &must, &e), ST_DENIED, &e);
		EXPECT(strstr(e.msg, "заблокирована") == NULL,
		       "locked too early: %s", e.msg);
		EXPECT_ST(account_get(d.s, "ivanov", &ai, &e), ST_OK, &e);
		EXPECT(ai.failed == i, "failed_logins %d", ai.failed);
	}
	CTX("wrong password #5");
	EXPECT_ST(login(&d, "неверный-пароль", &must, &e), ST_DENIED, &e);
	EXPECT(strstr(e.msg, "заблокирована до") != NULL, "message: %s", e.msg);
	EXPECT(strstr(e.msg, "20.03.2026 10:15") != NULL,
	       "message does not say until 20.03.2026 10:15: %s", e.msg);
	EXPECT_ST(account_get(d.s, "ivanov", &ai, &e), ST_OK, &e);
	EXPECT(strcmp(ai.locked_until, "2026-03-20T10:15:00+05:00") == 0,
	       "locked_until «%s»", ai.locked_until);

	CTX("right password while locked");
	EXPECT_ST(login(&d, PW, &must, &e), ST_DENIED, &e);
	EXPECT(strstr(e.msg, "заблокирована до") != NULL, "message: %s", e.msg);
	setenv("OKNO_NOW", "2026-03-20T10:14:59", 1);
	CTX("right password at 10:14:59");
	EXPECT_ST(login(&d, PW, &must, &e), ST_DENIED, &e);
	EXPECT(strstr(e.msg, "заблокирована до") != NULL, "message: %s", e.msg);
	/* The audit log has every attempt. */
	EXPECT(scalar(d.s->db, "SELECT count(*) FROM audit WHERE action = "
		      "'login.fail' AND object = 'user:ivanov'") == 4,
	       "login.fail lines: %lld",
	       scalar(d.s->db, "SELECT count(*) FROM audit WHERE action = "
		      "'login.fail' AND object = 'user:ivanov'"));
	EXPECT(scalar(d.s->db, "SELECT count(*) FROM audit WHERE action = "
		      "'login.lock'") == 1, "no login.lock line");
	EXPECT(scalar(d.s->db, "SELECT count(*) FROM audit WHERE action = "
		      "'login.locked'") == 2, "login.locked lines");

	setenv("OKNO_NOW", "2026-03-20T10:15:00", 1);
	CTX("right password 15 minutes on");
	EXPECT_ST(login(&d, PW, &must, &e), ST_OK, &e);
	EXPECT(must == 1, "first-login flag %d", must);
	EXPECT_ST(account_get(d.s, "ivanov", &ai, &e), ST_OK, &e);
	EXPECT(ai.failed == 0 && ai.locked_until[0] == '\0',
	       "not reset after login: failed %d, locked «%s»", ai.failed,
	       ai.locked_until);

	/* The count starts again: four more wrong ones do not lock. */
	for (i = 1; i <= 4; i++) {
		CTX("after unlock: wrong password #%d", i);
		EXPECT_ST(login(&d, "неверный-пароль", &must, &e), ST_DENIED, &e);
	}
	CTX("after unlock: right password");
	EXPECT_ST(login(&d, PW, &must, &e), ST_OK, &e);

	/* Unknown login: the same answer as a wrong password. */
	CTX("unknown login");
	{
		struct actor a;

		EXPECT_ST(account_login(d.s, "nobody", PW, "test", NULL, &a,
					&must, &e), ST_DENIED, &e);
		EXPECT(strstr(e.msg, "Неверная учётная запись или пароль"),
		       "message: %s", e.msg);
	}
	/* The admin unlocks early. */
	CTX("admin unlock");
	for (i = 0; i < 5; i++)
		login(&d, "неверный-пароль", &must, &e);
	EXPECT_ST(login(&d, PW, &must, &e), ST_DENIED, &e);
	EXPECT_ST(account_unlock(d.s, &d.admin, "ivanov", &e), ST_OK, &e);
	EXPECT_ST(login(&d, PW, &must, &e), ST_OK, &e);
	store_close(d.s);
}

/* The hash of ivanov's password is not the password, and is made at
 * libxcrypt's default yescrypt cost ("j9T": 16 MiB), whatever cheaper
 * cost the rest of the suite uses. */
static void
expect_default_hash(struct store *s)
{
	sqlite3_stmt *st;

	st = store_prepare(s, "SELECT pw_hash FROM accounts WHERE "
			   "login = 'ivanov'", NULL);
	assert_non_null(st);
	EXPECT(sqlite3_step(st) == SQLITE_ROW, "no row");
	EXPECT(strncmp(store_col_text(st, 0), "$y$j9T$", 7) == 0 &&
	       strstr(store_col_text(st, 0), PW) == NULL,
	       "not a default-cost yescrypt hash: %s", store_col_text(st, 0));
	sqlite3_finalize(st);
}

static void
test_passwd_and_first_login(void **state)
{
	struct fx *f = *state;
	struct account_info ai;
	struct actor a;
	struct adb d;
	struct err e = {0};
	int must = -1;

	unsetenv("OKNO_CRYPT_COST");

	accounts_db(f, &d);
	CTX("new account");
	EXPECT_ST(account_get(d.s, "ivanov", &ai, &e), ST_OK, &e);
	EXPECT(ai.must_change == 1, "must_change %d", ai.must_change);
	EXPECT_ST(account_login(d.s, "ivanov", PW, "test", NULL, &a, &must, &e),
		  ST_OK, &e);
	EXPECT(must == 1, "first login not flagged");
	EXPECT(strcmp(a.login, "ivanov") == 0 && a.roles == ROLE_INSPECTOR &&
	       a.office_id > 0, "actor %s roles %u office %lld", a.login,
	       a.roles, a.office_id);
	expect_default_hash(d.s);

	CTX("passwd refusals");
	EXPECT_ST(account_passwd(d.s, &a, "не-тот-пароль", "новый-пароль-2",
				 &e), ST_DENIED, &e);
	EXPECT_ST(account_passwd(d.s, &a, PW, PW, &e), ST_INVALID, &e);
	EXPECT_ST(account_passwd(d.s, &a, PW, "short", &e), ST_INVALID, &e);
	EXPECT(strcmp(e.field, "password") == 0, "field %s", e.field);
	{
		struct actor nobody = a;

		nobody.id = 0;
		EXPECT_ST(account_passwd(d.s, &nobody, PW, "новый-пароль-2", &e),
			  ST_DENIED, &e);
	}
	EXPECT_ST(account_get(d.s, "ivanov", &ai, &e), ST_OK, &e);
	EXPECT(ai.must_change == 1, "a refused passwd cleared the flag");
	EXPECT_ST(account_login(d.s, "ivanov", PW, "test", NULL, &a, &must, &e),
		  ST_OK, &e);

	CTX("passwd");
	EXPECT_ST(account_passwd(d.s, &a, PW, "новый-пароль-2", &e), ST_OK, &e);
	EXPECT_ST(account_get(d.s, "ivanov", &ai, &e), ST_OK, &e);
	EXPECT(ai.must_change == 0, "must_change still set");
	EXPECT(scalar(d.s->db, "SELECT count(*) FROM audit WHERE action = "
		      "'user.passwd' AND object = 'user:ivanov'") == 1,
	       "passwd not audited");
	CTX("old password after passwd");
	EXPECT_ST(account_login(d.s, "ivanov", PW, "test", NULL, &a, &must, &e),
		  ST_DENIED, &e);
	CTX("new password after passwd");
	EXPECT_ST(account_login(d.s, "ivanov", "новый-пароль-2", "test", NULL,
				&a, &must, &e), ST_OK, &e);
	EXPECT(must == 0, "first-login flag after passwd");

	CTX("admin reset");
	{
		struct actor insp = a;

		EXPECT_ST(account_reset(d.s, &insp, "admin", "чужой-пароль-3", &e),
			  ST_DENIED, &e);
		EXPECT_ST(account_reset(d.s, &d.admin, "ivanov", "сброшенный-4",
					&e), ST_OK, &e);
	}
	EXPECT_ST(account_login(d.s, "ivanov", "сброшенный-4", "test", NULL, &a,
				&must, &e), ST_OK, &e);
	EXPECT(must == 1, "reset did not set the first-login flag");

	CTX("account_add refusals");
	EXPECT_ST(account_add(d.s, &a, "x", "Икс", "", ROLE_INSPECTOR, "A01",
			      NULL, PW, NULL, &e), ST_DENIED, &e);
	EXPECT_ST(account_add(d.s, &d.admin, "ivanov", "Дубль", "",
			      ROLE_INSPECTOR, "A01", NULL, PW, NULL, &e),
		  ST_CONFLICT, &e);
	EXPECT_ST(account_add(d.s, &d.admin, "Иванов", "Кириллица", "",
			      ROLE_INSPECTOR, "A01", NULL, PW, NULL, &e),
		  ST_INVALID, &e);
	EXPECT(strcmp(e.field, "login") == 0, "field %s", e.field);
	EXPECT_ST(account_add(d.s, &d.admin, "short.pw", "Коротко", "",
			      ROLE_INSPECTOR, "A01", NULL, "1234567", NULL, &e),
		  ST_INVALID, &e);
	EXPECT_ST(account_add(d.s, &d.admin, "no.office", "Без офиса", "",
			      ROLE_INSPECTOR, "Z99", NULL, PW, NULL, &e),
		  ST_NOTFOUND, &e);
	EXPECT(scalar(d.s->db, "SELECT count(*) FROM accounts") == 2,
	       "a refused account_add stored a row");
	store_close(d.s);
}

/* An audit line is written only inside a write transaction: outside one
 * audit_log refuses and writes nothing. */
static void
test_audit_needs_transaction(void **state)
{
	struct fixture o = {0};
	struct err e = {0};
	long long before;

	(void)state;
	fixture_open(&o, "auditx", NULL);
	before = fixture_scalar(o.s, "SELECT count(*) FROM audit");
	EXPECT_ST(audit_log(o.s, &o.admin, "test", "", "", &e), ST_ERROR, &e);
	EXPECT(fixture_scalar(o.s, "SELECT count(*) FROM audit") == before,
	       "a line was written outside a transaction");
	OK(store_begin(o.s, &e), &e);
	OK(audit_log(o.s, &o.admin, "test", "", "", &e), &e);
	OK(store_commit(o.s, &e), &e);
	EXPECT(fixture_scalar(o.s, "SELECT count(*) FROM audit") == before + 1,
	       "the line inside a transaction is missing");
	fixture_close(&o);
}

/* A name and a position of as many Cyrillic letters as the check allows
 * come back whole (each letter two bytes: no cut in the middle). */
static void
test_long_names_kept(void **state)
{
	struct fixture o = {0};
	struct actor a;
	struct err e = {0};
	struct strbuf name = {0}, pos = {0};
	int i;

	(void)state;
	fixture_open(&o, "names", NULL);
	for (i = 0; i < ACTOR_NAME_LETTERS; i++) {
		sb_add(&name, i % 10 == 9 ? " " : "Ж");
		sb_add(&pos, "щ");
	}
	CTX("150 letters");
	fixture_actor(&o, &a, "longname", name.s, pos.s, ROLE_INSPECTOR);
	EXPECT_STR(a.full_name, name.s);
	EXPECT_STR(a.position, pos.s);
	sb_add(&pos, "щ");
	EXPECT_ST(account_add(o.s, &o.admin, "toolong", "Иванов Иван", pos.s,
			      ROLE_INSPECTOR, "A01", NULL, FIXTURE_PW, NULL,
			      &e), ST_INVALID, &e);
	sb_free(&name);
	sb_free(&pos);
	fixture_close(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrations_sane),
		cmocka_unit_test(test_audit_needs_transaction),
		cmocka_unit_test(test_long_names_kept),
		cmocka_unit_test_setup_teardown(test_from_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_older, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chains_from_one,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_refused_wal, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_newer_refused_rollback,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pragmas_and_mode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_transactions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_passwd_and_first_login,
						setup, teardown),
	};

	setenv("TZ", "Asia/Almaty", 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
