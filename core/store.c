/* SPDX-License-Identifier: MIT */
/* The open database: a file created and checked, what every open does
 * once its schema is current, write transactions. */
#include "store.h"
#include "db.h"
#include "db_sqlite.h"
#include "chain.h"
#include "clock.h"
#include "config.h"
#include "fileio.h"
#include "schema.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
store_schema_latest(void)
{
	return schema_migrations[schema_migration_count - 1].version;
}

enum status
store_begin(struct store *s, struct err *e)
{
	return db_begin(s, DB_WRITE, e);
}

enum status
store_commit(struct store *s, struct err *e)
{
	return db_commit(s, e);
}

void
store_rollback(struct store *s)
{
	db_rollback(s);
}

const char *
store_genesis(const struct store *s)
{
	return chain_genesis_of(s && s->training);
}

enum status
store_after_open(struct store *s, int readonly, struct err *e)
{
	char *zone = NULL;
	enum status ret;

	/* The mode: 1 training, 0 an office's (also for a copy older than
	 * the mode, opened read-only). */
	s->training = db_int(s, 0, "SELECT training FROM database_mode "
			     "WHERE id = 1") == 1;
	if (readonly)
		return ST_OK;
	clock_set_training(s->training);
	/* The office's zone (or the default) applied to the process. */
	if ((ret = db_text(s, e, &zone, CLOCK_DEFAULT_ZONE, "SELECT value "
			   "FROM settings WHERE key = ?",
			   DB_TEXT(SET_TIMEZONE))) != ST_OK)
		return ret;
	ret = clock_set_zone(zone, e);
	free(zone);
	return ret;
}

enum status
store_set_zone(struct store *s, const char *zone, struct err *e)
{
	enum status ret;

	if ((ret = clock_set_zone(zone, e)) != ST_OK)
		return ret;
	return db_exec(s, e, "INSERT INTO settings(key, value) VALUES (?, ?) "
		       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
		       DB_TEXT(SET_TIMEZONE), DB_TEXT(zone));
}

/* The group okno (OKNO_GROUP_NAME): the group of the installed setgid
 * binary, which alone may share the database with okno. 1 and *gid when
 * it exists. */
int
store_okno_group(gid_t *gid)
{
	struct group *g;

	if (config_privileged()) {
		*gid = getegid();
		return 1;
	}
	if (!(g = getgrnam(OKNO_GROUP_NAME)))
		return 0;
	*gid = g->gr_gid;
	return 1;
}

/* path itself (not a link): not writable by others, by its group only
 * when that is okno's group. */
static enum status
check_one(const char *path, const struct stat *sb, const char *what,
	  struct err *e)
{
	gid_t gid = 0;

	if (sb->st_mode & S_IWOTH)
		return err_set(e, ST_ERROR, "", "%s %s: запись разрешена всем пользователям (права %04o), okno не будет с этим работать. Исправьте: chmod o-w %s", what,
				path, (unsigned)(sb->st_mode & 07777), path);
	if (!(sb->st_mode & S_IWGRP))
		return ST_OK;
	if (store_okno_group(&gid) && gid == sb->st_gid)
		return ST_OK;
	return err_set(e, ST_ERROR, "", "%s %s: запись разрешена группе (права %04o), а не только группе " OKNO_GROUP_NAME
			", okno не будет с этим работать. Исправьте: chmod g-w %s", what, path, (unsigned)(sb->st_mode & 07777),
			path);
}

/* The folder holding path: whoever may write it may put another file (or
 * a link) in path's place. Others only with the sticky bit (/tmp). */
