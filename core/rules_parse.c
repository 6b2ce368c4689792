/* SPDX-License-Identifier: MIT */
/* The .rules file format's parser: one file's lines into the blocks of
 * the set (rule, print, step, standard), each keyword checked as it is
 * read, "file:line:" for every problem. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "textfile.h"
#include "util.h"

#define RULES_MAX_ERRORS 50
#define TEXT_MAX 1000

void
rules_perr(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	if (++p->nerr > RULES_MAX_ERRORS || !p->errs)
		return;
	va_start(ap, fmt);
	text_verror(p->errs, p->name, line, fmt, ap);
	va_end(ap);
}

/* Ids of rules: lower-case Latin, digits, ".", "_", "-"; keys: lower
 * case, digits and "_". */
static int
is_id(const char *s, int key_only)
{
	size_t n = 0;

	if (!*s)
		return 0;
	for (; *s; s++, n++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_')
			continue;
		if (!key_only && (*s == '.' || *s == '-'))
			continue;
		return 0;
	}
	return n <= RULE_ID_MAX;
}

/* Split "a, b c" on commas and spaces into a new vector. */
char **
rules_split_list(const char *s, size_t *n)
{
	char *buf = xstrdup(s), *tok, *save = NULL, **v = NULL;

	*n = 0;
	for (tok = strtok_r(buf, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = xstrdup(tok);
	}
	free(buf);
	return v;
}

static int
parse_period_date(struct parser *p, const char *val, struct date *d)
{
	if (date_parse_any(val, d) != 0) {
		rules_perr(p, p->lineno, "неверная дата «%s» (нужно ГГГГ-ММ-ДД)",
		     val);
		return -1;
	}
	return 0;
}

static int
parse_term(struct parser *p, const char *val)
{
	char *end;
	long n = strtol(val, &end, 10);

	if (end == val || *end || n < 1 || n > 366) {
		rules_perr(p, p->lineno, "срок: число рабочих дней от 1 до 366, указано «%s»", val);
		return 0;
	}
	return (int)n;
}

static unsigned
parse_services(struct parser *p, const char *val)
{
	size_t n, i, j;
	char **v = rules_split_list(val, &n);
	unsigned bits = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < N(rules_service_codes); j++)
			if (strcmp(v[i], rules_service_codes[j]) == 0)
				break;
		if (j == N(rules_service_codes))
			rules_perr(p, p->lineno, "неизвестная услуга «%s» (допустимы: border-pass, invitation, registration)", v[i]);
		else
			bits |= workflow_service_bit(v[i]);
	}
	rules_strv_free(v, n);
	if (!n)
		rules_perr(p, p->lineno, "не указана услуга");
	return bits;
}

static struct rx_node *
parse_expr(struct parser *p, const char *val)
{
	char msg[256];
	struct rx_node *n = rx_parse(val, msg, sizeof msg);

	if (!n)
		rules_perr(p, p->lineno, "выражение: %s", msg);
	return n;
}

static void
set_text(char **dst, const char *val)
{
	free(*dst);
	*dst = xstrdup(val);
}

static struct rule *
cur_rule(struct parser *p)
{
	return &p->rs->rules[p->rs->nrules - 1];
}

static struct rule_step *
cur_step(struct parser *p)
{
	return &p->rs->steps[p->rs->nsteps - 1];
}

static struct rule_service *
cur_service(struct parser *p)
{
	return &p->rs->services[p->rs->nservices - 1];
}

static const char *
block_name(enum block b)
{
	switch (b) {
	case B_RULE: return "rule";
	case B_VALUE: return "print";
	case B_STEP: return "step";
	case B_SERVICE: return "standard";
	case B_NONE: break;
	}
	return "?";
}

static void
missing(struct parser *p, const char *what)
{
	rules_perr(p, p->block_line, "в блоке «%s» нет строки «%s»",
	     block_name(p->block), what);
}

/* The keyword of each SEEN_* line, in the order of the bits. */
static const char *const seen_kw[] = {
	"severity",
	"fields",
	"require",
	"service",
	"text.ru",
	"text.kk",
	"unit.ru",
	"action.ru",
	"result.ru",
	"term",
	"title.ru",
	"refusal.ru",
	"starts",
	"ends",
	"source",
};

