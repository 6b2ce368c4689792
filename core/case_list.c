/* SPDX-License-Identifier: MIT */
/* Reading cases: a case's history, and the lists of cases (the worklists,
 * overdue included). */
#include "cases.h"
#include "cases_int.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "office.h"
#include "steps.h"
#include "util.h"
#include "workflow.h"

#include <stdio.h>
#include <string.h>

/* What one event of the history owns (a db_clear_fn). */
static void
clear_history(void *elem)
{
	struct case_history *h = elem;

	free(h->reason);
	free(h->data);
}

void
case_history_free(struct case_history *h, size_t n)
{
	db_rows_free(h, n, clear_history);
}

struct history {
	const struct actor *a;
	struct case_history *v;
	size_t n, cap;
	struct store *s;
	long long id;
};

static enum status
add_history(struct db_stmt *st, void *arg, struct err *e)
{
	struct history *hs = arg;
	struct case_history *h;
	enum status ret;

	if (hs->n == 0 &&
	    ((ret = actor_require(hs->a, PERM_CASE_VIEW, e)) != ST_OK ||
	     (ret = case_scope_check(hs->s, hs->a, db_col_int64(st, 9),
				     hs->id, e)) != ST_OK))
		return ret;
	XGROW(hs->v, hs->n, hs->cap);
	h = &hs->v[hs->n++];
	memset(h, 0, sizeof *h);
	snprintf(h->at, sizeof h->at, "%s", db_col_text(st, 0));
	snprintf(h->event, sizeof h->event, "%s", db_col_text(st, 1));
	snprintf(h->from, sizeof h->from, "%s", db_col_text(st, 2));
	snprintf(h->to, sizeof h->to, "%s", db_col_text(st, 3));
	snprintf(h->login, sizeof h->login, "%s", db_col_text(st, 4));
	snprintf(h->full_name, sizeof h->full_name, "%s", db_col_text(st, 5));
	h->reason = db_col_dup(st, 6);
	snprintf(h->ground, sizeof h->ground, "%s", db_col_text(st, 7));
	h->data = db_col_dup(st, 8);
	return ST_OK;
}

enum status
case_history_get(struct store *s, const struct actor *a, long long id,
		 struct case_history **out, size_t *n, struct err *e)
{
	struct history hs = {.a = a, .s = s, .id = id};
	enum status ret;

	*out = NULL;
	*n = 0;
	ret = db_each(s, e, add_history, &hs, "SELECT e.at, e.event, "
		      "COALESCE(e.from_state,''), e.to_state, a.login, "
		      "a.full_name, COALESCE(e.reason,''), COALESCE(e.ground,''),"
		      " COALESCE(e.data,''), c.office_id FROM case_events e "
		      "JOIN accounts a ON a.id = e.actor_id JOIN cases c ON "
		      "c.id = e.case_id WHERE e.case_id = ? ORDER BY e.id",
		      DB_INT(id));
	if (ret != ST_OK) {
		case_history_free(hs.v, hs.n);
		return ret;
	}
	*out = hs.v;
	*n = hs.n;
	return ST_OK;
}

/* Overdue: the result not given by the due date, or a step of the
 * reglament's table past its term (a registration without its Berkut
 * entry included). */
static int
row_overdue(struct store *s, const struct formset *forms,
	    const struct case_row *r, const char *today)
{
	struct case_rec c;
	struct date d;

	if (r->due_date[0] && strcmp(r->due_date, today) < 0 &&
	    (!strcmp(r->state, "accepted") || !strcmp(r->state, "checked") ||
	     !strcmp(r->state, "hit") || !strcmp(r->state, "issued") ||
	     !strcmp(r->state, "refused")))
		return 1;
	memset(&c, 0, sizeof c);
	c.id = r->id;
	snprintf(c.service, sizeof c.service, "%s", r->service);
	snprintf(c.channel, sizeof c.channel, "%s", r->channel);
	if (workflow_state_parse(r->state, &c.state) != 0 ||
	    date_parse_iso(today, &d) != 0)
		return 0;
	return case_steps_overdue(s, forms, &c, d) == 1;
}

