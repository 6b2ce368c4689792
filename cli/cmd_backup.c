/* SPDX-License-Identifier: MIT */
/* okno backup / okno restore: online copies of the database and their
 * atomic restore, each by an account (or root of the office server) and
 * audited. */
#include "cmds.h"
#include "backup.h"
#include "config.h"
#include "db.h"
#include "fileio.h"
#include "session.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

const char usage_backup[] =
	"Usage: okno [--as LOGIN] backup [--force] FILE\n"
	"       okno backup --check FILE\n"
	"\n"
	"Copies the database into FILE (mode 0600) while the windows keep\n"
	"working: one consistent snapshot through SQLite's online backup API,\n"
	"written to a new temporary file beside FILE, fsynced, checked\n"
	"(integrity, every office's journal chain, the audit chains) and only\n"
	"then put in place. An existing FILE is replaced only with --force;\n"
	"never the database, never through a link. The copy is made by an\n"
	"administrator or the journal operator (--as), or by root of the\n"
	"office server without --as; the audit line db.backup names who, the\n"
	"file and its SHA-256. Installed setgid, FILE is a name in okno.conf's\n"
	"backup_dir (or a path in it). --check only checks an existing copy.\n"
	"Exit 0 when done, 1 when the copy fails a check or cannot be written.\n"
	"A database on a PostgreSQL server is refused (exit 2): its copies are\n"
	"pg_dump's (see README, \"Backups on PostgreSQL\").\n"
	"Nightly, from root's crontab:\n"
	"  30 1 * * * okno --db /var/lib/okno/okno.db backup --force "
	"/var/backups/okno/okno-$(date +\\%u).db\n";

const char usage_restore[] =
	"Usage: okno --as ADMIN restore [--force] FILE\n"
	"\n"
	"Replaces the database with the copy in FILE after checking it\n"
	"(integrity, journal chains, audit chain). Only the office's\n"
	"administrator restores, and only a copy of the same offices and mode\n"
	"(a training copy never replaces an office's database) that holds the\n"
	"last seals written down from the database (okno audit seal, okno\n"
	"journal seal): an older copy would lose sealed lines. A refused copy\n"
	"changes nothing. The replacement is atomic (temporary file, fsync,\n"
	"rename) and keeps the database file's group and mode; the old one is\n"
	"kept as DB.before-restore; the audit line db.restore names the\n"
	"administrator and the copy's SHA-256. Refused while another process\n"
	"(a kiosk) holds the database open, unless --force: stop the windows\n"
	"first. A database that no longer opens may be restored by root\n"
	"without a login.\n";

static void
report(const char *what, const char *file, const struct backup_report *r)
{
	printf("%s %s: %lld байт, схема %d, дел %lld, подразделений %lld, строк журнала %lld; целостность, цепочки журнала и аудита в порядке\n", what, file, r->bytes, r->schema, r->cases,
	       r->offices, r->journal_lines);
}

