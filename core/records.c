/* SPDX-License-Identifier: MIT */
/* Special records: the local source, candidate scoring, the check of a
 * case and the officer's decision, and the regional CSV import. */
#include "records.h"
#include "fileio.h"
#include "csv.h"
#include "audit.h"
#include "cases.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "i18n.h"
#include "translit.h"
#include "util.h"
#include "validate.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CAND_MAX 50      /* candidates shown to the officer */
#define NAME_ONLY_MAX 500 /* rows of one surname when no given name */
#define CSV_ERR_MAX 100

static const struct {
	const char *code, *ru;
} kinds[] = {
	[RECORD_ENTRY_BAN] = {"entry_ban", "запрет въезда"},
	[RECORD_WANTED] = {"wanted", "розыск"},
	[RECORD_VIOLATION] = {"violation", "нарушение"},
};

const char *
record_kind_code(enum record_kind k)
{
	return kinds[k].code;
}

const char *
record_kind_ru(enum record_kind k)
{
	return kinds[k].ru;
}

int
record_kind_parse(const char *s, enum record_kind *out)
{
	char *f, *fr;
	size_t i;
	int ret = -1;

	if (!s)
		return -1;
	f = utf8_fold(s);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		fr = utf8_fold(kinds[i].ru);
		if (strcasecmp(f, kinds[i].code) == 0 || strcmp(f, fr) == 0) {
			*out = (enum record_kind)i;
			ret = 0;
		}
		free(fr);
	}
	free(f);
	return ret;
}

void
record_free(struct record *r)
{
	if (!r)
		return;
	free(r->surname);
	free(r->given_names);
	free(r->patronymic);
	free(r->note);
	free(r->source);
	memset(r, 0, sizeof *r);
}

void
records_cands_free(struct records_cand *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		record_free(&c[i].rec);
	free(c);
}

/* Capitals and digits only: "n 1234-567" -> "N1234567". */
static void
norm_doc(const char *in, char *out, size_t cap)
{
	size_t o = 0;

	for (; in && *in && o + 1 < cap; in++) {
		unsigned char c = (unsigned char)*in;

		if (isalnum(c) && c < 0x80)
			out[o++] = (char)toupper(c);
	}
	out[o] = '\0';
}

void
records_keys_make(const struct records_query *q, struct records_keys *k)
{
	struct date d;

	memset(k, 0, sizeof *k);
	norm_doc(q->doc_number, k->doc, sizeof k->doc);
	if (q->birth_date && date_parse_any(q->birth_date, &d) == 0) {
		date_format_iso(d, k->birth);
		if (d.d != d.m && d.d <= 12 && date_valid(d.y, d.d, d.m)) {
			struct date s = {d.y, d.d, d.m};

			date_format_iso(s, k->birth_swapped);
		}
	}
	k->surname_key = translit_key(q->surname ? q->surname : "");
	k->given_key = translit_key_first(q->given_names ? q->given_names
							 : "");
}

void
records_keys_free(struct records_keys *k)
{
	free(k->surname_key);
	free(k->given_key);
	k->surname_key = k->given_key = NULL;
}

/* ---- the local source ---------------------------------------------- */

#define REC_COLS "id, kind, surname, given_names, patronymic, birth_date, " \
	"citizenship, doc_number, note, source, imported_at"

static void
read_row(struct db_stmt *st, struct record *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int64(st, 0);
	if (record_kind_parse(db_col_text(st, 1), &r->kind) != 0)
		r->kind = RECORD_VIOLATION;
	r->surname = db_col_dup(st, 2);
	r->given_names = db_col_dup(st, 3);
	r->patronymic = db_col_dup(st, 4);
	snprintf(r->birth_date, sizeof r->birth_date, "%s", db_col_text(st, 5));
	snprintf(r->citizenship, sizeof r->citizenship, "%s",
		 db_col_text(st, 6));
	snprintf(r->doc_number, sizeof r->doc_number, "%s", db_col_text(st, 7));
	r->note = db_col_dup(st, 8);
	r->source = db_col_dup(st, 9);
	snprintf(r->imported_at, sizeof r->imported_at, "%s",
		 db_col_text(st, 10));
}