/* The query of a case filter (its rows, or with count their number);
 * its parameters are numbered as case_filter_bind binds them. */
static void
case_list_sql(struct strbuf *sql, const struct case_filter *f, int count)
{
	sb_add(sql, count ? "SELECT count(*) " :
		    "SELECT c.id, c.service, c.state, c.data, c.docno, "
		    "c.citizenship, c.due_date, COALESCE(c.journal_no,0), "
		    "COALESCE(c.journal_year,0), c.channel, o.code ");
	sb_add(sql, "FROM cases c JOIN offices o ON o.id = c.office_id WHERE "
		    "(?1 = 0 OR c.office_id = ?1) AND (?1 <> 0 OR "
		    REGION_REACH_SQL("o.id", "?2") ") ");
	if (f->state && f->state_or)
		sb_add(sql, "AND c.state IN (?3, ?8) ");
	else if (f->state)
		sb_add(sql, "AND c.state = ?3 ");
	if (f->service)
		sb_add(sql, "AND c.service = ?4 ");
	if (f->overdue && f->forms)
		sb_add(sql, "AND c.state NOT IN ('returned','cancelled') "
			    "AND (c.state <> 'handed_out' OR (c.service = "
			    "'registration' AND c.berkut_at IS NULL)) ");
	else if (f->overdue)
		sb_add(sql, "AND c.due_date < ?5 AND c.state IN "
			    "('accepted','checked','hit','issued','refused') ");
	if (f->due_before)
		sb_add(sql, "AND c.due_date <= ?6 ");
	if (f->created_by)
		sb_add(sql, "AND c.created_by = ?7 ");
	if (f->due_on)
		sb_add(sql, "AND c.due_date = ?9 ");
	if (f->open_only) {
		enum case_state st;

		/* The states' codes are okno's own, never the caller's. */
		sb_add(sql, "AND c.state NOT IN ('draft'");
		for (st = 0; st < CS__COUNT; st++)
			if (case_state_final(st))
				sb_printf(sql, ", '%s'", workflow_state_code(st));
		sb_add(sql, ") ");
	}
	if (count)
		return;
	sb_add(sql, "ORDER BY c.due_date IS NULL, c.due_date, c.id");
	if (f->limit > 0 && !(f->overdue && f->forms))
		sb_printf(sql, " LIMIT %d", f->limit);
}

/* One row of case_list_sql's query into *r. */
static void
case_list_row(struct db_stmt *st, struct case_row *r)
{
	json_error_t je;
	json_t *d;

	memset(r, 0, sizeof *r);
	r->id = db_col_int64(st, 0);
	snprintf(r->service, sizeof r->service, "%s", db_col_text(st, 1));
	snprintf(r->state, sizeof r->state, "%s", db_col_text(st, 2));
	d = json_loads(db_col_text(st, 3), 0, &je);
	snprintf(r->name, sizeof r->name, "%s %s", case_jstr(d, "surname"),
		 case_jstr(d, "given_names"));
	json_decref(d);
	snprintf(r->docno, sizeof r->docno, "%s", db_col_text(st, 4));
	snprintf(r->citizenship, sizeof r->citizenship, "%s",
		 db_col_text(st, 5));
	snprintf(r->due_date, sizeof r->due_date, "%s", db_col_text(st, 6));
	r->journal_no = db_col_int(st, 7);
	r->journal_year = db_col_int(st, 8);
	snprintf(r->channel, sizeof r->channel, "%s", db_col_text(st, 9));
	snprintf(r->office_code, sizeof r->office_code, "%s",
		 db_col_text(st, 10));
}

/* The statement of filter f for account a (rows, or with count their
 * number), its parameters bound; today is the day it counts from. */
