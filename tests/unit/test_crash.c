/* SPDX-License-Identifier: MIT */
/* Nothing lost (issue 8): worker processes do intakes, decisions and
 * journal lines on one database file and are killed with SIGKILL at random
 * moments, hundreds of times; after each round the database must pass
 * integrity_check, the journal and audit chains must verify, every case
 * must sit in a state its history leads to, and every journal number must
 * be there exactly once. Then 8 processes do intakes at once: none may see
 * an error (no "database is locked"), and every case and number must be
 * accounted for. CRASH_KILLS (default 200; 60 under ASan) and CONC_INTAKES
 * (default 15 per process) make the run longer (bench/intake.sh sets them). */
#include "harness.h"

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "backup.h"
#include "draft.h"
#include "stress.h"

#define WORKERS 4
#define CONC_PROCS 8

/* Under AddressSanitizer every process start costs several times more;
 * the plain build does the hundreds of kills, the sanitized one checks
 * the same paths for memory errors with fewer. */
#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_KILLS 60
#define DEFAULT_INTAKES 6
#else
#define DEFAULT_KILLS 200
#define DEFAULT_INTAKES 15
#endif

struct fx {
	char dir[256];
	char path[300];
};

static char why[1024];

static long
env_long(const char *name, long dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtol(v, NULL, 10) : dflt;
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	fixture_tmpdir(f->dir, sizeof f->dir, "crash");
	snprintf(f->path, sizeof f->path, "%s/k.db", f->dir);
	if (stress_create(f->path, why)) {
		print_error("%s\n", why);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (!f)
		return 0;
	fixture_rmdir(f->dir);
	free(f);
	return 0;
}

/* A child dies with the test: a failed assertion leaves no worker
 * writing behind it. */
static void
die_with_parent(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(5);
}

/* A worker: steps until killed. A failed step is a bug: say why, exit 3. */
static pid_t
spawn_worker(const char *path, unsigned seed)
{
	pid_t parent = getpid(), pid = fork();
	struct stress w;

	if (pid != 0)
		return pid;
	die_with_parent(parent);
	if (stress_open(&w, path, seed, why)) {
		fprintf(stderr, "worker %d: %s\n", (int)getpid(), why);
		_exit(3);
	}
	for (;;)
		if (stress_step(&w, why)) {
			fprintf(stderr, "worker %d: %s\n", (int)getpid(), why);
			_exit(3);
		}
}

/* Reap a worker we killed: it must have died of the signal, not of a
 * failed step of its own. */
static void
reap(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status)) {
		print_error("worker %d exited %d (see its message above)\n",
			    (int)pid, WEXITSTATUS(status));
		fail();
	}
}

static void
check_db(const char *path, const char *when, long long *cases,
	 long long *lines)
{
	if (stress_check(path, cases, lines, why)) {
		print_error("%s: %s\n", when, why);
		fail();
	}
}

static void
test_kills(void **state)
{
	struct fx *f = *state;
	long kills = env_long("CRASH_KILLS", DEFAULT_KILLS), k;
	pid_t pid[WORKERS];
	unsigned seed = (unsigned)env_long("CRASH_SEED", (long)time(NULL));
	struct { unsigned v; } r = {seed};
	long long cases = 0, lines = 0;
	double t0 = stress_clock(), worst = 0;
	int i, rounds = 0;

	print_message("crash: %ld kills, seed %u\n", kills, seed);
	for (i = 0; i < WORKERS; i++)
		pid[i] = spawn_worker(f->path, seed + (unsigned)i + 1);
	for (k = 1; k <= kills; k++) {
		struct timespec ts;

		r.v = r.v * 1103515245u + 12345u;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(1 + (r.v >> 8) % 30) * 1000000L;
		nanosleep(&ts, NULL);
		i = (int)((r.v >> 4) % WORKERS);
		kill(pid[i], SIGKILL);
		reap(pid[i]);
		pid[i] = 0;
		if (k % 100 == 0 || k == kills) {
			double c0;

			/* Every worker dead at once, as after a power cut of
			 * the sessions: the next open recovers the WAL. */
			for (i = 0; i < WORKERS; i++) {
				if (!pid[i])
					continue;
				kill(pid[i], SIGKILL);
				reap(pid[i]);
			}
			c0 = stress_clock();
			check_db(f->path, "after kills", &cases, &lines);
			if (stress_clock() - c0 > worst)
				worst = stress_clock() - c0;
			rounds++;
			if (k == kills)
				break;
			for (i = 0; i < WORKERS; i++)
				pid[i] = spawn_worker(f->path, seed + (unsigned)k +
						      (unsigned)i);
			continue;
		}
		pid[i] = spawn_worker(f->path, seed + (unsigned)k);
	}
	print_message("crash: %ld kills in %.1f s, %d checks (slowest open + "
		      "full check %.3f s): %lld cases, %lld journal lines, all "
		      "consistent\n", kills, stress_clock() - t0, rounds, worst,
		      cases, lines);
	assert_true(cases > 0);
	assert_true(lines > 0);
}

