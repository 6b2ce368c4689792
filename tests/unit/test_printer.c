/* SPDX-License-Identifier: MIT */
/* A window's remembered printer as a print target (file, spool folder,
 * lp, terminal; unknown refused), and the administrator's settings:
 * known keys, ranges, and refusal of other roles before anything is
 * touched. (Changing a setting with its audit line: tests/tui/idle.sh.) */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "printer.h"
#include "settings.h"
#include "util.h"

static void
test_targets(void **state)
{
	struct print_req r;
	struct err e = {0};
	char buf[256], dir[256], choice[300];
	struct stat st;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(printer_target("terminal", "x", &r, buf, sizeof buf,
					&e), ST_OK);
	assert_int_equal(r.target, PT_TERMINAL);
	assert_null(r.dest);
	assert_int_equal(printer_target("lp:office1", "x", &r, buf,
					sizeof buf, &e), ST_OK);
	assert_int_equal(r.target, PT_LP);
	assert_string_equal(r.dest, "office1");
	assert_int_equal(printer_target("file:/tmp/r.txt", "x", &r, buf,
					sizeof buf, &e), ST_OK);
	assert_int_equal(r.target, PT_FILE);
	assert_string_equal(r.dest, "/tmp/r.txt");
	/* A folder: made owner-only, one file per document. */
	fixture_tmpdir(dir, sizeof dir, "printer");
	snprintf(choice, sizeof choice, "file:%s/spool/", dir);
	assert_int_equal(printer_target(choice, "case-7-receipt", &r, buf,
					sizeof buf, &e), ST_OK);
	snprintf(choice, sizeof choice, "%s/spool/case-7-receipt.txt", dir);
	assert_string_equal(r.dest, choice);
	snprintf(choice, sizeof choice, "%s/spool", dir);
	assert_int_equal(stat(choice, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	rmdir(choice);
	rmdir(dir);
	assert_int_equal(printer_target("fax:123", "x", &r, buf, sizeof buf,
					&e), ST_INVALID);
	assert_int_equal(printer_target("lp:", "x", &r, buf, sizeof buf, &e),
			 ST_INVALID);
	printer_describe("terminal", buf, sizeof buf);
	assert_string_equal(buf, "на принтер терминала");
}

static void
test_settings(void **state)
{
	struct actor insp = {.id = 5, .roles = ROLE_INSPECTOR};
	struct err e = {0};
	const struct setting_def *d;
	size_t n;

	(void)state;
	d = settings_known(&n);
	assert_true(n >= 2);
	assert_string_equal(d[0].key, "idle.minutes");
	assert_non_null(settings_find("idle.seconds"));
	assert_null(settings_find("idle.hours"));
	/* Refused before the database is touched (none is given here). */
	assert_int_equal(settings_change(NULL, &insp, "idle.minutes", "5",
					 &e), ST_DENIED);
	assert_int_equal(settings_change(NULL, NULL, "idle.minutes", "5", &e),
			 ST_DENIED);
}

static void
test_settings_ranges(void **state)
{
	struct actor adm = {.id = 1, .roles = ROLE_ADMIN};
	struct err e = {0};

	(void)state;
	assert_int_equal(settings_change(NULL, &adm, "idle.hours", "5", &e),
			 ST_INVALID);
	assert_string_equal(e.field, "key");
	assert_int_equal(settings_change(NULL, &adm, "idle.minutes", "999",
					 &e), ST_INVALID);
	assert_string_equal(e.field, "idle.minutes");
	assert_int_equal(settings_change(NULL, &adm, "idle.minutes", "5x",
					 &e), ST_INVALID);
	assert_int_equal(settings_change(NULL, &adm, "idle.minutes", "", &e),
			 ST_INVALID);
	assert_int_equal(settings_change(NULL, &adm, "idle.minutes", "-1",
					 &e), ST_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_settings_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
