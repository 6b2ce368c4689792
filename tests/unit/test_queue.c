/* SPDX-License-Identifier: MIT */
/* Tests for the electronic queue (core/queue.c) on a temporary database:
 * numbering per office per day, strict first-come calls, a window with a
 * called ticket cannot call another, recall, no-show, postpone to the end,
 * transfer to another window (keeping its place), finish linking the case
 * filed meanwhile, the hall board, permissions and the times report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "account.h"
#include "cases.h"
#include "office.h"
#include "queue.h"
#include "store.h"
#include "util.h"

#define PW "Пароль-для-тестов-1"

#define OK(call)                                                          \
	do {                                                              \
		enum status st_ = (call);                                 \
		if (st_ != ST_OK) {                                       \
			print_error("%s:%d: %s: %s\n", __FILE__, __LINE__, \
				    status_text(st_), e.msg);             \
			fail();                                           \
		}                                                         \
	} while (0)

struct fx {
	char dir[256], path[300];
	struct store *s;
	struct formset *forms;
	struct actor admin, w1, w2, rec;
	long long office;
};

static void
now(const char *t)
{
	setenv("OKNO_NOW", t, 1);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR"), *forms = getenv("OKNO_FORMS");
	struct errlist errs = {0};
	struct office_info oi;
	struct err e = {0};

	now("2026-03-20T09:00:00");
	snprintf(f->dir, sizeof f->dir, "%s/okno-q-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/q.db", f->dir);
	OK(store_open(f->path, STORE_CREATE, &f->s, &e));
	OK(office_create(f->s, NULL, "A01", "Медеуский РУП", "ул. Абая, 1",
			 "ДП г. Алматы", &e));
	OK(account_add(f->s, NULL, "admin", "Администратор", "", ROLE_ADMIN,
		       "A01", NULL, PW, NULL, &e));
	OK(account_actor(f->s, "admin", "test", &f->admin, &e));
	OK(account_add(f->s, &f->admin, "w1", "Первое Окно", "инспектор",
		       ROLE_INSPECTOR, "A01", NULL, PW, NULL, &e));
	OK(account_add(f->s, &f->admin, "w2", "Второе Окно", "инспектор",
		       ROLE_INSPECTOR, "A01", NULL, PW, NULL, &e));
	OK(account_add(f->s, &f->admin, "rec", "Спецучётова", "", ROLE_RECORDS,
		       "A01", NULL, PW, NULL, &e));
	OK(account_actor(f->s, "w1", "test", &f->w1, &e));
	OK(account_actor(f->s, "w2", "test", &f->w2, &e));
	OK(account_actor(f->s, "rec", "test", &f->rec, &e));
	OK(window_set(f->s, &f->admin, "A01", 1, "w1", &e));
	OK(window_set(f->s, &f->admin, "A01", 2, "w2", &e));
	OK(office_get(f->s, "A01", &oi, &e));
	f->office = oi.id;
	if (formset_load(forms && *forms ? forms : "forms", &f->forms, &errs) !=
	    ST_OK) {
		errlist_free(&errs);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[400];

	formset_free(f->forms);
	store_close(f->s);
	snprintf(p, sizeof p, "rm -rf '%s'", f->dir);
	if (system(p) != 0)
		return -1;
	free(f);
	return 0;
}

static int
take(struct fx *f, const char *svc)
{
	struct queue_ticket t;
	struct err e = {0};

	OK(queue_take(f->s, f->office, svc, &t, &e));
	return t.number;
}

static int
call(struct fx *f, const struct actor *a, enum status want)
{
	struct queue_ticket t = {0};
	struct err e = {0};
	enum status st = queue_call_next(f->s, a, &t, &e);

	if (st != want) {
		print_error("call as %s: %s (%s), wanted %s\n", a->login,
			    status_text(st), e.msg, status_text(want));
		fail();
	}
	return st == ST_OK ? t.number : 0;
}

static void
test_order(void **state)
{
	struct fx *f = *state;
	struct queue_ticket t;
	struct queue_board b;
	struct err e = {0};

	assert_int_equal(take(f, "registration"), 1);
	assert_int_equal(take(f, NULL), 2);
	assert_int_equal(take(f, "invitation"), 3);
	{
		struct queue_ticket x;

		assert_int_equal(queue_take(f->s, f->office, "nonsense", &x, &e),
				 ST_INVALID);
	}
	/* Strict first-come: window 1 gets 1, window 2 gets 2. */
	assert_int_equal(call(f, &f->w1, ST_OK), 1);
	assert_int_equal(call(f, &f->w2, ST_OK), 2);
	/* A window with a called ticket cannot call another. */
	call(f, &f->w1, ST_CONFLICT);
	/* No queue role, no window. */
	call(f, &f->rec, ST_DENIED);
	call(f, &f->admin, ST_DENIED);

	/* Recall: calls counted, still called. */
	OK(queue_act(f->s, &f->w1, QOP_RECALL, 0, &t, &e));
	assert_int_equal(t.calls, 2);
	assert_int_equal(t.state, QS_CALLED);
	/* No-show finishes it. */
	now("2026-03-20T09:05:00");
	OK(queue_act(f->s, &f->w1, QOP_NOSHOW, 0, &t, &e));
	assert_int_equal(t.state, QS_NOSHOW);
	assert_int_equal(queue_act(f->s, &f->w1, QOP_RECALL, 0, &t, &e),
			 ST_NOTFOUND);

	/* Postpone 3: it goes behind everyone waiting then, ahead of a
	 * ticket taken later. */
	assert_int_equal(call(f, &f->w1, ST_OK), 3);
	OK(queue_act(f->s, &f->w1, QOP_POSTPONE, 0, &t, &e));
	assert_int_equal(t.state, QS_WAITING);
	assert_int_equal(take(f, NULL), 4);
	assert_int_equal(call(f, &f->w1, ST_OK), 3);
	OK(queue_act(f->s, &f->w1, QOP_NOSHOW, 0, &t, &e));

	/* Transfer 2 from window 2 to window 1: window 2 cannot call it
	 * back, window 1 gets it before 4 (it keeps its place). */
	assert_int_equal(queue_act(f->s, &f->w2, QOP_TRANSFER, 2, &t, &e),
			 ST_INVALID);
	assert_int_equal(queue_act(f->s, &f->w2, QOP_TRANSFER, 9, &t, &e),
			 ST_INVALID);
	OK(queue_act(f->s, &f->w2, QOP_TRANSFER, 1, &t, &e));
	assert_int_equal(t.window_no, 1);
	assert_int_equal(call(f, &f->w2, ST_OK), 4);
	now("2026-03-20T09:06:00");
	assert_int_equal(call(f, &f->w1, ST_OK), 2);

	/* The board: two windows with called tickets, newest first. */
	OK(queue_board_get(f->s, f->office, 8, &b, &e));
	assert_int_equal(b.n, 2);
	assert_int_equal(b.waiting, 0);
	assert_int_equal(b.rows[0].number, 2);
	assert_int_equal(b.rows[0].window_no, 1);
	assert_int_equal(b.rows[1].number, 4);
	assert_int_equal(b.rows[1].window_no, 2);
	call(f, &f->w1, ST_CONFLICT);
	OK(queue_finish(f->s, &f->w2, 0, NULL, &t, &e));
	call(f, &f->w2, ST_NOTFOUND);

	/* Another day starts again at 1. */
	now("2026-03-21T09:00:00");
	assert_int_equal(take(f, NULL), 1);
	now("2026-03-20T09:30:00");
}

