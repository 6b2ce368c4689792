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

static const char *const state_code[] = {QUEUE_STATE_LIST(CODES_CODE)};
static const char *const state_ru[] = {QUEUE_STATE_LIST(CODES_RU)};

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
	int i = codes_find(state_code, QS__COUNT, c);

	return i < 0 ? QS_WAITING : (enum queue_state)i;
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

/* One ticket from a row of TICKET_COLS (a db_fill_fn). */
static void
row_ticket(struct db_stmt *st, void *elem)
{
	struct queue_ticket *t = elem;

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
	enum status ret = db_one(s, &st, e, "SELECT " TICKET_COLS " FROM "
				 "queue_tickets WHERE id = ?", DB_INT(id));

	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "", "Талон не найден");
	if (ret != ST_OK)
		return ret;
	if (out)
		row_ticket(st, out);
	db_finalize(st);
	return ST_OK;
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

/* The window of an actor acting on the queue: PERM_QUEUE, and seated at
 * a window (*w its number). */
static enum status
seated(struct store *s, const struct actor *a, int *w, struct err *e)
{
	int64_t n = 0;
	enum status ret;

	*w = 0;
	if ((ret = actor_require(a, PERM_QUEUE, e)) != ST_OK)
		return ret;
	if (db_int64(s, e, &n, 0, "SELECT number FROM windows WHERE "
		     "account_id = ?", DB_INT(a->id)) != ST_OK)
		return e ? e->st : ST_CONFLICT;
	if (!n)
		return err_set(e, ST_CONFLICT, "window",
			"Вы не закреплены за окном приёма: вызывать талоны нельзя");
	*w = (int)n;
	return ST_OK;
}

/* The ticket called to window w of the office today: its id or 0. */
static long long
called_at_window(struct store *s, long long office_id, int w)
{
	char day[DATE_SIZE];

	today_iso(day);
	return db_int(s, 0, "SELECT id FROM queue_tickets WHERE office_id = ? "
		      "AND day = ? AND state = 'called' AND window_no = ? "
		      "ORDER BY shown_no DESC LIMIT 1", DB_INT(office_id),
		      DB_TEXT(day), DB_INT(w));
}

/* The ticket called to window w (*id), which an act needs. */
static enum status
called_ticket(struct store *s, const struct actor *a, int w, long long *id,
	      struct err *e)
{
	if (!(*id = called_at_window(s, a->office_id, w)))
		return err_set(e, ST_NOTFOUND, "",
			       "У окна %d нет вызванного талона", w);
	return ST_OK;
}

/* The end of every act on a ticket, in its transaction: the ticket read
 * back into out, its audit line, the commit; rolled back on failure. */
static enum status
ticket_commit(struct store *s, const struct actor *a, long long id,
	      const char *action, const char *detail, struct queue_ticket *out,
	      struct err *e)
{
	enum status ret;
	char obj[64];

	if ((ret = load_ticket(s, id, out, e)) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	snprintf(obj, sizeof obj, "ticket:%s/%03d", out->day, out->number);
	return audit_commit(s, a, action, obj, detail, e);
}

enum status
queue_call_next(struct store *s, const struct actor *a,
		struct queue_ticket *out, struct err *e)
{
	char day[DATE_SIZE], now[STAMP_SIZE], detail[32];
	enum status ret;
	int64_t id = 0;
	int w;

	if ((ret = seated(s, a, &w, e)) != ST_OK)
		return ret;
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
	if ((ret = db_int64(s, e, &id, 0, "SELECT id FROM queue_tickets "
			    "WHERE office_id = ? AND day = ? AND state = "
			    "'waiting' AND (window_no IS NULL OR window_no = ?)"
			    " ORDER BY ord, number LIMIT 1",
			    DB_INT(a->office_id), DB_TEXT(day), DB_INT(w))) !=
	    ST_OK)
		goto fail;
	if (!id) {
		ret = err_set(e, ST_NOTFOUND, "", "Очередь пуста: никто не ждёт");
		goto fail;
	}
	if ((ret = db_exec(s, e, "UPDATE queue_tickets SET state = 'called', "
			   "window_no = ?, called_by = ?, calls = calls + 1, "
			   "called_at = COALESCE(called_at, ?3), "
			   "shown_at = ?3, " SHOWN_NEXT " WHERE id = ?4",
			   DB_INT(w), DB_INT(a->id), DB_TEXT(now),
			   DB_INT(id))) != ST_OK)
		goto fail;
	snprintf(detail, sizeof detail, "window %d", w);
	return ticket_commit(s, a, id, "queue.call", detail, out, e);
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

