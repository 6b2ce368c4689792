/* SPDX-License-Identifier: MIT */
/* Books: opening and closing a numbered book with its certificate texts,
 * and the list of books. */
#include "journal.h"
#include "journal_int.h"
#include "audit.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
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

void
journal_books_free(struct journal_book *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].certificate);
	free(v);
}

#define BOOK_COLS                                                         \
	"b.id, b.office_id, b.book, b.year, b.number, b.opened_at, "         \
	"COALESCE(b.closed_at,''), COALESCE(o.full_name,''), "               \
	"COALESCE(c.full_name,''), b.first_no, COALESCE(b.last_no,0), "      \
	"b.entries, b.pages, b.certificate FROM journal_books b "            \
	"LEFT JOIN accounts o ON o.id = b.opened_by "                        \
	"LEFT JOIN accounts c ON c.id = b.closed_by "

static void
read_book(sqlite3_stmt *st, struct journal_book *b)
{
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	b->office_id = sqlite3_column_int64(st, 1);
	snprintf(b->book, sizeof b->book, "%s", store_col_text(st, 2));
	b->year = sqlite3_column_int(st, 3);
	b->number = sqlite3_column_int(st, 4);
	snprintf(b->opened_at, sizeof b->opened_at, "%s", store_col_text(st, 5));
	snprintf(b->closed_at, sizeof b->closed_at, "%s", store_col_text(st, 6));
	snprintf(b->opened_by, sizeof b->opened_by, "%s", store_col_text(st, 7));
	snprintf(b->closed_by, sizeof b->closed_by, "%s", store_col_text(st, 8));
	b->first_no = sqlite3_column_int64(st, 9);
	b->last_no = sqlite3_column_int64(st, 10);
	b->entries = sqlite3_column_int64(st, 11);
	b->pages = sqlite3_column_int(st, 12);
	b->certificate = store_col_dup(st, 13);
}

static enum status
open_book(struct store *s, long long office, const char *book,
	  struct journal_book *b, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT " BOOK_COLS "WHERE "
					    "b.office_id = ? AND b.book = ? AND "
					    "b.closed_at IS NULL", e);
	int rc;

	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office);
	store_bind_text(st, 2, book);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_book(st, b);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return ST_OK;
	if (rc == SQLITE_DONE)
		return err_set(e, ST_NOTFOUND, "book",
			       "Открытой книги «%s» нет", book_title(book));
	return store_error(s, e, "journal book");
}

static enum status
book_check(const struct actor *a, const char *book, int pages, struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_JOURNAL, e)) != ST_OK)
		return ret;
	if (!book_known(book))
		return err_set(e, ST_INVALID, "book",
			       "Книга: неизвестный код «%s» (registration, "
			       "invitation, border-pass)", book ? book : "");
	if (pages < 0 || pages > 10000)
		return err_set(e, ST_INVALID, "pages",
			       "Число листов: от 1 до 10000");
	return ST_OK;
}

enum status
journal_book_open(struct store *s, const struct actor *a, long long office_id,
		  const char *book, int pages, struct journal_book *out,
		  struct err *e)
{
	struct journal_entry je = {0};
	struct journal_book cur;
	long long number = 0, first = 0;
	char at[STAMP_SIZE];
	int year = clock_today().y;
	sqlite3_stmt *st;
	json_t *content;
	enum status ret;
	int rc;