/* The lines each block must have. */
static const unsigned needed[] = {
	[B_NONE] = 0,
	[B_RULE] = SEEN_SEVERITY | SEEN_FIELDS | SEEN_EXPR | SEEN_SERVICE |
		   SEEN_TEXT_RU | SEEN_TEXT_KK | SEEN_SOURCE,
	[B_VALUE] = SEEN_SERVICE | SEEN_TEXT_RU | SEEN_TEXT_KK | SEEN_SOURCE,
	[B_STEP] = SEEN_UNIT | SEEN_ACTION | SEEN_RESULT | SEEN_TERM |
		   SEEN_STARTS | SEEN_ENDS | SEEN_SOURCE,
	[B_SERVICE] = SEEN_TERM | SEEN_STANDARD | SEEN_REFUSAL | SEEN_SOURCE,
};

/* Check what the block that is closing still lacks. */
static void
close_block(struct parser *p)
{
	unsigned lack = needed[p->block] & ~p->seen;
	size_t i;

	for (i = 0; i < sizeof seen_kw / sizeof seen_kw[0]; i++)
		if (lack & (1u << i))
			missing(p, seen_kw[i]);
	if ((p->block == B_RULE || p->block == B_VALUE) && p->rs->nrules) {
		struct rule *r = cur_rule(p);

		if (r->period.has_from && r->period.has_to &&
		    date_cmp(r->period.from, r->period.to) > 0)
			rules_perr(p, p->block_line, "дата «from» позже «to»");
	}
	p->seen = 0;
	p->block = B_NONE;
}

static void
open_rule(struct parser *p, enum block b, const char *id)
{
	struct rule *r;
	size_t i;

	if (!is_id(id, b != B_RULE)) {
		rules_perr(p, p->lineno, b == B_RULE
			     ? "неверный идентификатор правила «%s» (строчные латинские буквы, цифры, «.», «_», «-»)"
			     : "неверный ключ поля «%s» (строчные латинские буквы, цифры, «_»)", id);
		id = "?";
	}
	for (i = 0; b == B_RULE && i < p->rs->nrules; i++)
		if (p->rs->rules[i].kind == RULE_CHECK &&
		    strcmp(p->rs->rules[i].id, id) == 0)
			rules_perr(p, p->lineno, "правило «%s» уже определено в %s:%d",
			     id, p->rs->rules[i].file, p->rs->rules[i].line);
	XGROW(p->rs->rules, p->rs->nrules, p->rs->caprules);
	r = &p->rs->rules[p->rs->nrules++];
	memset(r, 0, sizeof *r);
	r->kind = b == B_RULE ? RULE_CHECK : RULE_VALUE;
	r->id = xstrdup(id);
	r->at = RULE_AT_INTAKE;
	r->file = xstrdup(p->name);
	r->line = p->lineno;
	p->block = b;
	p->block_line = p->lineno;
}

static void
open_step(struct parser *p, const char *val)
{
	struct rule_step *st;
	size_t n, j;
	char **v = rules_split_list(val, &n);
	char *end = NULL;
	long no = n == 2 ? strtol(v[1], &end, 10) : 0;

	XGROW(p->rs->steps, p->rs->nsteps, p->rs->capsteps);
	st = &p->rs->steps[p->rs->nsteps++];
	memset(st, 0, sizeof *st);
	st->starts = -1;
	st->file = xstrdup(p->name);
	st->line = p->lineno;
	p->block = B_STEP;
	p->block_line = p->lineno;
	if (n != 2 || !end || *end || no < 1 || no > 20) {
		rules_perr(p, p->lineno, "ожидается «step УСЛУГА НОМЕР»");
		st->service = xstrdup("?");
		rules_strv_free(v, n);
		return;
	}
	for (j = 0; j < N(rules_service_codes); j++)
		if (strcmp(v[0], rules_service_codes[j]) == 0)
			break;
	if (j == N(rules_service_codes))
		rules_perr(p, p->lineno, "неизвестная услуга «%s»", v[0]);
	st->service = xstrdup(v[0]);
	st->no = (int)no;
	rules_strv_free(v, n);
}

static void
open_service(struct parser *p, const char *val)
{
	struct rule_service *sv;
	size_t j;

	for (j = 0; j < N(rules_service_codes); j++)
		if (strcmp(val, rules_service_codes[j]) == 0)
			break;
	if (j == N(rules_service_codes))
		rules_perr(p, p->lineno, "неизвестная услуга «%s»", val);
	XGROW(p->rs->services, p->rs->nservices, p->rs->capservices);
	sv = &p->rs->services[p->rs->nservices++];
	memset(sv, 0, sizeof *sv);
	sv->code = xstrdup(val);
	sv->file = xstrdup(p->name);
	sv->line = p->lineno;
	p->block = B_SERVICE;
	p->block_line = p->lineno;
}

static int
event_bit(struct parser *p, const char *code, unsigned *bit)
{
	enum case_event ev;

	if (workflow_event_parse(code, &ev) != 0) {
		rules_perr(p, p->lineno, "неизвестное событие «%s»", code);
		return -1;
	}
	*bit = 1u << ev;
	return 0;
}

