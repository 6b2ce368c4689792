/* SPDX-License-Identifier: MIT */
/* The idle lock: after the configured idle time the screen is blanked
 * (no personal data stays visible) until the same account's password is
 * given again; F10 ends the session instead, keeping the work as a draft. */
#include <string.h>

#include "account.h"
#include "session.h"
#include "screen.h"
#include "util.h"

#define PW_MAX 256

struct lock {
	char pw[PW_MAX];
};

static const struct fkey lock_keys[] = {
	{ACT_F10, N_("Выйти")},
};

static int
lock_enter(struct screen *s, void *arg)
{
	(void)arg;
	s->priv = xcalloc(1, sizeof(struct lock));
	app_status_clear(s->app);
	return 0;
}

static void
lock_leave(struct screen *s)
{
	explicit_bzero(s->priv, sizeof(struct lock));
	free(s->priv);
}

static void
lock_draw(struct screen *s, WINDOW *w)
{
	struct lock *l = s->priv;
	struct app *a = s->app;
	char line[256];
	size_t i, n = utf8_len(l->pw);

	tui_header(a, w, _("Экран заблокирован"));
	snprintf(line, sizeof line,
		 _("Введите пароль учётной записи %s, чтобы продолжить."),
		 a->actor.login);
	tui_text(w, 4, 4, line, COLS - 8);
	tui_text(w, 6, 4, _("Пароль:"), 16);
	mvwaddch(w, 6, 21, '[');
	for (i = 0; i < n && i < 30; i++)
		mvwaddch(w, 6, 22 + (int)i, '*');
	mvwaddch(w, 6, 52, ']');
	status_draw(a, w, lock_keys, 1);
	a->cur_y = 6;
	a->cur_x = 22 + (int)(n < 30 ? n : 30);
}

static int
lock_key(struct screen *s, const struct key *k)
{
	struct lock *l = s->priv;
	struct app *a = s->app;
	size_t n = strlen(l->pw);
	struct actor who;
	struct err e = {0};
	int must, i;

	switch (k->act) {
	case ACT_ENTER:
		/* The same origin and Unix binding as the login screen. */
		if (session_login(a->sess, a->actor.login, l->pw, "tty", &who,
				  &must, &e) != ST_OK) {
			explicit_bzero(l->pw, sizeof l->pw);
			app_status(a, 1, "%s", e.msg);
			return SCR_HANDLED | SCR_REDRAW;
		}
		app_status_clear(a);
		return SCR_CLOSE | SCR_REDRAW;
	case ACT_QUIT:
		for (i = a->depth - 2; i >= 0; i--)
			if (a->stack[i]->ops->hangup)
				a->stack[i]->ops->hangup(a->stack[i]);
		return SCR_LOGOUT;
	case ACT_BACKSPACE:
		while (n > 0 && ((unsigned char)l->pw[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0)
			l->pw[n - 1] = '\0';
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_CHAR: {
		char enc[5];
		int m = utf8_encode(k->ch, enc);

		if (n + (size_t)m + 1 < sizeof l->pw) {
			memcpy(l->pw + n, enc, (size_t)m);
			l->pw[n + (size_t)m] = '\0';
		}
		return SCR_HANDLED | SCR_REDRAW;
	}
	default:
		return SCR_HANDLED;
	}
}

const struct screen_ops lock_screen = {
	.name = "lock",
	.enter = lock_enter,
	.leave = lock_leave,
	.draw = lock_draw,
	.key = lock_key,
};
