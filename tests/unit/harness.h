/* SPDX-License-Identifier: MIT */
/* What the unit tests share (tests/unit/harness.c is linked into each):
 *
 * - assertions that say what was being checked: CTX() names the row of a
 *   table-driven check, EXPECT() fails with that name, the file and line
 *   and a message; EXPECT_ST(), EXPECT_STR() and OK() are EXPECT() for a
 *   status, a string and "this call succeeds". With expect_soft set a
 *   failure is counted in expect_failures instead of stopping the test,
 *   so one run reports every bad row of a table;
 * - the fixture office: a temporary folder with a new database, office
 *   A01 and its admin, the shipped forms, accounts added by the admin, and
 *   the folder removed again;
 * - small readers: one number from the database, a whole file.
 *
 * The tests run from the repository root (or OKNO_ROOT), with TMPDIR a
 * fresh folder and OKNO_FORMS the forms (scripts/run-tests.sh). */
#ifndef OKNO_TEST_HARNESS_H
#define OKNO_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include <stdio.h>
#include <string.h>

#include "forms.h"
#include "role.h"
#include "status.h"
#include "db.h"
#include "db_sqlite.h"

/* ---- assertions ------------------------------------------------------ */

/* What is being checked right now, printed with every failure. */
extern char test_ctx[512];
/* 0: a failed EXPECT stops the test; 1: it is counted in expect_failures. */
extern int expect_soft;
extern int expect_failures;

/* Stop the test (cmocka's fail) or count the failure (expect_soft). */
void expect_failed(const char *file, int line);

#define CTX(...) snprintf(test_ctx, sizeof test_ctx, __VA_ARGS__)

#define EXPECT(cond, ...)                                                 \
	do {                                                              \
		if (!(cond)) {                                            \
			print_error("%s:%d: [%s] ", __FILE__, __LINE__,   \
				    test_ctx);                            \
			print_error(__VA_ARGS__);                         \
			print_error("\n");                                \
			expect_failed(__FILE__, __LINE__);                \
		}                                                         \
	} while (0)

#define EXPECT_ST(got, want, e)                                           \
	do {                                                              \
		enum status got_ = (got), want_ = (want);                 \
		EXPECT(got_ == want_,                                     \
		       "status «%s», expected «%s»; message [%s] %s",     \
		       status_text(got_), status_text(want_), (e)->field, \
		       (e)->msg);                                         \
	} while (0)

#define EXPECT_STR(got, want)                                             \
	do {                                                              \
		const char *g_ = (got), *w_ = (want);                     \
		EXPECT(g_ && w_ && strcmp(g_, w_) == 0,                   \
		       "%s is «%s», expected «%s»", #got, g_ ? g_ : "(null)", \
		       w_ ? w_ : "(null)");                               \
	} while (0)

/* Each string after text stands in text (EXPECT_HAS), or none does
 * (EXPECT_LACKS); a failure names every string that is wrong and shows
 * the start of text. */
#define EXPECT_HAS(text, ...)                                             \
	expect_in(__FILE__, __LINE__, #text, (text), 1,                   \
		  (const char *const[]){__VA_ARGS__, NULL})
#define EXPECT_LACKS(text, ...)                                           \
	expect_in(__FILE__, __LINE__, #text, (text), 0,                   \
		  (const char *const[]){__VA_ARGS__, NULL})
void expect_in(const char *file, int line, const char *what,
	       const char *text, int want, const char *const *strings);

/* call returns ST_OK; e is the struct err * it fills. */
#define OK(call, e)                                                       \
	do {                                                              \
		enum status st_ = (call);                                 \
		EXPECT(st_ == ST_OK, "%s: %s: [%s] %s", #call,            \
		       status_text(st_), (e)->field, (e)->msg);           \
	} while (0)

/* ---- the fixture office ---------------------------------------------- */

/* The password of every fixture account. */
#define FIXTURE_PW "Пароль-для-тестов-1"

/* What fixture_open() creates; a NULL or zero member takes the default
 * shown. */
