/* SPDX-License-Identifier: MIT */
/* The form-file parser: one line at a time, with "file:line:" diagnostics
 * (form_parse). */
#include "forms.h"
#include "forms_int.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "country.h"
#include "date.h"
#include "textfile.h"
#include "validate.h"

static const char *const type_names[FORM__NTYPES] = {
	[FORM_TEXT] = "text",       [FORM_NAME] = "name",
	[FORM_DATE] = "date",       [FORM_COUNTRY] = "country",
	[FORM_CHOICE] = "choice",   [FORM_NUMBER] = "number",
	[FORM_IIN] = "iin",         [FORM_BIN] = "bin",
	[FORM_DOCNO] = "docno",     [FORM_PHONE] = "phone",
	[FORM_MULTILINE] = "multiline", [FORM_YESNO] = "yesno",
};

/* Default max length by type, where the type fixes it. */
static const int type_maxlen[FORM__NTYPES] = {
	[FORM_DATE] = 10, [FORM_COUNTRY] = 60, [FORM_NUMBER] = 19,
	[FORM_IIN] = 12,  [FORM_BIN] = 12,     [FORM_DOCNO] = 12,
	[FORM_PHONE] = 20, [FORM_YESNO] = 3,
};

static const char *const services[] = {
	"border-pass", "invitation", "registration",
};

/* Case attributes a column may show besides form values. */
static const char *const case_attrs[] = {
	"@journal_no", "@accepted_at", "@inspector", "@records_check",
	"@berkut", "@handed_out", "@note",
};

const char *
form_field_type_name(enum form_field_type t)
{
	if ((unsigned)t >= FORM__NTYPES)
		return "?";
	return type_names[t];
}

/* ---------------------------------------------------------------- */
/* Parser                                                           */

/* Attributes, one bit each, so a repeated one is caught. */
enum attr {
	A_VERSION, A_SERVICE, A_TITLE_RU, A_TITLE_KK,
	A_TYPE, A_LABEL_RU, A_LABEL_KK, A_HINT_RU, A_HINT_KK, A_WIDTH, A_MAX,
	A_LINES, A_RANGE, A_MASK, A_NEED, A_CHOICE, A_SOURCE,
	A_TEXT_RU, A_TEXT_KK, A_LIST, A_DEFAULT, A_COMPUTE,
	A__COUNT
};

static const char *const attr_names[A__COUNT] = {
	[A_VERSION] = "version", [A_SERVICE] = "service",
	[A_TITLE_RU] = "title.ru", [A_TITLE_KK] = "title.kk",
	[A_TYPE] = "type", [A_LABEL_RU] = "label.ru",
	[A_LABEL_KK] = "label.kk", [A_HINT_RU] = "hint.ru",
	[A_HINT_KK] = "hint.kk", [A_WIDTH] = "width", [A_MAX] = "max",
	[A_LINES] = "lines", [A_RANGE] = "range", [A_MASK] = "mask",
	[A_NEED] = "required", [A_CHOICE] = "choice", [A_SOURCE] = "source",
	[A_TEXT_RU] = "text.ru", [A_TEXT_KK] = "text.kk",
	[A_LIST] = "list", [A_DEFAULT] = "default", [A_COMPUTE] = "compute",
};

enum block { B_NONE, B_HEADER, B_SECTION, B_FIELD, B_CHECK };

/* Where each attribute was first given in the current block. */
struct seen {
	int line[A__COUNT];
};

struct fmeta {
	struct seen seen;
	int line;        /* checks: where the item starts */
	int cond_line;
	int choice_line;
	int type_bad;    /* an unknown type was reported already */
};

struct parser {
	const char *name;
	struct errlist *errs;
	int nerr;
	struct form *f;
	int lineno;
	int have_head;       /* the form/columns line was read */
	int complained_head; /* "must start with form" said once */
	enum block block;
	struct seen head;
	struct seen sec;     /* current section */
	int sec_line;
	struct fmeta *fm;    /* parallel to f->fields */
	struct fmeta *cm;    /* parallel to f->checklist */
	size_t cap_sections, cap_fields, cap_checks;
};

static void perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	p->nerr++;
	if (!p->errs || p->nerr > FORM_MAX_ERRORS)
		return;
	if (p->nerr == FORM_MAX_ERRORS) {
		errlist_add(p->errs, ST_INVALID, "",
			    "%s:%d: слишком много ошибок, остальные пропущены",
			    p->name, line);
		return;
	}
	va_start(ap, fmt);
	text_verror(p->errs, p->name, line, fmt, ap);
	va_end(ap);
}

