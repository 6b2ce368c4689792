/* SPDX-License-Identifier: MIT */
/* The form editor: draws and edits any form from forms/ and its documents
 * checklist. Fields are drawn as plain text between brackets, never in
 * reverse or colour, so a typed letter costs the terminal only the letter
 * itself; the focused row is marked by ">" in the first column. The label
 * column is as wide as the form's labels need, up to about two fifths of
 * the screen; a longer label wraps onto the rows below. A field that does
 * not apply (the organisation's BIN when the host is a person) is skipped.
 * F9 reads a passport's machine-readable zone into the person and
 * document fields (w_formmrz.c). */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "clock.h"
#include "country.h"
#include "date.h"
#include "screen.h"
#include "util.h"
#include "w_form.h"
#include "widgets.h"

#define LABEL_X 2
#define TEXT_MAX 400
#define LABEL_ROWS 3

/* ---- the interface's language ---- */

const char *
wform_label(const struct form_field *fl)
{
	return KK(fl->label_ru, fl->label_kk);
}

const char *
wform_hint(const struct form_field *fl)
{
	return fl->hint_ru ? KK(fl->hint_ru, fl->hint_kk) : NULL;
}

const char *
wform_section(const struct form_section *s)
{
	return KK(s->title_ru, s->title_kk);
}

const char *
wform_choice(const struct form_choice *c)
{
	return KK(c->ru, c->kk);
}

const char *
wform_check_text(const struct form_check_item *ck)
{
	return KK(ck->text_ru, ck->text_kk);
}

const char *
wform_title(const struct form *f)
{
	return KK(f->title_ru, f->title_kk);
}

char *
wform_error_text(const struct form *f, const struct err *e)
{
	const struct form_field *fl = e->field[0] ? form_field(f, e->field)
						  : NULL;
	size_t n;

	if (!tui_kk() || !fl || !fl->label_kk)
		return xstrdup(e->msg);
	n = strlen(fl->label_ru);
	if (strncmp(e->msg, fl->label_ru, n) != 0 || strncmp(e->msg + n, ": ",
							     2) != 0)
		return xstrdup(e->msg);
	/* The label in Kazakh; the rest through the catalogue when it is a
	 * fixed phrase ("не заполнено"), as it is otherwise. */
	return xasprintf("%s: %s", fl->label_kk, _(e->msg + n + 2));
}

static void compute(struct wform *w);

/* ---- geometry ---- */

/* Rows from body_y down to the message line's two rows (a long message
 * takes both). */
static int
body_rows(const struct wform *w)
{
	return LINES - 3 - w->body_y;
}

static int
box_width(const struct wform *w, const struct fitem *it)
{
	int bw = it->fl->width, room = w->cols - w->box_x - 2;

	return bw < room ? bw : room;
}

/* Rows: section titles, each item's rows (a long label wraps), the
 * checklist's title. Done again when the screen's width changes. */
static void
layout(struct wform *w)
{
	size_t i, sec = (size_t)-1;
	int row = 0, longest = 0, cap;

	w->cols = COLS;
	for (i = 0; i < w->f->nfields; i++) {
		int lw = tui_width(wform_label(&w->f->fields[i]));

		if (lw > longest)
			longest = lw;
	}
	cap = w->cols * 45 / 100;
	if (cap < 20)
		cap = 20;
	w->label_w = longest < cap ? longest : cap;
	w->box_x = LABEL_X + w->label_w + 1;
	for (i = 0; i < w->n; i++) {
		struct fitem *it = &w->items[i];

		if (it->kind == FI_FIELD) {
			if (it->fl->section != sec) {
				sec = it->fl->section;
				row++;
			}
			it->nrows = tui_para_rows(wform_label(it->fl),
						  w->label_w);
		} else {
			if (i == 0 || w->items[i - 1].kind != FI_CHECK)
				row++;
			it->nrows = tui_para_rows(wform_check_text(it->ck),
						  w->cols - LABEL_X - 5);
		}
		if (it->nrows > LABEL_ROWS)
			it->nrows = LABEL_ROWS;
		it->vrow = row;
		row += it->nrows;
	}
	w->nvrows = row;
}

/* ---- values ---- */

static size_t
mask_len(const struct form_field *fl)
{
	return fl->mask ? strlen(fl->mask) : 0;
}

static int
is_literal(char m)
{
	return m != '9' && m != 'A' && m != '*';
}

