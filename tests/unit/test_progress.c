/* SPDX-License-Identifier: MIT */
/* Tests for the progress reporter (core/progress.h): the status text, the
 * pacing of the renderer's calls, and the long operations through it:
 * what a renderer hears (phases in order, totals, counts that only grow,
 * each phase ended), that the results are the same as without one, and
 * that a cancel leaves nothing behind (no copy, no temporary file, no
 * imported row, no export and no audit line of it). */
#include "harness.h"

#include <dirent.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "backup.h"
#include "journal.h"
#include "journal_out.h"
#include "i18n.h"
#include "progress.h"
#include "records.h"
#include "report.h"
#include "util.h"

#define LINES 3000

struct fx {
	struct fixture o;
	struct actor a;      /* chief and journal operator */
	struct actor rec;    /* records officer */
};

/* A renderer that writes down what it hears and cancels when told. */
struct heard {
	int calls, begins, ends;
	enum progress_phase phases[32];
	long long totals[32];
	int nphases;
	long long last_done;
	int monotonic;       /* 0 once a count went backwards in a phase */
	int open;            /* inside a phase */
	/* cancel at the first call in this phase with done >= cancel_at
	 * (cancel_phase -1: never) */
	int cancel_phase;
	long long cancel_at;
};

static int
hear(void *arg, const struct progress *p)
{
	struct heard *h = arg;

	h->calls++;
	if (p->ended) {
		h->ends++;
		h->open = 0;
		return 0;
	}
	if (!h->open) {
		h->open = 1;
		h->begins++;
		if (h->nphases < 32) {
			h->phases[h->nphases] = p->phase;
			h->totals[h->nphases++] = p->total;
		}
		h->last_done = -1;
	}
	if (p->done < h->last_done)
		h->monotonic = 0;
	h->last_done = p->done;
	return (int)p->phase == h->cancel_phase && p->done >= h->cancel_at;
}

static void
heard_init(struct heard *h, struct progress *p, int cancel_phase,
	   long long cancel_at)
{
	memset(h, 0, sizeof *h);
	memset(p, 0, sizeof *p);
	h->monotonic = 1;
	h->cancel_phase = cancel_phase;
	h->cancel_at = cancel_at;
	p->show = hear;
	p->arg = h;
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct err e = {0};
	long long i;

	fixture_open(&f->o, "progress", NULL);
	fixture_actor(&f->o, &f->a, "chief", "Начальник Н. Н.", NULL,
		      ROLE_CHIEF | ROLE_OPERATOR);
	fixture_actor(&f->o, &f->rec, "records", "Учётов У. У.", NULL,
		      ROLE_RECORDS);
	/* LINES numbered entries in one transaction. */
	OK(store_begin(f->o.s, &e), &e);
	for (i = 0; i < LINES; i++) {
		struct journal_entry je = {0};
		json_t *c = json_object(), *fl = json_object();

		json_object_set_new(fl, "surname", json_string("АХМЕДОВ"));
		json_object_set_new(fl, "given_names", json_string("РУСТАМ"));
		json_object_set_new(c, "service", json_string("registration"));
		json_object_set_new(c, "fields", fl);
		je.office_id = f->o.office;
		je.book = "registration";
		je.numbered = 1;
		je.kind = "accept";
		je.content = c;
		OK(journal_append(f->o.s, &f->a, &je, NULL, NULL, NULL, &e),
		   &e);
		json_decref(c);
	}
	OK(store_commit(f->o.s, &e), &e);
	*state = f;
	return 0;
}

/* ---- the text ------------------------------------------------------------ */

static void
text_at(enum progress_phase ph, long long done, long long total,
	double elapsed, const char *want)
{
	struct progress p = {0};
	char out[512];
	double now = progress_clock();

	p.phase = ph;
	p.done = done;
	p.total = total;
	p.started = now - elapsed;
	progress_text(&p, now, out, sizeof out);
	CTX("%s %lld/%lld after %.2f s", progress_phase_name(ph), done, total,
	    elapsed);
	EXPECT_STR(out, want);
}