static enum status
check_parent(const char *path, const char *what, struct err *e)
{
	char *copy = xstrdup(path), *dir = dirname(copy);
	struct stat sb;
	enum status ret = ST_OK;
	gid_t gid = 0;

	if (stat(dir, &sb) == 0 &&
	    (((sb.st_mode & S_IWOTH) && !(sb.st_mode & S_ISVTX)) ||
	     ((sb.st_mode & S_IWGRP) && !(sb.st_mode & S_ISVTX) &&
	      !(store_okno_group(&gid) && gid == sb.st_gid))))
		ret = err_set(e, ST_ERROR, "", "%s %s: папка %s открыта на запись другим пользователям (права %04o): файл в ней можно подменить. Исправьте: chmod go-w %s", what, path, dir,
			      (unsigned)(sb.st_mode & 07777), dir);
	free(copy);
	return ret;
}

/* path as okno will open it: a link is judged by the folder it sits in
 * (who may redirect it) and by what it points to. */
static enum status
check_path(const char *path, const char *what, struct err *e)
{
	struct stat sb;
	enum status ret;
	char *target;

	if (lstat(path, &sb) != 0)
		return ST_OK;
	if ((ret = check_parent(path, what, e)) != ST_OK)
		return ret;
	if (!S_ISLNK(sb.st_mode))
		return check_one(path, &sb, what, e);
	if (sb.st_uid != 0 && sb.st_uid != geteuid())
		return err_set(e, ST_ERROR, "", "%s %s: символическая ссылка другого пользователя (uid %u), okno не будет с этим работать", what, path,
			       (unsigned)sb.st_uid);
	if (!(target = realpath(path, NULL)) || stat(target, &sb) != 0) {
		free(target);
		return err_set(e, ST_ERROR, "", "%s %s: ссылка никуда не ведёт", what, path);
	}
	ret = check_parent(target, what, e);
	if (ret == ST_OK)
		ret = check_one(target, &sb, what, e);
	free(target);
	return ret;
}

enum status
store_check_private(const char *path, const char *what, int recurse,
		    struct err *e)
{
	struct dirent *de;
	enum status st;
	struct stat sb;
	DIR *d;

	if ((st = check_path(path, what, e)) != ST_OK || !recurse ||
	    stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return st;
	if (!(d = opendir(path)))
		return ST_OK;
	while (st == ST_OK && (de = readdir(d))) {
		char *sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		st = store_check_private(sub, what, recurse - 1, e);
		free(sub);
	}
	closedir(d);
	return st;
}

enum status
store_open(const char *path, int flags, struct store **out, struct err *e)
{
	struct store *s;
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	enum status st;

	*out = NULL;
	if (!exists && !(flags & STORE_CREATE))
		return err_set(e, ST_NOTFOUND, "",
			       "База данных %s не найдена (создайте её: okno init)", path);
	if (!exists) {
		/* Create the file ourselves so it is born owner-only, or,
		 * installed setgid, for okno's group alone. SQLite gives
		 * its -wal and -shm files the mode of the database file. */
		gid_t gid = 0;
		int shared = config_privileged() && store_okno_group(&gid);
		int fd;

		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
					O_CLOEXEC, shared ? 0660 : 0600);
		if (fd < 0)
			return err_set(e, ST_STORAGE, "",
				       "Не удалось создать %s: %s", path,
				       strerror(errno));
		if (shared && (fchown(fd, (uid_t)-1, gid) != 0 ||
			       fchmod(fd, 0660) != 0)) {
			int err = errno;

			close(fd);
			unlink(path);
			return err_set(e, ST_STORAGE, "",
				       "Не удалось передать %s группе "
				       OKNO_GROUP_NAME ": %s", path,
				       strerror(err));
		}
		close(fd);
	} else if ((st = store_check_private(path, "База данных", 0, e)) !=
		   ST_OK) {
		return st;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	if ((st = db_sqlite_open(s, flags, !exists, e)) != ST_OK) {
		store_close(s);
		return st;
	}
	fileio_protect(path);
	if ((st = store_after_open(s, flags & STORE_READONLY, e)) != ST_OK) {
		store_close(s);
		return st;
	}
	*out = s;
	return ST_OK;
}

void
store_close(struct store *s)
{
	if (!s)
		return;
	if (s->conn) {
		db_close(s);
		return;
	}
	db_sqlite_close(s);
	free(s->path);
	free(s);
}
