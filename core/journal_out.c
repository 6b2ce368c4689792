/* SPDX-License-Identifier: MIT */
/* The journal given out: pages, exports, the day's closing sheet (see
 * journal_out.h). */
#include "journal_out.h"
#include "db.h"
#include "csv.h"
#include "audit.h"
#include "catalog.h"
#include "date.h"
#include "fileio.h"
#include "office.h"
#include "role.h"
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each entry f selects, with its later lines, as a journal_row. */
typedef void (*row_fn)(json_t *row, void *arg);

/* How many entries each_row will read, for the progress: known when f
 * asks for numbers of one book and year only, else 0. */
static long long
entries_total(struct store *s, long long office,
	      const struct journal_filter *f)
{
	if (!f->book || !f->year || f->date_from || f->date_to ||
	    f->surname || f->docno || f->citizenship || f->service ||
	    f->state || f->limit)
		return 0;
	return db_int(s, 0, "SELECT COUNT(*) FROM journal WHERE office_id = ?1 "
		      "AND book = ?2 AND year = ?3 AND no >= ?4 AND (?5 = 0 OR "
		      "no <= ?5)", DB_INT(office), DB_TEXT(f->book),
		      DB_INT(f->year), DB_INT(f->no_from), DB_INT(f->no_to));
}

/* Read the entries of o->f (one book of one year, in number order: a
 * thousand at a time) and hand each row to fn; o->progress hears of them
 * as phase. */
static enum status
each_row(struct store *s, const struct actor *a, const struct formset *forms,
	 const struct journal_out *o, enum progress_phase phase, row_fn fn,
	 void *arg, struct err *e)
{
	struct journal_filter f = o->f;
	int paged = f.book && f.year && !f.surname && !f.limit;
	struct progress *p = o->progress;
	long long done = 0;
	enum status ret = ST_OK;

	f.with_related = 1;
	if (paged)
		f.limit = 1000;
	if (progress_begin(p, phase, p ? entries_total(s, o->office_id, &o->f)
				       : 0))
		ret = progress_cancelled(e);
	while (ret == ST_OK) {
		struct journal_line *v = NULL;
		size_t n = 0, i, next;

		if ((ret = journal_list(s, a, o->office_id, &f, &v, &n, e)) !=
		    ST_OK)
			break;
		for (i = 0; i < n && ret == ST_OK; i = next) {
			json_t *row;

			for (next = i + 1; next < n && v[next].depth == 1;
			     next++)
				;
			row = journal_row(forms, &v[i], v + i + 1,
					  next - i - 1);
			fn(row, arg);
			json_decref(row);
			f.no_from = v[i].no + 1;
			if (progress_at(p, ++done))
				ret = progress_cancelled(e);
		}
		journal_lines_free(v, n);
		if (!paged || !n)
			break;
	}
	progress_end(p);
	return ret;
}

/* The object of a print's or an export's output: one per office. */
static void
out_object(const struct journal_out *o, const char *what, char *buf,
	   size_t n)
{
	snprintf(buf, n, "office:%lld:%s", o->office_id, what);
}

/* A print or export of the office recorded before and not given out (the
 * run was killed, the printer failed) goes out first, byte for byte, and
 * instead of a new one: 1 when it did (o->earlier), 0 when there was
 * none, -1 on failure (e says why; it stays pending). */
static int
earlier(struct store *s, const struct actor *a, struct journal_out *o,
	const char *what, struct err *e)
{
	char obj[64];
	int done = 0;

	o->earlier = 0;
	o->where[0] = '\0';
	if (!o->to.target)
		return 0;
	if (actor_require(a, PERM_CASE_VIEW, e) != ST_OK)
		return -1;
	out_object(o, what, obj, sizeof obj);
	if (!output_is_pending(s, "journal", obj))
		return 0;
	if (output_deliver_pending(s, "journal", obj,
				   o->to.flags & FILEIO_FORCE, &done, o->where,
				   sizeof o->where, e) != ST_OK)
		return -1;
	o->earlier = done > 0;
	return o->earlier;
}

/* The audit line first, with the bytes to a file or printer recorded
 * beside it (pending); after the commit the bytes go out. On a server
 * that takes no writes the line went to the system log and the bytes go
 * out unrecorded. */
static enum status
give_out(struct store *s, const struct actor *a, const char *action,
	 const char *what, const char *object, const char *detail,
	 struct journal_out *o, const struct strbuf *text, struct err *e)
{
	struct strbuf bytes = {0};
	char obj[64];
	long long oid = 0;
	int direct = 0;
	enum status ret;

