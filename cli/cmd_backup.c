/* SPDX-License-Identifier: MIT */
/* okno backup / okno restore: online copies of the database and their
 * atomic restore. No login: the database file's permissions are the
 * authority (whoever can read it can copy it), and the job runs from cron
 * as the service account. */
#include "cmds.h"
#include "backup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char usage_backup[] =
	"Usage: okno backup FILE\n"
	"       okno backup --check FILE\n"
	"\n"
	"Copies the database into FILE (mode 0600) while the windows keep\n"
	"working: one consistent snapshot through SQLite's online backup API,\n"
	"written to FILE.tmp-PID, fsynced, checked (integrity, every office's\n"
	"journal chain, the audit chain) and only then renamed to FILE.\n"
	"--check only checks an existing copy. Exit 0 when done, 1 when the\n"
	"copy fails a check or cannot be written.\n"
	"Nightly, from the service account's crontab:\n"
	"  30 1 * * * okno --db /var/lib/okno/okno.db backup "
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

int
cmd_backup(struct session *c, int argc, char **argv)
{
	struct backup_report r;
	struct err e = {0};
	int code;

	if (argc == 3 && strcmp(argv[1], "--check") == 0) {
		if (backup_check(argv[2], &r, &e) != ST_OK)
			return cli_fail(&e);
		report("Копия", argv[2], &r);
		return 0;
	}
	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("backup", "expected one FILE");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (backup_make(c->store, argv[1], &r, &e) != ST_OK)
		return cli_fail(&e);
	report("Резервная копия", argv[1], &r);
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
	if (backup_restore(argv[i], c->db_path, force, &r, &e) != ST_OK)
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
