/* SPDX-License-Identifier: MIT */
/* The office journal on screen: one book (Tab switches books) of one year,
 * a page of entries at a time. Pages are read by journal number (keyset:
 * "numbers after the last one shown", "numbers before the first one"),
 * never by offset, so the millionth entry comes as fast as the first.
 * Tab or ←/→ switch books; / searches by surname; F6 exports the book to CSV; F7 closes the day
 * (its closing line and check code); Enter opens the entry's case. */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "journal.h"
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

enum jask { JA_NONE, JA_SEARCH, JA_EXPORT, JA_GOTO };

struct jscreen {
	long long office;
	size_t book;                  /* index into the catalogue */
	int year;
	struct journal_line *v;
	size_t n, sel;
	char surname[128];            /* search, "" when paging */
	struct winput in;
	enum jask ask;
	long long open_id;
};

static const struct fkey j_keys[] = {
	{ACT_F2, "Поиск"}, {ACT_F3, "Номер"}, {ACT_F6, "Экспорт"},
	{ACT_F8, "Печать"}, {ACT_F7, "Закрыть день"}, {ACT_F10, "Выход"},
};

static const struct fkey cancel_keys[] = {
	{ACT_F10, "Отмена"},
};

static int
page_rows(void)
{
	int r = LINES - 7;

	return r > PAGE_MAX ? PAGE_MAX : r;
}

static const char *
book_code(const struct jscreen *j)
{
	size_t n;
	const struct service *sv = catalog_all(&n);

	return sv[j->book % n].book;
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
		f.surname = j->surname;
		f.book = NULL;
		f.year = 0;
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
	journal_lines_free(j->v, j->n);
	j->v = v;
	j->n = n;
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
	free(j);
}

static const char *
jstr(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "";
}

static void
j_draw(struct screen *s, WINDOW *w)
{
	struct jscreen *j = s->priv;
	struct app *a = s->app;
	char title[256], buf[320], when[16];
	size_t i, n;
	const struct service *sv = catalog_all(&n);

	if (j->surname[0])
		snprintf(title, sizeof title, _("Журнал: поиск «%s»"), j->surname);
	else
		snprintf(title, sizeof title, _("Журнал: %s, %d год"),
			 _(sv[j->book % n].book_ru), j->year);
	tui_header(a, w, title);
	wattron(w, A_BOLD);
	tui_text(w, 2, 0, _("   №     Дата        Заявитель                     "
			    "Гражд.  Состояние"),
		 COLS);
	wattroff(w, A_BOLD);
	a->cur_y = -1;
	if (!j->n)
		tui_text(w, 3, 2, _("Записей нет"), COLS - 2);
	for (i = 0; i < j->n; i++) {
		json_t *c = json_loads(j->v[i].content ? j->v[i].content : "{}",
				       0, NULL);
		int y = 3 + (int)i;
		enum case_state st;

		snprintf(buf, sizeof buf, "%.10s", j->v[i].at);
		date_iso_to_ru(buf, when);
		snprintf(buf, sizeof buf, "%7lld", j->v[i].no);
		if (i == j->sel) {
			mvwaddch(w, y, 0, '>');
			a->cur_y = y;
			a->cur_x = 0;
		}
		tui_text(w, y, 1, buf, 7);
		tui_text(w, y, 9, when, 10);
		snprintf(buf, sizeof buf, "%s %s", jstr(c, "surname"),
			 jstr(c, "given_names"));
		tui_text(w, y, 21, buf, 29);
		tui_text(w, y, 51, jstr(c, "citizenship"), 6);
		if (workflow_state_parse(j->v[i].state, &st) == 0)
			tui_text(w, y, 58, _(workflow_state_ru(st)), COLS - 58);
		json_decref(c);
	}
	if (j->in.open) {
		input_draw(&j->in, a, w, LINES - 3);
		status_draw(a, w, cancel_keys, 1);
	} else {
		status_draw(a, w, j_keys, sizeof j_keys / sizeof *j_keys);
	}
}

