/* SPDX-License-Identifier: MIT */
/* A built report as text for a person or as CSV (report.h). */
#include "report.h"
#include "csv.h"
#include "date.h"
#include "journal.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s padded to w characters (not bytes), for Cyrillic columns. */
static void
pad(struct strbuf *out, const char *s, size_t w)
{
	char *p = utf8_pad(s, w);

	sb_add(out, p);
	free(p);
}

enum row_label {
	LABEL_KEY,        /* "label (key)" */
	LABEL_INSPECTOR,  /* the inspector's columns */
	LABEL_ONLY,       /* label */
	LABEL_GROUND,     /* "ground: label" */
};

/* A row's label, cut at 36 characters with "…". */
static void
row_label(const struct report_row *r, enum row_label how, struct strbuf *out)
{
	char label[240];
	size_t k = 0, b = 0;
	uint32_t cp;
	int len;

	if (how == LABEL_INSPECTOR || how == LABEL_ONLY)
		snprintf(label, sizeof label, "%s", r->label);
	else if (how == LABEL_GROUND)
		snprintf(label, sizeof label, "%s: %s",
			 strchr(r->key, ' ') ? strchr(r->key, ' ') + 1 : r->key,
			 r->label);
	else if (r->label[0])
		snprintf(label, sizeof label, "%s (%s)", r->label,
			 r->key[0] ? r->key : "—");
	else
		snprintf(label, sizeof label, "%s", r->key[0] ? r->key : "—");
	if (utf8_len(label) <= 36) {
		pad(out, label, 36);
		return;
	}
	/* Cut at a character boundary. */
	while (k < 35 && (len = utf8_decode(label + b, strlen(label + b),
					    &cp)) > 0) {
		b += (size_t)len;
		k++;
	}
	label[b] = '\0';
	sb_printf(out, "%s…", label);
}

static void
text_rows(struct strbuf *out, const char *title, const struct report_row *r,
	  size_t n, enum row_label how)
{
	size_t i;

	if (!n)
		return;
	sb_printf(out, "\n%s\n", title);
	pad(out, "", 38);
	if (how == LABEL_INSPECTOR)
		sb_add(out, "  Принято Возврат  Выдано Решений  В работе\n");
	else
		sb_add(out, "  Принято  Выдача   Отказ Возврат  Выдано\n");
	for (i = 0; i < n; i++) {
		sb_add(out, "  ");
		row_label(&r[i], how, out);
		if (how == LABEL_INSPECTOR)
			sb_printf(out, " %8lld %7lld %7lld %7lld %9lld\n",
				  r[i].accepted, r[i].returned, r[i].handed_out,
				  r[i].issued + r[i].refused, r[i].open);
		else
			sb_printf(out, " %8lld %7lld %7lld %7lld %7lld\n",
				  r[i].accepted, r[i].issued, r[i].refused,
				  r[i].returned, r[i].handed_out);
	}
}

static void
text_cases(struct strbuf *out, const char *title,
	   const struct report_case *c, size_t n)
{
	size_t i;

	sb_printf(out, "\n%s: %zu\n", title, n);
	for (i = 0; i < n; i++) {
		char due[DATE_SIZE];

		date_iso_to_ru(c[i].due_date, due);
		sb_printf(out, "  дело %-6lld № %-10s %-12s срок %s  %s  (%s)\n",
			  c[i].id, c[i].number[0] ? c[i].number : "-",
			  c[i].service, due, c[i].name, c[i].inspector);
		if (c[i].what[0])
			sb_printf(out, "      %s\n", c[i].what);
	}
}

static void
text_steps(struct strbuf *out, const struct report *r)
{
	size_t i;

	if (!r->nsteps)
		return;
	sb_add(out, "\nШаги регламентов (в срок / с опозданием за период; "
		    "просрочено сейчас):\n");
	for (i = 0; i < r->nsteps; i++) {
		const struct report_step *st = &r->steps[i];

		sb_printf(out, "  %-12s %d. ", st->service, st->no);
		pad(out, st->action, 50);
		sb_printf(out, " %lld / %lld; %lld\n", st->on_time, st->late,
			  st->overdue);
	}
}

static void
text_queue(struct strbuf *out, const struct report *r)
{
	size_t k;

	if (!r->nqueue)
		return;
	sb_add(out, "\nОчередь (окно, услуга: талонов, обслужено, неявок, ожидание ср./макс., обслуживание ср., мин:сек):\n");
	for (k = 0; k < r->nqueue; k++) {
		const struct queue_stat *q = &r->queue[k];
		char wn[16];

		if (q->window_no)
			snprintf(wn, sizeof wn, "окно %d", q->window_no);
		else
			snprintf(wn, sizeof wn, "все окна");
		sb_printf(out, "  %-9s %-13s %lld, %lld, %lld, "
			  "%lld:%02lld/%lld:%02lld, %lld:%02lld\n", wn,
			  q->service[0] ? q->service : "все услуги",
			  q->tickets, q->served, q->noshow, q->wait_avg / 60,
			  q->wait_avg % 60, q->wait_max / 60, q->wait_max % 60,
			  q->serve_avg / 60, q->serve_avg % 60);
	}
}

