/* SPDX-License-Identifier: MIT */
/* The drop folder's files: reading one safely, writing atomically, moving
 * a refused file to rejected/ beside its NAME.why, and the import report. */
#include "portal.h"
#include "portal_int.h"
#include "fileio.h"
#include "audit.h"
#include "cases.h"
#include "chain.h"
#include "clock.h"
#include "print.h"
#include "util.h"
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the drop folder ------------------------------------------------- */

int
drop_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
drop_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum status
drop_ensure_dir(const char *path, struct err *e)
{
	return fileio_mkdir(path, FILEIO_USER, e);
}

/* dir/sub/name, or dir/sub/name.N when that is taken: a moved file never
 * replaces an earlier one. */
char *
drop_free_target(const char *dir, const char *sub, const char *name,
		 const char *suffix)
{
	char *p = xasprintf("%s/%s/%s%s", dir, sub, name, suffix);
	struct stat sb;
	int i;

	for (i = 1; lstat(p, &sb) == 0 && i < 10000; i++) {
		free(p);
		p = xasprintf("%s/%s/%s.%d%s", dir, sub, name, i, suffix);
	}
	return p;
}

enum status
drop_read_file(const char *path, char **bytes, size_t *n, struct err *e)
{
	return fileio_read(path, PORTAL_MAX_BYTES,
			   FILEIO_USER | FILEIO_NOFOLLOW | FILEIO_UPTO, "", bytes,
			   n, e);
}

struct portal_item *
drop_report_add(struct portal_report *r, const char *file)
{
	struct portal_item *it;

	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	it = &r->v[r->n++];
	memset(it, 0, sizeof *it);
	it->file = xstrdup(file);
	return it;
}

char *
drop_errs_text(const struct errlist *l)
{
	struct strbuf b = {0};
	size_t i;

	for (i = 0; i < l->n; i++) {
		char *vis = utf8_visible(l->v[i].msg, 0);

		if (l->v[i].field[0])
			sb_printf(&b, "%s [%s]\n", vis, l->v[i].field);
		else
			sb_printf(&b, "%s\n", vis);
		free(vis);
	}
	return sb_take(&b);
}

/* Move a refused file to rejected/ with its NAME.why beside it (the why
 * file first: the file never sits in rejected/ unexplained). */
void
drop_reject(const char *dir, const char *name, struct portal_item *it,
	    const char *request_id)
{
	char *vis = utf8_visible(name, 0);
	char *from = xasprintf("%s/%s", dir, name);
	char *to = drop_free_target(dir, "rejected", name, "");
	char *why_path = xasprintf("%s.why", to);
	struct strbuf w = {0};
	struct err e = {0};
	char stamp[STAMP_SIZE];

	clock_stamp(clock_now(), stamp);
	sb_printf(&w, "Файл: %s\n", vis);
	if (request_id && request_id[0])
		sb_printf(&w, "Номер запроса: %s\n", request_id);
	sb_printf(&w, "Отклонён: %s\nПричины:\n%s", stamp, it->why);
	if (fileio_write(why_path, w.s, w.len, FILEIO_USER, "", &e) != ST_OK ||
	    fileio_move(from, to, FILEIO_USER, &e) != ST_OK) {
		char *more;

		if (!e.msg[0])
			err_set(&e, ST_ERROR, "", "%s: %s", to,
				strerror(errno));
		more = xasprintf("%sне удалось перенести в rejected/: %s\n",
				 it->why, e.msg);
		free(it->why);
		it->why = more;
		it->outcome = PORTAL_FAILED;
	}
	sb_free(&w);
	free(why_path);
	free(to);
	free(from);
	free(vis);
}