/* Give a file out (struct journal_out's deliver; arg is the path). */
static enum status
to_file(void *arg, const char *text, size_t n, struct err *e)
{
	return print_to_file(arg, text, n, e);
}

/* The book's entries of the year to a CSV file. */
static void
export_csv(struct screen *s, struct jscreen *j, const char *path)
{
	struct app *a = s->app;
	struct journal_out o;
	struct err e = {0};

	memset(&o, 0, sizeof o);
	o.office_id = j->office;
	o.f.book = book_code(j);
	o.f.year = j->year;
	o.csv = 1;
	o.dest = path;
	o.deliver = to_file;
	o.arg = (void *)path;
	if (journal_export(a->sess->store, &a->actor, a->sess->forms, &o,
			   &e) != ST_OK)
		app_status(a, 1, "%s", e.msg);
	else
		app_status(a, 0, _("Выгружено записей: %lld в %s"), o.rows,
			   path);
}

/* Where the window's printer put a text, for the status line. */
struct sent {
	struct app *app;
	const char *name;
	char where[400];
};

/* Send text to the window's printer (file, lp or the terminal's printer);
 * with no printer chosen for the window, to a file in $HOME (struct
 * journal_out's deliver; arg is a struct sent). */
static enum status
to_printer(void *arg, const char *text, size_t n, struct err *e)
{
	struct sent *x = arg;
	struct app *a = x->app;
	struct print_req r;
	struct strbuf out = {0};
	char choice[300], buf[400];
	enum status st;

	(void)n;
	memset(&r, 0, sizeof r);
	if (!a->window_no ||
	    !printer_of_window(a->sess->store, a->actor.office_id, a->window_no,
			       choice, sizeof choice)) {
		const char *home = getenv("HOME");

		snprintf(choice, sizeof choice, "file:%s/",
			 home && *home ? home : ".");
	}
	if ((st = printer_target(choice, x->name, &r, buf, sizeof buf, e)) !=
		    ST_OK ||
	    (st = encode_convert(text, ENC_UTF8, ENC_TRANSLIT_PUNCT, &out,
				 e)) != ST_OK)
		return st;
	if (r.target == PT_FILE)
		st = print_to_file(r.dest, out.s ? out.s : "", out.len, e);
	else if (r.target == PT_LP)
		st = print_to_lp(r.dest, out.s ? out.s : "", out.len, e);
	else
		st = print_to_terminal(NULL, out.s ? out.s : "", out.len, e);
	sb_free(&out);
	if (r.target == PT_FILE)
		snprintf(x->where, sizeof x->where, _("в файл %s"), r.dest);
	else if (r.target == PT_LP)
		snprintf(x->where, sizeof x->where, _("на принтер %s"), r.dest);
	else
		snprintf(x->where, sizeof x->where, "%s",
			 _("на принтер терминала"));
	return st;
}

/* Print the book of the year as the paper journal's pages: the same
 * pages, seal and audit line as `okno journal print`. */
static void
print_pages(struct screen *s, struct jscreen *j)
{
	struct app *a = s->app;
	struct journal_out o;
	struct err e = {0};
	char name[64], *tdir;
	struct sent x = {a, name, ""};

	snprintf(name, sizeof name, "journal-%s-%d", book_code(j), j->year);
	memset(&o, 0, sizeof o);
	o.office_id = j->office;
	o.f.book = book_code(j);
	o.f.year = j->year;
	o.width = 80;
	tdir = xasprintf("%s/templates", a->sess->forms_dir);
	o.templates_dir = tdir;
	o.dest = name;
	o.deliver = to_printer;
	o.arg = &x;
	if (journal_print(a->sess->store, &a->actor, a->sess->forms, &o, &e) !=
	    ST_OK)
		app_status(a, 1, "%s", e.msg);
	else if (!o.rows)
		app_status(a, 1, "%s", _("Записей нет"));
	else
		app_status(a, 0, _("Напечатано %s"), x.where);
	free(tdir);
}

