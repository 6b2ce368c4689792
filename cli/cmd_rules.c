/* SPDX-License-Identifier: MIT */
/* okno rules list: what the rule files (forms/rules) apply on a day. */
#include "cmds.h"
#include "clock.h"
#include "rules.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_rules[] =
	"Usage: okno rules list [--date DATE] [--service S]\n"
	"\n"
	"Lists what the rule files of the forms directory (DIR/rules,\n"
	"forms/rules/README.md) apply to an act on DATE (ДД.ММ.ГГГГ or\n"
	"YYYY-MM-DD; default today), for one service (border-pass, invitation,\n"
	"registration) or all: each service's term and refusal citation, the\n"
	"steps of the reglament's table with their units and terms, the checks\n"
	"(id, error or warning, the fields named, the message, the legal\n"
	"source and the dates in force) and the values the documents print.\n"
	"No database is needed; with an office database only its own forms'\n"
	"rules are listed.\n";

static void
period_text(const struct rule_period *p, char *buf, size_t n)
{
	char a[11], b[11];

	if (p->has_from)
		date_format_ru(p->from, a);
	if (p->has_to)
		date_format_ru(p->to, b);
	if (p->has_from && p->has_to)
		snprintf(buf, n, "с %s по %s", a, b);
	else if (p->has_from)
		snprintf(buf, n, "с %s", a);
	else if (p->has_to)
		snprintf(buf, n, "по %s", b);
	else
		snprintf(buf, n, "по режиму 2014 года, без даты окончания");
}

static void
services_text(unsigned bits, char *buf, size_t n)
{
	static const char *const codes[] = {"border-pass", "invitation",
					    "registration"};
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < 3; i++)
		if (bits & workflow_service_bit(codes[i]))
			used += (size_t)snprintf(buf + used,
						 used < n ? n - used : 0,
						 "%s%s", used ? ", " : "",
						 codes[i]);
}

static void
list_rule(const struct rule *r)
{
	char when[128], svc[64];
	struct strbuf fields = {0};
	size_t i;

	period_text(&r->period, when, sizeof when);
	services_text(r->services, svc, sizeof svc);
	for (i = 0; i < r->nfields; i++)
		sb_printf(&fields, "%s%s", i ? ", " : "", r->fields[i]);
	for (i = 0; i < r->nforms; i++)
		sb_printf(&fields, "%sформа %s", fields.len ? "; " : "",
			  r->forms[i]);
	switch (r->kind) {
	case RULE_CHECK:
		cli_printf("  %s  %s%s  [%s]  %s; %s\n", r->id,
			   rule_severity_ru(r->severity),
			   r->at & RULE_AT_DECISION
				   ? (r->at & RULE_AT_INTAKE
					      ? " (приём и решение)"
					      : " (решение)")
				   : "",
			   fields.s ? fields.s : "", svc, when);
		cli_printf("      %s\n", r->text_ru);
		if (r->when_text)
			cli_printf("      когда: %s\n", r->when_text);
		for (i = 0; i < r->nlets; i++)
			cli_printf("      %s = %s\n", r->lets[i].name,
				   r->lets[i].text);
		cli_printf("      требуется: %s\n", r->expr_text);
		break;
	case RULE_VALUE:
		cli_printf("  {%s}  %s%s%s; %s\n", r->id, svc,
			   fields.len ? "; " : "", fields.s ? fields.s : "",
			   when);
		if (r->when_text)
			cli_printf("      когда: %s\n", r->when_text);
		cli_printf("      текст: %s\n", r->text_ru);
		break;
	}
	cli_printf("      источник: %s\n", r->source);
	sb_free(&fields);
}

/* Each service's term and refusal citation on day. */
static void
list_terms(const struct ruleset *rs, const char *service, struct date day)
{
	static const char *const codes[] = {"border-pass", "invitation",
					    "registration"};
	const struct rule_service *sv;
	char when[128];
	size_t k;

	cli_printf("\nСрок услуги и ссылка отказа:\n");
	for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
		if (service && strcmp(service, codes[k]) != 0)
			continue;
		if (!(sv = rules_service(rs, codes[k], day))) {
			cli_printf("  %s: нет срока на эту дату\n", codes[k]);
			continue;
		}
		period_text(&sv->period, when, sizeof when);
		cli_printf("  %s: %d раб. дн.; %s\n", sv->code, sv->term, when);
		cli_printf("      %s\n", sv->standard_ru);
		cli_printf("      отказ: %s\n", sv->refusal_ru);
		cli_printf("      источник: %s\n", sv->source);
	}
}