struct fetched {
	struct record **out;
	size_t *n, *cap;
};

static enum status
fetch_row(struct db_stmt *st, void *arg, struct err *e)
{
	struct fetched *f = arg;

	(void)e;
	if (*f->n == *f->cap) {
		*f->cap = *f->cap ? *f->cap * 2 : 32;
		*f->out = xrealloc(*f->out, *f->cap * sizeof **f->out);
	}
	read_row(st, &(*f->out)[(*f->n)++]);
	return ST_OK;
}

static enum status
fetch_sql(struct store *s, const char *sql, const char *a, const char *b,
	  struct record **out, size_t *n, size_t *cap, struct err *e)
{
	struct fetched f = {out, n, cap};

	if (b)
		return db_each(s, e, fetch_row, &f, sql, DB_TEXT(a),
			       DB_TEXT(b));
	return db_each(s, e, fetch_row, &f, sql, DB_TEXT(a));
}

static enum status
local_fetch(void *ctx, const struct records_keys *k, struct record **out,
	    size_t *n, size_t *cap, struct err *e)
{
	struct store *s = ctx;
	enum status st = ST_OK;

	if (k->doc[0])
		st = fetch_sql(s, "SELECT " REC_COLS " FROM records "
			       "WHERE doc_number = ?1", k->doc, NULL, out, n,
			       cap, e);
	if (st == ST_OK && k->birth[0])
		st = fetch_sql(s, "SELECT " REC_COLS " FROM records "
			       "WHERE birth_date IN (?1, ?2)", k->birth,
			       k->birth_swapped, out, n, cap, e);
	if (st == ST_OK && k->surname_key[0] && k->given_key[0]) {
		const char *sql = "SELECT " REC_COLS " FROM records "
				  "WHERE surname_key = ?1 AND given_key = ?2";

		st = fetch_sql(s, sql, k->surname_key, k->given_key, out, n,
			       cap, e);
		if (st == ST_OK)
			st = fetch_sql(s, sql, k->given_key, k->surname_key,
				       out, n, cap, e);
	} else if (st == ST_OK && k->surname_key[0]) {
		st = fetch_sql(s, "SELECT " REC_COLS " FROM records "
			       "WHERE surname_key = ?1 LIMIT "
			       "500", k->surname_key, NULL, out, n, cap, e);
	}
	return st;
}

void
records_local_source(struct store *s, struct records_source *out)
{
	out->name = "local";
	out->ctx = s;
	out->fetch = local_fetch;
}

/* ---- scoring ---------------------------------------------------------- */

