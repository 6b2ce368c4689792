/* SPDX-License-Identifier: MIT */
/* The electronic queue: tickets, calls in strict first-come order, recall,
 * no-show, postpone, transfer, finish with the case, and the times for the
 * reports. Every change is one write transaction. */
#include "queue.h"
#include "audit.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const state_code[] = {
#define X(name, code, ru) code,
	QUEUE_STATE_LIST(X)
#undef X
};
static const char *const state_ru[] = {
#define X(name, code, ru) ru,
	QUEUE_STATE_LIST(X)
#undef X
};

const char *
queue_state_code(enum queue_state s)
{
	return s < QS__COUNT ? state_code[s] : "";
}

const char *
queue_state_ru(enum queue_state s)
{
	return s < QS__COUNT ? state_ru[s] : "";
}

static enum queue_state
state_parse(const char *c)
{
	int i;

	for (i = 0; i < QS__COUNT; i++)
		if (strcmp(c, state_code[i]) == 0)
			return (enum queue_state)i;
	return QS_WAITING;
}

void
queue_ticket_label(const struct queue_ticket *t, char *buf, size_t n)
{
	snprintf(buf, n, "%03d", t->number);
}

static void
today_iso(char *out)
{
	date_format_iso(clock_today(), out);
}

#define TICKET_COLS                                                         \
	"id, office_id, day, number, COALESCE(service,''), state, "         \
	"COALESCE(window_no,0), calls, taken_at, called_at, shown_at, "      \
	"finished_at, COALESCE(case_id,0)"

/* Whole seconds from stamp b to stamp a, in SQL. */
#define SECONDS(a, b)                                                       \
	"CAST(ROUND((julianday(" a ") - julianday(" b ")) * 86400) AS INTEGER)"

/* The next place on the board: calls and recalls of the office's day in
 * the order they happened, even when the clock stands still. */
#define SHOWN_NEXT                                                          \
	"shown_no = (SELECT MAX(q.shown_no) + 1 FROM queue_tickets q WHERE " \
	"q.office_id = queue_tickets.office_id AND q.day = queue_tickets.day)"

static void
row_ticket(struct db_stmt *st, struct queue_ticket *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_col_int64(st, 0);
	t->office_id = db_col_int64(st, 1);
	snprintf(t->day, sizeof t->day, "%s", db_col_text(st, 2));
	t->number = db_col_int(st, 3);
	snprintf(t->service, sizeof t->service, "%s", db_col_text(st, 4));
	t->state = state_parse(db_col_text(st, 5));
	t->window_no = db_col_int(st, 6);
	t->calls = db_col_int(st, 7);
	snprintf(t->taken_at, sizeof t->taken_at, "%s", db_col_text(st, 8));
	snprintf(t->called_at, sizeof t->called_at, "%s",
		 db_col_text(st, 9));
	snprintf(t->shown_at, sizeof t->shown_at, "%s", db_col_text(st, 10));
	snprintf(t->finished_at, sizeof t->finished_at, "%s",
		 db_col_text(st, 11));
	t->case_id = db_col_int64(st, 12);
}

static enum status
load_ticket(struct store *s, long long id, struct queue_ticket *out,
	    struct err *e)
{
	struct db_stmt *st;
	int rc;

	st = db_prepare(s, "SELECT " TICKET_COLS " FROM queue_tickets "
			      "WHERE id = ?", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, id);
	rc = db_step(st, e);
	if (rc == DB_ROW && out)
		row_ticket(st, out);
	db_finalize(st);
	if (rc == DB_ROW)
		return ST_OK;
	if (rc == DB_DONE)
		return err_set(e, ST_NOTFOUND, "", "Талон не найден");
	return store_error(s, e, "queue ticket");
}

struct take {
	long long office_id;
	const char *service, *day, *now;
	struct queue_ticket *out;
};

/* Numbering per office and day: two windows taking at once are
 * serialized by the engine, and a loser is run again by db_transact. */
