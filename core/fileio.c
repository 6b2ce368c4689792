/* SPDX-License-Identifier: MIT */
/* New files only, whole or not at all; never the database. */
#include "fileio.h"
#include "chain.h"
#include "config.h"
#include "util.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


#define MAX_PROTECTED 8

/* A protected database: its folder (resolved) and name. A path is
 * refused when it names one of its files (also those that do not exist
 * yet: a -wal made later), or when it is, now, the same file as one of
 * them (another name, a link). The identity is taken at each check: a
 * database file deleted since (a test's, in a process that opened several)
 * leaves its inode number free for a file that is not the database. */
static struct {
	char *dir, *base;
} protected[MAX_PROTECTED];
static int nprotected;

static const char *const db_suffixes[] = {"", "-wal", "-shm", "-journal"};

/* dirname and basename of path, the folder resolved through links (it
 * must exist). NULL when the folder cannot be resolved. */
static char *
resolve_dir(const char *path, char **base)
{
	char *a = xstrdup(path), *b = xstrdup(path), *r;

	r = realpath(dirname(a), NULL);
	*base = xstrdup(basename(b));
	free(a);
	free(b);
	if (!r) {
		free(*base);
		*base = NULL;
	}
	return r;
}

void
fileio_protect(const char *db_path)
{
	char *dir, *base;
	int i;

	if (!db_path || !(dir = resolve_dir(db_path, &base)))
		return;
	for (i = 0; i < nprotected; i++)
		if (!strcmp(protected[i].dir, dir) &&
		    !strcmp(protected[i].base, base)) {
			free(dir);
			free(base);
			return;
		}
	if (nprotected == MAX_PROTECTED) {
		free(dir);
		free(base);
		return;
	}
	protected[nprotected].dir = dir;
	protected[nprotected].base = base;
	nprotected++;
}

/* 1 when path is (or would become) a protected database file. */
static int
is_protected(const char *path)
{
	char *dir, *base;
	struct stat sb;
	int i, hit = 0;
	size_t k;

	if (stat(path, &sb) == 0)
		for (i = 0; i < nprotected && !hit; i++)
			for (k = 0; k < sizeof db_suffixes /
					    sizeof db_suffixes[0] && !hit;
			     k++) {
				char *p = xasprintf("%s/%s%s", protected[i].dir,
						    protected[i].base,
						    db_suffixes[k]);
				struct stat pb;

				hit = stat(p, &pb) == 0 &&
				      pb.st_dev == sb.st_dev &&
				      pb.st_ino == sb.st_ino;
				free(p);
			}
	if (hit)
		return 1;
	if (!(dir = resolve_dir(path, &base)))
		return 0;
	for (i = 0; i < nprotected && !hit; i++) {
		size_t bl = strlen(protected[i].base);

		if (strcmp(protected[i].dir, dir) != 0 ||
		    strncmp(protected[i].base, base, bl) != 0)
			continue;
		for (k = 0; k < sizeof db_suffixes / sizeof db_suffixes[0];
		     k++)
			if (!strcmp(base + bl, db_suffixes[k]))
				hit = 1;
	}
	free(dir);
	free(base);
	return hit;
}

enum status
fileio_mkdir(const char *path, int flags, struct err *e)
{
	struct stat sb;
	int rc, err;

	if (flags & FILEIO_USER)
		config_as_user();
	rc = mkdir(path, 0700);
	err = errno;
	if (rc != 0 && err == EEXIST && lstat(path, &sb) == 0 &&
	    S_ISDIR(sb.st_mode))
		rc = 0;
	if (flags & FILEIO_USER)
		config_as_okno();
	if (rc != 0)
		return err_set(e, ST_ERROR, "", "Не удалось создать папку %s: %s",
			       path, strerror(err));
	return ST_OK;
}

enum status
fileio_move(const char *from, const char *to, int flags, struct err *e)
{
	int rc, err = 0;

	if (flags & FILEIO_USER)
		config_as_user();
	if (is_protected(from) || is_protected(to)) {
		rc = -1;
		err = EPERM;
	} else if ((rc = link(from, to)) == 0) {
		unlink(from);
	} else if (errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK) {
		/* No hard links here: the name was free a moment ago. */
		rc = fileio_exists(to) ? (errno = EEXIST, -1) : rename(from, to);
	}
	if (rc != 0 && !err)
		err = errno;
	if (flags & FILEIO_USER)
		config_as_okno();
	if (rc != 0)
		return err_set(e, err == EEXIST ? ST_CONFLICT : ST_ERROR, "",
			       "Не удалось перенести %s в %s: %s", from, to,
			       strerror(err));
	return ST_OK;
}

int
fileio_exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static void
sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

struct fileio_out {
	char *path, *tmp, *field;
	int flags;
	FILE *f;
};

/* Checks that do not depend on the file's bytes; the user's group is in
 * effect when FILEIO_USER. */
