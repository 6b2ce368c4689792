/* SPDX-License-Identifier: MIT */
/* Numbered blanks of strict accountability: stock, use, write-off and the
 * per-shift reconciliation. */
#include "blank.h"
#include "audit.h"
#include "clock.h"
#include "date.h"
#include "i18n.h"
#include "util.h"
#include "validate.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

#define REASON_MAX 500

int
blank_kind_valid(const char *kind)
{
	return kind && (strcmp(kind, "border-pass") == 0 ||
			strcmp(kind, "invitation") == 0)
		       ? 0 : -1;
}

/* Read up to 4 series letters from *p into series; returns the count or
 * -1 for a letter that is not allowed. */
static int
read_series(const char **p, char series[BLANK_SERIES_MAX])
{
	size_t len = 0;
	int count = 0;
	uint32_t cp;
	int n;

	series[0] = '\0';
	while (**p && (n = utf8_decode(*p, strlen(*p), &cp)) > 0) {
		char buf[4];
		int k;

		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		if (!((cp >= 'A' && cp <= 'Z') || cp == 0x401 ||
		      (cp >= 0x410 && cp <= 0x42f))) {
			if (cp >= 0x430 && cp <= 0x44f)
				return -1; /* Cyrillic lower case */
			break;
		}
		if (++count > 4)
			return -1;
		k = utf8_encode(cp, buf);
		memcpy(series + len, buf, (size_t)k);
		len += (size_t)k;
		series[len] = '\0';
		*p += n;
	}
	return count;
}

enum status
blank_parse(const char *in, char series[BLANK_SERIES_MAX], long *number,
	    struct err *e)
{
	const char *p = in ? in : "";
	long v = 0;
	int digits = 0;

	while (*p == ' ')
		p++;
	if (read_series(&p, series) < 0)
		goto bad;
	if (*series && (*p == ' ' || *p == '-'))
		p++;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (++digits > 9)
			goto bad;
		v = v * 10 + (*p - '0');
	}
	while (*p == ' ')
		p++;
	if (*p || !digits || v <= 0)
		goto bad;
	*number = v;
	return ST_OK;
bad:
	return err_set(e, ST_INVALID, "blank",
		       "Номер бланка «%s»: ожидается серия (до 4 прописных букв) и номер, например AB1001 или AB 1001",
		       in ? in : "");
}

static void
label_of(const char *series, long number, char out[BLANK_LABEL_MAX])
{
	if (*series)
		snprintf(out, BLANK_LABEL_MAX, "%s %ld", series, number);
	else
		snprintf(out, BLANK_LABEL_MAX, "%ld", number);
}

static enum status
need_office(const struct actor *a, struct err *e)
{
	if (a->office_id <= 0)
		return err_set(e, ST_DENIED, "",
			       "Бланки строгой отчетности учитываются в подразделении: войдите под учетной записью подразделения");
	return ST_OK;
}