static enum status
take_tx(struct store *s, void *arg, struct err *e)
{
	struct take *t = arg;
	int64_t id = 0;
	enum status ret;

	if ((ret = db_int64(s, e, &id, 0,
			    "INSERT INTO queue_tickets(office_id, day, number, "
			    "service, state, ord, taken_at) SELECT ?1, ?2, "
			    "COALESCE(MAX(number),0) + 1, ?3, 'waiting', "
			    "COALESCE(MAX(ord),0) + 1, ?4 FROM queue_tickets "
			    "WHERE office_id = ?1 AND day = ?2 RETURNING id",
			    DB_INT(t->office_id), DB_TEXT(t->day),
			    DB_TEXT(t->service), DB_TEXT(t->now))) != ST_OK)
		return ret;
	return load_ticket(s, id, t->out, e);
}

enum status
queue_take(struct store *s, long long office_id, const char *service,
	   struct queue_ticket *out, struct err *e)
{
	char day[DATE_SIZE], now[STAMP_SIZE];
	struct take t = {office_id, service && *service ? service : NULL, day,
			 now, out};

	if (service && *service && !catalog_find(service))
		return err_set(e, ST_INVALID, "service",
			       "Услуга: неизвестный код «%s»", service);
	if (!office_id)
		return err_set(e, ST_INVALID, "office", "Не указано подразделение");
	today_iso(day);
	clock_stamp(clock_now(), now);
	return db_transact(s, DB_WRITE, take_tx, &t, e);
}

/* The actor's window number (0 with an error when not seated). */
static int
seated(struct store *s, const struct actor *a, struct err *e)
{
	struct db_stmt *st;
	int n = 0;

	st = db_prepare(s, "SELECT number FROM windows WHERE account_id = ?",
			   e);
	if (!st)
		return 0;
	db_bind_int64(st, 1, a->id);
	if (db_step(st, e) == DB_ROW)
		n = db_col_int(st, 0);
	db_finalize(st);
	if (!n)
		err_set(e, ST_CONFLICT, "window",
			"Вы не закреплены за окном приёма: вызывать талоны нельзя");
	return n;
}

/* The ticket called to window w of the office today: its id or 0. */
static long long
called_at_window(struct store *s, long long office_id, int w)
{
	struct db_stmt *st;
	char day[DATE_SIZE];
	long long id = 0;

	today_iso(day);
	if (!(st = db_prepare(s, "SELECT id FROM queue_tickets WHERE "
			      "office_id = ? AND day = ? AND state = 'called' "
			      "AND window_no = ? ORDER BY shown_no DESC LIMIT 1",
			      NULL)))
		return 0;
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, day);
	db_bind_int64(st, 3, w);
	if (db_step(st, NULL) == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	return id;
}

static enum status
audit_ticket(struct store *s, const struct actor *a, const char *action,
	     const struct queue_ticket *t, const char *detail, struct err *e)
{
	char obj[64];

	snprintf(obj, sizeof obj, "ticket:%s/%03d", t->day, t->number);
	return audit_log(s, a, action, obj, detail, e);
}

enum status
queue_call_next(struct store *s, const struct actor *a,
		struct queue_ticket *out, struct err *e)
{
	struct db_stmt *st;
	char day[DATE_SIZE], now[STAMP_SIZE], detail[32];
	enum status ret;
	long long id = 0;
	int w, rc;

	if ((ret = actor_require(a, PERM_QUEUE, e)) != ST_OK)
		return ret;
	if (!(w = seated(s, a, e)))
		return e ? e->st : ST_CONFLICT;
	today_iso(day);
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if (called_at_window(s, a->office_id, w)) {
		ret = err_set(e, ST_CONFLICT, "",
			      "У окна %d уже есть вызванный талон: завершите его или отметьте неявку", w);
		goto fail;
	}
	/* Strict first-come: the earliest place in the queue, among the
	 * tickets for any window and those transferred to this one. */
	st = db_prepare(s,
			   "SELECT id FROM queue_tickets WHERE office_id = ? "
			   "AND day = ? AND state = 'waiting' AND "
			   "(window_no IS NULL OR window_no = ?) "
			   "ORDER BY ord, number LIMIT 1",
			   e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	db_bind_int64(st, 1, a->office_id);
	db_bind_text(st, 2, day);
	db_bind_int64(st, 3, w);
	rc = db_step(st, e);
	if (rc == DB_ROW)
		id = db_col_int64(st, 0);
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE) {
		ret = store_error(s, e, "queue call");
		goto fail;
	}
	if (!id) {
		ret = err_set(e, ST_NOTFOUND, "", "Очередь пуста: никто не ждёт");
		goto fail;
	}
	ret = db_exec(s, e,
			"UPDATE queue_tickets SET state = 'called', "
			"window_no = ?, called_by = ?, calls = calls + 1, "
			"called_at = COALESCE(called_at, ?3), "
			"shown_at = ?3, " SHOWN_NEXT " WHERE id = ?4",
			DB_INT(w), DB_INT(a->id), DB_TEXT(now), DB_INT(id));
	if (ret != ST_OK)
		goto fail;
	if ((ret = load_ticket(s, id, out, e)) != ST_OK)
		goto fail;
	snprintf(detail, sizeof detail, "window %d", w);
	if ((ret = audit_ticket(s, a, "queue.call", out, detail, e)) != ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}

enum status
queue_current(struct store *s, const struct actor *a,
	      struct queue_ticket *out, struct err *e)
{
	enum status ret;
	long long id;
	int w;

