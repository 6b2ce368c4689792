/* SPDX-License-Identifier: MIT */
/* The .rules file format's parser: one file's lines into the blocks of
 * the set (rule, print, step, standard), each keyword checked as it is
 * read, "file:line:" for every problem. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "util.h"

#define RULES_MAX_ERRORS 50
#define TEXT_MAX 1000

void
rules_perr(struct parser *p, int line, const char *fmt, ...)
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
				rules_perr(p, p->block_line, "дата «from» позже «to»");
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
		p->seen_service = 1;
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
		p->seen_severity = 1;
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
		rules_perr(p, p->lineno, "неизвестная строка «%s» в блоке «step»", kw);
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
		rules_perr(p, p->lineno, "неизвестная строка «%s» в блоке «standard»",
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

void
rules_parse_text(struct parser *p, const char *text)
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
			rules_perr(p, p->lineno, bad == 1
				     ? "недопустимая последовательность байтов UTF-8"
				     : "управляющий символ в строке");
		} else {
			char *line = xstrndup(s, n);

			str_trim(line);
			if (*line && *line != '#') {
				if (utf8_len(line) > TEXT_MAX)
					rules_perr(p, p->lineno, "строка длиннее %d символов", TEXT_MAX);
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
