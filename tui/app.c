/* SPDX-License-Identifier: MIT */
/* The kiosk: for now its login screen (account, password), which checks
 * the account through core exactly as the CLI does. */
#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "account.h"
#include "office.h"
#include "util.h"

#define FIELD_W 24

struct login_form {
	char login[ACTOR_LOGIN_MAX];
	char password[PASSWORD_MAX + 1];
	int focus; /* 0 login, 1 password */
	char status[ERR_MSG_MAX];
};

static void
draw(const struct login_form *f, const struct office_info *o)
{
	size_t i;

	erase();
	mvaddstr(0, 0, "okno — окно приёма");
	if (o)
		mvaddnstr(1, 0, o->name, COLS);
	mvaddstr(4, 4, "Вход в систему");
	mvaddstr(6, 4, "Учётная запись:");
	mvaddstr(7, 4, "Пароль:");
	mvaddnstr(6, 21, f->login, FIELD_W);
	move(7, 21);
	for (i = 0; i < strlen(f->password) && i < FIELD_W; i++)
		addch('*');
	mvaddnstr(LINES - 2, 0, f->status, COLS);
	attron(A_REVERSE);
	mvaddstr(LINES - 1, 0, "Enter Войти  Tab Поле  F10 Выход");
	attroff(A_REVERSE);
	if (f->focus == 0)
		move(6, 21 + (int)strlen(f->login));
	else
		move(7, 21 + (int)(strlen(f->password) < FIELD_W
					   ? strlen(f->password)
					   : FIELD_W));
	refresh();
}

int
tui_main(struct cli *c, const char *intake_service)
{
	struct login_form f;
	struct office_info o;
	int have_office, code;
	wint_t ch;
	int kind;

	if ((code = cli_open(c, 0)) != 0)
		return code;
	have_office = office_default(c->store, &o, NULL) == ST_OK;
	memset(&f, 0, sizeof f);
	if (c->as_login)
		snprintf(f.login, sizeof f.login, "%s", c->as_login);
	f.focus = f.login[0] ? 1 : 0;
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	initscr();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	for (;;) {
		draw(&f, have_office ? &o : NULL);
		kind = get_wch(&ch);
		if (kind == KEY_CODE_YES && ch == KEY_F(10))
			break;
		if (kind == KEY_CODE_YES && (ch == KEY_DOWN || ch == KEY_UP)) {
			f.focus ^= 1;
			continue;
		}
		if (kind == ERR)
			continue;
		if (ch == '\t') {
			f.focus ^= 1;
		} else if (ch == '\n' || ch == '\r') {
			struct err e = {0};
			struct actor a;
			int must;

			if (f.focus == 0) {
				f.focus = 1;
				continue;
			}
			if (account_login(c->store, f.login, f.password, "tty",
					  NULL, &a, &must, &e) != ST_OK) {
				snprintf(f.status, sizeof f.status, "%s", e.msg);
				memset(f.password, 0, sizeof f.password);
				continue;
			}
			memset(f.password, 0, sizeof f.password);
			snprintf(f.status, sizeof f.status,
				 "Вход выполнен: %s, %s%s", a.full_name,
				 a.position,
				 must ? ". Смените пароль первого входа" : "");
			(void)intake_service;
		} else if ((kind == KEY_CODE_YES && ch == KEY_BACKSPACE) ||
			   ch == 127 || ch == 8) {
			char *s = f.focus ? f.password : f.login;
			size_t n = strlen(s);

			while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
				n--;
			if (n > 0)
				s[n - 1] = '\0';
		} else if (kind == OK && ch >= 0x20) {
			char *s = f.focus ? f.password : f.login;
			size_t cap = f.focus ? sizeof f.password
					     : sizeof f.login;
			char enc[4];
			int k = utf8_encode((uint32_t)ch, enc);

			if (strlen(s) + (size_t)k < cap - 1)
				strncat(s, enc, (size_t)k);
		}
	}
	endwin();
	return 0;
}
