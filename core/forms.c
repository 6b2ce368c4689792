/* SPDX-License-Identifier: MIT */
/* Form files: a line-oriented parser with "file:line:" diagnostics, the
 * directory loader, value validation through core/validate.h, the
 * documents checklist and the form_texts snapshots. */
#include "forms.h"

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
#include "validate.h"

#define FORM_MAX_WIDTH   70     /* an 80-column screen with a margin */
#define FORM_MAX_LEN     4000
#define FORM_MAX_LINES   20
#define FORM_FILE_MAX    (1024 * 1024)
#define FORM_MAX_ERRORS  50     /* per file: enough to fix, not a flood */
#define KEY_MAX          (ERR_FIELD_MAX - 1)

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

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *
form_field_type_name(enum form_field_type t)
{
	if ((unsigned)t >= FORM__NTYPES)
		return "?";
	return type_names[t];
}

char *
form_value_display(const struct form *f, const struct form_field *fl,
		   const char *stored)
{
	const struct country *c;
	char ru[11];
	size_t i;

	(void)f;
	if (!stored)
		return xstrdup("");
	if (!fl || !*stored)
		return xstrdup(stored);
	switch (fl->type) {
	case FORM_CHOICE:
		for (i = 0; i < fl->nchoices; i++)
			if (strcmp(fl->choices[i].code, stored) == 0)
				return xstrdup(fl->choices[i].ru);
		break;
	case FORM_YESNO:
		if (strcmp(stored, "yes") == 0)
			return xstrdup("да");
		if (strcmp(stored, "no") == 0)
			return xstrdup("нет");
		break;
	case FORM_DATE:
		date_iso_to_ru(stored, ru);
		return xstrdup(ru);
	case FORM_COUNTRY:
		if ((c = country_by_alpha3(stored)) != NULL)
			return xasprintf("%s (%s)", c->ru, c->alpha3);
		break;
	default:
		break;
	}
	return xstrdup(stored);
}

/* ---------------------------------------------------------------- */
/* Freeing                                                          */

static void
cond_free(struct form_cond *c)
{
	size_t i;

	free(c->key);
	for (i = 0; i < c->nvalues; i++)
		free(c->values[i]);
	free(c->values);
	memset(c, 0, sizeof *c);
}

static void
field_free(struct form_field *fl)
{
	size_t i;

	free(fl->key);
	free(fl->label_ru);
	free(fl->label_kk);
	free(fl->hint_ru);
	free(fl->hint_kk);
	free(fl->mask);
	cond_free(&fl->cond);
	for (i = 0; i < fl->nchoices; i++) {
		free(fl->choices[i].code);
		free(fl->choices[i].ru);
		free(fl->choices[i].kk);
	}
	free(fl->choices);
	for (i = 0; i < fl->nsources; i++)
		free(fl->sources[i]);
	free(fl->sources);
}

void
form_free(struct form *f)
{
	size_t i;

	if (!f)
		return;
	free(f->id);
	free(f->version);
	free(f->service);
	free(f->title_ru);
	free(f->title_kk);
	for (i = 0; i < f->nsections; i++) {
		free(f->sections[i].key);
		free(f->sections[i].title_ru);
		free(f->sections[i].title_kk);
	}
	free(f->sections);
	for (i = 0; i < f->nfields; i++)
		field_free(&f->fields[i]);
	free(f->fields);
	for (i = 0; i < f->nchecklist; i++) {
		free(f->checklist[i].key);
		free(f->checklist[i].text_ru);
		free(f->checklist[i].text_kk);
		cond_free(&f->checklist[i].cond);
	}
	free(f->checklist);
	free(f->name);
	free(f->text);
	free(f);
}

/* ---------------------------------------------------------------- */
/* Parser                                                           */