	if ((ret = seated(s, a, &w, e)) != ST_OK ||
	    (ret = called_ticket(s, a, w, &id, e)) != ST_OK)
		return ret;
	return load_ticket(s, id, out, e);
}

static int
window_exists(struct store *s, long long office_id, int number)
{
	return db_exists(s, NULL, "SELECT 1 FROM windows WHERE office_id = ? "
			 "AND number = ?", DB_INT(office_id),
			 DB_INT(number)) == 1;
}

/* The change an act makes to the ticket id called to window w. */
static enum status
act_update(struct store *s, enum queue_op op, int arg, long long id,
	   const char *now, struct err *e)
{
	switch (op) {
	case QOP_RECALL:
		return db_exec(s, e,
			       "UPDATE queue_tickets SET calls = calls + 1, "
			       "shown_at = ?, " SHOWN_NEXT " WHERE id = ?",
			       DB_TEXT(now), DB_INT(id));
	case QOP_NOSHOW:
		return db_exec(s, e,
			       "UPDATE queue_tickets SET state = 'no-show', "
			       "finished_at = ? WHERE id = ?",
			       DB_TEXT(now), DB_INT(id));
	case QOP_POSTPONE:
		/* To the end of today's queue: a place after everyone
		 * waiting now, never ahead of them. */
		return db_exec(s, e,
			       "UPDATE queue_tickets SET state = 'waiting', "
			       "window_no = NULL, ord = (SELECT MAX(ord) + 1 "
			       "FROM queue_tickets q WHERE q.office_id = "
			       "queue_tickets.office_id AND q.day = "
			       "queue_tickets.day) WHERE id = ?",
			       DB_INT(id));
	case QOP_TRANSFER:
		/* It keeps its place in the queue: it has waited already. */
		return db_exec(s, e,
			       "UPDATE queue_tickets SET state = 'waiting', "
			       "window_no = ? WHERE id = ?",
			       DB_INT(arg), DB_INT(id));
	}
	return ST_OK;
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

	if ((ret = seated(s, a, &w, e)) != ST_OK)
		return ret;
	if (op == QOP_TRANSFER &&
	    (arg == w || !window_exists(s, a->office_id, arg)))
		return err_set(e, ST_INVALID, "window",
			       arg == w ? "Талон уже у этого окна"
					: "Окна %d в подразделении нет",
			       arg);
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = called_ticket(s, a, w, &id, e)) != ST_OK ||
	    (ret = act_update(s, op, arg, id, now, e)) != ST_OK) {
		store_rollback(s);
		return ret;
	}
	snprintf(detail, sizeof detail, "window %d", op == QOP_TRANSFER ? arg : w);
	return ticket_commit(s, a, id, action[op], detail, out, e);
}

