/* SPDX-License-Identifier: MIT */
/* Browsing and searching the journal, and its lines as rows for printing
 * and export (CSV records included). */
#include "journal.h"
#include "journal_int.h"
#include "audit.h"
#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "db.h"
#include "forms.h"
#include "office.h"
#include "util.h"
#include "workflow.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

/* ---- browsing ---------------------------------------------------------- */

static enum status
day_bound(const char *in, int next, char *out, const char *what,
	  struct err *e)
{
	struct date d;

	if (date_parse_any(in, &d) != 0)
		return err_set(e, ST_INVALID, what, "Дата: неверное значение «%s»", in);
	if (next)
		d = date_add_days(d, 1);
	date_format_iso(d, out);
	return ST_OK;
}

/* What a filter searches by, in the form the query binds: dates as day
 * bounds, the surname folded (with the upper end of its prefix range), the
 * document number without blanks, in capitals. */
struct list_keys {
	char lo[DATE_SIZE], hi[DATE_SIZE];
	char *fold, *fold_hi, *docno;
};

static void
list_keys_free(struct list_keys *k)
{
	free(k->fold);
	free(k->fold_hi);
	free(k->docno);
}

static enum status
list_keys(const struct journal_filter *f, struct list_keys *k, struct err *e)
{
	enum case_state cs;
	enum status ret;

	if (f->date_from &&
	    (ret = day_bound(f->date_from, 0, k->lo, "from", e)) != ST_OK)
		return ret;
	if (f->date_to && (ret = day_bound(f->date_to, 1, k->hi, "to", e)) !=
			  ST_OK)
		return ret;
	if (f->service && !catalog_find(f->service))
		return err_set(e, ST_INVALID, "service",
			       "Услуга: неизвестный код «%s»", f->service);
	if (f->state && workflow_state_parse(f->state, &cs) != 0)
		return err_set(e, ST_INVALID, "state",
			       "Состояние: неизвестный код «%s»", f->state);
	if (f->surname && *f->surname) {
		k->fold = utf8_fold(f->surname);
		str_trim(k->fold);
		k->fold_hi = xasprintf("%s\xf4\x8f\xbf\xbf", k->fold);
	}
	if (f->docno && *f->docno) {
		char *p, *q;

		k->docno = xstrdup(f->docno);
		for (p = q = k->docno; *p; p++)
			if (*p != ' ')
				*q++ = (char)toupper((unsigned char)*p);
		*q = '\0';
	}
	return ST_OK;
}

/* The query of a filter; its parameters are numbered as list_bind binds
 * them. */
static void
list_sql(struct strbuf *sql, const struct journal_filter *f,
	 const struct list_keys *k)
{
	int by_case = k->fold || k->docno || f->citizenship || f->service ||
		      f->state;

	/* With a case filter the cases indexes lead and the journal is
	 * reached through journal_case; "+" keeps SQLite from walking the
	 * whole office's journal instead. */
	sb_printf(sql, "SELECT " LINE_COLS ", COALESCE(a.full_name,''), "
		  "COALESCE(c.state,''), (SELECT MIN(x.id) FROM journal x "
		  "WHERE x.corrects = j.id) FROM journal j %s JOIN cases c ON "
		  "c.id = j.case_id LEFT JOIN accounts a ON a.id = j.actor_id "
		  "WHERE %sj.office_id = ?1 AND j.no IS NOT NULL ",
		  by_case ? "" : "LEFT", by_case ? "+" : "");
	if (f->book)
		sb_add(sql, "AND j.book = ?2 ");
	if (f->year)
		sb_add(sql, "AND j.year = ?3 ");
	if (f->no_from)
		sb_add(sql, "AND j.no >= ?4 ");
	if (f->no_to)
		sb_add(sql, "AND j.no <= ?5 ");
	if (k->lo[0])
		sb_add(sql, "AND j.at >= ?6 ");
	if (k->hi[0])
		sb_add(sql, "AND j.at < ?7 ");
	if (k->fold)
		sb_add(sql, "AND c.surname_key >= ?8 AND c.surname_key < ?9 ");
	if (k->docno)
		sb_add(sql, "AND c.docno = ?10 ");
	if (f->citizenship)
		sb_add(sql, "AND c.citizenship = ?11 ");
	if (f->service)
		sb_add(sql, "AND c.service = ?12 ");
	if (f->state)
		sb_add(sql, "AND c.state = ?13 ");
	/* A surname search reads like a card index: alphabetical, so the
	 * cases_surname index yields the first page without sorting every
	 * match of a short prefix. */
	if (k->fold)
		sb_printf(sql, "ORDER BY c.surname_key%s, j.seq%s",
			  f->last ? " DESC" : "", f->last ? " DESC" : "");
	else
		sb_printf(sql, "ORDER BY j.seq%s", f->last ? " DESC" : "");
	if (f->limit > 0)
		sb_printf(sql, " LIMIT %d", f->limit);
}