static int
is_key(const char *s, int allow_dash)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > KEY_MAX)
		return 0;
	if (!islower((unsigned char)s[0]) && !isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!(islower(c) || isdigit(c) || c == '_' ||
		      (allow_dash && c == '-')))
			return 0;
	}
	return 1;
}

static int
parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static const char *
block_where(const struct parser *p)
{
	switch (p->block) {
	case B_HEADER:  return "в заголовке формы";
	case B_SECTION: return "в описании раздела";
	case B_FIELD:
		return p->f->kind == FORM_KIND_COLUMNS ?
			"в описании столбца" : "в описании поля";
	case B_CHECK:   return "в пункте перечня документов";
	default:        return "";
	}
}

/* Which attributes each block accepts. */
static int
attr_allowed(const struct parser *p, enum attr a)
{
	switch (p->block) {
	case B_HEADER:
		return a == A_VERSION || a == A_SERVICE || a == A_TITLE_RU ||
		       a == A_TITLE_KK;
	case B_SECTION:
		return a == A_TITLE_RU || a == A_TITLE_KK;
	case B_FIELD:
		if (a == A_SOURCE)
			return p->f->kind == FORM_KIND_COLUMNS;
		if (a == A_LIST || a == A_DEFAULT || a == A_COMPUTE)
			return p->f->kind == FORM_KIND_FORM;
		return a >= A_TYPE && a <= A_CHOICE;
	case B_CHECK:
		return a == A_TEXT_RU || a == A_TEXT_KK || a == A_NEED;
	default:
		return 0;
	}
}

static int
lookup_attr(const char *kw)
{
	int i;

	if (!strcmp(kw, "optional") || !strcmp(kw, "required-if"))
		return A_NEED;
	for (i = 0; i < A__COUNT; i++)
		if (!strcmp(kw, attr_names[i]))
			return i;
	return -1;
}

static int
lookup_type(const char *s)
{
	int i;

	for (i = 0; i < FORM__NTYPES; i++)
		if (!strcmp(s, type_names[i]))
			return i;
	return -1;
}

