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

/* Text padded to w characters (not bytes), for Cyrillic columns. */
static void
put_pad(const char *s, size_t w)
{
	size_t n = utf8_len(s);

	cli_printf("%s", s);
	for (; n < w; n++)
		putchar(' ');
}

/* mode: 0 "label (key)", 1 inspectors, 2 label only, 3 "ground: label" */
static void
text_rows(const char *title, const struct report_row *r, size_t n,
	  int inspectors)
{
	size_t i;

	if (!n)
		return;
	cli_printf("\n%s\n", title);
	put_pad("", 38);
	if (inspectors == 1)
		cli_printf("  Принято Возврат  Выдано Решений  В работе\n");
	else
		cli_printf("  Принято  Выдача   Отказ Возврат  Выдано\n");
	for (i = 0; i < n; i++) {
		char label[240];

		if (inspectors == 1 || inspectors == 2)
			snprintf(label, sizeof label, "%s", r[i].label);
		else if (inspectors == 3)
			snprintf(label, sizeof label, "%s: %s",
				 strchr(r[i].key, ' ') ? strchr(r[i].key, ' ') + 1
						       : r[i].key, r[i].label);
		else if (r[i].label[0])
			snprintf(label, sizeof label, "%s (%s)", r[i].label,
				 r[i].key[0] ? r[i].key : "—");
		else
			snprintf(label, sizeof label, "%s",
				 r[i].key[0] ? r[i].key : "—");
		cli_printf("  ");
		if (utf8_len(label) > 36) {
			/* Cut at a character boundary. */
			size_t k = 0, b = 0;
			uint32_t cp;
			int len;

			while (k < 35 && (len = utf8_decode(label + b,
							    strlen(label + b),
							    &cp)) > 0) {
				b += (size_t)len;
				k++;
			}
			label[b] = '\0';
			cli_printf("%s…", label);
		} else {
			put_pad(label, 36);
		}
		if (inspectors == 1)
			cli_printf(" %8lld %7lld %7lld %7lld %9lld\n",
				   r[i].accepted, r[i].returned,
				   r[i].handed_out, r[i].issued + r[i].refused,
				   r[i].open);
		else
			cli_printf(" %8lld %7lld %7lld %7lld %7lld\n",
				   r[i].accepted, r[i].issued, r[i].refused,
				   r[i].returned, r[i].handed_out);
	}
}

static void
text_cases(const char *title, const struct report_case *c, size_t n)
{
	size_t i;

	cli_printf("\n%s: %zu\n", title, n);
	for (i = 0; i < n; i++) {
		char due[11];

		date_iso_to_ru(c[i].due_date, due);
		cli_printf("  дело %-6lld № %-10s %-12s срок %s  %s  (%s)\n",
			   c[i].id, c[i].number[0] ? c[i].number : "-",
			   c[i].service, due, c[i].name, c[i].inspector);
	}
}

static void
csv_rows(struct strbuf *b, const char *section, const struct report_row *r,
	 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *a = json_array();
		char buf[6][24];

		snprintf(buf[0], sizeof buf[0], "%lld", r[i].accepted);
		snprintf(buf[1], sizeof buf[1], "%lld", r[i].issued);
		snprintf(buf[2], sizeof buf[2], "%lld", r[i].refused);
		snprintf(buf[3], sizeof buf[3], "%lld", r[i].returned);
		snprintf(buf[4], sizeof buf[4], "%lld", r[i].handed_out);
		snprintf(buf[5], sizeof buf[5], "%lld", r[i].open);
		json_array_append_new(a, json_string(section));
		json_array_append_new(a, json_string(r[i].key));
		json_array_append_new(a, json_string(r[i].label));
		for (int k = 0; k < 6; k++)
			json_array_append_new(a, json_string(buf[k]));
		journal_csv_record(b, a);
		json_decref(a);
	}
}