static void
test_text(void **state)
{
	(void)state;
	/* Rate to two significant digits, time left rounded up. */
	text_at(PROGRESS_JOURNAL_VERIFY, 412000, 1000000, 4.12,
		"Проверка цепочки журнала: 412 000 из 1 000 000 (41 %), 100 000 строк/с, ещё 6 с");
	text_at(PROGRESS_JOURNAL_VERIFY, 412345, 1000000, 4.34,
		"Проверка цепочки журнала: 412 345 из 1 000 000 (41 %), 95 000 строк/с, ещё 7 с");
	/* No rate before a second has passed. */
	text_at(PROGRESS_AUDIT_VERIFY, 1500, 20000, 0.5,
		"Проверка цепочки аудита: 1 500 из 20 000 (7 %)");
	/* Bytes in megabytes; minutes. */
	text_at(PROGRESS_BACKUP_COPY, 100LL << 20, 2000LL << 20, 10.0,
		"Копирование базы данных: 100 из 2 000 МБ (5 %), 10 МБ/с, ещё 3 мин 10 с");
	text_at(PROGRESS_JOURNAL_EXPORT, 1000, 0, 2.0,
		"Выгрузка журнала: 1 000, 500 записей/с");
	text_at(PROGRESS_INTEGRITY, 0, 0, 11.5,
		"Проверка целостности копии: идёт 12 с");
	text_at(PROGRESS_REPORT, 3, 8, 1.5,
		"Составление отчёта: 3 из 8 (37 %)");
	text_at(PROGRESS_PORTAL_IMPORT, 10, 10000, 2.0,
		"Приём заявлений с портала: 10 из 10 000 (0 %), 5 файлов/с, ещё 34 мин");
	text_at(PROGRESS_RECORDS_IMPORT, 1000, 1000000, 10.0,
		"Загрузка списка спецучётов: 1 000 из 1 000 000 (0 %), 100 строк/с, ещё 2 ч 46 мин");
}

/* In Kazakh through the catalogue the kiosk binds (po/kk.po, compiled into
 * $OKNO_BUILD/locale) once it has chosen Kazakh (core/i18n.h); Russian
 * while no front end has chosen, whatever LANGUAGE says (the CLI). */
static void
test_text_kk(void **state)
{
	const char *build = getenv("OKNO_BUILD");
	char *dir, *rel = xasprintf("%s/locale", build ? build : "build");

	(void)state;
	dir = fixture_root_path(rel);
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "kk", 1);
	bindtextdomain("okno", dir);
	bind_textdomain_codeset("okno", "UTF-8");
	text_at(PROGRESS_INTEGRITY, 0, 0, 11.5,
		"Проверка целостности копии: идёт 12 с");
	i18n_use("kk");
	text_at(PROGRESS_JOURNAL_VERIFY, 412000, 1000000, 4.12,
		"Журнал тізбегін тексеру: 1 000 000 ішінен 412 000 (41 %), 100 000 жол/с, 6 с қалды");
	text_at(PROGRESS_BACKUP_COPY, 100LL << 20, 2000LL << 20, 10.0,
		"Дерекқорды көшіру: 2 000 МБ ішінен 100 (5 %), 10 МБ/с, 3 мин 10 с қалды");
	text_at(PROGRESS_INTEGRITY, 0, 0, 11.5,
		"Көшірменің тұтастығын тексеру: 12 с бойы жүріп жатыр");
	i18n_use(NULL);
	unsetenv("LANGUAGE");
	bindtextdomain("okno", "/nonexistent");
	text_at(PROGRESS_INTEGRITY, 0, 0, 11.5,
		"Проверка целостности копии: идёт 12 с");
	free(dir);
	free(rel);
}

/* ---- pacing -------------------------------------------------------------- */

static void
test_pacing(void **state)
{
	struct heard h;
	struct progress p;
	long long i, n = 20000000;
	struct timespec ms30 = {0, 30 * 1000000};

	(void)state;
	/* Nobody listening: nothing to call, nothing cancelled. */
	for (i = 1; i <= 1000; i++)
		assert_int_equal(progress_at(NULL, i), 0);
	assert_int_equal(progress_begin(NULL, PROGRESS_REPORT, 8), 0);
	progress_end(NULL);

	/* Units that cost nothing: the stride grows, so the renderer is
	 * called about every 20 ms, not once per unit. */
	heard_init(&h, &p, -1, 0);
	assert_int_equal(progress_begin(&p, PROGRESS_JOURNAL_VERIFY, n), 0);
	{
		double t0 = progress_clock(), secs;

		for (i = 1; i <= n; i++)
			if (progress_at(&p, i))
				fail_msg("cancelled");
		secs = progress_clock() - t0;
		progress_end(&p);
		CTX("%d calls for %lld units in %.3f s", h.calls, n, secs);
		EXPECT(h.calls >= 2 && h.calls < 60 + (int)(secs / 0.005),
		       "calls out of pace");
		EXPECT(h.monotonic, "count went back");
		EXPECT(h.begins == 1 && h.ends == 1, "begin/end");
	}
	/* Slow units: every one is heard. */
	heard_init(&h, &p, -1, 0);
	assert_int_equal(progress_begin(&p, PROGRESS_PORTAL_IMPORT, 5), 0);
	for (i = 1; i <= 5; i++) {
		nanosleep(&ms30, NULL);
		assert_int_equal(progress_at(&p, i), 0);
	}
	progress_end(&p);
	CTX("slow units");
	EXPECT(h.calls == 1 + 5 + 1, "%d calls", h.calls);
	EXPECT(h.last_done == 5, "last %lld", h.last_done);

	/* A cancel sticks: every later call says so. */
	heard_init(&h, &p, PROGRESS_REPORT, 2);
	assert_int_equal(progress_begin(&p, PROGRESS_REPORT, 8), 0);
	nanosleep(&ms30, NULL);
	assert_int_equal(progress_at(&p, 1), 0);
	nanosleep(&ms30, NULL);
	assert_int_not_equal(progress_at(&p, 2), 0);
	assert_int_not_equal(progress_at(&p, 3), 0);
	assert_true(progress_stopped(&p));
	progress_end(&p);
}