/* Parse "KEY = v1,v2" or "KEY filled". */
static int
parse_cond(struct parser *p, const char *val, struct form_cond *c)
{
	size_t klen = strspn(val, "abcdefghijklmnopqrstuvwxyz0123456789_");
	char *key = xstrndup(val, klen), *rest = xstrdup(val + klen);
	char *tok, *save = NULL;
	int ok = 0;

	memset(c, 0, sizeof *c);
	str_trim(rest);
	if (!is_key(key, 0) || (strcmp(rest, "filled") && rest[0] != '=')) {
		perr(p, p->lineno, "условие «%s»: нужно «поле = значение» или «поле filled»", val);
		goto out;
	}
	c->key = xstrdup(key);
	if (!strcmp(rest, "filled")) {
		c->op = FORM_COND_FILLED;
		ok = 1;
		goto out;
	}
	c->op = FORM_COND_EQ;
	for (tok = strtok_r(rest + 1, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		str_trim(tok);
		if (!*tok)
			continue;
		c->values = xrealloc(c->values,
				     (c->nvalues + 1) * sizeof *c->values);
		c->values[c->nvalues++] = xstrdup(tok);
	}
	if (c->nvalues == 0) {
		perr(p, p->lineno, "условие «%s»: после «=» нет значения",
		     val);
		goto out;
	}
	ok = 1;
out:
	free(key);
	free(rest);
	if (!ok)
		form_cond_free(c);
	return ok;
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int
mask_ok(struct parser *p, const char *m)
{
	const char *s;

	for (s = m; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '9' || c == 'A' || c == '*')
			continue;
		if (c >= 0x80 || isalnum(c)) {
			perr(p, p->lineno, "недопустимый символ в маске «%s»: буквы и цифры, кроме 9 (цифра) и A (буква), не допускаются", m);
			return 0;
		}
	}
	return 1;
}

/* The kiosk's attributes: a reference list, a default, a computed value. */
static void
kiosk_attr(struct parser *p, struct form_field *fl, enum attr a,
	   const char *val)
{
	char w[4][64], extra[2];
	int n = sscanf(val, "%63s %63s %63s %63s %1s", w[0], w[1], w[2], w[3],
		       extra);
	long months;

	if (a == A_DEFAULT) {
		if (n != 1 || strcmp(w[0], "today"))
			perr(p, p->lineno, "поле «%s»: «default» знает только today", fl->key);
		else
			fl->default_today = 1;
		return;
	}
	if (a == A_LIST) {
		if (!(n == 1 || (n == 3 && !strcmp(w[1], "within"))) ||
		    !is_key(w[0], 1)) {
			perr(p, p->lineno, "поле «%s»: нужно «list ИМЯ» или «list ИМЯ within ПОЛЕ» (имя: латинские строчные буквы, цифры, дефис)", fl->key);
			return;
		}
		set_str(&fl->list, w[0]);
		if (n == 3)
			set_str(&fl->list_within, w[2]);
		return;
	}
	if (n == 4 && !strcmp(w[0], "months-over") &&
	    !parse_long(w[3], &months) && months > 0 && months < 1200) {
		fl->compute = FORM_COMPUTE_MONTHS_OVER;
		set_str(&fl->compute_a, w[1]);
		set_str(&fl->compute_b, w[2]);
		fl->compute_n = (int)months;
	} else if (n == 4 && !strcmp(w[0], "years-under") &&
		   !parse_long(w[3], &months) && months > 0 && months < 200) {
		fl->compute = FORM_COMPUTE_YEARS_UNDER;
		set_str(&fl->compute_a, w[1]);
		set_str(&fl->compute_b, w[2]);
		fl->compute_n = (int)months;
	} else if (n == 2 && !strcmp(w[0], "birth-from-iin")) {
		fl->compute = FORM_COMPUTE_IIN_BIRTH;
		set_str(&fl->compute_a, w[1]);
	} else {
		perr(p, p->lineno, "поле «%s»: нужно «compute months-over С ПО МЕСЯЦЕВ», «compute years-under С ПО ЛЕТ» или «compute birth-from-iin ПОЛЕ»", fl->key);
	}
}

/* The fields a list or a computed value names exist, and have the types
 * the computation needs. */
static void
resolve_kiosk(struct parser *p, const struct form_field *fl, int line)
{
	const struct form_field *a = fl->compute_a ? form_field(p->f,
								fl->compute_a)
						   : NULL;
	const struct form_field *b = fl->compute_b ? form_field(p->f,
								fl->compute_b)
						   : NULL;

	if (fl->list_within && !form_field(p->f, fl->list_within))
		perr(p, line, "поле «%s»: список внутри неизвестного поля «%s»",
		     fl->key, fl->list_within);
	switch (fl->compute) {
	case FORM_COMPUTE_MONTHS_OVER:
	case FORM_COMPUTE_YEARS_UNDER:
		if (fl->type != FORM_YESNO || !a || !b || a->type != FORM_DATE ||
		    b->type != FORM_DATE)
			perr(p, line, "поле «%s»: %s — поле типа yesno по двум полям типа date", fl->key,
			     fl->compute == FORM_COMPUTE_MONTHS_OVER
				     ? "months-over" : "years-under");
		break;
	case FORM_COMPUTE_IIN_BIRTH:
		if (fl->type != FORM_DATE || !a || a->type != FORM_IIN)
			perr(p, line, "поле «%s»: birth-from-iin — поле типа date по полю типа iin", fl->key);
		break;
	default:
		break;
	}
	if (fl->default_today && fl->type != FORM_DATE)
		perr(p, line, "поле «%s»: default today — только у поля типа date", fl->key);
}

/* choice CODE по-русски | қазақша */
static void
add_choice(struct parser *p, struct form_field *fl, struct fmeta *m,
	   const char *val)
{
	char *s = xstrdup(val), *ru, *kk, *bar;
	size_t i;

	ru = s + strcspn(s, " \t");
	if (*ru)
		*ru++ = '\0';
	bar = strchr(ru, '|');
	if (!is_key(s, 1) || !bar || strchr(bar + 1, '|')) {
		perr(p, p->lineno, "вариант «%s»: нужно «choice КОД по-русски | қазақша»", val);
		free(s);
		return;
	}
	*bar = '\0';
	kk = bar + 1;
	str_trim(ru);
	str_trim(kk);
	if (!*ru || !*kk) {
		perr(p, p->lineno, "вариант «%s»: нет текста по-русски или по-казахски", s);
		free(s);
		return;
	}
	for (i = 0; i < fl->nchoices; i++)
		if (!strcmp(fl->choices[i].code, s))
			break;
	if (i < fl->nchoices) {
		perr(p, p->lineno, "вариант «%s» повторяется", s);
		free(s);
		return;
	}
	fl->choices = xrealloc(fl->choices, (fl->nchoices + 1) *
			       sizeof *fl->choices);
	fl->choices[fl->nchoices].code = xstrdup(s);
	fl->choices[fl->nchoices].ru = xstrdup(ru);
	fl->choices[fl->nchoices].kk = xstrdup(kk);
	fl->nchoices++;
	if (!m->choice_line)
		m->choice_line = p->lineno;
	free(s);
}

/* source KEY|@ATTRIBUTE... */
static void
add_sources(struct parser *p, struct form_field *fl, const char *val)
{
	char *s = xstrdup(val), *tok, *save = NULL;

	for (tok = strtok_r(s, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		size_t i;
		int ok = 0;

		if (tok[0] == '@') {
			for (i = 0; i < N(case_attrs); i++)
				ok |= !strcmp(tok, case_attrs[i]);
		} else {
			ok = is_key(tok, 0);
		}
		if (!ok) {
			perr(p, p->lineno, "источник «%s»: ни имя поля, ни известный атрибут дела (@...)", tok);
			continue;
		}
		fl->sources = xrealloc(fl->sources, (fl->nsources + 1) *
				       sizeof *fl->sources);
		fl->sources[fl->nsources++] = xstrdup(tok);
	}
	free(s);
}

/* A whole number within lo..hi into *out, else the message what. */
static void
set_bounded(struct parser *p, const char *val, long lo, long hi, int *out,
	    const char *what)
{
	long n;

	if (parse_long(val, &n) || n < lo || n > hi) {
		perr(p, p->lineno, "%s «%s»: нужно целое число от %ld до %ld", what, val, lo, hi);
		return;
	}
	*out = (int)n;
}

static void
field_attr(struct parser *p, enum attr a, const char *kw, const char *val)
{
	struct form_field *fl = &p->f->fields[p->f->nfields - 1];
	struct fmeta *m = &p->fm[p->f->nfields - 1];
	int t;

	switch (a) {
	case A_TYPE:
		if ((t = lookup_type(val)) < 0) {
			perr(p, p->lineno, "неизвестный тип поля «%s» (допустимы: text, name, date, country, choice, number, iin, bin, docno, phone, multiline, yesno)",
			     val);
			m->type_bad = 1;
			return;
		}
		fl->type = (enum form_field_type)t;
		break;
	case A_LABEL_RU: set_str(&fl->label_ru, val); break;
	case A_LABEL_KK: set_str(&fl->label_kk, val); break;
	case A_HINT_RU:  set_str(&fl->hint_ru, val); break;
	case A_HINT_KK:  set_str(&fl->hint_kk, val); break;
	case A_WIDTH:
		set_bounded(p, val, 1, FORM_MAX_WIDTH, &fl->width,
			    "недопустимая ширина");
		break;
	case A_MAX:
		set_bounded(p, val, 1, FORM_MAX_LEN, &fl->maxlen,
			    "недопустимая длина");
		break;
	case A_LINES:
		set_bounded(p, val, 1, FORM_MAX_LINES, &fl->lines,
			    "недопустимое число строк");
		break;
	case A_RANGE: {
		char lo[32], hi[32], extra[2];

		if (sscanf(val, "%31s %31s %1s", lo, hi, extra) != 2 ||
		    parse_long(lo, &fl->min) || parse_long(hi, &fl->max) ||
		    fl->min > fl->max) {
			perr(p, p->lineno, "недопустимый диапазон «%s»: нужно «range МИН МАКС», МИН не больше МАКС", val);
			return;
		}
		break;
	}
	case A_MASK:
		if (!mask_ok(p, val))
			return;
		set_str(&fl->mask, val);
		break;
	case A_LIST:
	case A_DEFAULT:
	case A_COMPUTE:
		kiosk_attr(p, fl, a, val);
		break;
	case A_NEED:
		if (!strcmp(kw, "required")) {
			fl->need = FORM_REQUIRED;
		} else if (!strcmp(kw, "optional")) {
			fl->need = FORM_OPTIONAL;
		} else {
			if (!parse_cond(p, val, &fl->cond))
				return;
			fl->need = FORM_REQUIRED_IF;
			m->cond_line = p->lineno;
		}
		break;
	case A_CHOICE:
		add_choice(p, fl, m, val);
		break;
	case A_SOURCE:
		add_sources(p, fl, val);
		break;
	default:
		break;
	}
}

static void
check_attr(struct parser *p, enum attr a, const char *kw, const char *val)
{
	struct form_check_item *c = &p->f->checklist[p->f->nchecklist - 1];

	switch (a) {
	case A_TEXT_RU: set_str(&c->text_ru, val); break;
	case A_TEXT_KK: set_str(&c->text_kk, val); break;
	case A_NEED:
		if (!strcmp(kw, "required")) {
			c->need = FORM_REQUIRED;
		} else if (!strcmp(kw, "optional")) {
			c->need = FORM_OPTIONAL;
		} else {
			if (!parse_cond(p, val, &c->cond))
				return;
			c->need = FORM_REQUIRED_IF;
			p->cm[p->f->nchecklist - 1].cond_line = p->lineno;
		}
		break;
	default:
		break;
	}
}

static void
header_attr(struct parser *p, enum attr a, const char *val)
{
	struct form *f = p->f;
	size_t i;

	switch (a) {
	case A_VERSION:
		for (i = 0; val[i]; i++)
			if (!isalnum((unsigned char)val[i]) &&
			    !strchr("._-", val[i]))
				break;
		if (val[i] || i > 15) {
			perr(p, p->lineno, "недопустимая версия «%s»: до 15 латинских букв, цифр, точек, дефисов", val);
			return;
		}
		set_str(&f->version, val);
		break;
	case A_SERVICE:
		for (i = 0; i < N(services); i++)
			if (!strcmp(val, services[i]))
				break;
		if (i == N(services)) {
			perr(p, p->lineno, "неизвестная услуга «%s» (допустимы: border-pass, invitation, registration)", val);
			return;
		}
		set_str(&f->service, val);
		break;
	case A_TITLE_RU: set_str(&f->title_ru, val); break;
	case A_TITLE_KK: set_str(&f->title_kk, val); break;
	default: break;
	}
}

static void
missing(struct parser *p, int line, const char *what, const char *key,
	const char *attr)
{
	perr(p, line, "%s «%s»: не задан атрибут «%s»", what, key, attr);
}

/* Checks when a block ends (at the next block keyword or end of file). */
static void
close_block(struct parser *p)
{
	struct form *f = p->f;

	if (p->block == B_SECTION) {
		struct form_section *s = &f->sections[f->nsections - 1];

		if (!p->sec.line[A_TITLE_RU])
			missing(p, p->sec_line, "раздел", s->key, "title.ru");
		if (!p->sec.line[A_TITLE_KK])
			missing(p, p->sec_line, "раздел", s->key, "title.kk");
	} else if (p->block == B_FIELD) {
		struct form_field *fl = &f->fields[f->nfields - 1];
		struct fmeta *m = &p->fm[f->nfields - 1];
		int *seen = m->seen.line, cols = f->kind == FORM_KIND_COLUMNS;
		int typed = (seen[A_TYPE] || cols) && !m->type_bad;
		const char *what = cols ? "столбец" : "поле";

		if (!seen[A_TYPE] && !cols)
			missing(p, fl->line, what, fl->key, "type");
		if (!seen[A_LABEL_RU])
			missing(p, fl->line, what, fl->key, "label.ru");
		if (!seen[A_LABEL_KK])
			missing(p, fl->line, what, fl->key, "label.kk");
		if (!seen[A_WIDTH])
			missing(p, fl->line, what, fl->key, "width");
		if (cols && !fl->nsources)
			missing(p, fl->line, what, fl->key, "source");
		if (!cols && !seen[A_MAX] && typed &&
		    (fl->type == FORM_TEXT || fl->type == FORM_NAME ||
		     fl->type == FORM_MULTILINE))
			perr(p, fl->line, "поле «%s»: для типа %s нужен атрибут «max»", fl->key, type_names[fl->type]);
		if (!cols && typed && fl->type == FORM_NUMBER &&
		    !seen[A_RANGE])
			perr(p, fl->line, "поле «%s»: для типа number нужен атрибут «range»", fl->key);
		if (seen[A_HINT_RU] && !seen[A_HINT_KK])
			perr(p, seen[A_HINT_RU], "поле «%s»: «hint.ru» без «hint.kk»", fl->key);
		if (seen[A_HINT_KK] && !seen[A_HINT_RU])
			perr(p, seen[A_HINT_KK], "поле «%s»: «hint.kk» без «hint.ru»", fl->key);
		if (typed && fl->type == FORM_CHOICE && !fl->nchoices)
			perr(p, fl->line, "поле «%s» типа choice без вариантов (строк «choice»)", fl->key);
		if (typed && fl->type != FORM_CHOICE && m->choice_line)
			perr(p, m->choice_line, "поле «%s»: варианты «choice» бывают только у типа choice", fl->key);
		if (typed && fl->type != FORM_MULTILINE && seen[A_LINES])
			perr(p, seen[A_LINES], "поле «%s»: «lines» бывает только у типа multiline", fl->key);
		if (typed && fl->type != FORM_NUMBER && seen[A_RANGE])
			perr(p, seen[A_RANGE], "поле «%s»: «range» бывает только у типа number", fl->key);
		if (!fl->maxlen) {
			if (fl->type == FORM_CHOICE) {
				size_t i;

				for (i = 0; i < fl->nchoices; i++) {
					int l = (int)utf8_len(fl->choices[i].ru);

					if (l > fl->maxlen)
						fl->maxlen = l;
				}
			} else {
				fl->maxlen = type_maxlen[fl->type];
			}
			if (!fl->maxlen)
				fl->maxlen = fl->width ? fl->width : 1;
		} else if (seen[A_MAX] && fl->width > fl->maxlen &&
			   fl->type != FORM_MULTILINE) {
			perr(p, seen[A_WIDTH], "поле «%s»: ширина %d больше длины %d", fl->key, fl->width, fl->maxlen);
		}
		if (fl->mask && fl->width &&
		    (int)utf8_len(fl->mask) > fl->width)
			perr(p, seen[A_MASK], "поле «%s»: маска длиннее ширины поля (%d)", fl->key, fl->width);
		if (fl->type == FORM_MULTILINE && !fl->lines)
			fl->lines = 3;
		if (!fl->lines)
			fl->lines = 1;
	} else if (p->block == B_CHECK) {
		struct form_check_item *c = &f->checklist[f->nchecklist - 1];
		struct fmeta *m = &p->cm[f->nchecklist - 1];

		if (!m->seen.line[A_TEXT_RU])
			missing(p, m->line, "документ", c->key, "text.ru");
		if (!m->seen.line[A_TEXT_KK])
			missing(p, m->line, "документ", c->key, "text.kk");
		if (!m->seen.line[A_NEED])
			perr(p, m->line, "документ «%s»: не указано, нужен ли он: «required», «optional» или «required-if»",
			     c->key);
	}
}

static void
open_section(struct parser *p, const char *key)
{
	struct form *f = p->f;
	size_t i;

	for (i = 0; i < f->nsections; i++)
		if (!strcmp(f->sections[i].key, key))
			perr(p, p->lineno, "раздел «%s» уже определён",
			     key);
	if (f->nsections == p->cap_sections) {
		p->cap_sections = p->cap_sections ? 2 * p->cap_sections : 8;
		f->sections = xrealloc(f->sections, p->cap_sections *
				       sizeof *f->sections);
	}
	memset(&f->sections[f->nsections], 0, sizeof f->sections[0]);
	f->sections[f->nsections].key = xstrdup(key);
	f->sections[f->nsections].first = f->nfields;
	f->nsections++;
	memset(&p->sec, 0, sizeof p->sec);
	p->sec_line = p->lineno;
	p->block = B_SECTION;
}

static void
open_field(struct parser *p, const char *key)
{
	struct form *f = p->f;
	struct form_field *fl;
	size_t i;

	for (i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].key, key))
			perr(p, p->lineno, "%s «%s» уже определено в строке %d",
			     f->kind == FORM_KIND_COLUMNS ? "столбец" : "поле",
			     key, f->fields[i].line);
	if (f->kind == FORM_KIND_FORM && f->nsections == 0)
		perr(p, p->lineno, "поле «%s» вне раздела: сначала нужна строка «section»", key);
	if (f->nfields == p->cap_fields) {
		p->cap_fields = p->cap_fields ? 2 * p->cap_fields : 16;
		f->fields = xrealloc(f->fields, p->cap_fields *
				     sizeof *f->fields);
		p->fm = xrealloc(p->fm, p->cap_fields * sizeof *p->fm);
	}
	fl = &f->fields[f->nfields];
	memset(fl, 0, sizeof *fl);
	memset(&p->fm[f->nfields], 0, sizeof p->fm[0]);
	fl->key = xstrdup(key);
	fl->type = FORM_TEXT;
	fl->line = p->lineno;
	fl->min = LONG_MIN;
	fl->max = LONG_MAX;
	fl->section = f->nsections ? f->nsections - 1 : 0;
	if (f->nsections)
		f->sections[f->nsections - 1].count++;
	f->nfields++;
	p->block = B_FIELD;
}

