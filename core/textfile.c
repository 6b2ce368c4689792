/* SPDX-License-Identifier: MIT */
/* The office's plain-text data files: read whole, walked line by line. */
#include "textfile.h"
#include "fileio.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum status
text_dir_files(const char *dir, const char *suffix, const char *what,
	       char ***names, size_t *n, struct errlist *errs)
{
	size_t k = strlen(suffix);
	struct dirent *de;
	DIR *d;

	*names = NULL;
	*n = 0;
	if (!(d = opendir(dir))) {
		errlist_add(errs, ST_NOTFOUND, "", "%s:0: не удаётся открыть каталог %s: %s", dir, what, strerror(errno));
		return ST_NOTFOUND;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l <= k ||
		    strcmp(de->d_name + l - k, suffix))
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (!*n) {
		errlist_add(errs, ST_NOTFOUND, "", "%s:0: в каталоге нет файлов %s (*%s)", dir, what, suffix);
		return ST_NOTFOUND;
	}
	qsort(*names, *n, sizeof **names, cmp_name);
	return ST_OK;
}

char *
text_file_read(const char *path, size_t max, struct errlist *errs)
{
	struct err e = {0};
	char *buf;
	size_t n, i;
	int line = 1;

	if (fileio_read(path, max, 0, "", &buf, &n, &e) != ST_OK) {
		if (e.st == ST_INVALID)
			errlist_add(errs, ST_INVALID, "", "%s:1: файл больше %zu байт", path, max);
		else
			errlist_add(errs, ST_INVALID, "", "%s:0: не удаётся открыть файл: %s", path, e.msg);
		return NULL;
	}
	if (strlen(buf) != n) {
		for (i = 0; i < strlen(buf); i++)
			line += buf[i] == '\n';
		errlist_add(errs, ST_INVALID, "", "%s:%d: нулевой байт в файле", path, line);
		free(buf);
		return NULL;
	}
	return buf;
}

/* 0 when s[0..n) is UTF-8 without control characters other than tab;
 * else why not. */
static const char *
bad_text(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);

		if (!k)
			return "недопустимая последовательность байтов UTF-8";
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return "управляющий символ в строке";
		i += (size_t)k;
	}
	return NULL;
}

void
text_verror(struct errlist *errs, const char *path, int line,
	    const char *fmt, va_list ap)
{
	char msg[ERR_MSG_MAX];
	int len = vsnprintf(msg, sizeof msg, fmt, ap);

	if (len >= 0 && (size_t)len >= sizeof msg) {
		size_t end = sizeof msg - 1;

		while (end > 0 && ((unsigned char)msg[end] & 0xC0) == 0x80)
			end--;
		msg[end] = '\0';
	}
	errlist_add(errs, ST_INVALID, "", "%s:%d: %s", path, line, msg);
}

void
text_each_line(const char *text,
	       void (*fn)(void *u, int no, const char *s, size_t n), void *u)
{
	const char *s = text, *nl;
	int no = 0;

	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3; /* a BOM some editors write */
	while (*s) {
		size_t n;

		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		fn(u, ++no, s, n);
		if (!nl)
			break;
		s = nl + 1;
	}
}

/* What text_lines hands each line to. */
struct lines {
	size_t max_chars;
	void (*line)(void *u, int no, const char *kw, const char *val);
	void (*bad)(void *u, int no, const char *why);
	void *u;
};

/* One line for text_lines: checked, then split into keyword and value. */
static void
kw_line(void *u, int no, const char *s, size_t n)
{
	struct lines *ls = u;
	const char *why;
	char msg[64], *l, *val;

	if ((why = bad_text(s, n)) != NULL) {
		ls->bad(ls->u, no, why);
		return;
	}
	l = xstrndup(s, n);
	str_trim(l);
	if (*l && *l != '#') {
		snprintf(msg, sizeof msg, "строка длиннее %zu символов", ls->max_chars);
		val = l + strcspn(l, " \t");
		if (*val)
			*val++ = '\0';
		val += strspn(val, " \t");
		if (utf8_len(l) + utf8_len(val) + 1 > ls->max_chars)
			ls->bad(ls->u, no, msg);
		else
			ls->line(ls->u, no, l, val);
	}
	free(l);
}

void
text_lines(const char *text, size_t max_chars,
	   void (*line)(void *u, int no, const char *kw, const char *val),
	   void (*bad)(void *u, int no, const char *why), void *u)
{
	struct lines ls = {max_chars, line, bad, u};

	text_each_line(text, kw_line, &ls);
}
