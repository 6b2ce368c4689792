/* SPDX-License-Identifier: MIT */
/* okno backup / okno restore: online copies of the database and their
 * atomic restore. No login: the database file's permissions are the
 * authority (whoever can read it can copy it), and the job runs from cron
 * as the service account. */
#include "cmds.h"
#include "backup.h"
#include "config.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char usage_backup[] =
	"Usage: okno backup [--force] FILE\n"
	"       okno backup --check FILE\n"
	"\n"
	"Copies the database into FILE (mode 0600) while the windows keep\n"
	"working: one consistent snapshot through SQLite's online backup API,\n"
	"written to a new temporary file beside FILE, fsynced, checked\n"
	"(integrity, every office's journal chain, the audit chain) and only\n"
	"then put in place. An existing FILE is replaced only with --force;\n"
	"never the database, never through a link. Installed setgid, FILE is a\n"
	"name in okno.conf's backup_dir. --check only checks an existing copy.\n"
	"Exit 0 when done, 1 when the copy fails a check or cannot be written.\n"
	"Nightly, from the service account's crontab:\n"
	"  30 1 * * * okno --db /var/lib/okno/okno.db backup --force "
	"/var/backups/okno/okno-$(date +\\%u).db\n";

const char usage_restore[] =
	"Usage: okno restore [--force] FILE\n"
	"\n"
	"Replaces the database with the copy in FILE after checking it\n"
	"(integrity, journal chains, audit chain); a copy that fails is\n"
	"refused and nothing changes. The replacement is atomic (temporary\n"
	"file, fsync, rename); the old database is kept as DB.before-restore.\n"
	"Refused while another process (a kiosk) holds the database open,\n"
	"unless --force: stop the windows first.\n";

static void
report(const char *what, const char *file, const struct backup_report *r)
{
	printf("%s %s: %lld байт, схема %d, дел %lld, подразделений %lld, "
	       "строк журнала %lld; целостность, цепочки журнала и аудита в "
	       "порядке\n", what, file, r->bytes, r->schema, r->cases,
	       r->offices, r->journal_lines);
}

/* Installed setgid, copies live in okno.conf's backup_dir only, named
 * by their file name: a window's account gets no copy of the database
 * into a folder of its own. Otherwise the path as given. NULL (message
 * printed) when refused; the caller frees. */
static char *
copy_path(const char *name)
{
	const char *dir = config_get()->backup_dir;

	if (!config_privileged())
		return xstrdup(name);
	if (!dir[0]) {
		fprintf(stderr, "okno: not allowed for this account: в %s не "
				"задан backup_dir\n", CONFIG_PATH);
		return NULL;
	}
	if (strchr(name, '/') || name[0] == '.' || !name[0]) {
		fprintf(stderr, "okno: not allowed for this account: копии "
				"хранятся только в %s: укажите имя файла без "
				"папки\n", dir);
		return NULL;
	}
	return xasprintf("%s/%s", dir, name);
}

int
cmd_backup(struct session *c, int argc, char **argv)
{
	struct backup_report r;
	struct err e = {0};
	char *path;
	int code, force = 0, i = 1;

	if (argc == 3 && strcmp(argv[1], "--check") == 0) {
		if (!(path = copy_path(argv[2])))
			return status_exit_code(ST_DENIED);
		code = backup_check(path, &r, cli_progress(), &e) == ST_OK
			       ? 0
			       : cli_fail(&e);
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
	if ((code = cli_ready(c)) != 0)
		return code;
	if (!(path = copy_path(argv[i])))
		return status_exit_code(ST_DENIED);
	if (backup_make(c->store, path, force, &r, cli_progress(),
			&e) != ST_OK) {
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
	struct backup_report r;
	struct err e = {0};
	int force = 0, i = 1;

	if (argc == 3 && strcmp(argv[1], "--force") == 0) {
		force = 1;
		i = 2;
	}
	if (argc != i + 1 || argv[i][0] == '-')
		return cli_usage("restore", "expected [--force] FILE");
	/* The database is not opened here: a kiosk-like open would hold the
	 * very lock that tells us someone else has it. */
	if (backup_restore(argv[i], c->db_path, force, &r, cli_progress(), &e) !=
	    ST_OK)
		return cli_fail(&e);
	if (r.holders)
		fprintf(stderr, "okno: внимание: база данных была открыта "
			"процессом %ld (--force); перезапустите его\n",
			r.holders);
	report("Восстановлено из", argv[i], &r);
	if (access(c->db_path, F_OK) == 0)
		printf("Прежняя база сохранена как %s.before-restore\n",
		       c->db_path);
	return 0;
}