static void
open_check(struct parser *p, const char *key)
{
	struct form *f = p->f;
	size_t i;

	for (i = 0; i < f->nchecklist; i++)
		if (!strcmp(f->checklist[i].key, key))
			perr(p, p->lineno, "документ «%s» уже есть в перечне",
			     key);
	if (f->nchecklist == p->cap_checks) {
		p->cap_checks = p->cap_checks ? 2 * p->cap_checks : 8;
		f->checklist = xrealloc(f->checklist, p->cap_checks *
					sizeof *f->checklist);
		p->cm = xrealloc(p->cm, p->cap_checks * sizeof *p->cm);
	}
	memset(&f->checklist[f->nchecklist], 0, sizeof f->checklist[0]);
	memset(&p->cm[f->nchecklist], 0, sizeof p->cm[0]);
	f->checklist[f->nchecklist].key = xstrdup(key);
	p->cm[f->nchecklist].line = p->lineno;
	f->nchecklist++;
	p->block = B_CHECK;
}

/* form NAME / columns NAME: the file's first line. */
static void
head_line(struct parser *p, const char *kw, const char *val)
{
	if (p->have_head) {
		perr(p, p->lineno, "повторная строка «%s»: в файле описывается одна форма", kw);
		return;
	}
	if (p->complained_head)
		return;
	p->have_head = 1;
	p->f->kind = strcmp(kw, "form") ? FORM_KIND_COLUMNS : FORM_KIND_FORM;
	p->f->line = p->lineno;
	if (!is_key(val, 1))
		perr(p, p->lineno, "недопустимое имя формы «%s»: строчные латинские буквы, цифры, «-», «_»", val);
	p->f->id = xstrdup(val);
	p->block = B_HEADER;
}

