/* SPDX-License-Identifier: MIT */
/* The administrator's screen, three lists (Tab switches): accounts (add,
 * unlock, reset the password to a new first-login one), windows (seat an
 * account, free the window) and the year's holidays and transfers (add a
 * day off or a working day, remove an entry). F2 lists the acts on the
 * selected row. Roles are ticked in a list of their names, never typed.
 * A password reset asks first; a new password is shown once, on a box of
 * its own, and wiped when it is closed. Every change is one core call
 * that checks the admin's permission itself. */
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "calendar.h"
#include "clock.h"
#include "date.h"
#include "office.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

enum atab { AT_ACCOUNTS, AT_WINDOWS, AT_CALENDAR, AT__COUNT };

/* The steps of a multi-field prompt. */
enum astep {
	AS_NONE,
	AS_ADD_LOGIN, AS_ADD_NAME, AS_ADD_POSITION, AS_ADD_ROLES,
	AS_SEAT_WINDOW, AS_SEAT_LOGIN,
	AS_DAY_DATE, AS_DAY_NOTE,
};

struct admin {
	enum atab tab;
	struct account_info *acc;
	size_t nacc;
	struct window_info *win;
	size_t nwin;
	struct cal_day *days;      /* the year's non-ordinary days */
	size_t ndays;
	int year;
	int warn_year;             /* a year not confirmed ahead, or 0 */
	struct lscreen l;          /* its confirmation: a question, or a
				    * password shown once */
	enum astep step;
	char f[4][200];            /* values gathered by the steps */
	enum cal_kind day_kind;
	unsigned roles;            /* being ticked */
	struct lscroll rls;
	int roling;
	int confirm_reset;
};

static const char *const tab_title[AT__COUNT] = {
	N_("Учётные записи"), N_("Окна приёма"), N_("Праздники и переносы"),
};

static const struct fkey admin_keys[] = {
	{ACT_F2, N_("Действие")}, {ACT_F10, N_("Выход")},
};
static const struct fkey cancel_keys[] = {
	{ACT_F10, N_("Отмена")},
};

static void
reload(struct screen *s, struct admin *m)
{
	struct app *a = s->app;
	struct err e = {0};
	struct cal_day *all = NULL;
	size_t n = 0, i;

	free(m->acc);
	free(m->win);
	free(m->days);
	m->acc = NULL;
	m->win = NULL;
	m->days = NULL;
	m->nacc = m->nwin = m->ndays = 0;
	if (account_list(a->sess->store, &a->actor, &m->acc, &m->nacc, &e) !=
	    ST_OK)
		app_status(a, 1, "%s", e.msg);
	if (window_list(a->sess->store, a->office.id, &m->win, &m->nwin, &e) !=
	    ST_OK)
		app_status(a, 1, "%s", e.msg);
	m->warn_year = cal_ahead_year(a->sess->store, clock_today());
	if (cal_year(a->sess->store, m->year, &all, &n, &e) == ST_OK) {
		m->days = xcalloc(n ? n : 1, sizeof *m->days);
		for (i = 0; i < n; i++)
			if (all[i].kind != CAL_WORKDAY && all[i].kind != CAL_WEEKEND)
				m->days[m->ndays++] = all[i];
		free(all);
	}
}

static size_t
count(const struct admin *m)
{
	return m->tab == AT_ACCOUNTS ? m->nacc
	     : m->tab == AT_WINDOWS  ? m->nwin
				     : m->ndays;
}

static int
admin_enter(struct screen *s, void *arg)
{
	struct admin *m = xcalloc(1, sizeof *m);

	(void)arg;
	s->priv = m;
	m->year = clock_today().y;
	reload(s, m);
	return 0;
}

static void
admin_leave(struct screen *s)
{
	struct admin *m = s->priv;

	free(m->acc);
	free(m->win);
	free(m->days);
	lscreen_free(&m->l);
	free(m);
}

/* The warning that the next year's calendar is not confirmed. */
static void
warn_text(const struct admin *m, char *buf, size_t n)
{
	buf[0] = '\0';
	if (m->warn_year)
		snprintf(buf, n, _("Производственный календарь на %d год не подтвержден: сроки в нем предварительные (праздники по правилам, без Курбан айта и переносов). Внесите их и подтвердите год: okno settings set calendar.confirmed_year %d"),
			 m->warn_year, m->warn_year);
}

