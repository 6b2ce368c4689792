/* SPDX-License-Identifier: MIT */
/* okno records: import the regional CSV, check a case against the special
 * records, record the records officer's decision. */
#include "cmds.h"
#include "records.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_records[] =
	"Usage: okno --as LOGIN records import FILE [--source NAME] [--replace]\n"
	"       okno --as LOGIN records check CASE_ID\n"
	"       okno --as LOGIN records decide CASE_ID clear|hit [--reason TEXT]\n"
	"\n"
	"import loads the special records (entry bans, wanted persons, earlier\n"
	"violations) from the regional unit's CSV (docs/records-csv.md) in one\n"
	"transaction: one broken line and nothing is imported; every error is\n"
	"named by line and column. --replace first removes the records of the\n"
	"same source (default: the file's name).\n"
	"check lists the candidates for a case's applicant, best first, each\n"
	"with its score (0-100) and why it matched; a document-number match is\n"
	"always listed. decide runs the check again and fires check-clear or\n"
	"check-hit (needs --reason) on the case, the candidates seen added to\n"
	"the reason; okno case event ID check-clear|check-hit does the same\n"
	"without the list.\n";

static int
records_import_cmd(struct session *c, int argc, char **argv)
{
	const char *source = NULL;
	int rest, code, replace = 0;
	const struct cli_option opts[] = {
		CLI_STR("source", &source), CLI_FLAG("replace", &replace),
		CLI_END,
	};
	struct errlist errs = {0};
	long n;

	if ((code = cli_options("records", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 1 != argc)
		return cli_usage("records", "records import FILE");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (records_import(c->store, &c->actor, argv[rest], source, replace,
			   &n, cli_progress(), &errs) != ST_OK) {
		code = cli_fail_list(&errs);
		fprintf(stderr, "okno: ничего не загружено\n");
		errlist_free(&errs);
		return code;
	}
	cli_printf("загружено записей: %ld\n", n);
	return 0;
}

static int
records_check_cmd(struct session *c, int argc, char **argv)
{
	struct records_cand *cand;
	struct err e = {0};
	long long id;
	size_t n, i;
	int code;

	if (argc != 2 || cli_parse_id(argv[1], &id))
		return cli_usage("records", "records check CASE_ID");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (records_check_case(c->store, &c->actor, NULL, id, &cand, &n, &e) !=
	    ST_OK)
		return cli_fail(&e);
	if (n == 0)
		cli_printf("Дело %lld: в спецучетах кандидатов нет\n", id);
	else
		cli_printf("Дело %lld: кандидатов в спецучетах: %zu\n", id, n);
	for (i = 0; i < n; i++) {
		const struct record *r = &cand[i].rec;

		cli_printf("№%lld  %3d  %s: %s %s %s, %s, %s, документ %s\n",
			   r->id, cand[i].score, record_kind_ru(r->kind),
			   r->surname, r->given_names, r->patronymic,
			   r->birth_date[0] ? r->birth_date : "дата рождения -",
			   r->citizenship[0] ? r->citizenship : "-",
			   r->doc_number[0] ? r->doc_number : "-");
		cli_printf("      почему: %s\n", cand[i].why);
		if (r->note[0])
			cli_printf("      примечание: %s\n", r->note);
		cli_printf("      источник: %s, загружено %s\n", r->source,
			   r->imported_at);
	}
	records_cands_free(cand, n);
	return 0;
}

static int
records_decide_cmd(struct session *c, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_option opts[] = {CLI_STR("reason", &reason), CLI_END};
	struct err e = {0};
	long long id;
	int rest, code, hit;

	if ((code = cli_options("records", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 2 != argc || cli_parse_id(argv[rest], &id))
		return cli_usage("records", "records decide CASE_ID clear|hit");
	if (strcmp(argv[rest + 1], "clear") == 0)
		hit = 0;
	else if (strcmp(argv[rest + 1], "hit") == 0)
		hit = 1;
	else
		return cli_usage("records", "the decision is clear or hit");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (records_decide(c->store, &c->actor, c->forms, id, hit, reason,
			   &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

const struct cli_command records_subs[] = {
	{"import", NULL, records_import_cmd, NULL, NEED_LOGIN, NULL},
	{"check", NULL, records_check_cmd, NULL, NEED_LOGIN, NULL},
	{"decide", NULL, records_decide_cmd, NULL,
	 NEED_LOGIN | NEED_FORMS, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