/* section, field, column or check KEY: closes the block before. */
static void
block_line(struct parser *p, const char *kw, const char *val)
{
	int cols = p->f->kind == FORM_KIND_COLUMNS;

	close_block(p);
	if (!is_key(val, 0)) {
		perr(p, p->lineno, "недопустимый ключ «%s»: строчные латинские буквы, цифры и «_», не длиннее %d",
		     val, KEY_MAX);
		p->block = B_NONE;
		return;
	}
	if (!strcmp(kw, "section") || !strcmp(kw, "check")) {
		if (cols) {
			perr(p, p->lineno, kw[0] == 's' ? "в файле «columns» нет разделов" : "в файле «columns» нет перечня документов");
			p->block = B_NONE;
			return;
		}
		if (kw[0] == 's')
			open_section(p, val);
		else
			open_check(p, val);
		return;
	}
	if (cols != !strcmp(kw, "column"))
		perr(p, p->lineno, "«%s» в файле «%s»: нужно «%s»", kw, cols ? "columns" : "form", cols ? "column" : "field");
	open_field(p, val);
}

/* Where the open block notes the line of each attribute it has. */
static int *
seen_lines(struct parser *p)
{
	switch (p->block) {
	case B_HEADER:  return p->head.line;
	case B_SECTION: return p->sec.line;
	case B_FIELD:   return p->fm[p->f->nfields - 1].seen.line;
	default:        return p->cm[p->f->nchecklist - 1].seen.line;
	}
}

