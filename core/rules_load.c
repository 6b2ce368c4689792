/* SPDX-License-Identifier: MIT */
/* Loading a folder of .rules files: each file read and parsed, then
 * checked across the set (the fields, @names, let names, settings,
 * services and reference lists the rules use, against the forms of the
 * services they apply to), the steps' numbers and every service's term. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "settings.h"
#include "util.h"

#define RULES_FILE_MAX (1024 * 1024)

/* The @names a rule may use. */
static const char *const ctx_names[] = {
	"act", "filed", "due", "channel", "service", "form", "applicant_iin",
	"applicant_citizenship",
};

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
			rules_perr(c->p, c->line, "%s «%s»: нет поля «%s» в форме «%s»",
			     what, c->r->id, key, f->id);
			bad = 1;
		}
	}
	if (!any) {
		rules_perr(c->p, c->line, "%s «%s»: ни одна форма не подходит",
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
		rules_perr(c->p, c->line, "неизвестное имя «@%s» (допустимы: @act, @filed, @due, @channel, @service, @form, @applicant_iin, @applicant_citizenship)", name);
		return 0;
	case RX_REF_LET:
		for (i = 0; i < c->nlets; i++)
			if (!strcmp(c->r->lets[i].name, name))
				return 0;
		rules_perr(c->p, c->line, "«$%s» не определено строкой «let» выше",
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
		rules_perr(c->p, c->line, "нет справочника «%s» (%s/lists/%s.list)",
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
			rules_perr(c->p, c->line, "setting: имя настройки — строка в кавычках");
		else if (!settings_find(arg0))
			rules_perr(c->p, c->line, "setting: неизвестная настройка «%s»", arg0);
		break;
	case RXF_IN_LIST:
	case RXF_IN_LIST_WITHIN:
		if (!arg0 || (f == RXF_IN_LIST_WITHIN && (n < 3 || !lits[2])))
			rules_perr(c->p, c->line, "%s: имя справочника — строка в кавычках", f == RXF_IN_LIST ? "in_list"
							  : "in_list_within");
		else if (need_list(c, arg0) == 0 && f == RXF_IN_LIST_WITHIN)
			need_list(c, lits[2]);
		break;
	case RXF_ACTIVE_CASE:
		if (!arg0) {
			rules_perr(c->p, c->line, "active_case: услуги — строка в кавычках");
		} else {
			size_t k, i;
			char **v = rules_split_list(arg0, &k);

			for (i = 0; i < k; i++)
				if (!workflow_service_bit(v[i]))
					rules_perr(c->p, c->line, "active_case: неизвестная услуга «%s»", v[i]);
			rules_strv_free(v, k);
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
			rules_perr(c->p, c->line, "в тексте не закрыта «{»");
			return;
		}
		n = (size_t)(end - s - 1);
		if (n == 0 || n >= sizeof name) {
			rules_perr(c->p, c->line, "в тексте пустая или длинная «{…}»");
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
				rules_perr(p, r->line, "нет формы «%s»", r->forms[j]);
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
			rules_parse_text(&p, text);
			if (!p.nerr)
				crosscheck(&p, forms);
			if (p.nerr)
				bad = 1;
		}
		free(text);
		free(path);
	}
	rules_strv_free(names, n);
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
	for (k = 0; k < N(rules_service_codes) && !bad && forms; k++) {
		for (i = 0; i < rs->nservices; i++)
			if (!strcmp(rs->services[i].code, rules_service_codes[k]))
				break;
		if (i == rs->nservices) {
			errlist_add(errs, ST_INVALID, "", "%s:0: нет блока «standard %s» (срок услуги)", dir,
				    rules_service_codes[k]);
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
