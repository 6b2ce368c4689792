/* SPDX-License-Identifier: MIT */
/* okno report: day and period reports of an office. */
#include "cmds.h"
#include "clock.h"
#include "csv.h"
#include "date.h"
#include "journal.h"
#include "office.h"
#include "report.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

const char usage_report[] =
	"Usage: okno --as LOGIN report day [--date DATE] [--format text|csv]\n"
	"       okno --as LOGIN report period --from DATE --to DATE\n"
	"                 [--format text|csv]\n"
	"       (both take --office CODE, or --by-region)\n"
	"\n"
	"Cases accepted, issued, refused (by ground), returned at intake and\n"
	"handed out, by service and by citizenship; cases not decided by their\n"
	"due date and due within the next two working days; each inspector's\n"
	"workload (cases acted on in the period, cases awaiting a decision).\n"
	"DATE is ДД.ММ.ГГГГ or YYYY-MM-DD; day defaults to today.\n"
	"--by-region: the totals of every region within reach, one line each\n"
	"(every region on the national database).\n";

/* report ... --by-region: one line of totals per region. */
static int
by_region(struct session *c, const char *from, const char *to,
	  const char *format)
{
	struct report_row *v;
	struct err e = {0};
	size_t n, i;
	int csv = !strcmp(format, "csv");

	if (report_regions(c->store, &c->actor, from, to, &v, &n, &e) != ST_OK)
		return cli_fail(&e);
	if (csv) {
		struct strbuf out = {0};
		json_t *rec = json_pack("[sssssss]", "region", "name",
					"accepted", "issued", "refused",
					"returned", "handed_out");

		csv_record(&out, rec);
		json_decref(rec);
		for (i = 0; i < n; i++) {
			long long k[5] = {v[i].accepted, v[i].issued,
					  v[i].refused, v[i].returned,
					  v[i].handed_out};
			char num[24];
			int j;

			rec = json_pack("[ss]", v[i].key, v[i].label);
			for (j = 0; j < 5; j++) {
				snprintf(num, sizeof num, "%lld", k[j]);
				json_array_append_new(rec, json_string(num));
			}
			csv_record(&out, rec);
			json_decref(rec);
		}
		cli_put(out.s ? out.s : "");
		sb_free(&out);
		free(v);
		return 0;
	}
	cli_printf("Регион     Принято  Выдано Отказано Возвращено Вручено  Наименование\n");
	for (i = 0; i < n; i++)
		cli_printf("%-10s %7lld %7lld %8lld %10lld %7lld  %s\n",
			   v[i].key, v[i].accepted, v[i].issued, v[i].refused,
			   v[i].returned, v[i].handed_out, v[i].label);
	free(v);
	return 0;
}

int
cmd_report(struct session *c, int argc, char **argv)
{
	int regions = 0;
	const char *date = NULL, *from = NULL, *to = NULL, *format = "text";
	const char *office_code = NULL;
	const struct cli_option opts[] = {
		CLI_STR("date", &date), CLI_STR("from", &from),
		CLI_STR("to", &to), CLI_STR("format", &format),
		CLI_STR("office", &office_code),
		CLI_FLAG("by-region", &regions), CLI_END,
	};
	struct office_info o;
	struct report r;
	struct err e = {0};
	long long office;
	struct strbuf out = {0};
	int rest, rc, day;
	char today[DATE_SIZE];

	if (argc < 2 || (strcmp(argv[1], "day") && strcmp(argv[1], "period")))
		return cli_usage("report", "report day|period ...");
	day = strcmp(argv[1], "day") == 0;
	argc--;
	argv++;
	if ((rc = cli_options("report", opts, argc, argv, &rest)) != 0)
		return rc;
	if (rest != argc || (strcmp(format, "text") && strcmp(format, "csv")))
		return cli_usage("report", "--format text or csv");
	if (day ? (from || to) : (date || !from || !to))
		return cli_usage("report", day ? "report day [--date DATE]"
					       : "report period --from DATE "
						 "--to DATE");
	if (regions && office_code)
		return cli_usage("report", "--by-region or --office");
	if ((rc = cli_ready(c)) != 0)
		return rc;
	if (day && !date) {
		struct date t = clock_today();

		date_format_iso(t, today);
		date = today;
	}
	if (regions)
		return by_region(c, day ? date : from, day ? NULL : to, format);
	if (journal_office(c->store, &c->actor, office_code, &office, &e) !=
	    ST_OK)
		return cli_fail(&e);
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