/* ends A|B, C: all groups, each any of its events. */
static void
parse_ends(struct parser *p, struct rule_step *st, const char *val)
{
	size_t n, i;
	char **groups = rules_split_list(val, &n);

	st->nends = 0;
	if (!n || n > N(st->ends))
		rules_perr(p, p->lineno, "ends: от 1 до %zu групп событий",
		     N(st->ends));
	for (i = 0; i < n && i < N(st->ends); i++) {
		char *g = xstrdup(groups[i]), *tok, *save = NULL;
		unsigned bits = 0, bit;

		for (tok = strtok_r(g, "|", &save); tok;
		     tok = strtok_r(NULL, "|", &save))
			if (event_bit(p, tok, &bit) == 0)
				bits |= bit;
		free(g);
		st->ends[st->nends++] = bits;
	}
	rules_strv_free(groups, n);
}

static void
rule_attr(struct parser *p, const char *kw, const char *val)
{
	struct rule *r = cur_rule(p);
	int check = r->kind == RULE_CHECK;

	if (!strcmp(kw, "service")) {
		r->services = parse_services(p, val);
		p->seen |= SEEN_SERVICE;
	} else if (!strcmp(kw, "form")) {
		rules_strv_free(r->forms, r->nforms);
		r->forms = rules_split_list(val, &r->nforms);
	} else if (check && !strcmp(kw, "severity")) {
		if (!strcmp(val, "error"))
			r->severity = RULE_ERROR;
		else if (!strcmp(val, "warning"))
			r->severity = RULE_WARNING;
		else
			rules_perr(p, p->lineno, "severity: error или warning");
		p->seen |= SEEN_SEVERITY;
	} else if (check && !strcmp(kw, "at")) {
		size_t n, i;
		char **v = rules_split_list(val, &n);

		r->at = 0;
		for (i = 0; i < n; i++) {
			if (!strcmp(v[i], "intake"))
				r->at |= RULE_AT_INTAKE;
			else if (!strcmp(v[i], "decision"))
				r->at |= RULE_AT_DECISION;
			else
				rules_perr(p, p->lineno, "at: intake и/или decision, указано «%s»", v[i]);
		}
		rules_strv_free(v, n);
	} else if (check && !strcmp(kw, "fields")) {
		rules_strv_free(r->fields, r->nfields);
		r->fields = rules_split_list(val, &r->nfields);
		p->seen |= SEEN_FIELDS;
	} else if (!strcmp(kw, "when")) {
		set_text(&r->when_text, val);
		rx_free(r->when);
		r->when = parse_expr(p, val);
	} else if (check && !strcmp(kw, "let")) {
		const char *eq = strchr(val, '=');
		char *name;
		struct rule_let *l;

		if (!eq) {
			rules_perr(p, p->lineno, "ожидается «let ИМЯ = выражение»");
			return;
		}
		name = xstrndup(val, (size_t)(eq - val));
		str_trim(name);
		if (!is_id(name, 1))
			rules_perr(p, p->lineno, "let: неверное имя «%s»", name);
		r->lets = xrealloc(r->lets, (r->nlets + 1) * sizeof *r->lets);
		l = &r->lets[r->nlets++];
		l->name = name;
		l->text = xstrdup(eq + 1);
		str_trim(l->text);
		l->expr = parse_expr(p, l->text);
	} else if (check && !strcmp(kw, "require")) {
		set_text(&r->expr_text, val);
		rx_free(r->expr);
		r->expr = parse_expr(p, val);
		p->seen |= SEEN_EXPR;
	} else if (!strcmp(kw, "text.ru")) {
		set_text(&r->text_ru, val);
		p->seen |= SEEN_TEXT_RU;
	} else if (!strcmp(kw, "text.kk")) {
		set_text(&r->text_kk, val);
		p->seen |= SEEN_TEXT_KK;
	} else if (!strcmp(kw, "source")) {
		set_text(&r->source, val);
		p->seen |= SEEN_SOURCE;
	} else if (!strcmp(kw, "from")) {
		r->period.has_from = !parse_period_date(p, val, &r->period.from);
	} else if (!strcmp(kw, "to")) {
		r->period.has_to = !parse_period_date(p, val, &r->period.to);
	} else {
		rules_perr(p, p->lineno, "неизвестная строка «%s» в блоке «%s»", kw,
		     block_name(p->block));
	}
}