/* A fixed-length masked field: full means done, go to the next one. */
static int
auto_skip(const struct form_field *fl)
{
	return fl->mask && (fl->type == FORM_DATE || fl->type == FORM_IIN ||
			    fl->type == FORM_BIN);
}

static int
is_pick_type(const struct form_field *fl)
{
	return fl->type == FORM_CHOICE || fl->type == FORM_YESNO;
}

static size_t
max_chars(const struct form_field *fl)
{
	if (fl->mask)
		return mask_len(fl);
	if (fl->maxlen > 0)
		return (size_t)fl->maxlen;
	return TEXT_MAX;
}

static void
text_set(struct fitem *it, const char *utf8)
{
	cpbuf_set(&it->text, utf8);
	it->cur = it->text.len;
	it->scroll = 0;
}

/* Choice and yes/no: the code, and its text shown. */
static void
set_code(struct fitem *it, const char *code)
{
	const struct form_field *fl = it->fl;
	size_t i;

	free(it->code);
	it->code = NULL;
	text_set(it, "");
	if (!code || !*code)
		return;
	if (fl->type == FORM_YESNO) {
		if (strcmp(code, "yes") == 0 || strcmp(code, "да") == 0 ||
		    strcmp(code, "иә") == 0)
			code = "yes";
		else if (strcmp(code, "no") == 0 || strcmp(code, "нет") == 0 ||
			 strcmp(code, "жоқ") == 0)
			code = "no";
		else
			return;
		it->code = xstrdup(code);
		text_set(it, strcmp(code, "yes") == 0 ? _("да") : _("нет"));
		return;
	}
	for (i = 0; i < fl->nchoices; i++)
		if (strcmp(fl->choices[i].code, code) == 0) {
			it->code = xstrdup(code);
			text_set(it, wform_choice(&fl->choices[i]));
			return;
		}
}

void
wform_init(struct wform *w, struct app *a, const struct form *f)
{
	size_t i, k = 0;

	memset(w, 0, sizeof *w);
	w->app = a;
	w->f = f;
	w->body_y = 2;
	w->n = f->nfields + f->nchecklist;
	w->items = xcalloc(w->n ? w->n : 1, sizeof *w->items);
	for (i = 0; i < f->nfields; i++, k++) {
		w->items[k].kind = FI_FIELD;
		w->items[k].fl = &f->fields[i];
	}
	for (i = 0; i < f->nchecklist; i++, k++) {
		w->items[k].kind = FI_CHECK;
		w->items[k].ck = &f->checklist[i];
	}
	layout(w);
	compute(w);
}

void
wform_free(struct wform *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		cpbuf_free(&w->items[i].text);
		free(w->items[i].code);
	}
	free(w->items);
	pick_close(&w->pick);
	wform_pick_free(w);
	mrz_close(&w->mrz);
	errlist_free(&w->shown_errs);
	memset(w, 0, sizeof *w);
}

static char *
raw_value(const struct fitem *it)
{
	if (is_pick_type(it->fl))
		return xstrdup(it->code ? it->code : "");
	return cpbuf_utf8(&it->text);
}

json_t *
wform_values(const struct wform *w)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < w->n; i++) {
		char *v;

		if (w->items[i].kind != FI_FIELD)
			continue;
		v = raw_value(&w->items[i]);
		if (*str_trim(v))
			json_object_set_new(o, w->items[i].fl->key,
					    json_string(v));
		free(v);
	}
	return o;
}

json_t *
wform_documents(const struct wform *w)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->items[i].kind == FI_CHECK && w->items[i].ticked)
			json_array_append_new(a, json_string(w->items[i].ck->key));
	return a;
}

void
wform_set_value(struct fitem *it, const char *v)
{
	if (is_pick_type(it->fl))
		set_code(it, v);
	else
		text_set(it, v);
}

/* What the form works out (forms/README.md, "compute" and "default"):
 * today's date where a field defaults to it, the values computed from
 * others, as they stand now. */
static void
compute(struct wform *w)
{
	json_t *vals = wform_values(w);
	char today[16];
	size_t i;

	date_format_ru(clock_today(), today);
	if (form_compute_values(w->f, vals, today))
		for (i = 0; i < w->n; i++) {
			struct fitem *it = &w->items[i];
			const char *v;
			char *now;

			if (it->kind != FI_FIELD ||
			    (!it->fl->compute && !it->fl->default_today))
				continue;
			v = json_string_value(json_object_get(vals,
							      it->fl->key));
			now = raw_value(it);
			if (strcmp(now, v ? v : ""))
				wform_set_value(it, v ? v : "");
			free(now);
		}
	json_decref(vals);
}

