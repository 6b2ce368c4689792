/* SPDX-License-Identifier: MIT */
/* Windows of many offices accepting at once on one database (driven by
 * bench/region.sh): OFFICES offices with WINDOWS windows each, one process
 * per window, for SECONDS; each intake is a case created and accepted (two
 * transactions, as at the window). Prints intakes per second, the p50 and
 * p99 time of one intake, the errors any window saw, and then checks the
 * database: every office's numbers 1..N with no gap or duplicate, every
 * office's chain and the audit chain verified.
 * Usage: region OFFICES WINDOWS SECONDS DB   (DB: a file or a URI; a URI
 * names an empty database its owner made, or one made earlier by this
 * program, which is emptied first). Needs OKNO_FORMS and OKNO_ROOT.
 * REGION_AFTER_SETUP, when set, is a shell command run between the
 * set-up and the windows' start. */
#include <signal.h>
#include <sys/wait.h>

#include "stress.h"

#include "db.h"

static char why[1024];

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The database with its offices B01.. and a window account each. */
static int
setup(const char *path, int offices, int windows)
{
	struct store *s = NULL;
	struct actor admin;
	struct err e = {0};
	char code[16], login[32];
	int o, w, rc = -1;

	setenv("OKNO_NOW", STRESS_NOW, 1);
	if (db_open(path, DB_CREATE | DB_TRAINING, &s, &e) != ST_OK) {
		stress_fail(why, "open: %s", e.msg);
		goto out;
	}
	if (db_int(s, 0, "SELECT count(*) FROM offices") != 0) {
		stress_fail(why, "%s is not empty", path);
		goto out;
	}
	for (o = 1; o <= offices; o++) {
		snprintf(code, sizeof code, "B%02d", o);
		if (office_create(s, o == 1 ? NULL : &admin, code,
				  "Отдел для замера", "г. Алматы",
				  "ДП г. Алматы", &e) != ST_OK)
			goto fail;
		/* stress_open signs in as STRESS_LOGIN before each window
		 * takes its own account. */
		if (o == 1 &&
		    (account_add(s, NULL, "admin", "Администратор", "-",
				 ROLE_ADMIN, code, NULL, STRESS_PW, NULL,
				 &e) != ST_OK ||
		     account_actor(s, "admin", "bench", &admin, &e) != ST_OK ||
		     account_add(s, &admin, STRESS_LOGIN, "Работников Тест",
				 "Инспектор", ROLE_INSPECTOR, code, NULL,
				 STRESS_PW, NULL, &e) != ST_OK))
			goto fail;
		for (w = 1; w <= windows; w++) {
			snprintf(login, sizeof login, "w%02d-%d", o, w);
			if (account_add(s, &admin, login, "Инспектор Замеров",
					"Инспектор", ROLE_INSPECTOR |
					ROLE_RECORDS | ROLE_CHIEF |
					ROLE_OPERATOR, code, NULL, STRESS_PW,
					NULL, &e) != ST_OK)
				goto fail;
		}
	}
	rc = 0;
	goto out;
fail:
	stress_fail(why, "setup: %s", e.msg);
out:
	db_close(s);
	return rc;
}

/* One window: intakes until the end; the time of each into the pipe. */
static void
window(const char *path, int office, int win, double secs, int go, int res)
{
	struct stress w;
	struct err e = {0};
	char login[32], b;
	double end, t0, ms;
	long n = 0;

	memset(&w, 0, sizeof w);
	snprintf(login, sizeof login, "w%02d-%d", office, win);
	if (stress_open(&w, path, (unsigned)(office * 100 + win), why) ||
	    account_actor(w.s, login, "bench", &w.a, &e) != ST_OK) {
		fprintf(stderr, "window %s: %s %s\n", login, why, e.msg);
		_exit(3);
	}
	if (read(go, &b, 1) < 0)
		_exit(3);
	end = stress_clock() + secs;
	while ((t0 = stress_clock()) < end) {
		if (stress_intake(&w, NULL, why)) {
			fprintf(stderr, "window %s: %s\n", login, why);
			_exit(4);
		}
		ms = (stress_clock() - t0) * 1e3;
		if (write(res, &ms, sizeof ms) != sizeof ms)
			_exit(3);
		n++;
	}
	stress_close(&w);
	_exit(0);
}

/* Every office's numbers and chains, and the audit chain. */
static int
check(const char *path, int offices)
{
	struct store *s = NULL;
	struct journal_verify v;
	struct actor a = {0};
	struct err e = {0};
	double t0 = stress_clock();
	long long lines = 0;
	int o, rc = -1;

	if (db_open(path, 0, &s, &e) != ST_OK) {
		stress_fail(why, "open: %s", e.msg);
		goto out;
	}
	a.id = 1;
	a.roles = ROLE_AUDITOR;
	for (o = 1; o <= offices; o++) {
		if (journal_verify(s, &a, o, 0, &v, NULL, &e) != ST_OK) {
			stress_fail(why, "journal verify %d: %s", o, e.msg);
			goto out;
		}
		lines += v.lines;
	}
	if (audit_verify(s, NULL, &e) != ST_OK) {
		stress_fail(why, "audit verify: %s", e.msg);
		goto out;
	}
	if (db_int(s, -1, "SELECT count(*) FROM (SELECT office_id, book, year "
		   "FROM journal WHERE no IS NOT NULL GROUP BY office_id, book, "
		   "year HAVING count(*) <> max(no) OR min(no) <> 1 OR "
		   "count(DISTINCT no) <> count(*)) t") != 0 ||
	    db_int(s, -1, "SELECT count(*) FROM (SELECT office_id FROM journal "
		   "GROUP BY office_id HAVING count(*) <> max(seq) OR "
		   "min(seq) <> 1 OR count(DISTINCT seq) <> count(*)) t") != 0) {
		stress_fail(why, "journal numbers or lines have a gap or a "
			    "duplicate");
		goto out;
	}
	printf("  check: %lld journal lines in %d offices: numbers 1..N each "
	       "once, every chain and the audit log verified (%.1f s)\n",
	       lines, offices, stress_clock() - t0);
	rc = 0;
out:
	db_close(s);
	return rc;
}