	if ((ret = book_check(a, book, pages, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if (open_book(s, office_id, book, &cur, NULL) == ST_OK) {
		ret = err_set(e, ST_CONFLICT, "book",
			      "Книга «%s» № %d/%d ещё открыта: сначала закройте "
			      "её", book_title(book), cur.number, cur.year);
		free(cur.certificate);
		goto fail;
	}
	st = store_prepare(s, "SELECT COALESCE(MAX(number),0) + 1 FROM "
			      "journal_books WHERE office_id = ? AND book = ? "
			      "AND year = ?", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int(st, 3, year);
	if (sqlite3_step(st) == SQLITE_ROW)
		number = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((ret = jl_next_number(s, office_id, book, year, &first, e)) !=
	    ST_OK)
		goto fail;
	clock_stamp(clock_now(), at);
	st = store_prepare(s, "INSERT INTO journal_books(office_id, book, year,"
			      " number, opened_at, opened_by, first_no, pages) "
			      "VALUES (?,?,?,?,?,?,?,?)", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_int64(st, 4, number);
	store_bind_text(st, 5, at);
	sqlite3_bind_int64(st, 6, a->id);
	sqlite3_bind_int64(st, 7, first);
	sqlite3_bind_int(st, 8, pages);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "journal book");
		goto fail;
	}
	content = json_object();
	json_object_set_new(content, "book", json_string(book));
	json_object_set_new(content, "year", json_integer(year));
	json_object_set_new(content, "number", json_integer(number));
	json_object_set_new(content, "first_no", json_integer(first));
	json_object_set_new(content, "pages", json_integer(pages));
	json_object_set_new(content, "by", json_string(a->full_name));
	je.office_id = office_id;
	je.book = book;
	je.kind = "book-open";
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK ||
	    (ret = audit_log(s, a, "journal.book-open", book, "", e)) != ST_OK)
		goto fail;
	if ((ret = open_book(s, office_id, book, out, e)) != ST_OK)
		goto fail;
	if ((ret = store_commit(s, e)) != ST_OK) {
		free(out->certificate);
		out->certificate = NULL;
	}
	return ret;
fail:
	store_rollback(s);
	return ret;
}

enum status
journal_book_close(struct store *s, const struct actor *a,
		   long long office_id, const char *book, int pages,
		   struct journal_book *out, struct err *e)
{
	struct journal_entry je = {0};
	struct journal_book b;
	long long open_seq = 0, entries = 0, last = 0;
	int last_year = 0, rc;
	char at[STAMP_SIZE], opened[DATE_SIZE], closed[DATE_SIZE], range[96] = "";
	sqlite3_stmt *st;
	struct strbuf cert = {0};
	json_t *content;
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = book_check(a, book, pages, e)) != ST_OK)
		return ret;
	if ((ret = store_begin(s, e)) != ST_OK)
		return ret;
	if ((ret = open_book(s, office_id, book, &b, e)) != ST_OK)
		goto fail;
	free(b.certificate);
	b.certificate = NULL;
	if (pages)
		b.pages = pages;
	if (b.pages <= 0) {
		ret = err_set(e, ST_INVALID, "pages",
			      "Число листов книги не указано ни при открытии, "
			      "ни сейчас: --pages N");
		goto fail;
	}
	if ((ret = jl_scalar_ll(s, "SELECT COALESCE(MAX(seq),0) FROM journal "
				"WHERE office_id = ? AND kind = 'book-open' AND "
				"book = ?", office_id, book, &open_seq, e)) !=
	    ST_OK)
		goto fail;
	st = store_prepare(s, "SELECT COUNT(no), (SELECT no FROM journal x "
			      "WHERE x.office_id = ?1 AND x.book = ?2 AND "
			      "x.seq > ?3 AND x.no IS NOT NULL ORDER BY x.seq "
			      "DESC LIMIT 1), (SELECT year FROM journal x "
			      "WHERE x.office_id = ?1 AND x.book = ?2 AND "
			      "x.seq > ?3 AND x.no IS NOT NULL ORDER BY x.seq "
			      "DESC LIMIT 1) FROM journal WHERE office_id = ?1 "
			      "AND book = ?2 AND seq > ?3", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, office_id);
	store_bind_text(st, 2, book);
	sqlite3_bind_int64(st, 3, open_seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		entries = sqlite3_column_int64(st, 0);
		last = sqlite3_column_int64(st, 1);
		last_year = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	clock_stamp(clock_now(), at);
	jl_ru_date(b.opened_at, opened);
	jl_ru_date(at, closed);
	if (entries)
		snprintf(range, sizeof range, " (№ %lld/%d – %lld/%d)",
			 b.first_no, b.year, last, last_year);
	sb_printf(&cert, "Пронумеровано и прошнуровано %d %s, записей %lld%s. "
		  "Книга «%s» № %d/%d открыта %s, закрыта %s. Ответственный: "
		  "%s%s%s%s",
		  b.pages, plural(b.pages, "лист", "листа", "листов"), entries,
		  range, book_title(book), b.number, b.year, opened, closed,
		  a->full_name, a->position[0] ? " (" : "", a->position,
		  a->position[0] ? ")" : "");
	st = store_prepare(s, "UPDATE journal_books SET closed_at = ?, "
			      "closed_by = ?, last_no = ?, entries = ?, "
			      "pages = ?, certificate = ? WHERE id = ?", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	store_bind_text(st, 1, at);
	sqlite3_bind_int64(st, 2, a->id);
	if (entries)
		sqlite3_bind_int64(st, 3, last);
	else
		sqlite3_bind_null(st, 3);
	sqlite3_bind_int64(st, 4, entries);
	sqlite3_bind_int(st, 5, b.pages);
	store_bind_text(st, 6, cert.s);
	sqlite3_bind_int64(st, 7, b.id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ret = store_error(s, e, "journal book");
		goto fail;
	}
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
	je.office_id = office_id;
	je.book = book;
	je.kind = "book-close";
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	if (ret != ST_OK ||
	    (ret = audit_log(s, a, "journal.book-close", book, "", e)) !=
		    ST_OK)
		goto fail;
	st = store_prepare(s, "SELECT " BOOK_COLS "WHERE b.id = ?", e);
	if (!st) {
		ret = e ? e->st : ST_STORAGE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, b.id);
	if (sqlite3_step(st) == SQLITE_ROW)
		read_book(st, out);
	sqlite3_finalize(st);
	sb_free(&cert);
	return store_commit(s, e);
fail:
	sb_free(&cert);
	store_rollback(s);
	return ret;
}

enum status
journal_book_list(struct store *s, const struct actor *a, long long office_id,
		  struct journal_book **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	enum status ret;
	int rc;

	*out = NULL;
	*n = 0;
	if ((ret = jl_need_any(a, PERM_JOURNAL, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	st = store_prepare(s, "SELECT " BOOK_COLS "WHERE b.office_id = ? "
			      "ORDER BY b.book, b.year, b.number", e);
	if (!st)
		return e ? e->st : ST_STORAGE;
	sqlite3_bind_int64(st, 1, office_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		XGROW(*out, *n, cap);
		read_book(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		journal_books_free(*out, *n);
		*out = NULL;
		*n = 0;
		return store_error(s, e, "journal books");
	}
	return ST_OK;
}
