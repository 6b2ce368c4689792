/* SPDX-License-Identifier: MIT */
/* Office reports from the case history. */
#include "report.h"
#include "office.h"
#include "calendar.h"
#include "cases.h"
#include "steps.h"
#include "catalog.h"
#include "clock.h"
#include "country.h"
#include "date.h"
#include "util.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

/* Decisions pending: the states a case waits in for its decision. */
#define PENDING "('accepted','checked','hit')"

#define COUNTS                                                          \
	DB_COUNT_IF("e.event = 'accept'") ", "                          \
	DB_COUNT_IF("e.event = 'issue' OR (e.event = 'check-clear' "    \
		    "AND c.service = 'registration')") ", "             \
	DB_COUNT_IF("e.event = 'refuse'") ", "                          \
	DB_COUNT_IF("e.event = 'return'") ", "                          \
	DB_COUNT_IF("e.event = 'hand-out'") " "

#define EVENTS_IN                                                       \
	"FROM case_events e JOIN cases c ON c.id = e.case_id "          \
	"WHERE c.office_id = ?1 AND e.at >= ?2 AND e.at < ?3 "

void
report_free(struct report *r)
{
	if (!r)
		return;
	free(r->by_service);
	free(r->by_citizenship);
	free(r->grounds);
	free(r->inspectors);
	free(r->overdue);
	free(r->due_soon);
	free(r->late);
	free(r->steps);
	free(r->queue);
	memset(r, 0, sizeof *r);
}

static void
read_counts(struct db_stmt *st, int col, struct report_row *r)
{
	r->accepted = db_col_int64(st, col);
	r->issued = db_col_int64(st, col + 1);
	r->refused = db_col_int64(st, col + 2);
	r->returned = db_col_int64(st, col + 3);
	r->handed_out = db_col_int64(st, col + 4);
}

enum grouping { G_TOTAL, G_SERVICE, G_CITIZENSHIP, G_GROUND, G_INSPECTOR };

/* One row of counts: key, label and the counts, and for the inspectors
 * an eighth column, their cases open (a db_fill_fn). */
static void
fill_row(struct db_stmt *st, void *elem)
{
	struct report_row *r = elem;

	snprintf(r->key, sizeof r->key, "%s", db_col_text(st, 0));
	snprintf(r->label, sizeof r->label, "%s", db_col_text(st, 1));
	read_counts(st, 2, r);
	if (db_col_count(st) > 7)
		r->open = db_col_int64(st, 7);
}

/* The Russian name of a row's key where the grouping has one. */
static void
label_row(enum grouping g, struct report_row *r)
{
	if (g == G_SERVICE) {
		const struct service *svc = catalog_find(r->key);

		if (svc)
			snprintf(r->label, sizeof r->label, "%s", svc->short_ru);
	} else if (g == G_CITIZENSHIP) {
		const struct country *cn = country_by_alpha3(r->key);

		if (cn)
			snprintf(r->label, sizeof r->label, "%s", cn->ru);
	} else if (g == G_GROUND) {
		const char *sp = strchr(r->key, ' ');
		const struct service *svc;
		const struct ground *gr;
		char code[16];

		snprintf(code, sizeof code, "%.*s",
			 sp ? (int)(sp - r->key) : 0, r->key);
		svc = catalog_find(code);
		gr = svc ? catalog_ground(svc, r->label) : NULL;
		if (gr)
			snprintf(r->label, sizeof r->label, "%s", gr->ru);
	}
}

static enum status
rows(struct store *s, enum grouping g, long long office, const char *lo,
     const char *hi, struct report_row **out, size_t *n, struct err *e)
{
	static const char *const sql[] = {
		[G_TOTAL] = "SELECT '', '', " COUNTS EVENTS_IN,
		[G_SERVICE] = "SELECT c.service, '', " COUNTS EVENTS_IN
			      "GROUP BY c.service ORDER BY c.service",
		[G_CITIZENSHIP] = "SELECT c.citizenship, '', " COUNTS EVENTS_IN
				  "AND c.citizenship <> 'KAZ' "
				  "GROUP BY c.citizenship ORDER BY "
				  DB_COUNT_IF("e.event = 'accept'")
				  " DESC, c.citizenship",
		[G_GROUND] = "SELECT c.service || ' ' || e.ground, e.ground, "
			     COUNTS EVENTS_IN "AND e.event = 'refuse' "
			     "GROUP BY c.service, e.ground ORDER BY 1",
		[G_INSPECTOR] = "SELECT a.login, a.full_name, " COUNTS ", "
				"(SELECT COUNT(*) FROM cases x WHERE "
				"x.office_id = ?1 AND x.created_by = a.id AND "
				"x.state IN " PENDING ") "
				"FROM case_events e JOIN cases c ON c.id = "
				"e.case_id JOIN accounts a ON a.id = e.actor_id "
				"WHERE c.office_id = ?1 AND e.at >= ?2 AND "
				"e.at < ?3 GROUP BY a.id ORDER BY a.full_name",
	};
	enum status ret;
	size_t i;

	if ((ret = db_rows(s, e, out, n, fill_row, NULL, sql[g], DB_INT(office),
			   DB_TEXT(lo), DB_TEXT(hi))) != ST_OK)
		return ret;
	for (i = 0; i < *n; i++)
		label_row(g, &(*out)[i]);
	return ST_OK;
}