/* The regional records officer's worklist after the run, as the kiosk
 * reads it: the lists' counts and the first page (15 rows) of the checks
 * waiting in every office of the region; and, for comparison, the whole
 * list. rounds times each. */
static int
worklist(const char *path, int offices)
{
	static const char *const states[][2] = {
		{"accepted", NULL}, {"checked", "hit"}, {"issued", "refused"},
	};
	struct case_filter f;
	struct store *s = NULL;
	struct case_row *rows;
	struct actor a = {0};
	struct err e = {0};
	double t, ms, sum = 0, worst = 0, wsum = 0, wworst = 0;
	size_t n = 0, c, all = 0;
	int k, l, rounds = 50, rc = -1;

	if (db_open(path, 0, &s, &e) != ST_OK) {
		stress_fail(why, "open: %s", e.msg);
		goto out;
	}
	a.id = 1;
	a.roles = ROLE_RECORDS;
	a.region_id = db_int(s, 0, "SELECT region_id FROM offices WHERE "
			     "code = 'B01'");
	for (k = 0; k < rounds; k++) {
		t = stress_clock();
		for (l = 0; l < 3; l++) {
			memset(&f, 0, sizeof f);
			f.state = states[l][0];
			f.state_or = states[l][1];
			if (case_count(s, &a, &f, &c, &e) != ST_OK)
				goto fail;
			if (l == 0)
				all = c;
		}
		memset(&f, 0, sizeof f);
		f.state = "accepted";
		f.limit = 15;
		if (case_list(s, &a, &f, &rows, &n, &e) != ST_OK)
			goto fail;
		free(rows);
		ms = (stress_clock() - t) * 1000;
		sum += ms;
		worst = ms > worst ? ms : worst;
		t = stress_clock();
		f.limit = 0;
		if (case_list(s, &a, &f, &rows, &n, &e) != ST_OK)
			goto fail;
		free(rows);
		ms = (stress_clock() - t) * 1000;
		wsum += ms;
		wworst = ms > wworst ? ms : wworst;
	}
	printf("  the region's records worklist, %zu checks waiting in %d "
	       "offices: first page (counts and 15 rows) mean %.1f ms, worst "
	       "%.1f ms (target < 50 ms); the whole list mean %.1f ms, worst "
	       "%.1f ms\n", all, offices, sum / rounds, worst, wsum / rounds,
	       wworst);
	rc = 0;
	goto out;
fail:
	stress_fail(why, "case list: %s", e.msg);
out:
	db_close(s);
	return rc;
}

int
main(int argc, char **argv)
{
	int offices, windows, go[2], res[2], o, w, status, bad = 0;
	double secs, t0, dt, ms, *lat = NULL;
	size_t n = 0, cap = 0;
	const char *path;

	if (argc != 5) {
		fprintf(stderr, "usage: region OFFICES WINDOWS SECONDS DB\n");
		return 2;
	}
	offices = atoi(argv[1]);
	windows = atoi(argv[2]);
	secs = atof(argv[3]);
	path = argv[4];
	if (offices < 1 || windows < 1 || secs <= 0)
		return 2;
	if (setup(path, offices, windows)) {
		fprintf(stderr, "region: %s\n", why);
		return 1;
	}
	/* REGION_AFTER_SETUP: a shell command run once the offices exist
	 * and before the windows start (bench/national.sh subscribes the
	 * national database there). */
	if (getenv("REGION_AFTER_SETUP") &&
	    system(getenv("REGION_AFTER_SETUP")) != 0) {
		fprintf(stderr, "region: REGION_AFTER_SETUP failed\n");
		return 1;
	}
	if (pipe(go) || pipe(res))
		return 1;
	for (o = 1; o <= offices; o++)
		for (w = 1; w <= windows; w++) {
			pid_t pid = fork();

			if (pid < 0)
				return 1;
			if (pid == 0) {
				close(go[1]);
				close(res[0]);
				window(path, o, w, secs, go[0], res[1]);
			}
		}
	close(go[0]);
	close(res[1]);
	sleep(2); /* every window open and waiting */
	t0 = stress_clock();
	close(go[1]);
	while (read(res[0], &ms, sizeof ms) == sizeof ms) {
		if (n == cap)
			lat = xrealloc(lat, (cap = cap ? cap * 2 : 4096) *
						    sizeof *lat);
		lat[n++] = ms;
	}
	dt = stress_clock() - t0;
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	qsort(lat, n, sizeof *lat, cmp_double);
	printf("%s: %d offices x %d windows = %d processes, %zu intakes in "
	       "%.1f s: %.1f intakes/s, p50 %.0f ms, p99 %.0f ms, %d windows "
	       "saw an error\n", db_name_is_uri(path) ? "postgresql" : "sqlite",
	       offices, windows, offices * windows, n, dt, n / dt,
	       n ? lat[n / 2] : 0.0, n ? lat[n * 99 / 100] : 0.0, bad);
	free(lat);
	if (check(path, offices)) {
		fprintf(stderr, "region: check: %s\n", why);
		return 1;
	}
	if (worklist(path, offices)) {
		fprintf(stderr, "region: worklist: %s\n", why);
		return 1;
	}
	return bad != 0;
}