enum status
queue_finish(struct store *s, const struct actor *a, long long case_id,
	     long long *case_out, struct queue_ticket *out, struct err *e)
{
	struct queue_ticket t;
	char now[STAMP_SIZE], detail[48];
	int64_t filed = 0;
	enum status ret;
	long long id;
	int w;

	if (case_out)
		*case_out = 0;
	if ((ret = seated(s, a, &w, e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = called_ticket(s, a, w, &id, e)) != ST_OK ||
	    (ret = load_ticket(s, id, &t, e)) != ST_OK)
		goto fail;
	/* Else the case this inspector filed while serving the ticket
	 * (the intake screen it led into), not one linked already. */
	if (!case_id &&
	    (ret = db_int64(s, e, &filed, 0, "SELECT c.id FROM cases c WHERE "
			    "c.created_by = ? AND c.office_id = ? AND "
			    "c.created_at >= ? AND NOT EXISTS (SELECT 1 FROM "
			    "queue_tickets q WHERE q.case_id = c.id) ORDER BY "
			    "c.id DESC LIMIT 1", DB_INT(a->id),
			    DB_INT(a->office_id), DB_TEXT(t.called_at))) !=
		    ST_OK)
		goto fail;
	if (!case_id)
		case_id = filed;
	if ((ret = db_exec(s, e, "UPDATE queue_tickets SET state = 'done', "
			   "finished_at = ?, case_id = NULLIF(?, 0) WHERE id = ?",
			   DB_TEXT(now), DB_INT(case_id), DB_INT(id))) != ST_OK)
		goto fail;
	snprintf(detail, sizeof detail, "window %d case %lld", w, case_id);
	if ((ret = ticket_commit(s, a, id, "queue.done", detail, out, e)) ==
		    ST_OK &&
	    case_out)
		*case_out = case_id;
	return ret;
fail:
	store_rollback(s);
	return ret;
}

enum status
queue_list(struct store *s, const struct actor *a, long long office_id,
	   const char *day, struct queue_ticket **out, size_t *n,
	   struct err *e)
{
	char today[DATE_SIZE];

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
	return db_rows(s, e, out, n, row_ticket, NULL, "SELECT " TICKET_COLS
		       " FROM queue_tickets WHERE office_id = ? AND day = ? "
		       "ORDER BY number", DB_INT(office_id), DB_TEXT(day));
}

/* One line of the board from a row (a db_row_fn). */
static enum status
add_board_row(struct db_stmt *st, void *arg, struct err *e)
{
	struct queue_board *b = arg;

	(void)e;
	b->rows[b->n].number = db_col_int(st, 0);
	b->rows[b->n].window_no = db_col_int(st, 1);
	snprintf(b->rows[b->n].shown_at, sizeof b->rows[b->n].shown_at, "%s",
		 db_col_text(st, 2));
	snprintf(b->rows[b->n].name, sizeof b->rows[b->n].name, "%s",
		 db_col_text(st, 3));
	snprintf(b->rows[b->n].position, sizeof b->rows[b->n].position, "%s",
		 db_col_text(st, 4));
	b->n++;
	return ST_OK;
}

enum status
queue_board_get(struct store *s, long long office_id, size_t max_rows,
		struct queue_board *out, struct err *e)
{
	char day[DATE_SIZE];
	enum status ret;

	memset(out, 0, sizeof *out);
	if (max_rows > sizeof out->rows / sizeof out->rows[0])
		max_rows = sizeof out->rows / sizeof out->rows[0];
	today_iso(day);
	if ((ret = db_each(s, e, add_board_row, out,
			   "SELECT t.number, t.window_no, t.shown_at, "
			   "COALESCE(a.full_name, ''), COALESCE(a.position, '') "
			   "FROM queue_tickets t LEFT JOIN windows w ON "
			   "w.office_id = t.office_id AND w.number = "
			   "t.window_no LEFT JOIN accounts a ON a.id = "
			   "w.account_id WHERE t.office_id = ? AND t.day = ? "
			   "AND t.state = 'called' ORDER BY t.shown_no DESC "
			   "LIMIT ?", DB_INT(office_id), DB_TEXT(day),
			   DB_INT(max_rows))) != ST_OK)
		return ret;
	out->waiting = (int)db_int(s, 0, "SELECT COUNT(*) FROM queue_tickets "
				   "WHERE office_id = ? AND day = ? AND state = "
				   "'waiting'", DB_INT(office_id), DB_TEXT(day));
	return ST_OK;
}

/* One line of the statistics from a row (a db_fill_fn). */
static void
row_stat(struct db_stmt *st, void *elem)
{
	struct queue_stat *q = elem;

	q->window_no = db_col_int(st, 0);
	snprintf(q->service, sizeof q->service, "%s", db_col_text(st, 1));
	q->tickets = db_col_int64(st, 2);
	q->served = db_col_int64(st, 3);
	q->noshow = db_col_int64(st, 4);
	q->wait_avg = db_col_int64(st, 5);
	q->wait_max = db_col_int64(st, 6);
	q->serve_avg = db_col_int64(st, 7);
}

enum status
queue_stats(struct store *s, const struct actor *a, long long office_id,
	    const char *from, const char *to, struct queue_stat **out,
	    size_t *n, struct err *e)
{
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
	return db_rows(s, e, out, n, row_stat, NULL,
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
		DB_INT(office_id), DB_TEXT(from), DB_TEXT(to));
}
