/* SPDX-License-Identifier: MIT */
/* Checking a document's code (XXXXX-XXXXX) against the local journal
 * (journal_check_document, no network): a prompt for the code, then the
 * answer, as `okno check-document CODE` prints it. Stored text is shown
 * through utf8_visible. Enter or F2 asks for another code. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "journal.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

#define CK_LINES 12

struct check {
	struct winput in;
	char lines[CK_LINES][400];
	int n;
};

static const struct fkey ck_keys[] = {
	{ACT_F2, N_("Другой код")}, {ACT_F10, N_("Выход")},
};

static void
add(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(struct check *c, const char *fmt, ...)
{
	va_list ap;

	if (c->n >= CK_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(c->lines[c->n++], sizeof c->lines[0], fmt, ap);
	va_end(ap);
}

static const char *
kind_text(const char *k)
{
	static const struct { const char *code, *text; } t[] = {
		{"accept", N_("принято")},
		{"check-clear", N_("проверка: сведений нет")},
		{"check-hit", N_("проверка: совпадение")},
		{"issue", N_("решение о выдаче")},
		{"refuse", N_("отказ")},
		{"hand-out", N_("выдано")},
		{"correction", N_("исправление")},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].code, k))
			return _(t[i].text);
	return k;
}

static void
ask(struct check *c)
{
	input_open(&c->in, _("Код документа (XXXXX-XXXXX):"), NULL);
}

static void
look_up(struct screen *s, struct check *c, const char *code)
{
	struct app *a = s->app;
	struct journal_check k;
	struct err e = {0};
	char d[16], day[DATE_SIZE];
	char *office, *ref, *person;

	c->n = 0;
	memset(&k, 0, sizeof k);
	if (journal_check_document(a->sess->store, &a->actor, code, &k, &e) !=
	    ST_OK) {
		char *m = utf8_visible(e.msg, 0);

		add(c, _("Документ не найден: %s"), m);
		free(m);
		return;
	}
	office = utf8_visible(k.office_name, 0);
	ref = utf8_visible(k.ref, 0);
	person = utf8_visible(k.person, 0);
	snprintf(day, sizeof day, "%.10s", k.line.at);
	d[0] = '\0';
	date_iso_to_ru(day, d);
	add(c, _("Документ значится в журнале: %s"), office);
	add(c, _("  Запись:      %s %s"), kind_text(k.line.kind), d);
	if (k.ref[0])
		add(c, _("  Номер:       %s"), ref);
	if (k.person[0])
		add(c, _("  Кому:        %s"), person);
	add(c, _("  Состояние:   %s"),
	    k.refused ? _("отказано")
	    : k.handed_out ? _("выдано заявителю")
	    : k.issued ? _("решение о выдаче принято")
		       : _("заявление принято, решения нет"));
	add(c, _("  Исправления: %s"),
	    k.corrected ? _("ДА, после выдачи документа запись исправлена")
			: _("нет"));
	if (!k.intact)
		add(c, "%s", _("  ВНИМАНИЕ: запись журнала нарушена"));
	free(office);
	free(ref);
	free(person);
	journal_check_free(&k);
}

static int
ck_enter(struct screen *s, void *arg)
{
	struct check *c = xcalloc(1, sizeof *c);

	(void)arg;
	s->priv = c;
	ask(c);
	return 0;
}

static void
ck_leave(struct screen *s)
{
	struct check *c = s->priv;

	input_free(&c->in);
	free(c);
}

static void
ck_draw(struct screen *s, WINDOW *w)
{
	struct check *c = s->priv;
	struct app *a = s->app;
	int i;

	tui_header(a, w, _("Проверка документа по коду"));
	for (i = 0; i < c->n; i++)
		tui_text(w, 3 + i, 2, c->lines[i], COLS - 4);
	a->cur_y = -1;
	status_draw(a, w, ck_keys, sizeof ck_keys / sizeof *ck_keys);
	if (c->in.open)
		input_draw(&c->in, a, w, LINES - 3);
}

static int
ck_key(struct screen *s, const struct key *k)
{
	struct check *c = s->priv;
	struct app *a = s->app;

	if (c->in.open) {
		char *code;

		switch (input_key(&c->in, k)) {
		case INPUT_DONE:
			code = input_text(&c->in);
			app_status_clear(a);
			if (*code)
				look_up(s, c, code);
			free(code);
			return SCR_HANDLED | SCR_REDRAW;
		case INPUT_CANCEL:
			app_status_clear(a);
			return SCR_CLOSE;
		default:
			return SCR_HANDLED | SCR_REDRAW;
		}
	}
	switch (k->act) {
	case ACT_F2:
	case ACT_ENTER:
		ask(c);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_QUIT:
	case ACT_ESC:
		app_status_clear(a);
		return SCR_CLOSE;
	default:
		return SCR_HANDLED;
	}
}

const struct screen_ops check_screen = {
	.name = "check",
	.enter = ck_enter,
	.leave = ck_leave,
	.draw = ck_draw,
	.key = ck_key,
	.personal = 1,
	.help = N_("Помощь: проверка документа по коду\n"
		   "Наберите код проверки с документа (XXXXX-XXXXX; регистр, пробелы и дефисы не важны, O читается как 0) и Enter: экран скажет, значится ли документ в журнале этого подразделения, кому и когда выдан и исправлялась ли запись. Проверка идёт по местному журналу, без сети.\n"
		   "F2 или Enter — другой код; Esc — выход."),
};
