/* SPDX-License-Identifier: MIT */
/* Durability benchmarks (issue 8), driven by bench/intake.sh:
 *   intake WRITERS SECONDS DB  sustained intakes/s (create + accept, each a
 *                              durable commit) with WRITERS processes on a
 *                              new database
 *   recover DB                 workers killed with SIGKILL mid-work; time
 *                              of the next open (WAL recovery) and of the
 *                              full consistency check
 *   fill LINES DB              a new database with LINES journal lines (for
 *                              timing okno backup)
 * Needs OKNO_ROOT (fixtures) and OKNO_FORMS. */
#include <signal.h>
#include <sys/wait.h>

#include "stress.h"

static char why[1024];

static int
usage(void)
{
	fprintf(stderr, "usage: intake intake WRITERS SECONDS DB | recover DB "
		"| fill LINES DB\n");
	return 2;
}

static int
bench_intake(int writers, double secs, const char *path)
{
	int go[2], res[2], i, status, bad = 0;
	long total = 0, n;
	pid_t pid;
	double t0, dt;

	if (stress_create(path, why)) {
		fprintf(stderr, "%s\n", why);
		return 1;
	}
	if (pipe(go) || pipe(res))
		return 1;
	for (i = 0; i < writers; i++) {
		if ((pid = fork()) < 0)
			return 1;
		if (pid == 0) {
			struct stress w;
			double end;
			char b;

			close(go[1]);
			if (stress_open(&w, path, (unsigned)i + 1, why)) {
				fprintf(stderr, "writer %d: %s\n", i, why);
				_exit(3);
			}
			if (read(go[0], &b, 1) < 0)
				_exit(3);
			end = stress_clock() + secs;
			for (n = 0; stress_clock() < end; n++)
				if (stress_intake(&w, NULL, why)) {
					fprintf(stderr, "writer %d: %s\n", i, why);
					_exit(3);
				}
			if (write(res[1], &n, sizeof n) != sizeof n)
				_exit(3);
			stress_close(&w);
			_exit(0);
		}
	}
	close(go[0]);
	close(res[1]);
	sleep(1);
	t0 = stress_clock();
	close(go[1]);
	while (read(res[0], &n, sizeof n) == sizeof n)
		total += n;
	dt = stress_clock() - t0;
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	if (stress_check(path, NULL, NULL, why)) {
		fprintf(stderr, "check: %s\n", why);
		return 1;
	}
	printf("intake: %d writer(s), %ld intakes in %.1f s: %.1f intakes/s, "
	       "%d errors\n", writers, total, dt, total / dt, bad);
	return bad != 0;
}

static int
bench_recover(const char *path)
{
	pid_t pid[8];
	struct store *s = NULL;
	struct err e = {0};
	double t0, t_open, t_check;
	long long cases, lines;
	int i, round;

	if (stress_create(path, why)) {
		fprintf(stderr, "%s\n", why);
		return 1;
	}
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 8; i++) {
			if ((pid[i] = fork()) == 0) {
				struct stress w;

				if (stress_open(&w, path, (unsigned)(round * 8 +
						i + 1), why))
					_exit(3);
				for (;;)
					if (stress_step(&w, why))
						_exit(3);
			}
		}
		sleep(2);
		for (i = 0; i < 8; i++)
			kill(pid[i], SIGKILL);
		for (i = 0; i < 8; i++)
			waitpid(pid[i], NULL, 0);
		t0 = stress_clock();
		if (store_open(path, 0, &s, &e) != ST_OK ||
		    stress_scalar(s, "SELECT count(*) FROM journal") < 0) {
			fprintf(stderr, "reopen: %s\n", e.msg);
			return 1;
		}
		t_open = stress_clock() - t0;
		store_close(s);
		t0 = stress_clock();
		if (stress_check(path, &cases, &lines, why)) {
			fprintf(stderr, "check: %s\n", why);
			return 1;
		}
		t_check = stress_clock() - t0;
		printf("recover: 8 workers killed; reopen and first read %.1f "
		       "ms, full check (integrity, chains, histories) %.0f ms; "
		       "%lld cases, %lld journal lines\n", t_open * 1e3,
		       t_check * 1e3, cases, lines);
	}
	return 0;
}

static int
bench_fill(long lines, const char *path)
{
	struct stress w;
	struct err e = {0};
	long i;
	double t0;

	if (stress_create(path, why) || stress_open(&w, path, 1, why)) {
		fprintf(stderr, "%s\n", why);
		return 1;
	}
	t0 = stress_clock();
	for (i = 0; i < lines;) {
		long end = i + 20000 < lines ? i + 20000 : lines;

		if (store_begin(w.s, &e) != ST_OK)
			goto fail;
		for (; i < end; i++) {
			struct journal_entry je = {0};
			json_t *c = json_pack("{s:s, s:I}", "note",
					      "Строка журнала для замера резервного копирования",
					      "n", (json_int_t)i);

			je.office_id = w.a.office_id;
			je.book = "office";
			je.kind = "note";
			je.content = c;
			if (journal_append(w.s, &w.a, &je, NULL, NULL, NULL,
					   &e) != ST_OK) {
				json_decref(c);
				store_rollback(w.s);
				goto fail;
			}
			json_decref(c);
		}
		if (store_commit(w.s, &e) != ST_OK)
			goto fail;
	}
	printf("fill: %ld journal lines in %.1f s\n", lines,
	       stress_clock() - t0);
	stress_close(&w);
	return 0;
fail:
	fprintf(stderr, "fill: %s\n", e.msg);
	stress_close(&w);
	return 1;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "intake") == 0)
		return bench_intake(atoi(argv[2]), atof(argv[3]), argv[4]);
	if (argc == 3 && strcmp(argv[1], "recover") == 0)
		return bench_recover(argv[2]);
	if (argc == 4 && strcmp(argv[1], "fill") == 0)
		return bench_fill(atol(argv[2]), argv[3]);
	return usage();
}
