/* SPDX-License-Identifier: MIT */
/* Rule files: the loader with "file:line:" diagnostics and its checks
 * against the forms, and the evaluation of checks and document values
 * against a case's values, the history of the region, the office's
 * settings and the reference lists. */
#include "rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "reflist.h"
#include "settings.h"
#include "util.h"

#define RULES_FILE_MAX (1024 * 1024)
#define RULES_MAX_ERRORS 50
#define TEXT_MAX 1000

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct ruleset {
	struct rule *rules;
	size_t nrules, caprules;
	struct rule_step *steps;
	size_t nsteps, capsteps;
	struct rule_service *services;
	size_t nservices, capservices;
	struct reflist **lists;       /* the reference lists the rules name */
	size_t nlists, caplists;
	char *forms_dir;
};

static const char *const service_codes[] = {
	"border-pass", "invitation", "registration",
};

/* The @names a rule may use. */
static const char *const ctx_names[] = {
	"act", "filed", "due", "channel", "service", "form", "applicant_iin",
	"applicant_citizenship",
};

/* ---------------------------------------------------------------- */
/* Freeing                                                          */

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
rule_free(struct rule *r)
{
	size_t i;

	free(r->id);
	strv_free(r->forms, r->nforms);
	strv_free(r->fields, r->nfields);
	free(r->when_text);
	rx_free(r->when);
	for (i = 0; i < r->nlets; i++) {
		free(r->lets[i].name);
		free(r->lets[i].text);
		rx_free(r->lets[i].expr);
	}
	free(r->lets);
	free(r->expr_text);
	rx_free(r->expr);
	free(r->text_ru);
	free(r->text_kk);
	free(r->source);
	free(r->file);
}

static void
step_free(struct rule_step *s)
{
	free(s->service);
	free(s->unit_ru);
	free(s->unit_kk);
	free(s->action_ru);
	free(s->action_kk);
	free(s->result_ru);
	free(s->result_kk);
	free(s->source);
	free(s->file);
}

static void
service_free(struct rule_service *s)
{
	free(s->code);
	free(s->standard_ru);
	free(s->standard_kk);
	free(s->refusal_ru);
	free(s->refusal_kk);
	free(s->source);
	free(s->file);
}

void
rules_free(struct ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nrules; i++)
		rule_free(&rs->rules[i]);
	for (i = 0; i < rs->nsteps; i++)
		step_free(&rs->steps[i]);
	for (i = 0; i < rs->nservices; i++)
		service_free(&rs->services[i]);
	for (i = 0; i < rs->nlists; i++)
		reflist_free(rs->lists[i]);
	free(rs->rules);
	free(rs->steps);
	free(rs->services);
	free(rs->lists);
	free(rs->forms_dir);
	free(rs);
}

/* ---------------------------------------------------------------- */
/* Accessors                                                        */

size_t
rules_count(const struct ruleset *rs)
{
	return rs ? rs->nrules : 0;
}

const struct rule *
rules_at(const struct ruleset *rs, size_t i)
{
	return rs && i < rs->nrules ? &rs->rules[i] : NULL;
}

size_t
rules_step_count(const struct ruleset *rs)
{
	return rs ? rs->nsteps : 0;
}

const struct rule_step *
rules_step_at(const struct ruleset *rs, size_t i)
{
	return rs && i < rs->nsteps ? &rs->steps[i] : NULL;
}

/* A reference list the rules name, loaded with them. */
static const struct reflist *
rules_list(const struct ruleset *rs, const char *name)
{
	size_t i;

	for (i = 0; rs && name && i < rs->nlists; i++)
		if (!strcmp(rs->lists[i]->name, name))
			return rs->lists[i];
	return NULL;
}

int
rule_in_force(const struct rule_period *p, struct date d)
{
	if (p->has_from && date_cmp(d, p->from) < 0)
		return 0;
	if (p->has_to && date_cmp(d, p->to) > 0)
		return 0;
	return 1;
}

int
rule_applies(const struct rule *r, const char *service, const char *form_id)
{
	size_t i;

	if (!(r->services & workflow_service_bit(service)))
		return 0;
	if (!r->nforms || !form_id)
		return 1;
	for (i = 0; i < r->nforms; i++)
		if (strcmp(r->forms[i], form_id) == 0)
			return 1;
	return 0;
}

const char *
rule_severity_ru(enum rule_severity s)
{
	return s == RULE_ERROR ? "ошибка" : "предупреждение";
}

const struct rule_service *
rules_service(const struct ruleset *rs, const char *service, struct date d)
{
	size_t i;

	for (i = 0; rs && service && i < rs->nservices; i++)
		if (strcmp(rs->services[i].code, service) == 0 &&
		    rule_in_force(&rs->services[i].period, d))
			return &rs->services[i];
	return NULL;
}

size_t
rules_steps(const struct ruleset *rs, const char *service, struct date d,
	    const struct rule_step **out, size_t n)
{
	size_t i, k = 0;

	for (i = 0; rs && service && i < rs->nsteps; i++) {
		const struct rule_step *st = &rs->steps[i];

		if (strcmp(st->service, service) != 0 ||
		    !rule_in_force(&st->period, d))
			continue;
		if (k < n)
			out[k] = st;
		k++;
	}
	return k;
}

/* ---------------------------------------------------------------- */
/* Parsing                                                          */

enum block {
	B_NONE,
	B_RULE,
	B_VALUE,
	B_STEP,
	B_SERVICE,
};

struct parser {
	const char *name;       /* file name for messages */
	struct ruleset *rs;
	struct errlist *errs;
	int nerr;
	int lineno;
	enum block block;
	int block_line;
	/* what the open block has seen */
	int seen_severity, seen_fields, seen_expr, seen_text_ru, seen_text_kk,
	    seen_source, seen_service, seen_term, seen_starts, seen_ends,
	    seen_unit, seen_action, seen_result, seen_standard, seen_refusal;
};

