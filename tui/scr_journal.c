/* SPDX-License-Identifier: MIT */
/* The office journal on screen: one book (Tab switches books) of one year,
 * a page of entries at a time. Pages are read by journal number (keyset:
 * "numbers after the last one shown", "numbers before the first one"),
 * never by offset, so the millionth entry comes as fast as the first.
 * Tab or ←/→ switch books; F7 (or /) finds an entry by number or by
 * surname in either script, across books (the book's mark then shows);
 * F2 lists the journal's acts: the day's closing (after a confirmation
 * that says whether the day was closed already) and the export to CSV;
 * F8 prints the book's pages; Enter opens the entry's case. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "fileio.h"
#include "cases.h"
#include "journal.h"
#include "journal_find.h"
#include "journal_nav.h"
#include "journal_out.h"
#include "office.h"
#include "print.h"
#include "printer.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"
#include "workflow.h"

#define PAGE_MAX 64

enum jask { JA_NONE, JA_SEARCH, JA_EXPORT };

struct jscreen {
	long long office;
	size_t book;                  /* index into the catalogue */
	int year;
	struct journal_line *v;
	size_t n, sel, top;
	char surname[128];            /* search, "" when paging */
	enum jask ask;
	long long open_id;
	struct lscreen l;             /* its boxes (it pages by itself) */
};

static const struct fkey j_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F7, N_("Поиск")},
	{ACT_F8, N_("Печать")}, {ACT_F10, N_("Выход")},
};

/* The rows of a page: the screen less the header (one row more when the
 * title took two), the table's head and the rows below it. */
static int title_rows = 1;

static int
page_rows(void)
{
	int r = LINES - 6 - title_rows;

	return r > PAGE_MAX ? PAGE_MAX : r;
}

static const char *
book_code(const struct jscreen *j)
{
	size_t n;
	const struct service *sv = catalog_all(&n);

	return sv[j->book % n].book;
}

static const char *
book_ru(const struct jscreen *j)
{
	size_t n;
	const struct service *sv = catalog_all(&n);

	return sv[j->book % n].book_ru;
}

/* Read a page: dir 0 the first, 1 after the current page, -1 before it,
 * 2 the last; no > 0: the page starting at that number. */
