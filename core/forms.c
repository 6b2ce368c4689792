/* SPDX-License-Identifier: MIT */
/* Forms: a stored value as shown to a person, and freeing a form. The
 * parser, the set of forms and validation are forms_parse.c, forms_set.c
 * and forms_validate.c (see forms_int.h). */
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
#include "validate.h"

char *
form_value_display(const struct form *f, const struct form_field *fl,
		   const char *stored)
{
	const struct country *c;
	char ru[DATE_SIZE];
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

void
form_cond_free(struct form_cond *c)
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
	form_cond_free(&fl->cond);
	for (i = 0; i < fl->nchoices; i++) {
		free(fl->choices[i].code);
		free(fl->choices[i].ru);
		free(fl->choices[i].kk);
	}
	free(fl->choices);
	for (i = 0; i < fl->nsources; i++)
		free(fl->sources[i]);
	free(fl->sources);
	free(fl->list);
	free(fl->list_within);
	free(fl->compute_a);
	free(fl->compute_b);
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
		form_cond_free(&f->checklist[i].cond);
	}
	free(f->checklist);
	free(f->name);
	free(f->text);
	free(f);
}
