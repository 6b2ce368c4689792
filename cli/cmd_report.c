/* SPDX-License-Identifier: MIT */
/* okno report: day and period reports of an office. */
#include "cmds.h"
#include "clock.h"
#include "date.h"
#include "journal.h"
#include "office.h"
#include "report.h"
#include "util.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

const char usage_report[] =
	"Usage: okno --as LOGIN report day [--date DATE] [--format text|csv]\n"
	"       okno --as LOGIN report period --from DATE --to DATE\n"
	"                 [--format text|csv]\n"
	"       (both take --office CODE)\n"
	"\n"
	"Cases accepted, issued, refused (by ground), returned at intake and\n"
	"handed out, by service and by citizenship; cases not decided by their\n"
	"due date and due within the next two working days; each inspector's\n"
	"workload (cases acted on in the period, cases awaiting a decision).\n"
	"DATE is ДД.ММ.ГГГГ or YYYY-MM-DD; day defaults to today.\n";

int
cmd_report(struct session *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"format", required_argument, NULL, 'F'},
		{"office", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *date = NULL, *from = NULL, *to = NULL, *format = "text";
	const char *office_code = NULL;
	struct office_info o;
	struct report r;
	struct err e = {0};
	long long office;
	struct strbuf out = {0};
	int ch, rc, day;
	char today[DATE_SIZE];

	if (argc < 2 || (strcmp(argv[1], "day") && strcmp(argv[1], "period")))
		return cli_usage("report", "report day|period ...");
	day = strcmp(argv[1], "day") == 0;
	argc--;
	argv++;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': date = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'F': format = optarg; break;
		case 'o': office_code = optarg; break;
		default: return cli_usage("report", "unknown option");
		}
	}
	if (optind != argc || (strcmp(format, "text") && strcmp(format, "csv")))
		return cli_usage("report", "--format text or csv");
	if (day ? (from || to) : (date || !from || !to))
		return cli_usage("report", day ? "report day [--date DATE]"
					       : "report period --from DATE "
						 "--to DATE");
	if ((rc = cli_ready(c)) != 0)
		return rc;
	if (journal_office(c->store, &c->actor, office_code, &office, &e) !=
	    ST_OK)
		return cli_fail(&e);
	if (day && !date) {
		struct date t = clock_today();

		date_format_iso(t, today);
		date = today;
	}
	if (report_build(c->store, &c->actor, c->forms, office,
			 day ? date : from, day ? NULL : to, &r, cli_progress(),
			 &e) != ST_OK)
		return cli_fail(&e);
	if (office_get_id(c->store, office, &o, &e) != ST_OK) {
		report_free(&r);
		return cli_fail(&e);
	}
	if (strcmp(format, "csv") == 0)
		report_csv(&r, &out);
	else
		report_text(&r, o.name, &out);
	cli_put(out.s ? out.s : "");
	sb_free(&out);
	report_free(&r);
	return 0;
}
