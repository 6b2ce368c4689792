/* SPDX-License-Identifier: MIT */
/* okno audit: list and verify the audit log. */
#include "cmds.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char usage_audit[] =
	"Usage: okno --as AUDITOR audit [--who LOGIN] [--case ID]\n"
	"                 [--from DATE] [--to DATE]\n"
	"       okno --as AUDITOR audit verify [--against SEAL]\n"
	"       okno --as AUDITOR audit seal\n"
	"\n"
	"Lists the audit log (who, what, when, from where) or recomputes its\n"
	"hash chain: exit 0 when intact, 1 naming the first line that is not.\n"
	"seal prints the log's head (write it down); verify --against it also\n"
	"finds a log cut short or rewritten up to the sealed line.\n";

static int
audit_verify_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	int code;

	if (argc != 1 && (argc != 3 || strcmp(argv[1], "--against") != 0))
		return cli_usage("audit", "audit verify [--against SEAL]");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (argc == 1) {
		if (audit_verify_as(c->store, &c->actor, cli_progress(), &e) !=
		    ST_OK)
			return cli_fail(&e);
		printf("audit log intact\n");
		return 0;
	}
	if (audit_verify_against(c->store, &c->actor, argv[2], cli_progress(),
				 &e) != ST_OK)
		return cli_fail(&e);
	printf("audit log intact and holds the sealed line\n");
	return 0;
}

static int
audit_seal_cmd(struct session *c, int argc, char **argv)
{
	char seal[AUDIT_SEAL_MAX];
	struct err e = {0};
	int code;

	if ((code = cli_ready_if(c, argc == 1, "audit", "audit seal")) != 0)
		return code;
	if (audit_seal(c->store, &c->actor, seal, &e) != ST_OK)
		return cli_fail(&e);
	printf("%s\n", seal);
	return 0;
}

/* The log's lines, filtered. */
int
cmd_audit(struct session *c, int argc, char **argv)
{
	const char *who = NULL, *cas = NULL, *from = NULL, *to = NULL;
	const struct cli_option opts[] = {
		CLI_STR("who", &who), CLI_STR("case", &cas),
		CLI_STR("from", &from), CLI_STR("to", &to), CLI_END,
	};
	struct audit_row *rows;
	struct err e = {0};
	size_t n, i;
	int rest, code;

	if ((code = cli_options("audit", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest != argc)
		return cli_usage("audit", "unexpected argument");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (audit_list(c->store, &c->actor, who, cas, from, to, &rows, &n,
		       &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++)
		cli_printf("%6lld %s %-12s %-14s %-14s %s %s\n", rows[i].id,
			   rows[i].at, rows[i].login, rows[i].action,
			   rows[i].object, rows[i].origin, rows[i].detail);
	audit_rows_free(rows, n);
	return 0;
}

const struct cli_command audit_subs[] = {
	{"verify", NULL, audit_verify_cmd, NULL, NEED_LOGIN, NULL},
	{"seal", NULL, audit_seal_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
