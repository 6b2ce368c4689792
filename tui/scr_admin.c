/* SPDX-License-Identifier: MIT */
/* The administrator's screen, three lists (Tab switches): accounts (add,
 * unlock, reset the password to a new first-login one), windows (seat an
 * account, free the window) and the year's holidays and transfers (add a
 * day off or a working day, remove an entry). Every change is one core
 * call that checks the admin's permission itself. */
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
	size_t sel, top;
	struct winput in;
	enum astep step;
	char f[4][200];            /* values gathered by the steps */
	enum cal_kind day_kind;
};

static const char *const tab_title[AT__COUNT] = {
	N_("Учётные записи"), N_("Окна приёма"), N_("Праздники и переносы"),
};

static const struct fkey acc_keys[] = {
	{ACT_F2, "Добавить"}, {ACT_F3, "Разблокировать"},
	{ACT_F4, "Новый пароль"}, {ACT_F10, "Выход"},
};
static const struct fkey win_keys[] = {
	{ACT_F2, "Закрепить"}, {ACT_F4, "Освободить"}, {ACT_F10, "Выход"},
};
static const struct fkey cal_keys[] = {
	{ACT_F2, "Выходной"}, {ACT_F3, "Рабочий"}, {ACT_F4, "Удалить"},
	{ACT_F10, "Выход"},
};
static const struct fkey cancel_keys[] = {
	{ACT_F10, "Отмена"},
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
	free(m);
}

static int
rows(void)
{
	return LINES - 8; /* 4 .. LINES-5 */
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

static void
admin_draw(struct screen *s, WINDOW *w)
{
	struct admin *m = s->priv;
	struct app *a = s->app;
	char buf[512], roles[256], d[16];
	size_t i, n = count(m);
	int t, x = 0, y;

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
	if (m->sel >= n)
		m->sel = n ? n - 1 : 0;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + (size_t)rows())
		m->top = m->sel - (size_t)rows() + 1;
	a->cur_y = -1;
	for (i = m->top; i < n && i < m->top + (size_t)rows(); i++) {
		y = 4 + (int)(i - m->top);
		switch (m->tab) {
		case AT_ACCOUNTS: {
			char *name = utf8_pad(m->acc[i].full_name, 30);

			role_format(m->acc[i].roles, roles, sizeof roles);
			snprintf(buf, sizeof buf, "%-12s %s %s%s%s",
				 m->acc[i].login, name, roles,
				 m->acc[i].locked_until[0] ? _(" · заблокирована до ")
							   : "",
				 m->acc[i].locked_until);
			free(name);
			break;
		}
		case AT_WINDOWS:
			snprintf(buf, sizeof buf, _("Окно %-3d %-12s %s  %s"),
				 m->win[i].number,
				 m->win[i].login[0] ? m->win[i].login : "—",
				 m->win[i].full_name, m->win[i].printer);
			break;
		default: {
			char *kind = utf8_pad(kind_ru(m->days[i].kind), 24);

			date_format_ru(m->days[i].date, d);
			snprintf(buf, sizeof buf, "%s  %s %s", d, kind,
				 m->days[i].note);
			free(kind);
			break;
		}
		}
		if (i == m->sel) {
			mvwaddch(w, y, 0, '>');
			a->cur_y = y;
			a->cur_x = 0;
		}
		tui_text(w, y, 2, buf, COLS - 2);
	}
	if (m->in.open) {
		input_draw(&m->in, a, w, LINES - 3);
		status_draw(a, w, cancel_keys, 1);
	} else if (m->tab == AT_ACCOUNTS) {
		status_draw(a, w, acc_keys, sizeof acc_keys / sizeof *acc_keys);
	} else if (m->tab == AT_WINDOWS) {
		status_draw(a, w, win_keys, sizeof win_keys / sizeof *win_keys);
	} else {
		status_draw(a, w, cal_keys, sizeof cal_keys / sizeof *cal_keys);
	}
}