void
report_text(const struct report *r, const char *office_name,
	    struct strbuf *out)
{
	char d1[DATE_SIZE], d2[DATE_SIZE], t1[96], t2[96];

	date_iso_to_ru(r->from, d1);
	date_iso_to_ru(r->to, d2);
	sb_printf(out, "%s\n", office_name);
	if (strcmp(r->from, r->to) == 0)
		sb_printf(out, "Отчёт за %s\n", d1);
	else
		sb_printf(out, "Отчёт за период с %s по %s\n", d1, d2);
	sb_printf(out, "\nПринято заявлений:          %lld\n", r->total.accepted);
	sb_printf(out, "Решений о выдаче:           %lld\n", r->total.issued);
	sb_printf(out, "Отказов:                    %lld\n", r->total.refused);
	sb_printf(out, "Возвращено при приёме:      %lld\n", r->total.returned);
	sb_printf(out, "Выдано заявителям:          %lld\n",
		  r->total.handed_out);
	text_rows(out, "По услугам:", r->by_service, r->nservice, LABEL_ONLY);
	text_rows(out, "По гражданству:", r->by_citizenship, r->ncitizenship,
		  LABEL_KEY);
	text_rows(out, "Отказы по основаниям:", r->grounds, r->ngrounds,
		  LABEL_GROUND);
	date_iso_to_ru(r->today, d1);
	date_iso_to_ru(r->soon, d2);
	snprintf(t1, sizeof t1, "Просрочено (на %s)", d1);
	snprintf(t2, sizeof t2, "Срок в ближайшие два рабочих дня (по %s)", d2);
	text_cases(out, t1, r->overdue, r->noverdue);
	text_cases(out, "Выполнено с опозданием за период", r->late, r->nlate);
	text_cases(out, t2, r->due_soon, r->ndue_soon);
	text_steps(out, r);
	text_queue(out, r);
	text_rows(out, "Нагрузка инспекторов:", r->inspectors, r->ninspectors,
		  LABEL_INSPECTOR);
}

static void
csv_rows(struct strbuf *b, const char *section, const struct report_row *r,
	 size_t n)
{
	size_t i;
	int k;

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
		for (k = 0; k < 6; k++)
			json_array_append_new(a, json_string(buf[k]));
		csv_record(b, a);
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
		json_array_append_new(a, json_string(c[i].what));
		csv_record(b, a);
		json_decref(a);
	}
}

void
report_csv(const struct report *r, struct strbuf *b)
{
	static const char *const head[] = {
		"раздел", "ключ", "наименование", "принято",
		"решение о выдаче", "отказ", "возвращено при приёме",
		"выдано", "в работе",
	};
	struct report_row tot = r->total;
	json_t *h = json_array();
	size_t k;

	for (k = 0; k < sizeof head / sizeof head[0]; k++)
		json_array_append_new(h, json_string(head[k]));
	csv_record(b, h);
	json_decref(h);
	snprintf(tot.label, sizeof tot.label, "%s – %s", r->from, r->to);
	csv_rows(b, "итого", &tot, 1);
	csv_rows(b, "услуга", r->by_service, r->nservice);
	csv_rows(b, "гражданство", r->by_citizenship, r->ncitizenship);
	csv_rows(b, "основание отказа", r->grounds, r->ngrounds);
	csv_rows(b, "инспектор", r->inspectors, r->ninspectors);
	csv_cases(b, "просрочено", r->overdue, r->noverdue);
	csv_cases(b, "выполнено с опозданием", r->late, r->nlate);
	for (k = 0; k < r->nsteps; k++)
		sb_printf(b, "шаг,%s,%d,%lld,%lld,%lld\r\n", r->steps[k].service,
			  r->steps[k].no, r->steps[k].on_time, r->steps[k].late,
			  r->steps[k].overdue);
	csv_cases(b, "срок в два рабочих дня", r->due_soon, r->ndue_soon);
	for (k = 0; k < r->nqueue; k++) {
		const struct queue_stat *q = &r->queue[k];

		sb_printf(b, "очередь,%d,%s,%lld,%lld,%lld,ожидание ср. %lld с макс. %lld с,обслуживание ср. %lld с\r\n",
			  q->window_no, q->service[0] ? q->service : "все",
			  q->tickets, q->served, q->noshow, q->wait_avg,
			  q->wait_max, q->serve_avg);
	}
}
