/* SPDX-License-Identifier: MIT */
/* The storage interface: dispatch to the engine's driver, the one-call
 * helpers, nested transactions with retry, and the one mapping of engine
 * faults to okno's statuses and Russian messages. */
#include "db_driver.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Attempts of one db_transact before a busy database, a serialization
 * failure or a deadlock is reported. */
#define TX_ATTEMPTS 12

static const struct db_driver *
drv_of(const struct store *s)
{
	return s->conn ? s->conn->drv : &db_sqlite_driver;
}

int
db_name_is_uri(const char *name)
{
	return name && (strncmp(name, "postgresql://", 13) == 0 ||
			strncmp(name, "postgres://", 11) == 0);
}

enum status
db_open(const char *name, int flags, struct store **out, struct err *e)
{
	*out = NULL;
	if (!name || !*name)
		return err_set(e, ST_USAGE, "", "Не указана база данных");
	if (db_name_is_uri(name))
		return db_pg_open(name, flags, out, e);
	return store_open(name,
			  ((flags & DB_CREATE) ? STORE_CREATE : 0) |
				  ((flags & DB_READONLY) ? STORE_READONLY : 0) |
				  ((flags & DB_TRAINING) ? STORE_TRAINING : 0),
			  out, e);
}

void
db_close(struct store *s)
{
	if (!s)
		return;
	if (!s->conn) {
		store_close(s);
		return;
	}
	db_rollback(s);
	s->conn->drv->close(s);
	free(s->path);
	free(s);
}

enum db_engine
db_engine(const struct store *s)
{
	return drv_of(s)->engine;
}

int
db_schema_version(struct store *s)
{
	return drv_of(s)->schema_version(s);
}

int
db_schema_latest(void)
{
	return schema_migrations[schema_migration_count - 1].version;
}

/* ---- errors -------------------------------------------------------- */

enum db_fault
db_fault(const struct store *s)
{
	return s ? (enum db_fault)s->fault : DB_FAULT_NONE;
}

int
db_fault_retryable(enum db_fault f)
{
	return f == DB_FAULT_BUSY || f == DB_FAULT_SERIALIZE ||
	       f == DB_FAULT_DEADLOCK;
}

enum status
db_fail_as(struct store *s, struct err *e, enum db_fault f, const char *what,
	   const char *detail)
{
	const char *m = detail && *detail ? detail : "-";

	if (s)
		s->fault = f;
	switch (f) {
	case DB_FAULT_BUSY:
		return err_set(e, ST_STORAGE, "",
			       "База данных занята другим окном, повторите (%s)", what);
	case DB_FAULT_SERIALIZE:
	case DB_FAULT_DEADLOCK:
		return err_set(e, ST_STORAGE, "",
			       "Одновременные изменения других окон не удалось согласовать, повторите (%s)", what);
	case DB_FAULT_CONSTRAINT:
		return err_set(e, ST_CONFLICT, "",
			       "Нарушено ограничение базы данных (%s): %s",
			       what, m);
	case DB_FAULT_FULL:
		return err_set(e, ST_STORAGE, "",
			       "Диск заполнен: данные не сохранены (%s)", what);
	case DB_FAULT_READONLY:
		/* A server that takes no writes says what it is for. */
		if (s && s->read_only == DB_RO_STANDBY)
			return err_set(e, ST_STORAGE, "",
				       "Резервный сервер только для чтения: изменения делаются на основном сервере");
		if (s && s->read_only == DB_RO_SERVER)
			return err_set(e, ST_STORAGE, "",
				       "База данных только для чтения: здесь проверяют и читают, изменения не вносятся");
		return err_set(e, ST_STORAGE, "",
			       "База данных открыта только для чтения: данные не сохранены (%s)", what);
	case DB_FAULT_CONNECTION:
		/* Opening, the engine's reason matters (a name, a
		 * certificate, a password); at work, only that the server
		 * is gone: the window says so plainly. */
		if (strcmp(what, "connect") == 0)
			return err_set(e, ST_UNREACHABLE, "",
				       "Сервер базы данных недоступен: %s", m);
		return err_set(e, ST_UNREACHABLE, "",
			       "Сервер базы данных недоступен: данные не сохранены");
	case DB_FAULT_PRIVILEGE:
		return err_set(e, ST_DENIED, "",
			       "Роли базы данных это не разрешено (%s): %s",
			       what, m);
	case DB_FAULT_CORRUPT:
		return err_set(e, ST_CORRUPT, "",
			       "База данных повреждена (%s): %s", what, m);
	case DB_FAULT_IO:
		return err_set(e, ST_STORAGE, "",
			       "Ошибка ввода-вывода базы данных (%s): %s", what,
			       m);
	case DB_FAULT_NONE:
	case DB_FAULT_OTHER:
		break;
	}
	return err_set(e, ST_STORAGE, "", "Ошибка базы данных (%s): %s", what,
		       m);
}

