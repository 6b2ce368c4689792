/* SPDX-License-Identifier: MIT */
/* The login screen: account and password, checked by core exactly as the
 * CLI checks them (lockout and its message included), with the same
 * origin (the SSH client's address) and Unix account binding; a
 * first-login password is changed here before going on. */
#include <string.h>

#include "account.h"
#include "screen.h"
#include "session.h"
#include "util.h"

#define FIELD_X 22
#define FIELD_W 30
#define LINE_MAX 256

enum { L_LOGIN, L_PASSWORD, L_NEW, L_REPEAT, L_NFIELDS };

struct login {
	char f[L_NFIELDS][LINE_MAX];
	int focus;
	int changing;   /* first login: new password wanted */
	char old_pw[PASSWORD_MAX + 1];
	struct actor who;
};

static const struct fkey login_keys[] = {
	{ACT_F10, N_("Выход")},
};

static int
login_enter(struct screen *s, void *arg)
{
	struct login *l = xcalloc(1, sizeof *l);
	const char *as = s->app->sess->as_login;

	(void)arg;
	s->priv = l;
	if (as) {
		snprintf(l->f[L_LOGIN], sizeof l->f[L_LOGIN], "%s", as);
		l->focus = L_PASSWORD;
	}
	return 0;
}

static void
login_leave(struct screen *s)
{
	struct login *l = s->priv;

	explicit_bzero(l, sizeof *l);
	free(l);
}

static void
put_field(WINDOW *w, int y, const char *label, const char *v, int secret)
{
	size_t n = utf8_len(v), i;

	tui_text(w, y, 4, label, FIELD_X - 5);
	mvwaddch(w, y, FIELD_X - 1, '[');
	if (secret) {
		for (i = 0; i < n && i < FIELD_W; i++)
			mvwaddch(w, y, FIELD_X + (int)i, '*');
	} else {
		tui_text(w, y, FIELD_X, v, FIELD_W);
	}
	mvwaddch(w, y, FIELD_X + FIELD_W, ']');
}

static void
login_draw(struct screen *s, WINDOW *w)
{
	struct login *l = s->priv;
	int y;

	tui_header(s->app, w, _("Вход в систему"));
	if (!l->changing) {
		put_field(w, 4, _("Учётная запись:"), l->f[L_LOGIN], 0);
		put_field(w, 6, _("Пароль:"), l->f[L_PASSWORD], 1);
	} else {
		tui_text(w, 4, 4, _("Первый вход: задайте свой пароль (не короче 8 знаков)."), COLS - 8);
		put_field(w, 6, _("Новый пароль:"), l->f[L_NEW], 1);
		put_field(w, 8, _("Ещё раз:"), l->f[L_REPEAT], 1);
	}
	/* Said plainly, in ASCII, what a terminal without Cyrillic needs. */
	if (s->app->ascii)
		tui_para(w, 11, 4, "This terminal's character set has no "
			 "Cyrillic (LANG=C): Russian is shown in Latin "
			 "letters. For Russian letters log in with LANG set "
			 "to ru_RU.UTF-8 (or ru_RU.KOI8-R, ru_RU.CP1251 for a "
			 "terminal of that charset).", COLS - 8, 5);
	status_draw(s->app, w, login_keys,
		    s->app->kiosk ? 0 : sizeof login_keys / sizeof *login_keys);
	y = l->focus == L_LOGIN ? 4 : l->focus == L_PASSWORD ? 6
	  : l->focus == L_NEW ? 6 : 8;
	s->app->cur_y = y;
	s->app->cur_x = FIELD_X + (int)(utf8_len(l->f[l->focus]) < FIELD_W
					? utf8_len(l->f[l->focus]) : FIELD_W);
}

static int
finish(struct screen *s, struct login *l)
{
	struct app *a = s->app;

	app_login_done(a, &l->who);
	app_status_clear(a);
	a->push.ops = a->intake_service ? &intake_screen : &menu_screen;
	a->push.arg = &a->start;
	return SCR_CLOSE | SCR_PUSH | SCR_REDRAW;
}

static int
submit(struct screen *s, struct login *l)
{
	struct app *a = s->app;
	struct err e = {0};
	int must = 0;

	if (!l->changing) {
		if (l->focus == L_LOGIN) {
			l->focus = L_PASSWORD;
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (session_login(a->sess, l->f[L_LOGIN], l->f[L_PASSWORD],
				  "tty", &l->who, &must, &e) != ST_OK) {
			explicit_bzero(l->f[L_PASSWORD], LINE_MAX);
			app_status(a, 1, "%s", e.msg);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (!must) {
			explicit_bzero(l->f[L_PASSWORD], LINE_MAX);
			return finish(s, l);
		}
		snprintf(l->old_pw, sizeof l->old_pw, "%s", l->f[L_PASSWORD]);
		explicit_bzero(l->f[L_PASSWORD], LINE_MAX);
		l->changing = 1;
		l->focus = L_NEW;
		app_status(a, 0, "%s", _("Смените пароль первого входа"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (l->focus == L_NEW) {
		l->focus = L_REPEAT;
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (strcmp(l->f[L_NEW], l->f[L_REPEAT]) != 0) {
		app_status(a, 1, "%s", _("Пароли не совпадают"));
	} else if (account_passwd(a->sess->store, &l->who, l->old_pw,
				  l->f[L_NEW], &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
	} else {
		explicit_bzero(l->old_pw, sizeof l->old_pw);
		return finish(s, l);
	}
	explicit_bzero(l->f[L_NEW], LINE_MAX);
	explicit_bzero(l->f[L_REPEAT], LINE_MAX);
	l->focus = L_NEW;
	return SCR_HANDLED | SCR_REDRAW;
}

static int
login_key(struct screen *s, const struct key *k)
{
	struct login *l = s->priv;
	char *v = l->f[l->focus];
	size_t n = strlen(v);
	int first = l->changing ? L_NEW : L_LOGIN;

	switch (k->act) {
	case ACT_QUIT:
		return s->app->kiosk ? SCR_HANDLED : SCR_QUIT;
	case ACT_TAB:
	case ACT_DOWN:
	case ACT_UP:
	case ACT_BTAB:
		l->focus = l->focus == first ? first + 1 : first;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ENTER:
	case ACT_SAVE:
		return submit(s, l);
	case ACT_BACKSPACE:
		while (n > 0 && ((unsigned char)v[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			v[n - 1] = '\0';
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_CHAR: {
		char enc[5];
		int m = utf8_encode(k->ch, enc);

		if (n + (size_t)m + 1 < LINE_MAX) {
			memcpy(v + n, enc, (size_t)m);
			v[n + (size_t)m] = '\0';
		}
		if (s->app->status_error)
			app_status_clear(s->app);
		return SCR_HANDLED | SCR_REDRAW;
	}
	default:
		return 0;
	}
}

const struct screen_ops login_screen = {
	.name = "login",
	.enter = login_enter,
	.leave = login_leave,
	.draw = login_draw,
	.key = login_key,
	.help = N_("Помощь: вход в систему\n"
		   "Учётная запись и пароль, которые выдал администратор; Tab или Enter — к паролю, Enter — войти. При первом входе задайте свой пароль (не короче 8 знаков) и повторите его.\n"
		   "После нескольких неверных паролей подряд учётная запись блокируется на время; разблокирует администратор."),
};