void
wform_load(struct wform *w, json_t *values, json_t *documents)
{
	size_t i, j;

	for (i = 0; i < w->n; i++) {
		struct fitem *it = &w->items[i];

		if (it->kind == FI_FIELD && values) {
			const char *v = json_string_value(
				json_object_get(values, it->fl->key));

			if (v)
				wform_set_value(it, v);
		} else if (it->kind == FI_CHECK && documents) {
			for (j = 0; j < json_array_size(documents); j++) {
				const char *d = json_string_value(
					json_array_get(documents, j));

				if (d && strcmp(d, it->ck->key) == 0)
					it->ticked = 1;
			}
		}
	}
	compute(w);
}

int
wform_touched(const struct wform *w)
{
	char today[16];
	size_t i;

	date_format_ru(clock_today(), today);
	for (i = 0; i < w->n; i++) {
		const struct fitem *it = &w->items[i];

		if (it->ticked)
			return 1;
		if (!it->text.len)
			continue;
		/* What okno filled in by itself is not the inspector's. */
		if (it->kind == FI_FIELD && it->fl->compute)
			continue;
		if (it->kind == FI_FIELD && it->fl->default_today) {
			char *v = raw_value(it);
			int same = !strcmp(v, today);

			free(v);
			if (same)
				continue;
		}
		return 1;
	}
	return 0;
}

/* A field or a document that does not apply to what was chosen: its
 * requirement depends on another field being one of some values, that
 * field is filled, and with something else (the BIN when the host is a
 * person, an organisation's letter likewise, the arrival sheets of a
 * stay under six months). */
int
wform_applies(const struct wform *w, const struct fitem *it,
	      json_t *vals)
{
	enum form_need need = it->kind == FI_FIELD ? it->fl->need
						   : it->ck->need;
	const struct form_cond *c = it->kind == FI_FIELD ? &it->fl->cond
							 : &it->ck->cond;

	if (need != FORM_REQUIRED_IF)
		return 1;
	if (c->op != FORM_COND_EQ || !json_object_get(vals, c->key))
		return 1;
	return form_cond_holds(w->f, c, vals);
}

/* Required now: always, or by its condition on the values typed. */
int
wform_required_now(const struct wform *w, const struct fitem *it,
		   json_t *vals)
{
	enum form_need need = it->kind == FI_FIELD ? it->fl->need
						   : it->ck->need;
	const struct form_cond *c = it->kind == FI_FIELD ? &it->fl->cond
							 : &it->ck->cond;

	if (need == FORM_REQUIRED)
		return 1;
	return need == FORM_REQUIRED_IF && form_cond_holds(w->f, c, vals);
}

/* ---- focus ---- */

void
wform_scroll_to_focus(struct wform *w)
{
	int rows = body_rows(w), vr = w->items[w->focus].vrow;
	int last = vr + w->items[w->focus].nrows - 1;

	/* Its section's title stays in view with the first field. */
	if (vr <= 1)
		vr = 0;
	if (vr < w->top) {
		w->top = vr - rows + 3;
		if (w->top < 0)
			w->top = 0;
	} else if (last >= w->top + rows) {
		w->top = vr - 2; /* a new page, keeping two rows of context */
		if (w->top + rows > w->nvrows)
			w->top = w->nvrows - rows;
	}
	if (w->top > vr)
		w->top = vr > 0 ? vr - 1 : 0;
	if (w->top < 0)
		w->top = 0;
}

void
wform_show_hint(struct wform *w)
{
	const struct fitem *it = &w->items[w->focus];
	const char *hint = NULL;

	if (it->kind == FI_CHECK) {
		app_status(w->app, 0, "%s",
			   _("Пробел — документ представлен / не представлен"));
		return;
	}
	hint = wform_hint(it->fl);
	if (!hint && (is_pick_type(it->fl) || wform_has_list(it->fl)))
		hint = _("F3 или буква — выбор из списка");
	if (hint)
		app_status(w->app, 0, "%s", hint);
	else
		app_status_clear(w->app);
}

void
wform_focus_key(struct wform *w, const char *key)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->items[i].kind == FI_FIELD &&
		    strcmp(w->items[i].fl->key, key) == 0) {
			w->focus = i;
			w->items[i].cur = w->items[i].text.len;
			wform_scroll_to_focus(w);
			return;
		}
}