enum status
store_error(struct store *s, struct err *e, const char *what)
{
	return db_fail(s, e, what);
}

enum status
db_fail(struct store *s, struct err *e, const char *what)
{
	const char *msg = NULL;
	enum db_fault f = s ? drv_of(s)->fault(s, &msg) : DB_FAULT_OTHER;

	return db_fail_as(s, e, f == DB_FAULT_NONE ? DB_FAULT_OTHER : f, what,
			  msg);
}

/* ---- statements ---------------------------------------------------- */

struct db_stmt *
db_prepare(struct store *s, const char *sql, struct err *e)
{
	return drv_of(s)->prepare(s, sql, e);
}

void
db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	st->drv->bind_int64(st, i, v);
}

void
db_bind_double(struct db_stmt *st, int i, double v)
{
	st->drv->bind_double(st, i, v);
}

void
db_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v)
		st->drv->bind_text(st, i, v);
	else
		st->drv->bind_null(st, i);
}

void
db_bind_null(struct db_stmt *st, int i)
{
	st->drv->bind_null(st, i);
}

void
db_bind_args(struct db_stmt *st, const struct db_arg *a)
{
	int i;

	for (i = 1; a && a->type != DB_T_END; a++, i++) {
		switch (a->type) {
		case DB_T_INT:
			db_bind_int64(st, i, a->i);
			break;
		case DB_T_TEXT:
			db_bind_text(st, i, a->s);
			break;
		case DB_T_REAL:
			db_bind_double(st, i, a->d);
			break;
		case DB_T_NULL:
		case DB_T_END:
			db_bind_null(st, i);
			break;
		}
	}
}

void
db_stream(struct db_stmt *st)
{
	if (st->drv->stream)
		st->drv->stream(st);
}

int
db_step(struct db_stmt *st, struct err *e)
{
	return st->drv->step(st, e);
}

void
db_reset(struct db_stmt *st)
{
	st->drv->reset(st);
}

void
db_finalize(struct db_stmt *st)
{
	if (st)
		st->drv->finalize(st);
}

int
db_col_count(struct db_stmt *st)
{
	return st->drv->col_count(st);
}

int
db_col_null(struct db_stmt *st, int i)
{
	return st->drv->col_null(st, i);
}

int64_t
db_col_int64(struct db_stmt *st, int i)
{
	return st->drv->col_int64(st, i);
}

int
db_col_int(struct db_stmt *st, int i)
{
	return (int)st->drv->col_int64(st, i);
}

double
db_col_double(struct db_stmt *st, int i)
{
	return st->drv->col_double(st, i);
}

const char *
db_col_text(struct db_stmt *st, int i)
{
	const char *t = st->drv->col_text(st, i);

	return t ? t : "";
}

char *
db_col_dup(struct db_stmt *st, int i)
{
	return xstrdup(db_col_text(st, i));
}

int64_t
db_changes(struct store *s)
{
	return drv_of(s)->changes(s);
}

/* ---- one-call helpers ---------------------------------------------- */

enum status
db_script(struct store *s, const char *sql, struct err *e)
{
	return drv_of(s)->script(s, sql, e);
}

/* Prepare, bind and take the first step: DB_ROW/DB_DONE with *out, or
 * DB_FAIL with e filled and *out NULL. */
