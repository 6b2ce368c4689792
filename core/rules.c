/* SPDX-License-Identifier: MIT */
/* The rule set: freeing it, its accessors, the items in force on a day,
 * and the findings of a check (counts, confirmation, refusal). Reading
 * the files is rules_parse.c and rules_load.c; evaluating the checks and
 * values at an act is rules_eval.c. */
#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "rules_int.h"
#include "util.h"

const char *const rules_service_codes[3] = {
	"border-pass", "invitation", "registration",
};

/* ---------------------------------------------------------------- */
/* Freeing                                                          */

void
rules_strv_free(char **v, size_t n)
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
	rules_strv_free(r->forms, r->nforms);
	rules_strv_free(r->fields, r->nfields);
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
			errlist_add(errs, ST_INVALID, fd->field, "%s", fd->shown);
			ret = ST_INVALID;
		} else if (!fd->confirmed) {
			errlist_add(errs, ST_INVALID, fd->field,
				    "%s (предупреждение %s: нужно подтверждение)", fd->shown, fd->id);
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
