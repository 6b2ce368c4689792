/* SPDX-License-Identifier: MIT */
/* Books: opening and closing a numbered book with its certificate texts,
 * and the list of books. */
#include "journal.h"
#include "journal_int.h"
#include "audit.h"
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

/* ---- books ------------------------------------------------------------- */

static int
book_known(const char *book)
{
	size_t n, i;
	const struct service *all = catalog_all(&n);

	for (i = 0; book && i < n; i++)
		if (strcmp(all[i].book, book) == 0)
			return 1;
	return 0;
}

static const char *
book_title(const char *book)
{
	size_t n, i;
	const struct service *all = catalog_all(&n);

	for (i = 0; book && i < n; i++)
		if (strcmp(all[i].book, book) == 0)
			return all[i].book_ru;
	return book ? book : "";
}

/* Russian plural: 1 лист, 2 листа, 5 листов. */
static const char *
plural(long long n, const char *one, const char *few, const char *many)
{
	long long t = n % 100, u = n % 10;

	if (t >= 11 && t <= 14)
		return many;
	if (u == 1)
		return one;
	if (u >= 2 && u <= 4)
		return few;
	return many;
}

/* What one book owns (a db_clear_fn). */
static void
clear_book(void *elem)
{
	struct journal_book *b = elem;

	free(b->certificate);
}

void
journal_books_free(struct journal_book *v, size_t n)
{
	db_rows_free(v, n, clear_book);
}

#define BOOK_COLS                                                         \
	"b.id, b.office_id, b.book, b.year, b.number, b.opened_at, "         \
	"b.closed_at, COALESCE(o.full_name,''), "                           \
	"COALESCE(c.full_name,''), b.first_no, COALESCE(b.last_no,0), "      \
	"b.entries, b.pages, b.certificate FROM journal_books b "            \
	"LEFT JOIN accounts o ON o.id = b.opened_by "                        \
	"LEFT JOIN accounts c ON c.id = b.closed_by "

/* A book from a row of BOOK_COLS (a db_fill_fn). */
static void
read_book(struct db_stmt *st, void *elem)
{
	struct journal_book *b = elem;

	memset(b, 0, sizeof *b);
	b->id = db_col_int64(st, 0);
	b->office_id = db_col_int64(st, 1);
	snprintf(b->book, sizeof b->book, "%s", db_col_text(st, 2));
	b->year = db_col_int(st, 3);
	b->number = db_col_int(st, 4);
	snprintf(b->opened_at, sizeof b->opened_at, "%s", db_col_text(st, 5));
	snprintf(b->closed_at, sizeof b->closed_at, "%s", db_col_text(st, 6));
	snprintf(b->opened_by, sizeof b->opened_by, "%s", db_col_text(st, 7));
	snprintf(b->closed_by, sizeof b->closed_by, "%s", db_col_text(st, 8));
	b->first_no = db_col_int64(st, 9);
	b->last_no = db_col_int64(st, 10);
	b->entries = db_col_int64(st, 11);
	b->pages = db_col_int(st, 12);
	b->certificate = db_col_dup(st, 13);
}

/* The book with id, or the open book of (office, book) when id is 0. */
static enum status
load_book(struct store *s, long long id, long long office, const char *book,
	  struct journal_book *b, struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	if (id)
		ret = db_one(s, &st, e, "SELECT " BOOK_COLS "WHERE b.id = ?",
			     DB_INT(id));
	else
		ret = db_one(s, &st, e, "SELECT " BOOK_COLS "WHERE b.office_id "
			     "= ? AND b.book = ? AND b.closed_at IS NULL",
			     DB_INT(office), DB_TEXT(book));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "book",
			       "Открытой книги «%s» нет", book_title(book));
	if (ret != ST_OK)
		return ret;
	read_book(st, b);
	db_finalize(st);
	return ST_OK;
}

static enum status
open_book(struct store *s, long long office, const char *book,
	  struct journal_book *b, struct err *e)
{
	return load_book(s, 0, office, book, b, e);
}

static enum status
book_check(const struct actor *a, const char *book, int pages, struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK)
		return ret;
	if (!book_known(book))
		return err_set(e, ST_INVALID, "book",
			       "Книга: неизвестный код «%s» (registration, invitation, border-pass)", book ? book : "");
	if (pages < 0 || pages > 10000)
		return err_set(e, ST_INVALID, "pages",
			       "Число листов: от 1 до 10000");
	return ST_OK;
}