static void
csv_cases(struct strbuf *b, const char *section, const struct report_case *c,
	  size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *a = json_array();
		char id[24];

		snprintf(id, sizeof id, "%lld", c[i].id);
		json_array_append_new(a, json_string(section));
		json_array_append_new(a, json_string(id));
		json_array_append_new(a, json_string(c[i].number));
		json_array_append_new(a, json_string(c[i].service));
		json_array_append_new(a, json_string(c[i].due_date));
		json_array_append_new(a, json_string(c[i].state));
		json_array_append_new(a, json_string(c[i].name));
		json_array_append_new(a, json_string(c[i].inspector));
		journal_csv_record(b, a);
		json_decref(a);
	}
}

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
	int ch, rc, day;
	char d1[11], d2[11], today[11];

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
	if (report_build(c->store, &c->actor, office, day ? date : from,
			 day ? NULL : to, &r, &e) != ST_OK)
		return cli_fail(&e);
	office_get_id(c->store, office, &o, NULL);
	if (strcmp(format, "csv") == 0) {
		struct strbuf b = {0};
		json_t *h = json_array();
		struct report_row tot = r.total;
		static const char *const head[] = {
			"раздел", "ключ", "наименование", "принято",
			"решение о выдаче", "отказ", "возвращено при приёме",
			"выдано", "в работе",
		};

		for (size_t k = 0; k < sizeof head / sizeof head[0]; k++)
			json_array_append_new(h, json_string(head[k]));
		journal_csv_record(&b, h);
		json_decref(h);
		snprintf(tot.label, sizeof tot.label, "%s – %s", r.from, r.to);
		csv_rows(&b, "итого", &tot, 1);
		csv_rows(&b, "услуга", r.by_service, r.nservice);
		csv_rows(&b, "гражданство", r.by_citizenship, r.ncitizenship);
		csv_rows(&b, "основание отказа", r.grounds, r.ngrounds);
		csv_rows(&b, "инспектор", r.inspectors, r.ninspectors);
		csv_cases(&b, "просрочено", r.overdue, r.noverdue);
		csv_cases(&b, "срок в два рабочих дня", r.due_soon,
			  r.ndue_soon);
		for (size_t k = 0; k < r.nqueue; k++) {
			const struct queue_stat *q = &r.queue[k];

			sb_printf(&b, "очередь,%d,%s,%lld,%lld,%lld,"
				  "ожидание ср. %lld с макс. %lld с,"
				  "обслуживание ср. %lld с\r\n",
				  q->window_no, q->service[0] ? q->service : "все",
				  q->tickets, q->served, q->noshow, q->wait_avg,
				  q->wait_max, q->serve_avg);
		}
		cli_put(b.s ? b.s : "");
		sb_free(&b);
	} else {
		date_iso_to_ru(r.from, d1);
		date_iso_to_ru(r.to, d2);
		cli_printf("%s\n", o.name);
		if (strcmp(r.from, r.to) == 0)
			cli_printf("Отчёт за %s\n", d1);
		else
			cli_printf("Отчёт за период с %s по %s\n", d1, d2);
		cli_printf("\nПринято заявлений:          %lld\n",
			   r.total.accepted);
		cli_printf("Решений о выдаче:           %lld\n", r.total.issued);
		cli_printf("Отказов:                    %lld\n", r.total.refused);
		cli_printf("Возвращено при приёме:      %lld\n",
			   r.total.returned);
		cli_printf("Выдано заявителям:          %lld\n",
			   r.total.handed_out);
		text_rows("По услугам:", r.by_service, r.nservice, 2);
		text_rows("По гражданству:", r.by_citizenship, r.ncitizenship,
			  0);
		text_rows("Отказы по основаниям:", r.grounds, r.ngrounds, 3);
		date_iso_to_ru(r.today, d1);
		date_iso_to_ru(r.soon, d2);
		{
			char t1[96], t2[96];

			snprintf(t1, sizeof t1, "Не решено в срок (на %s)", d1);
			snprintf(t2, sizeof t2, "Срок в ближайшие два рабочих "
				 "дня (по %s)", d2);
			text_cases(t1, r.overdue, r.noverdue);
			text_cases(t2, r.due_soon, r.ndue_soon);
		}
		if (r.nqueue) {
			cli_printf("\nОчередь (окно, услуга: талонов, обслужено, "
				   "неявок, ожидание ср./макс., обслуживание "
				   "ср., мин:сек):\n");
			for (size_t k = 0; k < r.nqueue; k++) {
				const struct queue_stat *q = &r.queue[k];
				char wn[16];

				if (q->window_no)
					snprintf(wn, sizeof wn, "окно %d",
						 q->window_no);
				else
					snprintf(wn, sizeof wn, "все окна");
				cli_printf("  %-9s %-13s %lld, %lld, %lld, "
					   "%lld:%02lld/%lld:%02lld, "
					   "%lld:%02lld\n", wn,
					   q->service[0] ? q->service
							 : "все услуги",
					   q->tickets, q->served, q->noshow,
					   q->wait_avg / 60, q->wait_avg % 60,
					   q->wait_max / 60, q->wait_max % 60,
					   q->serve_avg / 60,
					   q->serve_avg % 60);
			}
		}
		text_rows("Нагрузка инспекторов:", r.inspectors, r.ninspectors,
			  1);
	}
	report_free(&r);
	return 0;
}
