/* SPDX-License-Identifier: MIT */
/* Applying the rules to a case's act. */
#include "case_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "settings.h"
#include "util.h"

enum status
case_filed_date(struct store *s, const char *channel, const char *submitted_at,
		struct date at_window, struct date *filed, struct err *e)
{
	char day[11];
	struct date d;
	long end;
	int hour, w;

	if (!channel || strcmp(channel, "electronic") != 0 || !submitted_at ||
	    !*submitted_at) {
		*filed = at_window;
		return ST_OK;
	}
	snprintf(day, sizeof day, "%.10s", submitted_at);
	if (date_parse_iso(day, &d) != 0 || strlen(submitted_at) < 13 ||
	    submitted_at[10] != 'T')
		return err_set(e, ST_INVALID, "submitted_at",
			       "Дата подачи на портале: неверное значение «%s»",
			       submitted_at);
	hour = (submitted_at[11] - '0') * 10 + (submitted_at[12] - '0');
	end = s ? settings_get(s, SET_WORKDAY_END) : 18;
	if ((w = cal_is_workday(s, d)) < 0)
		return err_set(e, ST_STORAGE, "calendar",
			       "Календарь недоступен");
	if (w && hour < end) {
		*filed = d;
		return ST_OK;
	}
	/* After hours or on a day off: the next working day. */
	return cal_due(s, d, 1, filed, e);
}

struct date
case_filing_day(const char *channel, const char *submitted_at,
		struct date at_window)
{
	char day[11];
	struct date d;

	if (!channel || strcmp(channel, "electronic") != 0 || !submitted_at)
		return at_window;
	snprintf(day, sizeof day, "%.10s", submitted_at);
	return date_parse_iso(day, &d) == 0 ? d : at_window;
}

enum status
case_term(const struct formset *forms, const char *service, struct date d,
	  int *term, struct err *e)
{
	const struct rule_service *sv =
		rules_service(formset_rules(forms), service, d);
	char ru[11];

	if (!sv) {
		date_format_ru(d, ru);
		return err_set(e, ST_INVALID, "term",
			       "Срок услуги «%s» на %s не задан в правилах (forms/rules, блок standard)", service, ru);
	}
	*term = sv->term;
	return ST_OK;
}

static void
fill_ctx(struct rules_ctx *ctx, struct store *s, const struct case_check *c)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->s = s;
	ctx->form = c->form;
	ctx->service = c->service;
	ctx->channel = c->channel;
	ctx->act = c->act;
	ctx->filed = c->filed;
	ctx->has_due = c->has_due;
	ctx->due = c->due;
	ctx->case_id = c->case_id;
	ctx->office_id = c->office_id;
	ctx->applicant_iin = c->applicant_iin;
	ctx->applicant_citizenship = c->applicant_citizenship;
}

enum status
case_check_run(struct store *s, const struct case_check *c, json_t *values,
	       unsigned at, struct rule_findings *out, json_t **confirmed,
	       struct errlist *errs)
{
	const struct ruleset *rs = formset_rules(c->forms);
	struct rule_findings local = {0}, *f = out ? out : &local;
	struct rules_ctx ctx;
	struct err e = {0};
	size_t first = f->n;
	enum status ret;

	if (confirmed)
		*confirmed = NULL;
	if (!rs) {
		if (confirmed)
			*confirmed = json_array();
		return ST_OK;
	}
	fill_ctx(&ctx, s, c);
	if ((ret = rules_check(rs, &ctx, values, at, f, &e)) != ST_OK) {
		errlist_add_err(errs, &e);
		goto out;
	}
	{
		/* Only this act's findings. */
		struct rule_findings mine = {f->v + first, f->n - first, 0};

		if ((ret = rule_findings_confirm(&mine, c->confirm, c->before,
						 &e)) != ST_OK) {
			errlist_add_err(errs, &e);
			goto out;
		}
		if (c->errors_only) {
			size_t i;

			/* Errors still stop it; warnings wait. */
			for (i = 0; i < mine.n; i++)
				if (mine.v[i].severity == RULE_WARNING)
					mine.v[i].confirmed = 1;
		}
		ret = rule_findings_refuse(&mine, errs);
		if (c->errors_only)
			for (size_t i = 0; i < mine.n; i++)
				if (mine.v[i].severity == RULE_WARNING)
					mine.v[i].confirmed = 0;
		if (ret != ST_OK)
			goto out;
		if (confirmed)
			*confirmed = rule_findings_confirmed_json(&mine);
	}
out:
	rule_findings_free(&local);
	return ret;
}

/* The rules a decision's data confirmed, from a row, onto the array arg
 * (a db_row_fn). */
static enum status
add_confirmed(struct db_stmt *st, void *arg, struct err *e)
{
	json_t *out = arg;
	json_error_t je;
	json_t *d = json_loads(db_col_text(st, 0), 0, &je);
	json_t *list = json_object_get(d, "confirmed");
	size_t i;

	(void)e;
	for (i = 0; i < json_array_size(list); i++) {
		const char *id = json_string_value(json_object_get(
			json_array_get(list, i), "rule"));

		if (id)
			json_array_append_new(out, json_string(id));
	}
	json_decref(d);
	return ST_OK;
}

enum status
case_check_confirmed_before(struct store *s, long long case_id, json_t **out,
			    struct err *e)
{
	*out = json_array();
	if (!case_id)
		return ST_OK;
	return db_each(s, e, add_confirmed, *out, "SELECT data FROM case_events "
		       "WHERE case_id = ? AND data LIKE '%\"confirmed\"%' "
		       "ORDER BY id", DB_INT(case_id));
}

char *
case_check_confirmed_list(json_t *confirmed)
{
	struct strbuf b = {0};
	size_t i;

	for (i = 0; i < json_array_size(confirmed); i++) {
		const char *id = json_string_value(json_object_get(
			json_array_get(confirmed, i), "rule"));

		if (id)
			sb_printf(&b, "%s%s", b.len ? ", " : "", id);
	}
	return sb_take(&b);
}
