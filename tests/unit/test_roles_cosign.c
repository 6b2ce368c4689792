/* SPDX-License-Identifier: MIT */
/* The roles beyond the matrix (test_roles.c), through the real core
 * calls on a temporary database: four eyes (the chief's second login
 * for one act in the inspector's session) and the regional head's role
 * and signature, refused on an account of an office.
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "audit.h"
#include "settings.h"
#include "berkut.h"
#include "blank.h"
#include "calendar.h"
#include "cases.h"
#include "draft.h"
#include "forms.h"
#include "journal.h"
#include "office.h"
#include "portal.h"
#include "print.h"
#include "queue.h"
#include "records.h"
#include "report.h"
#include "store.h"
#include "util.h"

#include "roles_fx.h"

/* Four eyes: the inspector's session, the chief's second login for one
 * act; the act is the chief's, with the session's origin. */
static void
test_cosign(void **state)
{
	struct fx *f = *state;
	struct actor sess, chief;
	struct err e = {0};
	long long id, n0;
	int must = 0;
	char *last;

	CTX("cosign");
	/* Real logins: the accounts must have changed their first
	 * password. */
	OK(db_script(f->o.s, "UPDATE accounts SET must_change = 0", &e), &e);
	OK(account_login(f->o.s, "inspector", FIXTURE_PW, "10.0.0.7", NULL, &sess, &must,
			 &e), &e);
	id = case_in(f, CS_ACCEPTED);
	assert_int_equal(run_correct(f, &sess, id, &e), ST_DENIED);

	n0 = fixture_scalar(f->o.s, "SELECT count(*) FROM audit");
	assert_int_equal(account_cosign(f->o.s, &sess, "chief", "неверный-пароль",
					PERM_CORRECT, &chief, &e), ST_DENIED);
	last = last_audit_action(f->o.s);
	assert_string_equal(last, "cosign.fail");
	free(last);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT failed_logins FROM accounts "
				      "WHERE login = 'chief'"), 1);
	/* Another inspector cannot sign for a correction. */
	assert_int_equal(account_cosign(f->o.s, &sess, "records", FIXTURE_PW,
					PERM_CORRECT, &chief, &e), ST_DENIED);
	/* Nor the session's own account. */
	assert_int_equal(account_cosign(f->o.s, &sess, "inspector", FIXTURE_PW,
					PERM__COUNT, &chief, &e), ST_DENIED);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit") - n0, 3);

	n0 = fixture_scalar(f->o.s, "SELECT count(*) FROM audit");
	OK(account_cosign(f->o.s, &sess, "chief", FIXTURE_PW, PERM_CORRECT, &chief, &e),
	   &e);
	assert_string_equal(chief.login, "chief");
	assert_string_equal(chief.origin, "10.0.0.7");
	assert_int_equal(fixture_scalar(f->o.s, "SELECT failed_logins FROM accounts "
				      "WHERE login = 'chief'"), 0);
	OK(run_correct(f, &chief, id, &e), &e);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit") - n0, 2);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit WHERE "
				      "action = 'cosign' AND login = 'chief' "
				      "AND object = 'user:inspector' AND "
				      "origin = '10.0.0.7'"), 1);
	assert_int_equal(fixture_scalar(f->o.s, "SELECT count(*) FROM audit WHERE "
				      "action = 'case.correct' AND login = "
				      "'chief' AND origin = '10.0.0.7'"), 1);
	/* The correction's journal line is the chief's act. */
	{
		char sql[160];

		snprintf(sql, sizeof sql, "SELECT count(*) FROM journal WHERE "
			 "kind = 'correction' AND actor_id = %lld", chief.id);
		assert_int_equal(fixture_scalar(f->o.s, sql), 1);
	}
	/* No session, no cosign. */
	memset(&sess, 0, sizeof sess);
	assert_int_equal(account_cosign(f->o.s, &sess, "chief", FIXTURE_PW, PERM__COUNT,
					&chief, &e), ST_DENIED);
	OK(audit_verify(f->o.s, NULL, &e), &e);
}

/* The regional head's role belongs to an account of the region: refused
 * on an office account, and its signature refused to an office account
 * even if the role were there. */
static void
test_region_tier(void **state)
{
	struct fx *f = *state;
	struct actor forged;
	struct err e = {0};
	long long id;

	CTX("region_head on an office account");
	EXPECT_ST(account_add(f->o.s, &f->who[D], "head2", "Начальник Два", "",
			      ROLE_REGION_HEAD, "A01", NULL, FIXTURE_PW, NULL,
			      &e), ST_INVALID, &e);
	EXPECT(strstr(e.msg, "region_head") && strstr(e.msg, "--region"),
	       "message names the role and the fix: %s", e.msg);
	CTX("the regional signature from an office account");
	id = svc_in(f, "border-pass", CS_CHECKED);
	forged = f->who[C];
	forged.roles |= ROLE_REGION_HEAD;
	EXPECT_ST(run_issue(f, &forged, id, &e), ST_DENIED, &e);
	EXPECT(strstr(e.msg, "УМП ДВД") != NULL, "message: %s", e.msg);
	CTX("the regional head signs");
	OK(run_issue(f, &f->who[H], id, &e), &e);
	assert_int_equal(expect_failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_cosign, setup),
		FIXTURE_TEST(test_region_tier, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