	if ((ret = encode_convert(text->s ? text->s : "", o->enc,
				  o->translit ? o->translit
					      : ENC_TRANSLIT_PUNCT,
				  &bytes, e)) != ST_OK)
		return ret;
	out_object(o, what, obj, sizeof obj);
	/* On a read-only server the line goes to the system log. */
	if ((ret = db_begin(s, DB_RECORD, e)) != ST_OK)
		goto out;
	if ((ret = audit_log(s, a, action, object, detail, e)) == ST_OK &&
	    o->to.target) {
		if (db_read_only(s)) {
			direct = 1;
		} else {
			struct output_req r = o->to;

			r.kind = "journal";
			r.object = obj;
			r.flags |= OUTPUT_ONCE; /* never given out again */
			ret = output_add(s, a, &r, bytes.s ? bytes.s : "",
					 bytes.len, &oid, e);
		}
	}
	if (ret != ST_OK) {
		store_rollback(s);
		goto out;
	}
	if ((ret = store_commit(s, e)) != ST_OK)
		goto out;
	if (oid)
		ret = output_deliver(s, oid, 0, o->where, sizeof o->where, e);
	else if (direct)
		ret = output_give(&o->to, bytes.s ? bytes.s : "", bytes.len,
				  o->where, sizeof o->where, e);
	else if (o->deliver)
		ret = o->deliver(o->arg, bytes.s ? bytes.s : "", bytes.len, e);
out:
	sb_free(&bytes);
	return ret;
}

/* ---- pages --------------------------------------------------------------- */

struct pages {
	json_t *rows;
	long long n;
};

static void
add_row(json_t *row, void *arg)
{
	struct pages *p = arg;

	json_array_append(p->rows, row);
	p->n++;
}

static const char *
book_title(const char *book)
{
	size_t n, i;
	const struct service *all = catalog_all(&n);

	for (i = 0; i < n; i++)
		if (!strcmp(all[i].book, book))
			return all[i].book_ru;
	return book;
}

/* The certificate of the book of that year, when it is closed. */
static void
certificate(struct store *s, const struct actor *a, const struct journal_out *o,
	    json_t *ctx)
{
	struct journal_book *b;
	size_t nb, i;

	if (!o->f.year ||
	    journal_book_list(s, a, o->office_id, &b, &nb, NULL) != ST_OK)
		return;
	for (i = 0; i < nb; i++)
		if (!strcmp(b[i].book, o->f.book) && b[i].year == o->f.year &&
		    b[i].closed_at[0])
			json_object_set_new(ctx, "certificate",
					    json_string(b[i].certificate));
	journal_books_free(b, nb);
}

/* One book's pages (o->f.book set) onto out; nothing when it is empty. */
static enum status
book_pages(struct store *s, const struct actor *a,
	   const struct formset *forms, struct journal_out *o,
	   const struct template *t, const char *seal,
	   const struct office_info *off, struct strbuf *out, struct err *e)
{
	struct pages p = {json_array(), 0};
	enum status ret;
	json_t *ctx;

	if ((ret = each_row(s, a, forms, o, PROGRESS_JOURNAL_PAGES, add_row,
			    &p, e)) != ST_OK ||
	    !p.n) {
		json_decref(p.rows);
		return ret;
	}
	ctx = json_object();
	json_object_set_new(ctx, "office_name", json_string(off->name));
	json_object_set_new(ctx, "office_address", json_string(off->address));
	json_object_set_new(ctx, "journal_title",
			    json_string(book_title(o->f.book)));
	json_object_set_new(ctx, "sheet_offset", json_string("0"));
	/* The page footer carries the head's seal: verify --against it. */
	json_object_set_new(ctx, "check_code", json_string(seal));
	certificate(s, a, o, ctx);
	json_object_set_new(ctx, "rows", p.rows);
	if (out->len)
		sb_addc(out, '\f');
	ret = template_render(t, ctx, o->width, out, e);
	json_decref(ctx);
	o->rows += p.n;
	return ret;
}

static enum status
load_page_template(const char *dir, struct template **t, struct err *e)
{
	struct errlist errs = {0};
	char *path = xasprintf("%s/journal-page.tpl", dir);
	enum status ret = template_load(path, t, &errs);

	if (ret != ST_OK) {
		if (errs.n)
			*e = errs.v[0];
		else
			err_set(e, ret, "", "%s", path);
	}
	errlist_free(&errs);
	free(path);
	return ret;
}

enum status
journal_print(struct store *s, const struct actor *a,
	      const struct formset *forms, struct journal_out *o,
	      struct err *e)
{
	char seal[JOURNAL_SEAL_MAX] = "ЖУРНАЛ НАРУШЕН", obj[32];
	struct template *t = NULL;
	struct journal_verify v;
	struct office_info off;
	struct strbuf out = {0};
	const char *book = o->f.book;
	enum status ret;