enum status
blank_add(struct store *s, const struct actor *a, const char *kind,
	  const char *series, long from, long to, long *added, struct err *e)
{
	char ser[BLANK_SERIES_MAX], now[STAMP_SIZE], obj[64];
	const char *p = series ? series : "";
	struct db_stmt *st = NULL;
	enum status ret;
	long n;
	int rc;

	*added = 0;
	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK ||
	    (ret = need_office(a, e)) != ST_OK)
		return ret;
	if (blank_kind_valid(kind) != 0)
		return err_set(e, ST_INVALID, "kind",
			       "Вид бланка «%s»: допустимо border-pass или invitation", kind ? kind : "");
	if (read_series(&p, ser) < 0 || *p)
		return err_set(e, ST_INVALID, "series",
			       "Серия бланков «%s»: до 4 прописных букв",
			       series ? series : "");
	if (from <= 0 || to < from || from > 999999999 || to > 999999999)
		return err_set(e, ST_INVALID, "range",
			       "Номера бланков: нужен диапазон «с» не больше «по», от 1 до 999999999");
	if (to - from + 1 > BLANK_RANGE_MAX)
		return err_set(e, ST_INVALID, "range",
			       "За один раз можно принять не более %d бланков",
			       BLANK_RANGE_MAX);
	clock_stamp(clock_now(), now);
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	st = db_prepare(s, "INSERT INTO blanks(office_id, series, number, "
			      "kind, state, at, actor_id, added_at, added_by) "
			      "VALUES (?,?,?,?,'stock',?,?,?,?)", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	for (n = from; n <= to; n++) {
		db_reset(st);
		db_bind_int64(st, 1, a->office_id);
		db_bind_text(st, 2, ser);
		db_bind_int64(st, 3, n);
		db_bind_text(st, 4, kind);
		db_bind_text(st, 5, now);
		db_bind_int64(st, 6, a->id);
		db_bind_text(st, 7, now);
		db_bind_int64(st, 8, a->id);
		rc = db_step(st, e);
		if (rc == DB_FAIL && db_fault(s) == DB_FAULT_CONSTRAINT) {
			char lab[BLANK_LABEL_MAX];

			label_of(ser, n, lab);
			ret = err_set(e, ST_CONFLICT, "range",
				      "Бланк %s уже учтен; ни один бланк диапазона не принят", lab);
			goto fail;
		}
		if (rc != DB_DONE) {
			ret = store_error(s, e, "blanks add");
			goto fail;
		}
	}
	db_finalize(st);
	st = NULL;
	{
		char lf[BLANK_LABEL_MAX], lt[BLANK_LABEL_MAX], *detail;

		label_of(ser, from, lf);
		label_of(ser, to, lt);
		snprintf(obj, sizeof obj, "blanks:%s", kind);
		detail = xasprintf("приняты бланки %s — %s (%ld шт.)", lf, lt,
				   to - from + 1);
		ret = audit_commit(s, a, "blanks.add", obj, detail, e);
		free(detail);
	}
	if (ret == ST_OK)
		*added = to - from + 1;
	return ret;
fail:
	db_finalize(st);
	store_rollback(s);
	return ret;
}

/* Find the blank a typed number names at the office (of kind, when kind
 * is not NULL). A bare number must name exactly one blank. */
