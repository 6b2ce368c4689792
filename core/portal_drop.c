/* SPDX-License-Identifier: MIT */
/* The drop folder's files: reading one safely, writing atomically, moving
 * a refused file to rejected/ beside its NAME.why, and the import report. */
#include "portal.h"
#include "portal_int.h"
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
	struct stat sb;

	if (mkdir(path, 0700) == 0)
		return ST_OK;
	if (errno == EEXIST && lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return ST_OK;
	return err_set(e, ST_ERROR, "", "Не удалось создать папку %s: %s",
		       path, strerror(errno ? errno : EEXIST));
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

/* Write bytes to path through a temporary file and rename, so a reader
 * never sees half a file. */
enum status
drop_write_atomic(const char *path, const char *bytes, size_t n,
		  mode_t mode, struct err *e)
{
	char *tmp = xasprintf("%s.tmp", path);
	enum status ret = ST_OK;
	int fd, saved;
	size_t off = 0;
	ssize_t w;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  mode);
	if (fd < 0)
		goto fail;
	while (off < n) {
		w = write(fd, bytes + off, n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			errno = saved;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return ST_OK;
fail:
	saved = errno;
	unlink(tmp);
	ret = err_set(e, ST_ERROR, "", "Не удалось записать %s: %s", path,
		      strerror(saved));
	free(tmp);
	return ret;
}

enum status
drop_read_file(const char *path, char **bytes, size_t *n, struct err *e)
{
	struct strbuf b = {0};
	struct stat sb;
	char buf[8192];
	ssize_t r;
	int fd;

	*bytes = NULL;
	*n = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, errno == ELOOP ? ST_NOTFOUND : ST_ERROR, "",
			       "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ST_NOTFOUND, "", "%s: не обычный файл",
			       path);
	}
	while ((r = read(fd, buf, sizeof buf)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			sb_free(&b);
			return err_set(e, ST_ERROR, "", "%s: %s", path,
				       strerror(errno));
		}
		sb_addn(&b, buf, (size_t)r);
		if (b.len > PORTAL_MAX_BYTES)
			break; /* enough to refuse it */
	}
	close(fd);
	*n = b.len;
	*bytes = b.len ? b.s : (sb_free(&b), xstrdup(""));
	return ST_OK;
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
	if (drop_write_atomic(why_path, w.s, w.len, 0640, &e) != ST_OK ||
	    rename(from, to) != 0) {
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