struct book_act {
	const struct actor *a;
	long long office_id;
	const char *book;
	int pages;
	struct journal_book *out;
};

static enum status
book_open_tx(struct store *s, void *arg, struct err *e)
{
	struct book_act *ba = arg;
	const struct actor *a = ba->a;
	struct journal_entry je = {0};
	struct journal_book cur;
	int64_t number = 0;
	long long first = 0;
	char at[STAMP_SIZE];
	int year = clock_today().y;
	json_t *content;
	enum status ret;

	/* A retried attempt starts afresh. */
	free(ba->out->certificate);
	memset(ba->out, 0, sizeof *ba->out);
	if (open_book(s, ba->office_id, ba->book, &cur, NULL) == ST_OK) {
		free(cur.certificate);
		return err_set(e, ST_CONFLICT, "book",
			       "Книга «%s» № %d/%d ещё открыта: сначала закройте её", book_title(ba->book), cur.number,
			       cur.year);
	}
	if ((ret = db_int64(s, e, &number, 1, "SELECT "
			    "COALESCE(MAX(number),0) + 1 FROM journal_books "
			    "WHERE office_id = ? AND book = ? AND year = ?",
			    DB_INT(ba->office_id), DB_TEXT(ba->book),
			    DB_INT(year))) != ST_OK ||
	    (ret = jl_next_number(s, ba->office_id, ba->book, year, &first,
				  e)) != ST_OK)
		return ret;
	clock_stamp(clock_now(), at);
	if ((ret = db_exec(s, e, "INSERT INTO journal_books(office_id, book, "
			   "year, number, opened_at, opened_by, first_no, "
			   "pages) VALUES (?,?,?,?,?,?,?,?)",
			   DB_INT(ba->office_id), DB_TEXT(ba->book),
			   DB_INT(year), DB_INT(number), DB_TEXT(at),
			   DB_INT(a->id), DB_INT(first),
			   DB_INT(ba->pages))) != ST_OK)
		return ret;
	content = json_object();
	json_object_set_new(content, "book", json_string(ba->book));
	json_object_set_new(content, "year", json_integer(year));
	json_object_set_new(content, "number", json_integer(number));
	json_object_set_new(content, "first_no", json_integer(first));
	json_object_set_new(content, "pages", json_integer(ba->pages));
	json_object_set_new(content, "by", json_string(a->full_name));
	je.office_id = ba->office_id;
	je.book = ba->book;
	je.kind = "book-open";
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK ||
	    (ret = audit_log(s, a, "journal.book-open", ba->book, "", e)) !=
		    ST_OK)
		return ret;
	return open_book(s, ba->office_id, ba->book, ba->out, e);
}

/* Open or close a book (tx): checked first, done in one transaction; out
 * zeroed when it fails. */
static enum status
book_act_run(struct store *s, const struct actor *a, long long office_id,
	     const char *book, int pages, db_tx_fn tx, struct journal_book *out,
	     struct err *e)
{
	struct book_act ba = {a, office_id, book, pages, out};
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = book_check(a, book, pages, e)) != ST_OK)
		return ret;
	if ((ret = db_transact(s, DB_WRITE, tx, &ba, e)) != ST_OK) {
		free(out->certificate);
		memset(out, 0, sizeof *out);
	}
	return ret;
}

enum status
journal_book_open(struct store *s, const struct actor *a, long long office_id,
		  const char *book, int pages, struct journal_book *out,
		  struct err *e)
{
	return book_act_run(s, a, office_id, book, pages, book_open_tx, out, e);
}

