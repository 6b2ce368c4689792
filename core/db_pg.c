/* SPDX-License-Identifier: MIT */
/* The PostgreSQL driver of core/db.h, through libpq: connecting (URI,
 * keepalives, no password on the command line), the session's time zone
 * and date style, `?` placeholders as $n, typed parameters, stamps and
 * booleans read back in okno's form, transactions (SERIALIZABLE writers,
 * REPEATABLE READ readers), the schema's migrations, and SQLSTATEs
 * classified as db.h's faults. */
#include "clock.h"
#include "config.h"
#include "db_driver.h"
#include "util.h"

#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type oids of the built-in types okno binds and reads (pg_type.h). */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701
#define OID_TIMESTAMP 1114
#define OID_TIMESTAMPTZ 1184

/* Rows fetched per round trip from a streamed statement's cursor. */
#define STREAM_ROWS 2000
/* While a streamed statement's next batch is on its way (read ahead),
 * every so many rows stepped libpq takes in what has arrived, so the
 * server goes on producing it while the caller works on the rows. */
#define AHEAD_POLL 32

/* Serializes schema migrations of one database across processes. */
#define MIGRATION_LOCK "7242101"

#define STAMP_TEXT 40

struct pg_conn {
	struct db_conn base;
	PGconn *pg;
	char *tz;          /* the session's TimeZone as last set */
	int64_t changes;   /* rows of the last INSERT/UPDATE/DELETE */
	char state[6];     /* SQLSTATE of the last error */
	char *msg;         /* its primary message */
	int lost;          /* the connection broke at the last call */
	unsigned cursors;  /* names the cursors of streamed statements */
	struct prepared *prep; /* statements prepared on this session */
	size_t nprep, capprep;
	unsigned prepared; /* names them */
	struct pg_stmt *ahead; /* its next FETCH sent, the result not read */
	int serial;        /* writers wait for their office's others */
	int version;       /* the schema's, once known at the open (0: not) */
	int locked;        /* holds the lock of an audit chain ... */
	long long locked_chain; /* ... this one, till the transaction ends */
};

struct pg_stmt {
	struct db_stmt base;
	char *sql;       /* with $n placeholders */
	int nparams;
	char **values;   /* owned; NULL for SQL NULL */
	Oid *types;
	unsigned char *used; /* per parameter: 1 when the SQL names it */
	PGresult *res;
	int row, rows, cols;
	char (*conv)[STAMP_TEXT]; /* per column: a stamp or boolean as text */
	int stream;      /* db_stream: read through a cursor */
	char cursor[32]; /* its name while it is open, else "" */
	int more;        /* the cursor may hold more rows */
	PGresult *next;  /* the next batch, read ahead (see settle) */
};

/* A statement prepared once on the session and run by name from then on
 * (the server parses and plans it once): its SQL and its parameters'
 * types, and its name ("" while it has run only once, unnamed). At most
 * PREPARED_MAX a session. */
struct prepared {
	uint64_t hash;
	char *key;
	size_t keylen;
	char name[24];
};

#define PREPARED_MAX 1024

#define PC(s) ((struct pg_conn *)(s)->conn)
#define PS(x) ((struct pg_stmt *)(x))

/* ---- errors -------------------------------------------------------- */

static void
note_error(struct store *s, const PGresult *res)
{
	struct pg_conn *c = PC(s);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE)
				: NULL;
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			    : NULL;
	size_t n;

	snprintf(c->state, sizeof c->state, "%s", state ? state : "");
	free(c->msg);
	c->msg = xstrdup(m ? m : PQerrorMessage(c->pg));
	/* libpq's own messages end with a newline */
	n = strlen(c->msg);
	while (n && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
		c->msg[--n] = '\0';
	c->lost = PQstatus(c->pg) == CONNECTION_BAD;
}

static enum db_fault
pg_fault(struct store *s, const char **msg)
{
	struct pg_conn *c = PC(s);
	const char *st = c->state;

	*msg = c->msg ? c->msg : "";
	if (c->lost || strncmp(st, "08", 2) == 0 ||
	    strcmp(st, "57P01") == 0 || strcmp(st, "57P02") == 0 ||
	    strcmp(st, "57P03") == 0)
		return DB_FAULT_CONNECTION;
	if (strcmp(st, "40001") == 0)
		return DB_FAULT_SERIALIZE;
	if (strcmp(st, "40P01") == 0)
		return DB_FAULT_DEADLOCK;
	if (strcmp(st, "55P03") == 0 || strcmp(st, "53300") == 0)
		return DB_FAULT_BUSY;
	if (strncmp(st, "23", 2) == 0)
		return DB_FAULT_CONSTRAINT;
	if (strcmp(st, "53100") == 0)
		return DB_FAULT_FULL;
	if (strcmp(st, "25006") == 0)
		return DB_FAULT_READONLY;
	if (strcmp(st, "42501") == 0)
		return DB_FAULT_PRIVILEGE;
	if (strncmp(st, "XX", 2) == 0)
		return DB_FAULT_CORRUPT;
	if (strncmp(st, "58", 2) == 0)
		return DB_FAULT_IO;
	return st[0] ? DB_FAULT_OTHER : DB_FAULT_NONE;
}