/* One case of a due list from a row (a db_fill_fn). */
static void
fill_case(struct db_stmt *st, void *elem)
{
	struct report_case *r = elem;

	r->id = db_col_int64(st, 0);
	snprintf(r->service, sizeof r->service, "%s", db_col_text(st, 1));
	if (db_col_int(st, 2))
		snprintf(r->number, sizeof r->number, "%d/%d",
			 db_col_int(st, 2), db_col_int(st, 3));
	snprintf(r->name, sizeof r->name, "%s %s", db_col_text(st, 4),
		 db_col_text(st, 5));
	snprintf(r->due_date, sizeof r->due_date, "%s", db_col_text(st, 6));
	snprintf(r->state, sizeof r->state, "%s", db_col_text(st, 7));
	snprintf(r->inspector, sizeof r->inspector, "%s", db_col_text(st, 8));
}

static enum status
cases_due(struct store *s, long long office, const char *where,
	  const char *d1, const char *d2, struct report_case **out,
	  size_t *n, struct err *e)
{
	char sql[768];

	snprintf(sql, sizeof sql,
		 "SELECT c.id, c.service, COALESCE(c.journal_no, 0), "
		 "COALESCE(c.journal_year, 0), json_extract(c.data, "
		 "'$.surname'), json_extract(c.data, '$.given_names'), "
		 "c.due_date, c.state, a.full_name FROM cases c JOIN accounts a "
		 "ON a.id = c.created_by WHERE c.office_id = ?1 AND c.state IN "
		 PENDING " AND %s ORDER BY c.due_date, c.id", where);
	return db_rows(s, e, out, n, fill_case, NULL, sql, DB_INT(office),
		       DB_TEXT(d1), DB_TEXT(d2));
}

/* The counts of a report, one statement each (progress steps). */
#define REPORT_STEPS 8

static enum status
step_done(struct progress *p, int k, struct err *e)
{
	return progress_step(p, k) ? progress_cancelled(e) : ST_OK;
}

static struct report_step *
step_row(struct report *out, const struct rule_step *st)
{
	struct report_step *r;
	size_t i, cap = out->nsteps;

	for (i = 0; i < out->nsteps; i++)
		if (!strcmp(out->steps[i].service, st->service) &&
		    out->steps[i].no == st->no)
			return &out->steps[i];
	out->steps = xrealloc(out->steps, (cap + 1) * sizeof *out->steps);
	r = &out->steps[out->nsteps++];
	memset(r, 0, sizeof *r);
	snprintf(r->service, sizeof r->service, "%s", st->service);
	r->no = st->no;
	snprintf(r->action, sizeof r->action, "%s", st->action_ru);
	return r;
}

static void
add_case(struct report_case **v, size_t *n, struct db_stmt *st,
	 const char *what)
{
	struct report_case *r;

	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	r = &(*v)[(*n)++];
	memset(r, 0, sizeof *r);
	fill_case(st, r);
	snprintf(r->what, sizeof r->what, "%s", what);
}

/* The steps of every case that moved in the period or is still running:
 * done in time or late within the period, overdue now. A case overdue
 * also when its result was not given by its due date. */