/* The events that end a step, "a|b и c". */
static void
step_ends(const struct rule_step *st, struct strbuf *ends)
{
	size_t j;
	int ev, first;

	for (j = 0; j < st->nends; j++) {
		sb_add(ends, j ? " и " : "");
		for (ev = 0, first = 1; ev < EV__COUNT; ev++)
			if (st->ends[j] & (1u << ev)) {
				sb_printf(ends, "%s%s", first ? "" : "|",
					  workflow_event_code(
						  (enum case_event)ev));
				first = 0;
			}
	}
}

/* The reglament's steps in force on day. */
static void
list_steps(const struct ruleset *rs, const char *service, struct date day)
{
	size_t i;

	cli_printf("\nШаги регламента (приложение 1, таблица 1):\n");
	for (i = 0; i < rules_step_count(rs); i++) {
		const struct rule_step *st = rules_step_at(rs, i);
		struct strbuf ends = {0};

		if ((service && strcmp(service, st->service) != 0) ||
		    !rule_in_force(&st->period, day))
			continue;
		step_ends(st, &ends);
		cli_printf("  %s %d. %s: %s\n", st->service, st->no, st->unit_ru,
			   st->action_ru);
		cli_printf("      завершение: %s\n", st->result_ru);
		cli_printf("      срок: %d раб. дн. от %s; выполнен: %s\n",
			   st->term, st->starts < 0 ? "подачи"
			   : workflow_event_code((enum case_event)st->starts),
			   ends.s ? ends.s : "");
		cli_printf("      источник: %s\n", st->source);
		sb_free(&ends);
	}
}

/* The checks, then the documents' values, in force on day. */
static void
list_rules(const struct ruleset *rs, const char *service, struct date day)
{
	static const char *const titles[] = {"\nПроверки:\n",
					     "\nЗначения документов:\n"};
	size_t i, n = rules_count(rs);
	int k;

	for (k = 0; k < 2; k++) {
		cli_printf("%s", titles[k]);
		for (i = 0; i < n; i++) {
			const struct rule *r = rules_at(rs, i);

			if ((int)r->kind != k ||
			    !rule_in_force(&r->period, day) ||
			    (service && !(r->services &
					  workflow_service_bit(service))))
				continue;
			list_rule(r);
		}
	}
}

int
cmd_rules(struct session *c, int argc, char **argv)
{
	const char *service = NULL;
	const struct ruleset *rs;
	struct date day = clock_today();
	struct err e = {0};
	char ru[DATE_SIZE];
	int code, k;

	if (argc < 2 || strcmp(argv[1], "list") != 0)
		return cli_usage("rules", "rules list [--date D] [--service S]");
	for (k = 2; k < argc; k++) {
		if (!strcmp(argv[k], "--date") && k + 1 < argc) {
			if (date_parse_any(argv[++k], &day) != 0) {
				err_set(&e, ST_INVALID, "date", "Дата: ожидается ДД.ММ.ГГГГ, получено «%s»", argv[k]);
				return cli_fail(&e);
			}
		} else if (!strcmp(argv[k], "--service") && k + 1 < argc) {
			service = argv[++k];
			if (!workflow_service_bit(service)) {
				err_set(&e, ST_INVALID, "service", "Услуга: неизвестный код «%s» (border-pass, invitation, registration)", service);
				return cli_fail(&e);
			}
		} else {
			return cli_usage("rules", "unknown option");
		}
	}
	if ((code = cli_load_forms_to_list(c)) != 0)
		return code;
	if (!(rs = formset_rules(c->forms))) {
		err_set(&e, ST_NOTFOUND, "rules", "В папке форм %s нет правил (rules/)", c->forms_dir);
		return cli_fail(&e);
	}
	date_format_ru(day, ru);
	cli_printf("Правила на %s%s%s\n", ru, service ? ", услуга " : "",
		   service ? service : "");
	list_terms(rs, service, day);
	list_steps(rs, service, day);
	list_rules(rs, service, day);
	return 0;
}