/* 8 processes doing intakes at once, released together. */
static void
test_concurrent(void **state)
{
	struct fx *f = *state;
	long per = env_long("CONC_INTAKES", DEFAULT_INTAKES), total;
	int go[2], i, status, bad = 0;
	pid_t pid[CONC_PROCS];
	long long cases = 0, accepted, maxno;
	double t0, dt;
	char p[400];

	assert_int_equal(pipe(go), 0);
	for (i = 0; i < CONC_PROCS; i++) {
		if ((pid[i] = fork()) == 0) {
			struct stress w;
			char b;

			die_with_parent(getppid());
			FILE *ids;
			long n;

			close(go[1]);
			snprintf(p, sizeof p, "%s/ids.%d", f->dir, i);
			if (!(ids = fopen(p, "w")) ||
			    stress_open(&w, f->path, (unsigned)i + 7, why)) {
				fprintf(stderr, "writer %d: %s\n", i, why);
				_exit(3);
			}
			if (read(go[0], &b, 1) < 0)
				_exit(4);
			for (n = 0; n < per; n++) {
				long long id;

				if (stress_intake(&w, &id, why)) {
					fprintf(stderr, "writer %d, intake %ld: "
						"%s\n", i, n, why);
					_exit(3);
				}
				fprintf(ids, "%lld\n", id);
			}
			fclose(ids);
			stress_close(&w);
			_exit(0);
		}
	}
	close(go[0]);
	/* Let the writers open and load their forms, then release them. */
	sleep(1);
	t0 = stress_clock();
	close(go[1]);
	for (i = 0; i < CONC_PROCS; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			bad++;
	}
	dt = stress_clock() - t0;
	assert_int_equal(bad, 0);
	total = per * CONC_PROCS;
	print_message("concurrency: %d writers, %ld intakes in %.2f s "
		      "(%.1f intakes/s)\n", CONC_PROCS, total, dt, total / dt);
	check_db(f->path, "after concurrent intakes", &cases, NULL);
	{
		struct store *s = NULL;
		struct err e = {0};
		long long listed = 0;

		assert_int_equal(store_open(f->path, 0, &s, &e), ST_OK);
		accepted = stress_scalar(s, "SELECT count(*) FROM cases WHERE "
					 "state = 'accepted'");
		maxno = stress_scalar(s, "SELECT count(*) FROM journal WHERE "
				      "no IS NOT NULL");
		/* Every id a writer was told about is in the database. */
		for (i = 0; i < CONC_PROCS; i++) {
			FILE *ids;
			long long id;
			sqlite3_stmt *st;

			snprintf(p, sizeof p, "%s/ids.%d", f->dir, i);
			assert_non_null(ids = fopen(p, "r"));
			assert_int_equal(sqlite3_prepare_v2(s->db,
				"SELECT state FROM cases WHERE id = ?", -1, &st,
				NULL), SQLITE_OK);
			while (fscanf(ids, "%lld", &id) == 1) {
				sqlite3_reset(st);
				sqlite3_bind_int64(st, 1, id);
				assert_int_equal(sqlite3_step(st), SQLITE_ROW);
				assert_string_equal(store_col_text(st, 0),
						    "accepted");
				listed++;
			}
			sqlite3_finalize(st);
			fclose(ids);
		}
		store_close(s);
		assert_int_equal(listed, total);
	}
	assert_int_equal(cases, total);
	assert_int_equal(accepted, total);
	assert_int_equal(maxno, total);
}

/* The copy's progress, heard while the workers write: it never goes back
 * (a copy that a commit restarted would), so the copy is of one
 * snapshot taken in steps. */
struct copy_heard {
	long long last, total;
	int steps, back;
};

static int
copy_heard(void *arg, const struct progress *p)
{
	struct copy_heard *h = arg;

	if (p->phase != PROGRESS_BACKUP_COPY || p->ended)
		return 0;
	if (p->done < h->last)
		h->back++;
	if (p->done > h->last)
		h->steps++;
	h->last = p->done;
	h->total = p->total;
	return 0;
}

/* Eight copies taken while the workers write, each whole (its counts
 * those of the copy it made) and heard to the end; the last one kept as
 * copy, its cases and journal lines in *cases and *lines. */