static enum status
blank_find(struct store *s, long long office_id, const char *kind,
	   const char *number, long long *id, char state[16],
	   char out_kind[16], char label[BLANK_LABEL_MAX], struct err *e)
{
	char ser[BLANK_SERIES_MAX];
	struct db_stmt *st;
	long num;
	enum status ret;
	int rc, found = 0;

	if ((ret = blank_parse(number, ser, &num, e)) != ST_OK)
		return ret;
	st = db_prepare(s, "SELECT id, state, kind, series FROM blanks "
			      "WHERE office_id = ? AND number = ? "
			      "AND (? = '' OR series = ?) "
			      "AND (CAST(? AS TEXT) IS NULL OR kind = ?) "
			      "ORDER BY id", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_bind_int64(st, 1, office_id);
	db_bind_int64(st, 2, num);
	db_bind_text(st, 3, ser);
	db_bind_text(st, 4, ser);
	db_bind_text(st, 5, kind);
	db_bind_text(st, 6, kind);
	while ((rc = db_step(st, e)) == DB_ROW) {
		if (found++)
			continue;
		*id = db_col_int64(st, 0);
		snprintf(state, 16, "%s", db_col_text(st, 1));
		snprintf(out_kind, 16, "%s", db_col_text(st, 2));
		label_of(db_col_text(st, 3), num, label);
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return store_error(s, e, "blanks");
	if (!found) {
		label_of(ser, num, label);
		return err_set(e, ST_NOTFOUND, "blank",
			       "Бланк %s%s не учтен в подразделении", label,
			       kind ? (strcmp(kind, "invitation") == 0
					       ? " (приглашение)"
					       : " (пропуск)")
				    : "");
	}
	if (found > 1)
		return err_set(e, ST_INVALID, "blank",
			       "Номер %ld есть в нескольких сериях: укажите серию, например AB%ld", num, num);
	return ST_OK;
}

enum status
blank_check(struct store *s, long long office_id, const char *kind,
	    const char *number, char label[BLANK_LABEL_MAX], struct err *e)
{
	char state[16], k[16];
	long long id;
	enum status ret;

	if (!number || !*number)
		return err_set(e, ST_INVALID, "blank",
			       "Номер бланка строгой отчетности: не указан (--blank)");
	if ((ret = blank_find(s, office_id, kind, number, &id, state, k,
			      label, e)) != ST_OK)
		return ret;
	if (strcmp(state, "stock") != 0)
		return err_set(e, ST_CONFLICT, "blank",
			       "Бланк %s уже %s", label,
			       strcmp(state, "used") == 0 ? i18n_text("использован")
							  : i18n_text("списан как испорченный"));
	return ST_OK;
}

enum status
blank_use(struct store *s, const struct actor *a, long long office_id,
	  const char *kind, const char *number, long long case_id,
	  long long print_id, char label[BLANK_LABEL_MAX], struct err *e)
{
	char state[16], k[16], now[STAMP_SIZE];
	long long id;
	enum status ret;

	if ((ret = blank_check(s, office_id, kind, number, label, e)) != ST_OK)
		return ret;
	if ((ret = blank_find(s, office_id, kind, number, &id, state, k,
			      label, e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), now);
	if ((ret = db_exec(s, e, "UPDATE blanks SET state = 'used', case_id = "
			   "?, print_id = ?, at = ?, actor_id = ?, used_at = ? "
			   "WHERE id = ? AND state = 'stock'", DB_INT(case_id),
			   DB_INT(print_id), DB_TEXT(now), DB_INT(a->id),
			   DB_TEXT(now), DB_INT(id))) != ST_OK)
		return ret;
	if (db_changes(s) != 1)
		return err_set(e, ST_CONFLICT, "blank",
			       "Бланк %s только что использован другим окном",
			       label);
	return ST_OK;
}

enum status
blank_spoil(struct store *s, const struct actor *a, const char *number,
	    const char *reason, struct err *e)
{
	char state[16], kind[16], label[BLANK_LABEL_MAX], now[STAMP_SIZE], obj[64];
	char *detail;
	long long id;
	enum status ret;

	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK ||
	    (ret = need_office(a, e)) != ST_OK)
		return ret;
	if (!reason || !*reason)
		return err_set(e, ST_INVALID, "reason",
			       "Причина списания бланка: не заполнено");
	if ((ret = val_text("reason", i18n_text("Причина списания бланка"), reason,
			    REASON_MAX, 0, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = blank_find(s, a->office_id, NULL, number, &id, state, kind,
			      label, e)) != ST_OK)
		goto fail;
	if (strcmp(state, "spoiled") == 0) {
		ret = err_set(e, ST_CONFLICT, "blank",
			      "Бланк %s уже списан", label);
		goto fail;
	}
	clock_stamp(clock_now(), now);
	if ((ret = db_exec(s, e, "UPDATE blanks SET state = 'spoiled', reason "
			   "= ?, at = ?, actor_id = ?, spoiled_at = ? WHERE id = "
			   "?", DB_TEXT(reason), DB_TEXT(now), DB_INT(a->id),
			   DB_TEXT(now), DB_INT(id))) != ST_OK)
		goto fail;
	snprintf(obj, sizeof obj, "blank:%s", label);
	detail = xasprintf("%s: бланк %s списан (%s): %s", kind, label,
			   strcmp(state, "used") == 0 ? "испорчен при печати"
						      : "не использован",
			   reason);
	ret = audit_commit(s, a, "blanks.spoil", obj, detail, e);
	free(detail);
	return ret;
fail:
	store_rollback(s);
	return ret;
}

/* What one spoiled blank owns (a db_clear_fn). */
static void
clear_spoiled(void *elem)
{
	struct blank_spoiled *b = elem;

	free(b->reason);
}

void
blank_report_free(struct blank_report *r)
{
	if (!r)
		return;
	db_rows_free(r->spoiled, r->nspoiled, clear_spoiled);
	free(r->rows);
	r->rows = NULL;
	r->spoiled = NULL;
	r->nrows = r->nspoiled = 0;
}

/* A kind and series of the stock from a row (a db_fill_fn). */
static void
fill_count(struct db_stmt *st, void *elem)
{
	struct blank_report_row *r = elem;

	snprintf(r->kind, sizeof r->kind, "%s", db_col_text(st, 0));
	snprintf(r->series, sizeof r->series, "%s", db_col_text(st, 1));
	r->opening = db_col_int(st, 2);
	r->received = db_col_int(st, 3);
	r->used = db_col_int(st, 4);
	r->spoiled = db_col_int(st, 5);
	r->closing = db_col_int(st, 6);
	r->spoiled_later = db_col_int(st, 7);
}

/* The stock of each kind and series on the day out->date (up to next):
 * opening, received, used, spoiled, closing. */
static enum status
blank_counts(struct store *s, long long office_id, const char *next,
	     struct blank_report *out, struct err *e)
{
	/* A day is the stamps from its start (?1) to the next day's (?3),
	 * compared as stamps on PostgreSQL and as text on SQLite, where
	 * "YYYY-MM-DD" sorts before every stamp of that day. A blank leaves
	 * the stock once: at used_at, or at spoiled_at when never used. */
	static const char sql[] =
		"SELECT kind, series, "
		DB_COUNT_IF("added_at < ?1 AND (COALESCE(used_at, spoiled_at)"
			    " IS NULL OR COALESCE(used_at, spoiled_at) >= ?1)")
		", " DB_COUNT_IF("added_at >= ?1 AND added_at < ?3")
		", " DB_COUNT_IF("used_at >= ?1 AND used_at < ?3 AND "
				 "(spoiled_at IS NULL OR spoiled_at < ?1 OR "
				 "spoiled_at >= ?3)")
		", " DB_COUNT_IF("spoiled_at >= ?1 AND spoiled_at < ?3 AND "
				 "(used_at IS NULL OR (used_at >= ?1 AND "
				 "used_at < ?3))")
		", " DB_COUNT_IF("added_at < ?3 AND (COALESCE(used_at, "
				 "spoiled_at) IS NULL OR COALESCE(used_at, "
				 "spoiled_at) >= ?3)")
		", " DB_COUNT_IF("spoiled_at >= ?1 AND spoiled_at < ?3 AND "
				 "used_at < ?1")
		" FROM blanks WHERE office_id = ?2 AND added_at < ?3"
		" GROUP BY kind, series ORDER BY kind, series";

	return db_rows(s, e, &out->rows, &out->nrows, fill_count, NULL, sql,
		       DB_TEXT(out->date), DB_INT(office_id), DB_TEXT(next));
}

/* A blank spoiled on the day from a row (a db_fill_fn). */
static void
fill_spoiled(struct db_stmt *st, void *elem)
{
	struct blank_spoiled *b = elem;

	label_of(db_col_text(st, 0), db_col_int(st, 1), b->label);
	snprintf(b->kind, sizeof b->kind, "%s", db_col_text(st, 2));
	snprintf(b->at, sizeof b->at, "%s", db_col_text(st, 3));
	snprintf(b->login, sizeof b->login, "%s", db_col_text(st, 4));
	b->reason = db_col_dup(st, 5);
}

/* The blanks spoiled on the day, in order. */
static enum status
blank_spoiled_on(struct store *s, long long office_id, const char *next,
		 struct blank_report *out, struct err *e)
{
	return db_rows(s, e, &out->spoiled, &out->nspoiled, fill_spoiled,
		       clear_spoiled, "SELECT b.series, b.number, b.kind, "
		       "b.spoiled_at, a.login, COALESCE(b.reason,'') FROM "
		       "blanks b JOIN accounts a ON a.id = b.actor_id WHERE "
		       "b.office_id = ? AND b.state = 'spoiled' AND "
		       "b.spoiled_at >= ? AND b.spoiled_at < ? ORDER BY "
		       "b.spoiled_at, b.id", DB_INT(office_id),
		       DB_TEXT(out->date), DB_TEXT(next));
}

enum status
blank_report(struct store *s, const struct actor *a, const char *date,
	     struct blank_report *out, struct err *e)
{
	char next[DATE_SIZE];
	struct date d;
	enum status ret;

	memset(out, 0, sizeof *out);
	if (!role_allows(a->roles, PERM_JOURNAL) &&
	    !role_allows(a->roles, PERM_REPORT))
		return actor_require(a, PERM_JOURNAL, e);
	if (need_office(a, e) != ST_OK)
		return e ? e->st : ST_DENIED;
	if (date && *date) {
		if (date_parse_any(date, &d) != 0)
			return err_set(e, ST_INVALID, "date",
				       "Дата «%s»: ожидается ДД.ММ.ГГГГ", date);
	} else {
		d = clock_today();
	}
	date_format_iso(d, out->date);
	date_format_iso(date_add_days(d, 1), next);
	if ((ret = blank_counts(s, a->office_id, next, out, e)) != ST_OK ||
	    (ret = blank_spoiled_on(s, a->office_id, next, out, e)) != ST_OK)
		blank_report_free(out);
	return ret;
}