	o->rows = 0;
	switch (earlier(s, a, o, "print", e)) {
	case 1: return ST_OK;
	case -1: return e ? e->st : ST_ERROR;
	}
	if ((ret = load_page_template(o->templates_dir, &t, e)) != ST_OK)
		return ret;
	memset(&v, 0, sizeof v);
	if (journal_verify(s, a, o->office_id, 0, &v, o->progress, e) ==
	    ST_OK)
		journal_seal_short(v.head, v.head_seq, seal, sizeof seal);
	else if (progress_stopped(o->progress)) {
		template_free(t);
		return ST_CANCELLED;
	}
	memset(&off, 0, sizeof off);
	if ((ret = office_get_id(s, o->office_id, &off, e)) == ST_OK) {
		if (book) {
			ret = book_pages(s, a, forms, o, t, seal, &off, &out,
					 e);
		} else {
			/* Each book is a journal of its own. */
			size_t nsvc, i;
			const struct service *all = catalog_all(&nsvc);

			for (i = 0; i < nsvc && ret == ST_OK; i++) {
				o->f.book = all[i].book;
				ret = book_pages(s, a, forms, o, t, seal, &off,
						 &out, e);
			}
			o->f.book = NULL;
		}
	}
	template_free(t);
	snprintf(obj, sizeof obj, "office:%lld", o->office_id);
	if (ret == ST_OK && out.len)
		ret = give_out(s, a, "journal.print", "print", obj,
			       book ? book : "", o, &out, e);
	sb_free(&out);
	return ret;
}

/* ---- export -------------------------------------------------------------- */

struct export {
	const struct form *cols;
	json_t *head;
	struct strbuf *out;
	int csv;
	long long n;
};

static void
export_row(json_t *row, void *arg)
{
	struct export *x = arg;
	json_t *vals = journal_row_columns(x->cols, row);
	size_t k;

	x->n++;
	if (x->csv) {
		csv_record(x->out, vals);
		json_decref(vals);
		return;
	}
	for (k = 0; k < x->cols->nfields; k++) {
		const char *v = json_string_value(json_array_get(vals, k));
		char *safe;

		if (!v || !*v)
			continue;
		safe = utf8_visible(v, 0);
		sb_printf(x->out, "%2zu. %s: %s\n", k + 1,
			  json_string_value(json_array_get(x->head, k)), safe);
		free(safe);
	}
	sb_add(x->out, "\n");
	json_decref(vals);
}

enum status
journal_export(struct store *s, const struct actor *a,
	       const struct formset *forms, struct journal_out *o,
	       struct err *e)
{
	struct strbuf out = {0}, detail = {0};
	struct export x = {0};
	enum status ret;
	size_t k;

	o->rows = 0;
	switch (earlier(s, a, o, "export", e)) {
	case 1: return ST_OK;
	case -1: return e ? e->st : ST_ERROR;
	}
	if (!(x.cols = formset_get(forms, "journal-columns")))
		return err_set(e, ST_NOTFOUND, "form", "Нет описания граф журнала (forms/journal-columns.form)");
	x.head = json_array();
	x.out = &out;
	x.csv = o->csv;
	for (k = 0; k < x.cols->nfields; k++)
		json_array_append_new(x.head,
				      json_string(x.cols->fields[k].label_ru));
	/* An export of a training database says so on its first line. */
	if (s->training)
		sb_printf(&out, o->csv ? "%s\r\n" : "%s\n\n",
			  TEMPLATE_TRAINING_MARK);
	if (o->csv)
		csv_record(&out, x.head);
	ret = each_row(s, a, forms, o, PROGRESS_JOURNAL_EXPORT, export_row,
		       &x, e);
	json_decref(x.head);
	o->rows = x.n;
	if (ret == ST_OK) {
		sb_printf(&detail, "%s %s %d: %lld rows to %s",
			  o->csv ? "csv" : "text", o->f.book ? o->f.book : "all",
			  o->f.year, x.n, o->dest ? o->dest : "-");
		ret = give_out(s, a, "export", "export", "journal", detail.s,
			       o, &out, e);
	}
	sb_free(&detail);
	sb_free(&out);
	return ret;
}

/* ---- the day's closing sheet --------------------------------------------- */

void
journal_day_sheet(const struct journal_day *d, const char *office_name,
		  const char *operator_name, struct strbuf *out)
{
	char ru[DATE_SIZE];

	date_iso_to_ru(d->date, ru);
	sb_printf(out, "%s\n", office_name);
	sb_printf(out, "ЗАКРЫТИЕ ДНЯ %s%s\n", ru,
		  d->repeated ? " (повторно)" : "");
	sb_printf(out, "Строк журнала за день: %lld", d->lines);
	if (d->lines)
		sb_printf(out, " (строки %lld–%lld)", d->first_seq,
			  d->last_seq);
	sb_printf(out, ", из них записей с номером: %lld\n", d->entries);
	sb_printf(out, "Всего строк до закрытия: %lld\n", d->head_seq);
	sb_printf(out, "Краткая печать: %s\n", d->short_form);
	sb_printf(out, "Полный хеш:     %s\n", d->head);
	sb_printf(out, "Строка закрытия: %lld, код проверки %s\n", d->seq,
		  d->code);
	sb_printf(out, "\nОператор журнала: %s  ____________\n",
		  operator_name);
	sb_printf(out, "Начальник подразделения: ____________  М.П.\n");
}