/* ---- placeholders -------------------------------------------------- */

/* SQLite's `?` and `?N` as PostgreSQL's $n: a bare `?` takes the number
 * after the largest used so far, as SQLite numbers it. Quoted strings,
 * quoted names and comments are copied untouched. *nparams gets the
 * largest number. */
static char *
translate(const char *sql, int *nparams, unsigned char **used)
{
	size_t n = strlen(sql), cap = n * 2 + 16, o = 0, ucap = 0;
	char *out = xmalloc(cap);
	int max = 0;
	const char *p = sql;

	*used = NULL;
	while (*p) {
		if (o + 16 > cap)
			out = xrealloc(out, cap *= 2);
		if (*p == '\'' || *p == '"') {
			char q = *p;

			out[o++] = *p++;
			while (*p) {
				if (o + 2 > cap)
					out = xrealloc(out, cap *= 2);
				if (*p == q && p[1] == q) {
					out[o++] = *p++;
					out[o++] = *p++;
					continue;
				}
				if (*p == q)
					break;
				out[o++] = *p++;
			}
			if (*p)
				out[o++] = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n') {
				if (o + 2 > cap)
					out = xrealloc(out, cap *= 2);
				out[o++] = *p++;
			}
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");
			size_t len = end ? (size_t)(end + 2 - p) : strlen(p);

			while (o + len + 1 > cap)
				out = xrealloc(out, cap *= 2);
			memcpy(out + o, p, len);
			o += len;
			p += len;
		} else if (*p == '?') {
			int k = 0;

			p++;
			if (isdigit((unsigned char)*p)) {
				while (isdigit((unsigned char)*p) && k < 100000)
					k = k * 10 + (*p++ - '0');
			} else {
				k = max + 1;
			}
			if (k > max)
				max = k;
			if ((size_t)k > ucap) {
				size_t was = ucap;

				ucap = (size_t)k * 2;
				*used = xrealloc(*used, ucap);
				memset(*used + was, 0, ucap - was);
			}
			(*used)[k - 1] = 1;
			o += (size_t)snprintf(out + o, cap - o, "$%d", k);
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	*nparams = max;
	return out;
}

/* ---- connection ---------------------------------------------------- */

/* The rest of the result of a command sent with PQsendQuery: the first
 * result, the others (none for one FETCH) read and dropped. */
static PGresult *
collect(PGconn *pg)
{
	PGresult *r = PQgetResult(pg), *x;

	while ((x = PQgetResult(pg)))
		PQclear(x);
	return r;
}

/* A streamed statement's next batch is asked for as soon as one arrives
 * (pg_step), so the server fetches it while the caller hashes the rows.
 * Before anything else is sent on the connection, that batch is read
 * into its statement (which takes it at its next step). */
static void
settle(struct pg_conn *c)
{
	struct pg_stmt *ps = c->ahead;

	if (!ps)
		return;
	c->ahead = NULL;
	ps->next = collect(c->pg);
}

/* Keep the session's TimeZone the office's (clock_zone, applied to the
 * process when the database is opened), so stamps without an offset and
 * day bounds mean office time and stamps read back with the office's
 * offset. The caller's $TZ is never taken: before the office's zone is
 * known the session keeps the server's. */
static enum status
sync_tz(struct store *s, struct err *e)
{
	struct pg_conn *c = PC(s);
	const char *tz = clock_zone();
	char *q, *sql;
	PGresult *r;

	if (!tz || !*tz)
		return ST_OK;
	if (c->tz && strcmp(c->tz, tz) == 0)
		return ST_OK;
	settle(c);
	if (!(q = PQescapeLiteral(c->pg, tz, strlen(tz))))
		return db_fail_as(s, e, DB_FAULT_CONNECTION, "time zone",
				  PQerrorMessage(c->pg));
	sql = xasprintf("SET TIME ZONE %s", q);
	PQfreemem(q);
	r = PQexec(c->pg, sql);
	free(sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		note_error(s, r);
		PQclear(r);
		return db_fail(s, e, "time zone");
	}
	PQclear(r);
	free(c->tz);
	c->tz = xstrdup(tz);
	return ST_OK;
}

static void
forget_prepared(struct pg_conn *c)
{
	size_t i;

	for (i = 0; i < c->nprep; i++)
		free(c->prep[i].key);
	free(c->prep);
	c->prep = NULL;
	c->nprep = c->capprep = 0;
}

/* A connection lost outside a transaction is opened again before the
 * next statement; inside one the transaction is gone with it. */
static enum status
ensure_connected(struct store *s, struct err *e)
{
	struct pg_conn *c = PC(s);

	settle(c);
	if (PQstatus(c->pg) == CONNECTION_OK)
		return ST_OK;
	if (!s->in_tx) {
		PQreset(c->pg);
		forget_prepared(c); /* the old session took them */
		if (PQstatus(c->pg) == CONNECTION_OK) {
			free(c->tz);
			c->tz = NULL;
			c->lost = 0;
			return ST_OK;
		}
	}
	note_error(s, NULL);
	c->lost = 1;
	return db_fail(s, e, s->in_tx ? "transaction" : "reconnect");
}

static PGresult *
run(struct store *s, const char *sql, struct err *e, const char *what)
{
	struct pg_conn *c = PC(s);
	PGresult *r;
	ExecStatusType rs;

	if (ensure_connected(s, e) != ST_OK || sync_tz(s, e) != ST_OK)
		return NULL;
	settle(c);
	r = PQexec(c->pg, sql);
	rs = PQresultStatus(r);
	if (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK)
		return r;
	note_error(s, r);
	PQclear(r);
	db_fail(s, e, what);
	return NULL;
}

static enum status
pg_script(struct store *s, const char *sql, struct err *e)
{
	PGresult *r = run(s, sql, e, "exec");

	if (!r)
		return e ? e->st : ST_STORAGE;
	PQclear(r);
	return ST_OK;
}

/* ---- statements ---------------------------------------------------- */

static struct db_stmt *
pg_prepare(struct store *s, const char *sql, struct err *e)
{
	struct pg_stmt *ps = xcalloc(1, sizeof *ps);

	(void)e;
	ps->base.s = s;
	ps->base.drv = &db_pg_driver;
	ps->sql = translate(sql, &ps->nparams, &ps->used);
	if (ps->nparams) {
		int i;

		ps->values = xcalloc((size_t)ps->nparams, sizeof *ps->values);
		ps->types = xcalloc((size_t)ps->nparams, sizeof *ps->types);
		/* A number the SQL skips (?1 and ?3 without ?2) has no place
		 * to take its type from: it is text. */
		for (i = 0; i < ps->nparams; i++)
			if (!ps->used[i])
				ps->types[i] = OID_TEXT;
	}
	ps->row = -1;
	return &ps->base;
}

static void
set_param(struct db_stmt *st, int i, char *v, Oid type)
{
	struct pg_stmt *ps = PS(st);

	if (i < 1 || i > ps->nparams) {
		free(v);
		return;
	}
	free(ps->values[i - 1]);
	ps->values[i - 1] = v;
	ps->types[i - 1] = ps->used[i - 1] ? type : OID_TEXT;
}

static void
pg_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	set_param(st, i, xasprintf("%" PRId64, v), OID_INT8);
}

