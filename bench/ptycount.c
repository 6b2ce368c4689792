/* SPDX-License-Identifier: MIT */
/* ptycount: count the bytes a program sends to its terminal. Runs the
 * command on a new pty (forkpty) of the given size and TERM, reports the
 * first paint and the output after each scripted keystroke (the output
 * is "done" when quiet for the settle time). A small stand-in for
 * ../shared/tools/ttymeter so bench/ does not depend on it.
 *
 * usage: ptycount [-c COLS] [-r ROWS] [-t TERM] [-s SETTLE_MS] -k KEYS
 *                 -- COMMAND [ARGS...]
 * KEYS lines: "text STR" (one keystroke per character), "key NAME..."
 * (Tab Down Up Enter Esc BSpace F1..F10), "mark LABEL", "wait MS",
 * "# comment". Output: one line per keystroke, then a summary per mark
 * and "initial=N steps=K total=T". */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARKS 16

static int master = -1, app_keys;
static long settle = 150;

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Cursor keys follow the last DECCKM switch in the output (a chunk may
 * hold both: ncurses leaves and re-enters keypad mode at start-up). */
static void
track_keypad(const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;

	while ((p = memmem(p, (size_t)(end - p), "\033[?1", 4)) &&
	       p + 4 < end) {
		if (p[4] == 'h')
			app_keys = 1;
		else if (p[4] == 'l')
			app_keys = 0;
		p += 4;
	}
}

/* Read until the program has been quiet for settle ms (3 s at most);
 * when first is set, the quiet time starts only with the first byte. */
static long
drain_wait(int first)
{
	char buf[8192];
	long total = 0, start = now_ms(), last = start;
	struct pollfd p = {.fd = master, .events = POLLIN};

	for (;;) {
		long t = now_ms(), wait = settle - (t - last);
		ssize_t n;

		if (first && total == 0)
			wait = 3000 - (t - start);
		if (wait <= 0 || t - start > 3000)
			break;
		if (poll(&p, 1, (int)wait) <= 0)
			continue;
		n = read(master, buf, sizeof buf);
		if (n <= 0)
			break;
		track_keypad(buf, (size_t)n);
		total += n;
		last = now_ms();
	}
	return total;
}

static long
drain(void)
{
	return drain_wait(0);
}

static const char *
key_seq(const char *name)
{
	static const struct {
		const char *name, *normal, *app;
	} k[] = {
		{"Tab", "\t", NULL},       {"Enter", "\r", NULL},
		{"Esc", "\033", NULL},     {"BSpace", "\177", NULL},
		{"Up", "\033[A", "\033OA"}, {"Down", "\033[B", "\033OB"},
		{"Right", "\033[C", "\033OC"}, {"Left", "\033[D", "\033OD"},
		{"F1", "\033OP", NULL},    {"F2", "\033OQ", NULL},
		{"F3", "\033OR", NULL},    {"F4", "\033OS", NULL},
		{"F5", "\033[15~", NULL},  {"F6", "\033[17~", NULL},
		{"F7", "\033[18~", NULL},  {"F8", "\033[19~", NULL},
		{"F9", "\033[20~", NULL},  {"F10", "\033[21~", NULL},
	};
	size_t i;

	for (i = 0; i < sizeof k / sizeof k[0]; i++)
		if (strcmp(k[i].name, name) == 0)
			return app_keys && k[i].app ? k[i].app : k[i].normal;
	return NULL;
}

struct mark {
	char name[32];
	long sum, n, max;
};

/* What the keys file has done so far. */
struct run {
	struct mark marks[MARKS];
	int nmarks, cur;
	long total, steps;
};

/* Start command on a new pseudo-terminal of ws as TERM term. */
static pid_t
spawn(struct winsize *ws, const char *term, char **command)
{
	pid_t pid = forkpty(&master, NULL, NULL, ws);

	if (pid != 0)
		return pid;
	setenv("TERM", term, 1);
	if (!getenv("LANG"))
		setenv("LANG", "C.UTF-8", 1);
	if (!getenv("LC_ALL"))
		setenv("LC_ALL", getenv("LANG"), 1);
	unsetenv("LINES");
	unsetenv("COLUMNS");
	execvp(command[0], command);
	_exit(127);
}