static void
perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, int line, const char *fmt, ...)
{
	char buf[ERR_MSG_MAX];
	va_list ap;

	p->nerr++;
	if (p->nerr > RULES_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (p->errs)
		errlist_add(p->errs, ST_INVALID, "", "%s:%d: %s", p->name,
			    line, buf);
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
static char **
split_list(const char *s, size_t *n)
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
		perr(p, p->lineno, "неверная дата «%s» (нужно ГГГГ-ММ-ДД)",
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
		perr(p, p->lineno, "срок: число рабочих дней от 1 до 366, указано «%s»", val);
		return 0;
	}
	return (int)n;
}

static unsigned
parse_services(struct parser *p, const char *val)
{
	size_t n, i, j;
	char **v = split_list(val, &n);
	unsigned bits = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < N(service_codes); j++)
			if (strcmp(v[i], service_codes[j]) == 0)
				break;
		if (j == N(service_codes))
			perr(p, p->lineno, "неизвестная услуга «%s» (допустимы: border-pass, invitation, registration)", v[i]);
		else
			bits |= workflow_service_bit(v[i]);
	}
	strv_free(v, n);
	if (!n)
		perr(p, p->lineno, "не указана услуга");
	return bits;
}

static struct rx_node *
parse_expr(struct parser *p, const char *val)
{
	char msg[256];
	struct rx_node *n = rx_parse(val, msg, sizeof msg);

	if (!n)
		perr(p, p->lineno, "выражение: %s", msg);
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
	perr(p, p->block_line, "в блоке «%s» нет строки «%s»",
	     block_name(p->block), what);
}

/* Check what the block that is closing still lacks. */
static void
close_block(struct parser *p)
{
	switch (p->block) {
	case B_RULE:
		if (!p->seen_severity)
			missing(p, "severity");
		if (!p->seen_fields)
			missing(p, "fields");
		if (!p->seen_expr)
			missing(p, "require");
		/* fall through */
	case B_VALUE:
		if (!p->seen_service)
			missing(p, "service");
		if (!p->seen_text_ru)
			missing(p, "text.ru");
		if (!p->seen_text_kk)
			missing(p, "text.kk");
		if (!p->seen_source)
			missing(p, "source");
		if (p->rs->nrules) {
			struct rule *r = cur_rule(p);

			if (r->period.has_from && r->period.has_to &&
			    date_cmp(r->period.from, r->period.to) > 0)
				perr(p, p->block_line, "дата «from» позже «to»");
		}
		break;
	case B_STEP:
		if (!p->seen_unit)
			missing(p, "unit.ru");
		if (!p->seen_action)
			missing(p, "action.ru");
		if (!p->seen_result)
			missing(p, "result.ru");
		if (!p->seen_term)
			missing(p, "term");
		if (!p->seen_starts)
			missing(p, "starts");
		if (!p->seen_ends)
			missing(p, "ends");
		if (!p->seen_source)
			missing(p, "source");
		break;
	case B_SERVICE:
		if (!p->seen_term)
			missing(p, "term");
		if (!p->seen_standard)
			missing(p, "title.ru");
		if (!p->seen_refusal)
			missing(p, "refusal.ru");
		if (!p->seen_source)
			missing(p, "source");
		break;
	case B_NONE:
		break;
	}
	p->seen_severity = p->seen_fields = p->seen_expr = p->seen_text_ru =
		p->seen_text_kk = p->seen_source = p->seen_service =
		p->seen_term = p->seen_starts = p->seen_ends = p->seen_unit =
		p->seen_action = p->seen_result = p->seen_standard =
		p->seen_refusal = 0;
	p->block = B_NONE;
}

static void
open_rule(struct parser *p, enum block b, const char *id)
{
	struct rule *r;
	size_t i;

	if (!is_id(id, b != B_RULE)) {
		perr(p, p->lineno, b == B_RULE
			     ? "неверный идентификатор правила «%s» (строчные латинские буквы, цифры, «.», «_», «-»)"
			     : "неверный ключ поля «%s» (строчные латинские буквы, цифры, «_»)", id);
		id = "?";
	}
	for (i = 0; b == B_RULE && i < p->rs->nrules; i++)
		if (p->rs->rules[i].kind == RULE_CHECK &&
		    strcmp(p->rs->rules[i].id, id) == 0)
			perr(p, p->lineno, "правило «%s» уже определено в %s:%d",
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
	char **v = split_list(val, &n);
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
		perr(p, p->lineno, "ожидается «step УСЛУГА НОМЕР»");
		st->service = xstrdup("?");
		strv_free(v, n);
		return;
	}
	for (j = 0; j < N(service_codes); j++)
		if (strcmp(v[0], service_codes[j]) == 0)
			break;
	if (j == N(service_codes))
		perr(p, p->lineno, "неизвестная услуга «%s»", v[0]);
	st->service = xstrdup(v[0]);
	st->no = (int)no;
	strv_free(v, n);
}

