/* SPDX-License-Identifier: MIT */
/* The journal's chain checked end to end (verify, verify against a seal),
 * seals, and the day's closing line. */
#include "journal.h"
#include "journal_int.h"
#include "audit.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "forms.h"
#include "i18n.h"
#include "office.h"
#include "progress.h"
#include "util.h"
#include "workflow.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* ---- verify ------------------------------------------------------------ */

/* The chain hash of one line, as chain_hash(prev, journal_canonical(...))
 * computes it, without building the canonical text or a digest context
 * per line: verify runs it a million times. */
struct vhash {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
};

/* A field of the line's head and its separator at *p (the head is
 * sized for the longest: 8 numbers, book, kind and stamp). */
static char *
head_num(char *p, long long v)
{
	char d[24];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;
	int k = 0;

	do
		d[k++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*p++ = '-';
	while (k)
		*p++ = d[--k];
	*p++ = '\x1f';
	return p;
}

static char *
head_str(char *p, const char *v, size_t max)
{
	size_t n = strnlen(v, max);

	memcpy(p, v, n);
	p[n] = '\x1f';
	return p + n + 1;
}

static void
vhash_line(struct vhash *h, const struct journal_line *l, const char *content,
	   char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	char head[8 * 22 + sizeof l->book + sizeof l->kind + sizeof l->at + 4],
	     *p = head;
	unsigned len = 0, i;

	if (!h->ctx) {
		jl_line_rehash(l, content, out);
		return;
	}
	/* As journal_canonical writes it: "%lld\x1f%lld\x1f%s\x1f%d..." */
	p = head_num(p, l->h_office);
	p = head_num(p, l->seq);
	p = head_str(p, l->book, sizeof l->book);
	p = head_num(p, l->year);
	p = head_num(p, l->no);
	p = head_str(p, l->kind, sizeof l->kind);
	p = head_num(p, l->h_case);
	p = head_num(p, l->h_corrects);
	p = head_str(p, l->at, sizeof l->at);
	p = head_num(p, l->h_actor);
	EVP_DigestInit_ex(h->ctx, h->md, NULL);
	EVP_DigestUpdate(h->ctx, l->prev_hash, strlen(l->prev_hash));
	EVP_DigestUpdate(h->ctx, "\n", 1);
	EVP_DigestUpdate(h->ctx, head, (size_t)(p - head));
	EVP_DigestUpdate(h->ctx, content, strlen(content));
	EVP_DigestFinal_ex(h->ctx, md, &len);
	for (i = 0; i < len; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * len] = '\0';
}

/* 1 when the line after seq links to prev_hash. */
static int
next_links_to(struct store *s, long long office, long long seq,
	      const char *prev_hash)
{
	char *h = NULL;
	int r;

	if (db_text(s, NULL, &h, NULL, "SELECT prev_hash FROM journal WHERE "
		    "office_id = ? AND seq > ? ORDER BY seq LIMIT 1",
		    DB_INT(office), DB_INT(seq)) != ST_OK)
		return 0;
	r = h && strcmp(h, prev_hash) == 0;
	free(h);
	return r;
}

/* Where a walk over the chain stands: the hash the next line must link
 * to, the one before it (to tell an inserted line), the seq expected. */
struct vwalk {
	char expect[CHAIN_HEX], expect2[CHAIN_HEX];
	long long exp_seq;
	struct journal_line prev;
	int have_prev;
};

/* The lines of one year: *first..*last (*last 0 when the year has none),
 * and where the chain stands before them. */
static enum status
verify_year(struct store *s, long long office, int year, long long *first,
	    long long *last, struct vwalk *w, struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	ret = db_one(s, &st, e, "SELECT MIN(seq), MAX(seq) FROM journal "
		     "WHERE office_id = ? AND year = ?", DB_INT(office),
		     DB_INT(year));
	if (ret != ST_OK)
		return ret;
	*first = 1;
	*last = 0;
	if (!db_col_null(st, 0)) {
		*first = db_col_int64(st, 0);
		*last = db_col_int64(st, 1);
	}
	db_finalize(st);
	if (*last == 0)
		return ST_OK;
	ret = db_one(s, &st, e, "SELECT seq, hash FROM journal WHERE "
		     "office_id = ? AND seq < ? ORDER BY seq DESC LIMIT "
		     "1", DB_INT(office), DB_INT(*first));
	if (ret == ST_NOTFOUND)
		return ST_OK;
	if (ret != ST_OK)
		return ret;
	w->exp_seq = db_col_int64(st, 0) + 1;
	snprintf(w->expect, sizeof w->expect, "%s", db_col_text(st, 1));
	db_finalize(st);
	return ST_OK;
}

/* The progress reporter told how many lines there are; 1 when cancelled. */
static int
verify_progress_begin(struct store *s, long long office, long long first,
		      long long last, struct progress *p)
{
	int64_t total = last - first + 1;

	if (!p)
		return 0;
	if (last < 0 &&
	    db_int64(s, NULL, &total, 0, "SELECT MAX(seq) FROM journal "
		     "WHERE office_id = ?", DB_INT(office)) != ST_OK)
		total = 0;
	return progress_begin(p, PROGRESS_JOURNAL_VERIFY, total);
}

/* The fault found at line l, recorded in *out. */
static void
verify_fault(struct journal_verify *out, enum journal_fault fault,
	     const struct journal_line *l, char *name, size_t n)
{
	jl_line_name(l, name, n);
	out->fault = fault;
	out->bad_id = l->id;
	out->bad_seq = l->seq;
}

static enum status
inserted(struct err *e, const char *name)
{
	return err_set(e, ST_CORRUPT, "journal",
		       "Журнал нарушен: %s вставлена задним числом (следующая строка ссылается на строку перед ней)",
		       name);
}

/* Line l does not link to the line before it: the line before was
 * inserted (l links to the one before that), or lines are missing. */
static enum status
verify_link(const struct vwalk *w, const struct journal_line *l,
	    struct journal_verify *out, struct err *e)
{
	char name[200];

	if (w->have_prev && strcmp(l->prev_hash, w->expect2) == 0) {
		verify_fault(out, JF_INSERTED, &w->prev, name, sizeof name);
		return inserted(e, name);
	}
	verify_fault(out, JF_MISSING, l, name, sizeof name);
	if (l->seq > w->exp_seq + 1)
		return err_set(e, ST_CORRUPT, "journal",
			       "Журнал нарушен: перед «%s» нет строк %lld–%lld (удалены)",
			       name, w->exp_seq, l->seq - 1);
	if (l->seq == w->exp_seq + 1)
		return err_set(e, ST_CORRUPT, "journal",
			       "Журнал нарушен: перед «%s» нет строки %lld (удалена)",
			       name, w->exp_seq);
	return err_set(e, ST_CORRUPT, "journal",
		       "Журнал нарушен: %s не продолжает цепочку — строка перед ней удалена или подменена",
		       name);
}

/* Line l links in; does its content give its hash, and does a day's
 * closing line record the head it closed? (A chain recomputed from an
 * edited line onwards no longer gives it: the same check the signed paper
 * copy allows by hand.) */
static enum status
verify_line(struct store *s, struct vhash *vh, const struct vwalk *w,
	    const struct journal_line *l, const char *content,
	    struct journal_verify *out, struct err *e)
{
	char h[CHAIN_HEX], name[200];
	const char *hd;

	vhash_line(vh, l, content ? content : "", h);
	if (strcmp(h, l->hash) != 0 || l->seq != w->exp_seq) {
		/* A forged line whose successor still links to the line
		 * before it was inserted, not edited. */
		if (next_links_to(s, l->office_id, l->seq, l->prev_hash)) {
			verify_fault(out, JF_INSERTED, l, name, sizeof name);
			return inserted(e, name);
		}
		verify_fault(out, JF_CHANGED, l, name, sizeof name);
		return err_set(e, ST_CORRUPT, "journal",
			       "Журнал нарушен: %s изменена после записи (содержимое не даёт её хеш)",
			       name);
	}
	if (strcmp(l->kind, "day-close") || !content ||
	    !(hd = strstr(content, "\"head\":\"")) ||
	    !strncmp(hd + 8, l->prev_hash, CHAIN_HEX - 1))
		return ST_OK;
	verify_fault(out, JF_CHANGED, l, name, sizeof name);
	return err_set(e, ST_CORRUPT, "journal",
		       "Журнал нарушен: %s записала хеш %.16s, а цепочка перед ней даёт %.16s — строки до неё переписаны",
		       name, hd + 8, l->prev_hash);
}

/* Line l checked: the walk moves past it. */
static void
verify_advance(struct vwalk *w, const struct journal_line *l,
	       struct journal_verify *out)
{
	/* Hashes are CHAIN_HEX arrays, NUL-terminated where they were read. */
	memcpy(w->expect2, w->expect, CHAIN_HEX);
	memcpy(w->expect, l->hash, CHAIN_HEX);
	w->prev = *l;
	w->have_prev = 1;
	w->exp_seq = l->seq + 1;
	out->lines++;
	out->head_seq = l->seq;
	memcpy(out->head, l->hash, CHAIN_HEX);
}

static enum status
verify_run(struct store *s, long long office, int year,
	   struct journal_verify *out, struct progress *p, struct err *e)
{
	struct vwalk w = {.exp_seq = 1};
	long long first = 1, last = -1;
	struct journal_line l;
	struct db_stmt *st;
	enum status ret = ST_OK;
	struct vhash vh;
	int rc;

	memset(out, 0, sizeof *out);
	snprintf(w.expect, sizeof w.expect, "%s", store_genesis(s));
	snprintf(out->head, sizeof out->head, "%s", store_genesis(s));
	if (year && ((ret = verify_year(s, office, year, &first, &last, &w,
					e)) != ST_OK || last == 0))
		return ret;
	/* j.at only where there is no j.stamp (lines before migration 11):
	 * PostgreSQL spends a tenth of the scan turning every timestamptz
	 * into text otherwise. */
	st = db_prepare(s, "SELECT " LINE_COLS_AT("CASE WHEN j.stamp IS NULL "
						 "THEN j.at END")
			" FROM journal j WHERE j.office_id = ? AND j.seq >= ? AND "
			"(? < 0 OR j.seq <= ?) ORDER BY j.seq", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	db_stream(st);
	db_bind_int64(st, 1, office);
	db_bind_int64(st, 2, first);
	db_bind_int64(st, 3, last);
	db_bind_int64(st, 4, last);
	if (verify_progress_begin(s, office, first, last, p)) {
		db_finalize(st);
		progress_end(p);
		return progress_cancelled(e);
	}
	vh.md = EVP_MD_fetch(NULL, "SHA256", NULL);
	vh.ctx = vh.md ? EVP_MD_CTX_new() : NULL;
	while ((rc = db_step(st, e)) == DB_ROW) {
		const char *content = db_col_text(st, 11);

		jl_read_fields(st, &l);
		if (strcmp(l.prev_hash, w.expect) != 0)
			ret = verify_link(&w, &l, out, e);
		else
			ret = verify_line(s, &vh, &w, &l, content, out, e);
		if (ret != ST_OK)
			break;
		verify_advance(&w, &l, out);
		if (progress_at(p, out->lines)) {
			ret = progress_cancelled(e);
			break;
		}
	}
	db_finalize(st);
	EVP_MD_CTX_free(vh.ctx);
	EVP_MD_free(vh.md);
	progress_end(p);
	if (ret == ST_OK && rc == DB_FAIL)
		return e ? e->st : ST_STORAGE;
	return ret;
}

enum status
journal_verify(struct store *s, const struct actor *a, long long office_id,
	       int year, struct journal_verify *out, struct progress *p,
	       struct err *e)
{
	enum status ret;
	char obj[32];
	int held;

	memset(out, 0, sizeof *out);
	if ((ret = jl_need_any(a, PERM_CASE_VIEW, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if ((ret = jl_read_begin(s, e)) != ST_OK)
		return ret;
	/* A broken chain's message is stored in the audit line: Russian
	 * (i18n.h). */
	held = i18n_hold();
	ret = verify_run(s, office_id, year, out, p, e);
	i18n_release(held);
	jl_read_end(s);
	snprintf(obj, sizeof obj, "office:%lld", office_id);
	/* A broken chain is reported whether or not its audit line can be
	 * written. */
	if (ret == ST_CORRUPT)
		(void)!audit_log_own(s, a, "journal.verify", obj, e->msg, NULL);
	return ret;
}

enum status
journal_verify_chain(struct store *s, long long office_id,
		     struct journal_verify *out, struct progress *p,
		     struct err *e)
{
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = jl_read_begin(s, e)) != ST_OK)
		return ret;
	ret = verify_run(s, office_id, 0, out, p, e);
	jl_read_end(s);
	return ret;
}

void
journal_seal_short(const char *hash, long long seq, char *out, size_t n)
{
	snprintf(out, n, "%.16s-%lld", hash, seq);
}

enum status
journal_verify_against(struct store *s, const struct actor *a,
		       long long office_id, const char *sealed,
		       struct journal_verify *out, struct progress *pr,
		       struct err *e)
{
	char hex[CHAIN_HEX] = "", got[CHAIN_HEX] = "";
	long long count = -1, seq = 0;
	size_t nhex = 0;
	const char *p;
	struct db_stmt *st;
	enum status ret;

	memset(out, 0, sizeof *out);
	for (p = sealed ? sealed : ""; *p && nhex < CHAIN_HEX - 1; p++) {
		if (isxdigit((unsigned char)*p))
			hex[nhex++] = (char)tolower((unsigned char)*p);
		else if (*p != ' ')
			break;
	}
	hex[nhex] = '\0';
	if (*p == '-' || *p == '/' || *p == ':') {
		char *end;

		count = strtoll(p + 1, &end, 10);
		if (end == p + 1 || *end || count <= 0)
			count = -2;
	} else if (*p) {
		count = -2;
	}
	if (nhex < 16 || count == -2)
		return err_set(e, ST_INVALID, "against",
			       "Печать журнала: ожидается не менее 16 шестнадцатеричных цифр хеша и, через дефис, число строк (например 1a2b3c4d5e6f7a8b-120)");
	if ((ret = jl_need_any(a, PERM_CASE_VIEW, PERM_AUDIT, e)) != ST_OK)
		return ret;
	if ((ret = jl_read_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = verify_run(s, office_id, 0, out, pr, e)) != ST_OK)
		goto out;
	if (count > 0) {
		ret = db_one(s, &st, e, "SELECT hash FROM journal WHERE "
			     "office_id = ? AND seq = ?", DB_INT(office_id),
			     DB_INT(count));
		seq = count;
	} else {
		char hi[CHAIN_HEX + 1];

		snprintf(hi, sizeof hi, "%s~", hex);
		ret = db_one(s, &st, e, "SELECT hash, seq FROM journal WHERE "
			     "office_id = ? AND hash >= ? AND hash < ? ORDER BY "
			     "seq LIMIT 1", DB_INT(office_id), DB_TEXT(hex),
			     DB_TEXT(hi));
	}
	if (ret == ST_OK) {
		snprintf(got, sizeof got, "%s", db_col_text(st, 0));
		if (count <= 0)
			seq = db_col_int64(st, 1);
		db_finalize(st);
	} else if (ret != ST_NOTFOUND) {
		goto out;
	}
	ret = ST_OK;
	out->fault = JF_SEAL;
	out->bad_seq = seq;
	if (!got[0] && count > 0 && count > out->head_seq)
		ret = err_set(e, ST_CORRUPT, "against",
			      "Журнал короче запечатанного: сейчас строк %lld, при печати было %lld — конец журнала отрезан",
			      out->head_seq, count);
	else if (!got[0])
		ret = err_set(e, ST_CORRUPT, "against",
			      "В журнале нет строки с хешем %s: журнал переписан или отрезан после печати", hex);
	else if (strncmp(got, hex, nhex) != 0)
		ret = err_set(e, ST_CORRUPT, "against",
			      "Строка %lld не совпадает с печатью (хеш %.16s, при печати %s): журнал переписан после печати",
			      seq, got, hex);
	else {
		out->fault = JF_NONE;
		out->bad_seq = seq; /* the sealed line, for the report */
	}
out:
	jl_read_end(s);
	return ret;
}

struct seal_act {
	const struct actor *a;
	long long office_id;
	struct journal_seal *out;
};

static enum status
seal_tx(struct store *s, void *arg, struct err *e)
{
	struct seal_act *sa = arg;
	struct journal_seal *out = sa->out;
	char obj[32];
	enum status ret;
	int64_t count = 0;

	if ((ret = jl_head(s, sa->office_id, &out->seq, out->head, e)) !=
		    ST_OK ||
	    (ret = db_int64(s, e, &count, 0, "SELECT COUNT(*) FROM journal "
			    "WHERE office_id = ?", DB_INT(sa->office_id))) !=
		    ST_OK)
		return ret;
	out->count = count;
	journal_seal_short(out->head, out->seq, out->short_form,
			   sizeof out->short_form);
	clock_stamp(clock_now(), out->at);
	snprintf(obj, sizeof obj, "office:%lld", sa->office_id);
	return audit_log(s, sa->a, "journal.seal", obj, out->short_form, e);
}

enum status
journal_seal(struct store *s, const struct actor *a, long long office_id,
	     struct journal_seal *out, struct err *e)
{
	struct seal_act sa = {a, office_id, out};
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = jl_need_any(a, PERM_JOURNAL, PERM_AUDIT, e)) != ST_OK)
		return ret;
	return db_transact(s, DB_WRITE, seal_tx, &sa, e);
}

struct close_day {
	const struct actor *a;
	long long office_id;
	char lo[DATE_SIZE], hi[DATE_SIZE]; /* the day and the day after it */
	struct journal_day *out;
	struct progress *p;        /* three steps: counted, head, written */
};

static enum status
close_day_tx(struct store *s, void *arg, struct err *e)
{
	struct close_day *cd = arg;
	struct journal_day *out = cd->out;
	struct journal_entry je = {0};
	struct db_stmt *st;
	json_t *content;
	enum status ret;
	int64_t prior = 0;
	char obj[32], h[CHAIN_HEX];
	long long seq;

	ret = db_one(s, &st, e, "SELECT COUNT(*), COUNT(no), "
		     "COALESCE(MIN(seq),0), COALESCE(MAX(seq),0) FROM journal "
		     "WHERE office_id = ? AND at >= ? AND at < ? AND kind <> "
		     "'day-close'", DB_INT(cd->office_id), DB_TEXT(cd->lo),
		     DB_TEXT(cd->hi));
	if (ret != ST_OK)
		return ret;
	out->lines = db_col_int64(st, 0);
	out->entries = db_col_int64(st, 1);
	out->first_seq = db_col_int64(st, 2);
	out->last_seq = db_col_int64(st, 3);
	db_finalize(st);
	if (progress_step(cd->p, 1))
		return progress_cancelled(e);
	if ((ret = db_int64(s, e, &prior, 0, "SELECT COUNT(*) FROM "
			    "journal WHERE office_id = ? AND kind = 'day-close' "
			    "AND json_extract(content, '$.date') = ?",
			    DB_INT(cd->office_id), DB_TEXT(cd->lo))) != ST_OK)
		return ret;
	out->repeated = prior > 0;
	if ((ret = jl_head(s, cd->office_id, &out->head_seq, out->head, e)) !=
	    ST_OK)
		return ret;
	journal_seal_short(out->head, out->head_seq, out->short_form,
			   sizeof out->short_form);
	if (progress_step(cd->p, 2))
		return progress_cancelled(e);
	content = json_object();
	json_object_set_new(content, "date", json_string(cd->lo));
	json_object_set_new(content, "lines", json_integer(out->lines));
	json_object_set_new(content, "entries", json_integer(out->entries));
	json_object_set_new(content, "first_seq", json_integer(out->first_seq));
	json_object_set_new(content, "last_seq", json_integer(out->last_seq));
	json_object_set_new(content, "head", json_string(out->head));
	json_object_set_new(content, "head_seq", json_integer(out->head_seq));
	json_object_set_new(content, "by", json_string(cd->a->full_name));
	if (out->repeated)
		json_object_set_new(content, "repeated", json_true());
	je.office_id = cd->office_id;
	je.book = "office";
	je.kind = "day-close";
	je.content = content;
	ret = journal_append(s, cd->a, &je, &out->line_id, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK)
		return ret;
	out->seq = out->head_seq + 1;
	if ((ret = jl_head(s, cd->office_id, &seq, h, e)) != ST_OK)
		return ret;
	journal_check_code(h, out->code);
	snprintf(obj, sizeof obj, "office:%lld", cd->office_id);
	if ((ret = audit_log(s, cd->a, "journal.close-day", obj, cd->lo, e)) !=
	    ST_OK)
		return ret;
	/* The last moment to cancel: after it the day is closed. */
	return progress_step(cd->p, 3) ? progress_cancelled(e) : ST_OK;
}

enum status
journal_close_day(struct store *s, const struct actor *a, long long office_id,
		  const char *date, struct journal_day *out, struct progress *p,
		  struct err *e)
{
	struct close_day cd = {.a = a, .office_id = office_id, .out = out,
			       .p = p};
	struct date d, today = clock_today();
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK)
		return ret;
	if (date && *date) {
		if (date_parse_any(date, &d) != 0)
			return err_set(e, ST_INVALID, "date",
				       "Дата: неверное значение «%s»", date);
		if (date_cmp(d, today) > 0)
			return err_set(e, ST_INVALID, "date",
				       "Дата: нельзя закрыть день, который ещё не наступил");
	} else {
		d = today;
	}
	date_format_iso(d, cd.lo);
	date_format_iso(date_add_days(d, 1), cd.hi);
	snprintf(out->date, sizeof out->date, "%s", cd.lo);
	if (!p)
		return db_transact(s, DB_WRITE, close_day_tx, &cd, e);
	if (progress_begin(p, PROGRESS_DAY_CLOSE, 3)) {
		progress_end(p);
		return progress_cancelled(e);
	}
	/* The renderer is also called from inside the statements. */
	db_progress(s, progress_tick, p);
	ret = db_transact(s, DB_WRITE, close_day_tx, &cd, e);
	db_progress(s, NULL, NULL);
	progress_end(p);
	return progress_stopped(p) ? progress_cancelled(e) : ret;
}