struct fixture_spec {
	const char *now;        /* OKNO_NOW for the test ("2026-03-20T10:00:00") */
	const char *db;         /* the database's file name in the folder ("k.db") */
	int bare;               /* 1: the database only, no office, admin, forms */
	const char *code;       /* office code ("A01") */
	const char *name;       /* office name ("Медеуский РУП") */
	const char *address;    /* ("г. Алматы") */
	const char *region;     /* ("ДП г. Алматы") */
	const char *admin_name; /* ("Администратор") */
	const char *admin_pos;  /* the admin's position ("-") */
};

/* A fresh database on either engine (tests/unit/dbtest.h makes one). */
struct dbtest {
	enum db_engine engine;
	char name[512];  /* file path, or URI as the role okno */
	char owner[512]; /* the same path, or URI as the schema's owner */
	char dir[256];   /* SQLite: the temporary folder */
	char db[64];     /* PostgreSQL: the database's name */
};

struct fixture {
	char dir[256];          /* the temporary folder */
	char path[600];         /* the database in it, or its URI */
	struct dbtest pg;       /* OKNO_TEST_ENGINE=pg: the database */
	struct store *s;
	struct formset *forms;  /* the shipped forms (NULL when bare) */
	struct actor admin;
	long long office;       /* the office's id (0 when bare) */
	char code[32];          /* and its code */
};

/* The forms folder: $OKNO_FORMS, else forms/. */
const char *fixture_forms_dir(void);
/* path relative to the repository root: $OKNO_ROOT/rel or rel (the caller
 * frees it). */
char *fixture_root_path(const char *rel);
/* The build's compiled catalogues ($OKNO_BUILD/locale, else build/locale)
 * bound to the text domain "okno" as the kiosk binds them, in a UTF-8
 * locale, with LANGUAGE=kk as a Kazakh user's environment says: 0, or -1
 * (said on stderr) when there are none. */
int fixture_bind_kk(void);
/* A new temporary folder $TMPDIR/okno-TAG-XXXXXX into dir. */
void fixture_tmpdir(char *dir, size_t size, const char *tag);
/* Remove a folder and everything in it. */
void fixture_rmdir(const char *dir);

/* Create the fixture in f (which the caller zeroed) as spec says (NULL:
 * all defaults); a failure stops the test. */
void fixture_open(struct fixture *f, const char *tag,
		  const struct fixture_spec *spec);
/* An account added by the admin at the fixture office (position may be
 * NULL for "-") and its actor in a (origin "test"). */
void fixture_actor(struct fixture *f, struct actor *a, const char *login,
		   const char *name, const char *position, unsigned roles);
/* The same for an account of the fixture office's region (no office):
 * the regional unit's roles (ROLE_REGION_HEAD). */
void fixture_region_actor(struct fixture *f, struct actor *a,
			  const char *login, const char *name,
			  const char *position, unsigned roles);
/* The engine the fixture's database is on: DB_POSTGRES when
 * OKNO_TEST_ENGINE=pg, else DB_SQLITE. */
enum db_engine fixture_engine(void);
/* Close the database, free the forms, remove the folder. */
void fixture_close(struct fixture *f);
/* cmocka's teardown for a test whose state is an allocated struct that
 * begins with its struct fixture: fixture_close() it and free the state. */
int fixture_teardown(void **state);
/* A test run with setup and fixture_teardown. */
#define FIXTURE_TEST(fn, setup)                                           \
	cmocka_unit_test_setup_teardown(fn, setup, fixture_teardown)

/* ---- processes ------------------------------------------------------- */

/* Run child(i, arg) for i = 0..n-1 (n at most FIXTURE_CHILDREN_MAX), each
 * in a process of its own, all at once, its return value the process's
 * exit code; wait for them all. A process that does not exit 0 fails the
 * test. */
#define FIXTURE_CHILDREN_MAX 16
void fixture_run_children(int n, int (*child)(int i, void *arg), void *arg);

/* ---- readers --------------------------------------------------------- */

/* The first column of the first row of sql, -1 when there is no row. */
long long fixture_scalar(struct store *s, const char *sql);
/* The whole file (NUL-terminated; the caller frees it), NULL when it
 * cannot be read; *len its length when len is not NULL. */
char *fixture_read_file(const char *path, size_t *len);
/* The case fixture of a service, tests/fixtures/cases/SVC.json: copies
 * of its "fields" object and "documents" array (the caller decrefs). */
void fixture_case(const char *svc, json_t **fields, json_t **docs);

#endif