	if ((ret = actor_require(a, PERM_QUEUE, e)) != ST_OK)
		return ret;
	if (!(w = seated(s, a, e)))
		return e ? e->st : ST_CONFLICT;
	if (!(id = called_at_window(s, a->office_id, w)))
		return err_set(e, ST_NOTFOUND, "",
			       "У окна %d нет вызванного талона", w);
	return load_ticket(s, id, out, e);
}

static int
window_exists(struct store *s, long long office_id, int number)
{
	struct db_stmt *st;
	int found = 0;

	if (!(st = db_prepare(s, "SELECT 1 FROM windows WHERE office_id = ? "
			      "AND number = ?", NULL)))
		return 0;
	db_bind_int64(st, 1, office_id);
	db_bind_int64(st, 2, number);
	found = db_step(st, NULL) == DB_ROW;
	db_finalize(st);
	return found;
}

enum status
queue_act(struct store *s, const struct actor *a, enum queue_op op, int arg,
	  struct queue_ticket *out, struct err *e)
{
	static const char *const action[] = {
		[QOP_RECALL] = "queue.recall", [QOP_NOSHOW] = "queue.noshow",
		[QOP_POSTPONE] = "queue.postpone",
		[QOP_TRANSFER] = "queue.transfer",
	};
	char now[STAMP_SIZE], detail[48];
	enum status ret;
	long long id;
	int w;

