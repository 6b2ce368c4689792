/* SPDX-License-Identifier: MIT */
/* Sets of forms: the directory loader with its cross-checks, and lookup
 * by id, service and field. */
#include "forms.h"
#include "forms_int.h"
#include "reflist.h"
#include "textfile.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "calendar.h"
#include "country.h"
#include "date.h"
#include "rules.h"
#include "validate.h"

/* ---------------------------------------------------------------- */
/* Sets of forms                                                    */

struct formset {
	struct form **v;
	size_t n;
	struct ruleset *rules;  /* dir/rules, NULL when there is none */
	struct cal_data *calendar; /* dir/calendar, NULL when none */
};

void
formset_free(struct formset *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		form_free(set->v[i]);
	free(set->v);
	rules_free(set->rules);
	cal_data_free(set->calendar);
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
				errlist_add(errs, ST_INVALID, "", "%s:%d: форма «%s» уже определена в %s",
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
						    "%s:%d: столбец «%s»: поля «%s» нет ни в одной форме",
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
	char **names = NULL;
	size_t n = 0, i;
	int bad = 0;

	*out = NULL;
	if (!errs)
		errs = &local;
	if (text_dir_files(dir, ".form", "форм", &names, &n, errs) != ST_OK) {
		free(names);
		errlist_free(&local);
		return ST_NOTFOUND;
	}

	set = xcalloc(1, sizeof *set);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *text = text_file_read(path, FORM_FILE_MAX, errs);
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
	/* The reference lists the fields name (forms/lists/). */
	if (!bad)
		bad = reflist_check(set, dir, errs);
	if (!bad) {
		char *rdir = xasprintf("%s/rules", dir);
		struct stat sb;

		/* The rules beside the forms; a folder without them (an old
		 * or test set) has none. */
		if (stat(rdir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    rules_load(rdir, set, &set->rules, errs) != ST_OK)
			bad = 1;
		free(rdir);
		/* The calendar's data beside them, likewise. */
		rdir = xasprintf("%s/calendar", dir);
		if (stat(rdir, &sb) == 0 && S_ISDIR(sb.st_mode) &&
		    cal_data_load(rdir, &set->calendar, errs) != ST_OK)
			bad = 1;
		free(rdir);
	}
	errlist_free(&local);
	if (bad) {
		formset_free(set);
		return ST_INVALID;
	}
	*out = set;
	return ST_OK;
}

const struct ruleset *
formset_rules(const struct formset *set)
{
	return set ? set->rules : NULL;
}

const struct cal_data *
formset_calendar(const struct formset *set)
{
	return set ? set->calendar : NULL;
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