/* Send one key (sequence s) and count what the screen answers. */
static int
step(struct run *r, const char *s)
{
	long n;

	if (write(master, s, strlen(s)) < 0)
		return -1;
	n = drain();
	r->total += n;
	r->steps++;
	printf("step %-8s %ld\n", s[0] == '\033' ? "ESC-seq"
		: s[0] == '\t' ? "Tab" : s[0] == '\r' ? "Enter" : s, n);
	if (r->cur >= 0) {
		r->marks[r->cur].sum += n;
		r->marks[r->cur].n++;
		if (n > r->marks[r->cur].max)
			r->marks[r->cur].max = n;
	}
	return 0;
}

/* The keys of one line ("text ..." sends its characters one by one).
 * -1 when a key is unknown. */
static int
send_keys(struct run *r, char *line, char *arg)
{
	int text = strncmp(line, "text ", 5) == 0;

	while (*arg) {
		char seq[16], *tok;
		const char *s;

		if (text) {
			/* one UTF-8 character */
			size_t l = 1;

			while ((arg[l] & 0xC0) == 0x80)
				l++;
			memcpy(seq, arg, l);
			seq[l] = '\0';
			arg += l;
			s = seq;
		} else {
			tok = arg;
			arg += strcspn(arg, " ");
			if (*arg)
				*arg++ = '\0';
			if (!(s = key_seq(tok))) {
				fprintf(stderr, "ptycount: unknown key %s\n", tok);
				return -1;
			}
		}
		if (step(r, s) != 0)
			break;
	}
	return 0;
}

/* One line of the keys file: mark NAME, wait MS, or keys. */
static int
do_line(struct run *r, char *line)
{
	char *arg;

	line[strcspn(line, "\n")] = '\0';
	if (!line[0] || line[0] == '#')
		return 0;
	arg = strchr(line, ' ');
	arg = arg ? arg + 1 : line + strlen(line);
	if (strncmp(line, "mark ", 5) == 0) {
		if (r->nmarks < MARKS) {
			r->cur = r->nmarks++;
			memset(&r->marks[r->cur], 0, sizeof r->marks[r->cur]);
			snprintf(r->marks[r->cur].name,
				 sizeof r->marks[r->cur].name, "%s", arg);
		}
		return 0;
	}
	if (strncmp(line, "wait ", 5) == 0) {
		usleep((useconds_t)atol(arg) * 1000);
		r->total += drain();
		return 0;
	}
	return send_keys(r, line, arg);
}

int
main(int argc, char **argv)
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	const char *term = "xterm", *keys = NULL;
	struct run r;
	int opt, status, i;
	long initial;
	char line[1024];
	FILE *kf;
	pid_t pid;

	while ((opt = getopt(argc, argv, "c:r:t:s:k:")) != -1) {
		switch (opt) {
		case 'c': ws.ws_col = (unsigned short)atoi(optarg); break;
		case 'r': ws.ws_row = (unsigned short)atoi(optarg); break;
		case 't': term = optarg; break;
		case 's': settle = atol(optarg); break;
		case 'k': keys = optarg; break;
		default: goto usage;
		}
	}
	if (!keys || optind >= argc)
		goto usage;
	if (!(kf = fopen(keys, "r"))) {
		perror(keys);
		return 2;
	}
	if ((pid = spawn(&ws, term, argv + optind)) < 0) {
		perror("forkpty");
		return 2;
	}
	memset(&r, 0, sizeof r);
	r.cur = -1;
	r.total = initial = drain_wait(1);
	printf("initial %ld\n", initial);
	while (fgets(line, sizeof line, kf))
		if (do_line(&r, line) != 0)
			return 2;
	fclose(kf);
	kill(pid, SIGHUP);
	r.total += drain();
	waitpid(pid, &status, 0);
	for (i = 0; i < r.nmarks; i++)
		printf("mark %s: steps=%ld sum=%ld max=%ld\n", r.marks[i].name,
		       r.marks[i].n, r.marks[i].sum, r.marks[i].max);
	printf("initial=%ld steps=%ld total=%ld\n", initial, r.steps, r.total);
	return 0;
usage:
	fprintf(stderr, "usage: ptycount [-c COLS] [-r ROWS] [-t TERM] [-s MS] -k KEYS -- COMMAND [ARGS...]\n");
	return 2;
}
