/* SPDX-License-Identifier: MIT */
/* The unit tests' shared assertions and fixture office (harness.h). */
#include "harness.h"
#include "dbtest.h"
#include "casefile.h"

#include <ftw.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "account.h"
#include "calendar.h"
#include "office.h"
#include "util.h"

char test_ctx[512];
int expect_soft;
int expect_failures;

void
expect_failed(const char *file, int line)
{
	if (expect_soft) {
		expect_failures++;
		return;
	}
	_fail(file, line);
}

void
expect_in(const char *file, int line, const char *what, const char *text,
	  int want, const char *const *strings)
{
	int bad = 0;

	for (; *strings; strings++) {
		if (text && (strstr(text, *strings) != NULL) == want)
			continue;
		print_error("%s:%d: [%s] %s %s «%s»\n", file, line, test_ctx,
			    what, want ? "lacks" : "has", *strings);
		bad = 1;
	}
	if (!bad)
		return;
	print_error("    %s: %.2000s\n", what, text ? text : "(null)");
	expect_failed(file, line);
}

const char *
fixture_forms_dir(void)
{
	const char *d = getenv("OKNO_FORMS");

	return d && *d ? d : "forms";
}

char *
fixture_root_path(const char *rel)
{
	const char *root = getenv("OKNO_ROOT");

	if (root && *root)
		return xasprintf("%s/%s", root, rel);
	return xstrdup(rel);
}

int
fixture_bind_kk(void)
{
	const char *build = getenv("OKNO_BUILD");
	char dir[PATH_MAX + 16], real[PATH_MAX];

	snprintf(dir, sizeof dir, "%s/locale", build && *build ? build : "build");
	if (!realpath(dir, real)) {
		fprintf(stderr, "no compiled catalogues in %s\n", dir);
		return -1;
	}
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "kk", 1);
	bindtextdomain("okno", real);
	bind_textdomain_codeset("okno", "UTF-8");
	return 0;
}

void
fixture_tmpdir(char *dir, size_t size, const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, size, "%s/okno-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
		 tag);
	if (!mkdtemp(dir))
		fail_msg("mkdtemp %s failed", dir);
}

static int
remove_one(const char *path, const struct stat *sb, int flag,
	   struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0)
		print_error("cannot remove %s\n", path);
	return 0;
}

void
fixture_rmdir(const char *dir)
{
	if (dir && *dir)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

#define DFLT(v, d) ((v) ? (v) : (d))

void
fixture_open(struct fixture *f, const char *tag,
	     const struct fixture_spec *spec)
{
	static const struct fixture_spec none;
	const struct fixture_spec *sp = spec ? spec : &none;
	struct errlist errs = {0};
	struct err e = {0};
	const char *code = DFLT(sp->code, "A01");
	struct office_info oi;

	setenv("OKNO_NOW", DFLT(sp->now, "2026-03-20T10:00:00"), 1);
	fixture_tmpdir(f->dir, sizeof f->dir, tag);
	snprintf(f->path, sizeof f->path, "%s/%s", f->dir,
		 DFLT(sp->db, "k.db"));
	CTX("fixture");
	/* OKNO_TEST_ENGINE=pg (scripts/run-tests.sh, for the tests that say
	 * they run on both engines): a new database in the throw-away
	 * cluster, reached as the schema's owner; path is its URI. */
	if (fixture_engine() == DB_POSTGRES) {
		OK(dbtest_create_as(&f->pg, DB_POSTGRES,
				    DB_CREATE | DB_TRAINING, &e), &e);
		snprintf(f->path, sizeof f->path, "%s", f->pg.owner);
	}
	OK(db_open(f->path, DB_CREATE | DB_TRAINING, &f->s, &e), &e);
	if (sp->bare)
		return;
	OK(office_create(f->s, NULL, code, DFLT(sp->name, "Медеуский РУП"),
			 DFLT(sp->address, "г. Алматы"),
			 DFLT(sp->region, "ДП г. Алматы"), &e), &e);
	OK(office_get(f->s, code, &oi, &e), &e);
	f->office = oi.id;
	snprintf(f->code, sizeof f->code, "%s", code);
	OK(account_add(f->s, NULL, "admin",
		       DFLT(sp->admin_name, "Администратор"),
		       DFLT(sp->admin_pos, "-"), ROLE_ADMIN, code, NULL,
		       FIXTURE_PW, NULL, &e), &e);
	OK(account_actor(f->s, "admin", "test", &f->admin, &e), &e);
	if (formset_load(fixture_forms_dir(), &f->forms, &errs) != ST_OK)
		fail_msg("formset_load(%s): %s", fixture_forms_dir(),
			 errs.n ? errs.v[0].msg : "?");
	errlist_free(&errs);
	/* Deadlines are counted with the calendar of these forms, as the
	 * front ends do (session_load_forms). */
	cal_use(formset_calendar(f->forms));
}

void
fixture_actor(struct fixture *f, struct actor *a, const char *login,
	      const char *name, const char *position, unsigned roles)
{
	struct err e = {0};

	OK(account_add(f->s, &f->admin, login, name, DFLT(position, "-"),
		       roles, f->code, NULL, FIXTURE_PW, NULL, &e), &e);
	OK(account_actor(f->s, login, "test", a, &e), &e);
}

void
fixture_region_actor(struct fixture *f, struct actor *a, const char *login,
		     const char *name, const char *position, unsigned roles)
{
	struct err e = {0};
	char *code = NULL;

	OK(db_text(f->s, &e, &code, NULL, "SELECT r.code FROM regions r JOIN "
		   "offices o ON o.region_id = r.id WHERE o.id = ?",
		   DB_INT(f->office)), &e);
	EXPECT(code != NULL, "region of the fixture office");
	OK(account_add(f->s, &f->admin, login, name, DFLT(position, "-"),
		       roles, NULL, code, FIXTURE_PW, NULL, &e), &e);
	free(code);
	OK(account_actor(f->s, login, "test", a, &e), &e);
}

void
fixture_close(struct fixture *f)
{
	if (!f)
		return;
	formset_free(f->forms);
	f->forms = NULL;
	db_close(f->s);
	f->s = NULL;
	if (f->pg.db[0])
		dbtest_drop(&f->pg);
	fixture_rmdir(f->dir);
}

int
fixture_teardown(void **state)
{
	struct fixture *f = *state;

	fixture_close(f);
	free(f);
	return 0;
}

void
fixture_run_children(int n, int (*child)(int i, void *arg), void *arg)
{
	pid_t pids[FIXTURE_CHILDREN_MAX];
	int i, status;

	assert_true(n > 0 && n <= FIXTURE_CHILDREN_MAX);
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			_exit(child(i, arg));
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
}

enum db_engine
fixture_engine(void)
{
	const char *e = getenv("OKNO_TEST_ENGINE");

	return e && strcmp(e, "pg") == 0 ? DB_POSTGRES : DB_SQLITE;
}

long long
fixture_scalar(struct store *s, const char *sql)
{
	struct err e = {0};
	int64_t v = -1;

	OK(db_int64(s, &e, &v, -1, sql), &e);
	return v;
}

char *
fixture_read_file(const char *path, size_t *len)
{
	struct strbuf b = {0};
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_addn(&b, buf, n);
	fclose(f);
	if (len)
		*len = b.len;
	return sb_take(&b);
}

void
fixture_case(const char *svc, json_t **fields, json_t **docs)
{
	char why[1024];

	EXPECT(casefile_load(svc, fields, docs, why) == 0, "%s", why);
}
