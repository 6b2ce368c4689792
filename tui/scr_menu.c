/* SPDX-License-Identifier: MIT */
/* The main menu, fitted to the account's roles: only what core would let
 * this account do is offered (core still checks every call). A draft kept
 * from an interrupted session is offered first. */
#include <string.h>

#include "catalog.h"
#include "draft.h"
#include "screen.h"
#include "util.h"

#define ITEMS_MAX 12

enum item_kind { MI_RESUME, MI_INTAKE, MI_LOGOUT, MI_QUIT, MI_SCREEN };

struct menu_item {
	enum item_kind kind;
	const char *service;
	const struct screen_ops *ops;  /* MI_SCREEN */
	char text[160];
};

struct menu {
	struct menu_item items[ITEMS_MAX];
	int n, sel;
	struct draft draft;
	int have_draft;
};

static const struct fkey menu_keys[] = {
	{ACT_F10, "Выход"},
};

static void
add(struct menu *m, enum item_kind kind, const char *service,
    const char *text)
{
	if (m->n == ITEMS_MAX)
		return;
	m->items[m->n].kind = kind;
	m->items[m->n].service = service;
	m->items[m->n].ops = NULL;
	snprintf(m->items[m->n].text, sizeof m->items[m->n].text, "%s", text);
	m->n++;
}

/* An entry that opens another screen. */
static void
add_screen(struct menu *m, const struct screen_ops *ops, const char *text)
{
	add(m, MI_SCREEN, NULL, text);
	if (m->items[m->n - 1].kind == MI_SCREEN)
		m->items[m->n - 1].ops = ops;
}

static void
build(struct screen *s, struct menu *m)
{
	struct app *a = s->app;
	size_t i, ns;
	const struct service *sv = catalog_all(&ns);
	char buf[160];

	m->n = m->sel = 0;
	draft_free(&m->draft);
	m->have_draft = 0;
	if (role_allows(a->actor.roles, PERM_CASE_INTAKE) &&
	    draft_exists(a->sess->store, &a->actor) &&
	    draft_load(a->sess->store, &a->actor, 0, &m->draft, NULL) == ST_OK) {
		const struct service *d = catalog_find(m->draft.service);
		char when[20];

		m->have_draft = 1;
		snprintf(when, sizeof when, "%s", m->draft.saved_at);
		if (strlen(when) >= 16) /* YYYY-MM-DDTHH:MM -> ДД.ММ.ГГГГ ЧЧ:ММ */
			snprintf(buf, sizeof buf,
				 _("Продолжить черновик: %s (сохранён "
				   "%.2s.%.2s.%.4s %.5s)"),
				 d ? d->short_ru : m->draft.service, when + 8,
				 when + 5, when, when + 11);
		else
			snprintf(buf, sizeof buf, _("Продолжить черновик: %s"),
				 d ? d->short_ru : m->draft.service);
		add(m, MI_RESUME, NULL, buf);
	}
	if (role_allows(a->actor.roles, PERM_CASE_INTAKE))
		for (i = 0; i < ns; i++) {
			snprintf(buf, sizeof buf, _("Приём документов: %s"),
				 tui_kk() && sv[i].short_kk ? sv[i].short_kk
							    : sv[i].short_ru);
			add(m, MI_INTAKE, sv[i].code, buf);
		}
	if (role_allows(a->actor.roles, PERM_QUEUE) && a->window_no)
		add_screen(m, &queue_screen, _("Электронная очередь"));
	if (role_allows(a->actor.roles, PERM_CASE_VIEW))
		add_screen(m, &worklist_screen, _("Списки дел"));
	if (role_allows(a->actor.roles, PERM_CASE_VIEW) ||
	    role_allows(a->actor.roles, PERM_JOURNAL))
		add_screen(m, &journal_screen, _("Журнал"));
	if (role_allows(a->actor.roles, PERM_CASE_VIEW))
		add_screen(m, &check_screen, _("Проверка документа по коду"));
	if (role_allows(a->actor.roles, PERM_REPORT))
		add_screen(m, &report_screen, _("Отчёты"));
	if (role_allows(a->actor.roles, PERM_ACCOUNTS))
		add_screen(m, &admin_screen, _("Администрирование"));
	add(m, MI_LOGOUT, NULL, _("Сменить пользователя"));
	add(m, MI_QUIT, NULL, _("Выход"));
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
	struct menu *m = s->priv;

	draft_free(&m->draft);
	free(m);
}

static void
menu_draw(struct screen *s, WINDOW *w)
{
	struct menu *m = s->priv;
	struct app *a = s->app;
	char roles[256], line[320];
	int i, sel = m->sel;

	/* The list may change under us (a draft kept by the intake screen
	 * that was just closed). */
	build(s, m);
	m->sel = sel < m->n ? sel : 0;
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
	if (!a->window_no)
		tui_text(w, 3, 0, _("Вы не закреплены за окном приёма"), COLS);
	for (i = 0; i < m->n; i++) {
		snprintf(line, sizeof line, "%d. %s", i + 1, m->items[i].text);
		if (i == m->sel)
			mvwaddch(w, 5 + i, 0, '>');
		tui_text(w, 5 + i, 2, line, COLS - 2);
	}
	status_draw(a, w, menu_keys, sizeof menu_keys / sizeof *menu_keys);
	a->cur_y = 5 + m->sel;
	a->cur_x = 2;
}

static int
choose(struct screen *s, struct menu *m)
{
	struct app *a = s->app;
	struct menu_item *it = &m->items[m->sel];

	app_status_clear(a);
	switch (it->kind) {
	case MI_RESUME:
		a->push.ops = &intake_screen;
		a->push.arg = NULL; /* NULL service: resume the draft */
		return SCR_PUSH | SCR_REDRAW;
	case MI_INTAKE:
		a->push.ops = &intake_screen;
		a->push.arg = (void *)it->service;
		return SCR_PUSH | SCR_REDRAW;
	case MI_SCREEN:
		a->push.ops = it->ops;
		a->push.arg = NULL;
		return SCR_PUSH | SCR_REDRAW;
	case MI_LOGOUT:
		return SCR_LOGOUT;
	case MI_QUIT:
		return SCR_QUIT;
	}
	return SCR_HANDLED;
}

static int
menu_key(struct screen *s, const struct key *k)
{
	struct menu *m = s->priv;

	switch (k->act) {
	case ACT_UP:
	case ACT_BTAB:
		m->sel = m->sel > 0 ? m->sel - 1 : m->n - 1;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_DOWN:
	case ACT_TAB:
		m->sel = m->sel + 1 < m->n ? m->sel + 1 : 0;
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_ENTER:
		return choose(s, m);
	case ACT_QUIT:
		return SCR_QUIT;
	case ACT_CHAR:
		if (k->ch >= '1' && k->ch <= '9' && (int)(k->ch - '1') < m->n) {
			m->sel = (int)(k->ch - '1');
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
};