static void
pg_bind_double(struct db_stmt *st, int i, double v)
{
	set_param(st, i, xasprintf("%.17g", v), OID_FLOAT8);
}

static void
pg_bind_text(struct db_stmt *st, int i, const char *v)
{
	/* Untyped: the server infers text, date, timestamptz... from where
	 * the parameter stands, as SQLite takes any text. */
	set_param(st, i, xstrdup(v), 0);
}

static void
pg_bind_null(struct db_stmt *st, int i)
{
	set_param(st, i, NULL, 0);
}

static void
clear_result(struct pg_stmt *ps)
{
	PQclear(ps->res);
	ps->res = NULL;
	free(ps->conv);
	ps->conv = NULL;
	ps->row = -1;
	ps->rows = ps->cols = 0;
}

/* Close a streamed statement's cursor while its transaction lives (a
 * failed or ended transaction took the cursor with it). */
static void
close_cursor(struct pg_stmt *ps)
{
	struct pg_conn *c = PC(ps->base.s);
	char sql[48];

	settle(c);
	PQclear(ps->next);
	ps->next = NULL;
	if (!ps->cursor[0])
		return;
	if (PQstatus(c->pg) == CONNECTION_OK &&
	    PQtransactionStatus(c->pg) == PQTRANS_INTRANS) {
		snprintf(sql, sizeof sql, "CLOSE %s", ps->cursor);
		PQclear(PQexec(c->pg, sql));
	}
	ps->cursor[0] = '\0';
	ps->more = 0;
}

/* Run the statement by the name it was prepared under on this session,
 * preparing it the first time (a statement the server refuses to prepare
 * gives its error as the result). */
