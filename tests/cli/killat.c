/* SPDX-License-Identifier: MIT */
/* LD_PRELOAD shim for the output tests: kills the process (SIGKILL, as a
 * power cut or `kill -9` would) at one chosen system call, so a test can
 * stop okno between recording an output and writing it.
 *   OKNO_KILLAT=link:SUBSTR    at link() whose new name holds SUBSTR
 *   OKNO_KILLAT=rename:SUBSTR  at rename() whose new name holds SUBSTR
 *   OKNO_KILLAT=unlink:SUBSTR  at unlink() of a name holding SUBSTR
 *   OKNO_KILLAT=sync:N         at the N-th fsync()/fdatasync() (1 first)
 * Built by the tests themselves: cc -shared -fPIC -o killat.so killat.c
 * -ldl. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
armed(const char *call, const char *path)
{
	const char *k = getenv("OKNO_KILLAT");
	size_t n = strlen(call);

	return k && strncmp(k, call, n) == 0 && k[n] == ':' && path &&
	       strstr(path, k + n + 1);
}

static void
die(void)
{
	kill(getpid(), SIGKILL);
	pause();
}

/* link() or rename() (call), killed when armed for the new name. */
static int
two_names(const char *call, const char *old, const char *new)
{
	int (*real)(const char *, const char *) =
		(int (*)(const char *, const char *))dlsym(RTLD_NEXT, call);

	if (armed(call, new))
		die();
	return real(old, new);
}

int
link(const char *old, const char *new)
{
	return two_names("link", old, new);
}

int
rename(const char *old, const char *new)
{
	return two_names("rename", old, new);
}

int
unlink(const char *path)
{
	int (*real)(const char *) =
		(int (*)(const char *))dlsym(RTLD_NEXT, "unlink");

	if (armed("unlink", path))
		die();
	return real(path);
}

static void
count_sync(void)
{
	static int n;
	const char *k = getenv("OKNO_KILLAT");

	if (k && strncmp(k, "sync:", 5) == 0 && ++n == atoi(k + 5))
		die();
}

int
fsync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");

	count_sync();
	return real(fd);
}

int
fdatasync(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");

	count_sync();
	return real(fd);
}
