/* SPDX-License-Identifier: MIT */
/* firstpaint: start a program on a new pty (forkpty) and report the time
 * from fork to its first output byte and to the end of its first paint
 * (the last byte before it goes quiet for the settle time), the bytes of
 * that paint, and the child's peak memory (max RSS from wait4's rusage)
 * and CPU time after a hang-up ends it. The start-up benchmark's meter.
 * usage: firstpaint [-t TERM] [-s SETTLE_MS] -- COMMAND [ARGS...] */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	const char *term = "xterm";
	long settle = 300, bytes = 0;
	double t0, first = -1, last = -1;
	struct rusage ru;
	char buf[65536];
	int master, opt, status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "t:s:")) != -1) {
		if (opt == 't')
			term = optarg;
		else if (opt == 's')
			settle = atol(optarg);
		else
			return 2;
	}
	if (optind >= argc)
		return 2;
	t0 = now_ms();
	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0)
		return 1;
	if (pid == 0) {
		setenv("TERM", term, 1);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	for (;;) {
		struct pollfd p = {.fd = master, .events = POLLIN};
		int r = poll(&p, 1, first < 0 ? 5000 : (int)settle);
		ssize_t n;

		if (r <= 0)
			break;
		n = read(master, buf, sizeof buf);
		if (n <= 0)
			break;
		if (first < 0)
			first = now_ms() - t0;
		last = now_ms() - t0;
		bytes += n;
	}
	kill(pid, SIGHUP);
	for (;;) { /* drain until it is gone */
		struct pollfd p = {.fd = master, .events = POLLIN};

		if (poll(&p, 1, 1000) <= 0 || read(master, buf, sizeof buf) <= 0)
			break;
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return 1;
	/* CPU time too: on a busy machine the wall clock mostly measures
	 * the other processes. It covers the whole run (the idle wait for
	 * keys costs none). */
	printf("first_byte_ms=%.1f first_paint_ms=%.1f paint_bytes=%ld "
	       "max_rss_kb=%ld cpu_ms=%.1f\n", first, last, bytes,
	       ru.ru_maxrss,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
	return 0;
}