static enum status
steps_report(struct store *s, const struct formset *forms, long long office,
	     struct date d1, struct date d2, struct date today,
	     const char *lo, const char *hi, struct report *out, struct err *e)
{
	struct db_stmt *st = db_prepare(s,
		"SELECT c.id, c.service, COALESCE(c.journal_no, 0), "
		"COALESCE(c.journal_year, 0), json_extract(c.data, "
		"'$.surname'), json_extract(c.data, '$.given_names'), "
		"c.due_date, c.state, a.full_name, c.channel "
		"FROM cases c JOIN accounts a ON a.id = c.created_by "
		"WHERE c.office_id = ?1 AND c.state NOT IN ('returned', "
		"'cancelled') AND (c.state <> 'handed_out' OR (c.service = "
		"'registration' AND c.berkut_at IS NULL) OR EXISTS (SELECT 1 "
		"FROM case_events v WHERE v.case_id = c.id AND v.at >= ?2 AND "
		"v.at < ?3)) ORDER BY c.due_date, c.id", e);
	char today_iso[11];
	enum status ret = ST_OK;
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	date_format_iso(today, today_iso);
	db_bind_int64(st, 1, office);
	db_bind_text(st, 2, lo);
	db_bind_text(st, 3, hi);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct step_state *v = NULL;
		struct case_rec c;
		struct strbuf over = {0}, late = {0};
		size_t n = 0, i;

		memset(&c, 0, sizeof c);
		c.id = db_col_int64(st, 0);
		snprintf(c.service, sizeof c.service, "%s",
			 db_col_text(st, 1));
		snprintf(c.channel, sizeof c.channel, "%s",
			 db_col_text(st, 9));
		if (workflow_state_parse(db_col_text(st, 7), &c.state) != 0)
			continue;
		if (forms && (ret = case_steps(s, forms, &c, today, &v, &n,
					       e)) != ST_OK)
			break;
		for (i = 0; i < n; i++) {
			struct report_step *r;
			char due[11];

			if (!v[i].started)
				continue;
			date_format_ru(v[i].due, due);
			r = step_row(out, v[i].step);
			if (v[i].overdue) {
				r->overdue++;
				sb_printf(&over, "%sшаг %d (%s): срок %s",
					  over.len ? "; " : "", v[i].step->no,
					  v[i].step->action_ru, due);
			} else if (v[i].done &&
				   date_cmp(v[i].done_on, d1) >= 0 &&
				   date_cmp(v[i].done_on, d2) <= 0) {
				if (v[i].late) {
					char done[11];

					r->late++;
					date_format_ru(v[i].done_on, done);
					sb_printf(&late, "%sшаг %d (%s): срок %s, выполнен %s",
						  late.len ? "; " : "",
						  v[i].step->no,
						  v[i].step->action_ru, due,
						  done);
				} else {
					r->on_time++;
				}
			}
		}
		free(v);
		/* A decision not taken by the service's due date counts too. */
		if (!over.len && db_col_text(st, 6)[0] &&
		    strcmp(db_col_text(st, 6), today_iso) < 0 &&
		    (c.state == CS_ACCEPTED || c.state == CS_CHECKED ||
		     c.state == CS_HIT))
			sb_add(&over, "решение не принято в срок");
		if (over.len)
			add_case(&out->overdue, &out->noverdue, st, over.s);
		if (late.len)
			add_case(&out->late, &out->nlate, st, late.s);
		sb_free(&over);
		sb_free(&late);
	}
	db_finalize(st);
	if (ret == ST_OK && rc == DB_FAIL)
		ret = e ? e->st : ST_STORAGE;
	return ret;
}

/* A report's days: from..to (ISO or ДД.ММ.ГГГГ; to NULL or "": the same
 * day as from), from not after to. */
static enum status
period(const char *from, const char *to, struct date *d1, struct date *d2,
       struct err *e)
{
	if (!from || date_parse_any(from, d1) != 0)
		return err_set(e, ST_INVALID, "from", "Дата начала: неверное значение «%s»",
			       from ? from : "");
	if (to && *to) {
		if (date_parse_any(to, d2) != 0)
			return err_set(e, ST_INVALID, "to",
				       "Дата окончания: неверное значение «%s»",
				       to);
	} else {
		*d2 = *d1;
	}
	if (date_cmp(*d1, *d2) > 0)
		return err_set(e, ST_INVALID, "to", "Дата окончания раньше даты начала");
	return ST_OK;
}