/* ---- the operations ------------------------------------------------------ */

static long long
audit_count(struct fx *f, const char *action)
{
	char sql[160];

	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM audit WHERE "
				  "action = '%s'", action);
	return fixture_scalar(f->o.s, sql);
}

static void
test_verify(void **state)
{
	struct fx *f = *state;
	struct journal_verify v, v0;
	struct heard h;
	struct progress p;
	struct err e = {0};

	OK(journal_verify(f->o.s, &f->a, f->o.office, 0, &v0, NULL, &e), &e);
	heard_init(&h, &p, -1, 0);
	OK(journal_verify(f->o.s, &f->a, f->o.office, 0, &v, &p, &e), &e);
	CTX("verify heard");
	EXPECT(v.lines == v0.lines && v.lines == LINES && !strcmp(v.head,
								  v0.head),
	       "%lld lines", v.lines);
	EXPECT(h.nphases == 1 && h.phases[0] == PROGRESS_JOURNAL_VERIFY &&
	       h.totals[0] == LINES, "phase %d total %lld", h.phases[0],
	       h.totals[0]);
	EXPECT(h.monotonic && h.ends == 1 && h.last_done <= LINES,
	       "counts");

	/* Cancelled half-way: ST_CANCELLED, no audit line. */
	heard_init(&h, &p, PROGRESS_JOURNAL_VERIFY, 1);
	EXPECT_ST(journal_verify(f->o.s, &f->a, f->o.office, 0, &v, &p, &e),
		  ST_CANCELLED, &e);
	EXPECT(v.lines < LINES, "cancelled after %lld lines", v.lines);
	EXPECT(audit_count(f, "journal.verify") == 0, "audit line written");
	EXPECT(h.ends == 1, "not ended");
}