static int
first_step(struct store *s, struct db_stmt **out, struct err *e,
	   const char *sql, const struct db_arg *args)
{
	struct db_stmt *st = db_prepare(s, sql, e);
	int rc;

	*out = NULL;
	if (!st)
		return DB_FAIL;
	db_bind_args(st, args);
	if ((rc = db_step(st, e)) == DB_FAIL) {
		db_finalize(st);
		return DB_FAIL;
	}
	*out = st;
	return rc;
}

enum status
db_exec_a(struct store *s, struct err *e, const char *sql,
	  const struct db_arg *args)
{
	struct db_stmt *st;
	int rc = first_step(s, &st, e, sql, args);

	while (rc == DB_ROW)
		rc = db_step(st, e);
	db_finalize(st);
	return rc == DB_FAIL ? (e ? e->st : ST_STORAGE) : ST_OK;
}

enum status
db_one_a(struct store *s, struct db_stmt **out, struct err *e,
	 const char *sql, const struct db_arg *args)
{
	struct db_stmt *st;
	int rc = first_step(s, &st, e, sql, args);

	*out = NULL;
	if (rc == DB_FAIL)
		return e ? e->st : ST_STORAGE;
	if (rc == DB_DONE) {
		db_finalize(st);
		return ST_NOTFOUND;
	}
	*out = st;
	return ST_OK;
}

enum status
db_int64_a(struct store *s, struct err *e, int64_t *out, int64_t dflt,
	   const char *sql, const struct db_arg *args)
{
	struct db_stmt *st;
	enum status ret = db_one_a(s, &st, e, sql, args);

	*out = dflt;
	if (ret == ST_NOTFOUND)
		return ST_OK;
	if (ret != ST_OK)
		return ret;
	if (!db_col_null(st, 0))
		*out = db_col_int64(st, 0);
	db_finalize(st);
	return ST_OK;
}

int64_t
db_int_a(struct store *s, int64_t dflt, const char *sql,
	 const struct db_arg *args)
{
	int64_t v;

	if (db_int64_a(s, NULL, &v, dflt, sql, args) != ST_OK)
		v = dflt;
	return v;
}

enum status
db_text_a(struct store *s, struct err *e, char **out, const char *dflt,
	  const char *sql, const struct db_arg *args)
{
	struct db_stmt *st;
	enum status ret = db_one_a(s, &st, e, sql, args);

	*out = NULL;
	if (ret != ST_OK && ret != ST_NOTFOUND)
		return ret;
	if (ret == ST_OK && !db_col_null(st, 0))
		*out = db_col_dup(st, 0);
	else if (dflt)
		*out = xstrdup(dflt);
	db_finalize(st);
	return ST_OK;
}

int
db_exists_a(struct store *s, struct err *e, const char *sql,
	    const struct db_arg *args)
{
	struct db_stmt *st;
	int rc = first_step(s, &st, e, sql, args);

	db_finalize(st);
	return rc == DB_FAIL ? -1 : rc == DB_ROW;
}

enum status
db_each_a(struct store *s, struct err *e, db_row_fn fn, void *arg,
	  const char *sql, const struct db_arg *args)
{
	struct db_stmt *st;
	enum status ret = ST_OK;
	int rc = first_step(s, &st, e, sql, args);

	while (rc == DB_ROW) {
		if ((ret = fn(st, arg, e)) != ST_OK)
			break;
		rc = db_step(st, e);
	}
	db_finalize(st);
	if (rc == DB_FAIL)
		return e ? e->st : ST_STORAGE;
	return ret;
}

/* The array db_rows_a grows, one element of size bytes a row. */
struct rows {
	char *v;
	size_t n, cap, size;
	db_fill_fn fill;
};

static enum status
add_row(struct db_stmt *row, void *arg, struct err *e)
{
	struct rows *r = arg;
	char *elem;

	(void)e;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * r->size);
	}
	elem = r->v + r->n++ * r->size;
	memset(elem, 0, r->size);
	r->fill(row, elem);
	return ST_OK;
}