static void
open_service(struct parser *p, const char *val)
{
	struct rule_service *sv;
	size_t j;

	for (j = 0; j < N(service_codes); j++)
		if (strcmp(val, service_codes[j]) == 0)
			break;
	if (j == N(service_codes))
		perr(p, p->lineno, "неизвестная услуга «%s»", val);
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
		perr(p, p->lineno, "неизвестное событие «%s»", code);
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
	char **groups = split_list(val, &n);

	st->nends = 0;
	if (!n || n > N(st->ends))
		perr(p, p->lineno, "ends: от 1 до %zu групп событий",
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
	strv_free(groups, n);
}

static void
rule_attr(struct parser *p, const char *kw, const char *val)
{
	struct rule *r = cur_rule(p);
	int check = r->kind == RULE_CHECK;

	if (!strcmp(kw, "service")) {
		r->services = parse_services(p, val);
		p->seen_service = 1;
	} else if (!strcmp(kw, "form")) {
		strv_free(r->forms, r->nforms);
		r->forms = split_list(val, &r->nforms);
	} else if (check && !strcmp(kw, "severity")) {
		if (!strcmp(val, "error"))
			r->severity = RULE_ERROR;
		else if (!strcmp(val, "warning"))
			r->severity = RULE_WARNING;
		else
			perr(p, p->lineno, "severity: error или warning");
		p->seen_severity = 1;
	} else if (check && !strcmp(kw, "at")) {
		size_t n, i;
		char **v = split_list(val, &n);

		r->at = 0;
		for (i = 0; i < n; i++) {
			if (!strcmp(v[i], "intake"))
				r->at |= RULE_AT_INTAKE;
			else if (!strcmp(v[i], "decision"))
				r->at |= RULE_AT_DECISION;
			else
				perr(p, p->lineno, "at: intake и/или decision, указано «%s»", v[i]);
		}
		strv_free(v, n);
	} else if (check && !strcmp(kw, "fields")) {
		strv_free(r->fields, r->nfields);
		r->fields = split_list(val, &r->nfields);
		p->seen_fields = 1;
	} else if (!strcmp(kw, "when")) {
		set_text(&r->when_text, val);
		rx_free(r->when);
		r->when = parse_expr(p, val);
	} else if (check && !strcmp(kw, "let")) {
		const char *eq = strchr(val, '=');
		char *name;
		struct rule_let *l;

		if (!eq) {
			perr(p, p->lineno, "ожидается «let ИМЯ = выражение»");
			return;
		}
		name = xstrndup(val, (size_t)(eq - val));
		str_trim(name);
		if (!is_id(name, 1))
			perr(p, p->lineno, "let: неверное имя «%s»", name);
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
		p->seen_expr = 1;
	} else if (!strcmp(kw, "text.ru")) {
		set_text(&r->text_ru, val);
		p->seen_text_ru = 1;
	} else if (!strcmp(kw, "text.kk")) {
		set_text(&r->text_kk, val);
		p->seen_text_kk = 1;
	} else if (!strcmp(kw, "source")) {
		set_text(&r->source, val);
		p->seen_source = 1;
	} else if (!strcmp(kw, "from")) {
		r->period.has_from = !parse_period_date(p, val, &r->period.from);
	} else if (!strcmp(kw, "to")) {
		r->period.has_to = !parse_period_date(p, val, &r->period.to);
	} else {
		perr(p, p->lineno, "неизвестная строка «%s» в блоке «%s»", kw,
		     block_name(p->block));
	}
}

static void
step_attr(struct parser *p, const char *kw, const char *val)
{
	struct rule_step *st = cur_step(p);

	if (!strcmp(kw, "unit.ru")) {
		set_text(&st->unit_ru, val);
		p->seen_unit = 1;
	} else if (!strcmp(kw, "unit.kk")) {
		set_text(&st->unit_kk, val);
	} else if (!strcmp(kw, "action.ru")) {
		set_text(&st->action_ru, val);
		p->seen_action = 1;
	} else if (!strcmp(kw, "action.kk")) {
		set_text(&st->action_kk, val);
	} else if (!strcmp(kw, "result.ru")) {
		set_text(&st->result_ru, val);
		p->seen_result = 1;
	} else if (!strcmp(kw, "result.kk")) {
		set_text(&st->result_kk, val);
	} else if (!strcmp(kw, "term")) {
		st->term = parse_term(p, val);
		p->seen_term = 1;
	} else if (!strcmp(kw, "starts")) {
		unsigned bit;

		p->seen_starts = 1;
		if (!strcmp(val, "filed")) {
			st->starts = -1;
		} else if (event_bit(p, val, &bit) == 0) {
			enum case_event ev;

			workflow_event_parse(val, &ev);
			st->starts = (int)ev;
		}
	} else if (!strcmp(kw, "ends")) {
		parse_ends(p, st, val);
		p->seen_ends = 1;
	} else if (!strcmp(kw, "source")) {
		set_text(&st->source, val);
		p->seen_source = 1;
	} else if (!strcmp(kw, "from")) {
		st->period.has_from = !parse_period_date(p, val,
							 &st->period.from);
	} else if (!strcmp(kw, "to")) {
		st->period.has_to = !parse_period_date(p, val, &st->period.to);
	} else {
		perr(p, p->lineno, "неизвестная строка «%s» в блоке «step»", kw);
	}
}

static void
service_attr(struct parser *p, const char *kw, const char *val)
{
	struct rule_service *sv = cur_service(p);

	if (!strcmp(kw, "term")) {
		sv->term = parse_term(p, val);
		p->seen_term = 1;
	} else if (!strcmp(kw, "title.ru")) {
		set_text(&sv->standard_ru, val);
		p->seen_standard = 1;
	} else if (!strcmp(kw, "title.kk")) {
		set_text(&sv->standard_kk, val);
	} else if (!strcmp(kw, "refusal.ru")) {
		set_text(&sv->refusal_ru, val);
		p->seen_refusal = 1;
	} else if (!strcmp(kw, "refusal.kk")) {
		set_text(&sv->refusal_kk, val);
	} else if (!strcmp(kw, "source")) {
		set_text(&sv->source, val);
		p->seen_source = 1;
	} else if (!strcmp(kw, "from")) {
		sv->period.has_from = !parse_period_date(p, val,
							 &sv->period.from);
	} else if (!strcmp(kw, "to")) {
		sv->period.has_to = !parse_period_date(p, val, &sv->period.to);
	} else {
		perr(p, p->lineno, "неизвестная строка «%s» в блоке «standard»",
		     kw);
	}
}

static void
parse_line(struct parser *p, char *line)
{
	char *kw = line, *val;

	val = kw + strcspn(kw, " \t");
	if (*val)
		*val++ = '\0';
	while (*val == ' ' || *val == '\t')
		val++;
	if (!*val) {
		perr(p, p->lineno, "у строки «%s» нет значения", kw);
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
		perr(p, p->lineno, "строка «%s» вне блока (блоки: rule, print, step, standard)", kw);
		break;
	}
}

static int
bad_utf8_or_control(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);

		if (!k)
			return 1;
		if ((cp < 0x20 && cp != '\t') || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return 2;
		i += (size_t)k;
	}
	return 0;
}

