/* SPDX-License-Identifier: MIT */
/* Tests for the electronic queue (core/queue.c) on a temporary database:
 * numbering per office per day, strict first-come calls, a window with a
 * called ticket cannot call another, recall, no-show, postpone to the end,
 * transfer to another window (keeping its place), finish linking the case
 * filed meanwhile, the hall board, permissions and the times report.
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh).
 */
#include "harness.h"

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


struct fx {
	struct fixture o;
	struct actor w1, w2, rec;
};

static void
now(const char *t)
{
	setenv("OKNO_NOW", t, 1);
}

static int
setup(void **state)
{
	static const struct fixture_spec spec = {
		.now = "2026-03-20T09:00:00",
		.db = "q.db",
		.address = "ул. Абая, 1",
		.admin_pos = "",
	};
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e = {0};

	fixture_open(&f->o, "q", &spec);
	fixture_actor(&f->o, &f->w1, "w1", "Первое Окно", "инспектор",
		      ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->w2, "w2", "Второе Окно", "инспектор",
		      ROLE_INSPECTOR);
	fixture_actor(&f->o, &f->rec, "rec", "Спецучётова", "", ROLE_RECORDS);
	OK(window_set(f->o.s, &f->o.admin, "A01", 1, "w1", &e), &e);
	OK(window_set(f->o.s, &f->o.admin, "A01", 2, "w2", &e), &e);
	*state = f;
	return 0;
}

static int
take(struct fx *f, const char *svc)
{
	struct queue_ticket t;
	struct err e = {0};

	OK(queue_take(f->o.s, f->o.office, svc, &t, &e), &e);
	return t.number;
}

static int
call(struct fx *f, const struct actor *a, enum status want)
{
	struct queue_ticket t = {0};
	struct err e = {0};
	enum status st = queue_call_next(f->o.s, a, &t, &e);

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

		assert_int_equal(queue_take(f->o.s, f->o.office, "nonsense", &x, &e),
				 ST_INVALID);
	}
	/* Strict first-come: window 1 gets 1, window 2 gets 2. */
	assert_int_equal(call(f, &f->w1, ST_OK), 1);
	assert_int_equal(call(f, &f->w2, ST_OK), 2);
	/* A window with a called ticket cannot call another. */
	call(f, &f->w1, ST_CONFLICT);
	/* No queue role, no window. */
	call(f, &f->rec, ST_DENIED);
	call(f, &f->o.admin, ST_DENIED);

	/* Recall: calls counted, still called. */
	OK(queue_act(f->o.s, &f->w1, QOP_RECALL, 0, &t, &e), &e);
	assert_int_equal(t.calls, 2);
	assert_int_equal(t.state, QS_CALLED);
	/* No-show finishes it. */
	now("2026-03-20T09:05:00");
	OK(queue_act(f->o.s, &f->w1, QOP_NOSHOW, 0, &t, &e), &e);
	assert_int_equal(t.state, QS_NOSHOW);
	assert_int_equal(queue_act(f->o.s, &f->w1, QOP_RECALL, 0, &t, &e),
			 ST_NOTFOUND);

	/* Postpone 3: it goes behind everyone waiting then, ahead of a
	 * ticket taken later. */
	assert_int_equal(call(f, &f->w1, ST_OK), 3);
	OK(queue_act(f->o.s, &f->w1, QOP_POSTPONE, 0, &t, &e), &e);
	assert_int_equal(t.state, QS_WAITING);
	assert_int_equal(take(f, NULL), 4);
	assert_int_equal(call(f, &f->w1, ST_OK), 3);
	OK(queue_act(f->o.s, &f->w1, QOP_NOSHOW, 0, &t, &e), &e);

	/* Transfer 2 from window 2 to window 1: window 2 cannot call it
	 * back, window 1 gets it before 4 (it keeps its place). */
	assert_int_equal(queue_act(f->o.s, &f->w2, QOP_TRANSFER, 2, &t, &e),
			 ST_INVALID);
	assert_int_equal(queue_act(f->o.s, &f->w2, QOP_TRANSFER, 9, &t, &e),
			 ST_INVALID);
	OK(queue_act(f->o.s, &f->w2, QOP_TRANSFER, 1, &t, &e), &e);
	assert_int_equal(t.window_no, 1);
	assert_int_equal(call(f, &f->w2, ST_OK), 4);
	now("2026-03-20T09:06:00");
	assert_int_equal(call(f, &f->w1, ST_OK), 2);

	/* The board: two windows with called tickets, newest first. */
	OK(queue_board_get(f->o.s, f->o.office, 8, &b, &e), &e);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.waiting, 0);
	assert_int_equal(b.rows[0].number, 2);
	assert_int_equal(b.rows[0].window_no, 1);
	assert_int_equal(b.rows[1].number, 4);
	assert_int_equal(b.rows[1].window_no, 2);
	/* Each with the inspector seated at its window. */
	assert_string_equal(b.rows[0].name, "Первое Окно");
	assert_string_equal(b.rows[0].position, "инспектор");
	assert_string_equal(b.rows[1].name, "Второе Окно");
	call(f, &f->w1, ST_CONFLICT);
	OK(queue_finish(f->o.s, &f->w2, 0, NULL, &t, &e), &e);
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
	struct queue_ticket t, *all;
	struct queue_stat *qs;
	struct errlist errs = {0};
	struct case_new in = {0};
	struct err e = {0};
	json_t *fields, *docs;
	long long id = 0, linked = 0;
	size_t n, i;

	now("2026-03-20T10:00:00");
	assert_int_equal(take(f, "registration"), 1);
	now("2026-03-20T10:10:00");
	assert_int_equal(call(f, &f->w1, ST_OK), 1);
	OK(queue_current(f->o.s, &f->w1, &t, &e), &e);
	assert_int_equal(t.number, 1);
	assert_int_equal(queue_current(f->o.s, &f->w2, &t, &e), ST_NOTFOUND);
	now("2026-03-20T10:20:00");
	fixture_case("registration", &fields, &docs);
	in.service = "registration";
	in.values = fields;
	in.documents = docs;
	assert_int_equal(case_create(f->o.s, &f->w1, f->o.forms, &in, &id, &errs),
			 ST_OK);
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
	now("2026-03-20T10:25:00");
	OK(queue_finish(f->o.s, &f->w1, 0, &linked, &t, &e), &e);
	assert_int_equal(linked, id);
	assert_int_equal(t.case_id, id);
	assert_int_equal(t.state, QS_DONE);

	OK(queue_list(f->o.s, &f->w1, f->o.office, NULL, &all, &n, &e), &e);
	assert_int_equal(n, 1);
	free(all);
	assert_int_equal(queue_list(f->o.s, &f->rec, f->o.office, NULL, &all, &n,
				    &e), ST_DENIED);

	/* Times: waited 10 minutes, served 15. */
	OK(queue_stats(f->o.s, &f->w1, f->o.office, "2026-03-20", "2026-03-20",
		       &qs, &n, &e), &e);
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
		FIXTURE_TEST(test_order, setup),
		FIXTURE_TEST(test_finish_links_case, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