static int
files_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
test_backup(void **state)
{
	struct fx *f = *state;
	struct backup_report r;
	struct heard h;
	struct progress p;
	struct err e = {0};
	char dir[300], dest[400];
	static const enum progress_phase order[] = {
		PROGRESS_BACKUP_COPY, PROGRESS_INTEGRITY, PROGRESS_AUDIT_VERIFY,
		PROGRESS_JOURNAL_VERIFY,
	};
	size_t k;

	snprintf(dir, sizeof dir, "%s/copies", f->o.dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(dest, sizeof dest, "%s/c.db", dir);

	/* Every phase, in order, each ended. */
	heard_init(&h, &p, -1, 0);
	OK(backup_make(f->o.s, &f->a, dest, 0, &r, &p, &e), &e);
	CTX("backup heard");
	EXPECT(h.nphases == 4 && h.ends == 4, "%d phases, %d ended",
	       h.nphases, h.ends);
	for (k = 0; k < 4 && k < (size_t)h.nphases; k++)
		EXPECT(h.phases[k] == order[k], "phase %zu is %s", k,
		       progress_phase_name(h.phases[k]));
	EXPECT(h.totals[0] == r.bytes, "copy total %lld, copy %lld bytes",
	       h.totals[0], r.bytes);
	EXPECT(h.totals[3] == LINES, "journal total %lld", h.totals[3]);
	EXPECT(r.journal_lines == LINES, "%lld lines", r.journal_lines);
	assert_int_equal(unlink(dest), 0);

	/* Cancelled in each phase: nothing in the folder afterwards. */
	for (k = 0; k < 4; k++) {
		CTX("backup cancelled in %s", progress_phase_name(order[k]));
		heard_init(&h, &p, (int)order[k], 0);
		EXPECT_ST(backup_make(f->o.s, &f->a, dest, 0, &r, &p, &e), ST_CANCELLED,
			  &e);
		EXPECT(files_in(dir) == 0, "%d files left", files_in(dir));
		EXPECT(h.begins == h.ends, "%d begun, %d ended", h.begins,
		       h.ends);
	}
	/* The check of a copy alone. */
	OK(backup_make(f->o.s, &f->a, dest, 0, &r, NULL, &e), &e);
	heard_init(&h, &p, -1, 0);
	OK(backup_check(dest, &r, &p, &e), &e);
	CTX("backup --check heard");
	EXPECT(h.nphases == 3 && h.phases[0] == PROGRESS_INTEGRITY,
	       "%d phases", h.nphases);

	/* A restore cancelled while the copy is read in, and while it is
	 * checked: the database is as it was, nothing beside it. */
	for (k = 0; k < 2; k++) {
		struct restore_req rq = {.src = dest, .dbpath = f->o.path,
					 .force = 1, .a = &f->o.admin};
		int before = files_in(f->o.dir);

		heard_init(&h, &p, k ? PROGRESS_JOURNAL_VERIFY
				     : PROGRESS_RESTORE_COPY, 0);
		CTX("restore cancelled in %s", progress_phase_name(
			k ? PROGRESS_JOURNAL_VERIFY : PROGRESS_RESTORE_COPY));
		EXPECT_ST(backup_restore(&rq, &r, &p, &e), ST_CANCELLED, &e);
		EXPECT(files_in(f->o.dir) == before, "%d files, %d before",
		       files_in(f->o.dir), before);
		EXPECT(h.nphases == (k ? 4 : 1) &&
		       h.phases[0] == PROGRESS_RESTORE_COPY, "phases");
		EXPECT(h.begins == h.ends, "%d begun, %d ended", h.begins,
		       h.ends);
		EXPECT(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal") ==
		       LINES, "journal");
	}
}

static void
test_records(void **state)
{
	struct fx *f = *state;
	struct errlist errs = {0};
	struct strbuf csv = {0};
	struct heard h;
	struct progress p;
	char path[320];
	long n = 0, i;
	FILE *fp;

	snprintf(path, sizeof path, "%s/list.csv", f->o.dir);
	sb_add(&csv, "kind,surname,given_names,birth_date,citizenship\n");
	for (i = 0; i < 5000; i++)
		sb_printf(&csv, "wanted,ИВАНОВ,ПЁТР,01.02.%ld,RUS\n",
			  1950 + i % 50);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fwrite(csv.s, 1, csv.len, fp);
	fclose(fp);
	sb_free(&csv);

	heard_init(&h, &p, PROGRESS_RECORDS_IMPORT, 2000);
	assert_int_equal(records_import(f->o.s, &f->rec, path, "test", 0, &n,
					&p, &errs), ST_CANCELLED);
	CTX("records import cancelled");
	EXPECT(errs.n == 1 && errs.v[0].st == ST_CANCELLED, "errors");
	EXPECT(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM records") == 0,
	       "rows imported");
	EXPECT(audit_count(f, "records.import") == 0, "audit line");
	EXPECT(h.totals[0] == 5001, "total %lld lines", h.totals[0]);
	errlist_free(&errs);

	heard_init(&h, &p, -1, 0);
	assert_int_equal(records_import(f->o.s, &f->rec, path, "test", 0, &n,
					&p, &errs), ST_OK);
	CTX("records import heard");
	EXPECT(n == 5000 && h.ends == 1 && h.monotonic, "%ld rows", n);
	errlist_free(&errs);
}

struct sink {
	int calls;
};

static enum status
deliver(void *arg, const char *text, size_t n, struct err *e)
{
	struct sink *k = arg;

	(void)text;
	(void)n;
	(void)e;
	k->calls++;
	return ST_OK;
}

static void
test_journal_out(void **state)
{
	struct fx *f = *state;
	struct journal_out o;
	struct sink k = {0};
	struct heard h;
	struct progress p;
	struct err e = {0};
	char *tdir = xasprintf("%s/templates", fixture_forms_dir());
	int print;

	for (print = 0; print < 2; print++) {
		enum progress_phase rows = print ? PROGRESS_JOURNAL_PAGES
						 : PROGRESS_JOURNAL_EXPORT;
		const char *action = print ? "journal.print" : "export";

		memset(&o, 0, sizeof o);
		o.office_id = f->o.office;
		o.f.book = "registration";
		o.f.year = 2026;
		o.width = 80;
		o.csv = 1;
		o.templates_dir = tdir;
		o.dest = "test";
		o.deliver = deliver;
		o.arg = &k;
		o.progress = &p;
		/* Cancelled while the entries are read: nothing delivered,
		 * no audit line. */
		heard_init(&h, &p, (int)rows, 500);
		k.calls = 0;
		CTX("%s cancelled", action);
		EXPECT_ST(print ? journal_print(f->o.s, &f->a, f->o.forms, &o,
						&e)
				: journal_export(f->o.s, &f->a, f->o.forms, &o,
						 &e),
			  ST_CANCELLED, &e);
		EXPECT(k.calls == 0, "delivered");
		EXPECT(audit_count(f, action) == 0, "audit line");
		EXPECT(h.begins == h.ends, "begun %d, ended %d", h.begins,
		       h.ends);
		/* Heard to the end. */
		heard_init(&h, &p, -1, 0);
		CTX("%s heard", action);
		OK(print ? journal_print(f->o.s, &f->a, f->o.forms, &o, &e)
			 : journal_export(f->o.s, &f->a, f->o.forms, &o, &e),
		   &e);
		EXPECT(k.calls == 1 && o.rows == LINES, "%lld rows", o.rows);
		EXPECT(h.phases[h.nphases - 1] == rows &&
		       h.totals[h.nphases - 1] == LINES,
		       "last phase %d total %lld", h.phases[h.nphases - 1],
		       h.totals[h.nphases - 1]);
		if (print)
			EXPECT(h.phases[0] == PROGRESS_JOURNAL_VERIFY,
			       "print checks the chain first");
		EXPECT(audit_count(f, action) == 1, "audit line");
	}
	/* Cancelled while the chain is checked for the pages' seal. */
	heard_init(&h, &p, PROGRESS_JOURNAL_VERIFY, 1);
	k.calls = 0;
	CTX("print cancelled in the chain");
	EXPECT_ST(journal_print(f->o.s, &f->a, f->o.forms, &o, &e),
		  ST_CANCELLED, &e);
	EXPECT(k.calls == 0 && audit_count(f, "journal.print") == 1,
	       "delivered");
	free(tdir);
}

static void
test_report(void **state)
{
	struct fx *f = *state;
	struct report r;
	struct heard h;
	struct progress p;
	struct err e = {0};

	heard_init(&h, &p, -1, 0);
	OK(report_build(f->o.s, &f->a, f->o.forms, f->o.office, "01.01.2026",
			"31.12.2026", &r, &p, &e), &e);
	report_free(&r);
	CTX("report heard");
	EXPECT(h.nphases == 1 && h.phases[0] == PROGRESS_REPORT &&
	       h.totals[0] == 8 && h.ends == 1, "phases");
	heard_init(&h, &p, PROGRESS_REPORT, 0);
	CTX("report cancelled");
	EXPECT_ST(report_build(f->o.s, &f->a, f->o.forms, f->o.office,
			       "01.01.2026", "31.12.2026", &r, &p, &e),
		  ST_CANCELLED, &e);
}

static void
test_close_day(void **state)
{
	struct fx *f = *state;
	struct journal_day d;
	struct heard h;
	struct progress p;
	struct err e = {0};
	int step;

	/* Cancelled at each step, the last just before the commit: no
	 * closing line, no audit line. */
	for (step = 0; step <= 3; step++) {
		heard_init(&h, &p, PROGRESS_DAY_CLOSE, step);
		CTX("day closing cancelled at step %d", step);
		EXPECT_ST(journal_close_day(f->o.s, &f->a, f->o.office, NULL,
					    &d, &p, &e), ST_CANCELLED, &e);
		EXPECT(fixture_scalar(f->o.s, "SELECT COUNT(*) FROM journal "
					      "WHERE kind = 'day-close'") == 0,
		       "closing line written");
		EXPECT(audit_count(f, "journal.close-day") == 0, "audit line");
		EXPECT(h.begins == 1 && h.ends == 1, "begun %d, ended %d",
		       h.begins, h.ends);
	}
	heard_init(&h, &p, -1, 0);
	OK(journal_close_day(f->o.s, &f->a, f->o.office, NULL, &d, &p, &e),
	   &e);
	CTX("day closing heard");
	EXPECT(d.lines == LINES && h.totals[0] == 3 && h.ends == 1,
	       "%lld lines", d.lines);
	EXPECT(audit_count(f, "journal.close-day") == 1, "audit line");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_kk),
		cmocka_unit_test(test_pacing),
		FIXTURE_TEST(test_verify, setup),
		FIXTURE_TEST(test_backup, setup),
		FIXTURE_TEST(test_records, setup),
		FIXTURE_TEST(test_journal_out, setup),
		FIXTURE_TEST(test_report, setup),
		FIXTURE_TEST(test_close_day, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