static void
copies_while_writing(struct fx *f, const struct actor *oper, char *copy,
		     size_t ncopy, long long *cases, long long *lines)
{
	struct backup_report r;
	struct err e = {0};
	int n;

	snprintf(copy, ncopy, "%s/copy.db", f->dir);
	for (n = 0; n < 8; n++) {
		struct store *s = NULL;
		char c[400];
		struct copy_heard h = {0};
		struct progress p = {.show = copy_heard, .arg = &h};

		snprintf(c, sizeof c, "%s/copy%d.db", f->dir, n);
		assert_int_equal(store_open(f->path, 0, &s, &e), ST_OK);
		if (backup_make(s, oper, c, 0, &r, &p, &e) != ST_OK) {
			print_error("backup %d: %s\n", n, e.msg);
			fail();
		}
		store_close(s);
		if (h.back || h.total != r.bytes)
			fail_msg("backup %d: the copy went back %d times, "
				 "total %lld of %lld bytes", n, h.back,
				 h.total, r.bytes);
		if (n == 7)
			print_message("backup: the last copy heard in %d "
				      "steps\n", h.steps);
		check_db(c, "backup copy", cases, lines);
		assert_int_equal(r.cases, *cases);
		assert_int_equal(r.journal_lines, *lines);
		rename(c, copy);
		/* While the workers are alive the database is held open. */
		assert_true(backup_holder(f->path) != 0);
		usleep(150 * 1000);
	}
}

/* okno backup while 4 workers keep writing: every copy is taken, passes
 * its own checks (backup_make refuses otherwise) and the stress checks;
 * then restore refuses a tampered copy and a database held open, and
 * restores a good copy atomically. */
static void
test_backup_live(void **state)
{
	struct fx *f = *state;
	struct backup_report r;
	struct err e = {0};
	pid_t pid[WORKERS];
	char copy[400], bad[400], cmd[2000];
	long long cases = 0, lines = 0, before, after;
	struct actor admin, oper;
	struct restore_req rq = {0};
	int i;

	{
		struct store *s = NULL;

		assert_int_equal(store_open(f->path, 0, &s, &e), ST_OK);
		assert_int_equal(account_actor(s, "admin", "test", &admin, &e),
				 ST_OK);
		assert_int_equal(account_actor(s, STRESS_LOGIN, "test", &oper,
					       &e), ST_OK);
		store_close(s);
	}
	rq.dbpath = f->path;
	rq.a = &admin;
	/* Some megabytes of special records, so that each copy is taken
	 * in many steps while the workers commit between them. */
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"WITH RECURSIVE n(i) AS "
		 "(SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
		 "INSERT INTO records(kind, surname, note, imported_at, "
		 "surname_key) SELECT 'wanted', 'ПЕТРОВ', hex(randomblob(500)),"
		 " '2026-01-01T00:00:00', 'petrov' FROM n\"", f->path);
	assert_int_equal(system(cmd), 0);
	for (i = 0; i < WORKERS; i++)
		pid[i] = spawn_worker(f->path, 100 + (unsigned)i);
	sleep(1);
	copies_while_writing(f, &oper, copy, sizeof copy, &cases, &lines);
	print_message("backup: 8 copies while writing, last %lld cases, %lld "
		      "journal lines\n", cases, lines);
	rq.src = copy;
	assert_int_equal(backup_restore(&rq, &r, NULL, &e), ST_CONFLICT);
	for (i = 0; i < WORKERS; i++) {
		kill(pid[i], SIGKILL);
		reap(pid[i]);
	}
	assert_int_equal(backup_holder(f->path), 0);

	/* A copy whose journal was edited behind okno's back. */
	snprintf(bad, sizeof bad, "%s/bad.db", f->dir);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && sqlite3 '%s' \"DROP TRIGGER "
		 "journal_no_update; UPDATE journal SET content = "
		 "replace(content, 'a', 'b') WHERE id = 2\"", copy, bad, bad);
	assert_int_equal(system(cmd), 0);
	check_db(f->path, "before restore", &before, NULL);
	rq.src = bad;
	assert_int_equal(backup_restore(&rq, &r, NULL, &e), ST_CORRUPT);
	print_message("restore of a tampered copy refused: %s\n", e.msg);
	/* A file that is not a database at all. */
	snprintf(cmd, sizeof cmd, "head -c 65536 /dev/urandom > '%s'", bad);
	assert_int_equal(system(cmd), 0);
	assert_int_not_equal(backup_restore(&rq, &r, NULL, &e), ST_OK);
	print_message("restore of garbage refused: %s\n", e.msg);
	check_db(f->path, "after refused restores", &after, NULL);
	assert_int_equal(before, after);

	/* Only the administrator restores. */
	rq.src = copy;
	rq.a = &oper;
	assert_int_equal(backup_restore(&rq, &r, NULL, &e), ST_DENIED);
	rq.a = &admin;
	assert_int_equal(backup_restore(&rq, &r, NULL, &e), ST_OK);
	check_db(f->path, "after restore", &after, NULL);
	assert_int_equal(after, cases);
	check_db(f->path, "restore kept the old one", &after, NULL);
	snprintf(bad, sizeof bad, "%s.before-restore", f->path);
	check_db(bad, "database kept as .before-restore", &after, NULL);
	assert_int_equal(after, before);
}