static void
step_attr(struct parser *p, const char *kw, const char *val)
{
	struct rule_step *st = cur_step(p);

	if (!strcmp(kw, "unit.ru")) {
		set_text(&st->unit_ru, val);
		p->seen |= SEEN_UNIT;
	} else if (!strcmp(kw, "unit.kk")) {
		set_text(&st->unit_kk, val);
	} else if (!strcmp(kw, "action.ru")) {
		set_text(&st->action_ru, val);
		p->seen |= SEEN_ACTION;
	} else if (!strcmp(kw, "action.kk")) {
		set_text(&st->action_kk, val);
	} else if (!strcmp(kw, "result.ru")) {
		set_text(&st->result_ru, val);
		p->seen |= SEEN_RESULT;
	} else if (!strcmp(kw, "result.kk")) {
		set_text(&st->result_kk, val);
	} else if (!strcmp(kw, "term")) {
		st->term = parse_term(p, val);
		p->seen |= SEEN_TERM;
	} else if (!strcmp(kw, "starts")) {
		unsigned bit;

		p->seen |= SEEN_STARTS;
		if (!strcmp(val, "filed")) {
			st->starts = -1;
		} else if (event_bit(p, val, &bit) == 0) {
			enum case_event ev;

			workflow_event_parse(val, &ev);
			st->starts = (int)ev;
		}
	} else if (!strcmp(kw, "ends")) {
		parse_ends(p, st, val);
		p->seen |= SEEN_ENDS;
	} else if (!strcmp(kw, "source")) {
		set_text(&st->source, val);
		p->seen |= SEEN_SOURCE;
	} else if (!strcmp(kw, "from")) {
		st->period.has_from = !parse_period_date(p, val,
							 &st->period.from);
	} else if (!strcmp(kw, "to")) {
		st->period.has_to = !parse_period_date(p, val, &st->period.to);
	} else {
		rules_perr(p, p->lineno, "неизвестная строка «%s» в блоке «step»", kw);
	}
}

static void
service_attr(struct parser *p, const char *kw, const char *val)
{
	struct rule_service *sv = cur_service(p);

	if (!strcmp(kw, "term")) {
		sv->term = parse_term(p, val);
		p->seen |= SEEN_TERM;
	} else if (!strcmp(kw, "title.ru")) {
		set_text(&sv->standard_ru, val);
		p->seen |= SEEN_STANDARD;
	} else if (!strcmp(kw, "title.kk")) {
		set_text(&sv->standard_kk, val);
	} else if (!strcmp(kw, "refusal.ru")) {
		set_text(&sv->refusal_ru, val);
		p->seen |= SEEN_REFUSAL;
	} else if (!strcmp(kw, "refusal.kk")) {
		set_text(&sv->refusal_kk, val);
	} else if (!strcmp(kw, "source")) {
		set_text(&sv->source, val);
		p->seen |= SEEN_SOURCE;
	} else if (!strcmp(kw, "from")) {
		sv->period.has_from = !parse_period_date(p, val,
							 &sv->period.from);
	} else if (!strcmp(kw, "to")) {
		sv->period.has_to = !parse_period_date(p, val, &sv->period.to);
	} else {
		rules_perr(p, p->lineno, "неизвестная строка «%s» в блоке «standard»",
		     kw);
	}
}

/* One "keyword value" line of the file (a text_lines callback). */
static void
parse_line(void *u, int no, const char *kw, const char *val)
{
	struct parser *p = u;

	p->lineno = no;
	if (!*val) {
		rules_perr(p, p->lineno, "у строки «%s» нет значения", kw);
		return;
	}
	if (!strcmp(kw, "rule") || !strcmp(kw, "print") ||
	    !strcmp(kw, "step") || !strcmp(kw, "standard")) {
		close_block(p);
		if (!strcmp(kw, "rule"))
			open_rule(p, B_RULE, val);
		else if (!strcmp(kw, "print"))
			open_rule(p, B_VALUE, val);
		else if (!strcmp(kw, "step"))
			open_step(p, val);
		else
			open_service(p, val);
		return;
	}
	switch (p->block) {
	case B_RULE:
	case B_VALUE:
		rule_attr(p, kw, val);
		break;
	case B_STEP:
		step_attr(p, kw, val);
		break;
	case B_SERVICE:
		service_attr(p, kw, val);
		break;
	case B_NONE:
		rules_perr(p, p->lineno, "строка «%s» вне блока (блоки: rule, print, step, standard)", kw);
		break;
	}
}

static void
on_bad(void *u, int no, const char *why)
{
	rules_perr(u, no, "%s", why);
}

void
rules_parse_text(struct parser *p, const char *text)
{
	text_lines(text, TEXT_MAX, parse_line, on_bad, p);
	close_block(p);
}