static enum status
check_target(const char *path, int flags, const char *field, struct err *e)
{
	struct stat sb;
	char *copy, *dir;
	enum status ret = ST_OK;

	if (!path || !*path)
		return err_set(e, ST_USAGE, field, "Не указан файл");
	if (path[strlen(path) - 1] == '/')
		return err_set(e, ST_INVALID, field, "%s: нужно имя файла, а не папки", path);
	copy = xstrdup(path);
	dir = dirname(copy);
	if ((flags & FILEIO_MKDIR) && mkdir(dir, 0700) != 0 &&
	    errno != EEXIST)
		ret = err_set(e, ST_STORAGE, field, "Не удалось создать папку %s: %s", dir, strerror(errno));
	else if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		ret = err_set(e, ST_NOTFOUND, field, "Папка %s не найдена",
			      dir);
	else if (is_protected(path))
		ret = err_set(e, ST_DENIED, field, "%s — файл базы данных okno: вывод в него запрещён", path);
	/* A path the user names, by the user's own rights (access() asks
	 * with the real ids, whatever group okno runs with). */
	else if ((flags & FILEIO_USER) && access(dir, W_OK | X_OK) != 0)
		ret = err_set(e, ST_ERROR, field, "Папка %s: нет права записи (%s)", dir, strerror(errno));
	free(copy);
	if (ret != ST_OK)
		return ret;
	if (lstat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return err_set(e, ST_INVALID, field, "%s — папка, а не файл", path);
		if (!(flags & FILEIO_FORCE))
			return err_set(e, ST_CONFLICT, field, "Файл %s уже существует: выберите другое имя или замените его явно (--force)", path);
		if (!S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode))
			return err_set(e, ST_INVALID, field, "%s: не обычный файл, заменить его нельзя", path);
	}
	return ST_OK;
}

enum status
fileio_check(const char *path, int flags, const char *field, struct err *e)
{
	enum status ret;

	if (flags & FILEIO_USER)
		config_as_user();
	ret = check_target(path, flags & ~FILEIO_MKDIR, field ? field : "", e);
	if (flags & FILEIO_USER)
		config_as_okno();
	return ret;
}

enum status
fileio_open_tag(const char *path, int flags, const char *field,
		const char *tag, struct fileio_out **out, struct err *e)
{
	struct fileio_out *o;
	enum status ret;
	int fd;

	*out = NULL;
	if (!field)
		field = "";
	if (flags & FILEIO_USER)
		config_as_user();
	if ((ret = check_target(path, flags, field, e)) != ST_OK)
		goto out;
	o = xcalloc(1, sizeof *o);
	o->path = xstrdup(path);
	o->field = xstrdup(field);
	o->flags = flags;
	/* The temporary name is new (O_EXCL, O_NOFOLLOW): nothing planted
	 * there, not even a link, is ever written through. */
	{
		char *copy = xstrdup(path), *b = basename(copy);
		char *d = xstrdup(path);

		d[strlen(path) - strlen(b)] = '\0';
		o->tmp = tag ? xasprintf("%s.%s.okno-%s", d, b, tag)
			     : xasprintf("%s.%s.okno-XXXXXX", d, b);
		free(copy);
		free(d);
	}
	if (tag) {
		/* A leftover of a run killed while writing this output. */
		unlink(o->tmp);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					  O_CLOEXEC, 0600);
	} else {
		fd = mkostemp(o->tmp, O_CLOEXEC);
	}
	if (fd < 0 || fchmod(fd, 0600) != 0 || !(o->f = fdopen(fd, "wb"))) {
		ret = err_set(e, errno == ENOSPC ? ST_STORAGE : ST_ERROR, field,
			      "Не удалось создать файл рядом с %s: %s", path,
			      strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		free(o->path);
		free(o->field);
		free(o);
		goto out;
	}
	*out = o;
out:
	if (flags & FILEIO_USER)
		config_as_okno();
	return ret;
}

enum status
fileio_open(const char *path, int flags, const char *field,
	    struct fileio_out **out, struct err *e)
{
	return fileio_open_tag(path, flags, field, NULL, out, e);
}

const char *
fileio_temp_path(const struct fileio_out *o)
{
	return o ? o->tmp : NULL;
}

FILE *
fileio_stream(struct fileio_out *o)
{
	return o ? o->f : NULL;
}

static void
out_free(struct fileio_out *o)
{
	free(o->path);
	free(o->tmp);
	free(o->field);
	free(o);
}

void
fileio_abort(struct fileio_out *o)
{
	if (!o)
		return;
	if (o->flags & FILEIO_USER)
		config_as_user();
	if (o->f)
		fclose(o->f);
	unlink(o->tmp);
	if (o->flags & FILEIO_USER)
		config_as_okno();
	out_free(o);
}