static PGresult *
exec_prepared(struct pg_stmt *ps)
{
	struct pg_conn *c = PC(ps->base.s);
	size_t n = strlen(ps->sql) + 1, tl = sizeof(Oid) * (size_t)ps->nparams;
	size_t len = n + tl, i;
	const char *const *vals = (const char *const *)ps->values;
	uint64_t h = 1469598103934665603ULL;
	struct prepared *x;
	char *key;
	PGresult *r;

	settle(c);
	key = xmalloc(len);
	memcpy(key, ps->sql, n);
	if (tl)
		memcpy(key + n, ps->types, tl);
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	for (i = 0; i < c->nprep; i++) {
		x = &c->prep[i];
		if (x->hash == h && x->keylen == len &&
		    memcmp(x->key, key, len) == 0)
			break;
	}
	if (i == c->nprep) {
		/* The first time: run it unnamed, one round trip (a session
		 * that starts, looks up a few things and ends, as the CLI's
		 * and the kiosk's start do, runs most statements once);
		 * remembered, so that the second time prepares it. */
		if (c->nprep < PREPARED_MAX) {
			XGROW(c->prep, c->nprep, c->capprep);
			x = &c->prep[c->nprep++];
			x->hash = h;
			x->key = key;
			x->keylen = len;
			x->name[0] = '\0';
		} else {
			free(key);
		}
		return PQexecParams(c->pg, ps->sql, ps->nparams, ps->types,
				    vals, NULL, NULL, 0);
	}
	free(key);
	if (!x->name[0]) {
		char name[sizeof x->name];

		snprintf(name, sizeof name, "okno_s%u", ++c->prepared);
		r = PQprepare(c->pg, name, ps->sql, ps->nparams, ps->types);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;
		PQclear(r);
		memcpy(x->name, name, sizeof name);
	}
	return PQexecPrepared(c->pg, x->name, ps->nparams, vals, NULL, NULL, 0);
}

/* The statement's next result: all its rows at once, or for a streamed
 * statement inside a transaction the next batch from its cursor. */
static PGresult *
fetch(struct pg_stmt *ps)
{
	struct pg_conn *c = PC(ps->base.s);
	char sql[64];
	PGresult *r;

	if ((r = ps->next)) {          /* read ahead, taken in by settle */
		ps->next = NULL;
		return r;
	}
	if (c->ahead == ps) {          /* read ahead, still on its way */
		c->ahead = NULL;
		return collect(c->pg);
	}
	settle(c);
	if (ps->stream && !ps->cursor[0] &&
	    PQtransactionStatus(c->pg) == PQTRANS_INTRANS) {
		char *decl;
		char name[32];

		snprintf(name, sizeof name, "okno_c%u", ++c->cursors);
		decl = xasprintf("DECLARE %s NO SCROLL CURSOR FOR %s", name,
				 ps->sql);
		r = PQexecParams(c->pg, decl, ps->nparams, ps->types,
				 (const char *const *)ps->values, NULL, NULL,
				 0);
		free(decl);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return r;
		PQclear(r);
		snprintf(ps->cursor, sizeof ps->cursor, "%s", name);
	}
	if (!ps->cursor[0])
		return exec_prepared(ps);
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", STREAM_ROWS,
		 ps->cursor);
	return PQexec(c->pg, sql);
}

/* Ask for the cursor's next batch now, without waiting for it (fetch
 * takes it). A failure to send is left to that fetch to meet. */
static void
read_ahead(struct pg_stmt *ps)
{
	struct pg_conn *c = PC(ps->base.s);
	char sql[64];

	settle(c);
	snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM %s", STREAM_ROWS,
		 ps->cursor);
	if (PQsendQuery(c->pg, sql))
		c->ahead = ps;
}

static int
pg_step(struct db_stmt *st, struct err *e)
{
	struct pg_stmt *ps = PS(st);
	struct store *s = st->s;
	struct pg_conn *c = PC(s);
	ExecStatusType rs;

	if (ps->res && ps->row + 1 >= ps->rows && ps->more) {
		clear_result(ps); /* the batch is read: fetch the next */
	} else if (ps->res && ps->row + 1 < ps->rows) {
		ps->row++;
		if (c->ahead == ps && ps->row % AHEAD_POLL == 0)
			PQconsumeInput(c->pg);
		return DB_ROW;
	}
	if (!ps->res) {
		if (!ps->cursor[0] && (ensure_connected(s, e) != ST_OK ||
				       sync_tz(s, e) != ST_OK))
			return DB_FAIL;
		ps->res = fetch(ps);
		rs = PQresultStatus(ps->res);
		if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
			note_error(s, ps->res);
			clear_result(ps);
			ps->cursor[0] = '\0';
			ps->more = 0;
			db_fail(s, e, "step");
			return DB_FAIL;
		}
		if (rs == PGRES_COMMAND_OK) {
			const char *t = PQcmdTuples(ps->res);

			c->changes = *t ? strtoll(t, NULL, 10) : 0;
		}
		ps->rows = PQntuples(ps->res);
		ps->cols = PQnfields(ps->res);
		ps->more = ps->cursor[0] && ps->rows == STREAM_ROWS;
		if (ps->more)
			read_ahead(ps);
		if (ps->cols)
			ps->conv = xcalloc((size_t)ps->cols,
					   sizeof *ps->conv);
		ps->row = -1;
	}
	if (ps->row + 1 < ps->rows) {
		ps->row++;
		return DB_ROW;
	}
	ps->row = ps->rows;
	close_cursor(ps);
	return DB_DONE;
}

