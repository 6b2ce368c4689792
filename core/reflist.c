/* SPDX-License-Identifier: MIT */
/* Reference lists as text files (forms/lists/NAME.list). */
#include "reflist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "forms.h"
#include "util.h"

#define LIST_MAX_BYTES (1 << 20)

void
reflist_free(struct reflist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].code);
		free(l->v[i].ru);
		free(l->v[i].kk);
		free(l->v[i].also);
		free(l->v[i].parent);
	}
	free(l->v);
	free(l->name);
	free(l);
}

/* The column at *p up to the next '|' or the end, trimmed. */
static char *
column(char **p)
{
	char *bar = strchr(*p, '|'), *s;

	if (bar)
		*bar = '\0';
	s = xstrdup(*p);
	*p = bar ? bar + 1 : *p + strlen(*p);
	return str_trim(s);
}

/* "a, b" -> "a\nb" */
static char *
spellings(char *s)
{
	struct strbuf b = {0};
	char *tok, *save = NULL;

	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (*str_trim(tok))
			sb_printf(&b, "%s%s", b.len ? "\n" : "", tok);
	free(s);
	return sb_take(&b);
}

static int
parse_line(struct reflist *l, char *line, const char *path, int lineno,
	   struct errlist *errs)
{
	struct ref_entry e;
	char *p = line, *also;

	memset(&e, 0, sizeof e);
	e.code = column(&p);
	e.ru = column(&p);
	e.kk = column(&p);
	also = column(&p);
	e.parent = column(&p);
	e.also = spellings(also);
	if (!*e.code || !*e.ru || !*e.kk || strchr(p, '|')) {
		errlist_add(errs, ST_INVALID, "", "%s:%d: нужно «КОД | по-русски | қазақша | другие написания | КОД РОДИТЕЛЯ» (последние два — по желанию)", path,
			    lineno);
		free(e.code);
		free(e.ru);
		free(e.kk);
		free(e.also);
		free(e.parent);
		return -1;
	}
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = e;
	return 0;
}

enum status
reflist_load(const char *forms_dir, const char *name, struct reflist **out,
	     struct errlist *errs)
{
	char *path = xasprintf("%s/lists/%s.list", forms_dir, name);
	struct reflist *l;
	char *text = NULL, *line, *save = NULL;
	size_t before = errs ? errs->n : 0, len = 0;
	struct errlist local = {0};
	struct err e = {0};
	enum status st;
	int lineno = 0;

	*out = NULL;
	if (!errs)
		errs = &local;
	if ((st = fileio_read(path, LIST_MAX_BYTES, 0, "list", &text, &len,
			      &e)) != ST_OK) {
		errlist_add(errs, st, "", "%s:0: %s", path, e.msg);
		free(path);
		errlist_free(&local);
		return st == ST_NOTFOUND ? ST_NOTFOUND : ST_INVALID;
	}
	l = xcalloc(1, sizeof *l);
	l->name = xstrdup(name);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		if (!utf8_valid(line)) {
			errlist_add(errs, ST_INVALID, "", "%s:%d: не UTF-8",
				    path, lineno);
			continue;
		}
		if (!*str_trim(line) || *line == '#')
			continue;
		parse_line(l, line, path, lineno, errs);
	}
	free(text);
	free(path);
	if (errs->n > before) {
		reflist_free(l);
		errlist_free(&local);
		return ST_INVALID;
	}
	*out = l;
	errlist_free(&local);
	return ST_OK;
}

const struct ref_entry *
reflist_find(const struct reflist *l, const char *s)
{
	char *want = utf8_fold(s ? s : ""), *x;
	size_t i;
	int hit;

	str_trim(want);
	for (i = 0; l && *want && i < l->n; i++) {
		x = utf8_fold(l->v[i].ru);
		hit = !strcmp(x, want);
		free(x);
		if (!hit) {
			x = utf8_fold(l->v[i].kk);
			hit = !strcmp(x, want);
			free(x);
		}
		if (hit || !strcmp(l->v[i].code, s)) {
			free(want);
			return &l->v[i];
		}
	}
	free(want);
	return NULL;
}

/* The list of the field a list lies within, NULL when none. */
static const char *
parent_list(const struct form *f, const struct form_field *fl)
{
	const struct form_field *p = fl->list_within ? form_field(f,
								   fl->list_within)
						     : NULL;

	return p ? p->list : NULL;
}

int
reflist_check(const struct formset *set, const char *forms_dir,
	      struct errlist *errs)
{
	size_t i, k, j;
	int bad = 0;

	for (i = 0; i < formset_count(set); i++) {
		const struct form *f = formset_at(set, i);

		for (k = 0; k < f->nfields; k++) {
			const struct form_field *fl = &f->fields[k];
			const char *pname = parent_list(f, fl);
			struct reflist *l = NULL, *pl = NULL;

			if (!fl->list)
				continue;
			if (reflist_load(forms_dir, fl->list, &l, errs) != ST_OK) {
				bad = 1;
				continue;
			}
			if (pname && reflist_load(forms_dir, pname, &pl, errs) !=
					     ST_OK)
				bad = 1;
			for (j = 0; pl && j < l->n; j++) {
				size_t m;

				for (m = 0; m < pl->n; m++)
					if (!strcmp(pl->v[m].code, l->v[j].parent))
						break;
				if (m == pl->n) {
					errlist_add(errs, ST_INVALID, "",
						    "%s/lists/%s.list: «%s»: нет «%s» в списке %s",
						    forms_dir, fl->list,
						    l->v[j].code, l->v[j].parent,
						    pname);
					bad = 1;
				}
			}
			reflist_free(l);
			reflist_free(pl);
		}
	}
	return bad;
}