static void
list_bind(struct db_stmt *st, long long office_id,
	  const struct journal_filter *f, const struct list_keys *k)
{
	db_bind_int64(st, 1, office_id);
	db_bind_text(st, 2, f->book);
	db_bind_int64(st, 3, f->year);
	db_bind_int64(st, 4, f->no_from);
	db_bind_int64(st, 5, f->no_to);
	db_bind_text(st, 6, k->lo[0] ? k->lo : NULL);
	db_bind_text(st, 7, k->hi[0] ? k->hi : NULL);
	db_bind_text(st, 8, k->fold);
	db_bind_text(st, 9, k->fold_hi);
	db_bind_text(st, 10, k->docno);
	db_bind_text(st, 11, f->citizenship);
	db_bind_text(st, 12, f->service);
	db_bind_text(st, 13, f->state);
}

/* The matching lines, in number order (the last page is read backwards). */
static enum status
list_read(struct store *s, long long office_id,
	  const struct journal_filter *f, const struct list_keys *k,
	  struct journal_line **ent, size_t *nent, struct err *e)
{
	struct strbuf sql = {0};
	struct db_stmt *st;
	size_t cap = 0, i;
	int rc;

	list_sql(&sql, f, k);
	st = db_prepare(s, sql.s, e);
	sb_free(&sql);
	if (!st)
		return e ? e->st : ST_STORAGE;
	list_bind(st, office_id, f, k);
	while ((rc = db_step(st, e)) == DB_ROW) {
		struct journal_line *l;

		XGROW(*ent, *nent, cap);
		l = &(*ent)[(*nent)++];
		jl_read_line(st, l);
		snprintf(l->actor_name, sizeof l->actor_name, "%s",
			 db_col_text(st, LINE_NCOLS));
		snprintf(l->state, sizeof l->state, "%s",
			 db_col_text(st, LINE_NCOLS + 1));
		l->corrected_by = db_col_int64(st, LINE_NCOLS + 2);
	}
	db_finalize(st);
	if (rc == DB_FAIL)
		return e ? e->st : ST_STORAGE;
	for (i = 0; f->last && i < *nent / 2; i++) {
		struct journal_line t = (*ent)[i];

		(*ent)[i] = (*ent)[*nent - 1 - i];
		(*ent)[*nent - 1 - i] = t;
	}
	return ST_OK;
}

/* The lines into *out, each followed by the other lines of its case when
 * the filter asks for them (depth 1); the contents move to *out. */
static enum status
list_with_related(struct store *s, const struct journal_filter *f,
		  struct journal_line *ent, size_t nent,
		  struct journal_line **out, size_t *n, struct err *e)
{
	size_t ocap = 0, i;
	enum status ret;

	for (i = 0; i < nent; i++) {
		struct journal_line *rel = NULL;
		size_t nrel = 0, k;

		if (f->with_related && ent[i].case_id &&
		    (ret = jl_lines_where(s, "WHERE j.case_id = ?1 AND "
					  "j.id <> ?2 ORDER BY j.seq",
					  ent[i].case_id, ent[i].id, &rel,
					  &nrel, e)) != ST_OK)
			return ret;
		if (*n + 1 + nrel > ocap) {
			ocap = (*n + 1 + nrel) * 2;
			*out = xrealloc(*out, ocap * sizeof **out);
		}
		(*out)[(*n)++] = ent[i];
		ent[i].content = NULL;
		for (k = 0; k < nrel; k++) {
			rel[k].depth = 1;
			(*out)[(*n)++] = rel[k];
		}
		free(rel);
	}
	return ST_OK;
}