/* Attributes, one bit each, so a repeated one is caught. */
enum attr {
	A_VERSION, A_SERVICE, A_TITLE_RU, A_TITLE_KK,
	A_TYPE, A_LABEL_RU, A_LABEL_KK, A_HINT_RU, A_HINT_KK, A_WIDTH, A_MAX,
	A_LINES, A_RANGE, A_MASK, A_NEED, A_CHOICE, A_SOURCE,
	A_TEXT_RU, A_TEXT_KK,
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

/* Format into buf, never cutting a UTF-8 sequence in half. */
static void
fmt_utf8(char *buf, size_t n, const char *fmt, va_list ap)
{
	int len = vsnprintf(buf, n, fmt, ap);

	if (len >= 0 && (size_t)len >= n) {
		size_t end = n - 1;

		while (end > 0 && ((unsigned char)buf[end] & 0xC0) == 0x80)
			end--;
		buf[end] = '\0';
	}
}

static void perr(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
perr(struct parser *p, int line, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	p->nerr++;
	if (!p->errs || p->nerr > FORM_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	fmt_utf8(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->nerr == FORM_MAX_ERRORS)
		errlist_add(p->errs, ST_INVALID, "",
			    "%s:%d: слишком много ошибок, остальные пропущены",
			    p->name, line);
	else
		errlist_add(p->errs, ST_INVALID, "", "%s:%d: %s", p->name,
			    line, msg);
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
		perr(p, p->lineno, "условие «%s»: нужно «поле = значение» "
		     "или «поле filled»", val);
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
		cond_free(c);
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
			perr(p, p->lineno, "недопустимый символ в маске «%s»: "
			     "буквы и цифры, кроме 9 (цифра) и A (буква), "
			     "не допускаются", m);
			return 0;
		}
	}
	return 1;
}

static void
field_attr(struct parser *p, enum attr a, const char *kw, const char *val)
{
	struct form_field *fl = &p->f->fields[p->f->nfields - 1];
	struct fmeta *m = &p->fm[p->f->nfields - 1];
	long n;
	int t;

	switch (a) {
	case A_TYPE:
		if ((t = lookup_type(val)) < 0) {
			perr(p, p->lineno, "неизвестный тип поля «%s» "
			     "(допустимы: text, name, date, country, choice, "
			     "number, iin, bin, docno, phone, multiline, yesno)",
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
		if (parse_long(val, &n) || n < 1 || n > FORM_MAX_WIDTH) {
			perr(p, p->lineno, "недопустимая ширина «%s»: нужно "
			     "целое число от 1 до %d", val, FORM_MAX_WIDTH);
			return;
		}
		fl->width = (int)n;
		break;
	case A_MAX:
		if (parse_long(val, &n) || n < 1 || n > FORM_MAX_LEN) {
			perr(p, p->lineno, "недопустимая длина «%s»: нужно "
			     "целое число от 1 до %d", val, FORM_MAX_LEN);
			return;
		}
		fl->maxlen = (int)n;
		break;
	case A_LINES:
		if (parse_long(val, &n) || n < 1 || n > FORM_MAX_LINES) {
			perr(p, p->lineno, "недопустимое число строк «%s»: "
			     "нужно целое число от 1 до %d", val,
			     FORM_MAX_LINES);
			return;
		}
		fl->lines = (int)n;
		break;
	case A_RANGE: {
		char lo[32], hi[32], extra[2];

		if (sscanf(val, "%31s %31s %1s", lo, hi, extra) != 2 ||
		    parse_long(lo, &fl->min) || parse_long(hi, &fl->max) ||
		    fl->min > fl->max) {
			perr(p, p->lineno, "недопустимый диапазон «%s»: нужно "
			     "«range МИН МАКС», МИН не больше МАКС", val);
			return;
		}
		break;
	}
	case A_MASK:
		if (!mask_ok(p, val))
			return;
		set_str(&fl->mask, val);
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
	case A_CHOICE: {
		char *s = xstrdup(val), *ru, *kk, *bar;
		size_t i;

		ru = s + strcspn(s, " \t");
		if (*ru)
			*ru++ = '\0';
		bar = strchr(ru, '|');
		if (!is_key(s, 1) || !bar || strchr(bar + 1, '|')) {
			perr(p, p->lineno, "вариант «%s»: нужно «choice КОД "
			     "по-русски | қазақша»", val);
			free(s);
			return;
		}
		*bar = '\0';
		kk = bar + 1;
		str_trim(ru);
		str_trim(kk);
		if (!*ru || !*kk) {
			perr(p, p->lineno, "вариант «%s»: нет текста "
			     "по-русски или по-казахски", s);
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
		break;
	}
	case A_SOURCE: {
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
				perr(p, p->lineno, "источник «%s»: ни имя "
				     "поля, ни известный атрибут дела (@...)",
				     tok);
				continue;
			}
			fl->sources = xrealloc(fl->sources, (fl->nsources + 1) *
					       sizeof *fl->sources);
			fl->sources[fl->nsources++] = xstrdup(tok);
		}
		free(s);
		break;
	}
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
			perr(p, p->lineno, "недопустимая версия «%s»: до 15 "
			     "латинских букв, цифр, точек, дефисов", val);
			return;
		}
		set_str(&f->version, val);
		break;
	case A_SERVICE:
		for (i = 0; i < N(services); i++)
			if (!strcmp(val, services[i]))
				break;
		if (i == N(services)) {
			perr(p, p->lineno, "неизвестная услуга «%s» (допустимы: "
			     "border-pass, invitation, registration)", val);
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
			perr(p, fl->line, "поле «%s»: для типа %s нужен атрибут "
			     "«max»", fl->key, type_names[fl->type]);
		if (!cols && typed && fl->type == FORM_NUMBER &&
		    !seen[A_RANGE])
			perr(p, fl->line, "поле «%s»: для типа number нужен "
			     "атрибут «range»", fl->key);
		if (seen[A_HINT_RU] && !seen[A_HINT_KK])
			perr(p, seen[A_HINT_RU], "поле «%s»: «hint.ru» без "
			     "«hint.kk»", fl->key);
		if (seen[A_HINT_KK] && !seen[A_HINT_RU])
			perr(p, seen[A_HINT_KK], "поле «%s»: «hint.kk» без "
			     "«hint.ru»", fl->key);
		if (typed && fl->type == FORM_CHOICE && !fl->nchoices)
			perr(p, fl->line, "поле «%s» типа choice без вариантов "
			     "(строк «choice»)", fl->key);
		if (typed && fl->type != FORM_CHOICE && m->choice_line)
			perr(p, m->choice_line, "поле «%s»: варианты «choice» "
			     "бывают только у типа choice", fl->key);
		if (typed && fl->type != FORM_MULTILINE && seen[A_LINES])
			perr(p, seen[A_LINES], "поле «%s»: «lines» бывает "
			     "только у типа multiline", fl->key);
		if (typed && fl->type != FORM_NUMBER && seen[A_RANGE])
			perr(p, seen[A_RANGE], "поле «%s»: «range» бывает "
			     "только у типа number", fl->key);
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
			perr(p, seen[A_WIDTH], "поле «%s»: ширина %d больше "
			     "длины %d", fl->key, fl->width, fl->maxlen);
		}
		if (fl->mask && fl->width &&
		    (int)utf8_len(fl->mask) > fl->width)
			perr(p, seen[A_MASK], "поле «%s»: маска длиннее ширины "
			     "поля (%d)", fl->key, fl->width);
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
			perr(p, m->line, "документ «%s»: не указано, нужен ли "
			     "он: «required», «optional» или «required-if»",
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
		perr(p, p->lineno, "поле «%s» вне раздела: сначала нужна "
		     "строка «section»", key);
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

static void
parse_line(struct parser *p, char *s)
{
	char *kw = s, *val;
	int a, *seen;

	val = s + strcspn(s, " \t");
	if (*val)
		*val++ = '\0';
	str_trim(val);

	if (!strcmp(kw, "form") || !strcmp(kw, "columns")) {
		if (p->have_head) {
			perr(p, p->lineno, "повторная строка «%s»: в файле "
			     "описывается одна форма", kw);
			return;
		}
		if (p->complained_head)
			return;
		p->have_head = 1;
		p->f->kind = strcmp(kw, "form") ? FORM_KIND_COLUMNS :
			FORM_KIND_FORM;
		p->f->line = p->lineno;
		if (!is_key(val, 1))
			perr(p, p->lineno, "недопустимое имя формы «%s»: "
			     "строчные латинские буквы, цифры, «-», «_»", val);
		p->f->id = xstrdup(val);
		p->block = B_HEADER;
		return;
	}
	if (!p->have_head) {
		if (!p->complained_head)
			perr(p, p->lineno, "файл должен начинаться со строки "
			     "«form ИМЯ» или «columns ИМЯ»");
		p->complained_head = 1;
		return;
	}

	if (!strcmp(kw, "section") || !strcmp(kw, "field") ||
	    !strcmp(kw, "column") || !strcmp(kw, "check")) {
		int cols = p->f->kind == FORM_KIND_COLUMNS;

		close_block(p);
		if (!is_key(val, 0)) {
			perr(p, p->lineno, "недопустимый ключ «%s»: строчные "
			     "латинские буквы, цифры и «_», не длиннее %d",
			     val, KEY_MAX);
			p->block = B_NONE;
			return;
		}
		if (!strcmp(kw, "section")) {
			if (cols) {
				perr(p, p->lineno, "в файле «columns» нет "
				     "разделов");
				p->block = B_NONE;
				return;
			}
			open_section(p, val);
		} else if (!strcmp(kw, "check")) {
			if (cols) {
				perr(p, p->lineno, "в файле «columns» нет "
				     "перечня документов");
				p->block = B_NONE;
				return;
			}
			open_check(p, val);
		} else {
			if (cols != !strcmp(kw, "column")) {
				perr(p, p->lineno, "«%s» в файле «%s»: нужно "
				     "«%s»", kw, cols ? "columns" : "form",
				     cols ? "column" : "field");
			}
			open_field(p, val);
		}
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
	switch (p->block) {
	case B_HEADER:  seen = p->head.line; break;
	case B_SECTION: seen = p->sec.line; break;
	case B_FIELD:   seen = p->fm[p->f->nfields - 1].seen.line; break;
	default:        seen = p->cm[p->f->nchecklist - 1].seen.line; break;
	}
	if (a != A_CHOICE && a != A_SOURCE && seen[a]) {
		if (a == A_NEED)
			perr(p, p->lineno, "обязательность уже задана в строке "
			     "%d", seen[a]);
		else
			perr(p, p->lineno, "«%s» уже задано в строке %d", kw,
			     seen[a]);
		return;
	}
	if (a == A_NEED && strcmp(kw, "required-if") && *val) {
		perr(p, p->lineno, "после «%s» ничего не пишется", kw);
		return;
	}
	if (!(a == A_NEED && strcmp(kw, "required-if")) && !*val) {
		perr(p, p->lineno, "у «%s» нет значения", kw);
		return;
	}
	if (!seen[a])
		seen[a] = p->lineno;

	switch (p->block) {
	case B_HEADER:
		header_attr(p, (enum attr)a, val);
		break;
	case B_SECTION:
		if (a == A_TITLE_RU)
			set_str(&p->f->sections[p->f->nsections - 1].title_ru,
				val);
		else
			set_str(&p->f->sections[p->f->nsections - 1].title_kk,
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
				perr(p, line, "условие: «%s» не является "
				     "вариантом поля «%s»", v, c->key);
		} else if (t->type == FORM_YESNO && strcmp(v, "yes") &&
			   strcmp(v, "no")) {
			perr(p, line, "условие: поле «%s» типа yesno принимает "
			     "только yes или no, а не «%s»", c->key, v);
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
			perr(p, p->lineno ? p->lineno : 1, "файл должен "
			     "начинаться со строки «form ИМЯ» или «columns "
			     "ИМЯ»");
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
		perr(p, l, "в форме «%s» нет перечня документов (строк "
		     "«check»)", f->id);
	for (i = 0; i < f->nsections; i++)
		if (f->sections[i].count == 0)
			perr(p, l, "раздел «%s» пуст", f->sections[i].key);
	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].need == FORM_REQUIRED_IF)
			resolve_cond(p, &f->fields[i].cond, p->fm[i].cond_line,
				     f->fields[i].key);
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
			perr(p, l, "имя формы «%s» не совпадает с именем "
			     "файла %s", f->id, base);
	}
}

static int
bad_utf8_line(const char *s, size_t n)
{
	uint32_t cp;
	int k;

	while (n > 0) {
		k = utf8_decode(s, n, &cp);
		if (k == 0)
			return 1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static int
has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

enum status
form_parse(const char *name, const char *text, struct form **out,
	   struct errlist *errs)
{
	struct parser p;
	const char *s, *nl;
	char *line;

	memset(&p, 0, sizeof p);
	*out = NULL;
	p.name = name ? name : "(форма)";
	p.errs = errs;
	p.f = xcalloc(1, sizeof *p.f);
	p.f->name = xstrdup(p.name);
	p.f->text = xstrdup(text);
	chain_sha256_hex(text, strlen(text), p.f->sha256);

	s = text;
	if (!strncmp(s, "\xEF\xBB\xBF", 3))
		s += 3; /* a BOM some editors write */
	while (*s) {
		size_t n;

		nl = strchr(s, '\n');
		n = nl ? (size_t)(nl - s) : strlen(s);
		p.lineno++;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (bad_utf8_line(s, n)) {
			perr(&p, p.lineno, "недопустимая последовательность "
			     "байтов UTF-8");
		} else {
			line = xstrndup(s, n);
			if (has_control(line)) {
				perr(&p, p.lineno, "управляющий символ в "
				     "строке");
			} else {
				str_trim(line);
				if (*line && *line != '#')
					parse_line(&p, line);
			}
			free(line);
		}
		s = nl ? nl + 1 : s + n;
		if (!nl)
			break;
	}
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

/* ---------------------------------------------------------------- */
/* Sets of forms                                                    */

struct formset {
	struct form **v;
	size_t n;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
line_of(const char *text, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* Read a whole file as a string; problems go to errs as "path:line: ...". */
static char *
read_form_file(const char *path, struct errlist *errs)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	long sz;

	if (!fp) {
		errlist_add(errs, ST_INVALID, "", "%s:0: не удаётся открыть "
			    "файл: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET)) {
		errlist_add(errs, ST_INVALID, "", "%s:0: не удаётся прочитать "
			    "файл", path);
		goto fail;
	}
	if (sz > FORM_FILE_MAX) {
		errlist_add(errs, ST_INVALID, "", "%s:1: файл больше %d байт",
			    path, FORM_FILE_MAX);
		goto fail;
	}
	buf = xmalloc((size_t)sz + 1);
	n = fread(buf, 1, (size_t)sz, fp);
	if (ferror(fp)) {
		errlist_add(errs, ST_INVALID, "", "%s:0: ошибка чтения: %s",
			    path, strerror(errno));
		goto fail;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		errlist_add(errs, ST_INVALID, "", "%s:%d: нулевой байт в "
			    "файле", path, line_of(buf, strlen(buf)));
		goto fail;
	}
	fclose(fp);
	return buf;
fail:
	free(buf);
	fclose(fp);
	return NULL;
}

void
formset_free(struct formset *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		form_free(set->v[i]);
	free(set->v);
	free(set);
}

/* Checks across files: unique ids, column sources that exist. */
static int
formset_crosscheck(struct formset *set, struct errlist *errs)
{
	size_t i, j, k, m;
	int bad = 0;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(set->v[i]->id, set->v[j]->id)) {
				errlist_add(errs, ST_INVALID, "", "%s:%d: форма "
					    "«%s» уже определена в %s",
					    set->v[i]->name, set->v[i]->line,
					    set->v[i]->id, set->v[j]->name);
				bad = 1;
			}
	for (i = 0; i < set->n; i++) {
		const struct form *c = set->v[i];

		if (c->kind != FORM_KIND_COLUMNS)
			continue;
		for (j = 0; j < c->nfields; j++) {
			const struct form_field *col = &c->fields[j];

			for (k = 0; k < col->nsources; k++) {
				const char *src = col->sources[k];
				int found = src[0] == '@';

				for (m = 0; !found && m < set->n; m++)
					found = set->v[m]->kind ==
						FORM_KIND_FORM &&
						form_field(set->v[m], src);
				if (!found) {
					errlist_add(errs, ST_INVALID, "",
						    "%s:%d: столбец «%s»: поля "
						    "«%s» нет ни в одной форме",
						    c->name, col->line,
						    col->key, src);
					bad = 1;
				}
			}
		}
	}
	return bad;
}

enum status
formset_load(const char *dir, struct formset **out, struct errlist *errs)
{
	struct errlist local = {0};
	struct formset *set;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	DIR *d;
	int bad = 0;

	*out = NULL;
	if (!errs)
		errs = &local;
	if (!(d = opendir(dir))) {
		errlist_add(errs, ST_NOTFOUND, "", "%s:0: не удаётся открыть "
			    "каталог форм: %s", dir, strerror(errno));
		errlist_free(&local);
		return ST_NOTFOUND;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l <= 5 ||
		    strcmp(de->d_name + l - 5, ".form"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n == 0) {
		errlist_add(errs, ST_NOTFOUND, "", "%s:0: в каталоге нет "
			    "файлов форм (*.form)", dir);
		errlist_free(&local);
		return ST_NOTFOUND;
	}
	qsort(names, n, sizeof *names, cmp_str);

	set = xcalloc(1, sizeof *set);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *text = read_form_file(path, errs);
		struct form *f = NULL;

		if (!text || form_parse(path, text, &f, errs) != ST_OK) {
			bad = 1;
		} else {
			set->v = xrealloc(set->v, (set->n + 1) *
					  sizeof *set->v);
			set->v[set->n++] = f;
		}
		free(text);
		free(path);
		free(names[i]);
	}
	free(names);
	if (!bad)
		bad = formset_crosscheck(set, errs);
	errlist_free(&local);
	if (bad) {
		formset_free(set);
		return ST_INVALID;
	}
	*out = set;
	return ST_OK;
}

const struct form *
formset_get(const struct formset *set, const char *id)
{
	size_t i;

	for (i = 0; set && id && i < set->n; i++)
		if (!strcmp(set->v[i]->id, id))
			return set->v[i];
	return NULL;
}

size_t
formset_count(const struct formset *set)
{
	return set ? set->n : 0;
}

const struct form *
formset_at(const struct formset *set, size_t i)
{
	return set && i < set->n ? set->v[i] : NULL;
}

const struct form *
formset_for_service(const struct formset *set, const char *service,
		    size_t i)
{
	size_t k;

	for (k = 0; set && service && k < set->n; k++) {
		const struct form *f = set->v[k];

		if (f->kind == FORM_KIND_FORM && f->service &&
		    !strcmp(f->service, service) && i-- == 0)
			return f;
	}
	return NULL;
}

const struct form_field *
form_field(const struct form *f, const char *key)
{
	size_t i;

	for (i = 0; f && key && i < f->nfields; i++)
		if (!strcmp(f->fields[i].key, key))
			return &f->fields[i];
	return NULL;
}

/* ---------------------------------------------------------------- */
/* Values                                                           */

/* The value of key as a string; NULL when absent, null or not a string. */
static const char *
value_str(json_t *values, const char *key)
{
	json_t *v = values ? json_object_get(values, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *const yes_words[] = {
	"да", "Да", "ДА", "yes", "Yes", "YES", "иә", "Иә", "ИӘ", "д", "Д",
};
static const char *const no_words[] = {
	"нет", "Нет", "НЕТ", "no", "No", "NO", "жоқ", "Жоқ", "ЖОҚ", "н", "Н",
};

/* "yes", "no" or NULL. */
static const char *
yesno_code(const char *s)
{
	size_t i;

	for (i = 0; i < N(yes_words); i++)
		if (!strcmp(s, yes_words[i]))
			return "yes";
	for (i = 0; i < N(no_words); i++)
		if (!strcmp(s, no_words[i]))
			return "no";
	return NULL;
}

static const struct form_choice *
choice_find(const struct form_field *fl, const char *s)
{
	size_t i;

	for (i = 0; i < fl->nchoices; i++)
		if (!strcmp(fl->choices[i].code, s))
			return &fl->choices[i];
	for (i = 0; i < fl->nchoices; i++)
		if (!strcmp(fl->choices[i].ru, s) ||
		    !strcmp(fl->choices[i].kk, s))
			return &fl->choices[i];
	return NULL;
}

static char *
trimmed(const char *s)
{
	char *t = xstrdup(s ? s : "");

	str_trim(t);
	return t;
}

int
form_cond_holds(const struct form *f, const struct form_cond *c,
		json_t *values)
{
	const struct form_field *t = form_field(f, c->key);
	char *v = trimmed(value_str(values, c->key));
	const char *code = v;
	size_t i;
	int holds = 0;

	if (t && t->type == FORM_CHOICE) {
		const struct form_choice *ch = choice_find(t, v);

		if (ch)
			code = ch->code;
	} else if (t && t->type == FORM_YESNO && yesno_code(v)) {
		code = yesno_code(v);
	}
	if (c->op == FORM_COND_FILLED)
		holds = *v != '\0';
	else
		for (i = 0; i < c->nvalues && !holds; i++)
			holds = !strcmp(code, c->values[i]);
	free(v);
	return holds;
}

static int
field_required(const struct form *f, const struct form_field *fl,
	       json_t *values)
{
	if (fl->need == FORM_REQUIRED)
		return 1;
	if (fl->need == FORM_REQUIRED_IF)
		return form_cond_holds(f, &fl->cond, values);
	return 0;
}

/* The choices as "А, Б, В" when short enough to quote in a message. */
static void
choice_list(const struct form_field *fl, char *buf, size_t n)
{
	struct strbuf b = {0};
	size_t i;

	for (i = 0; i < fl->nchoices; i++) {
		if (i)
			sb_add(&b, ", ");
		sb_add(&b, fl->choices[i].ru);
	}
	if (b.len < n && b.len < 300)
		snprintf(buf, n, " (варианты: %s)", b.s);
	else
		buf[0] = '\0';
	sb_free(&b);
}

enum status
form_validate_field(const struct form *f, const struct form_field *fl,
		    const char *value, json_t *all_values, char **normalised,
		    struct err *e)
{
	const char *label = fl->label_ru, *key = fl->key;
	char *v = trimmed(value), *norm = NULL;
	char buf[64];
	enum status st = ST_OK;
	struct date dt;
	long num;

	if (normalised)
		*normalised = NULL;
	if (!utf8_valid(v)) {
		st = err_set(e, ST_INVALID, key, "%s: недопустимые символы",
			     label);
		goto out;
	}
	if (*v == '\0') {
		if (field_required(f, fl, all_values))
			st = err_set(e, ST_INVALID, key, "%s: не заполнено",
				     label);
		else
			norm = xstrdup("");
		goto out;
	}
	switch (fl->type) {
	case FORM_TEXT:
	case FORM_MULTILINE:
		st = val_text(key, label, v, (size_t)fl->maxlen,
			      fl->type == FORM_MULTILINE, e);
		if (st == ST_OK)
			norm = xstrdup(v);
		break;
	case FORM_NAME:
		st = val_name(key, label, v, (size_t)fl->maxlen, e);
		if (st == ST_OK)
			norm = xstrdup(v);
		break;
	case FORM_DATE:
		st = val_date(key, label, v, &dt, e);
		if (st == ST_OK) {
			date_format_iso(dt, buf);
			norm = xstrdup(buf);
		}
		break;
	case FORM_COUNTRY:
		st = val_country(key, label, v, buf, e);
		if (st == ST_OK)
			norm = xstrdup(buf);
		break;
	case FORM_CHOICE: {
		const struct form_choice *ch = choice_find(fl, v);

		if (ch) {
			norm = xstrdup(ch->code);
		} else {
			char list[400];

			choice_list(fl, list, sizeof list);
			st = err_set(e, ST_INVALID, key, "%s: нет такого "
				     "варианта «%.80s»%s", label, v, list);
		}
		break;
	}
	case FORM_NUMBER:
		st = val_number(key, label, v, fl->min, fl->max, &num, e);
		if (st == ST_OK)
			norm = xasprintf("%ld", num);
		break;
	case FORM_IIN:
		st = val_iin(key, label, v, e);
		if (st == ST_OK)
			norm = xstrdup(v);
		break;
	case FORM_BIN:
		st = val_bin(key, label, v, e);
		if (st == ST_OK)
			norm = xstrdup(v);
		break;
	case FORM_DOCNO:
		st = val_docno(key, label, v, buf, sizeof buf, e);
		if (st == ST_OK)
			norm = xstrdup(buf);
		break;
	case FORM_PHONE:
		st = val_phone(key, label, v, buf, sizeof buf, e);
		if (st == ST_OK)
			norm = xstrdup(buf);
		break;
	case FORM_YESNO:
		if (yesno_code(v))
			norm = xstrdup(yesno_code(v));
		else
			st = err_set(e, ST_INVALID, key, "%s: ответьте «да» "
				     "или «нет»", label);
		break;
	default:
		st = err_set(e, ST_INVALID, key, "%s: неизвестный тип поля",
			     label);
		break;
	}
	/* The validators of fixed formats know their own lengths; the
	 * form's max still bounds what is stored. */
	if (st == ST_OK && fl->type != FORM_CHOICE &&
	    (int)utf8_len(norm) > fl->maxlen) {
		st = err_set(e, ST_INVALID, key, "%s: не более %d знаков",
			     label, fl->maxlen);
		free(norm);
		norm = NULL;
	}
out:
	free(v);
	if (st == ST_OK && normalised)
		*normalised = norm;
	else
		free(norm);
	return st;
}

enum status
form_validate(const struct form *f, json_t *values, struct errlist *errs)
{
	struct errlist local = {0};
	const char *k;
	json_t *v;
	size_t i, before;
	struct err e;

	if (!errs)
		errs = &local;
	before = errs->n;
	if (!json_is_object(values)) {
		errlist_add(errs, ST_INVALID, "", "Данные формы должны быть "
			    "объектом JSON");
		errlist_free(&local);
		return ST_INVALID;
	}
	json_object_foreach(values, k, v) {
		if (!form_field(f, k))
			errlist_add(errs, ST_INVALID, k, "Неизвестное поле "
				    "«%.80s» в форме «%s»", k, f->title_ru);
	}
	for (i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		json_t *raw = json_object_get(values, fl->key);
		char *norm = NULL;

		if (raw && !json_is_string(raw) && !json_is_null(raw)) {
			errlist_add(errs, ST_INVALID, fl->key, "%s: значение "
				    "должно быть строкой", fl->label_ru);
			continue;
		}
		err_clear(&e);
		if (form_validate_field(f, fl, json_string_value(raw), values,
					&norm, &e) != ST_OK) {
			errlist_add_err(errs, &e);
			continue;
		}
		if (json_is_string(raw) &&
		    strcmp(norm, json_string_value(raw)))
			json_object_set_new(values, fl->key,
					    json_string(norm));
		free(norm);
	}
	i = errs->n - before;
	errlist_free(&local);
	return i ? ST_INVALID : ST_OK;
}

enum status
form_checklist_missing(const struct form *f, json_t *values,
		       json_t *presented, struct strbuf *missing_ru,
		       struct err *e)
{
	size_t i, j;
	json_t *it;

	if (presented && !json_is_array(presented))
		return err_set(e, ST_INVALID, "", "Перечень представленных "
			       "документов должен быть массивом");
	json_array_foreach(presented, i, it) {
		const char *k = json_string_value(it);

		for (j = 0; k && j < f->nchecklist; j++)
			if (!strcmp(f->checklist[j].key, k))
				break;
		if (!k || j == f->nchecklist)
			return err_set(e, ST_INVALID, "", "Неизвестный документ "
				       "«%.80s» в перечне", k ? k : "?");
	}
	for (i = 0; i < f->nchecklist; i++) {
		const struct form_check_item *c = &f->checklist[i];
		int need = c->need == FORM_REQUIRED ||
			(c->need == FORM_REQUIRED_IF &&
			 form_cond_holds(f, &c->cond, values));
		int have = 0;

		if (!need)
			continue;
		json_array_foreach(presented, j, it)
			have |= !strcmp(json_string_value(it), c->key);
		if (!have) {
			sb_add(missing_ru, c->text_ru);
			sb_addc(missing_ru, '\n');
		}
	}
	return ST_OK;
}

/* ---------------------------------------------------------------- */
/* Snapshots                                                        */

enum status
form_snapshot_store(struct store *s, const struct form *f, struct err *e)
{
	sqlite3_stmt *st;
	enum status rc = ST_OK;

	st = store_prepare(s, "SELECT 1 FROM form_texts WHERE id = ? AND "
			   "version = ? AND sha256 <> ? LIMIT 1", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, f->id);
	store_bind_text(st, 2, f->version);
	store_bind_text(st, 3, f->sha256);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = err_set(e, ST_CONFLICT, "", "Форма «%s» версии %s "
			     "изменена без смены версии: увеличьте «version» "
			     "в файле %s", f->id, f->version, f->name);
		break;
	case SQLITE_DONE:
		break;
	default:
		rc = store_error(s, e, "form_texts check");
		break;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK)
		return rc;

	st = store_prepare(s, "INSERT OR IGNORE INTO form_texts(id, version, "
			   "sha256, text) VALUES (?, ?, ?, ?)", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, f->id);
	store_bind_text(st, 2, f->version);
	store_bind_text(st, 3, f->sha256);
	store_bind_text(st, 4, f->text);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = store_error(s, e, "form_texts insert");
	sqlite3_finalize(st);
	return rc;
}

enum status
form_snapshot_load(struct store *s, const char *id, const char *version,
		   struct form **out, struct err *e)
{
	struct errlist errs = {0};
	sqlite3_stmt *st;
	enum status rc;
	char *sha = NULL, *text = NULL, *name = NULL;
	char got[CHAIN_HEX];

	*out = NULL;
	st = store_prepare(s, "SELECT sha256, text FROM form_texts WHERE "
			   "id = ? AND version = ? ORDER BY rowid LIMIT 1", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	store_bind_text(st, 1, id);
	store_bind_text(st, 2, version);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		sha = store_col_dup(st, 0);
		text = store_col_dup(st, 1);
		rc = ST_OK;
		break;
	case SQLITE_DONE:
		rc = err_set(e, ST_NOTFOUND, "", "Нет сохранённой формы «%s» "
			     "версии %s", id, version);
		break;
	default:
		rc = store_error(s, e, "form_texts select");
		break;
	}
	sqlite3_finalize(st);
	if (rc != ST_OK)
		goto out;

	chain_sha256_hex(text, strlen(text), got);
	if (strcmp(got, sha)) {
		rc = err_set(e, ST_CORRUPT, "", "Сохранённая форма «%s» версии "
			     "%s повреждена: контрольная сумма не совпадает",
			     id, version);
		goto out;
	}
	name = xasprintf("form_texts:%s@%s", id, version);
	if (form_parse(name, text, out, &errs) != ST_OK) {
		rc = err_set(e, ST_CORRUPT, "", "Сохранённая форма «%s» версии "
			     "%s не читается: %s", id, version,
			     errs.n ? errs.v[0].msg : "?");
		goto out;
	}
out:
	errlist_free(&errs);
	free(name);
	free(text);
	free(sha);
	return rc;
}