enum status
db_rows_a(struct store *s, struct err *e, void *out, size_t *n, size_t size,
	  db_fill_fn fill, db_clear_fn clear, const char *sql,
	  const struct db_arg *args)
{
	struct rows r = {.size = size, .fill = fill};
	enum status ret = db_each_a(s, e, add_row, &r, sql, args);
	void *v;

	if (ret != ST_OK) {
		db_rows_free_a(r.v, r.n, size, clear);
		r.v = NULL;
		r.n = 0;
	}
	/* out points at the caller's pointer to its element type. */
	v = r.v;
	memcpy(out, &v, sizeof v);
	*n = r.n;
	return ret;
}

void
db_rows_free_a(void *v, size_t n, size_t size, db_clear_fn clear)
{
	size_t i;

	for (i = 0; v && clear && i < n; i++)
		clear((char *)v + i * size);
	free(v);
}

/* ---- read-only servers --------------------------------------------- */

enum db_ro
db_read_only(const struct store *s)
{
	return s ? (enum db_ro)s->read_only : DB_RW;
}

/* Ask the server again (a standby promoted since it was opened). */
static enum db_ro
read_only_now(struct store *s)
{
	const struct db_driver *d = drv_of(s);

	if (s->read_only && d->read_only)
		s->read_only = d->read_only(s);
	return (enum db_ro)s->read_only;
}

enum status
db_writable(struct store *s, struct err *e)
{
	if (!s->in_tx && read_only_now(s))
		return db_fail_as(s, e, DB_FAULT_READONLY, "begin", NULL);
	return ST_OK;
}

/* ---- the schema as the engine has it ------------------------------- */

struct tables {
	struct db_table *v;
	size_t n, cap;
};

static enum status
add_table(struct db_stmt *row, void *arg, struct err *e)
{
	struct tables *t = arg;

	(void)e;
	XGROW(t->v, t->n, t->cap);
	memset(&t->v[t->n], 0, sizeof t->v[t->n]);
	t->v[t->n++].name = db_col_dup(row, 0);
	return ST_OK;
}

struct columns {
	struct db_table *t;
	size_t cap;
};

static enum status
add_column(struct db_stmt *row, void *arg, struct err *e)
{
	struct columns *c = arg;
	size_t n = (size_t)c->t->ncols;
	struct db_column *col;

	(void)e;
	XGROW(c->t->cols, n, c->cap);
	col = &c->t->cols[c->t->ncols++];
	col->name = db_col_dup(row, 0);
	col->is_id = db_col_int(row, 1) != 0;
	col->refers = NULL;
	return ST_OK;
}

static enum status
add_ref(struct db_stmt *row, void *arg, struct err *e)
{
	struct db_table *t = arg;
	int i;

	(void)e;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, db_col_text(row, 0)) == 0 &&
		    !t->cols[i].refers)
			t->cols[i].refers = db_col_dup(row, 1);
	return ST_OK;
}

static int
table_cmp(const void *a, const void *b)
{
	return strcmp(((const struct db_table *)a)->name,
		      ((const struct db_table *)b)->name);
}

enum status
db_tables(struct store *s, struct db_table **out, int *n, struct err *e)
{
	const struct db_driver *d = drv_of(s);
	struct tables t = {0};
	enum status ret;
	size_t i;

	*out = NULL;
	*n = 0;
	ret = db_each(s, e, add_table, &t, d->sql_tables);
	for (i = 0; ret == ST_OK && i < t.n; i++) {
		struct columns c = {&t.v[i], 0};

		ret = db_each(s, e, add_column, &c, d->sql_columns,
			      DB_TEXT(t.v[i].name));
		if (ret == ST_OK)
			ret = db_each(s, e, add_ref, &t.v[i], d->sql_refs,
				      DB_TEXT(t.v[i].name));
	}
	if (ret != ST_OK) {
		db_tables_free(t.v, (int)t.n);
		return ret;
	}
	if (t.n)
		qsort(t.v, t.n, sizeof *t.v, table_cmp);
	*out = t.v;
	*n = (int)t.n;
	return ST_OK;
}

void
db_tables_free(struct db_table *t, int n)
{
	int i, j;

	for (i = 0; t && i < n; i++) {
		for (j = 0; j < t[i].ncols; j++) {
			free(t[i].cols[j].name);
			free(t[i].cols[j].refers);
		}
		free(t[i].cols);
		free(t[i].name);
	}
	free(t);
}