	if ((ret = actor_require(a, PERM_QUEUE, e)) != ST_OK)
		return ret;
	if (!(w = seated(s, a, e)))
		return e ? e->st : ST_CONFLICT;
	if (op == QOP_TRANSFER &&
	    (arg == w || !window_exists(s, a->office_id, arg)))
		return err_set(e, ST_INVALID, "window",
			       arg == w ? "Талон уже у этого окна"
					: "Окна %d в подразделении нет",
			       arg);
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if (!(id = called_at_window(s, a->office_id, w))) {
		ret = err_set(e, ST_NOTFOUND, "",
			      "У окна %d нет вызванного талона", w);
		goto fail;
	}
	switch (op) {
	case QOP_RECALL:
		ret = db_exec(s, e,
				"UPDATE queue_tickets SET calls = calls + 1, "
				"shown_at = ?, " SHOWN_NEXT " WHERE id = ?",
				DB_TEXT(now), DB_INT(id));
		break;
	case QOP_NOSHOW:
		ret = db_exec(s, e,
				"UPDATE queue_tickets SET state = 'no-show', "
				"finished_at = ? WHERE id = ?",
				DB_TEXT(now), DB_INT(id));
		break;
	case QOP_POSTPONE:
		/* To the end of today's queue: a place after everyone
		 * waiting now, never ahead of them. */
		ret = db_exec(s, e,
				"UPDATE queue_tickets SET state = 'waiting', "
				"window_no = NULL, ord = (SELECT MAX(ord) + 1 "
				"FROM queue_tickets q WHERE q.office_id = "
				"queue_tickets.office_id AND q.day = "
				"queue_tickets.day) WHERE id = ?",
				DB_INT(id));
		break;
	case QOP_TRANSFER:
		/* It keeps its place in the queue: it has waited already. */
		ret = db_exec(s, e,
				"UPDATE queue_tickets SET state = 'waiting', "
				"window_no = ? WHERE id = ?",
				DB_INT(arg), DB_INT(id));
		break;
	}
	if (ret != ST_OK)
		goto fail;
	if ((ret = load_ticket(s, id, out, e)) != ST_OK)
		goto fail;
	snprintf(detail, sizeof detail, "window %d", op == QOP_TRANSFER ? arg : w);
	if ((ret = audit_ticket(s, a, action[op], out, detail, e)) != ST_OK)
		goto fail;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}

enum status
queue_finish(struct store *s, const struct actor *a, long long case_id,
	     long long *case_out, struct queue_ticket *out, struct err *e)
{
	struct queue_ticket t;
	struct db_stmt *st;
	char now[STAMP_SIZE], detail[48];
	enum status ret;
	long long id;
	int w;

	if (case_out)
		*case_out = 0;
	if ((ret = actor_require(a, PERM_QUEUE, e)) != ST_OK)
		return ret;
	if (!(w = seated(s, a, e)))
		return e ? e->st : ST_CONFLICT;
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if (!(id = called_at_window(s, a->office_id, w))) {
		ret = err_set(e, ST_NOTFOUND, "",
			      "У окна %d нет вызванного талона", w);
		goto fail;
	}
	if ((ret = load_ticket(s, id, &t, e)) != ST_OK)
		goto fail;
	if (!case_id) {
		/* The case this inspector filed while serving the ticket
		 * (the intake screen it led into), not one linked already. */
		st = db_prepare(s,
				   "SELECT c.id FROM cases c WHERE "
				   "c.created_by = ? AND c.office_id = ? AND "
				   "c.created_at >= ? AND NOT EXISTS (SELECT 1 "
				   "FROM queue_tickets q WHERE q.case_id = c.id)"
				   " ORDER BY c.id DESC LIMIT 1",
				   e);
		if (!st) {
			ret = e ? e->st : ST_STORAGE;
			goto fail;
		}
		db_bind_int64(st, 1, a->id);
		db_bind_int64(st, 2, a->office_id);
		db_bind_text(st, 3, t.called_at);
		if (db_step(st, e) == DB_ROW)
			case_id = db_col_int64(st, 0);
		db_finalize(st);
	}
	ret = db_exec(s, e,
			"UPDATE queue_tickets SET state = 'done', "
			"finished_at = ?, case_id = NULLIF(?, 0) WHERE id = ?",
			DB_TEXT(now), DB_INT(case_id), DB_INT(id));
	if (ret != ST_OK)
		goto fail;
	if ((ret = load_ticket(s, id, out, e)) != ST_OK)
		goto fail;
	snprintf(detail, sizeof detail, "window %d case %lld", w, case_id);
	if ((ret = audit_ticket(s, a, "queue.done", out, detail, e)) != ST_OK)
		goto fail;
	if (case_out)
		*case_out = case_id;
	return store_commit(s, e);
fail:
	store_rollback(s);
	return ret;
}

enum status
queue_list(struct store *s, const struct actor *a, long long office_id,
	   const char *day, struct queue_ticket **out, size_t *n,
	   struct err *e)
{
	struct db_stmt *st;
	char today[DATE_SIZE];
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!role_allows(a->roles, PERM_QUEUE) &&
	    !role_allows(a->roles, PERM_REPORT))
		return actor_require(a, PERM_QUEUE, e);
	if (a->office_id && office_id != a->office_id)
		return err_set(e, ST_DENIED, "",
			       "Очередь другого подразделения недоступна");
	if (!day) {
		today_iso(today);
		day = today;
	}
	st = db_prepare(s, "SELECT " TICKET_COLS " FROM queue_tickets "
			      "WHERE office_id = ? AND day = ? ORDER BY number",
			   e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, day);
	while ((rc = db_step(st, e)) == DB_ROW) {
		XGROW(*out, *n, cap);
		row_ticket(st, &(*out)[(*n)++]);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "queue list");
	}
	return ST_OK;
}

enum status
queue_board_get(struct store *s, long long office_id, size_t max_rows,
		struct queue_board *out, struct err *e)
{
	struct db_stmt *st;
	char day[DATE_SIZE];
	int rc;