enum status
report_regions(struct store *s, const struct actor *a, const char *from,
	       const char *to, struct report_row **out, size_t *n,
	       struct err *e)
{
	struct date d1, d2;
	char lo[DATE_SIZE], hi[DATE_SIZE];
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_REPORT, e)) != ST_OK ||
	    (ret = period(from, to, &d1, &d2, e)) != ST_OK)
		return ret;
	date_format_iso(d1, lo);
	date_format_iso(date_add_days(d2, 1), hi);
	return db_rows(s, e, out, n, fill_row, NULL,
		       "SELECT r.code, r.name, " COUNTS
		       "FROM case_events e JOIN cases c ON c.id = e.case_id "
		       "JOIN offices o ON o.id = c.office_id JOIN regions r "
		       "ON r.id = o.region_id WHERE e.at >= ?1 AND e.at < ?2 "
		       "AND (o.id = ?3 OR (?3 = 0 AND "
		       REGION_REACH_SQL("o.id", "?4") ")) "
		       "GROUP BY r.code, r.name ORDER BY r.code", DB_TEXT(lo),
		       DB_TEXT(hi), DB_INT(a->office_id), DB_INT(a->region_id));
}

enum status
report_build(struct store *s, const struct actor *a,
	     const struct formset *forms, long long office_id,
	     const char *from, const char *to, struct report *out,
	     struct progress *p, struct err *e)
{
	struct date d1, d2, today = clock_today(), soon;
	struct report_row *tot = NULL;
	char hi[DATE_SIZE];
	enum status ret;
	size_t n;
	int work = 0, guard = 0;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_REPORT, e)) != ST_OK ||
	    (ret = period(from, to, &d1, &d2, e)) != ST_OK)
		return ret;
	date_format_iso(d1, out->from);
	date_format_iso(d2, out->to);
	date_format_iso(date_add_days(d2, 1), hi);
	date_format_iso(today, out->today);
	/* The second working day after today. */
	soon = today;
	while (work < 2 && guard++ < 60) {
		soon = date_add_days(soon, 1);
		if (cal_is_workday(s, soon) == 1)
			work++;
	}
	date_format_iso(soon, out->soon);

	if (progress_begin(p, PROGRESS_REPORT, REPORT_STEPS)) {
		ret = progress_cancelled(e);
		goto fail;
	}
	/* Each count is one statement; over a long period one may take
	 * seconds, so the renderer is also called from inside it. */
	if (p)
		db_progress(s, progress_tick, p);
	if ((ret = rows(s, G_TOTAL, office_id, out->from, hi, &tot, &n, e)) !=
	    ST_OK)
		goto fail;
	if (n)
		out->total = tot[0];
	free(tot);
	if ((ret = step_done(p, 1, e)) != ST_OK ||
	    (ret = rows(s, G_SERVICE, office_id, out->from, hi,
			&out->by_service, &out->nservice, e)) != ST_OK ||
	    (ret = step_done(p, 2, e)) != ST_OK ||
	    (ret = rows(s, G_CITIZENSHIP, office_id, out->from, hi,
			&out->by_citizenship, &out->ncitizenship, e)) != ST_OK ||
	    (ret = step_done(p, 3, e)) != ST_OK ||
	    (ret = rows(s, G_GROUND, office_id, out->from, hi, &out->grounds,
			&out->ngrounds, e)) != ST_OK ||
	    (ret = step_done(p, 4, e)) != ST_OK ||
	    (ret = rows(s, G_INSPECTOR, office_id, out->from, hi,
			&out->inspectors, &out->ninspectors, e)) != ST_OK ||
	    (ret = step_done(p, 5, e)) != ST_OK ||
	    (ret = steps_report(s, forms, office_id, d1, d2, today, out->from,
				hi, out, e)) != ST_OK ||
	    (ret = step_done(p, 6, e)) != ST_OK ||
	    (ret = cases_due(s, office_id, "c.due_date >= ?2 AND "
					  "c.due_date <= ?3", out->today,
			     out->soon, &out->due_soon, &out->ndue_soon, e)) !=
		    ST_OK ||
	    (ret = step_done(p, 7, e)) != ST_OK ||
	    (ret = queue_stats(s, a, office_id, out->from, out->to,
			       &out->queue, &out->nqueue, e)) != ST_OK ||
	    (ret = step_done(p, REPORT_STEPS, e)) != ST_OK)
		goto fail;
	if (p)
		db_progress(s, NULL, NULL);
	progress_end(p);
	return ST_OK;
fail:
	if (p)
		db_progress(s, NULL, NULL);
	progress_end(p);
	if (progress_stopped(p))
		ret = progress_cancelled(e);
	report_free(out);
	return ret;
}