const struct db_table *
db_table_find(const struct db_table *t, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

const struct db_column *
db_column_find(const struct db_table *t, const char *name)
{
	int i;

	for (i = 0; t && i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

/* ---- transactions -------------------------------------------------- */

enum status
db_begin(struct store *s, enum db_tx kind, struct err *e)
{
	enum status ret;

	/* A read that records itself writes its line where it can. */
	if (kind == DB_RECORD)
		kind = s->in_tx || !read_only_now(s) ? DB_WRITE : DB_READ;
	/* An act on a server that takes no writes is refused before it
	 * starts, in words (not the engine's error at its first write). */
	if (kind == DB_WRITE && (ret = db_writable(s, e)) != ST_OK)
		return ret;
	if (s->in_tx) {
		if ((ret = db_script(s, "SAVEPOINT okno_nested", e)) != ST_OK)
			return ret;
		s->in_tx++;
		return ST_OK;
	}
	s->fault = DB_FAULT_NONE;
	if ((ret = drv_of(s)->begin(s, kind, e)) != ST_OK)
		return ret;
	s->in_tx = 1;
	return ST_OK;
}

enum status
db_commit(struct store *s, struct err *e)
{
	enum status ret;

	if (s->in_tx > 1) {
		if ((ret = db_script(s, "RELEASE okno_nested", e)) != ST_OK) {
			db_rollback(s);
			return ret;
		}
		s->in_tx--;
		return ST_OK;
	}
	if (!s->in_tx)
		return ST_OK;
	if ((ret = drv_of(s)->commit(s, e)) != ST_OK) {
		db_rollback(s);
		return ret;
	}
	s->in_tx = 0;
	return ST_OK;
}

void
db_rollback(struct store *s)
{
	int fault;

	if (!s)
		return;
	fault = s->fault; /* undoing keeps the reason it was undone */
	if (s->in_tx > 1) {
		/* A failed undo leaves nothing more to do here: the
		 * outer transaction's end reports the connection's state. */
		(void)!db_script(s, "ROLLBACK TO okno_nested", NULL);
		(void)!db_script(s, "RELEASE okno_nested", NULL);
		s->in_tx--;
	} else {
		drv_of(s)->rollback(s);
		s->in_tx = 0;
	}
	s->fault = fault;
}

/* A random pause before attempt n (1, 2, ...): up to 5 ms doubled per
 * attempt, at most about a second, so colliding windows spread out. */
static void
retry_pause(int n)
{
	static unsigned seed;
	long cap = 5L << (n < 8 ? n : 8);
	struct timespec ts;

	if (!seed)
		seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	cap = 1 + (long)(rand_r(&seed) % cap);
	ts.tv_sec = cap / 1000;
	ts.tv_nsec = (cap % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

void
db_writer_office(struct store *s, long long office)
{
	s->audit_chain = office;
	s->audit_chain_known = 1;
}

enum status
db_transact(struct store *s, enum db_tx kind, db_tx_fn fn, void *arg,
	    struct err *e)
{
	enum status ret;
	int attempt;

	if (s->in_tx) {
		if ((ret = db_begin(s, kind, e)) != ST_OK)
			return ret;
		if ((ret = fn(s, arg, e)) != ST_OK) {
			db_rollback(s);
			return ret;
		}
		return db_commit(s, e);
	}
	for (attempt = 1;; attempt++) {
		if ((ret = db_begin(s, kind, e)) == ST_OK) {
			s->fault = DB_FAULT_NONE;
			if ((ret = fn(s, arg, e)) == ST_OK)
				ret = db_commit(s, e);
			else
				db_rollback(s);
		}
		if (ret == ST_OK)
			return ST_OK;
		if (!db_fault_retryable(db_fault(s)) ||
		    attempt >= TX_ATTEMPTS)
			return ret;
		retry_pause(attempt);
	}
}

void
db_progress(struct store *s, int (*fn)(void *), void *arg)
{
	const struct db_driver *d = drv_of(s);

	if (d->progress)
		d->progress(s, fn, arg);
}