/* 1 when path names a file in okno.conf's backup_dir. */
static int
in_backup_dir(const char *path)
{
	const char *dir = config_get()->backup_dir;
	char *copy, *d;
	struct stat a, b;
	int same;

	if (!dir[0])
		return 0;
	copy = xstrdup(path);
	d = dirname(copy);
	same = stat(d, &a) == 0 && stat(dir, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
	free(copy);
	return same;
}

/* Installed setgid, copies live in okno.conf's backup_dir only, named by
 * their file name (or a path in that folder): a window's account gets no
 * copy of the database into a folder of its own. Otherwise the path as
 * given. NULL (message printed) when refused; the caller frees. */
static char *
copy_path(const char *name)
{
	const char *dir = config_get()->backup_dir;

	if (!config_privileged())
		return xstrdup(name);
	if (!dir[0]) {
		fprintf(stderr, "okno: not allowed for this account: в %s не задан backup_dir\n", CONFIG_PATH);
		return NULL;
	}
	if (strchr(name, '/'))
		return in_backup_dir(name) ? xstrdup(name) : NULL;
	if (name[0] == '.' || !name[0])
		return NULL;
	return xasprintf("%s/%s", dir, name);
}

/* Who acts on the whole database: the --as account after its password,
 * or, without --as, root of the office server (its nightly job) by its
 * Unix account. 0, or an exit code (message printed). */
static int
who_copies(struct session *c, struct actor *root)
{
	memset(root, 0, sizeof *root);
	if (c->as_login && *c->as_login)
		return cli_login(c, 0);
	if (getuid() == 0) {
		snprintf(root->login, sizeof root->login, "unix:%s",
			 session_unix_user() ? session_unix_user() : "root");
		snprintf(root->origin, sizeof root->origin, "%s",
			 session_origin("cli"));
		return cli_open(c, 0);
	}
	fprintf(stderr, "okno: not allowed for this account: резервное копирование и восстановление — под учётной записью (--as ЛОГИН)\n");
	return status_exit_code(ST_DENIED);
}

int
cmd_backup(struct session *c, int argc, char **argv)
{
	struct backup_report r;
	struct actor root;
	struct err e = {0};
	char *path;
	int code, force = 0, i = 1;

	if (argc == 3 && strcmp(argv[1], "--check") == 0) {
		if (!(path = copy_path(argv[2]))) {
			fprintf(stderr, "okno: not allowed for this account: копии хранятся только в %s\n",
				config_get()->backup_dir);
			return status_exit_code(ST_DENIED);
		}
		/* A pg_dump of a database on a server is checked by that
		 * server: restored into a scratch database there. */
		if (db_name_is_uri(c->db_path)) {
			if ((code = cli_open(c, 0)) != 0) {
				free(path);
				return code;
			}
			code = backup_check_dump(c->store, path, &r,
						 cli_progress(), &e) == ST_OK
				       ? 0
				       : cli_fail(&e);
		} else {
			code = backup_check(path, &r, cli_progress(), &e) ==
					       ST_OK
				       ? 0
				       : cli_fail(&e);
		}
		if (!code)
			report("Копия", path, &r);
		free(path);
		return code;
	}
	if (argc == 3 && strcmp(argv[1], "--force") == 0) {
		force = 1;
		i = 2;
	}
	if (argc != i + 1 || argv[i][0] == '-')
		return cli_usage("backup", "expected [--force] FILE");
	if (!(path = copy_path(argv[i]))) {
		fprintf(stderr, "okno: not allowed for this account: копии хранятся только в %s: укажите имя файла\n",
			config_get()->backup_dir);
		return status_exit_code(ST_DENIED);
	}
	/* Refused before anything is done (the login included): the
	 * database itself, a file there without --force. */
	if (fileio_check(path, force ? FILEIO_FORCE : 0, "", &e) != ST_OK) {
		free(path);
		return cli_fail(&e);
	}
	if ((code = who_copies(c, &root)) != 0) {
		free(path);
		return code;
	}
	if (backup_make(c->store, c->have_actor ? &c->actor : &root, path,
			force, &r, cli_progress(), &e) != ST_OK) {
		free(path);
		return cli_fail(&e);
	}
	report("Резервная копия", path, &r);
	free(path);
	return 0;
}

int
cmd_restore(struct session *c, int argc, char **argv)
{
	struct restore_req rq = {0};
	struct backup_report r;
	struct err e = {0};
	char *path;
	int force = 0, i = 1, code;

	if (argc == 3 && strcmp(argv[1], "--force") == 0) {
		force = 1;
		i = 2;
	}
	if (argc != i + 1 || argv[i][0] == '-')
		return cli_usage("restore", "expected [--force] FILE");
	/* Nothing to log in for: core refuses a database on a server. */
	if (db_name_is_uri(c->db_path)) {
		rq.dbpath = c->db_path;
		return backup_restore(&rq, &r, NULL, &e) == ST_OK ? 0
								   : cli_fail(&e);
	}
	/* A copy in okno's backup folder is read as okno; any other file
	 * with the user's own rights. */
	rq.src_user = !(config_privileged() &&
			(in_backup_dir(argv[i]) || !strchr(argv[i], '/')));
	path = rq.src_user ? xstrdup(argv[i]) : copy_path(argv[i]);
	if (!path)
		return status_exit_code(ST_DENIED);
	/* The administrator logs in on the database the copy would replace;
	 * only when it no longer opens may root restore without a login. */
	if (fileio_exists(c->db_path) && session_open(c, 0, &e) == ST_OK) {
		if (!c->as_login || !*c->as_login) {
			free(path);
			fprintf(stderr, "okno: not allowed for this account: восстановление базы данных — только под учётной записью администратора (--as ЛОГИН)\n");
			return status_exit_code(ST_DENIED);
		}
		if ((code = cli_login(c, 0)) != 0) {
			free(path);
			return code;
		}
		rq.a = &c->actor;
	} else if (getuid() != 0) {
		free(path);
		fprintf(stderr, "okno: not allowed for this account: база данных %s не открывается: восстановить её без входа может только root\n", c->db_path);
		return status_exit_code(ST_DENIED);
	}
	/* Our own connection goes before the file is replaced under it. */
	session_close(c);
	rq.src = path;
	rq.dbpath = c->db_path;
	rq.force = force;
	rq.unix_user = session_unix_user();
	rq.origin = session_origin("cli");
	if (backup_restore(&rq, &r, cli_progress(), &e) != ST_OK) {
		free(path);
		return cli_fail(&e);
	}
	if (r.holders)
		fprintf(stderr, "okno: внимание: база данных была открыта процессом %ld (--force); перезапустите его\n",
			r.holders);
	report("Восстановлено из", path, &r);
	free(path);
	if (access(c->db_path, F_OK) == 0)
		printf("Прежняя база сохранена как %s.before-restore\n",
		       c->db_path);
	return 0;
}