enum status
journal_list(struct store *s, const struct actor *a, long long office_id,
	     const struct journal_filter *f, struct journal_line **out,
	     size_t *n, struct err *e)
{
	struct list_keys k = {0};
	struct journal_line *ent = NULL;
	size_t nent = 0;
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	if ((ret = list_keys(f, &k, e)) == ST_OK &&
	    (ret = list_read(s, office_id, f, &k, &ent, &nent, e)) == ST_OK)
		ret = list_with_related(s, f, ent, nent, out, n, e);
	journal_lines_free(ent, nent);
	list_keys_free(&k);
	if (ret != ST_OK) {
		journal_lines_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

/* ---- rows for printing and export -------------------------------------- */


static void
join(struct strbuf *b, const char *sep, const char *v)
{
	if (!v || !*v)
		return;
	if (b->len)
		sb_add(b, sep);
	sb_add(b, v);
}

static void
set_str(json_t *o, const char *key, const char *v)
{
	json_object_set_new(o, key, json_string(v ? v : ""));
}

/* The entry's form values into row, choices and yes/no as read. */
static void
entry_values(const struct formset *forms, json_t *c, json_t *row)
{
	json_t *fields = json_object_get(c, "fields"), *v;
	const struct form *f = NULL;
	const char *key;

	if (forms)
		f = formset_get(forms, case_jstr(c, "form"));
	if (f && strcmp(f->version, case_jstr(c, "form_version")) != 0)
		f = NULL; /* another version: show codes as stored */
	json_object_foreach(fields, key, v) {
		const struct form_field *fl = f ? form_field(f, key) : NULL;
		const char *s = json_string_value(v);
		size_t k;

		if (!s)
			continue;
		for (k = 0; fl && fl->type == FORM_CHOICE && k < fl->nchoices;
		     k++)
			if (strcmp(fl->choices[k].code, s) == 0)
				s = fl->choices[k].ru;
		if (fl && fl->type == FORM_YESNO)
			s = strcmp(s, "yes") == 0 ? "да" : "нет";
		set_str(row, key, s);
	}
}

/* The visa column: category, number, valid to, migration card. */
static void
visa_text(json_t *row, json_t *fields, struct strbuf *b)
{
	char d[DATE_SIZE];

	join(b, " ", case_jstr(row, "visa_category"));
	join(b, " ", case_jstr(fields, "visa_number"));
	if (*case_jstr(fields, "visa_expiry")) {
		jl_ru_date(case_jstr(fields, "visa_expiry"), d);
		sb_printf(b, "%sдо %s", b->len ? " " : "", d);
	}
	if (*case_jstr(fields, "migration_card"))
		sb_printf(b, "%sм/к %s", b->len ? "; " : "",
			  case_jstr(fields, "migration_card"));
}

/* What the entry's later lines add: the check, Berkut, the decisions
 * and hand-out, the corrections. */
struct later {
	struct strbuf chk, brk, out, note;
};

/* A correction's note: "Исправлено ДАТА: ПОЛЕ «старое» на «новое»". */
static void
correction_note(json_t *lc, const char *d1, struct strbuf *note)
{
	const char *old = case_jstr(lc, "old");
	const char *nw = case_jstr(lc, "new");
	char d2[DATE_SIZE], d3[DATE_SIZE];

	if (strlen(old) == 10 && old[4] == '-' && strlen(nw) == 10 &&
	    nw[4] == '-') {
		jl_ru_date(old, d2);
		old = d2;
	}
	if (strlen(nw) == 10 && nw[4] == '-') {
		jl_ru_date(nw, d3);
		nw = d3;
	}
	sb_printf(note, "%sИсправлено %s: %s «%s» на «%s» (%s), исправленному верить, %s",
		  note->len ? "; " : "", d1, case_jstr(lc, "label"), old, nw,
		  case_jstr(lc, "reason"), case_jstr(lc, "by"));
}

static void
later_line(const struct journal_line *l, struct later *x)
{
	json_t *lc = json_loads(l->content ? l->content : "{}", 0, NULL);
	char d1[DATE_SIZE];

	jl_ru_date(l->at, d1);
	if (!strcmp(l->kind, "check-clear")) {
		sb_free(&x->chk);
		sb_printf(&x->chk, "сведений нет, %s", d1);
	} else if (!strcmp(l->kind, "check-hit")) {
		sb_free(&x->chk);
		sb_printf(&x->chk, "совпадение, %s: %s", d1,
			  case_jstr(lc, "reason"));
	} else if (!strcmp(l->kind, "berkut")) {
		sb_free(&x->brk);
		sb_printf(&x->brk, "внесено %s", d1);
	} else if (!strcmp(l->kind, "issue")) {
		sb_printf(&x->out, "%sрешение о выдаче %s",
			  x->out.len ? "; " : "", d1);
	} else if (!strcmp(l->kind, "refuse")) {
		sb_printf(&x->out, "%sотказ %s (основание %s)",
			  x->out.len ? "; " : "", d1, case_jstr(lc, "ground"));
	} else if (!strcmp(l->kind, "hand-out")) {
		sb_printf(&x->out, "%sвыдано %s: %s", x->out.len ? "; " : "",
			  d1, case_jstr(lc, "recipient"));
	} else if (!strcmp(l->kind, "correction")) {
		correction_note(lc, d1, &x->note);
	}
	json_decref(lc);
}

json_t *
journal_row(const struct formset *forms, const struct journal_line *entry,
	    const struct journal_line *rel, size_t nrel)
{
	json_t *row = json_object(), *c;
	struct strbuf b = {0};
	struct later x = {0};
	char num[40], d1[DATE_SIZE];
	size_t i;

	c = json_loads(entry->content ? entry->content : "{}", 0, NULL);
	if (!c)
		c = json_object();
	entry_values(forms, c, row);
	if (entry->no)
		snprintf(num, sizeof num, "%lld/%d", entry->no, entry->year);
	else
		num[0] = '\0';
	set_str(row, "no", num);
	set_str(row, "accepted_at", entry->at);
	set_str(row, "doc_valid_to",
		case_jstr(json_object_get(c, "fields"), "doc_expiry"));
	set_str(row, "inspector_name", case_jstr(c, "inspector"));
	set_str(row, "service", case_jstr(c, "service"));
	visa_text(row, json_object_get(c, "fields"), &b);
	set_str(row, "visa", b.s);
	sb_free(&b);
	for (i = 0; i < nrel; i++)
		later_line(&rel[i], &x);
	set_str(row, "check_result", x.chk.s);
	set_str(row, "berkut_mark", x.brk.s);
	set_str(row, "issue_mark", x.out.s);
	set_str(row, "note", x.note.s);
	set_str(row, "@journal_no", num);
	jl_ru_date(entry->at, d1);
	sb_printf(&b, "%s %.5s", d1, strlen(entry->at) > 11 ? entry->at + 11
							    : "");
	set_str(row, "@accepted_at", b.s);
	sb_free(&b);
	set_str(row, "@inspector", case_jstr(c, "inspector"));
	set_str(row, "@records_check", x.chk.s);
	set_str(row, "@berkut", x.brk.s);
	set_str(row, "@handed_out", x.out.s);
	set_str(row, "@note", x.note.s);
	sb_free(&x.note);
	sb_free(&x.chk);
	sb_free(&x.brk);
	sb_free(&x.out);
	json_decref(c);
	return row;
}

json_t *
journal_row_columns(const struct form *columns, json_t *row)
{
	json_t *arr = json_array();
	size_t i, k;

	for (i = 0; columns && i < columns->nfields; i++) {
		const struct form_field *col = &columns->fields[i];
		const char *sep = strcmp(col->key, "full_name") ? ", " : " ";
		struct strbuf b = {0};

		for (k = 0; k < col->nsources; k++) {
			const char *v = case_jstr(row, col->sources[k]);
			char d[DATE_SIZE];

			/* Dates are stored ISO; the journal shows them as on
			 * paper. */
			if (strlen(v) == 10 && v[4] == '-' && v[7] == '-') {
				date_iso_to_ru(v, d);
				v = d;
			}
			if (!strcmp(col->key, "period") && *v)
				sb_printf(&b, "%s%s %s", b.len ? " " : "",
					  k ? "по" : "с", v);
			else
				join(&b, sep, v);
		}
		json_array_append_new(arr, json_string(b.s ? b.s : ""));
		sb_free(&b);
	}
	return arr;
}
