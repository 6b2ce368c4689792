/* SPDX-License-Identifier: MIT */
/* Reading the office's plain-text data files (forms, rules, calendar):
 * the whole file as a string, and its lines one by one, checked as every
 * such file is: UTF-8 with a BOM tolerated, CRLF line ends, no control
 * character but tab, blank and "#" comment lines skipped. */
#ifndef OKNO_TEXTFILE_H
#define OKNO_TEXTFILE_H

#include <stdarg.h>
#include <stddef.h>

#include "status.h"

/* The names of the files of dir whose names end in suffix (".form"),
 * not hidden, in name order: *names new (each name and the array freed
 * by the caller), *n how many. ST_NOTFOUND with "dir:0: ..." in errs
 * when dir cannot be read or holds none; what names the files in the
 * message ("форм": "каталог форм", "файлов форм"). */
enum status text_dir_files(const char *dir, const char *suffix,
			   const char *what, char ***names, size_t *n,
			   struct errlist *errs);

/* The file at path as a string (new), or NULL with one "path:line: ..."
 * entry in errs: too big (more than max bytes), unreadable, or holding a
 * NUL byte. */
char *text_file_read(const char *path, size_t max, struct errlist *errs);

/* One error of a data file into errs: "path:line: " and the message
 * fmt formats, cut (at ERR_MSG_MAX) between letters, never inside one. */
void text_verror(struct errlist *errs, const char *path, int line,
		 const char *fmt, va_list ap);

/* Each line of text to fn, numbered from 1: s[0..n), without its
 * newline and a CR before it; a BOM at the start is skipped. */
void text_each_line(const char *text,
		    void (*fn)(void *u, int no, const char *s, size_t n),
		    void *u);
/* Each "keyword value" line of text that is neither blank nor a comment,
 * to line: the keyword and the value (up to the end of the line, spaces
 * around it dropped; "" when none), both freed after the call. A line
 * with invalid UTF-8, a control character or more than max_chars
 * characters goes to bad instead, with why in Russian. Lines are
 * numbered from 1. */
void text_lines(const char *text, size_t max_chars,
		void (*line)(void *u, int no, const char *kw,
			     const char *val),
		void (*bad)(void *u, int no, const char *why), void *u);

#endif