static void
load(struct screen *s, struct jscreen *j, int dir, long long no)
{
	struct app *a = s->app;
	struct journal_filter f;
	struct journal_line *v = NULL;
	struct err e = {0};
	size_t n = 0;

	memset(&f, 0, sizeof f);
	f.book = book_code(j);
	f.year = j->year;
	f.limit = page_rows();
	if (j->surname[0]) {
		/* Every book, the name in either script. */
		if (journal_find_surname(a->sess->store, &a->actor, j->office,
					 j->surname, 200, &v, &n, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return;
		}
		journal_lines_free(j->v, j->n);
		j->v = v;
		j->n = n;
		j->sel = 0;
		j->top = 0;
		return;
	} else if (no > 0) {
		f.no_from = no;
	} else if (dir == 1 && j->n) {
		f.no_from = j->v[j->n - 1].no + 1;
	} else if (dir == -1 && j->n) {
		if (j->v[0].no <= 1)
			return;
		f.no_to = j->v[0].no - 1;
		f.no_from = f.no_to > f.limit ? f.no_to - f.limit + 1 : 1;
	} else if (dir == 0) {
		f.no_from = 1;
	} else if (dir == 2) {
		long long last = 0;

		if (journal_last_no(a->sess->store, &a->actor, j->office, f.book,
				    j->year, &last, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return;
		}
		f.no_from = last > f.limit ? last - f.limit + 1 : 1;
		f.no_to = last > 0 ? last : 1;
	}
	/* A bounded range of numbers: the (book, year, no) index answers it
	 * at once wherever the page is; the numbers of a book's year have no
	 * gaps (each is drawn as the next one). */
	if (f.no_from && !f.no_to)
		f.no_to = f.no_from + f.limit - 1;
	if (journal_list(a->sess->store, &a->actor, j->office, &f, &v, &n, &e) !=
	    ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	if (!n && (dir == 1 || dir == -1) && !j->surname[0]) {
		journal_lines_free(v, n);
		return; /* nothing further: stay on this page */
	}
	if (!n && no > 0) {
		long long last = 0;

		journal_lines_free(v, n);
		if (journal_last_no(a->sess->store, &a->actor, j->office,
				    book_code(j), j->year, &last, NULL) != ST_OK)
			last = 0;
		app_status(a, 1, _("Записи № %lld в книге «%s» за %d год нет (последняя — № %lld)"),
			   no, _(book_ru(j)), j->year, last);
		return; /* the page shown stays */
	}
	journal_lines_free(j->v, j->n);
	j->v = v;
	j->n = n;
	j->top = 0;
	if (dir == -1 || dir == 2)
		j->sel = n ? n - 1 : 0;
	else
		j->sel = 0;
}

static int
j_enter(struct screen *s, void *arg)
{
	struct jscreen *j = xcalloc(1, sizeof *j);
	struct app *a = s->app;
	struct err e = {0};

	(void)arg;
	if (journal_office(a->sess->store, &a->actor, NULL, &j->office, &e) !=
	    ST_OK) {
		app_status(a, 1, "%s", e.msg);
		free(j);
		return -1;
	}
	j->year = clock_today().y;
	s->priv = j;
	load(s, j, 2, 0); /* the latest entries first */
	return 0;
}

static void
j_leave(struct screen *s)
{
	struct jscreen *j = s->priv;

	journal_lines_free(j->v, j->n);
	lscreen_free(&j->l);
	free(j);
}

/* The entry's applicant and citizenship, from the accept line's fields. */
static void
who(const struct journal_line *l, char *name, size_t nn, char *cit, size_t nc)
{
	json_t *c = json_loads(l->content ? l->content : "{}", 0, NULL);
	json_t *f = json_object_get(c, "fields");

	snprintf(name, nn, "%s %s", case_jstr(f, "surname"),
		 case_jstr(f, "given_names"));
	snprintf(cit, nc, "%s", case_jstr(f, "citizenship"));
	json_decref(c);
}

static void
j_draw(struct screen *s, WINDOW *w)
{
	struct jscreen *j = s->priv;
	struct app *a = s->app;
	char title[256], buf[320], when[16], name[300], cit[8];
	size_t i;
	int rows, cols = COLS, search = j->surname[0] != 0, hy;
	/* Columns: number, book (in a search), date, applicant,
	 * citizenship, state; the applicant takes what is left. */
	int xb = 9, xd = search ? 13 : 9, xn = xd + 11, wc = 6, ws = 16;
	int xc = cols - ws - wc - 1, xs = cols - ws;
	int wn = xc - xn - 1;

	if (search)
		snprintf(title, sizeof title, _("Журнал: поиск «%s», все книги"),
			 j->surname);
	else
		snprintf(title, sizeof title, _("Журнал: %s, %d год"),
			 _(book_ru(j)), j->year);
	/* A title on two rows moves the table down one. */
	hy = 1 + tui_header(a, w, title);
	if (hy - 1 != title_rows) {   /* read a page that fits */
		title_rows = hy - 1;
		if (!j->surname[0] && j->n)
			load(s, j, 0, j->v[0].no);
	}
	rows = page_rows();
	wattron(w, A_BOLD);
	tui_text(w, hy, 1, _("      №"), 8);
	if (search)
		tui_text(w, hy, xb, _("Кн."), 3);
	tui_text(w, hy, xd, _("Дата"), 10);
	tui_text(w, hy, xn, _("Заявитель"), wn);
	tui_text(w, hy, xc, _("Гражд."), wc);
	tui_text(w, hy, xs, _("Состояние"), ws);
	wattroff(w, A_BOLD);
	a->cur_y = -1;
	if (!j->n)
		tui_text(w, hy + 1, 2, search ? _("Ничего не найдено") : _("Записей нет"),
			 cols - 2);
	if (j->sel < j->top)
		j->top = j->sel;
	if (j->sel >= j->top + (size_t)rows)
		j->top = j->sel - (size_t)rows + 1;
	for (i = j->top; i < j->n && i < j->top + (size_t)rows; i++) {
		const struct journal_line *l = &j->v[i];
		int y = hy + 1 + (int)(i - j->top);
		enum case_state st;

		snprintf(buf, sizeof buf, "%.10s", l->at);
		date_iso_to_ru(buf, when);
		snprintf(buf, sizeof buf, "%7lld", l->no);
		if (i == j->sel)
			lscreen_mark(a, w, y);
		tui_text(w, y, 1, buf, 7);
		if (search)
			tui_text(w, y, xb, case_book_mark(l->book), 2);
		tui_text(w, y, xd, when, 10);
		who(l, name, sizeof name, cit, sizeof cit);
		tui_text(w, y, xn, name, wn);
		tui_text(w, y, xc, cit, wc);
		if (workflow_state_parse(l->state, &st) == 0)
			tui_text(w, y, xs, _(workflow_state_ru(st)), ws);
	}
	/* The selected entry whole: what the columns had to cut. */
	if (j->n && !j->l.in.open && !a->status[0]) {
		enum case_state st;

		who(&j->v[j->sel], name, sizeof name, cit, sizeof cit);
		snprintf(buf, sizeof buf, "%s %lld/%d: %s, %s%s%s",
			 case_book_mark(j->v[j->sel].book), j->v[j->sel].no,
			 j->v[j->sel].year, name, cit,
			 workflow_state_parse(j->v[j->sel].state, &st) == 0
				 ? " — " : "",
			 workflow_state_parse(j->v[j->sel].state, &st) == 0
				 ? _(workflow_state_ru(st)) : "");
		tui_para(w, LINES - 4, 0, buf, cols, 2);
	}
	lscreen_draw(&j->l, a, w, j_keys, sizeof j_keys / sizeof *j_keys);
}

/* 1 when path's folder is the office's print folder (okno.conf's). */
static int
in_office_folder(const char *path)
{
	char *copy = xstrdup(path);
	int yes = printer_okno_folder(dirname(copy));

	free(copy);
	return yes;
}

/* The book's entries of the year to a CSV file: a new file, recorded with
 * the audit line and written after it. */
static void
export_csv(struct screen *s, struct jscreen *j, const char *path)
{
	struct app *a = s->app;
	struct journal_out o;
	struct tui_progress tp;
	struct err e = {0};
	enum status st;

	memset(&o, 0, sizeof o);
	o.office_id = j->office;
	o.f.book = book_code(j);
	o.f.year = j->year;
	o.csv = 1;
	o.dest = path;
	o.to.target = OUT_FILE;
	o.to.dest = path;
	/* In the office's print folder, with okno's group; anywhere else
	 * with the user's rights. */
	o.to.flags = in_office_folder(path) ? OUTPUT_OKNO : FILEIO_USER;
	o.progress = tui_progress_start(&tp, a);
	st = journal_export(a->sess->store, &a->actor, a->sess->forms, &o, &e);
	tui_progress_stop(&tp);
	if (st == ST_CANCELLED)
		app_status(a, 1, "%s", _("Отменено — ничего не записано"));
	else if (st != ST_OK)
		app_status(a, 1, "%s", e.msg);
	else if (o.earlier)
		app_status(a, 1, _("Выдана выгрузка, записанная прежде и не выданная: %s. Повторите выгрузку"),
			   o.where);
	else
		app_status(a, 0, _("Выгружено записей: %lld в %s"), o.rows,
			   o.where[0] ? o.where : path);
}

/* The window's printer as a print request: with no printer chosen for
 * the window, a file in the window's print folder. buf holds the
 * destination. */
static enum status
window_printer(struct app *a, const char *name, struct print_req *r,
	       char *buf, size_t n, struct err *e)
{
	char choice[300];

	memset(r, 0, sizeof *r);
	if (!app_printer(a, choice, sizeof choice)) {
		char dir[256];

		app_print_dir(a, dir, sizeof dir);
		snprintf(choice, sizeof choice, "file:%s/", dir);
	}
	return printer_target(choice, name, r, buf, n, e);
}

/* Where a print went, in words for the status line: file is the file
 * written ("" when not known). */
static void
said_where(const struct print_req *r, const char *file, char *buf, size_t n)
{
	if (r->target == PT_FILE)
		snprintf(buf, n, _("в файл %s"), file[0] ? file : r->dest);
	else if (r->target == PT_LP)
		snprintf(buf, n, _("на принтер %s"), r->dest);
	else
		snprintf(buf, n, "%s", _("на принтер терминала"));
}

/* Print the book of the year as the paper journal's pages: the same
 * pages, seal and audit line as `okno journal print`, to the window's
 * printer (a file, lp or the terminal's printer); with no printer chosen
 * for the window, to a file in the window's print folder. */
static void
print_pages(struct screen *s, struct jscreen *j)
{
	struct app *a = s->app;
	struct journal_out o;
	struct tui_progress tp;
	struct print_req r;
	struct err e = {0};
	enum status st;
	char name[64], buf[400], where[400], *tdir;

	snprintf(name, sizeof name, "journal-%s-%d", book_code(j), j->year);
	if (window_printer(a, name, &r, buf, sizeof buf, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	memset(&o, 0, sizeof o);
	printer_output(&r, &o.to);
	o.office_id = j->office;
	o.f.book = book_code(j);
	o.f.year = j->year;
	o.width = 80;
	tdir = xasprintf("%s/templates", a->sess->forms_dir);
	o.templates_dir = tdir;
	o.dest = name;
	o.progress = tui_progress_start(&tp, a);
	st = journal_print(a->sess->store, &a->actor, a->sess->forms, &o, &e);
	tui_progress_stop(&tp);
	said_where(&r, o.where, where, sizeof where);
	if (st == ST_CANCELLED)
		app_status(a, 1, "%s", _("Отменено — ничего не напечатано"));
	else if (st != ST_OK)
		app_status(a, 1, "%s", e.msg);
	else if (o.earlier)
		app_status(a, 1, _("Напечатан документ, записанный прежде и не выданный, %s. Повторите печать"),
			   where);
	else if (!o.rows)
		app_status(a, 1, "%s", _("Записей нет"));
	else
		app_status(a, 0, _("Напечатано %s"), where);
	free(tdir);
}

static void
close_day(struct screen *s, struct jscreen *j)
{
	struct app *a = s->app;
	struct journal_day d;
	struct tui_progress tp;
	struct err e = {0};
	enum status st;

	st = journal_close_day(a->sess->store, &a->actor, j->office, NULL, &d,
			       tui_progress_start(&tp, a), &e);
	tui_progress_stop(&tp);
	if (st == ST_CANCELLED) {
		app_status(a, 1, "%s", _("Отменено — день не закрыт"));
		return;
	}
	if (st != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	{
		struct office_info off;
		struct strbuf t = {0}, b = {0};
		struct print_req r;
		struct output_req o;
		char name[64], buf[400], file[400];

		memset(&off, 0, sizeof off);
		if (office_get_id(a->sess->store, j->office, &off, &e) !=
		    ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return;
		}
		journal_day_sheet(&d, off.name, a->actor.full_name, &t);
		snprintf(name, sizeof name, "day-close-%s", d.date);
		/* The sheet tells of the line just committed: closing the
		 * day again prints it again. */
		if (window_printer(a, name, &r, buf, sizeof buf, &e) != ST_OK ||
		    encode_convert(t.s ? t.s : "", ENC_UTF8,
				   ENC_TRANSLIT_PUNCT, &b, &e) != ST_OK ||
		    (printer_output(&r, &o),
		     output_give(&o, b.s ? b.s : "", b.len, file, sizeof file,
				 &e)) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			sb_free(&t);
			sb_free(&b);
			return;
		}
		sb_free(&t);
		sb_free(&b);
	}
	app_status(a, 0,
		   _("День %s закрыт%s: строк %lld, записей %lld, печать %s, код %s"),
		   d.date, d.repeated ? _(" повторно") : "", d.lines, d.entries,
		   d.short_form, d.code);
}

/* F2 "close the day": what it will do, whether the day was closed
 * already, and F2 again to do it. */
static void
ask_close_day(struct screen *s, struct jscreen *j)
{
	struct app *a = s->app;
	char at[STAMP_SIZE] = "", day[16];
	long long seq = 0;
	struct err e = {0};
	int closed = journal_day_closed(a->sess->store, &a->actor, j->office,
					NULL, at, &seq, &e);

	if (closed < 0) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	date_format_ru(clock_today(), day);
	if (closed) {
		confirm_open(&j->l.confirm, _("День уже закрыт. Закрыть повторно?"),
			     _("F2 — закрыть повторно"));
		confirm_line(&j->l.confirm, _("День %s закрыт в %.5s (строка %lld)."),
			     day, at + 11, seq);
		confirm_line(&j->l.confirm, "%s",
			     _("Повторное закрытие добавит в журнал ещё одну строку закрытия с отметкой «повторно» и новым кодом; первую не заменит."));
	} else {
		confirm_open(&j->l.confirm, _("Закрыть день?"),
			     _("F2 — закрыть день"));
		confirm_line(&j->l.confirm,
			     _("В журнал будет внесена строка закрытия дня %s: число строк и записей за день, краткая печать и код проверки. Её нельзя удалить."),
			     day);
	}
	confirm_line(&j->l.confirm, "%s",
		     _("Лист закрытия печатается туда, куда печатает окно."));
}

static void
open_acts(struct jscreen *j, struct app *a)
{
	size_t n = 0;

	if (role_allows(a->actor.roles, PERM_JOURNAL))
		lscreen_item(&j->l, n++, _("Закрыть день"), "close");
	lscreen_item(&j->l, n++, _("Выгрузить книгу года в CSV"), "export");
	if (role_allows(a->actor.roles, PERM_JOURNAL) ||
	    role_allows(a->actor.roles, PERM_AUDIT))
		lscreen_item(&j->l, n++, _("Краткая печать журнала (записать)"),
			     "seal");
	lscreen_item(&j->l, n++, _("Перейти к номеру"), "goto");
	lscreen_menu(&j->l, _("Журнал: действие"), n);
}

static int
chosen(struct screen *s, const char *code)
{
	struct jscreen *j = s->priv;
	struct app *a = s->app;
	char def[400], dir[300];

	if (strcmp(code, "close") == 0) {
		ask_close_day(s, j);
	} else if (strcmp(code, "seal") == 0) {
		struct journal_seal seal;
		struct err e = {0};

		if (journal_seal(a->sess->store, &a->actor, j->office, &seal,
				 &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
		} else {
			confirm_open(&j->l.confirm, _("Краткая печать журнала"),
				     NULL);
			confirm_line(&j->l.confirm, _("Печать: %s"),
				     seal.short_form);
			confirm_line(&j->l.confirm, _("Строк в журнале: %lld"),
				     seal.count);
			confirm_line(&j->l.confirm, "%s",
				     _("Запишите её на бумаге: по ней позже видно, что журнал до этой строки не изменён (okno journal verify --against)."));
		}
	} else if (strcmp(code, "export") == 0) {
		int k;

		app_print_dir(a, dir, sizeof dir);
		/* A folder that cannot be made is named by the export. */
		(void)!printer_folder(dir, NULL);
		snprintf(def, sizeof def, "%s/journal-%s-%d.csv", dir,
			 book_code(j), j->year);
		/* An export never replaces an earlier one. */
		for (k = 2; k < 1000 && fileio_exists(def); k++)
			snprintf(def, sizeof def, "%s/journal-%s-%d-%d.csv",
				 dir, book_code(j), j->year, k);
		j->ask = JA_EXPORT;
		input_open(&j->l.in, _("Выгрузить в файл:"), def);
	} else {
		j->ask = JA_SEARCH;
		input_open(&j->l.in, _("Номер записи или фамилия:"), NULL);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

/* F2 on the question: the day closed. */
static int
j_yes(struct screen *s)
{
	close_day(s, s->priv);
	return SCR_HANDLED | SCR_REDRAW;
}

static void
j_no(struct screen *s)
{
	app_status(s->app, 0, "%s", _("Отменено: ничего не записано"));
}

/* What was typed to find: a number ("12" or "12/2026") goes to that entry
 * of this book; letters search every book by surname. */
static void
j_search(struct screen *s, struct jscreen *j, const char *txt)
{
	char *end;
	long long no = strtoll(txt, &end, 10);

	if (*txt && no > 0 && (!*end || *end == '/')) {
		int y = *end == '/' ? atoi(end + 1) : 0;

		if (y > 0)
			j->year = y;
		j->surname[0] = '\0';
		load(s, j, 0, no);
		return;
	}
	snprintf(j->surname, sizeof j->surname, "%s", txt);
	if (j->surname[0])
		load(s, j, 0, 0);
	else
		load(s, j, 2, 0);
}

/* What was typed at the question (find, export to). */
static int
j_typed(struct screen *s, const char *txt)
{
	struct jscreen *j = s->priv;

	app_status_clear(s->app);
	if (j->ask == JA_SEARCH)
		j_search(s, j, txt);
	else if (j->ask == JA_EXPORT && *txt)
		export_csv(s, j, txt);
	j->ask = JA_NONE;
	return SCR_HANDLED | SCR_REDRAW;
}

static const struct lscreen_ops j_ops = {
	.chosen = chosen, .typed = j_typed, .yes = j_yes, .no = j_no,
};

/* Moving through the book (or the search's results): 0 when k is not a
 * move. */
static int
j_move_key(struct screen *s, struct jscreen *j, const struct key *k)
{
	size_t rows = (size_t)page_rows();

	switch (k->act) {
	case ACT_UP:
		if (j->sel > 0)
			j->sel--;
		else if (!j->surname[0])
			load(s, j, -1, 0);
		break;
	case ACT_DOWN:
		if (j->sel + 1 < j->n)
			j->sel++;
		else if (!j->surname[0])
			load(s, j, 1, 0);
		break;
	case ACT_PGUP:
		if (!j->surname[0])
			load(s, j, -1, 0);
		else
			j->sel = j->sel > rows ? j->sel - rows : 0;
		break;
	case ACT_PGDN:
		if (!j->surname[0])
			load(s, j, 1, 0);
		else if (j->n)
			j->sel = j->sel + rows < j->n ? j->sel + rows : j->n - 1;
		break;
	case ACT_HOME:
	case ACT_END:
		j->surname[0] = '\0';
		load(s, j, k->act == ACT_HOME ? 0 : 2, 0);
		break;
	default:
		return 0;
	}
	return SCR_HANDLED | SCR_REDRAW;
}

/* Tab or ←/→: the next or the previous book, at its last page. */
static void
j_other_book(struct screen *s, struct jscreen *j, const struct key *k)
{
	size_t nb;

	catalog_all(&nb);
	j->book = (j->book + (k->act == ACT_TAB || k->act == ACT_RIGHT ? 1
								       : nb - 1)) %
		  nb;
	j->surname[0] = '\0';
	journal_lines_free(j->v, j->n);
	j->v = NULL;
	j->n = 0;
	load(s, j, 2, 0);
}

static int
j_key(struct screen *s, const struct key *k)
{
	struct jscreen *j = s->priv;
	struct app *a = s->app;
	int r;

	if ((r = lscreen_box_key(&j->l, s, &j_ops, k)) != 0)
		return r;
	if (k->act != ACT_NONE && a->status[0] && !a->status_error)
		app_status_clear(a);
	if ((r = j_move_key(s, j, k)))
		return r;
	switch (k->act) {
	case ACT_TAB:
	case ACT_BTAB:
	case ACT_RIGHT:
	case ACT_LEFT: /* vt100 has no Shift-Tab */
		j_other_book(s, j, k);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_SAVE:
		open_acts(j, a);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_CHAR:
		if (k->ch != '/')
			return SCR_HANDLED;
		/* fall through - the slash finds, as F7 does */
	case ACT_FIND:
		j->ask = JA_SEARCH;
		input_open(&j->l.in, _("Номер записи или фамилия:"), NULL);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_PRINT:
		print_pages(s, j);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ENTER:
		if (!j->n || !j->v[j->sel].case_id)
			return SCR_HANDLED;
		j->open_id = j->v[j->sel].case_id;
		a->push.ops = &case_screen;
		a->push.arg = &j->open_id;
		return SCR_PUSH | SCR_REDRAW;
	case ACT_QUIT:
	case ACT_ESC:
		if (j->surname[0]) { /* out of the search first */
			j->surname[0] = '\0';
			load(s, j, 2, 0);
			return SCR_HANDLED | SCR_REDRAW;
		}
		app_status_clear(a);
		return SCR_CLOSE;
	default:
		return 0;
	}
}

const struct screen_ops journal_screen = {
	.name = "journal",
	.enter = j_enter,
	.leave = j_leave,
	.draw = j_draw,
	.key = j_key,
	.personal = 1,
	.help = N_("Помощь: журнал\n"
		   "Книга журнала за год, страница за страницей; Tab или ←/→ — другая книга, ↑/↓, PgUp/PgDn — по записям, Home/End — к первой и последней. Enter — дело записи. Внизу — выбранная запись целиком.\n"
		   "F7 или / — найти: номер записи (12 или 12/2026) в этой книге или фамилию во всех книгах, по-русски или латиницей (ЭРИКССОН найдёт ERIKSSON); Esc — назад к книге.\n"
		   "F2 — действия: закрыть день (оператор журнала; экран скажет, закрыт ли день уже, и закроет только по F2), выгрузить книгу в CSV, перейти к номеру.\n"
		   "F8 — напечатать страницы книги, как бумажный журнал."),
};