static enum status
book_close_tx(struct store *s, void *arg, struct err *e)
{
	struct book_act *ba = arg;
	const struct actor *a = ba->a;
	const char *book = ba->book;
	struct journal_entry je = {0};
	struct journal_book b;
	int64_t open_seq = 0;
	long long entries = 0, last = 0;
	int last_year = 0;
	char at[STAMP_SIZE], opened[DATE_SIZE], closed[DATE_SIZE], range[96] = "";
	struct db_stmt *st;
	struct strbuf cert = {0};
	json_t *content;
	enum status ret;

	/* A retried attempt starts afresh. */
	free(ba->out->certificate);
	memset(ba->out, 0, sizeof *ba->out);
	if ((ret = open_book(s, ba->office_id, book, &b, e)) != ST_OK)
		return ret;
	free(b.certificate);
	b.certificate = NULL;
	if (ba->pages)
		b.pages = ba->pages;
	if (b.pages <= 0)
		return err_set(e, ST_INVALID, "pages",
			       "Число листов книги не указано ни при открытии, ни сейчас: --pages N");
	if ((ret = db_int64(s, e, &open_seq, 0, "SELECT "
			    "COALESCE(MAX(seq),0) FROM journal WHERE office_id "
			    "= ? AND kind = 'book-open' AND book = ?",
			    DB_INT(ba->office_id), DB_TEXT(book))) != ST_OK)
		return ret;
	ret = db_one(s, &st, e, "SELECT COUNT(no), (SELECT no FROM journal x "
		     "WHERE x.office_id = ?1 AND x.book = ?2 AND x.seq > ?3 AND "
		     "x.no IS NOT NULL ORDER BY x.seq DESC LIMIT 1), (SELECT "
		     "year FROM journal x WHERE x.office_id = ?1 AND x.book = "
		     "?2 AND x.seq > ?3 AND x.no IS NOT NULL ORDER BY x.seq "
		     "DESC LIMIT 1) FROM journal WHERE office_id = ?1 AND book "
		     "= ?2 AND seq > ?3", DB_INT(ba->office_id), DB_TEXT(book),
		     DB_INT(open_seq));
	if (ret == ST_OK) {
		entries = db_col_int64(st, 0);
		last = db_col_int64(st, 1);
		last_year = db_col_int(st, 2);
		db_finalize(st);
	} else if (ret != ST_NOTFOUND) {
		return ret;
	}
	clock_stamp(clock_now(), at);
	jl_ru_date(b.opened_at, opened);
	jl_ru_date(at, closed);
	if (entries)
		snprintf(range, sizeof range, " (№ %lld/%d – %lld/%d)",
			 b.first_no, b.year, last, last_year);
	sb_printf(&cert, "Пронумеровано и прошнуровано %d %s, записей %lld%s. Книга «%s» № %d/%d открыта %s, закрыта %s. Ответственный: %s%s%s%s",
		  b.pages, plural(b.pages, "лист", "листа", "листов"), entries,
		  range, book_title(book), b.number, b.year, opened, closed,
		  a->full_name, a->position[0] ? " (" : "", a->position,
		  a->position[0] ? ")" : "");
	if ((ret = db_exec(s, e, "UPDATE journal_books SET closed_at = ?, "
			   "closed_by = ?, last_no = ?, entries = ?, pages = ?, "
			   "certificate = ? WHERE id = ?", DB_TEXT(at),
			   DB_INT(a->id), entries ? DB_INT(last) : DB_NULL,
			   DB_INT(entries), DB_INT(b.pages), DB_TEXT(cert.s),
			   DB_INT(b.id))) != ST_OK)
		goto out;
	content = json_object();
	json_object_set_new(content, "book", json_string(book));
	json_object_set_new(content, "year", json_integer(b.year));
	json_object_set_new(content, "number", json_integer(b.number));
	json_object_set_new(content, "first_no", json_integer(b.first_no));
	json_object_set_new(content, "last_no", json_integer(last));
	json_object_set_new(content, "entries", json_integer(entries));
	json_object_set_new(content, "pages", json_integer(b.pages));
	json_object_set_new(content, "certificate", json_string(cert.s));
	json_object_set_new(content, "by", json_string(a->full_name));
	je.office_id = ba->office_id;
	je.book = book;
	je.kind = "book-close";
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK ||
	    (ret = audit_log(s, a, "journal.book-close", book, "", e)) !=
		    ST_OK)
		goto out;
	ret = load_book(s, b.id, ba->office_id, book, ba->out, e);
out:
	sb_free(&cert);
	return ret;
}

enum status
journal_book_close(struct store *s, const struct actor *a,
		   long long office_id, const char *book, int pages,
		   struct journal_book *out, struct err *e)
{
	return book_act_run(s, a, office_id, book, pages, book_close_tx, out, e);
}

enum status
journal_book_list(struct store *s, const struct actor *a, long long office_id,
		  struct journal_book **out, size_t *n, struct err *e)
{
	enum status ret;

	*out = NULL;
	*n = 0;
	if ((ret = jl_need_any(a, PERM_JOURNAL, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	return db_rows(s, e, out, n, read_book, clear_book, "SELECT " BOOK_COLS
		       "WHERE b.office_id = ? ORDER BY b.book, b.year, b.number",
		       DB_INT(office_id));
}