static void
pg_reset(struct db_stmt *st)
{
	close_cursor(PS(st));
	clear_result(PS(st));
}

static void
pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *ps = PS(st);
	int i;

	close_cursor(ps);
	clear_result(ps);
	for (i = 0; i < ps->nparams; i++)
		free(ps->values[i]);
	free(ps->values);
	free(ps->types);
	free(ps->used);
	free(ps->sql);
	free(ps);
}

static void
pg_stream(struct db_stmt *st)
{
	PS(st)->stream = 1;
}

static int
on_row(struct pg_stmt *ps, int i)
{
	return ps->res && ps->row >= 0 && ps->row < ps->rows && i >= 0 &&
	       i < ps->cols;
}

static int
pg_col_count(struct db_stmt *st)
{
	return PS(st)->res ? PS(st)->cols : 0;
}

static int
pg_col_null(struct db_stmt *st, int i)
{
	struct pg_stmt *ps = PS(st);

	return !on_row(ps, i) || PQgetisnull(ps->res, ps->row, i);
}

/* PostgreSQL's ISO stamp "2026-03-20 10:00:00.25+05" or "...+05:30" as
 * okno's "2026-03-20T10:00:00+05:00" (seconds of an offset and fractions
 * of a second dropped); NULL when t is not of that shape. */
static const char *
okno_stamp(const char *t, int with_offset, char *out)
{
	const char *p = t + 19, *off;
	int hh = 0, mm = 0;
	char sign;

	if (strlen(t) < 19 || t[10] != ' ' || t[13] != ':' || t[16] != ':')
		return NULL;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (!with_offset) {
		if (*p)
			return NULL;
		snprintf(out, STAMP_TEXT, "%.10sT%.8s", t, t + 11);
		return out;
	}
	off = p;
	sign = *off;
	if ((sign != '+' && sign != '-') || !isdigit((unsigned char)off[1]) ||
	    !isdigit((unsigned char)off[2]))
		return NULL;
	hh = (off[1] - '0') * 10 + (off[2] - '0');
	if (off[3] == ':' && isdigit((unsigned char)off[4]) &&
	    isdigit((unsigned char)off[5]))
		mm = (off[4] - '0') * 10 + (off[5] - '0');
	snprintf(out, STAMP_TEXT, "%.10sT%.8s%c%02d:%02d", t, t + 11, sign,
		 hh, mm);
	return out;
}

static const char *
pg_col_text(struct db_stmt *st, int i)
{
	struct pg_stmt *ps = PS(st);
	const char *t;
	Oid type;

	if (!on_row(ps, i) || PQgetisnull(ps->res, ps->row, i))
		return NULL;
	t = PQgetvalue(ps->res, ps->row, i);
	type = PQftype(ps->res, i);
	if (type == OID_BOOL)
		return *t == 't' ? "1" : "0";
	if (type == OID_TIMESTAMPTZ || type == OID_TIMESTAMP) {
		const char *o = okno_stamp(t, type == OID_TIMESTAMPTZ,
					   ps->conv[i]);
		return o ? o : t;
	}
	return t;
}