static void
why_add(struct records_cand *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
why_add(struct records_cand *c, const char *fmt, ...)
{
	size_t len = strlen(c->why);
	va_list ap;

	if (len && len + 2 < sizeof c->why) {
		memcpy(c->why + len, "; ", 3);
		len += 2;
	}
	/* In the screen's language (i18n.h): a reason is shown, never
	 * stored. */
	va_start(ap, fmt);
	vsnprintf(c->why + len, sizeof c->why - len, i18n_text(fmt), ap);
	va_end(ap);
}

static int
latin_equal(const char *a, const char *b)
{
	char *la = translit_to_latin(a), *lb = translit_to_latin(b);
	char *fa = utf8_fold(la), *fb = utf8_fold(lb);
	int eq = strcmp(fa, fb) == 0;

	free(la);
	free(lb);
	free(fa);
	free(fb);
	return eq;
}

/* Describe how a name of the query compares with the record's. */
static void
why_name(struct records_cand *c, const char *what, const char *qv,
	 const char *rv, const char *qk, const char *rk)
{
	if (strcmp(qv, rv) == 0)
		why_add(c, "%s совпадает", what);
	else if (latin_equal(qv, rv))
		why_add(c, "%s совпадает (%s / %s)", what, qv, rv);
	else if (strcmp(qk, rk) == 0)
		why_add(c, "%s совпадает с учётом транслитерации (%s / %s)",
			what, qv, rv);
	else
		why_add(c, "%s похожа (%s / %s, расстояние %d)", what, qv, rv,
			translit_distance(qk, rk));
}

#define NAME_MIN 0.75

/* The birth dates compared: the points they add; *bad when they differ
 * outright. */
static double
birth_score(const struct records_keys *k, const struct record *r,
	    struct records_cand *c, int names_ok, int *bad)
{
	if (!k->birth[0] || !r->birth_date[0]) {
		if (names_ok)
			why_add(c, "дата рождения не указана %s", k->birth[0] ? i18n_text("в записи") : i18n_text("в деле"));
		return 0;
	}
	if (strcmp(k->birth, r->birth_date) == 0) {
		why_add(c, "дата рождения совпадает");
		return 35;
	}
	if (strcmp(k->birth_swapped, r->birth_date) == 0) {
		why_add(c, "день и месяц рождения переставлены (%s / %s)", k->birth, r->birth_date);
		return 17;
	}
	if (translit_distance(k->birth, r->birth_date) == 1) {
		why_add(c, "дата рождения отличается одной цифрой (%s / %s)", k->birth, r->birth_date);
		return 14;
	}
	*bad = 1;
	if (c->doc_match)
		why_add(c, "дата рождения не совпадает (%s / %s)", k->birth, r->birth_date);
	return 0;
}

/* The patronymics compared (when the names agree): the points. */
static double
patronymic_score(const char *qp, const struct record *r,
		 struct records_cand *c, int names_ok)
{
	char *a, *b;
	double score;

	if (!names_ok || (!*qp && !r->patronymic[0]))
		return 0;
	if (!*qp || !r->patronymic[0]) {
		why_add(c, "отчество не указано %s", *qp ? i18n_text("в записи") : i18n_text("в деле"));
		return 0;
	}
	a = translit_key(qp);
	b = translit_key(r->patronymic);
	if (translit_similarity(a, b) >= 0.8) {
		score = 10;
		why_add(c, "отчество совпадает");
	} else {
		score = -5;
		why_add(c, "отчество не совпадает (%s / %s)", qp, r->patronymic);
	}
	free(a);
	free(b);
	return score;
}

int
records_score(const struct records_query *q, const struct records_keys *k,
	      const struct record *r, struct records_cand *c)
{
	char *rs = translit_key(r->surname);
	char *rg = translit_key_first(r->given_names);
	double ss, gs, ss2, gs2, score = 0;
	int has_g = k->given_key[0] && rg[0];
	int direct_ok, swap_ok, swapped = 0, names_ok, birth_bad = 0;
	const char *qs = q->surname ? q->surname : "";
	const char *qg = q->given_names ? q->given_names : "";
	const char *qp = q->patronymic ? q->patronymic : "";

	memset(c->why, 0, sizeof c->why);
	c->doc_match = k->doc[0] && strcmp(k->doc, r->doc_number) == 0;
	if (c->doc_match) {
		score += 50;
		why_add(c, "номер документа совпадает (%s)", k->doc);
	}
	ss = k->surname_key[0] ? translit_similarity(k->surname_key, rs) : 0;
	gs = has_g ? translit_similarity(k->given_key, rg) : -1;
	ss2 = k->given_key[0] && rg[0]
		      ? translit_similarity(k->given_key, rs) : 0;
	gs2 = k->given_key[0] && rg[0]
		      ? translit_similarity(k->surname_key, rg) : 0;
	direct_ok = ss >= NAME_MIN && (gs < 0 || gs >= NAME_MIN);
	swap_ok = ss2 >= NAME_MIN && gs2 >= NAME_MIN;
	if (swap_ok && (!direct_ok || ss2 + gs2 > ss + (gs < 0 ? 0.5 : gs)))
		swapped = 1;
	names_ok = direct_ok || swap_ok;
	if (names_ok && !swapped) {
		score += 25 * ss + 15 * (gs < 0 ? 0.5 : gs);
		why_name(c, i18n_text("фамилия"), qs, r->surname, k->surname_key, rs);
		if (gs >= 0) {
			char *qg1 = translit_key_first(qg);

			why_name(c, i18n_text("имя"), qg, r->given_names, qg1, rg);
			free(qg1);
		} else {
			why_add(c, "имя не указано %s",
				k->given_key[0] ? i18n_text("в записи") : i18n_text("в деле"));
		}
	} else if (names_ok) {
		score += 0.9 * (25 * ss2 + 15 * gs2);
		why_add(c, "фамилия и имя переставлены (%s %s / %s %s)", qs,
			qg, r->surname, r->given_names);
	} else if (c->doc_match) {
		why_add(c, "имя не совпадает (%s %s / %s %s)", qs, qg,
			r->surname, r->given_names);
	}
	score += birth_score(k, r, c, names_ok, &birth_bad);
	score += patronymic_score(qp, r, c, names_ok);
	if ((names_ok || c->doc_match) && q->citizenship && r->citizenship[0] &&
	    strcmp(q->citizenship, r->citizenship) == 0) {
		score += 5;
		why_add(c, "гражданство совпадает (%s)", r->citizenship);
	}
	free(rs);
	free(rg);
	if (score > 100)
		score = 100;
	if (score < 0)
		score = 0;
	if (c->doc_match && score < 50)
		score = 50;
	c->score = (int)(score + 0.5);
	return c->doc_match || (names_ok && !birth_bad);
}

static int
cmp_rec_id(const void *a, const void *b)
{
	const struct record *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_cand(const void *a, const void *b)
{
	const struct records_cand *x = a, *y = b;

	if (x->doc_match != y->doc_match)
		return y->doc_match - x->doc_match;
	if (x->score != y->score)
		return y->score - x->score;
	return x->rec.id < y->rec.id ? -1 : x->rec.id > y->rec.id;
}

enum status
records_match(const struct records_source *src,
	      const struct records_query *q, struct records_cand **out,
	      size_t *n, struct err *e)
{
	struct records_keys k;
	struct record *rows = NULL;
	struct records_cand *c = NULL;
	size_t nr = 0, cap = 0, i, nc = 0;
	enum status st;

	*out = NULL;
	*n = 0;
	records_keys_make(q, &k);
	if (!k.doc[0] && !k.birth[0] && !k.surname_key[0]) {
		records_keys_free(&k);
		return err_set(e, ST_INVALID, "surname",
			       "Проверка по спецучетам: нет ни фамилии, ни даты рождения, ни номера документа");
	}
	st = src->fetch(src->ctx, &k, &rows, &nr, &cap, e);
	if (st != ST_OK)
		goto out;
	if (nr > 1)
		qsort(rows, nr, sizeof *rows, cmp_rec_id);
	if (nr)
		c = xcalloc(nr, sizeof *c);
	for (i = 0; i < nr; i++) {
		if (i > 0 && rows[i].id == rows[i - 1].id) {
			record_free(&rows[i]);
			continue;
		}
		if (records_score(q, &k, &rows[i], &c[nc])) {
			c[nc].rec = rows[i];
			nc++;
		} else {
			record_free(&rows[i]);
		}
	}
	if (nc > 1)
		qsort(c, nc, sizeof *c, cmp_cand);
	/* Keep every document match, and the best of the rest. */
	for (i = 0; i < nc; i++)
		if (i >= CAND_MAX && !c[i].doc_match)
			break;
	if (i < nc) {
		size_t j;

		for (j = i; j < nc; j++)
			record_free(&c[j].rec);
		nc = i;
	}
	*out = c;
	*n = nc;
	c = NULL;
out:
	free(c);
	free(rows);
	records_keys_free(&k);
	return st;
}

/* ---- the check of a case ------------------------------------------- */

enum status
records_check_case(struct store *s, const struct actor *a,
		   const struct records_source *src, long long id,
		   struct records_cand **out, size_t *n, struct err *e)
{
	struct records_source local;
	struct records_query q = {0};
	struct case_rec r;
	struct strbuf detail = {0};
	enum status st;
	size_t i;
	char obj[32];

	*out = NULL;
	*n = 0;
	if ((st = actor_require(a, PERM_RECORDS_CHECK, e)) != ST_OK)
		return st;
	if ((st = case_get(s, a, id, &r, e)) != ST_OK)
		return st;
	if (!src) {
		records_local_source(s, &local);
		src = &local;
	}
	q.surname = case_jstr(r.data, "surname");
	q.given_names = case_jstr(r.data, "given_names");
	q.patronymic = case_jstr(r.data, "patronymic");
	q.birth_date = case_jstr(r.data, "birth_date");
	q.citizenship = case_jstr(r.data, "citizenship");
	q.doc_number = case_jstr(r.data, "doc_number");
	st = records_match(src, &q, out, n, e);
	case_rec_free(&r);
	if (st != ST_OK)
		return st;
	sb_printf(&detail, "источник %s; кандидатов: %zu", src->name, *n);
	for (i = 0; i < *n; i++)
		sb_printf(&detail, "%s№%lld (%d)", i ? ", " : ": ",
			  (*out)[i].rec.id, (*out)[i].score);
	snprintf(obj, sizeof obj, "case:%lld", id);
	if ((st = audit_log_own(s, a, "records.check", obj, detail.s, e)) !=
	    ST_OK) {
		records_cands_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	sb_free(&detail);
	return st;
}

enum status
records_decide(struct store *s, const struct actor *a,
	       const struct formset *forms, long long id, int hit,
	       const char *reason, struct err *e)
{
	struct records_cand *c = NULL;
	struct case_act act = {0};
	struct strbuf b = {0};
	enum status st;
	size_t n = 0, i;
	char *text;

	if (hit && (!reason || !*reason))
		return err_set(e, ST_INVALID, "reason",
			       "Причина: укажите, какая запись спецучета совпала");
	if ((st = records_check_case(s, a, NULL, id, &c, &n, e)) != ST_OK)
		return st;
	if (reason && *reason)
		sb_printf(&b, "%s; ", reason);
	if (n == 0)
		sb_add(&b, "кандидатов в спецучетах нет");
	else
		sb_add(&b, "кандидаты: ");
	for (i = 0; i < n; i++)
		sb_printf(&b, "%s№%lld (%d)", i ? ", " : "", c[i].rec.id,
			  c[i].score);
	text = sb_take(&b);
	act.event = hit ? EV_CHECK_HIT : EV_CHECK_CLEAR;
	act.reason = text;
	st = case_fire(s, a, forms, id, &act, e);
	free(text);
	records_cands_free(c, n);
	return st;
}

/* ---- CSV ------------------------------------------------------------- */

enum csv_col {
	COL_KIND, COL_SURNAME, COL_GIVEN, COL_PATRONYMIC, COL_BIRTH,
	COL_CITIZENSHIP, COL_DOC, COL_NOTE, COL__COUNT
};

static const struct {
	const char *name, *ru, *label;
} csv_cols[COL__COUNT] = {
	[COL_KIND] = {"kind", "вид", "Вид учёта"},
	[COL_SURNAME] = {"surname", "фамилия", "Фамилия"},
	[COL_GIVEN] = {"given_names", "имя", "Имя"},
	[COL_PATRONYMIC] = {"patronymic", "отчество", "Отчество"},
	[COL_BIRTH] = {"birth_date", "дата рождения", "Дата рождения"},
	[COL_CITIZENSHIP] = {"citizenship", "гражданство", "Гражданство"},
	[COL_DOC] = {"doc_number", "номер документа", "Номер документа"},
	[COL_NOTE] = {"note", "примечание", "Примечание"},
};

static char *
header_name(const char *s)
{
	char *t = xstrdup(s), *f, *p;

	str_trim(t);
	f = utf8_fold(t);
	for (p = f; *p; p++)
		if (*p == '_')
			*p = ' ';
	free(t);
	return f;
}

/* A field of the row, trimmed and in NFC (as typed values are). */
static const char *
fld(struct csv_reader *c, const int *map, enum csv_col col)
{
	struct strbuf *f;
	char *nfc;

	if (map[col] < 0 || (size_t)map[col] >= c->nf)
		return "";
	f = &c->f[map[col]];
	if ((nfc = utf8_nfc(f->s))) {
		f->len = 0;
		sb_add(f, nfc);
		free(nfc);
	}
	return str_trim(f->s);
}

static void
row_error(struct errlist *errs, long line, enum csv_col col,
	  const struct err *e)
{
	if (errs->n >= CSV_ERR_MAX)
		return;
	errlist_add(errs, ST_INVALID, csv_cols[col].name,
		    "строка %ld, столбец «%s»: %s", line, csv_cols[col].name,
		    e->msg);
}

/* The header line: each column known and once, kind and surname there;
 * map[col] gets each column's place. */
static void
read_header(struct csv_reader *c, int *map, struct errlist *errs)
{
	size_t i, j;

	for (i = 0; i < COL__COUNT; i++)
		map[i] = -1;
	for (i = 0; i < c->nf; i++) {
		char *h = header_name(c->f[i].s);

		for (j = 0; j < COL__COUNT; j++) {
			char *fn = header_name(csv_cols[j].name);
			int same = strcmp(h, fn) == 0 ||
				   strcmp(h, csv_cols[j].ru) == 0;

			free(fn);
			if (same)
				break;
		}
		if (j == COL__COUNT)
			errlist_add(errs, ST_INVALID, "", "строка 1: неизвестный столбец «%s» (см. docs/records-csv.md)", c->f[i].s);
		else if (map[j] >= 0)
			errlist_add(errs, ST_INVALID, "", "строка 1: столбец «%s» повторяется", csv_cols[j].name);
		else
			map[j] = (int)i;
		free(h);
	}
	if (map[COL_KIND] < 0 || map[COL_SURNAME] < 0)
		errlist_add(errs, ST_INVALID, "", "строка 1: нужны столбцы kind и surname");
}

/* One data row into r, each field checked; a broken field adds its
 * error to errs. */
static void
csv_row(struct csv_reader *c, const int *map, long line,
	struct records_row *r, struct errlist *errs)
{
	struct err e = {0};
	const char *v;

	memset(r, 0, sizeof *r);
	r->line = line;
	if (record_kind_parse(fld(c, map, COL_KIND), &r->kind) != 0) {
		err_set(&e, ST_INVALID, "kind", "неизвестный вид учёта «%s» (entry_ban, wanted, violation)",
			fld(c, map, COL_KIND));
		row_error(errs, line, COL_KIND, &e);
	}
	r->surname = fld(c, map, COL_SURNAME);
	if (val_name("surname", csv_cols[COL_SURNAME].label, r->surname,
		     100, &e) != ST_OK)
		row_error(errs, line, COL_SURNAME, &e);
	r->given_names = fld(c, map, COL_GIVEN);
	if (*r->given_names &&
	    val_name("given_names", csv_cols[COL_GIVEN].label,
		     r->given_names, 100, &e) != ST_OK)
		row_error(errs, line, COL_GIVEN, &e);
	r->patronymic = fld(c, map, COL_PATRONYMIC);
	if (*r->patronymic &&
	    val_name("patronymic", csv_cols[COL_PATRONYMIC].label,
		     r->patronymic, 100, &e) != ST_OK)
		row_error(errs, line, COL_PATRONYMIC, &e);
	v = fld(c, map, COL_BIRTH);
	if (*v) {
		struct date d;

		if (val_date("birth_date", csv_cols[COL_BIRTH].label,
			     v, &d, &e) != ST_OK)
			row_error(errs, line, COL_BIRTH, &e);
		else
			date_format_iso(d, r->birth_date);
	}
	v = fld(c, map, COL_CITIZENSHIP);
	if (*v && val_country("citizenship",
			      csv_cols[COL_CITIZENSHIP].label, v,
			      r->citizenship, &e) != ST_OK)
		row_error(errs, line, COL_CITIZENSHIP, &e);
	v = fld(c, map, COL_DOC);
	if (*v && val_docno("doc_number", csv_cols[COL_DOC].label, v,
			    r->doc_number, sizeof r->doc_number,
			    &e) != ST_OK)
		row_error(errs, line, COL_DOC, &e);
	r->note = fld(c, map, COL_NOTE);
	if (*r->note && val_text("note", csv_cols[COL_NOTE].label,
				r->note, 2000, 1, &e) != ST_OK)
		row_error(errs, line, COL_NOTE, &e);
}

enum status
records_csv_read(const char *text, size_t len,
		 int (*cb)(void *arg, const struct records_row *r), void *arg,
		 struct errlist *errs)
{
	struct csv_reader c;
	int map[COL__COUNT];
	const char *msg = NULL;
	size_t ncols;
	size_t errs0 = errs->n;
	int rc;

	csv_reader_init(&c, text, len);
	rc = csv_next(&c, &msg);
	if (rc <= 0) {
		errlist_add(errs, ST_INVALID, "", "строка 1: %s",
			    rc == 0 ? i18n_text("файл пуст, нет строки заголовка") : msg);
		goto out;
	}
	ncols = c.nf;
	read_header(&c, map, errs);
	if (errs->n > errs0)
		goto out;
	for (;;) {
		struct records_row r;
		long line = c.line;
		size_t before = errs->n;

		rc = csv_next(&c, &msg);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (errs->n < CSV_ERR_MAX)
				errlist_add(errs, ST_INVALID, "", "строка %ld: %s", line, msg);
			if (c.p >= c.end)
				break;
			continue;
		}
		if (c.nf == 1 && c.f[0].len == 0)
			continue; /* an empty line */
		if (c.nf != ncols) {
			if (errs->n < CSV_ERR_MAX)
				errlist_add(errs, ST_INVALID, "", "строка %ld: полей %zu, а в заголовке %zu", line, c.nf, ncols);
			continue;
		}
		csv_row(&c, map, line, &r, errs);
		if (errs->n == before && cb && cb(arg, &r) != 0)
			break;
	}
out:
	csv_reader_free(&c);
	return errs->n > errs0 ? ST_INVALID : ST_OK;
}

struct import_ctx {
	struct store *s;
	const struct actor *a;
	struct db_stmt *ins;
	struct errlist *errs;
	size_t errs0;
	const char *text, *base, *source, *now;
	size_t len;
	int replace;
	long count;
	int failed;
	struct progress *p;
};

static int
import_row(void *arg, const struct records_row *r)
{
	struct import_ctx *ic = arg;
	char *sk, *gk;
	struct err e = {0};
	int rc;

	if (progress_at(ic->p, r->line))
		return 1;
	if (ic->errs->n > ic->errs0 || ic->failed)
		return 0; /* keep reading for the errors, insert nothing */
	sk = translit_key(r->surname);
	gk = translit_key_first(r->given_names);
	db_reset(ic->ins);
	db_bind_text(ic->ins, 1, record_kind_code(r->kind));
	db_bind_text(ic->ins, 2, r->surname);
	db_bind_text(ic->ins, 3, r->given_names);
	db_bind_text(ic->ins, 4, r->patronymic);
	db_bind_text(ic->ins, 5, r->birth_date);
	db_bind_text(ic->ins, 6, r->citizenship);
	db_bind_text(ic->ins, 7, r->doc_number);
	db_bind_text(ic->ins, 8, r->note);
	db_bind_text(ic->ins, 9, ic->source);
	db_bind_text(ic->ins, 10, ic->now);
	db_bind_text(ic->ins, 11, sk);
	db_bind_text(ic->ins, 12, gk);
	rc = db_step(ic->ins, &e);
	free(sk);
	free(gk);
	if (rc == DB_FAIL) {
		errlist_add(ic->errs, e.st, "", "строка %ld: %s", r->line,
			    e.msg);
		ic->failed = 1;
		return 1;
	}
	ic->count++;
	return 0;
}

/* The whole file in one transaction: the old records of the source out
 * (with replace), every row in, the audit line; nothing when a row is
 * bad. */
/* The lines of text, for the progress of reading it. */
static long long
count_lines(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	long long n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p++;
	}
	return len && text[len - 1] != '\n' ? n + 1 : n;
}

static enum status
import_tx(struct store *s, void *arg, struct err *e)
{
	struct import_ctx *ic = arg;
	enum status st;
	char *detail;

	/* A retried attempt starts afresh. */
	ic->errs->n = ic->errs0;
	ic->count = 0;
	ic->failed = 0;
	if (ic->replace &&
	    (st = db_exec(s, e, "DELETE FROM records WHERE source = ?",
			  DB_TEXT(ic->source))) != ST_OK)
		return st;
	ic->ins = db_prepare(
		s, "INSERT INTO records(kind, surname, given_names, "
		   "patronymic, birth_date, citizenship, doc_number, note, "
		   "source, imported_at, surname_key, given_key) VALUES "
		   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", e);
	if (!ic->ins)
		return e ? e->st : ST_STORAGE;
	if (progress_begin(ic->p, PROGRESS_RECORDS_IMPORT,
			   count_lines(ic->text, ic->len)))
		st = ST_CANCELLED;
	else
		st = records_csv_read(ic->text, ic->len, import_row, ic,
				      ic->errs);
	db_finalize(ic->ins);
	ic->ins = NULL;
	progress_end(ic->p);
	if (progress_stopped(ic->p))
		return progress_cancelled(e);
	if (ic->failed && ic->errs->n > ic->errs0) {
		/* The engine's refusal of a row: its fault decides a retry. */
		*e = ic->errs->v[ic->errs->n - 1];
		return e->st;
	}
	if (st != ST_OK || ic->errs->n > ic->errs0)
		return err_set(e, ST_INVALID, "", "records file refused");
	detail = xasprintf("файл %s, источник %s, записей %ld%s", ic->base,
			   ic->source, ic->count,
			   ic->replace ? ", с заменой" : "");
	st = audit_log(s, ic->a, "records.import", "records", detail, e);
	free(detail);
	return st;
}

static char *
read_file(const char *path, size_t *len, struct err *e)
{
	char *text;

	if (fileio_read(path, (size_t)1 << 30, FILEIO_USER, "file", &text, len,
			e) != ST_OK)
		return NULL;
	return text;
}

enum status
records_import(struct store *s, const struct actor *a, const char *path,
	       const char *source, int replace, long *count,
	       struct progress *p, struct errlist *errs)
{
	struct import_ctx ic = {0};
	struct err e = {0};
	char now[STAMP_SIZE], *text = NULL;
	const char *base;
	size_t len = 0;
	enum status st;

	*count = 0;
	if ((st = actor_require(a, PERM_RECORDS_ADMIN, &e)) != ST_OK)
		goto fail;
	if (!(text = read_file(path, &len, &e))) {
		st = e.st;
		goto fail;
	}
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!source || !*source)
		source = base;
	clock_stamp(clock_now(), now);
	ic.s = s;
	ic.a = a;
	ic.errs = errs;
	ic.errs0 = errs->n;
	ic.text = text;
	ic.len = len;
	ic.base = base;
	ic.source = source;
	ic.now = now;
	ic.replace = replace;
	ic.p = p;
	st = db_transact(s, DB_WRITE, import_tx, &ic, &e);
	if (st == ST_CANCELLED)
		goto fail;
	if (st != ST_OK && errs->n > ic.errs0) {
		/* The rows' reasons are in errs already. */
		free(text);
		return ST_INVALID;
	}
	if (st != ST_OK)
		goto fail;
	*count = ic.count;
	free(text);
	return ST_OK;
fail:
	free(text);
	errlist_add_err(errs, &e);
	return st;
}