static void
test_finish_links_case(void **state)
{
	struct fx *f = *state;
	const char *root = getenv("OKNO_ROOT");
	struct queue_ticket t, *all;
	struct queue_stat *qs;
	struct errlist errs = {0};
	struct case_new in = {0};
	struct err e = {0};
	json_error_t je;
	json_t *j;
	char path[512];
	long long id = 0, linked = 0;
	size_t n, i;

	now("2026-03-20T10:00:00");
	assert_int_equal(take(f, "registration"), 1);
	now("2026-03-20T10:10:00");
	assert_int_equal(call(f, &f->w1, ST_OK), 1);
	OK(queue_current(f->s, &f->w1, &t, &e));
	assert_int_equal(t.number, 1);
	assert_int_equal(queue_current(f->s, &f->w2, &t, &e), ST_NOTFOUND);
	now("2026-03-20T10:20:00");
	snprintf(path, sizeof path, "%s/tests/fixtures/cases/registration.json",
		 root && *root ? root : ".");
	j = json_load_file(path, 0, &je);
	assert_non_null(j);
	in.service = "registration";
	in.values = json_object_get(j, "fields");
	in.documents = json_object_get(j, "documents");
	assert_int_equal(case_create(f->s, &f->w1, f->forms, &in, &id, &errs),
			 ST_OK);
	errlist_free(&errs);
	json_decref(j);
	now("2026-03-20T10:25:00");
	OK(queue_finish(f->s, &f->w1, 0, &linked, &t, &e));
	assert_int_equal(linked, id);
	assert_int_equal(t.case_id, id);
	assert_int_equal(t.state, QS_DONE);

	OK(queue_list(f->s, &f->w1, f->office, NULL, &all, &n, &e));
	assert_int_equal(n, 1);
	free(all);
	assert_int_equal(queue_list(f->s, &f->rec, f->office, NULL, &all, &n,
				    &e), ST_DENIED);

	/* Times: waited 10 minutes, served 15. */
	OK(queue_stats(f->s, &f->w1, f->office, "2026-03-20", "2026-03-20",
		       &qs, &n, &e));
	assert_true(n >= 2);
	for (i = 0; i < n; i++)
		if (qs[i].window_no == 1 &&
		    strcmp(qs[i].service, "registration") == 0)
			break;
	assert_true(i < n);
	assert_int_equal(qs[i].served, 1);
	assert_int_equal(qs[i].wait_avg, 600);
	assert_int_equal(qs[i].serve_avg, 900);
	assert_int_equal(qs[n - 1].window_no, 0);
	assert_int_equal(qs[n - 1].tickets, 1);
	free(qs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finish_links_case, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