static void
close_day(struct screen *s, struct jscreen *j)
{
	struct app *a = s->app;
	struct journal_day d;
	struct err e = {0};

	if (journal_close_day(a->sess->store, &a->actor, j->office, NULL, &d,
			      &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return;
	}
	{
		struct office_info off;
		struct strbuf t = {0};
		char name[64];
		struct sent x = {a, name, ""};

		memset(&off, 0, sizeof off);
		if (office_get_id(a->sess->store, j->office, &off, &e) !=
		    ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return;
		}
		journal_day_sheet(&d, off.name, a->actor.full_name, &t);
		snprintf(name, sizeof name, "day-close-%s", d.date);
		if (to_printer(&x, t.s ? t.s : "", t.len, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			sb_free(&t);
			return;
		}
		sb_free(&t);
	}
	app_status(a, 0,
		   _("День %s закрыт%s: строк %lld, записей %lld, печать %s, "
		     "код %s"),
		   d.date, d.repeated ? _(" повторно") : "", d.lines, d.entries,
		   d.short_form, d.code);
}

static int
j_key(struct screen *s, const struct key *k)
{
	struct jscreen *j = s->priv;
	struct app *a = s->app;
	size_t nb;

	if (j->in.open) {
		char *txt;

		if (input_key(&j->in, k) != INPUT_DONE)
			return SCR_HANDLED | SCR_REDRAW;
		txt = input_text(&j->in);
		switch (j->ask) {
		case JA_SEARCH:
			snprintf(j->surname, sizeof j->surname, "%s", txt);
			load(s, j, 0, 0);
			if (!j->surname[0])
				load(s, j, 2, 0);
			break;
		case JA_GOTO:
			j->surname[0] = '\0';
			load(s, j, 0, atoll(txt) > 0 ? atoll(txt) : 1);
			break;
		case JA_EXPORT:
			if (*txt)
				export_csv(s, j, txt);
			break;
		default:
			break;
		}
		free(txt);
		j->ask = JA_NONE;
		return SCR_HANDLED | SCR_REDRAW;
	}
	catalog_all(&nb);
	switch (k->act) {
	case ACT_UP:
		if (j->sel > 0)
			j->sel--;
		else
			load(s, j, -1, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_DOWN:
		if (j->sel + 1 < j->n)
			j->sel++;
		else if (!j->surname[0])
			load(s, j, 1, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_PGUP:
		if (!j->surname[0])
			load(s, j, -1, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_PGDN:
		if (!j->surname[0])
			load(s, j, 1, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_HOME:
		j->surname[0] = '\0';
		load(s, j, 0, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_END:
		j->surname[0] = '\0';
		load(s, j, 2, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_TAB:
	case ACT_BTAB:
	case ACT_RIGHT:
	case ACT_LEFT: /* vt100 has no Shift-Tab */
		j->book = (j->book + (k->act == ACT_TAB || k->act == ACT_RIGHT
					      ? 1
					      : nb - 1)) %
			  nb;
		j->surname[0] = '\0';
		journal_lines_free(j->v, j->n);
		j->v = NULL;
		j->n = 0;
		load(s, j, 2, 0);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F2:
		j->ask = JA_SEARCH;
		input_open(&j->in, _("Фамилия (начало):"), j->surname);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_CHAR:
		if (k->ch == '/') {
			j->ask = JA_SEARCH;
			input_open(&j->in, _("Фамилия (начало):"), NULL);
			return SCR_HANDLED | SCR_REDRAW;
		}
		return SCR_HANDLED;
	case ACT_F3:
		j->ask = JA_GOTO;
		input_open(&j->in, _("Перейти к номеру:"), NULL);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F6: {
		const char *home = getenv("HOME");
		char def[300];

		snprintf(def, sizeof def, "%s/journal-%s-%d.csv",
			 home && *home ? home : ".", book_code(j), j->year);
		j->ask = JA_EXPORT;
		input_open(&j->in, _("Выгрузить в файл:"), def);
		return SCR_HANDLED | SCR_REDRAW;
	}
	case ACT_F8:
		print_pages(s, j);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F7:
		close_day(s, j);
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
};
