/* SPDX-License-Identifier: MIT */
/* Online backup, the checks of a copy, and atomic restore. */
#include "backup.h"
#include "account.h"
#include "db_sqlite.h"
#include "audit.h"
#include "chain.h"
#include "config.h"
#include "db.h"
#include "fileio.h"
#include "journal.h"
#include "progress.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* PostgreSQL's own tools (Debian's postgresql-client-15), never looked up
 * in PATH. */
#ifndef PG_BINDIR
#define PG_BINDIR "/usr/lib/postgresql/15/bin"
#endif

extern char **environ;

/* Where SQLite's unix VFS keeps the "dead man switch" lock in the -shm
 * file: every connection holds it shared while it has the file mapped
 * (UNIX_SHM_BASE 120 + SQLITE_SHM_NLOCK 8 in os_unix.c). */
#define SHM_DMS_OFFSET 128

/* fsync the folder holding path, so a rename in it survives a power cut. */
static int
sync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd, rc = -1;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}


/* A new empty owner-only file "<path>.<tag>-<pid>"; the caller frees. */
static char *
temp_beside(const char *path, const char *tag, struct err *e)
{
	char *tmp = xasprintf("%s.%s-%ld", path, tag, (long)getpid());
	int fd;

	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		err_set(e, ST_STORAGE, "", "Не удалось создать %s: %s", tmp,
			strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* The number a PRAGMA gives (0 when it gives none). */
static long long
pragma_ll(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Copy every page of src's main database into the file at dest (which
 * exists and is empty), as a rollback-journal database; p hears of the
 * bytes copied (phase). */
static enum status
copy_pages(sqlite3 *src, const char *dest, enum progress_phase phase,
	   struct progress *p, struct err *e)
{
	sqlite3 *d = NULL;
	sqlite3_backup *b;
	enum status ret = ST_OK;
	int rc, read_tx = 0;
	long long page, pages;

	if (sqlite3_open_v2(dest, &d, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		ret = err_set(e, ST_STORAGE, "", "Не удалось открыть %s: %s",
			      dest, sqlite3_errmsg(d));
		goto out;
	}
	sqlite3_busy_timeout(d, 15000);
	/* One read snapshot of the source for the whole copy: a read
	 * transaction held open across the steps (under WAL a reader never
	 * blocks a writer, so the windows keep accepting, and their commits
	 * are not in this snapshot, so the copy never restarts). The steps
	 * are chunks only so that p hears how far the copy is. */
	if (sqlite3_get_autocommit(src)) {
		if (sqlite3_exec(src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			ret = err_set(e, ST_STORAGE, "", "Резервное копирование: %s", sqlite3_errmsg(src));
			goto out;
		}
		read_tx = 1;
	}
	page = pragma_ll(src, "PRAGMA main.page_size");
	pages = pragma_ll(src, "PRAGMA main.page_count");
	if (!(b = sqlite3_backup_init(d, "main", src, "main"))) {
		ret = err_set(e, ST_STORAGE, "", "Резервное копирование: %s",
			      sqlite3_errmsg(d));
		goto out;
	}
	rc = progress_begin(p, phase, pages * page) ? SQLITE_ABORT : SQLITE_OK;
	while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		rc = sqlite3_backup_step(b, 128);
		if (rc == SQLITE_OK &&
		    progress_at(p, page * (sqlite3_backup_pagecount(b) -
					   sqlite3_backup_remaining(b))))
			rc = SQLITE_ABORT;
	}
	progress_end(p);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_ABORT && progress_stopped(p)) {
		ret = progress_cancelled(e);
		goto out;
	}
	if (rc != SQLITE_DONE) {
		int code = sqlite3_errcode(d);

		ret = err_set(e, ST_STORAGE, "", "Резервное копирование прервано: %s", code == SQLITE_FULL ?
			      "диск заполнен" : sqlite3_errstr(rc));
		goto out;
	}
	/* A copy is one self-contained file: no -wal beside it. */
	if (sqlite3_exec(d, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		ret = err_set(e, ST_STORAGE, "", "Резервная копия: %s",
			      sqlite3_errmsg(d));
out:
	if (read_tx)
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	if (d && sqlite3_close(d) != SQLITE_OK && ret == ST_OK)
		ret = err_set(e, ST_STORAGE, "", "Резервная копия: не удалось закрыть %s", dest);
	return ret;
}

static const char *
fault_ru(enum journal_fault f)
{
	switch (f) {
	case JF_CHANGED:
		return "строка изменена";
	case JF_MISSING:
		return "перед строкой удалены строки";
	case JF_INSERTED:
		return "строка вставлена задним числом";
	case JF_SEAL:
		return "журнал не продолжает опечатанное состояние";
	default:
		return "цепочка нарушена";
	}
}

/* SQLite's integrity_check of the copy: "ok" or ST_CORRUPT. */
static enum status
check_integrity(struct store *s, const char *path, struct progress *p,
		struct err *e)
{
	sqlite3_stmt *st;
	enum status ret = ST_OK;
	int rc;

	if (!(st = store_prepare(s, "PRAGMA integrity_check", e))) {
		ret = e->st == ST_STORAGE ? ST_CORRUPT : e->st;
		e->st = ret;
		return ret;
	}
	if (progress_begin(p, PROGRESS_INTEGRITY, 0)) {
		progress_end(p);
		ret = progress_cancelled(e);
		goto out;
	}
	if (p)
		db_progress(s, progress_tick, p);
	rc = sqlite3_step(st);
	db_progress(s, NULL, NULL);
	progress_end(p);
	if (progress_stopped(p)) {
		ret = progress_cancelled(e);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		ret = store_error(s, e, "integrity_check");
		if (ret == ST_STORAGE)
			ret = e->st = ST_CORRUPT;
		goto out;
	}
	if (strcmp(store_col_text(st, 0), "ok") != 0) {
		ret = err_set(e, ST_CORRUPT, "", "Копия %s повреждена (integrity_check): %s", path,
			      store_col_text(st, 0));
	}
out:
	sqlite3_finalize(st);
	return ret;
}

/* Every office's journal chain in the copy, counted into r (either
 * engine: a SQLite copy, or a dump restored into a scratch database). */
static enum status
check_journals(struct store *s, const struct actor *sys, const char *path,
	       struct progress *p, struct backup_report *r, struct err *e)
{
	struct db_stmt *st;
	enum status ret = ST_OK;
	int rc;

	if (!(st = db_prepare(s, "SELECT id, code FROM offices ORDER BY id",
			      e)))
		return e->st;
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct journal_verify v;
		struct err je = {0};
		char code[64];

		snprintf(code, sizeof code, "%s", db_col_text(st, 1));
		if (journal_verify(s, sys, db_col_int64(st, 0), 0, &v,
				   p, &je) != ST_OK) {
			if (progress_stopped(p)) {
				ret = progress_cancelled(e);
				goto out;
			}
			/* je may have been overwritten by the failed audit
			 * line of a read-only copy: say it from v. */
			ret = v.fault != JF_NONE
				? err_set(e, ST_CORRUPT, "", "Копия %s: журнал подразделения %s не проходит проверку: %s (строка %lld)", path,
					  code, fault_ru(v.fault), v.bad_seq)
				: err_set(e, ST_CORRUPT, "", "Копия %s: журнал подразделения %s: %s", path, code,
					  je.msg);
			goto out;
		}
		r->offices++;
		r->journal_lines += v.lines;
	}
	if (rc == DB_FAIL)
		ret = e->st;
out:
	db_finalize(st);
	return ret;
}

enum status
backup_check(const char *path, struct backup_report *out, struct progress *p,
	     struct err *e)
{
	/* The copy's own chains are read by whoever may read the file; the
	 * verifying "account" exists only in this process, and the copy is
	 * opened read-only, so nothing is ever written under its id. */
	struct actor sys = {.id = 1, .roles = ROLE_AUDITOR};
	struct backup_report r = {0};
	struct store *s = NULL;
	struct stat sb;
	sqlite3_stmt *st = NULL;
	enum status ret;

	snprintf(sys.login, sizeof sys.login, "backup-check");
	if (stat(path, &sb) != 0)
		return err_set(e, ST_NOTFOUND, "", "Файл %s не найден", path);
	r.bytes = sb.st_size;
	if ((ret = store_open(path, STORE_READONLY, &s, e)) != ST_OK)
		goto out;
	r.schema = store_schema_version(s);
	r.training = s->training;
	if (r.schema > store_schema_latest()) {
		ret = err_set(e, ST_CONFLICT, "", "Копия %s новее этой версии okno (схема %d, известно до %d)", path, r.schema,
			      store_schema_latest());
		goto out;
	}
	if (r.schema < 1) {
		ret = err_set(e, ST_CORRUPT, "", "%s: не база данных okno",
			      path);
		goto out;
	}
	if ((ret = check_integrity(s, path, p, e)) != ST_OK)
		goto out;
	if ((ret = audit_verify(s, p, e)) != ST_OK)
		goto out;
	if ((ret = check_journals(s, &sys, path, p, &r, e)) != ST_OK)
		goto out;
	if ((st = store_prepare(s, "SELECT count(*) FROM cases", e)) &&
	    sqlite3_step(st) == SQLITE_ROW)
		r.cases = sqlite3_column_int64(st, 0);
	ret = ST_OK;
out:
	sqlite3_finalize(st);
	store_close(s);
	if (out)
		*out = r;
	return ret;
}

/* What okno restore says of a database on a PostgreSQL server: a dump is
 * restored by the server's administrator with pg_restore into a new
 * database (README, "Backups on PostgreSQL"). */
static enum status
on_server(struct err *e)
{
	return err_set(e, ST_USAGE, "", "База данных на сервере PostgreSQL: okno restore заменяет только файл SQLite. Копию (okno backup, pg_dump -Fc) восстанавливает администратор сервера: pg_restore в новую пустую базу, затем okno journal verify и okno audit verify на ней (README, «Backups on PostgreSQL»)");
}

/* ---- PostgreSQL: the server's own tools ------------------------------ */

/* Run PG_BINDIR/tool with args (NULL-terminated) and the environment
 * okno has, stdin and stdout on /dev/null; its exit status (-1 when it
 * could not run), the start of what it said on stderr in msg. */
static int
run_tool(const char *tool, const char *const *args, char *msg, size_t n)
{
	posix_spawn_file_actions_t fa;
	char *argv[16], *path = xasprintf("%s/%s", PG_BINDIR, tool);
	int pipefd[2], status = 0, k = 0;
	size_t len = 0;
	ssize_t got;
	pid_t pid;

	msg[0] = '\0';
	argv[k++] = path;
	while (*args && k < 15)
		argv[k++] = (char *)*args++;
	argv[k] = NULL;
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		free(path);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	if (posix_spawn(&pid, path, &fa, NULL, argv, environ) != 0) {
		snprintf(msg, n, "%s: %s", path, strerror(errno));
		posix_spawn_file_actions_destroy(&fa);
		close(pipefd[0]);
		close(pipefd[1]);
		free(path);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	free(path);
	for (;;) {
		char sink[4096];
		char *to = len + 1 < n ? msg + len : sink;
		size_t room = len + 1 < n ? n - 1 - len : sizeof sink;

		if ((got = read(pipefd[0], to, room)) == 0)
			break;
		if (got < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (to != sink)
			len += (size_t)got;
	}
	msg[len] = '\0';
	/* one line for the message: the tool's first */
	msg[strcspn(msg, "\n")] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The password okno.conf gives for its database, for the tools and the
 * scratch database's connection: a password file of the libpq kind
 * ("*:*:*:*:password", owner-only, removed after), named by PGPASSFILE
 * while the backup runs. Never on a command line. */
struct pass_env {
	char path[64];
	char *old;      /* PGPASSFILE as it was */
	int set;
};

static enum status
pass_env_set(const char *uri, struct pass_env *pe, struct err *e)
{
	char *pw = NULL;
	struct strbuf b = {0};
	enum status ret;
	const char *c;
	int fd;

	memset(pe, 0, sizeof *pe);
	if ((ret = config_db_password(uri, &pw, e)) != ST_OK || !pw)
		return ret;
	sb_add(&b, "*:*:*:*:");
	for (c = pw; *c; c++) {
		if (*c == ':' || *c == '\\')
			sb_addc(&b, '\\');
		sb_addc(&b, *c);
	}
	sb_addc(&b, '\n');
	explicit_bzero(pw, strlen(pw));
	free(pw);
	snprintf(pe->path, sizeof pe->path, "/tmp/okno-pgpass-XXXXXX");
	if ((fd = mkstemp(pe->path)) < 0 ||
	    write(fd, b.s, b.len) != (ssize_t)b.len) {
		ret = err_set(e, ST_STORAGE, "", "Файл пароля для pg_dump: %s",
			      strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(pe->path);
		}
	} else {
		close(fd);
		if (getenv("PGPASSFILE"))
			pe->old = xstrdup(getenv("PGPASSFILE"));
		setenv("PGPASSFILE", pe->path, 1);
		pe->set = 1;
	}
	explicit_bzero(b.s, b.len);
	sb_free(&b);
	return ret;
}

static void
pass_env_end(struct pass_env *pe)
{
	if (!pe->set)
		return;
	unlink(pe->path);
	if (pe->old)
		setenv("PGPASSFILE", pe->old, 1);
	else
		unsetenv("PGPASSFILE");
	free(pe->old);
	pe->set = 0;
}

/* uri with its database replaced by db: "postgresql://AUTHORITY/db?..." */
static char *
uri_with_db(const char *uri, const char *db)
{
	const char *a = strstr(uri, "://"), *end, *q;

	if (!a)
		return NULL;
	a += 3;
	end = a + strcspn(a, "/?");
	q = strchr(end, '?');
	return xasprintf("%.*s/%s%s", (int)(end - uri), uri, db, q ? q : "");
}

/* A dump restored into a new scratch database of the same server (its
 * name unique to this process and moment), verified there as a SQLite
 * copy is (the audit log's chains, every office's journal), counted into
 * r, and the scratch database dropped whatever happened. The role needs
 * CREATEDB (the schema's owner). */
static enum status
check_dump(struct store *s, const char *dump, struct progress *p,
	   struct backup_report *r, struct err *e)
{
	struct actor sys = {.id = 1, .roles = ROLE_AUDITOR};
	struct store *copy = NULL;
	struct stat sb;
	char name[64], msg[600], *sql, *uri;
	const char *args[8];
	enum status ret;
	int rc;

	snprintf(sys.login, sizeof sys.login, "backup-check");
	memset(r, 0, sizeof *r);
	if (stat(dump, &sb) != 0)
		return err_set(e, ST_NOTFOUND, "", "Файл %s не найден", dump);
	r->bytes = sb.st_size;
	snprintf(name, sizeof name, "okno_check_%ld_%lld", (long)getpid(),
		 (long long)time(NULL));
	if (!(uri = uri_with_db(s->path, name)))
		return err_set(e, ST_USAGE, "", "Адрес базы данных не разобран: %s", s->path);
	sql = xasprintf("CREATE DATABASE %s", name);
	ret = db_script(s, sql, e);
	free(sql);
	if (ret != ST_OK) {
		free(uri);
		return err_set(e, ret, "", "Проверка копии: не удалось создать временную базу %s (нужна роль владельца схемы с правом CREATEDB): %s", name, e->msg);
	}
	if (progress_begin(p, PROGRESS_RESTORE_COPY, 0)) {
		ret = progress_cancelled(e);
		goto drop;
	}
	args[0] = "--exit-on-error";
	args[1] = "--no-password";
	args[2] = "-d";
	args[3] = uri;
	args[4] = dump;
	args[5] = NULL;
	rc = run_tool("pg_restore", args, msg, sizeof msg);
	progress_end(p);
	if (rc != 0) {
		ret = err_set(e, ST_CORRUPT, "", "Копия %s не восстанавливается (pg_restore, код %d): %s", dump, rc, msg);
		goto drop;
	}
	if ((ret = db_open(uri, DB_READONLY, &copy, e)) != ST_OK)
		goto drop;
	/* The URI's own parameters could name another database. */
	if (db_int(copy, 0, "SELECT CAST(current_database() = ? AS INTEGER)",
		   DB_TEXT(name)) != 1) {
		ret = err_set(e, ST_USAGE, "", "Адрес базы данных %s называет базу в параметрах: копию нельзя проверить во временной базе", s->path);
		goto drop;
	}
	r->schema = db_schema_version(copy);
	r->training = copy->training;
	if (r->schema < 1) {
		ret = err_set(e, ST_CORRUPT, "", "%s: не база данных okno", dump);
		goto drop;
	}
	if ((ret = audit_verify(copy, p, e)) != ST_OK) {
		if (ret == ST_CORRUPT)
			err_set(e, ST_CORRUPT, "", "Копия %s: %s", dump, e->msg);
		goto drop;
	}
	if ((ret = check_journals(copy, &sys, dump, p, r, e)) != ST_OK)
		goto drop;
	r->cases = db_int(copy, 0, "SELECT count(*) FROM cases");
drop:
	db_close(copy);
	sql = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
	(void)!db_script(s, sql, NULL);
	free(sql);
	free(uri);
	return ret;
}

enum status
backup_check_dump(struct store *s, const char *dump,
		  struct backup_report *out, struct progress *p, struct err *e)
{
	struct backup_report r;
	struct pass_env pe;
	enum status ret;

	if (db_engine(s) != DB_POSTGRES)
		return err_set(e, ST_USAGE, "", "Копию pg_dump проверяет сервер PostgreSQL: база данных okno должна быть на нём");
	if ((ret = pass_env_set(s->path, &pe, e)) != ST_OK)
		return ret;
	ret = check_dump(s, dump, p, &r, e);
	pass_env_end(&pe);
	if (out)
		*out = r;
	return ret;
}

/* okno backup on PostgreSQL: pg_dump -Fc (the server's own consistent
 * snapshot) into a new file beside dest, checked by check_dump, then put
 * in place (an existing dest only with force), and its audit line. */
static enum status
backup_pg(struct store *s, const struct actor *a, const char *dest,
	  int force, struct backup_report *out, struct progress *p,
	  struct err *e)
{
	struct backup_report r = {0};
	struct fileio_out *f;
	struct pass_env pe;
	char sha[CHAIN_HEX] = "", msg[600], *detail;
	const char *args[8];
	enum status ret;
	int rc;

	if ((ret = pass_env_set(s->path, &pe, e)) != ST_OK)
		return ret;
	if ((ret = fileio_open(dest, force ? FILEIO_FORCE : 0, "", &f, e)) !=
	    ST_OK) {
		pass_env_end(&pe);
		return ret;
	}
	if (progress_begin(p, PROGRESS_BACKUP_COPY, 0)) {
		progress_end(p);
		ret = progress_cancelled(e);
		goto fail;
	}
	args[0] = "-Fc";
	args[1] = "--no-password";
	args[2] = "-f";
	args[3] = fileio_temp_path(f);
	args[4] = "-d";
	args[5] = s->path;
	args[6] = NULL;
	rc = run_tool("pg_dump", args, msg, sizeof msg);
	progress_end(p);
	if (rc != 0) {
		ret = err_set(e, ST_STORAGE, "", "pg_dump не сделал копию (код %d): %s", rc, msg);
		goto fail;
	}
	if ((ret = check_dump(s, fileio_temp_path(f), p, &r, e)) != ST_OK)
		goto fail;
	fileio_sha256(fileio_temp_path(f), 0, sha);
	pass_env_end(&pe);
	if ((ret = fileio_commit(f, e)) != ST_OK)
		return ret;
	if (out)
		*out = r;
	detail = xasprintf("%s sha256 %s (pg_dump -Fc)", dest, sha);
	if ((ret = db_begin(s, DB_WRITE, e)) == ST_OK) {
		if ((ret = audit_log(s, a, "db.backup", "", detail, e)) ==
		    ST_OK)
			ret = db_commit(s, e);
		else
			db_rollback(s);
	}
	free(detail);
	return ret;
fail:
	fileio_abort(f);
	pass_env_end(&pe);
	return ret;
}

enum status
backup_make(struct store *s, const struct actor *a, const char *dest,
	    int force, struct backup_report *out, struct progress *p,
	    struct err *e)
{
	struct fileio_out *f;
	char sha[CHAIN_HEX] = "", *detail;
	enum status ret;

	if (!dest || !*dest)
		return err_set(e, ST_USAGE, "", "Укажите файл резервной копии");
	if (a && a->id > 0 && (ret = actor_require(a, PERM_BACKUP, e)) != ST_OK)
		return ret;
	if (db_engine(s) == DB_POSTGRES)
		return backup_pg(s, a, dest, force, out, p, e);
	/* A new file beside dest (never the database, never through a link;
	 * an existing copy is replaced only with force), written by SQLite
	 * through its name, checked, then put in place. */
	if ((ret = fileio_open(dest, force ? FILEIO_FORCE : 0, "", &f, e)) !=
	    ST_OK)
		return ret;
	if ((ret = copy_pages(s->db, fileio_temp_path(f), PROGRESS_BACKUP_COPY,
			      p, e)) != ST_OK ||
	    (ret = backup_check(fileio_temp_path(f), out, p, e)) != ST_OK) {
		fileio_abort(f);
		return ret;
	}
	fileio_sha256(fileio_temp_path(f), 0, sha);
	if ((ret = fileio_commit(f, e)) != ST_OK)
		return ret;
	/* Who took the copy, where, which bytes. */
	detail = xasprintf("%s sha256 %s", dest, sha);
	if ((ret = store_begin(s, e)) == ST_OK)
		ret = audit_commit(s, a, "db.backup", "", detail, e);
	free(detail);
	return ret;
}

long
backup_holder(const char *path)
{
	char *shm = xasprintf("%s-shm", path);
	struct flock fl = {0};
	long pid = 0;
	int fd = open(shm, O_RDWR);

	free(shm);
	if (fd < 0)
		return 0;
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = SHM_DMS_OFFSET;
	fl.l_len = 1;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		pid = fl.l_pid > 0 ? fl.l_pid : 1;
	close(fd);
	return pid;
}

/* Fold the old database's WAL into it when it still opens, so the file
 * kept as .before-restore is whole. Failure is fine: a broken database
 * is the usual reason for a restore; its WAL is then kept beside it. */
static void
checkpoint_old(const char *dbpath)
{
	sqlite3 *d = NULL;

	if (sqlite3_open_v2(dbpath, &d, SQLITE_OPEN_READWRITE, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(d, 2000);
		sqlite3_exec(d, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
			     NULL);
	}
	sqlite3_close(d);
}

/* The database a copy would replace, opened read-only: its mode, its
 * offices and the seals written down from it decide which copies may take
 * its place. NULL when it does not open (a broken database). */
static struct store *
open_current(const char *dbpath)
{
	struct store *cur = NULL;

	if (store_open(dbpath, STORE_READONLY, &cur, NULL) != ST_OK)
		return NULL;
	return cur;
}

/* A training copy never replaces an office's database, nor the other way
 * round. */
static enum status
same_mode(const struct store *cur, const struct backup_report *r,
	  const char *dbpath, struct err *e)
{
	if (cur->training == r->training)
		return ST_OK;
	return err_set(e, ST_CONFLICT, "", r->training
		       ? "Копия — учебная база (УЧЕБНЫЙ РЕЖИМ): она не может заменить базу подразделения %s"
		       : "Копия — база подразделения: она не может заменить учебную базу %s", dbpath);
}

/* The offices of a database, their codes in order, comma-separated. */
static char *
office_codes(struct store *s)
{
	char *codes = NULL;

	if (db_text(s, NULL, &codes, "", "SELECT COALESCE(group_concat(code, "
		    "','), '') FROM (SELECT code FROM offices ORDER BY code)") !=
	    ST_OK || !codes)
		return xstrdup("");
	return codes;
}

/* The copy is of the same offices as the database it would replace. */
static enum status
same_offices(struct store *cur, struct store *copy, struct err *e)
{
	char *a = office_codes(cur), *b = office_codes(copy);
	enum status ret = ST_OK;

	if (strcmp(a, b) != 0)
		ret = err_set(e, ST_CONFLICT, "", "Копия другого подразделения: в копии «%s», в базе «%s»", b, a);
	free(a);
	free(b);
	return ret;
}

struct seal_walk {
	struct store *copy;
	const struct actor *sys;
	struct progress *p;
	enum status ret;
	struct err *e;
};

/* One journal seal written down from the database (its audit line
 * "journal.seal"): the copy's journal of that office must still hold it. */
static enum status
check_journal_seal(struct db_stmt *row, void *arg, struct err *e)
{
	struct seal_walk *w = arg;
	struct journal_verify v;
	struct err je = {0};
	int64_t office = 0;

	(void)e;
	if (db_int64(w->copy, NULL, &office, 0, "SELECT id FROM offices WHERE "
		     "code = ?", DB_TEXT(db_col_text(row, 0))) != ST_OK ||
	    !office ||
	    journal_verify_against(w->copy, w->sys, office,
				   db_col_text(row, 1), &v, w->p, &je) != ST_OK) {
		if (progress_stopped(w->p)) {
			w->ret = progress_cancelled(w->e);
			return ST_CANCELLED;
		}
		w->ret = err_set(w->e, ST_CONFLICT, "", "Копия старше печати журнала подразделения %s, записанной %s (%s): в ней нет опечатанных строк",
				 db_col_text(row, 0), db_col_text(row, 2),
				 db_col_text(row, 1));
		return ST_CONFLICT;
	}
	return ST_OK;
}

/* Seals written down from the database: the last one of the audit log
 * and of each office's journal. A copy that does not hold them is older
 * than what was sealed on paper: restoring it would lose sealed lines. */
static enum status
holds_seals(struct store *cur, struct store *copy, struct progress *p,
	    struct err *e)
{
	struct actor sys = {.id = 1, .roles = ROLE_AUDITOR | ROLE_OPERATOR};
	struct seal_walk w = {copy, &sys, p, ST_OK, e};
	char seal[AUDIT_SEAL_MAX], at[STAMP_SIZE];
	struct err ae = {0};
	enum status ret;

	snprintf(sys.login, sizeof sys.login, "restore-check");
	if (audit_last_seal(cur, seal, at, NULL) == ST_OK) {
		ret = audit_verify_seal(copy, seal, p, &ae);
		if (ret != ST_OK)
			return progress_stopped(p)
				? progress_cancelled(e)
				: err_set(e, ST_CONFLICT, "", "Копия старше печати журнала аудита, записанной %s (%s): %s", at, seal, ae.msg);
	}
	ret = db_each(cur, e, check_journal_seal, &w,
		      "SELECT o.code, a.detail, a.at FROM audit a JOIN offices o "
		      "ON a.object = 'office:' || o.id WHERE a.id IN (SELECT "
		      "max(id) FROM audit WHERE action = 'journal.seal' GROUP BY "
		      "object)");
	return w.ret != ST_OK ? w.ret : ret;
}

/* Copy the file at src into the open file fd, reading it with the user's
 * rights when user; p hears of the bytes copied. */
static enum status
copy_in(const char *src, int user, int fd, struct progress *p, struct err *e)
{
	char buf[65536];
	struct stat sb;
	long long done = 0;
	ssize_t r;
	int in;

	if (user)
		config_as_user();
	in = open(src, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (user) {
		int err = errno;

		config_as_okno();
		errno = err;
	}
	if (in < 0)
		return err_set(e, errno == ENOENT ? ST_NOTFOUND : ST_ERROR, "",
			       "Копия %s: %s", src, strerror(errno));
	if (progress_begin(p, PROGRESS_RESTORE_COPY,
			   fstat(in, &sb) == 0 ? (long long)sb.st_size : 0))
		goto cancelled;
	while ((r = read(in, buf, sizeof buf)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || write(fd, buf, (size_t)r) != r) {
			int err = errno;

			progress_end(p);
			close(in);
			return err_set(e, err == ENOSPC ? ST_STORAGE : ST_ERROR,
				       "", "Копия %s: %s", src, strerror(err));
		}
		if (progress_at(p, done += r))
			goto cancelled;
	}
	progress_end(p);
	close(in);
	return ST_OK;
cancelled:
	progress_end(p);
	close(in);
	return progress_cancelled(e);
}

/* Copy the backup into tmp (a new file beside the database), synced,
 * with the group and mode of the database it replaces (0660 for the
 * group okno when installed setgid) when there is one (old). */
static enum status
copy_to_temp(const struct restore_req *rq, const char *tmp,
	     const struct stat *old, struct progress *p, struct err *e)
{
	enum status ret;
	int fd;

	if ((fd = open(tmp, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return err_set(e, ST_STORAGE, "", "%s: %s", tmp, strerror(errno));
	ret = copy_in(rq->src, rq->src_user, fd, p, e);
	if (ret == ST_OK && fsync(fd) != 0)
		ret = err_set(e, ST_STORAGE, "", "%s: fsync: %s", tmp,
			      strerror(errno));
	if (ret == ST_OK && old &&
	    ((old->st_gid != getegid() && fchown(fd, (uid_t)-1, old->st_gid)) ||
	     fchmod(fd, old->st_mode & 0660) != 0))
		ret = err_set(e, ST_STORAGE, "", "%s: права прежней базы: %s",
			      tmp, strerror(errno));
	close(fd);
	return ret;
}

/* The copy at tmp against the office's own database: the same mode and
 * offices, and every seal written down from it. */
static enum status
check_copy(struct store *cur, const struct backup_report *r,
	   const char *dbpath, const char *tmp, struct progress *p,
	   struct err *e)
{
	struct store *copy = NULL;
	enum status ret;

	if ((ret = same_mode(cur, r, dbpath, e)) != ST_OK)
		return ret;
	if ((ret = store_open(tmp, STORE_READONLY, &copy, e)) == ST_OK &&
	    (ret = same_offices(cur, copy, e)) == ST_OK)
		ret = holds_seals(cur, copy, p, e);
	store_close(copy);
	return ret;
}

/* The restore's audit line in the restored database: by the
 * administrator's account as that database knows it, else by the Unix
 * user who restored (root when not known). */
static enum status
record_restore(struct store *s, const struct restore_req *rq,
	       const char *sha, struct err *e)
{
	char *detail = xasprintf("%s sha256 %s", rq->src, sha);
	struct actor who;
	enum status ret;

	memset(&who, 0, sizeof who);
	if (rq->a) {
		if (account_actor(s, rq->a->login, rq->a->origin, &who,
				  NULL) != ST_OK) {
			who = *rq->a;
			who.id = 0;
		}
	} else {
		snprintf(who.login, sizeof who.login, "%s",
			 rq->unix_user ? rq->unix_user : "root");
		snprintf(who.origin, sizeof who.origin, "%s",
			 rq->origin ? rq->origin : "");
	}
	if ((ret = store_begin(s, e)) == ST_OK)
		ret = audit_commit(s, &who, "db.restore", "", detail, e);
	free(detail);
	return ret;
}

enum status
backup_restore(const struct restore_req *rq, struct backup_report *out,
	       struct progress *p, struct err *e)
{
	struct backup_report r = {0};
	struct store *s = NULL, *cur;
	char *tmp = NULL, *keep = NULL, *wal = NULL, *keep_wal = NULL,
	     *shm = NULL, sha[CHAIN_HEX] = "";
	const char *dbpath = rq->dbpath;
	struct stat sb, old;
	enum status ret;
	int have_old;

	if (db_name_is_uri(dbpath))
		return on_server(e);
	have_old = stat(dbpath, &old) == 0;
	/* The office's own database decides: its administrator restores,
	 * from a copy of the same mode and offices holding every seal
	 * written down from it. */
	cur = have_old ? open_current(dbpath) : NULL;
	if (cur && (ret = actor_require(rq->a, PERM_ACCOUNTS, e)) != ST_OK) {
		err_set(e, ST_DENIED, "", "Восстановление базы данных — только под учётной записью администратора подразделения");
		goto out;
	}
	if (!(tmp = temp_beside(dbpath, "restore", e))) {
		ret = ST_STORAGE;
		goto out;
	}
	ret = copy_to_temp(rq, tmp, have_old ? &old : NULL, p, e);
	if (ret != ST_OK)
		goto fail;
	fileio_sha256(tmp, 0, sha);
	if ((ret = backup_check(tmp, &r, p, e)) != ST_OK)
		goto fail;
	if (cur) {
		if ((ret = check_copy(cur, &r, dbpath, tmp, p, e)) != ST_OK)
			goto fail;
		store_close(cur);
		cur = NULL;
	}
	if (have_old && (r.holders = backup_holder(dbpath)) && !rq->force) {
		ret = err_set(e, ST_CONFLICT, "", "База данных %s открыта другим процессом (PID %ld): закройте окна (киоски) и повторите, или --force", dbpath,
			      r.holders);
		goto fail;
	}
	wal = xasprintf("%s-wal", dbpath);
	shm = xasprintf("%s-shm", dbpath);
	if (have_old) {
		keep = xasprintf("%s.before-restore", dbpath);
		keep_wal = xasprintf("%s.before-restore-wal", dbpath);
		checkpoint_old(dbpath);
		unlink(keep);
		if (link(dbpath, keep) != 0) {
			ret = err_set(e, ST_STORAGE, "", "Не удалось сохранить прежнюю базу как %s: %s", keep,
				      strerror(errno));
			goto fail;
		}
	}
	/* An old WAL left beside the new file would be replayed into it. */
	if (stat(wal, &sb) == 0) {
		if (sb.st_size > 0 && keep_wal)
			rename(wal, keep_wal);
		else
			unlink(wal);
	}
	unlink(shm);
	if (rename(tmp, dbpath) != 0) {
		ret = err_set(e, ST_STORAGE, "", "Не удалось заменить %s: %s",
			      dbpath, strerror(errno));
		goto fail;
	}
	sync_dir_of(dbpath);
	/* Opening switches the file back to WAL; the restore is recorded in
	 * the restored database's own audit chain, by the administrator. */
	if ((ret = store_open(dbpath, 0, &s, e)) != ST_OK)
		goto out;
	ret = record_restore(s, rq, sha, e);
	goto out;
fail:
	unlink(tmp);
out:
	store_close(cur);
	store_close(s);
	free(tmp);
	free(keep);
	free(keep_wal);
	free(wal);
	free(shm);
	if (out)
		*out = r;
	return ret;
}