enum status
fileio_commit(struct fileio_out *o, struct err *e)
{
	enum status ret = ST_OK;
	int ok, err = 0;

	if (!o)
		return err_set(e, ST_ERROR, "", "fileio_commit without a file");
	if (o->flags & FILEIO_USER)
		config_as_user();
	ok = fflush(o->f) == 0 && fsync(fileno(o->f)) == 0;
	if (!ok)
		err = errno;
	ok = fclose(o->f) == 0 && ok;
	if (!ok && !err)
		err = errno;
	o->f = NULL;
	if (!ok) {
		ret = err_set(e, err == ENOSPC ? ST_STORAGE : ST_ERROR, o->field,
			      "Не удалось записать %s: %s", o->path,
			      err == ENOSPC ? i18n_text("диск заполнен") : strerror(err));
		goto fail;
	}
	/* Checked again at the last moment: the name may have appeared (or
	 * the database moved there) while the file was written. */
	if ((ret = check_target(o->path, o->flags, o->field, e)) != ST_OK)
		goto fail;
	if (o->flags & FILEIO_FORCE) {
		if (rename(o->tmp, o->path) != 0)
			goto fail_errno;
	} else if (link(o->tmp, o->path) == 0) {
		unlink(o->tmp);
	} else if (errno == EEXIST) {
		ret = err_set(e, ST_CONFLICT, o->field, "Файл %s уже существует: выберите другое имя или замените его явно (--force)", o->path);
		goto fail;
	} else if (errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK ||
		   errno == EXDEV) {
		/* A file system without hard links (a FAT stick for the
		 * exchange): the name was checked free just above. */
		if (rename(o->tmp, o->path) != 0)
			goto fail_errno;
	} else {
		goto fail_errno;
	}
	sync_dir(o->path);
	goto out;
fail_errno:
	ret = err_set(e, ST_ERROR, o->field, "Не удалось записать %s: %s",
		      o->path, strerror(errno));
fail:
	unlink(o->tmp);
out:
	if (o->flags & FILEIO_USER)
		config_as_okno();
	out_free(o);
	return ret;
}

enum status
fileio_write(const char *path, const void *data, size_t n, int flags,
	     const char *field, struct err *e)
{
	struct fileio_out *o;
	enum status ret;

	if ((ret = fileio_open(path, flags, field, &o, e)) != ST_OK)
		return ret;
	if (n && fwrite(data, 1, n, o->f) != n) {
		int err = errno;

		fileio_abort(o);
		return err_set(e, err == ENOSPC ? ST_STORAGE : ST_ERROR,
			       field ? field : "", "Не удалось записать %s: %s",
			       path, err == ENOSPC ? i18n_text("диск заполнен")
						   : strerror(err));
	}
	return fileio_commit(o, e);
}

static int
open_read(const char *path, int flags)
{
	int fd;

	if (flags & FILEIO_USER)
		config_as_user();
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC |
			  ((flags & FILEIO_NOFOLLOW) ? O_NOFOLLOW : 0));
	if (flags & FILEIO_USER) {
		int err = errno;

		config_as_okno();
		errno = err;
	}
	return fd;
}

enum status
fileio_read(const char *path, size_t max, int flags, const char *field,
	    char **data, size_t *n, struct err *e)
{
	struct stat sb;
	char *buf;
	size_t got = 0;
	int fd;

	*data = NULL;
	*n = 0;
	if (!field)
		field = "";
	if (!path || !*path)
		return err_set(e, ST_USAGE, field, "Не указан файл");
	/* Never the open database: closing a descriptor of it would drop
	 * the engine's locks on it (POSIX record locks are per process). */
	if (is_protected(path))
		return err_set(e, ST_DENIED, field, "%s — файл базы данных okno: читать его как файл нельзя", path);
	if ((fd = open_read(path, flags)) < 0)
		return err_set(e, errno == ENOENT || errno == ELOOP ? ST_NOTFOUND
								   : ST_ERROR,
			       field, "Файл %s: %s", path,
			       errno == ELOOP ? i18n_text("символическая ссылка")
					      : strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(e, ST_NOTFOUND, field, "%s: не обычный файл",
			       path);
	}
	if ((unsigned long long)sb.st_size > max) {
		if (!(flags & FILEIO_UPTO)) {
			close(fd);
			return err_set(e, ST_INVALID, field, "Файл %s больше %zu байт", path, max);
		}
		sb.st_size = (off_t)max + 1;
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;

			close(fd);
			free(buf);
			return err_set(e, ST_ERROR, field, "Файл %s: %s", path,
				       strerror(err));
		}
		if (r == 0)
			break; /* shrank while read: what is there */
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*n = got;
	return ST_OK;
}

int
fileio_sha256(const char *path, int flags, char hex[65])
{
	char *data;
	size_t n;

	if (fileio_read(path, (size_t)1 << 30, flags, NULL, &data, &n, NULL) !=
	    ST_OK)
		return -1;
	chain_sha256_hex(data, n, hex);
	free(data);
	return 0;
}