static int64_t
pg_col_int64(struct db_stmt *st, int i)
{
	const char *t = pg_col_text(st, i);

	const char *p;
	uint64_t v = 0;

	if (!t)
		return 0;
	/* An integer's text, the common case, read at once; anything else
	 * (a fraction, an exponent, more than 18 digits) by the library. */
	for (p = t + (*t == '-'); *p >= '0' && *p <= '9' && p - t < 19; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	if (!*p && p > t + (*t == '-'))
		return *t == '-' ? -(int64_t)v : (int64_t)v;
	if (strchr(t, '.') || strchr(t, 'e'))
		return (int64_t)strtod(t, NULL);
	return (int64_t)strtoll(t, NULL, 10);
}

static double
pg_col_double(struct db_stmt *st, int i)
{
	const char *t = pg_col_text(st, i);

	return t ? strtod(t, NULL) : 0.0;
}

static int64_t
pg_changes(struct store *s)
{
	return PC(s)->changes;
}

/* ---- transactions -------------------------------------------------- */

/* A connection found lost at BEGIN is opened again and BEGIN repeated:
 * nothing had been done on it (a session the server ended while idle). A
 * statement outside a transaction is not repeated, since it may have
 * taken effect; the one after it connects again. */
/* The session lock of an audit chain's writers: a number of its own
 * (okno's in the high half) per chain. */
#define CHAIN_LOCK(chain) (0x6f6b6e6f00000000LL + (long long)(chain))

static void
chain_unlock(struct store *s)
{
	struct pg_conn *c = PC(s);
	char sql[80];

	if (!c->locked)
		return;
	c->locked = 0;
	if (PQstatus(c->pg) != CONNECTION_OK)
		return; /* the session, and its lock, are gone */
	snprintf(sql, sizeof sql, "SELECT pg_advisory_unlock(%lld)",
		 CHAIN_LOCK(c->locked_chain));
	settle(c);
	PQclear(PQexec(c->pg, sql));
}

/* A writer that knows its office (db_writer_office, or the audit chain
 * its connection wrote to last) first waits for that office's other
 * writers, with a session lock taken before its transaction and so before
 * its snapshot: the writers of one office commit one after the other as
 * SQLite's do, and the writers of other offices go on at the same time.
 * Such a writer runs at REPEATABLE READ: what must stay linear is its
 * office's (journal and audit chains and numbers, queue, blanks, all
 * taken in turn under the lock, and each also behind its head row); a row
 * two offices' writers both change (a case the region's head signs while
 * the office hands it out) is still refused to the later one and the act
 * run again. SERIALIZABLE, whose predicate locks make writers of
 * different offices collide whenever they read and write the same index
 * pages, is kept for a writer whose office is not known yet.
 *
 * A connection found lost at BEGIN is opened again and BEGIN repeated:
 * nothing had been done on it (a session the server ended while idle). A
 * statement outside a transaction is not repeated, since it may have
 * taken effect; the one after it connects again. */
static enum status
pg_begin(struct store *s, enum db_tx kind, struct err *e)
{
	struct pg_conn *c = PC(s);
	const char *sql = kind == DB_WRITE
		? "BEGIN ISOLATION LEVEL SERIALIZABLE"
		: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	enum status ret = ST_OK;

	if (kind == DB_WRITE && c->serial && s->audit_chain_known) {
		char lock[80];

		sql = "BEGIN ISOLATION LEVEL REPEATABLE READ";
		snprintf(lock, sizeof lock, "SELECT pg_advisory_lock(%lld)",
			 CHAIN_LOCK(s->audit_chain));
		ret = pg_script(s, lock, e);
		if (ret != ST_OK && db_fault(s) == DB_FAULT_CONNECTION &&
		    ensure_connected(s, e) == ST_OK)
			ret = pg_script(s, lock, e);
		if (ret != ST_OK)
			return ret;
		c->locked = 1;
		c->locked_chain = s->audit_chain;
	}
	ret = pg_script(s, sql, e);
	if (ret != ST_OK && db_fault(s) == DB_FAULT_CONNECTION &&
	    !c->locked && ensure_connected(s, e) == ST_OK)
		ret = pg_script(s, sql, e);
	if (ret != ST_OK)
		chain_unlock(s);
	return ret;
}

static enum status
pg_commit(struct store *s, struct err *e)
{
	struct pg_conn *c = PC(s);
	enum status ret = ST_OK;
	PGresult *r;

	settle(c);
	r = PQexec(c->pg, "COMMIT");

	/* A failed transaction answers COMMIT with ROLLBACK: not written. */
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		note_error(s, r);
		ret = db_fail(s, e, "commit");
	} else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		ret = db_fail_as(s, e, DB_FAULT_OTHER, "commit",
				 "транзакция была прервана ошибкой");
	}
	PQclear(r);
	chain_unlock(s);
	return ret;
}

static void
pg_rollback(struct store *s)
{
	struct pg_conn *c = PC(s);

	settle(c);
	if (PQstatus(c->pg) == CONNECTION_OK &&
	    PQtransactionStatus(c->pg) != PQTRANS_IDLE)
		PQclear(PQexec(c->pg, "ROLLBACK"));
	chain_unlock(s);
}

/* ---- schema -------------------------------------------------------- */

static int
pg_schema_version(struct store *s)
{
	int64_t v = -1;

	if (db_int64(s, NULL, &v, -1,
		     "SELECT CASE WHEN to_regclass('okno_schema') IS NULL"
		     " THEN 0 ELSE -2 END") != ST_OK)
		return -1;
	if (v == -2 &&
	    db_int64(s, NULL, &v, -1, "SELECT version FROM okno_schema") !=
		    ST_OK)
		return -1;
	return (int)v;
}

