/* SPDX-License-Identifier: MIT */
/* The rules at an act: the environment their expressions are evaluated
 * in (the case's values, @act and the other context names, let values,
 * the host functions: settings, the history of the region, reference
 * lists, the calendar), messages rendered with their placeholders, the
 * checks of a stage (rules_check) and the documents' values
 * (rules_value). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "db.h"
#include "i18n.h"
#include "rules_int.h"
#include "settings.h"
#include "util.h"

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
		snprintf(msg, n, i18n_text("история дел недоступна: %s"), e.msg);
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

/* in_list(list, value), in_list_within(list, value, parent list,
 * parent value): the value is an entry of the reference list (within the
 * parent value's entry). */
static int
env_in_list(const struct env_state *st, enum rx_host_func f,
	    const struct rx_val *a, struct rx_val *out, char *msg, size_t n)
{
	const struct reflist *l = a[0].t == RX_STR
		? rules_list(st->rs, a[0].s) : NULL;
	const struct ref_entry *en, *par;

	if (!l) {
		snprintf(msg, n, "%s", i18n_text("нет справочника"));
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

/* workdays(from, to): the working days between two dates. */
static int
env_workdays(const struct rules_ctx *c, const struct rx_val *a,
	     struct rx_val *out, char *msg, size_t n)
{
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
		snprintf(msg, n, "%s", i18n_text("календарь недоступен"));
		return -1;
	}
	*out = rx_num(k);
	return 0;
}

/* due(date, days): the term's last day, counted in working days. */
static int
env_due(const struct rules_ctx *c, const struct rx_val *a,
	struct rx_val *out, char *msg, size_t n)
{
	struct err e = {0};
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

static int
env_call(void *u, enum rx_host_func f, const struct rx_val *a, size_t na,
	 struct rx_val *out, char *msg, size_t n)
{
	struct env_state *st = u;
	const struct rules_ctx *c = st->ctx;

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
	case RXF_IN_LIST_WITHIN:
		return env_in_list(st, f, a, out, msg, n);
	case RXF_WORKDAYS:
		return env_workdays(c, a, out, msg, n);
	case RXF_DUE:
		return env_due(c, a, out, msg, n);
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
		if (i18n_pick(r->text_ru, r->text_kk) != r->text_ru) {
			sb_printf(&msg, "%s: ", fl ? i18n_pick(fl->label_ru, fl->label_kk) : r->fields[0]);
			render(&st, &env, r->text_kk, &msg);
		}
		snprintf(fd->shown, sizeof fd->shown, "%s", msg.s ? msg.s : fd->msg);
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