int
wform_focus_missing(struct wform *w)
{
	json_t *vals = wform_values(w);
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->items[i].kind == FI_CHECK && !w->items[i].ticked &&
		    wform_required_now(w, &w->items[i], vals)) {
			w->focus = i;
			wform_scroll_to_focus(w);
			json_decref(vals);
			return 1;
		}
	json_decref(vals);
	return 0;
}

int
wform_check_focus(struct wform *w)
{
	struct fitem *it = &w->items[w->focus];
	struct err e = {0};
	char *v, *norm = NULL;
	json_t *all;
	int rc = 0;

	if (it->kind != FI_FIELD)
		return 0;
	v = raw_value(it);
	if (!*str_trim(v)) { /* empty: reported on saving, not here */
		free(v);
		return 0;
	}
	all = wform_values(w);
	if (form_validate_field(w->f, it->fl, v, all, &norm, &e) != ST_OK) {
		char *msg = wform_error_text(w->f, &e);

		app_status(w->app, 1, "%s", msg);
		free(msg);
		rc = -1;
	} else {
		it->bad = 0;
		if (it->fl->type == FORM_DOCNO && norm) {
			text_set(it, norm);
		} else if (it->fl->type == FORM_COUNTRY && norm) {
			const struct country *c = country_by_alpha3(norm);

			if (c)
				text_set(it, KK(c->ru, c->kk));
		}
	}
	free(norm);
	free(v);
	json_decref(all);
	return rc;
}

/* On Tab's path: a document, a field to be filled now, or one that holds
 * a value. An optional field left empty (a patronymic, a visa, a phone)
 * is passed over by Tab and Enter and reached by the arrow keys. */
static int
on_tab_path(const struct wform *w, const struct fitem *it, json_t *vals)
{
	return it->kind != FI_FIELD || wform_required_now(w, it, vals) ||
	       json_object_get(vals, it->fl->key);
}

/* Move the focus by delta items, validating the field being left and
 * stepping over the fields that do not apply; along Tab's path (tab) also
 * over the optional fields left empty. */
static int
move_focus(struct wform *w, int delta, int tab)
{
	long to = (long)w->focus + delta, step = delta < 0 ? -1 : 1;
	json_t *vals;

	if (wform_check_focus(w) != 0)
		return SCR_HANDLED | SCR_REDRAW;
	w->items[w->focus].scroll = 0; /* left: its start shows */
	if (to < 0)
		to = 0;
	if (to >= (long)w->n)
		to = (long)w->n - 1;
	compute(w);
	vals = wform_values(w);
	while (to >= 0 && to < (long)w->n &&
	       (!wform_applies(w, &w->items[to], vals) ||
		(w->items[to].kind == FI_FIELD && w->items[to].fl->compute) ||
		(tab && !on_tab_path(w, &w->items[to], vals))))
		to += step;
	if (to < 0 || to >= (long)w->n)
		to = (long)w->focus;
	json_decref(vals);
	w->focus = (size_t)to;
	w->items[w->focus].cur = w->items[w->focus].text.len;
	w->items[w->focus].scroll = 0;
	wform_scroll_to_focus(w);
	wform_show_hint(w);
	return SCR_HANDLED | SCR_REDRAW;
}

/* ---- pick-lists ---- */

static void
open_pick(struct wform *w, const char *typed)
{
	const struct form_field *fl = w->items[w->focus].fl;

	wform_pick_items(w, fl);
	pick_open(&w->pick, wform_label(fl), w->pick_items, w->npick, typed);
	w->picking = 1;
	app_status(w->app, 0, "%s",
		   _("Буквы — поиск, Enter — выбрать, Esc — отмена"));
}