/* Rows the warning takes above the status line, at most WARN_ROWS. */
#define WARN_ROWS 3
static int
warn_rows(const struct admin *m)
{
	char buf[600];
	int r;

	warn_text(m, buf, sizeof buf);
	if (!buf[0])
		return 0;
	r = tui_para_rows(buf, COLS);
	return r < WARN_ROWS ? r : WARN_ROWS;
}

static int
rows(const struct admin *m)
{
	return LINES - 8 - warn_rows(m); /* 4 .. LINES-5 above the warning */
}

static const char *
kind_ru(enum cal_kind k)
{
	switch (k) {
	case CAL_HOLIDAY: return _("праздник");
	case CAL_MOVED: return _("перенесённый выходной");
	case CAL_TRANSFER_OFF: return _("перенос: выходной");
	case CAL_TRANSFER_WORK: return _("перенос: рабочий");
	case CAL_ADMIN_OFF: return _("выходной (введён)");
	case CAL_ADMIN_WORK: return _("рабочий (введён)");
	default: return "";
	}
}

/* Role names in the interface's language, comma-separated. */
static void
role_names(unsigned roles, char *out, size_t n)
{
	int i;

	out[0] = '\0';
	for (i = 0; i < ROLE__COUNT; i++)
		if (roles & (1u << i))
			snprintf(out + strlen(out), n - strlen(out), "%s%s",
				 out[0] ? ", " : "",
				 _(role_ru_name((enum role_bit)i)));
}

/* The roles of a new account, ticked with Space, Enter when done. */
static void
draw_roles(struct admin *m, struct app *a, WINDOW *w)
{
	int bw = 44, bx = (COLS - bw) / 2, y0 = 4, i;

	for (i = 0; i < ROLE__COUNT + 3; i++) {
		wmove(w, y0 + i, bx);
		wclrtoeol(w);
	}
	tui_box(w, y0, bx, ROLE__COUNT + 3, bw);
	wattron(w, A_BOLD);
	tui_text(w, y0, bx + 2, _("Роли: Пробел — отметить, Enter — готово"),
		 bw - 4);
	wattroff(w, A_BOLD);
	for (i = 0; i < ROLE__COUNT; i++) {
		char line[160];

		snprintf(line, sizeof line, "[%c] %s",
			 m->roles & (1u << i) ? 'x' : ' ',
			 _(role_ru_name((enum role_bit)i)));
		tui_text(w, y0 + 1 + i, bx + 2, line, bw - 4);
	}
	a->cur_y = y0 + 1 + (int)m->rls.sel;
	a->cur_x = bx + 3;
}

/* Row i of the list on the tab shown. */
static void
admin_line(struct screen *s, size_t i, char *buf, size_t size)
{
	struct admin *m = s->priv;
	char roles[256], d[16];

	switch (m->tab) {
	case AT_ACCOUNTS: {
		char *name = utf8_pad(m->acc[i].full_name, 30);

		role_names(m->acc[i].roles, roles, sizeof roles);
		snprintf(buf, size, "%-12s %s %s%s%s", m->acc[i].login, name,
			 roles,
			 m->acc[i].locked_until[0] ? _(" · заблокирована до ")
						   : "",
			 m->acc[i].locked_until);
		free(name);
		break;
	}
	case AT_WINDOWS:
		snprintf(buf, size, _("Окно %-3d %-12s %s  %s"),
			 m->win[i].number,
			 m->win[i].login[0] ? m->win[i].login : "—",
			 m->win[i].full_name, m->win[i].printer);
		break;
	default: {
		char *kind = utf8_pad(kind_ru(m->days[i].kind), 24);

		date_format_ru(m->days[i].date, d);
		snprintf(buf, size, "%s  %s %s", d, kind, m->days[i].note);
		free(kind);
		break;
	}
	}
}