/* A dump of every table that a refused write must leave alone. */
static char *
dump(const char *path)
{
	char cmd[700], buf[4096];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'SELECT * FROM cases; SELECT "
		 "* FROM case_events; SELECT * FROM journal; SELECT * FROM "
		 "audit; SELECT * FROM drafts;' | sha256sum", path);
	assert_non_null(p = popen(cmd, "r"));
	n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	return xstrdup(buf);
}

/* The database cannot take the write: a clear message, the database as it
 * was, and the form kept as a draft file. how: the PRAGMA that makes the
 * store refuse (or a label when readonly). */
static void
refused_write(struct fx *f, const char *how, const char *want_msg,
	      int readonly)
{
	struct stress w;
	struct errlist errs = {0};
	struct case_new in = {0};
	struct err e = {0};
	struct draft d;
	char *before, *after, path[512], dir[400];
	json_t *values;
	long long id = 0;

	/* Some history first, so "as it was" means something. */
	assert_int_equal(stress_open(&w, f->path, 3, why), 0);
	assert_int_equal(stress_intake(&w, NULL, why), 0);
	stress_close(&w);
	before = dump(f->path);
	assert_int_equal(stress_open(&w, f->path, 3, why), 0);
	if (readonly) {
		/* Same connection, read-only from here on: SQLite answers
		 * SQLITE_READONLY exactly as for a file it may not write. */
		store_close(w.s);
		w.s = NULL;
		assert_int_equal(store_open(f->path, STORE_READONLY, &w.s, &e),
				 ST_OK);
	} else {
		/* SQLITE_FULL as on a full disk: no page beyond the current
		 * ones (and the WAL is folded in first, so the pages are
		 * the file's). */
		assert_int_equal(sqlite3_exec(w.s->db, "PRAGMA wal_checkpoint("
				 "TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_exec(w.s->db, how, NULL, NULL, NULL),
				 SQLITE_OK);
	}
	values = json_deep_copy(w.fx.fields[0]);
	json_object_set_new(values, "address_stay", json_string(
		"г. Алматы, ул. Абая, д. 10, кв. 5 — очень длинный адрес, который не помещается на полную страницу базы данных ..."));
	in.service = stress_services[0];
	in.values = values;
	in.documents = w.fx.docs[0];
	assert_int_equal(case_create(w.s, &w.a, w.forms, &in, &id, &errs),
			 ST_STORAGE);
	print_message("%s: %s\n", how, errs.v[0].msg);
	assert_non_null(strstr(errs.v[0].msg, want_msg));
	errlist_free(&errs);
	/* A long note as typed (more than a free page could hold): the
	 * draft cannot go into the database either ... */
	{
		char note[9000];

		memset(note, 'x', sizeof note - 1);
		note[sizeof note - 1] = '\0';
		json_object_set_new(values, "note", json_string(note));
	}
	assert_int_equal(draft_save(w.s, &w.a, 0, "registration",
				    "registration", values, w.fx.docs[0], 4,
				    NULL, &e), ST_STORAGE);
	/* ... so it goes to a file. */
	snprintf(dir, sizeof dir, "%s/drafts", f->dir);
	assert_int_equal(draft_save_file(dir, f->path, &w.a, "registration",
					 "registration", values, w.fx.docs[0],
					 4, path, sizeof path, &e), ST_OK);
	stress_close(&w);
	after = dump(f->path);
	assert_string_equal(before, after);
	check_db(f->path, "after the refused write", NULL, NULL);
	assert_int_equal(draft_load_file(path, &d, &e), ST_OK);
	assert_true(json_equal(d.values, values));
	assert_string_equal(d.service, "registration");
	assert_int_equal(d.focus, 4);
	print_message("draft kept in %s\n", path);
	draft_free(&d);
	json_decref(values);
	free(before);
	free(after);
}

static void
test_full_disk(void **state)
{
	struct fx *f = *state;
	struct store *s = NULL;
	struct err e = {0};
	char pragma[64];

	assert_int_equal(store_open(f->path, 0, &s, &e), ST_OK);
	snprintf(pragma, sizeof pragma, "PRAGMA max_page_count=%lld",
		 stress_scalar(s, "PRAGMA page_count"));
	store_close(s);
	refused_write(f, pragma, "Диск заполнен", 0);
}

static void
test_read_only(void **state)
{
	refused_write(*state, "read-only", "только для чтения", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_backup_live, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_full_disk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_only, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
