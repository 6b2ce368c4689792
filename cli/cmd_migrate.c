/* SPDX-License-Identifier: MIT */
/* okno migrate: an office database file moved into the region's
 * PostgreSQL database. */
#include "cmds.h"
#include "config.h"
#include "db.h"
#include "migrate.h"

#include <stdio.h>
#include <string.h>

const char usage_migrate[] =
	"Usage: okno --as ADMIN migrate FILE.db postgresql://...\n"
	"\n"
	"Moves the office database FILE.db (SQLite: every office in it, its\n"
	"cases and their history, journal, audit log, prints, blanks, queue,\n"
	"settings, accounts, outputs and every other table) into the\n"
	"PostgreSQL database named by the URI, which may already hold other\n"
	"offices of the region. ADMIN is an administrator of that database\n"
	"(the password from $OKNO_PASSWORD_FILE or a prompt).\n"
	"Nothing is written when an office code of the file is already there,\n"
	"when the file's journal or audit chains do not verify (the office and\n"
	"line are named), or when the file is of another schema version or\n"
	"mode. Rows get new ids; the journal and audit lines keep the ids\n"
	"their hashes hold, so they verify unchanged, and new lines chain on.\n"
	"A login the database already has becomes LOGIN.CODE (listed). All\n"
	"in one transaction that first verifies, where the rows landed, every\n"
	"moved journal chain, every audit chain, the file's seals and check\n"
	"codes; the audit line db.migrate names the file and its SHA-256.\n"
	"Exit 0 when done, 6 when an office is already there, 1 when a chain\n"
	"does not verify, 5 for an account that is not an administrator.\n";

int
cmd_migrate(struct session *c, int argc, char **argv)
{
	struct migrate_report r;
	struct err e = {0};
	int code;

	if (argc != 3 || argv[1][0] == '-')
		return cli_usage("migrate", "expected FILE.db postgresql://...");
	if (!db_name_is_uri(argv[2]))
		return cli_usage("migrate", "the target is a postgresql:// URI");
	/* The region's administrator runs it on the server, not a window
	 * account through the installed setgid binary. */
	if (config_privileged()) {
		fprintf(stderr, "okno: not allowed for this account: перенос базы данных делает администратор не через окно (okno не setgid)\n");
		return status_exit_code(ST_DENIED);
	}
	c->db_path = argv[2];
	if ((code = cli_login(c, 0)) != 0)
		return code;
	if (migrate_office_db(c->store, &c->actor, argv[1], &r, cli_progress(),
			      &e) != ST_OK)
		return cli_fail(&e);
	printf("Перенесено из %s (sha256 %s): подразделения %s; строк %lld, дел %lld, строк журнала %lld, строк аудита %lld; цепочки журнала и аудита, печати и коды проверки в базе назначения в порядке\n",
	       argv[1], r.sha256, r.offices, r.rows, r.cases, r.journal_lines,
	       r.audit_lines);
	if (r.renamed)
		printf("Логины, уже занятые в базе назначения, переименованы: %s\n", r.renamed);
	if (r.settings_kept)
		printf("Настроек оставлено как в базе назначения: %lld\n",
		       r.settings_kept);
	migrate_report_free(&r);
	return 0;
}