static enum status
migrate(struct store *s, int flags, struct err *e)
{
	int have = pg_schema_version(s), latest = db_schema_latest(), i;
	enum status ret;

	if (have < 0)
		return db_fail(s, e, "schema version");
	if (have > latest)
		return err_set(e, ST_CONFLICT, "",
			       "База данных новее этой версии okno (схема %d, известно до %d)", have, latest);
	if (have == 0 && !(flags & DB_CREATE))
		return err_set(e, ST_NOTFOUND, "",
			       "В базе данных %s нет схемы okno (создайте её: okno init)", s->path);
	/* The mode of a database created now (migration 14 reads it). */
	if (have == 0 && (flags & DB_TRAINING) &&
	    (ret = pg_script(s, "SELECT set_config('okno.new_training', '1', "
			     "false)", e)) != ST_OK)
		return ret;
	for (i = 0; i < schema_pg_migration_count; i++) {
		const struct migration *m = &schema_pg_migrations[i];

		if (m->version <= have)
			continue;
		if ((ret = db_begin(s, DB_WRITE, e)) != ST_OK)
			return ret;
		/* Another process may have migrated while we waited. */
		if ((ret = db_script(s, "SELECT pg_advisory_xact_lock("
				     MIGRATION_LOCK ")", e)) != ST_OK)
			goto fail;
		if (pg_schema_version(s) >= m->version) {
			db_rollback(s);
			continue;
		}
		if ((ret = db_script(s, m->sql, e)) != ST_OK ||
		    (ret = db_exec(s, e, "UPDATE okno_schema SET version = ?",
				   DB_INT(m->version))) != ST_OK)
			goto fail;
		if ((ret = db_commit(s, e)) != ST_OK)
			return ret;
	}
	PC(s)->version = have > latest ? have : latest;
	return ST_OK;
fail:
	db_rollback(s);
	if (db_fault(s) == DB_FAULT_PRIVILEGE)
		return err_set(e, ST_DENIED, "",
			       "Схему базы данных %s создаёт и обновляет роль её владельца, а не роль окон: %s", s->path,
			       e ? e->msg : "");
	return ret;
}

/* A server that takes no writes (db.h's enum db_ro): a hot standby, or
 * one whose sessions are read-only by default. Asked outside a
 * transaction; a server that cannot be asked counts as it was. */
static int
pg_read_only(struct store *s)
{
	struct db_stmt *st;
	int ro = s->read_only;

	if (s->in_tx || db_one(s, &st, NULL, "SELECT pg_is_in_recovery(), "
			       "current_setting('default_transaction_read_"
			       "only') = 'on'") != ST_OK)
		return ro;
	ro = db_col_int(st, 0) ? DB_RO_STANDBY
	     : db_col_int(st, 1) ? DB_RO_SERVER : DB_RW;
	db_finalize(st);
	return ro;
}

/* On a server that takes no writes nothing is migrated: its schema must
 * be the one this build knows (a standby follows its primary, upgraded
 * first). */
static enum status
schema_current(struct store *s, struct err *e)
{
	int have = pg_schema_version(s), latest = db_schema_latest();

	if (have < 0)
		return db_fail(s, e, "schema version");
	if (have == 0)
		return err_set(e, ST_NOTFOUND, "",
			       "В базе данных %s нет схемы okno", s->path);
	if (have != latest)
		return err_set(e, ST_CONFLICT, "",
			       "Схема базы данных только для чтения — %d, эта версия okno работает со схемой %d: сначала обновите основной сервер", have, latest);
	PC(s)->version = have;
	return ST_OK;
}

static void
pg_close(struct store *s)
{
	struct pg_conn *c = PC(s);

	PQfinish(c->pg);
	forget_prepared(c);
	free(c->tz);
	free(c->msg);
	free(c);
	s->conn = NULL;
}

/* The URI without a password, for messages (libpq's options parsed). */
static enum status
check_uri(const char *uri, struct err *e)
{
	char *perr = NULL;
	PQconninfoOption *opts = PQconninfoParse(uri, &perr), *o;
	enum status ret = ST_OK;

	if (!opts) {
		ret = err_set(e, ST_USAGE, "", "Адрес базы данных не разобран (%s): %s", uri, perr ? perr : "");
		PQfreemem(perr);
		return ret;
	}
	for (o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val && *o->val)
			ret = err_set(e, ST_USAGE, "",
				      "Пароль в адресе базы данных не допускается: он виден другим пользователям. Храните его в файле паролей (~/.pgpass, PGPASSFILE) или входите по сертификату или peer");
	PQconninfoFree(opts);
	return ret;
}