static int
next_after_fill(struct wform *w)
{
	if (w->focus + 1 < w->n)
		return move_focus(w, 1, 1);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
pick_done(struct wform *w, int r)
{
	struct fitem *it = &w->items[w->focus];
	const struct pick_item *ch = pick_chosen(&w->pick);

	if (r == PICK_CHOSEN && ch) {
		if (wform_has_list(it->fl))
			text_set(it, ch->label);
		else
			set_code(it, ch->code);
		it->bad = 0;
	} else if (wform_has_list(it->fl) && w->pick.typed.len) {
		/* What was typed is kept as typed: checked on leaving. */
		char *typed = pick_typed(&w->pick);

		text_set(it, typed);
		free(typed);
	}
	pick_close(&w->pick);
	wform_pick_free(w);
	w->picking = 0;
	if (r == PICK_CHOSEN)
		return next_after_fill(w);
	wform_show_hint(w);
	return SCR_HANDLED | SCR_REDRAW;
}

/* ---- typing ---- */

static int
type_masked(struct wform *w, struct fitem *it, uint32_t ch)
{
	const char *m = it->fl->mask;
	size_t ml = mask_len(it->fl);

	/* A full field (today's date offered, a value copied) is typed
	 * over from its start. */
	if (it->cur >= ml) {
		cpbuf_clear(&it->text);
		it->cur = 0;
	}
	/* The separator typed after we already put it in: nothing to do. */
	if (it->cur > 0 && it->cur == it->text.len &&
	    is_literal(m[it->cur - 1]) &&
	    ch == (uint32_t)(unsigned char)m[it->cur - 1] &&
	    !is_literal(m[it->cur]))
		return SCR_HANDLED;
	if (is_literal(m[it->cur])) {
		if (ch == (uint32_t)(unsigned char)m[it->cur]) {
			if (it->cur == it->text.len)
				cpbuf_insert(&it->text, it->text.len, ch);
			it->cur++;
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (it->cur == it->text.len)
			cpbuf_insert(&it->text, it->text.len,
				     (unsigned char)m[it->cur]);
		it->cur++;
	}
	if (m[it->cur] == '9' && !(ch >= '0' && ch <= '9')) {
		app_status(w->app, 1, _("%s: здесь только цифры"),
			   wform_label(it->fl));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (m[it->cur] == 'A' && !iswalpha((wint_t)ch)) {
		app_status(w->app, 1, _("%s: здесь только буквы"),
			   wform_label(it->fl));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (it->cur < it->text.len)
		it->text.v[it->cur] = ch;
	else
		cpbuf_insert(&it->text, it->text.len, ch);
	it->cur++;
	/* Put the literal that follows, so the cursor waits after it. */
	while (it->cur < ml && it->cur == it->text.len &&
	       is_literal(m[it->cur])) {
		cpbuf_insert(&it->text, it->text.len, (unsigned char)m[it->cur]);
		it->cur++;
	}
	if (w->app->status_error)
		app_status_clear(w->app);
	if (it->text.len >= ml && it->cur >= ml && auto_skip(it->fl))
		return next_after_fill(w);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
type_char(struct wform *w, struct fitem *it, uint32_t ch)
{
	it->bad = 0;
	if (it->fl->mask)
		return type_masked(w, it, ch);
	if (w->overwrite && it->cur < it->text.len) {
		it->text.v[it->cur++] = ch;
	} else {
		if (it->text.len >= max_chars(it->fl)) {
			app_status(w->app, 1, _("%s: не длиннее %zu знаков"),
				   wform_label(it->fl), max_chars(it->fl));
			return SCR_HANDLED | SCR_REDRAW;
		}
		cpbuf_insert(&it->text, it->cur++, ch);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static int
duplicate(struct wform *w, struct fitem *it)
{
	json_t *prev = json_object_get(w->app->previous, w->f->id);
	const char *v = json_string_value(json_object_get(prev, it->fl->key));

	if (!v) {
		app_status(w->app, 1, "%s",
			   _("В предыдущем заявлении это поле не заполнено"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	wform_set_value(it, v);
	it->bad = 0;
	return next_after_fill(w);
}

static int
edit_key(struct wform *w, struct fitem *it, const struct key *k)
{
	const struct form_field *fl = it->fl;

	if (is_pick_type(fl)) {
		if (k->act == ACT_CHAR && fl->type == FORM_YESNO) {
			uint32_t c = (uint32_t)towlower((wint_t)k->ch);

			if (c == 0x434 /* д */ || c == 'y' || c == 0x438 /* и */) {
				set_code(it, "yes");
				it->bad = 0;
				return next_after_fill(w);
			}
			if (c == 0x43d /* н */ || c == 'n' || c == 0x436 /* ж */) {
				set_code(it, "no");
				it->bad = 0;
				return next_after_fill(w);
			}
		}
		if (k->act == ACT_CHAR) {
			char enc[5] = {0};

			if (k->ch == ' ')
				open_pick(w, NULL);
			else {
				enc[utf8_encode(k->ch, enc)] = '\0';
				open_pick(w, enc);
			}
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (k->act == ACT_BACKSPACE || k->act == ACT_DELETE) {
			set_code(it, NULL);
			return SCR_HANDLED | SCR_REDRAW;
		}
		return 0;
	}
	if (wform_has_list(fl) && k->act == ACT_CHAR &&
	    it->text.len == 0 && k->ch != ' ') {
		char enc[5] = {0};

		enc[utf8_encode(k->ch, enc)] = '\0';
		open_pick(w, enc);
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (k->act) {
	case ACT_CHAR:
		return type_char(w, it, k->ch);
	case ACT_LEFT:
		if (it->cur > 0)
			it->cur--;
		break;
	case ACT_RIGHT:
		if (it->cur < it->text.len)
			it->cur++;
		break;
	case ACT_HOME:
		it->cur = 0;
		break;
	case ACT_END:
		it->cur = it->text.len;
		break;
	case ACT_BACKSPACE:
		if (it->cur == 0)
			break;
		it->bad = 0;
		if (fl->mask && it->cur == it->text.len) {
			size_t len = it->text.len - 1;

			while (len > 0 && is_literal(fl->mask[len]))
				len--;
			cpbuf_truncate(&it->text, len);
			it->cur = len;
			break;
		}
		cpbuf_delete(&it->text, --it->cur);
		break;
	case ACT_DELETE:
		it->bad = 0;
		if (fl->mask) {
			if (it->cur < it->text.len)
				cpbuf_truncate(&it->text, it->cur);
		} else {
			cpbuf_delete(&it->text, it->cur);
		}
		break;
	default:
		return 0;
	}
	return SCR_HANDLED | SCR_REDRAW;
}

/* ---- the error list ---- */

static int
errors_key(struct wform *w, const struct key *k)
{
	const struct err *e;

	lscroll_fit(&w->errs, w->shown_errs.n, body_rows(w) - 2);
	if (lscroll_key(&w->errs, k) != LS_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	if (k->act != ACT_ENTER && k->act != ACT_ESC && k->act != ACT_QUIT)
		return SCR_HANDLED;
	e = &w->shown_errs.v[k->act == ACT_ENTER ? w->errs.sel : 0];
	w->show_errs = 0;
	if (e->field[0])
		wform_focus_key(w, e->field);
	if (e->field[0] && strcmp(e->field, "documents") == 0)
		wform_focus_missing(w);
	{
		char *msg = wform_error_text(w->f, e);

		app_status(w->app, 1, "%s", msg);
		free(msg);
	}
	return SCR_HANDLED | SCR_REDRAW;
}

void
wform_show_errors(struct wform *w, const struct errlist *l)
{
	size_t i, k;

	errlist_free(&w->shown_errs);
	for (k = 0; k < w->n; k++)
		w->items[k].bad = 0;
	for (i = 0; i < l->n; i++) {
		errlist_add_err(&w->shown_errs, &l->v[i]);
		for (k = 0; k < w->n; k++)
			if (w->items[k].kind == FI_FIELD && l->v[i].field[0] &&
			    strcmp(w->items[k].fl->key, l->v[i].field) == 0)
				w->items[k].bad = 1;
	}
	memset(&w->errs, 0, sizeof w->errs);
	w->show_errs = l->n > 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].field[0]) {
			wform_focus_key(w, l->v[i].field);
			break;
		}
	app_status(w->app, 1,
		   _("Заявление не принято: ошибок %zu. ↑/↓ — выбрать, Enter — к полю, Esc — к первой"),
		   l->n);
}

static void
draw_errors(struct wform *w, WINDOW *win)
{
	int rows = body_rows(w), cols = getmaxx(win), i, y = w->body_y;
	int listrows = rows - 2;
	size_t k;

	for (i = 0; i < rows; i++) {
		wmove(win, w->body_y + i, 0);
		wclrtoeol(win);
	}
	wattron(win, A_BOLD);
	tui_text(win, y++, 0, _("Исправьте перед приёмом:"), cols);
	wattroff(win, A_BOLD);
	lscroll_fit(&w->errs, w->shown_errs.n, listrows);
	/* Wrapped rows may push the selected one out: start later. */
	while (w->errs.top < w->errs.sel) {
		int need = 0;

		for (k = w->errs.top; k <= w->errs.sel; k++) {
			char *m = wform_error_text(w->f, &w->shown_errs.v[k]);

			need += tui_para_rows(m, cols - 4);
			free(m);
		}
		if (need <= listrows)
			break;
		w->errs.top++;
	}
	for (k = w->errs.top; k < w->shown_errs.n && y < w->body_y + 1 + listrows;
	     k++) {
		char *m = wform_error_text(w->f, &w->shown_errs.v[k]);

		if (k == w->errs.sel)
			mvwaddch(win, y, 0, '>');
		mvwaddstr(win, y, 2, "- ");
		y += tui_para(win, y, 4, m, cols - 4, w->body_y + 1 + listrows - y);
		free(m);
	}
	if (k < w->shown_errs.n) {
		char more[160];

		snprintf(more, sizeof more, _("… ещё %zu (↓ — показать)"),
			 w->shown_errs.n - k);
		tui_text(win, w->body_y + rows - 1, 2, more, cols - 2);
	}
	w->app->cur_y = -1;
}

int
wform_busy(const struct wform *w)
{
	return w->picking || w->show_errs || w->mrz.open;
}

int
wform_key(struct wform *w, const struct key *k)
{
	struct fitem *it;
	int r;

	if (w->n == 0)
		return 0;
	it = &w->items[w->focus];
	if (w->show_errs)
		return errors_key(w, k);
	if (w->mrz.open || (k->act == ACT_MRZ && !w->picking))
		return wform_mrz_key(w, k);
	if (w->picking) {
		if ((r = pick_key(&w->pick, k)) != PICK_NONE)
			return pick_done(w, r);
		if (k->act == ACT_BACKSPACE && !w->pick.typed.len &&
		    wform_has_list(it->fl))
			return pick_done(w, PICK_CANCEL);
		if (k->act == ACT_ENTER && !w->pick.nshown)
			app_status(w->app, 1, "%s",
				   _("Нет совпадений: ничего не выбрано"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (k->act) {
	case ACT_TAB:
	case ACT_ENTER:
		return move_focus(w, 1, 1);
	case ACT_DOWN:
		return move_focus(w, 1, 0);
	case ACT_BTAB:
	case ACT_UP:
		return move_focus(w, -1, 0);
	case ACT_PGDN:
		return move_focus(w, body_rows(w) - 2, 0);
	case ACT_PGUP:
		return move_focus(w, -(body_rows(w) - 2), 0);
	case ACT_INSERT:
		w->overwrite = !w->overwrite;
		app_status(w->app, 0, "%s", w->overwrite ? _("Режим замены")
							 : _("Режим вставки"));
		return SCR_HANDLED | SCR_REDRAW;
	default:
		break;
	}
	if (it->kind == FI_CHECK) {
		if ((k->act == ACT_CHAR && (k->ch == ' ' || k->ch == '+' ||
					  k->ch == 'x' || k->ch == 0x445)) ||
		    k->act == ACT_LIST) {
			/* Ticked: on to the next document. */
			it->ticked = !it->ticked;
			if (it->ticked)
				return move_focus(w, 1, 1);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (k->act == ACT_BACKSPACE || k->act == ACT_DELETE ||
		    (k->act == ACT_CHAR && k->ch == '-')) {
			it->ticked = 0;
			return SCR_HANDLED | SCR_REDRAW;
		}
		return k->act == ACT_CHAR ? SCR_HANDLED : 0;
	}
	if (k->act == ACT_LIST) {
		if (is_pick_type(it->fl) || wform_has_list(it->fl)) {
			char *typed = cpbuf_utf8(&it->text);

			open_pick(w, is_pick_type(it->fl) ? NULL : typed);
			free(typed);
		} else {
			app_status(w->app, 1, "%s",
				   _("У этого поля нет списка"));
		}
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (k->act == ACT_DUP)
		return duplicate(w, it);
	r = edit_key(w, it, k);
	if (r && k->act != ACT_CHAR && w->app->status_error)
		wform_show_hint(w);
	return r;
}

/* ---- drawing ---- */

static void
draw_field(struct wform *w, WINDOW *win, struct fitem *it, int y,
	   int focused, int applicable)
{
	const struct form_field *fl = it->fl;
	int bw = box_width(w, it), bx = w->box_x;
	size_t i;

	tui_para(win, y, LABEL_X, wform_label(fl), w->label_w, it->nrows);
	if (!applicable) {
		mvwaddch(win, y, bx + 1, '-');
		return;
	}
	mvwaddch(win, y, bx, '[');
	if (fl->mask) {
		size_t ml = mask_len(fl);

		for (i = 0; i < ml && (int)i < bw; i++) {
			if (i < it->text.len)
				tui_wtext(win, y, bx + 1 + (int)i,
					  &it->text.v[i], 1, 1);
			else if (is_literal(fl->mask[i]))
				mvwaddch(win, y, bx + 1 + (int)i,
					 (chtype)(unsigned char)fl->mask[i]);
		}
	} else {
		if (!focused) {
			it->scroll = 0;   /* a field not edited shows its start */
		} else {
			if (it->cur < it->scroll)
				it->scroll = it->cur;
			if (it->cur >= it->scroll + (size_t)bw)
				it->scroll = it->cur - (size_t)bw * 3 / 4;
		}
		if (it->scroll < it->text.len)
			tui_wtext(win, y, bx + 1, it->text.v + it->scroll,
				  it->text.len - it->scroll, bw);
	}
	mvwaddch(win, y, bx + 1 + bw, ']');
	if (!fl->mask && it->scroll > 0)
		mvwaddch(win, y, bx, '<');
	if (!fl->mask && it->text.len > it->scroll + (size_t)bw)
		mvwaddch(win, y, bx + 1 + bw, '>');
}

void
wform_draw(struct wform *w, WINDOW *win)
{
	const struct form *f = w->f;
	int rows = body_rows(w), cols = getmaxx(win), y;
	size_t i, sec = (size_t)-1;
	struct fitem *fo = w->n ? &w->items[w->focus] : NULL;
	json_t *vals;

	if (w->cols != COLS) {
		layout(w);
		if (fo)
			wform_scroll_to_focus(w);
	}
	w->app->cur_y = -1;
	if (w->show_errs) {
		draw_errors(w, win);
		return;
	}
	vals = wform_values(w);
	for (i = 0; i < w->n; i++) {
		struct fitem *it = &w->items[i];
		int ok = wform_applies(w, it, vals), r;

		if (it->kind == FI_FIELD && it->fl->section != sec) {
			sec = it->fl->section;
			y = w->body_y + it->vrow - 1 - w->top;
			if (y >= w->body_y && y < w->body_y + rows) {
				wattron(win, A_BOLD);
				tui_text(win, y, 0,
					 wform_section(&f->sections[sec]), cols);
				wattroff(win, A_BOLD);
			}
		}
		if (it->kind == FI_CHECK &&
		    (i == 0 || w->items[i - 1].kind != FI_CHECK)) {
			y = w->body_y + it->vrow - 1 - w->top;
			if (y >= w->body_y && y < w->body_y + rows) {
				wattron(win, A_BOLD);
				tui_text(win, y, 0,
					 _("Представленные документы"), cols);
				wattroff(win, A_BOLD);
			}
		}
		y = w->body_y + it->vrow - w->top;
		if (y < w->body_y || y + it->nrows > w->body_y + rows)
			continue;
		if (it == fo)
			mvwaddch(win, y, 0, '>');
		if (it->bad)
			mvwaddch(win, y, LABEL_X - 1, '!');
		else if (it->kind == FI_FIELD && it->fl->compute)
			mvwaddch(win, y, LABEL_X - 1, '=');
		else if (ok && wform_required_now(w, it, vals))
			mvwaddch(win, y, LABEL_X - 1, '*');
		if (it->kind == FI_FIELD) {
			draw_field(w, win, it, y, it == fo, ok);
		} else {
			mvwaddstr(win, y, LABEL_X, it->ticked ? "[x]"
						   : ok	     ? "[ ]"
							     : " - ");
			r = tui_para(win, y, LABEL_X + 4, wform_check_text(it->ck),
				     cols - LABEL_X - 5, it->nrows);
			(void)r;
		}
	}
	json_decref(vals);
	if (fo) {
		y = w->body_y + fo->vrow - w->top;
		w->app->cur_y = y;
		if (fo->kind == FI_CHECK)
			w->app->cur_x = LABEL_X + 1;
		else if (is_pick_type(fo->fl))
			w->app->cur_x = w->box_x + 1;
		else
			w->app->cur_x = w->box_x + 1 +
					(int)(fo->cur - fo->scroll);
	}
	if (w->picking)
		pick_draw(&w->pick, w->app, win);
	else if (w->mrz.open)
		mrz_draw(&w->mrz, w->app, win, w->body_y + body_rows(w) - 9);
}