/* 1 when attribute a (written kw) may be set to val here: once (but for
 * choice and source), with a value (but for required and optional). */
static int
attr_once(struct parser *p, int a, const char *kw, const char *val)
{
	int *seen = seen_lines(p);
	int bare = a == A_NEED && strcmp(kw, "required-if");

	if (a != A_CHOICE && a != A_SOURCE && seen[a]) {
		if (a == A_NEED)
			perr(p, p->lineno, "обязательность уже задана в строке %d", seen[a]);
		else
			perr(p, p->lineno, "«%s» уже задано в строке %d", kw, seen[a]);
		return 0;
	}
	if (bare && *val) {
		perr(p, p->lineno, "после «%s» ничего не пишется", kw);
		return 0;
	}
	if (!bare && !*val) {
		perr(p, p->lineno, "у «%s» нет значения", kw);
		return 0;
	}
	if (!seen[a])
		seen[a] = p->lineno;
	return 1;
}

static void
parse_line(struct parser *p, char *s)
{
	char *kw = s, *val;
	int a;

	val = s + strcspn(s, " \t");
	if (*val)
		*val++ = '\0';
	str_trim(val);

	if (!strcmp(kw, "form") || !strcmp(kw, "columns")) {
		head_line(p, kw, val);
		return;
	}
	if (!p->have_head) {
		if (!p->complained_head)
			perr(p, p->lineno, "файл должен начинаться со строки «form ИМЯ» или «columns ИМЯ»");
		p->complained_head = 1;
		return;
	}
	if (!strcmp(kw, "section") || !strcmp(kw, "field") ||
	    !strcmp(kw, "column") || !strcmp(kw, "check")) {
		block_line(p, kw, val);
		return;
	}
	a = lookup_attr(kw);
	if (p->block == B_NONE)
		return; /* after a broken block opener: already reported */
	if (a < 0 || !attr_allowed(p, (enum attr)a)) {
		perr(p, p->lineno, "неизвестный атрибут «%s» %s", kw,
		     block_where(p));
		return;
	}
	if (!attr_once(p, a, kw, val))
		return;
	switch (p->block) {
	case B_HEADER:
		header_attr(p, (enum attr)a, val);
		break;
	case B_SECTION:
		set_str(a == A_TITLE_RU
				? &p->f->sections[p->f->nsections - 1].title_ru
				: &p->f->sections[p->f->nsections - 1].title_kk,
			val);
		break;
	case B_FIELD:
		field_attr(p, (enum attr)a, kw, val);
		break;
	case B_CHECK:
		check_attr(p, (enum attr)a, kw, val);
		break;
	default:
		break;
	}
}

