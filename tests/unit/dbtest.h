/* SPDX-License-Identifier: MIT */
/* A fresh database on either engine for the tests that touch storage: a
 * SQLite file in $TMPDIR, or a PostgreSQL database in the throw-away
 * cluster whose socket folder is $OKNO_PG_HOST (scripts/pg-cluster.sh,
 * started by scripts/run-tests.sh). The SQLite folder comes from the
 * fixture helpers of harness.h. The schema is created by the owner
 * role (okno_owner); name is what the windows open (role okno). */
#ifndef OKNO_DBTEST_H
#define OKNO_DBTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "harness.h"

/* The cluster's socket folder; NULL when no cluster was started. */
static inline const char *
dbtest_pg_host(void)
{
	const char *h = getenv("OKNO_PG_HOST");

	return h && *h ? h : NULL;
}

/* As the owner, in the cluster's maintenance database: CREATE/DROP. */
static inline enum status
dbtest_admin(const char *sql, struct err *e)
{
	char uri[512];
	struct store *s;
	enum status st;

	snprintf(uri, sizeof uri,
		 "postgresql:///postgres?host=%s&user=okno_owner",
		 dbtest_pg_host());
	if ((st = db_open(uri, DB_READONLY, &s, e)) != ST_OK)
		return st;
	st = db_script(s, sql, e);
	db_close(s);
	return st;
}

/* A new empty database with okno's schema, opened once with flags
 * (DB_CREATE, and DB_TRAINING for a training one); ST_OK or e filled. */
static inline enum status
dbtest_create_as(struct dbtest *t, enum db_engine engine, int flags,
		 struct err *e)
{
	static int serial;
	struct store *s;
	enum status st;
	char sql[128];

	memset(t, 0, sizeof *t);
	t->engine = engine;
	if (engine == DB_SQLITE) {
		fixture_tmpdir(t->dir, sizeof t->dir, "db");
		snprintf(t->name, sizeof t->name, "%s/t.db", t->dir);
		snprintf(t->owner, sizeof t->owner, "%s", t->name);
	} else {
		if (!dbtest_pg_host())
			return err_set(e, ST_USAGE, "",
				       "OKNO_PG_HOST is not set: start a "
				       "cluster (scripts/pg-cluster.sh) or run "
				       "through scripts/run-tests.sh");
		snprintf(t->db, sizeof t->db, "okno_t%ld_%d", (long)getpid(),
			 ++serial);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", t->db);
		if ((st = dbtest_admin(sql, e)) != ST_OK)
			return st;
		snprintf(t->name, sizeof t->name,
			 "postgresql:///%s?host=%s&user=okno", t->db,
			 dbtest_pg_host());
		snprintf(t->owner, sizeof t->owner,
			 "postgresql:///%s?host=%s&user=okno_owner", t->db,
			 dbtest_pg_host());
	}
	if ((st = db_open(t->owner, flags, &s, e)) != ST_OK)
		return st;
	db_close(s);
	return ST_OK;
}

/* The same, an office's database. */
static inline enum status
dbtest_create(struct dbtest *t, enum db_engine engine, struct err *e)
{
	return dbtest_create_as(t, engine, DB_CREATE, e);
}

static inline void
dbtest_drop(struct dbtest *t)
{
	char p[600];

	if (t->engine == DB_SQLITE) {
		fixture_rmdir(t->dir);
	} else if (t->db[0]) {
		snprintf(p, sizeof p, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			 t->db);
		dbtest_admin(p, NULL);
	}
}

#endif
