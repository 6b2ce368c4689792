/* SPDX-License-Identifier: MIT */
/* The main menu, fitted to the account's roles: only what core would let
 * this account do is offered (core still checks every call). Each entry
 * keeps its digit whatever else is there (the drafts entry is always in
 * its place, with their count), and 0 leaves. */
#include <string.h>

#include "clock.h"
#include "catalog.h"
#include "draft.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

#define ITEMS_MAX 12

enum item_kind { MI_INTAKE, MI_LOGOUT, MI_SCREEN };

struct menu_item {
	enum item_kind kind;
	struct intake_arg intake;      /* MI_INTAKE */
	const struct screen_ops *ops;  /* MI_SCREEN */
	char text[160];
};

struct menu {
	struct menu_item items[ITEMS_MAX];
	int n;
	struct lscroll ls;
};

static const struct fkey menu_keys[] = {
	{ACT_F10, N_("Выход")},
};

static struct menu_item *
add(struct menu *m, enum item_kind kind, const struct screen_ops *ops,
    const char *text)
{
	struct menu_item *it;

	if (m->n == ITEMS_MAX)
		return NULL;
	it = &m->items[m->n++];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->ops = ops;
	snprintf(it->text, sizeof it->text, "%s", text);
	return it;
}

/* The role screens: what each needs, in menu order. */
static const struct {
	const struct screen_ops *ops;
	enum perm perm;
	enum perm or_perm;
	const char *text;
	int seated;   /* only at a window */
	enum perm and_perm;
} screens[] = {
#define ANY PERM__COUNT
	{&queue_screen, PERM_QUEUE, ANY, N_("Электронная очередь"), 1, ANY},
	{&worklist_screen, PERM_CASE_VIEW, ANY, N_("Списки дел"), 0, ANY},
	{&journal_screen, PERM_CASE_VIEW, PERM_JOURNAL, N_("Журнал"), 0, ANY},
	{&check_screen, PERM_CASE_VIEW, ANY, N_("Проверка документа по коду"),
	 0, ANY},
	{&report_screen, PERM_REPORT, ANY, N_("Отчёты"), 0, ANY},
	{&blanks_screen, PERM_JOURNAL, ANY, N_("Бланки строгой отчётности"), 0,
	 ANY},
	/* The batches are the journal operator's; the inspector enters a
	 * case into Berkut from the case. */
	{&berkut_screen, PERM_EXCHANGE, ANY, N_("ЕИС «Беркут»"), 0,
	 PERM_JOURNAL},
	{&audit_screen, PERM_AUDIT, ANY, N_("Журнал аудита"), 0, ANY},
	{&admin_screen, PERM_ACCOUNTS, ANY, N_("Администрирование"), 0, ANY},
#undef ANY
};

static void
build(struct screen *s, struct menu *m)
{
	struct app *a = s->app;
	unsigned roles = a->actor.roles;
	size_t i, ns;
	const struct service *sv = catalog_all(&ns);
	char buf[160];

	m->n = 0;
	if (role_allows(roles, PERM_CASE_INTAKE)) {
		for (i = 0; i < ns; i++) {
			struct menu_item *it;

			snprintf(buf, sizeof buf, _("Приём документов: %s"),
				 tui_kk() && sv[i].short_kk ? sv[i].short_kk
							    : sv[i].short_ru);
			if ((it = add(m, MI_INTAKE, &intake_screen, buf)))
				it->intake.service = sv[i].code;
		}
		snprintf(buf, sizeof buf, _("Черновики (%zu)"),
			 draft_count(a->sess->store, &a->actor));
		add(m, MI_SCREEN, &drafts_screen, buf);
	}
	for (i = 0; i < sizeof screens / sizeof screens[0]; i++) {
		if (!role_allows(roles, screens[i].perm) &&
		    !(screens[i].or_perm != PERM__COUNT &&
		      role_allows(roles, screens[i].or_perm)))
			continue;
		if (screens[i].seated && !a->window_no)
			continue;
		if (screens[i].and_perm != PERM__COUNT &&
		    !role_allows(roles, screens[i].and_perm))
			continue;
		add(m, MI_SCREEN, screens[i].ops, _(screens[i].text));
	}
	add(m, MI_LOGOUT, NULL, _("Сменить пользователя"));
	m->ls.wrap = 1;
	lscroll_fit(&m->ls, (size_t)m->n, m->n);
}