static int
ask(struct admin *m, enum astep step, const char *label, const char *init)
{
	m->step = step;
	input_open(&m->in, label, init);
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

/* The next step of a prompt sequence, or the core call at its end. */
static int
step(struct screen *s, struct admin *m, const char *txt)
{
	struct app *a = s->app;
	struct err e = {0};
	char msg[400], pw[16];
	unsigned roles;
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
		return ask(m, AS_ADD_ROLES,
			   _("Роли (inspector, records, chief, operator, "
			     "auditor, admin):"),
			   "inspector");
	case AS_ADD_ROLES:
		m->step = AS_NONE;
		if (role_parse(txt, &roles, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			return SCR_HANDLED | SCR_REDRAW;
		}
		account_random_password(pw, 10);
		snprintf(msg, sizeof msg,
			 _("Учётная запись %s создана; пароль первого входа: %s"),
			 m->f[0], pw);
		done(s, m,
		     account_add(a->sess->store, &a->actor, m->f[0], m->f[1],
				 m->f[2], roles, a->office.code, NULL, pw, NULL,
				 &e),
		     &e, msg);
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
admin_key(struct screen *s, const struct key *k)
{
	struct admin *m = s->priv;
	struct app *a = s->app;
	struct err e = {0};
	size_t n = count(m);
	char msg[400], pw[16];

	if (m->in.open) {
		int r = input_key(&m->in, k);

		if (r == INPUT_DONE) {
			char *txt = input_text(&m->in);

			r = step(s, m, txt);
			free(txt);
			return r;
		}
		if (r == INPUT_CANCEL)
			m->step = AS_NONE;
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (k->act) {
	case ACT_TAB:
	case ACT_BTAB:
		m->tab = (enum atab)((m->tab + (k->act == ACT_TAB ? 1 : 2)) %
				     AT__COUNT);
		m->sel = m->top = 0;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_UP:
		if (m->sel > 0)
			m->sel--;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_DOWN:
		if (m->sel + 1 < n)
			m->sel++;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_LEFT:
	case ACT_RIGHT:
		if (m->tab != AT_CALENDAR)
			return SCR_HANDLED;
		m->year += k->act == ACT_LEFT ? -1 : 1;
		m->sel = m->top = 0;
		reload(s, m);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F2:
		if (m->tab == AT_ACCOUNTS)
			return ask(m, AS_ADD_LOGIN, _("Логин:"), NULL);
		if (m->tab == AT_WINDOWS)
			return ask(m, AS_SEAT_WINDOW, _("Окно №:"), NULL);
		m->day_kind = CAL_ADMIN_OFF;
		return ask(m, AS_DAY_DATE, _("Выходной день (ДД.ММ.ГГГГ):"), NULL);
	case ACT_F3:
		if (m->tab == AT_CALENDAR) {
			m->day_kind = CAL_ADMIN_WORK;
			return ask(m, AS_DAY_DATE,
				   _("Рабочий день (ДД.ММ.ГГГГ):"), NULL);
		}
		if (m->tab != AT_ACCOUNTS || !n)
			return SCR_HANDLED;
		snprintf(msg, sizeof msg, _("Учётная запись %s разблокирована"),
			 m->acc[m->sel].login);
		done(s, m, account_unlock(a->sess->store, &a->actor,
					  m->acc[m->sel].login, &e),
		     &e, msg);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_F4:
		if (!n)
			return SCR_HANDLED;
		if (m->tab == AT_ACCOUNTS) {
			account_random_password(pw, 10);
			snprintf(msg, sizeof msg,
				 _("%s: новый пароль первого входа: %s"),
				 m->acc[m->sel].login, pw);
			done(s, m, account_reset(a->sess->store, &a->actor,
						 m->acc[m->sel].login, pw, &e),
			     &e, msg);
		} else if (m->tab == AT_WINDOWS) {
			snprintf(msg, sizeof msg, _("Окно %d освобождено"),
				 m->win[m->sel].number);
			done(s, m, window_set(a->sess->store, &a->actor,
					      a->office.code,
					      m->win[m->sel].number, NULL, &e),
			     &e, msg);
		} else if (m->days[m->sel].kind == CAL_ADMIN_OFF ||
			   m->days[m->sel].kind == CAL_ADMIN_WORK) {
			done(s, m, cal_remove(a->sess->store, &a->actor,
					      m->days[m->sel].date, &e),
			     &e, _("Календарь изменён"));
		} else {
			app_status(a, 1, "%s",
				   _("Удалить можно только введённые "
				     "администратором дни"));
		}
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_QUIT:
	case ACT_ESC:
		app_status_clear(a);
		return SCR_CLOSE;
	default:
		return 0;
	}
}

const struct screen_ops admin_screen = {
	.name = "admin",
	.enter = admin_enter,
	.leave = admin_leave,
	.draw = admin_draw,
	.key = admin_key,
};