	memset(out, 0, sizeof *out);
	if (max_rows > sizeof out->rows / sizeof out->rows[0])
		max_rows = sizeof out->rows / sizeof out->rows[0];
	today_iso(day);
	st = db_prepare(s,
			   "SELECT t.number, t.window_no, t.shown_at, "
			   "COALESCE(a.full_name, ''), COALESCE(a.position, '') "
			   "FROM queue_tickets t LEFT JOIN windows w ON "
			   "w.office_id = t.office_id AND w.number = "
			   "t.window_no LEFT JOIN accounts a ON a.id = "
			   "w.account_id WHERE t.office_id = ? AND t.day = ? "
			   "AND t.state = 'called' ORDER BY t.shown_no DESC "
			   "LIMIT ?",
			   e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, day);
	db_bind_int64(st, 3, (int)max_rows);
	while ((rc = db_step(st, e)) == DB_ROW) {
		out->rows[out->n].number = db_col_int(st, 0);
		out->rows[out->n].window_no = db_col_int(st, 1);
		snprintf(out->rows[out->n].shown_at,
			 sizeof out->rows[out->n].shown_at, "%s",
			 db_col_text(st, 2));
		snprintf(out->rows[out->n].name, sizeof out->rows[out->n].name,
			 "%s", db_col_text(st, 3));
		snprintf(out->rows[out->n].position,
			 sizeof out->rows[out->n].position, "%s",
			 db_col_text(st, 4));
		out->n++;
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return store_error(s, e, "queue board");
	st = db_prepare(s,
			   "SELECT COUNT(*) FROM queue_tickets WHERE "
			   "office_id = ? AND day = ? AND state = 'waiting'",
			   e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, day);
	if (db_step(st, e) == DB_ROW)
		out->waiting = db_col_int(st, 0);
	db_finalize(st);
	return ST_OK;
}

enum status
queue_stats(struct store *s, const struct actor *a, long long office_id,
	    const char *from, const char *to, struct queue_stat **out,
	    size_t *n, struct err *e)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!role_allows(a->roles, PERM_QUEUE) &&
	    !role_allows(a->roles, PERM_REPORT))
		return actor_require(a, PERM_REPORT, e);
	if (a->office_id && office_id != a->office_id)
		return err_set(e, ST_DENIED, "",
			       "Очередь другого подразделения недоступна");
	/* Times in seconds between stamps (julianday: SQLite's own, and the
	 * PostgreSQL schema's for timestamptz); GROUPING SETS by hand: per
	 * window and service, then the total (window 0, service ""). */
	st = db_prepare(s,
		"WITH t AS (SELECT COALESCE(window_no,0) w, "
		" COALESCE(service,'') sv, state, "
		" CASE WHEN called_at IS NOT NULL THEN "
		"  " SECONDS("called_at", "taken_at") " END wt, "
		" CASE WHEN state = 'done' THEN "
		"  " SECONDS("finished_at", "called_at") " END st "
		" FROM queue_tickets WHERE office_id = ?1 AND day BETWEEN ?2 "
		" AND ?3), g AS ("
		" SELECT w, sv, COUNT(*) n, " DB_COUNT_IF("state = 'done'") " d, "
		DB_COUNT_IF("state = 'no-show'") " ns, "
		"  SUM(wt) / COUNT(wt) wa, "
		"  MAX(wt) wm, SUM(st) / COUNT(st) sa FROM t GROUP BY w, sv"
		" UNION ALL "
		" SELECT 0, '', COUNT(*), " DB_COUNT_IF("state = 'done'") ", "
		DB_COUNT_IF("state = 'no-show'") ", "
		"  SUM(wt) / COUNT(wt), MAX(wt), "
		"  SUM(st) / COUNT(st) FROM t HAVING COUNT(*) > 0) "
		"SELECT * FROM g ORDER BY w = 0 AND sv = '', w, sv",
		e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct queue_stat *q;

		XGROW(*out, *n, cap);
		q = &(*out)[(*n)++];
		memset(q, 0, sizeof *q);
		q->window_no = db_col_int(st, 0);
		snprintf(q->service, sizeof q->service, "%s",
			 db_col_text(st, 1));
		q->tickets = db_col_int64(st, 2);
		q->served = db_col_int64(st, 3);
		q->noshow = db_col_int64(st, 4);
		q->wait_avg = db_col_int64(st, 5);
		q->wait_max = db_col_int64(st, 6);
		q->serve_avg = db_col_int64(st, 7);
	}
	db_finalize(st);
	if (rc != DB_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "queue stats");
	}
	return ST_OK;
}