static int
menu_enter(struct screen *s, void *arg)
{
	struct menu *m = xcalloc(1, sizeof *m);

	(void)arg;
	s->priv = m;
	build(s, m);
	return 0;
}

static void
menu_leave(struct screen *s)
{
	free(s->priv);
}

static void
menu_draw(struct screen *s, WINDOW *w)
{
	struct menu *m = s->priv;
	struct app *a = s->app;
	char roles[256], line[320];
	int i, y = 5;

	/* The counts may have changed (a draft kept by the intake screen
	 * that was just closed). */
	build(s, m);
	tui_header(a, w, _("Главное меню"));
	/* Each role's name through gettext: Kazakh screens name them too. */
	roles[0] = '\0';
	for (i = 0; i < ROLE__COUNT; i++)
		if (a->actor.roles & (1u << i))
			snprintf(roles + strlen(roles), sizeof roles - strlen(roles),
				 "%s%s", roles[0] ? ", " : "",
				 _(role_ru_name((enum role_bit)i)));
	snprintf(line, sizeof line, _("Роли: %s"), roles);
	tui_text(w, 2, 0, line, COLS);
	/* Said only to those who work at a window. */
	if (!a->window_no && (role_allows(a->actor.roles, PERM_CASE_INTAKE) ||
			      role_allows(a->actor.roles, PERM_QUEUE)))
		tui_text(w, 3, 0, _("Вы не закреплены за окном приёма: очередь недоступна"), COLS);
	for (i = 0; i < m->n; i++, y++) {
		snprintf(line, sizeof line, "%d. %s", i + 1, m->items[i].text);
		if ((size_t)i == m->ls.sel)
			mvwaddch(w, y, 0, '>');
		tui_text(w, y, 2, line, COLS - 2);
	}
	tui_text(w, y + 1, 2, _("0. Выход"), COLS - 2);
	status_draw(a, w, menu_keys, sizeof menu_keys / sizeof *menu_keys);
	a->cur_y = 5 + (int)m->ls.sel;
	a->cur_x = 2;
}

static int
choose(struct screen *s, struct menu *m)
{
	struct app *a = s->app;
	struct menu_item *it = &m->items[m->ls.sel];

	app_status_clear(a);
	switch (it->kind) {
	case MI_INTAKE:
		a->push.ops = &intake_screen;
		a->push.arg = &it->intake;
		return SCR_PUSH | SCR_REDRAW;
	case MI_SCREEN:
		a->push.ops = it->ops;
		a->push.arg = NULL;
		return SCR_PUSH | SCR_REDRAW;
	case MI_LOGOUT:
		return SCR_LOGOUT;
	}
	return SCR_HANDLED;
}

static int
menu_key(struct screen *s, const struct key *k)
{
	struct menu *m = s->priv;

	lscroll_fit(&m->ls, (size_t)m->n, m->n);
	if (k->act == ACT_TAB || k->act == ACT_BTAB) {
		struct key mv = {k->act == ACT_TAB ? ACT_DOWN : ACT_UP, 0};

		lscroll_key(&m->ls, &mv);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (lscroll_key(&m->ls, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	switch (k->act) {
	case ACT_ENTER:
		return choose(s, m);
	case ACT_QUIT:
	case ACT_ESC:
		return SCR_QUIT;
	case ACT_CHAR:
		if (k->ch == '0')
			return SCR_QUIT;
		if (k->ch >= '1' && k->ch <= '9' && (int)(k->ch - '1') < m->n) {
			m->ls.sel = k->ch - '1';
			return choose(s, m);
		}
		return SCR_HANDLED;
	default:
		return 0;
	}
}

const struct screen_ops menu_screen = {
	.name = "menu",
	.enter = menu_enter,
	.leave = menu_leave,
	.draw = menu_draw,
	.key = menu_key,
	.help = N_("Помощь: главное меню\n"
		   "Цифра или ↑/↓ и Enter — открыть. Меню показывает только то, что разрешено вашей роли; номера пунктов не меняются.\n"
		   "«Черновики» — заявления, которые вы начали и не приняли: продолжить или удалить.\n"
		   "0, Esc или F10 — выход (в киоске — снова вход в систему)."),
};