static void
parse_text(struct parser *p, const char *text)
{
	const char *s = text, *nl;

	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3;
	while (*s) {
		size_t n;
		int bad;

		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		p->lineno++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if ((bad = bad_utf8_or_control(s, n)) != 0) {
			perr(p, p->lineno, bad == 1
				     ? "недопустимая последовательность байтов UTF-8"
				     : "управляющий символ в строке");
		} else {
			char *line = xstrndup(s, n);

			str_trim(line);
			if (*line && *line != '#') {
				if (utf8_len(line) > TEXT_MAX)
					perr(p, p->lineno, "строка длиннее %d символов", TEXT_MAX);
				else
					parse_line(p, line);
			}
			free(line);
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	close_block(p);
}

/* ---------------------------------------------------------------- */
/* Checks across the set                                            */

struct name_check {
	struct parser *p;
	const struct rule *r;
	size_t nlets;             /* lets defined so far */
	const struct formset *forms;
	int line;
};

/* Does every form the rule applies to have field key? Reports the first
 * that does not. */
static int
field_everywhere(struct name_check *c, const char *key, const char *what)
{
	size_t i;
	int bad = 0, any = 0;

	if (!c->forms)
		return 0;
	for (i = 0; i < formset_count(c->forms); i++) {
		const struct form *f = formset_at(c->forms, i);

		if (f->kind != FORM_KIND_FORM || !f->service ||
		    !rule_applies(c->r, f->service, f->id))
			continue;
		any = 1;
		if (!form_field(f, key)) {
			perr(c->p, c->line, "%s «%s»: нет поля «%s» в форме «%s»",
			     what, c->r->id, key, f->id);
			bad = 1;
		}
	}
	if (!any) {
		perr(c->p, c->line, "%s «%s»: ни одна форма не подходит",
		     what, c->r->id);
		bad = 1;
	}
	return bad;
}

static int
check_name(void *u, enum rx_ref kind, const char *name)
{
	struct name_check *c = u;
	size_t i;

	switch (kind) {
	case RX_REF_FIELD:
		field_everywhere(c, name, c->r->kind == RULE_CHECK ? "правило"
								   : "значение");
		return 0;
	case RX_REF_CTX:
		for (i = 0; i < N(ctx_names); i++)
			if (!strcmp(ctx_names[i], name))
				return 0;
		perr(c->p, c->line, "неизвестное имя «@%s» (допустимы: @act, @filed, @due, @channel, @service, @form, @applicant_iin, @applicant_citizenship)", name);
		return 0;
	case RX_REF_LET:
		for (i = 0; i < c->nlets; i++)
			if (!strcmp(c->r->lets[i].name, name))
				return 0;
		perr(c->p, c->line, "«$%s» не определено строкой «let» выше",
		     name);
		return 0;
	}
	return 0;
}

/* The reference list name, loaded once into the set; -1 when missing or
 * broken (reported). */
static int
need_list(struct name_check *c, const char *name)
{
	struct ruleset *rs = c->p->rs;
	struct reflist *l = NULL;
	size_t i;

	for (i = 0; i < rs->nlists; i++)
		if (!strcmp(rs->lists[i]->name, name))
			return 0;
	if (reflist_load(rs->forms_dir, name, &l, c->p->errs) != ST_OK) {
		perr(c->p, c->line, "нет справочника «%s» (%s/lists/%s.list)",
		     name, rs->forms_dir, name);
		return -1;
	}
	XGROW(rs->lists, rs->nlists, rs->caplists);
	rs->lists[rs->nlists++] = l;
	return 0;
}

static int
check_call(void *u, enum rx_host_func f, const char *const *lits, size_t n)
{
	struct name_check *c = u;
	const char *arg0 = n ? lits[0] : NULL;

	switch (f) {
	case RXF_SETTING:
		if (!arg0)
			perr(c->p, c->line, "setting: имя настройки — строка в кавычках");
		else if (!settings_find(arg0))
			perr(c->p, c->line, "setting: неизвестная настройка «%s»", arg0);
		break;
	case RXF_IN_LIST:
	case RXF_IN_LIST_WITHIN:
		if (!arg0 || (f == RXF_IN_LIST_WITHIN && (n < 3 || !lits[2])))
			perr(c->p, c->line, "%s: имя справочника — строка в кавычках", f == RXF_IN_LIST ? "in_list"
							  : "in_list_within");
		else if (need_list(c, arg0) == 0 && f == RXF_IN_LIST_WITHIN)
			need_list(c, lits[2]);
		break;
	case RXF_ACTIVE_CASE:
		if (!arg0) {
			perr(c->p, c->line, "active_case: услуги — строка в кавычках");
		} else {
			size_t k, i;
			char **v = split_list(arg0, &k);

			for (i = 0; i < k; i++)
				if (!workflow_service_bit(v[i]))
					perr(c->p, c->line, "active_case: неизвестная услуга «%s»", v[i]);
			strv_free(v, k);
		}
		break;
	default:
		break;
	}
	return 0;
}

/* {key}, {$let}, {@ctx} placeholders of a message. */
static void
check_text(struct name_check *c, const char *text)
{
	const char *s = text, *end;

	while (s && (s = strchr(s, '{'))) {
		char name[RULE_ID_MAX + 2];
		size_t n;

		if (s[1] == '{') {
			s += 2;
			continue;
		}
		end = strchr(s, '}');
		if (!end) {
			perr(c->p, c->line, "в тексте не закрыта «{»");
			return;
		}
		n = (size_t)(end - s - 1);
		if (n == 0 || n >= sizeof name) {
			perr(c->p, c->line, "в тексте пустая или длинная «{…}»");
			s = end + 1;
			continue;
		}
		memcpy(name, s + 1, n);
		name[n] = '\0';
		if (name[0] == '$')
			check_name(c, RX_REF_LET, name + 1);
		else if (name[0] == '@')
			check_name(c, RX_REF_CTX, name + 1);
		else
			check_name(c, RX_REF_FIELD, name);
		s = end + 1;
	}
}

static void
crosscheck(struct parser *p, const struct formset *forms)
{
	size_t i, j;

	for (i = 0; i < p->rs->nrules; i++) {
		const struct rule *r = &p->rs->rules[i];
		struct name_check c = {p, r, 0, forms, r->line};

		if (strcmp(r->file, p->name) != 0)
			continue;
		p->lineno = r->line;
		for (j = 0; j < r->nforms; j++)
			if (forms && !formset_get(forms, r->forms[j]))
				perr(p, r->line, "нет формы «%s»", r->forms[j]);
		for (j = 0; j < r->nfields; j++)
			field_everywhere(&c, r->fields[j], "правило");
		rx_names(r->when, check_name, &c);
		rx_calls(r->when, check_call, &c);
		for (j = 0; j < r->nlets; j++) {
			rx_names(r->lets[j].expr, check_name, &c);
			rx_calls(r->lets[j].expr, check_call, &c);
			c.nlets = j + 1;
		}
		rx_names(r->expr, check_name, &c);
		rx_calls(r->expr, check_call, &c);
		check_text(&c, r->text_ru);
		check_text(&c, r->text_kk);
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
read_file(const char *path, struct errlist *errs)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n;

	if (!fp) {
		errlist_add(errs, ST_INVALID, "", "%s:0: не удаётся открыть файл: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(RULES_FILE_MAX + 1);
	n = fread(buf, 1, RULES_FILE_MAX + 1, fp);
	if (ferror(fp) || n > RULES_FILE_MAX) {
		errlist_add(errs, ST_INVALID, "", ferror(fp)
			    ? "%s:0: ошибка чтения" : "%s:1: файл больше 1 МиБ", path);
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	if (strlen(buf) != n) {
		errlist_add(errs, ST_INVALID, "", "%s:0: нулевой байт в файле",
			    path);
		free(buf);
		return NULL;
	}
	return buf;
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t l = strlen(s), k = strlen(suf);

	return l > k && strcmp(s + l - k, suf) == 0;
}

/* The *.rules files, in name order. */
static char **
list_dir(DIR *d, size_t *n)
{
	struct dirent *de;
	char **names = NULL;

	*n = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".rules"))
			continue;
		names = xrealloc(names, (*n + 1) * sizeof *names);
		names[(*n)++] = xstrdup(de->d_name);
	}
	qsort(names, *n, sizeof *names, cmp_str);
	return names;
}

enum status
rules_load(const char *dir, const struct formset *forms, struct ruleset **out,
	   struct errlist *errs)
{
	struct errlist local = {0};
	struct ruleset *rs;
	char **names;
	size_t n, i, j, k;
	int bad = 0;
	DIR *d;

	*out = NULL;
	if (!errs)
		errs = &local;
	if (!(d = opendir(dir))) {
		errlist_add(errs, ST_NOTFOUND, "", "%s:0: не удаётся открыть каталог правил: %s", dir, strerror(errno));
		errlist_free(&local);
		return ST_NOTFOUND;
	}
	names = list_dir(d, &n);
	closedir(d);
	if (n == 0) {
		errlist_add(errs, ST_NOTFOUND, "", "%s:0: в каталоге нет файлов правил (*.rules)", dir);
		free(names);
		errlist_free(&local);
		return ST_NOTFOUND;
	}
	rs = xcalloc(1, sizeof *rs);
	{
		/* The forms folder: the rules' folder's parent. */
		const char *slash = strrchr(dir, '/');

		rs->forms_dir = slash ? xstrndup(dir, (size_t)(slash - dir))
				      : xstrdup(".");
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *text = read_file(path, errs);
		struct parser p = {0};

		p.name = path;
		p.rs = rs;
		p.errs = errs;
		if (!text) {
			bad = 1;
		} else {
			parse_text(&p, text);
			if (!p.nerr)
				crosscheck(&p, forms);
			if (p.nerr)
				bad = 1;
		}
		free(text);
		free(path);
	}
	strv_free(names, n);
	/* Steps: numbered 1.. per service and period without gaps is the
	 * writer's business; the same number twice in force together is
	 * not. */
	for (i = 0; i < rs->nsteps; i++)
		for (j = 0; j < i; j++) {
			const struct rule_step *a = &rs->steps[i],
					       *b = &rs->steps[j];

			if (!strcmp(a->service, b->service) && a->no == b->no &&
			    (!a->period.has_from || !b->period.has_to ||
			     date_cmp(a->period.from, b->period.to) <= 0) &&
			    (!b->period.has_from || !a->period.has_to ||
			     date_cmp(b->period.from, a->period.to) <= 0)) {
				errlist_add(errs, ST_INVALID, "", "%s:%d: шаг %d услуги %s уже определён в %s:%d на те же даты", a->file, a->line,
					    a->no, a->service, b->file,
					    b->line);
				bad = 1;
			}
		}
	/* Every service has a term in force somewhere. */
	for (k = 0; k < N(service_codes) && !bad && forms; k++) {
		for (i = 0; i < rs->nservices; i++)
			if (!strcmp(rs->services[i].code, service_codes[k]))
				break;
		if (i == rs->nservices) {
			errlist_add(errs, ST_INVALID, "", "%s:0: нет блока «standard %s» (срок услуги)", dir,
				    service_codes[k]);
			bad = 1;
		}
	}
	errlist_free(&local);
	if (bad) {
		rules_free(rs);
		return ST_INVALID;
	}
	*out = rs;
	return ST_OK;
}

/* ---------------------------------------------------------------- */
/* Evaluation                                                       */

void
rule_findings_free(struct rule_findings *f)
{
	free(f->v);
	memset(f, 0, sizeof *f);
}

size_t
rule_findings_errors(const struct rule_findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->v[i].severity == RULE_ERROR;
	return n;
}

size_t
rule_findings_unconfirmed(const struct rule_findings *f)
{
	size_t i, n = 0;

	for (i = 0; i < f->n; i++)
		n += f->v[i].severity == RULE_WARNING && !f->v[i].confirmed;
	return n;
}

struct env_state {
	const struct ruleset *rs;
	const struct rules_ctx *ctx;
	json_t *values;
	const struct rule *rule;
	struct rx_val *lets;      /* values of rule->lets[0..nlets) */
	size_t nlets;
	struct err storage;       /* a history look-up the database failed:
				   * its status and message, not the rule's */
};

static struct rx_val
field_value(const struct form *f, json_t *values, const char *key)
{
	const struct form_field *fl = f ? form_field(f, key) : NULL;
	const char *s = json_string_value(json_object_get(values, key));
	struct date d;

	if (!s || !*s)
		return rx_null();
	if (fl && fl->type == FORM_DATE) {
		if (date_parse_iso(s, &d) != 0)
			return rx_null();
		return rx_date(d);
	}
	if (fl && fl->type == FORM_NUMBER) {
		char *end;
		long long n = strtoll(s, &end, 10);

		return *end ? rx_null() : rx_num(n);
	}
	return rx_str(s);
}

static int
env_name(void *u, enum rx_ref kind, const char *name, struct rx_val *out)
{
	struct env_state *st = u;
	const struct rules_ctx *c = st->ctx;
	size_t i;

	*out = rx_null();
	switch (kind) {
	case RX_REF_FIELD:
		*out = field_value(c->form, st->values, name);
		return 0;
	case RX_REF_LET:
		for (i = 0; i < st->nlets; i++)
			if (!strcmp(st->rule->lets[i].name, name)) {
				*out = st->lets[i];
				if (out->t == RX_STR)
					out->s = xstrdup(out->s);
				return 0;
			}
		return -1;
	case RX_REF_CTX:
		break;
	}
	if (!strcmp(name, "act"))
		*out = rx_date(c->act);
	else if (!strcmp(name, "filed"))
		*out = rx_date(c->filed);
	else if (!strcmp(name, "due"))
		*out = c->has_due ? rx_date(c->due) : rx_null();
	else if (!strcmp(name, "channel"))
		*out = rx_str(c->channel ? c->channel : "paper");
	else if (!strcmp(name, "service"))
		*out = rx_str(c->service);
	else if (!strcmp(name, "form"))
		*out = c->form ? rx_str(c->form->id) : rx_null();
	else if (!strcmp(name, "applicant_iin"))
		*out = c->applicant_iin && *c->applicant_iin
			       ? rx_str(c->applicant_iin) : rx_null();
	else if (!strcmp(name, "applicant_citizenship"))
		*out = c->applicant_citizenship && *c->applicant_citizenship
			       ? rx_str(c->applicant_citizenship) : rx_null();
	else
		return -1;
	return 0;
}

/* The first case of these services for the same document number that is
 * in force in any office of the database (a regional database: every
 * office of the region): accepted and not refused, returned or cancelled,
 * its period not over on the day of the act. The answer names the office
 * that holds it. */
static int
active_case(const struct rules_ctx *c, const char *services,
	    const char *docno, struct rx_val *out, char *msg, size_t n,
	    struct err *storage)
{
	struct db_stmt *st;
	struct err e = {0};
	char act[11], to[11];
	enum status ret;

	*out = rx_null();
	if (!c->s || !docno || !*docno)
		return 0;
	date_format_iso(c->act, act);
	ret = db_one(c->s, &st, &e,
		"SELECT c.journal_no, c.journal_year, "
		"COALESCE(json_extract(c.data, '$.period_to'), ''), o.name "
		"FROM cases c JOIN offices o ON o.id = c.office_id "
		"WHERE c.docno = ?1 AND c.id <> ?2 "
		"AND ',' || CAST(?3 AS TEXT) || ',' LIKE "
		"'%,' || c.service || ',%' "
		"AND c.state IN ('accepted','checked','hit','issued',"
		"'handed_out') "
		"AND NOT EXISTS (SELECT 1 FROM case_events e WHERE "
		"e.case_id = c.id AND e.event = 'refuse') "
		"AND COALESCE(json_extract(c.data, '$.period_to'), ?4) >= ?4 "
		"ORDER BY c.id LIMIT 1",
		DB_TEXT(docno), DB_INT(c->case_id), DB_TEXT(services),
		DB_TEXT(act));
	if (ret == ST_NOTFOUND)
		return 0;
	if (ret != ST_OK) {
		snprintf(msg, n, "история дел недоступна: %s", e.msg);
		*storage = e;
		return -1;
	}
	{
		char *text;

		date_iso_to_ru(db_col_text(st, 2), to);
		text = xasprintf("№ %d/%d (%s, срок по %s)", db_col_int(st, 0),
				 db_col_int(st, 1), db_col_text(st, 3), to);
		*out = rx_str(text);
		free(text);
	}
	db_finalize(st);
	return 0;
}

static int
env_call(void *u, enum rx_host_func f, const struct rx_val *a, size_t na,
	 struct rx_val *out, char *msg, size_t n)
{
	struct env_state *st = u;
	const struct rules_ctx *c = st->ctx;
	struct err e = {0};

	(void)na;
	*out = rx_null();
	switch (f) {
	case RXF_SETTING: {
		long v;

		if (a[0].t != RX_STR || a[1].t != RX_NUM) {
			snprintf(msg, n, "setting(\"ключ\", число по умолчанию)");
			return -1;
		}
		*out = rx_num(c->s && settings_value(c->s, a[0].s, &v)
				      ? v : a[1].n);
		return 0;
	}
	case RXF_ACTIVE_CASE:
		if (a[0].t != RX_STR || (a[1].t != RX_STR && a[1].t != RX_NULL)) {
			snprintf(msg, n, "active_case(\"услуги\", номер)");
			return -1;
		}
		return active_case(c, a[0].s, a[1].t == RX_STR ? a[1].s : NULL,
				   out, msg, n, &st->storage);
	case RXF_IN_LIST:
	case RXF_IN_LIST_WITHIN: {
		const struct reflist *l = a[0].t == RX_STR
			? rules_list(st->rs, a[0].s) : NULL;
		const struct ref_entry *en, *par;

		if (!l) {
			snprintf(msg, n, "нет справочника");
			return -1;
		}
		if (a[1].t == RX_NULL)
			return 0;
		if (a[1].t != RX_STR) {
			snprintf(msg, n, "%s: ожидается текст",
				 f == RXF_IN_LIST ? "in_list" : "in_list_within");
			return -1;
		}
		en = reflist_find(l, a[1].s);
		if (f == RXF_IN_LIST) {
			*out = rx_bool(en != NULL);
			return 0;
		}
		/* The entry lies in the parent value's entry. */
		if (a[3].t == RX_NULL)
			return 0;
		if (a[2].t != RX_STR || a[3].t != RX_STR ||
		    !rules_list(st->rs, a[2].s)) {
			snprintf(msg, n, "in_list_within: справочник и текст");
			return -1;
		}
		par = reflist_find(rules_list(st->rs, a[2].s), a[3].s);
		*out = rx_bool(en && par && !strcmp(en->parent, par->code));
		return 0;
	}
	case RXF_WORKDAYS: {
		int k;

		if (a[0].t == RX_NULL || a[1].t == RX_NULL)
			return 0;
		if (a[0].t != RX_DATE || a[1].t != RX_DATE) {
			snprintf(msg, n, "workdays(дата, дата)");
			return -1;
		}
		if (a[1].n > a[0].n + 3660) {
			*out = rx_num(a[1].n - a[0].n); /* far apart: enough */
			return 0;
		}
		k = cal_workdays_between(c->s, rx_val_date(&a[0]),
					 rx_val_date(&a[1]));
		if (k < 0) {
			snprintf(msg, n, "календарь недоступен");
			return -1;
		}
		*out = rx_num(k);
		return 0;
	}
	case RXF_DUE: {
		struct date d;

		if (a[0].t == RX_NULL || a[1].t == RX_NULL)
			return 0;
		if (a[0].t != RX_DATE || a[1].t != RX_NUM || a[1].n < 1 ||
		    a[1].n > 366) {
			snprintf(msg, n, "due(дата, число рабочих дней)");
			return -1;
		}
		if (cal_due(c->s, rx_val_date(&a[0]), (int)a[1].n, &d, &e) !=
		    ST_OK) {
			snprintf(msg, n, "%s", e.msg);
			return -1;
		}
		*out = rx_date(d);
		return 0;
	}
	case RXF__COUNT:
		break;
	}
	snprintf(msg, n, "неизвестная функция");
	return -1;
}

static void
env_init(struct env_state *st, struct rx_env *env, const struct ruleset *rs,
	 const struct rules_ctx *ctx, json_t *values, const struct rule *r)
{
	memset(st, 0, sizeof *st);
	st->rs = rs;
	st->ctx = ctx;
	st->values = values;
	st->rule = r;
	st->lets = r->nlets ? xcalloc(r->nlets, sizeof *st->lets) : NULL;
	env->name = env_name;
	env->call = env_call;
	env->u = st;
}

static void
env_done(struct env_state *st)
{
	size_t i;

	for (i = 0; i < st->nlets; i++)
		rx_val_free(&st->lets[i]);
	free(st->lets);
	st->lets = NULL;
	st->nlets = 0;
}

/* A rule that could not be evaluated. When the database failed under it
 * (busy, a serialization failure, the server out of reach), that failure
 * is what is returned, so that a transaction is retried and the window
 * says what happened. */
static enum status
eval_fail(const struct env_state *st, const char *msg, struct err *e)
{
	const struct rule *r = st->rule;

	if (st->storage.st != ST_OK) {
		if (e)
			*e = st->storage;
		return st->storage.st;
	}
	return err_set(e, ST_ERROR, "rules", "Правило «%s» (%s:%d) не вычислено: %s", r->id, r->file, r->line, msg);
}

static enum status
eval_lets(struct env_state *st, const struct rx_env *env, struct err *e)
{
	char msg[256];
	size_t i;

	for (i = 0; i < st->rule->nlets; i++) {
		if (rx_eval(st->rule->lets[i].expr, env, &st->lets[i], msg,
			    sizeof msg) != 0)
			return eval_fail(st, msg, e);
		st->nlets = i + 1;
	}
	return ST_OK;
}

/* Render a message: {key} a field as displayed, {$let}, {@ctx}. */
static void
render(struct env_state *st, const struct rx_env *env, const char *text,
       struct strbuf *out)
{
	const char *s = text;

	while (*s) {
		const char *end;

		if (s[0] == '{' && s[1] == '{') {
			sb_addc(out, '{');
			s += 2;
			continue;
		}
		if (s[0] == '}' && s[1] == '}') {
			sb_addc(out, '}');
			s += 2;
			continue;
		}
		if (s[0] != '{' || !(end = strchr(s, '}'))) {
			sb_addc(out, *s++);
			continue;
		}
		{
			char *name = xstrndup(s + 1, (size_t)(end - s - 1));
			struct rx_val v = rx_null();
			char *shown = NULL;

			if (name[0] == '$' || name[0] == '@') {
				if (env_name(env->u, name[0] == '$' ? RX_REF_LET
								    : RX_REF_CTX,
					     name + 1, &v) == 0)
					shown = rx_val_text(&v);
			} else {
				const struct form *f = st->ctx->form;
				const char *raw = json_string_value(
					json_object_get(st->values, name));

				shown = form_value_display(
					f, f ? form_field(f, name) : NULL, raw);
			}
			if (shown) {
				char *vis = utf8_visible(shown, 0);

				sb_add(out, vis);
				free(vis);
			}
			free(shown);
			rx_val_free(&v);
			free(name);
		}
		s = end + 1;
	}
}

static int
applies_now(const struct rule *r, const struct rules_ctx *ctx)
{
	return rule_applies(r, ctx->service, ctx->form ? ctx->form->id : NULL)
	       && rule_in_force(&r->period, ctx->act);
}

enum status
rules_check(const struct ruleset *rs, const struct rules_ctx *ctx,
	    json_t *values, unsigned at, struct rule_findings *out,
	    struct err *e)
{
	size_t i;

	for (i = 0; rs && i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		struct env_state st;
		struct rx_env env;
		struct rx_val v = rx_null();
		struct rule_finding *fd;
		struct strbuf msg = {0};
		const struct form_field *fl;
		char why[256];
		enum status ret;
		int t;

		if (r->kind != RULE_CHECK || !(r->at & at) ||
		    !applies_now(r, ctx))
			continue;
		env_init(&st, &env, rs, ctx, values, r);
		if ((ret = eval_lets(&st, &env, e)) != ST_OK) {
			env_done(&st);
			return ret;
		}
		if (r->when) {
			if (rx_eval(r->when, &env, &v, why, sizeof why) != 0) {
				env_done(&st);
				return eval_fail(&st, why, e);
			}
			t = rx_truth(&v);
			rx_val_free(&v);
			if (t != 1) {
				env_done(&st);
				continue;
			}
		}
		if (rx_eval(r->expr, &env, &v, why, sizeof why) != 0) {
			env_done(&st);
			return eval_fail(&st, why, e);
		}
		t = rx_truth(&v);
		rx_val_free(&v);
		if (t != 0) {   /* holds, or not known yet */
			env_done(&st);
			continue;
		}
		XGROW(out->v, out->n, out->cap);
		fd = &out->v[out->n++];
		memset(fd, 0, sizeof *fd);
		snprintf(fd->id, sizeof fd->id, "%s", r->id);
		fd->severity = r->severity;
		snprintf(fd->field, sizeof fd->field, "%s", r->fields[0]);
		fl = ctx->form ? form_field(ctx->form, r->fields[0]) : NULL;
		sb_printf(&msg, "%s: ", fl ? fl->label_ru : r->fields[0]);
		render(&st, &env, r->text_ru, &msg);
		snprintf(fd->msg, sizeof fd->msg, "%s", msg.s);
		sb_free(&msg);
		env_done(&st);
	}
	return ST_OK;
}

/* Collapse runs of spaces (an empty patronymic) and trim. */
static void
squeeze(char *s)
{
	char *w = s, *r = s;
	int space = 1;

	for (; *r; r++) {
		if (*r == ' ') {
			if (!space)
				*w++ = ' ';
			space = 1;
			continue;
		}
		*w++ = *r;
		space = 0;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

enum status
rules_value(const struct ruleset *rs, const struct rules_ctx *ctx,
	    json_t *values, const char *key, char **out, struct err *e)
{
	size_t i;

	*out = NULL;
	for (i = 0; rs && key && i < rs->nrules; i++) {
		const struct rule *r = &rs->rules[i];
		struct env_state st;
		struct rx_env env;
		struct strbuf b = {0};

		if (r->kind != RULE_VALUE || strcmp(r->id, key) != 0 ||
		    !applies_now(r, ctx))
			continue;
		env_init(&st, &env, rs, ctx, values, r);
		if (r->when) {
			struct rx_val v;
			char msg[256];
			int t;

			if (rx_eval(r->when, &env, &v, msg, sizeof msg) != 0) {
				env_done(&st);
				return eval_fail(&st, msg, e);
			}
			t = rx_truth(&v);
			rx_val_free(&v);
			if (t != 1) {
				env_done(&st);
				continue;
			}
		}
		render(&st, &env, r->text_ru, &b);
		env_done(&st);
		*out = sb_take(&b);
		squeeze(*out);
		return ST_OK;
	}
	*out = xstrdup("");
	return ST_OK;
}

static int
in_array(json_t *arr, const char *id)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		const char *s = json_string_value(json_array_get(arr, i));

		if (s && !strcmp(s, id))
			return 1;
	}
	return 0;
}

enum status
rule_findings_confirm(struct rule_findings *f, json_t *confirm, json_t *before,
		      struct err *e)
{
	size_t i, j;

	for (j = 0; j < json_array_size(confirm); j++) {
		const char *id = json_string_value(json_array_get(confirm, j));
		int found = 0;

		for (i = 0; id && i < f->n; i++)
			if (f->v[i].severity == RULE_WARNING &&
			    !strcmp(f->v[i].id, id))
				found = 1;
		if (!found)
			return err_set(e, ST_INVALID, "confirm",
				       "Подтверждение: предупреждения «%s» для этого дела нет", id ? id : "");
	}
	for (i = 0; i < f->n; i++)
		if (f->v[i].severity == RULE_WARNING &&
		    (in_array(confirm, f->v[i].id) ||
		     in_array(before, f->v[i].id)))
			f->v[i].confirmed = 1;
	return ST_OK;
}

enum status
rule_findings_refuse(const struct rule_findings *f, struct errlist *errs)
{
	enum status ret = ST_OK;
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct rule_finding *fd = &f->v[i];

		if (fd->severity == RULE_ERROR) {
			errlist_add(errs, ST_INVALID, fd->field, "%s", fd->msg);
			ret = ST_INVALID;
		} else if (!fd->confirmed) {
			errlist_add(errs, ST_INVALID, fd->field,
				    "%s (предупреждение %s: нужно подтверждение)", fd->msg, fd->id);
			ret = ST_INVALID;
		}
	}
	return ret;
}

json_t *
rule_findings_confirmed_json(const struct rule_findings *f)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].severity == RULE_WARNING && f->v[i].confirmed)
			json_array_append_new(a, json_pack("{s:s, s:s}", "rule",
							   f->v[i].id, "text",
							   f->v[i].msg));
	return a;
}