static void
admin_draw(struct screen *s, WINDOW *w)
{
	struct admin *m = s->priv;
	struct app *a = s->app;
	char buf[600];
	int t, x = 0;

	tui_header(a, w, _("Администрирование"));
	for (t = 0; t < AT__COUNT; t++) {
		if (t == (int)m->tab)
			wattron(w, A_REVERSE);
		x += tui_text(w, 2, x, _(tab_title[t]), COLS - x);
		if (t == (int)m->tab)
			wattroff(w, A_REVERSE);
		x += 3;
	}
	if (m->tab == AT_CALENDAR) {
		snprintf(buf, sizeof buf, _("%d год (←/→ — другой год)"),
			 m->year);
		tui_text(w, 3, 0, buf, COLS);
	}
	lscreen_rows(&m->l, s, w, 4, rows(m), count(m), admin_line);
	if ((t = warn_rows(m)) > 0) {
		warn_text(m, buf, sizeof buf);
		wattron(w, A_BOLD);
		tui_para(w, LINES - 4 - t, 0, buf, COLS, t);
		wattroff(w, A_BOLD);
	}
	if (m->roling && !m->l.confirm.open) {
		draw_roles(m, a, w);
		status_draw(a, w, cancel_keys, 1);
	} else {
		lscreen_draw(&m->l, a, w, admin_keys, 2);
	}
}

static int
ask(struct admin *m, enum astep step, const char *label, const char *init)
{
	m->step = step;
	input_open(&m->l.in, label, init);
	return SCR_HANDLED | SCR_REDRAW;
}

static void
done(struct screen *s, struct admin *m, enum status st, const struct err *e,
     const char *ok)
{
	if (st != ST_OK)
		app_status(s->app, 1, "%s", e->msg);
	else
		app_status(s->app, 0, "%s", ok);
	reload(s, m);
}

/* A new first-login password, shown once on a box of its own. */
static void
show_password(struct admin *m, const char *login, const char *pw)
{
	confirm_open(&m->l.confirm, _("Пароль первого входа"), NULL);
	confirm_line(&m->l.confirm, _("Учётная запись: %s"), login);
	confirm_line(&m->l.confirm, _("Пароль: %s"), pw);
	confirm_line(&m->l.confirm, "%s",
		     _("Сообщите его сотруднику лично: при первом входе он задаст свой пароль. На экране этот пароль больше не появится."));
}