/* A condition may name a field defined later, so check them at the end. */
static void
resolve_cond(struct parser *p, const struct form_cond *c, int line,
	     const char *self)
{
	const struct form_field *t = form_field(p->f, c->key);
	size_t i, j;

	if (!t) {
		perr(p, line, "условие ссылается на неизвестное поле «%s»",
		     c->key);
		return;
	}
	if (self && !strcmp(self, c->key)) {
		perr(p, line, "поле «%s» не может зависеть от самого себя",
		     self);
		return;
	}
	for (i = 0; c->op == FORM_COND_EQ && i < c->nvalues; i++) {
		const char *v = c->values[i];

		if (t->type == FORM_CHOICE) {
			for (j = 0; j < t->nchoices; j++)
				if (!strcmp(t->choices[j].code, v))
					break;
			if (j == t->nchoices)
				perr(p, line, "условие: «%s» не является вариантом поля «%s»", v, c->key);
		} else if (t->type == FORM_YESNO && strcmp(v, "yes") &&
			   strcmp(v, "no")) {
			perr(p, line, "условие: поле «%s» типа yesno принимает только yes или no, а не «%s»", c->key, v);
		}
	}
}

static void
finish(struct parser *p)
{
	struct form *f = p->f;
	size_t i;
	int l = f->line;

	close_block(p);
	if (!p->have_head) {
		if (!p->complained_head)
			perr(p, p->lineno ? p->lineno : 1, "файл должен начинаться со строки «form ИМЯ» или «columns ИМЯ»");
		return;
	}
	if (!p->head.line[A_VERSION])
		missing(p, l, "форма", f->id, "version");
	if (!p->head.line[A_SERVICE] && f->kind == FORM_KIND_FORM)
		missing(p, l, "форма", f->id, "service");
	if (!p->head.line[A_TITLE_RU])
		missing(p, l, "форма", f->id, "title.ru");
	if (!p->head.line[A_TITLE_KK])
		missing(p, l, "форма", f->id, "title.kk");
	if (f->nfields == 0)
		perr(p, l, "в форме «%s» нет ни одного поля", f->id);
	if (f->kind == FORM_KIND_FORM && f->nchecklist == 0)
		perr(p, l, "в форме «%s» нет перечня документов (строк «check»)", f->id);
	for (i = 0; i < f->nsections; i++)
		if (f->sections[i].count == 0)
			perr(p, l, "раздел «%s» пуст", f->sections[i].key);
	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].need == FORM_REQUIRED_IF)
			resolve_cond(p, &f->fields[i].cond, p->fm[i].cond_line,
				     f->fields[i].key);
	for (i = 0; i < f->nfields; i++)
		resolve_kiosk(p, &f->fields[i], f->fields[i].line);
	for (i = 0; i < f->nchecklist; i++)
		if (f->checklist[i].need == FORM_REQUIRED_IF)
			resolve_cond(p, &f->checklist[i].cond,
				     p->cm[i].cond_line, NULL);

	/* A file in forms/ must be named after its form, so an admin
	 * finds "registration" in registration.form. */
	{
		const char *base = strrchr(p->name, '/');
		size_t n;

		base = base ? base + 1 : p->name;
		n = strlen(base);
		if (n > 5 && !strcmp(base + n - 5, ".form") && f->id &&
		    (strlen(f->id) != n - 5 || strncmp(base, f->id, n - 5)))
			perr(p, l, "имя формы «%s» не совпадает с именем файла %s", f->id, base);
	}
}