static enum status
case_filter_prepare(struct store *s, const struct actor *a,
		    const struct case_filter *f, int count,
		    char today[DATE_SIZE], struct db_stmt **out,
		    struct err *e)
{
	struct strbuf sql = {0};
	enum case_state cs;
	char due_before[DATE_SIZE] = "", due_on[DATE_SIZE] = "";
	struct date d;
	enum status ret;

	*out = NULL;
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	if ((f->state && workflow_state_parse(f->state, &cs) != 0) ||
	    (f->state_or && workflow_state_parse(f->state_or, &cs) != 0))
		return err_set(e, ST_INVALID, "state",
			       "Состояние: неизвестный код «%s»",
			       f->state_or ? f->state_or : f->state);
	if (f->service && !catalog_find(f->service))
		return err_set(e, ST_INVALID, "service",
			       "Услуга: неизвестный код «%s»", f->service);
	if (f->due_before) {
		if (date_parse_any(f->due_before, &d) != 0)
			return err_set(e, ST_INVALID, "due-before",
				       "Срок до: неверная дата «%s»",
				       f->due_before);
		date_format_iso(d, due_before);
	}
	if (f->due_on) {
		if (date_parse_any(f->due_on, &d) != 0)
			return err_set(e, ST_INVALID, "due-on",
				       "Срок: неверная дата «%s»", f->due_on);
		date_format_iso(d, due_on);
	}
	date_format_iso(clock_today(), today);
	case_list_sql(&sql, f, count);
	*out = db_prepare(s, sql.s, e);
	sb_free(&sql);
	if (!*out)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(*out, 1, a->office_id);
	db_bind_int64(*out, 2, a->region_id);
	db_bind_text(*out, 3, f->state);
	db_bind_text(*out, 4, f->service);
	db_bind_text(*out, 5, today);
	db_bind_text(*out, 6, due_before[0] ? due_before : NULL);
	db_bind_int64(*out, 7, f->created_by);
	db_bind_text(*out, 8, f->state_or);
	db_bind_text(*out, 9, due_on[0] ? due_on : NULL);
	return ST_OK;
}

enum status
case_list(struct store *s, const struct actor *a, const struct case_filter *f,
	  struct case_row **out, size_t *n, struct err *e)
{
	struct db_stmt *st;
	char today[DATE_SIZE];
	size_t cap = 0;
	enum status ret;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = case_filter_prepare(s, a, f, 0, today, &st, e)) != ST_OK)
		return ret;
	while ((rc = db_step(st, e)) == DB_ROW) {
		XGROW(*out, *n, cap);
		case_list_row(st, &(*out)[(*n)++]);
		if (f->overdue && f->forms &&
		    !row_overdue(s, f->forms, &(*out)[*n - 1], today))
			(*n)--;
		/* The overdue steps are told row by row: their limit here. */
		if (f->limit > 0 && *n >= (size_t)f->limit)
			break;
	}
	db_finalize(st);
	if (rc == DB_FAIL) {
		free(*out);
		*out = NULL;
		*n = 0;
		return e ? e->st : ST_STORAGE;
	}
	return ST_OK;
}

enum status
case_count(struct store *s, const struct actor *a, const struct case_filter *f,
	   size_t *n, struct err *e)
{
	struct case_filter all = *f;
	struct case_row *rows;
	struct db_stmt *st;
	char today[DATE_SIZE];
	enum status ret;
	int rc;

	*n = 0;
	all.limit = 0;
	/* The overdue steps are told row by row: counted so. */
	if (f->overdue && f->forms) {
		if ((ret = case_list(s, a, &all, &rows, n, e)) == ST_OK)
			free(rows);
		return ret;
	}
	if ((ret = case_filter_prepare(s, a, &all, 1, today, &st, e)) != ST_OK)
		return ret;
	if ((rc = db_step(st, e)) == DB_ROW)
		*n = (size_t)db_col_int64(st, 0);
	db_finalize(st);
	return rc == DB_ROW ? ST_OK : (e ? e->st : ST_STORAGE);
}