static void
add_account(struct screen *s, struct admin *m)
{
	struct app *a = s->app;
	struct err e = {0};
	char pw[16];

	account_random_password(pw, 10);
	if (account_add(a->sess->store, &a->actor, m->f[0], m->f[1], m->f[2],
			m->roles, a->office.code, NULL, pw, NULL, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		app_status(a, 0, _("Учётная запись %s создана"), m->f[0]);
		show_password(m, m->f[0], pw);
	}
	explicit_bzero(pw, sizeof pw);
	reload(s, m);
}

static void
reset_password(struct screen *s, struct admin *m)
{
	struct app *a = s->app;
	struct err e = {0};
	char pw[16], login[64];

	snprintf(login, sizeof login, "%s", m->acc[m->l.ls.sel].login);
	account_random_password(pw, 10);
	if (account_reset(a->sess->store, &a->actor, login, pw, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		app_status(a, 0, _("%s: пароль сброшен"), login);
		show_password(m, login, pw);
	}
	explicit_bzero(pw, sizeof pw);
	reload(s, m);
}

/* The next step of a prompt sequence, or the core call at its end. */
static int
step(struct screen *s, const char *txt)
{
	struct admin *m = s->priv;
	struct app *a = s->app;
	struct err e = {0};
	char msg[400];
	struct date d;

	switch (m->step) {
	case AS_ADD_LOGIN:
		snprintf(m->f[0], sizeof m->f[0], "%s", txt);
		return ask(m, AS_ADD_NAME, _("Ф. И. О.:"), NULL);
	case AS_ADD_NAME:
		snprintf(m->f[1], sizeof m->f[1], "%s", txt);
		return ask(m, AS_ADD_POSITION, _("Должность:"), NULL);
	case AS_ADD_POSITION:
		snprintf(m->f[2], sizeof m->f[2], "%s", txt);
		m->step = AS_ADD_ROLES;
		m->roles = ROLE_INSPECTOR;
		memset(&m->rls, 0, sizeof m->rls);
		m->roling = 1;
		return SCR_HANDLED | SCR_REDRAW;
	case AS_SEAT_WINDOW:
		snprintf(m->f[0], sizeof m->f[0], "%s", txt);
		return ask(m, AS_SEAT_LOGIN, _("Учётная запись:"), NULL);
	case AS_SEAT_LOGIN:
		m->step = AS_NONE;
		snprintf(msg, sizeof msg, _("Окно %s: %s"), m->f[0], txt);
		done(s, m,
		     window_set(a->sess->store, &a->actor, a->office.code,
				atoi(m->f[0]), txt, &e),
		     &e, msg);
		return SCR_HANDLED | SCR_REDRAW;
	case AS_DAY_DATE:
		snprintf(m->f[0], sizeof m->f[0], "%s", txt);
		return ask(m, AS_DAY_NOTE, _("Основание (постановление):"), NULL);
	case AS_DAY_NOTE:
		m->step = AS_NONE;
		if (date_parse_any(m->f[0], &d) != 0) {
			app_status(a, 1, _("Дата: ожидается ДД.ММ.ГГГГ, получено «%s»"),
				   m->f[0]);
			return SCR_HANDLED | SCR_REDRAW;
		}
		m->year = d.y;
		done(s, m, cal_set(a->sess->store, &a->actor, d, m->day_kind, txt,
				   &e),
		     &e, _("Календарь изменён"));
		return SCR_HANDLED | SCR_REDRAW;
	default:
		m->step = AS_NONE;
		return SCR_HANDLED | SCR_REDRAW;
	}
}

static int
roles_key(struct screen *s, struct admin *m, const struct key *k)
{
	lscroll_fit(&m->rls, ROLE__COUNT, ROLE__COUNT);
	if (lscroll_key(&m->rls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	if (k->act == ACT_CHAR && (k->ch == ' ' || k->ch == 'x')) {
		m->roles ^= 1u << m->rls.sel;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k->act == ACT_ENTER || k->act == ACT_SAVE) {
		if (!m->roles) {
			app_status(s->app, 1, "%s", _("Отметьте хотя бы одну роль"));
			return SCR_HANDLED | SCR_REDRAW;
		}
		m->roling = 0;
		m->step = AS_NONE;
		add_account(s, m);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k->act == ACT_ESC || k->act == ACT_QUIT) {
		m->roling = 0;
		m->step = AS_NONE;
		return SCR_HANDLED | SCR_REDRAW;
	}
	return SCR_HANDLED;
}

/* F2: the acts on the list shown (on its selected row, when it has
 * one). */
static size_t
acts(struct screen *s, const char **title)
{
	struct admin *m = s->priv;
	struct lscreen *l = &m->l;
	size_t n = 0;

	if (m->tab == AT_ACCOUNTS) {
		lscreen_item(l, n++, _("Добавить учётную запись"), "add");
		if (count(m)) {
			lscreen_item(l, n++, _("Разблокировать"), "unlock");
			lscreen_item(l, n++, _("Новый пароль первого входа"),
				     "reset");
		}
	} else if (m->tab == AT_WINDOWS) {
		lscreen_item(l, n++, _("Закрепить сотрудника за окном"),
			     "seat");
		if (count(m))
			lscreen_item(l, n++, _("Освободить окно"), "free");
	} else {
		lscreen_item(l, n++, _("Выходной день (перенос)"), "off");
		lscreen_item(l, n++, _("Рабочий день (перенос)"), "work");
		if (count(m))
			lscreen_item(l, n++, _("Удалить введённый день"),
				     "remove");
	}
	*title = _("Действие");
	return n;
}

static int
chosen(struct screen *s, const char *code)
{
	struct admin *m = s->priv;
	struct app *a = s->app;
	struct err e = {0};
	char msg[400];

	if (!strcmp(code, "add"))
		return ask(m, AS_ADD_LOGIN, _("Логин:"), NULL);
	if (!strcmp(code, "seat"))
		return ask(m, AS_SEAT_WINDOW, _("Окно №:"), NULL);
	if (!strcmp(code, "off") || !strcmp(code, "work")) {
		m->day_kind = !strcmp(code, "off") ? CAL_ADMIN_OFF
						   : CAL_ADMIN_WORK;
		return ask(m, AS_DAY_DATE, m->day_kind == CAL_ADMIN_OFF
				   ? _("Выходной день (ДД.ММ.ГГГГ):")
				   : _("Рабочий день (ДД.ММ.ГГГГ):"),
			   NULL);
	}
	if (!strcmp(code, "unlock")) {
		snprintf(msg, sizeof msg, _("Учётная запись %s разблокирована"),
			 m->acc[m->l.ls.sel].login);
		done(s, m, account_unlock(a->sess->store, &a->actor,
					  m->acc[m->l.ls.sel].login, &e),
		     &e, msg);
	} else if (!strcmp(code, "reset")) {
		confirm_open(&m->l.confirm, _("Сбросить пароль?"),
			     _("F2 — сбросить"));
		confirm_line(&m->l.confirm, _("Учётная запись: %s, %s"),
			     m->acc[m->l.ls.sel].login, m->acc[m->l.ls.sel].full_name);
		confirm_line(&m->l.confirm, "%s",
			     _("Нынешний пароль перестанет действовать; будет выдан пароль первого входа, который сотрудник сменит при входе."));
		m->confirm_reset = 1;
	} else if (!strcmp(code, "free")) {
		snprintf(msg, sizeof msg, _("Окно %d освобождено"),
			 m->win[m->l.ls.sel].number);
		done(s, m, window_set(a->sess->store, &a->actor, a->office.code,
				      m->win[m->l.ls.sel].number, NULL, &e),
		     &e, msg);
	} else if (!strcmp(code, "remove")) {
		if (m->days[m->l.ls.sel].kind == CAL_ADMIN_OFF ||
		    m->days[m->l.ls.sel].kind == CAL_ADMIN_WORK)
			done(s, m, cal_remove(a->sess->store, &a->actor,
					      m->days[m->l.ls.sel].date, &e),
			     &e, _("Календарь изменён"));
		else
			app_status(a, 1, "%s",
				   _("Удалить можно только введённые администратором дни"));
	}
	return SCR_HANDLED | SCR_REDRAW;
}

/* F2 on the question: the password reset. */
static int
yes(struct screen *s)
{
	struct admin *m = s->priv;

	if (m->confirm_reset) {
		m->confirm_reset = 0;
		reset_password(s, m);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static void
cancel(struct screen *s)
{
	struct admin *m = s->priv;

	m->step = AS_NONE;
	m->confirm_reset = 0;
}

/* Tab: the next list; ←/→ on the calendar: another year. */
static int
tab_key(struct screen *s, const struct key *k)
{
	struct admin *m = s->priv;

	switch (k->act) {
	case ACT_TAB:
	case ACT_BTAB:
		m->tab = (enum atab)((m->tab + (k->act == ACT_TAB ? 1 : 2)) %
				     AT__COUNT);
		memset(&m->l.ls, 0, sizeof m->l.ls);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (m->tab != AT_CALENDAR)
			return SCR_HANDLED;
		m->year += k->act == ACT_LEFT ? -1 : 1;
		memset(&m->l.ls, 0, sizeof m->l.ls);
		reload(s, m);
		return SCR_HANDLED | SCR_REDRAW;
	default:
		return 0;
	}
}

static const struct lscreen_ops admin_ops = {
	.menu = acts, .chosen = chosen, .typed = step, .yes = yes,
	.no = cancel, .cancel = cancel, .key = tab_key,
};

static int
admin_key(struct screen *s, const struct key *k)
{
	struct admin *m = s->priv;

	if (m->roling && !m->l.confirm.open)
		return roles_key(s, m, k);
	return lscreen_key(&m->l, s, &admin_ops, k, count(m), rows(m));
}

const struct screen_ops admin_screen = {
	.name = "admin",
	.enter = admin_enter,
	.leave = admin_leave,
	.draw = admin_draw,
	.key = admin_key,
	.esc_closes = 1,
	.help = N_("Помощь: администрирование\n"
		   "Tab — список: учётные записи, окна приёма, праздники и переносы (←/→ — другой год). ↑/↓ — выбрать строку.\n"
		   "F2 — действия со списком: добавить учётную запись (роли отмечаются в списке пробелом), разблокировать, выдать новый пароль первого входа (спрашивает подтверждение; пароль показывается один раз, в отдельном окне, и стирается, когда его закрывают); закрепить сотрудника за окном или освободить окно; ввести выходной или рабочий день по постановлению правительства, удалить введённый."),
};