static int
has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

/* One line of a form file: checked, then parsed unless blank or a
 * comment. */
static void
form_line(void *u, int no, const char *s, size_t n)
{
	struct parser *p = u;
	char *line;

	p->lineno = no;
	if (utf8_invalid_in(s, n)) {
		perr(p, p->lineno, "недопустимая последовательность байтов UTF-8");
		return;
	}
	line = xstrndup(s, n);
	if (has_control(line)) {
		perr(p, p->lineno, "управляющий символ в строке");
	} else {
		str_trim(line);
		if (*line && *line != '#')
			parse_line(p, line);
	}
	free(line);
}

enum status
form_parse(const char *name, const char *text, struct form **out,
	   struct errlist *errs)
{
	struct parser p;

	memset(&p, 0, sizeof p);
	*out = NULL;
	p.name = name ? name : "(форма)";
	p.errs = errs;
	p.f = xcalloc(1, sizeof *p.f);
	p.f->name = xstrdup(p.name);
	p.f->text = xstrdup(text);
	chain_sha256_hex(text, strlen(text), p.f->sha256);

	text_each_line(text, form_line, &p);
	finish(&p);
	free(p.fm);
	free(p.cm);
	if (p.nerr) {
		form_free(p.f);
		return ST_INVALID;
	}
	*out = p.f;
	return ST_OK;
}