enum status
db_pg_open(const char *uri, int flags, struct store **out, struct err *e)
{
	/* Defaults first: the URI's own values override them. */
	/* The password of okno.conf's database comes after the URI: from
	 * its file (core/config.h), never from the environment. */
	static const char *const keys[] = {
		"connect_timeout", "keepalives", "keepalives_idle",
		"keepalives_interval", "keepalives_count", "application_name",
		"client_encoding", "options", "dbname", "password", NULL};
	const char *vals[] = {"10", "1", "30", "10", "3", "okno", "UTF8",
			      "-c DateStyle=ISO,YMD", uri, NULL, NULL};
	const char *ds, *tz;
	struct store *s;
	struct pg_conn *c;
	enum status ret;
	char *password = NULL;

	*out = NULL;
	if ((ret = check_uri(uri, e)) != ST_OK ||
	    (ret = config_db_password(uri, &password, e)) != ST_OK)
		return ret;
	vals[9] = password;
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(uri);
	c = xcalloc(1, sizeof *c);
	c->base.drv = &db_pg_driver;
	s->conn = &c->base;
	c->pg = PQconnectdbParams(keys, vals, 1);
	if (password) {
		explicit_bzero(password, strlen(password));
		free(password);
	}
	if (PQstatus(c->pg) != CONNECTION_OK) {
		note_error(s, NULL);
		c->lost = 1;
		ret = db_fail(s, e, "connect");
		db_close(s);
		return ret;
	}
	/* The server reports both at the start: a round trip only when the
	 * URI's own options changed the date style. */
	ds = PQparameterStatus(c->pg, "DateStyle");
	if ((tz = PQparameterStatus(c->pg, "TimeZone")))
		c->tz = xstrdup(tz);
	if ((!ds || strcmp(ds, "ISO, YMD") != 0) &&
	    (ret = pg_script(s, "SET DateStyle = 'ISO, YMD'", e)) != ST_OK)
		goto fail;
	if ((ret = sync_tz(s, e)) != ST_OK)
		goto fail;
	s->read_only = pg_read_only(s);
	if ((s->read_only && (ret = schema_current(s, e)) != ST_OK) ||
	    (!s->read_only && !(flags & DB_READONLY) &&
	     (ret = migrate(s, flags, e)) != ST_OK) ||
	    (ret = store_after_open(s, flags & DB_READONLY, e)) != ST_OK) {
fail:
		db_close(s);
		return ret;
	}
	/* An audit chain per office since migration 15 (see pg_begin). */
	c->serial = (c->version ? c->version : pg_schema_version(s)) >= 15;
	*out = s;
	return ST_OK;
}

int
db_pg_option(struct store *s, const char *keyword, char *out, size_t n)
{
	PQconninfoOption *opts, *o;
	int r = -1;

	if (!s || !s->conn || s->conn->drv != &db_pg_driver ||
	    !(opts = PQconninfo(PC(s)->pg)))
		return -1;
	for (o = opts; o->keyword; o++)
		if (strcmp(o->keyword, keyword) == 0 && o->val) {
			snprintf(out, n, "%s", o->val);
			r = 0;
			break;
		}
	PQconninfoFree(opts);
	return r;
}

const struct db_driver db_pg_driver = {
	.engine = DB_POSTGRES,
	.prepare = pg_prepare,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.stream = pg_stream,
	.col_count = pg_col_count,
	.col_null = pg_col_null,
	.col_int64 = pg_col_int64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.changes = pg_changes,
	.script = pg_script,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.fault = pg_fault,
	.schema_version = pg_schema_version,
	.read_only = pg_read_only,
	.close = pg_close,
	.sql_tables = "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
		      "ON n.oid = c.relnamespace WHERE n.nspname = "
		      "current_schema() AND c.relkind IN ('r', 'p')",
	.sql_columns = "SELECT a.attname, CASE WHEN a.attidentity <> '' THEN "
		       "1 ELSE 0 END FROM pg_attribute a JOIN pg_class c ON "
		       "c.oid = a.attrelid JOIN pg_namespace n ON n.oid = "
		       "c.relnamespace WHERE n.nspname = current_schema() AND "
		       "c.relname = ?1 AND a.attnum > 0 AND NOT a.attisdropped "
		       "ORDER BY a.attnum",
	.sql_refs = "SELECT a.attname, r.relname FROM pg_constraint k JOIN "
		    "pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON "
		    "n.oid = c.relnamespace JOIN pg_class r ON r.oid = "
		    "k.confrelid JOIN pg_attribute a ON a.attrelid = "
		    "k.conrelid AND a.attnum = k.conkey[1] WHERE k.contype = "
		    "'f' AND cardinality(k.conkey) = 1 AND n.nspname = "
		    "current_schema() AND c.relname = ?1",
};
