/* SPDX-License-Identifier: MIT */
/* The form editor: draws and edits any form from forms/ and its documents
 * checklist. Fields are drawn as plain text between brackets, never in
 * reverse or colour, so a typed letter costs the terminal only the letter
 * itself; the focused row is marked by ">" in the first column. F9 reads
 * a passport's machine-readable zone (a document reader types its lines
 * like a keyboard) and fills the person and document fields from it. */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "country.h"
#include "mrz.h"
#include "translit.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

#define LABEL_X 2
#define LABEL_W 31
#define BOX_X 34
#define BODY_Y 2
#define TEXT_MAX 400

static int
body_rows(void)
{
	return LINES - 4;
}

static int
box_width(const struct fitem *it)
{
	int w = it->fl->width, room = COLS - BOX_X - 2;

	return w < room ? w : room;
}

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
buf_set(struct fitem *it, const char *utf8)
{
	size_t len = strlen(utf8), off = 0;
	uint32_t cp;
	int used;

	it->len = it->cur = it->scroll = 0;
	while (off < len && (used = utf8_decode(utf8 + off, len - off, &cp)) > 0) {
		if (it->len == it->cap) {
			it->cap = it->cap ? it->cap * 2 : 32;
			it->buf = xrealloc(it->buf, it->cap * sizeof *it->buf);
		}
		it->buf[it->len++] = cp;
		off += (size_t)used;
	}
	it->cur = it->len;
}

static char *
buf_utf8(const struct fitem *it)
{
	struct strbuf b = {0};
	char enc[5];
	size_t i;
	int n;

	for (i = 0; i < it->len; i++) {
		n = utf8_encode(it->buf[i], enc);
		sb_addn(&b, enc, (size_t)n);
	}
	return sb_take(&b);
}

static void
buf_insert(struct fitem *it, size_t at, uint32_t cp)
{
	if (it->len == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 32;
		it->buf = xrealloc(it->buf, it->cap * sizeof *it->buf);
	}
	memmove(it->buf + at + 1, it->buf + at, (it->len - at) * sizeof *it->buf);
	it->buf[at] = cp;
	it->len++;
}

static void
buf_delete(struct fitem *it, size_t at)
{
	if (at >= it->len)
		return;
	memmove(it->buf + at, it->buf + at + 1,
		(it->len - at - 1) * sizeof *it->buf);
	it->len--;
}

/* Choice and yes/no: the code and the Russian text shown. */
static void
set_code(struct fitem *it, const char *code)
{
	const struct form_field *fl = it->fl;
	size_t i;

	free(it->code);
	it->code = NULL;
	buf_set(it, "");
	if (!code || !*code)
		return;
	if (fl->type == FORM_YESNO) {
		if (strcmp(code, "yes") == 0 || strcmp(code, "да") == 0)
			code = "yes";
		else if (strcmp(code, "no") == 0 || strcmp(code, "нет") == 0)
			code = "no";
		else
			return;
		it->code = xstrdup(code);
		buf_set(it, strcmp(code, "yes") == 0 ? _("да") : _("нет"));
		return;
	}
	for (i = 0; i < fl->nchoices; i++)
		if (strcmp(fl->choices[i].code, code) == 0) {
			it->code = xstrdup(code);
			buf_set(it, fl->choices[i].ru);
			return;
		}
}

void
wform_init(struct wform *w, struct app *a, const struct form *f)
{
	size_t i, k = 0, sec = (size_t)-1;
	int row = 0;

	memset(w, 0, sizeof *w);
	w->app = a;
	w->f = f;
	w->n = f->nfields + f->nchecklist;
	w->items = xcalloc(w->n ? w->n : 1, sizeof *w->items);
	for (i = 0; i < f->nfields; i++, k++) {
		if (f->fields[i].section != sec) {
			sec = f->fields[i].section;
			row++; /* section title */
		}
		w->items[k].kind = FI_FIELD;
		w->items[k].fl = &f->fields[i];
		w->items[k].vrow = row++;
	}
	if (f->nchecklist)
		row++; /* checklist title */
	for (i = 0; i < f->nchecklist; i++, k++) {
		w->items[k].kind = FI_CHECK;
		w->items[k].ck = &f->checklist[i];
		w->items[k].vrow = row++;
	}
	w->nvrows = row;
}

void
wform_free(struct wform *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->items[i].buf);
		free(w->items[i].code);
	}
	free(w->items);
	pick_close(&w->pick);
	errlist_free(&w->shown_errs);
	memset(w, 0, sizeof *w);
}

static char *
raw_value(const struct fitem *it)
{
	if (is_pick_type(it->fl))
		return xstrdup(it->code ? it->code : "");
	return buf_utf8(it);
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

static void
set_value(struct fitem *it, const char *v)
{
	if (is_pick_type(it->fl))
		set_code(it, v);
	else
		buf_set(it, v);
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
				set_value(it, v);
		} else if (it->kind == FI_CHECK && documents) {
			for (j = 0; j < json_array_size(documents); j++) {
				const char *d = json_string_value(
					json_array_get(documents, j));

				if (d && strcmp(d, it->ck->key) == 0)
					it->ticked = 1;
			}
		}
	}
}

int
wform_touched(const struct wform *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->items[i].len || w->items[i].ticked)
			return 1;
	return 0;
}

static void
scroll_to_focus(struct wform *w)
{
	int rows = body_rows(), vr = w->items[w->focus].vrow;

	if (vr == 1 || (w->focus == 0 && vr <= 1))
		vr = 0;
	if (vr < w->top) {
		w->top = vr - rows + 3;
		if (w->top < 0)
			w->top = 0;
	} else if (vr >= w->top + rows) {
		w->top = vr - 2; /* a new page, keeping two rows of context */
		if (w->top + rows > w->nvrows)
			w->top = w->nvrows - rows;
	}
	if (w->top > vr)
		w->top = vr > 0 ? vr - 1 : 0;
}

static void
show_hint(struct wform *w)
{
	const struct fitem *it = &w->items[w->focus];
	const char *hint = NULL;

	if (it->kind == FI_CHECK) {
		app_status(w->app, 0, "%s",
			   _("Пробел — документ представлен / не представлен"));
		return;
	}
	if (it->fl->hint_ru)
		hint = it->fl->hint_ru;
	else if (is_pick_type(it->fl) || it->fl->type == FORM_COUNTRY)
		hint = _("F3 или буква — выбор из списка");
	/* A label cut short on screen is given in full here. */
	if (tui_width(it->fl->label_ru) > LABEL_W)
		app_status(w->app, 0, "%s%s%s", it->fl->label_ru,
			   hint ? ". " : "", hint ? hint : "");
	else if (hint)
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
			scroll_to_focus(w);
			return;
		}
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
		app_status(w->app, 1, "%s", e.msg);
		rc = -1;
	} else if (it->fl->type == FORM_DOCNO && norm) {
		buf_set(it, norm);
	} else if (it->fl->type == FORM_COUNTRY && norm) {
		const struct country *c = country_by_alpha3(norm);

		if (c)
			buf_set(it, c->ru);
	}
	free(norm);
	free(v);
	json_decref(all);
	return rc;
}

/* Move the focus by delta items, validating the field being left. */
static int
move_focus(struct wform *w, int delta)
{
	long to = (long)w->focus + delta;

	if (wform_check_focus(w) != 0)
		return SCR_HANDLED | SCR_REDRAW;
	if (to < 0)
		to = 0;
	if (to >= (long)w->n)
		to = (long)w->n - 1;
	w->focus = (size_t)to;
	w->items[w->focus].cur = w->items[w->focus].len;
	w->items[w->focus].scroll = 0;
	scroll_to_focus(w);
	show_hint(w);
	return SCR_HANDLED | SCR_REDRAW;
}

static void
open_pick(struct wform *w, const char *typed)
{
	struct fitem *it = &w->items[w->focus];
	const struct form_field *fl = it->fl;
	struct pick_item *items;
	size_t i, n;

	if (fl->type == FORM_COUNTRY) {
		const struct country *c = country_all(&n);

		items = xcalloc(n, sizeof *items);
		for (i = 0; i < n; i++) {
			items[i].label = c[i].ru;
			items[i].code = c[i].alpha3;
		}
	} else if (fl->type == FORM_YESNO) {
		n = 2;
		items = xcalloc(n, sizeof *items);
		items[0].label = _("да");
		items[0].code = "yes";
		items[1].label = _("нет");
		items[1].code = "no";
	} else {
		n = fl->nchoices;
		items = xcalloc(n ? n : 1, sizeof *items);
		for (i = 0; i < n; i++) {
			items[i].label = fl->choices[i].ru;
			items[i].code = fl->choices[i].code;
		}
	}
	pick_open(&w->pick, fl->label_ru, items, n, typed);
	free(items);
	w->picking = 1;
	app_status(w->app, 0, "%s",
		   _("Буквы — поиск, Enter — выбрать, Esc — отмена"));
}

static int
next_after_fill(struct wform *w)
{
	if (w->focus + 1 < w->n)
		return move_focus(w, 1);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
pick_done(struct wform *w, int r)
{
	struct fitem *it = &w->items[w->focus];
	const struct pick_item *ch = pick_chosen(&w->pick);

	if (r == PICK_CHOSEN && ch) {
		if (it->fl->type == FORM_COUNTRY)
			buf_set(it, ch->label);
		else
			set_code(it, ch->code);
	}
	pick_close(&w->pick);
	w->picking = 0;
	if (r == PICK_CHOSEN)
		return next_after_fill(w);
	show_hint(w);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
type_masked(struct wform *w, struct fitem *it, uint32_t ch)
{
	const char *m = it->fl->mask;
	size_t ml = mask_len(it->fl);

	if (it->cur >= ml)
		return SCR_HANDLED;
	/* The separator typed after we already put it in: nothing to do. */
	if (it->cur > 0 && it->cur == it->len && is_literal(m[it->cur - 1]) &&
	    ch == (uint32_t)(unsigned char)m[it->cur - 1] &&
	    !is_literal(m[it->cur]))
		return SCR_HANDLED;
	if (is_literal(m[it->cur])) {
		if (ch == (uint32_t)(unsigned char)m[it->cur]) {
			if (it->cur == it->len)
				buf_insert(it, it->len, ch);
			it->cur++;
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (it->cur == it->len)
			buf_insert(it, it->len, (unsigned char)m[it->cur]);
		it->cur++;
	}
	if (m[it->cur] == '9' && !(ch >= '0' && ch <= '9')) {
		app_status(w->app, 1, _("%s: здесь только цифры"),
			   it->fl->label_ru);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (m[it->cur] == 'A' && !iswalpha((wint_t)ch)) {
		app_status(w->app, 1, _("%s: здесь только буквы"),
			   it->fl->label_ru);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (it->cur < it->len)
		it->buf[it->cur] = ch;
	else
		buf_insert(it, it->len, ch);
	it->cur++;
	/* Put the literal that follows, so the cursor waits after it. */
	while (it->cur < ml && it->cur == it->len && is_literal(m[it->cur])) {
		buf_insert(it, it->len, (unsigned char)m[it->cur]);
		it->cur++;
	}
	if (w->app->status_error)
		app_status_clear(w->app);
	if (it->len >= ml && it->cur >= ml && auto_skip(it->fl))
		return next_after_fill(w);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
type_char(struct wform *w, struct fitem *it, uint32_t ch)
{
	if (it->fl->mask)
		return type_masked(w, it, ch);
	if (w->overwrite && it->cur < it->len) {
		it->buf[it->cur++] = ch;
	} else {
		if (it->len >= max_chars(it->fl)) {
			app_status(w->app, 1, _("%s: не длиннее %zu знаков"),
				   it->fl->label_ru, max_chars(it->fl));
			return SCR_HANDLED | SCR_REDRAW;
		}
		buf_insert(it, it->cur++, ch);
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
	set_value(it, v);
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
				return next_after_fill(w);
			}
			if (c == 0x43d /* н */ || c == 'n' || c == 0x436 /* ж */) {
				set_code(it, "no");
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
	if (fl->type == FORM_COUNTRY && k->act == ACT_CHAR && it->len == 0 &&
	    k->ch != ' ') {
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
		if (it->cur < it->len)
			it->cur++;
		break;
	case ACT_HOME:
		it->cur = 0;
		break;
	case ACT_END:
		it->cur = it->len;
		break;
	case ACT_BACKSPACE:
		if (it->cur == 0)
			break;
		if (fl->mask && it->cur == it->len) {
			it->len--;
			while (it->len > 0 &&
			       is_literal(fl->mask[it->len]))
				it->len--;
			it->cur = it->len;
			break;
		}
		buf_delete(it, --it->cur);
		break;
	case ACT_DELETE:
		if (fl->mask) {
			if (it->cur < it->len)
				it->len = it->cur; /* cut the rest */
		} else {
			buf_delete(it, it->cur);
		}
		break;
	default:
		return 0;
	}
	return SCR_HANDLED | SCR_REDRAW;
}

static int
errors_key(struct wform *w)
{
	w->show_errs = 0;
	show_hint(w);
	return SCR_HANDLED | SCR_REDRAW;
}

int
wform_mrz_ok(const struct wform *w)
{
	return form_field(w->f, "surname") && form_field(w->f, "doc_number");
}

static void
mrz_open(struct wform *w)
{
	w->mrz = 1;
	w->mrzbuf[0] = '\0';
	app_status(w->app, 0, "%s",
		   _("Считайте паспорт или наберите строки MRZ (Enter между "
		     "строками); Esc — отмена"));
}

/* Characters of the zone typed so far, line breaks not counted. */
static size_t
mrz_chars(const char *b)
{
	size_t n = 0;

	for (; *b; b++)
		n += *b != '\n';
	return n;
}

/* Parse what was read: on success fill the form (the passport's Latin
 * spelling) and show the Cyrillic reading beside it; on a fault name the
 * field and leave the form as it was. */
static int
mrz_apply(struct wform *w)
{
	struct mrz m;
	struct err e = {0};
	json_t *v;
	const char *c;
	char *lat, *cyr;
	size_t i;

	if (mrz_parse(w->mrzbuf, &m, &e) != ST_OK) {
		app_status(w->app, 1, _("MRZ не принята: %s. Считайте ещё "
					"раз"), e.msg);
		w->mrzbuf[0] = '\0';
		return SCR_HANDLED | SCR_REDRAW;
	}
	v = mrz_form_values(&m);
	/* Countries are shown by their Russian name, as when picked. */
	c = json_string_value(json_object_get(v, "citizenship"));
	if (c && country_by_alpha3(c))
		json_object_set_new(v, "citizenship",
				    json_string(country_by_alpha3(c)->ru));
	for (i = 0; i < w->n; i++)
		if (w->items[i].kind == FI_FIELD &&
		    json_object_get(v, w->items[i].fl->key)) {
			struct fitem *it = &w->items[i];
			const char *val = json_string_value(
				json_object_get(v, it->fl->key));

			if (is_pick_type(it->fl))
				set_code(it, val);
			else
				buf_set(it, val);
		}
	json_decref(v);
	w->mrz = 0;
	lat = xasprintf("%s%s%s", m.surname, m.given_names[0] ? " " : "",
			m.given_names);
	cyr = translit_to_cyrillic(lat);
	/* Side by side: as in the passport, and read in Cyrillic. */
	app_status(w->app, 0, _("MRZ, %s %s: %s — %s%s"), mrz_kind_ru(&m),
		   m.issuer, lat, cyr,
		   m.layout_fixed ? _(" (набрано в русской раскладке)") : "");
	free(lat);
	free(cyr);
	wform_focus_key(w, "surname");
	return SCR_HANDLED | SCR_REDRAW;
}

static int
mrz_key(struct wform *w, const struct key *k)
{
	size_t len = strlen(w->mrzbuf), n;

	switch (k->act) {
	case ACT_ESC:
	case ACT_MRZ:
		w->mrz = 0;
		show_hint(w);
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_SAVE:
		return mrz_apply(w);
	case ACT_ENTER:
		/* A reader ends each line with Enter: two lines of 36 or 44
		 * or three of 30 complete a zone. */
		n = mrz_chars(w->mrzbuf);
		if (n == 72 || n == 88 || n >= 90)
			return mrz_apply(w);
		if (len && w->mrzbuf[len - 1] != '\n' &&
		    len + 1 < sizeof w->mrzbuf) {
			w->mrzbuf[len] = '\n';
			w->mrzbuf[len + 1] = '\0';
		}
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_BACKSPACE:
		if (len)
			w->mrzbuf[len - 1] = '\0';
		return SCR_HANDLED | SCR_REDRAW;
	case ACT_CHAR: {
		char enc[5];
		int m = utf8_encode(k->ch, enc);

		if (len + (size_t)m + 1 < sizeof w->mrzbuf) {
			memcpy(w->mrzbuf + len, enc, (size_t)m);
			w->mrzbuf[len + (size_t)m] = '\0';
		}
		if (w->app->status_error)
			app_status_clear(w->app);
		return SCR_HANDLED | SCR_REDRAW;
	}
	default:
		return SCR_HANDLED;
	}
}

/* The zone as typed, in a box over the bottom of the form: one row per
 * line, long lines (a reader that sends no breaks) cut at 44. */
static void
mrz_draw(struct wform *w, WINDOW *win)
{
	int cols = getmaxx(win), bw = 50, bx = (cols - bw) / 2, i;
	int y0 = BODY_Y + body_rows() - 7; /* low: the name rows stay seen */
	int row = 0, cx = bx + 3, cy = y0 + 2;
	const char *p = w->mrzbuf;

	for (i = 0; i < 7; i++) {
		wmove(win, y0 + i, bx);
		wclrtoeol(win);
	}
	tui_box(win, y0, bx, 7, bw);
	wattron(win, A_BOLD);
	tui_text(win, y0, bx + 2, _("Паспорт: машиносчитываемая зона"),
		 bw - 4);
	wattroff(win, A_BOLD);
	while (row < 4) {
		size_t l = strcspn(p, "\n"), cut = l > 44 ? 44 : l;
		char line[48];

		memcpy(line, p, cut);
		line[cut] = '\0';
		tui_text(win, y0 + 1 + row, bx + 3, line, 44);
		cy = y0 + 1 + row;
		cx = bx + 3 + (int)cut;
		if (!p[l])
			break;
		p += l + 1;
		row++;
	}
	w->app->cur_y = cy;
	w->app->cur_x = cx;
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
		return errors_key(w);
	if (w->mrz)
		return mrz_key(w, k);
	if (k->act == ACT_MRZ && !w->picking) {
		if (!wform_mrz_ok(w)) {
			app_status(w->app, 1, "%s", _("В этой форме нет "
						      "сведений о паспорте"));
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (wform_check_focus(w) != 0)
			return SCR_HANDLED | SCR_REDRAW;
		mrz_open(w);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (w->picking) {
		if ((r = pick_key(&w->pick, k)) != PICK_NONE)
			return pick_done(w, r);
		if (k->act == ACT_BACKSPACE && !w->pick.typed[0] &&
		    it->fl->type == FORM_COUNTRY)
			return pick_done(w, PICK_CANCEL);
		return SCR_HANDLED | SCR_REDRAW;
	}
	switch (k->act) {
	case ACT_TAB:
	case ACT_DOWN:
	case ACT_ENTER:
		return move_focus(w, 1);
	case ACT_BTAB:
	case ACT_UP:
		return move_focus(w, -1);
	case ACT_PGDN:
		return move_focus(w, body_rows() - 2);
	case ACT_PGUP:
		return move_focus(w, -(body_rows() - 2));
	case ACT_INSERT:
	case ACT_INSMODE:
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
			it->ticked = !it->ticked;
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
		if (is_pick_type(it->fl) || it->fl->type == FORM_COUNTRY) {
			char *typed = buf_utf8(it);

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
		show_hint(w);
	return r;
}

void
wform_show_errors(struct wform *w, const struct errlist *l)
{
	size_t i;

	errlist_free(&w->shown_errs);
	for (i = 0; i < l->n; i++)
		errlist_add_err(&w->shown_errs, &l->v[i]);
	w->show_errs = l->n > 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].field[0]) {
			wform_focus_key(w, l->v[i].field);
			break;
		}
	app_status(w->app, 1, _("Заявление не принято: ошибок %zu. "
				"Любая клавиша — к первой"), l->n);
}

static void
draw_field(struct wform *w, WINDOW *win, struct fitem *it, int y)
{
	const struct form_field *fl = it->fl;
	int bw = box_width(it);
	size_t i;

	if (fl->need == FORM_REQUIRED)
		mvwaddch(win, y, LABEL_X - 1, '*');
	tui_text(win, y, LABEL_X, fl->label_ru, LABEL_W);
	mvwaddch(win, y, BOX_X, '[');
	if (fl->mask) {
		size_t ml = mask_len(fl);

		for (i = 0; i < ml && (int)i < bw; i++) {
			if (i < it->len)
				tui_wtext(win, y, BOX_X + 1 + (int)i,
					  &it->buf[i], 1, 1);
			else if (is_literal(fl->mask[i]))
				mvwaddch(win, y, BOX_X + 1 + (int)i,
					 (chtype)(unsigned char)fl->mask[i]);
		}
	} else if (is_pick_type(fl)) {
		tui_wtext(win, y, BOX_X + 1, it->buf, it->len, bw);
	} else {
		if (it->cur < it->scroll)
			it->scroll = it->cur;
		if (it->cur >= it->scroll + (size_t)bw)
			it->scroll = it->cur - (size_t)bw * 3 / 4;
		if (it->scroll < it->len)
			tui_wtext(win, y, BOX_X + 1, it->buf + it->scroll,
				  it->len - it->scroll, bw);
	}
	mvwaddch(win, y, BOX_X + 1 + bw, it->scroll > 0 ? '<' : ']');
	if (!fl->mask && it->len > it->scroll + (size_t)bw)
		mvwaddch(win, y, BOX_X + 1 + bw, '>');
}

static void
draw_errors(struct wform *w, WINDOW *win)
{
	int rows = body_rows(), cols = getmaxx(win), i, y = BODY_Y;
	size_t k;

	for (i = 0; i < rows; i++) {
		wmove(win, BODY_Y + i, 0);
		wclrtoeol(win);
	}
	wattron(win, A_BOLD);
	tui_text(win, y++, 0, _("Исправьте перед приёмом:"), cols);
	wattroff(win, A_BOLD);
	for (k = 0; k < w->shown_errs.n && y < BODY_Y + rows; k++, y++) {
		mvwaddstr(win, y, 0, "- ");
		tui_text(win, y, 2, w->shown_errs.v[k].msg, cols - 2);
	}
	w->app->cur_y = -1;
}

void
wform_draw(struct wform *w, WINDOW *win)
{
	const struct form *f = w->f;
	int rows = body_rows(), cols = getmaxx(win), vr = 0, y;
	size_t i, k = 0, sec = (size_t)-1;
	struct fitem *fo = w->n ? &w->items[w->focus] : NULL;

	w->app->cur_y = -1;
	if (w->show_errs) {
		draw_errors(w, win);
		return;
	}
	for (i = 0; i < w->n; i++, k++) {
		struct fitem *it = &w->items[i];

		if (it->kind == FI_FIELD && it->fl->section != sec) {
			sec = it->fl->section;
			y = BODY_Y + it->vrow - 1 - w->top;
			if (y >= BODY_Y && y < BODY_Y + rows) {
				wattron(win, A_BOLD);
				tui_text(win, y, 0, f->sections[sec].title_ru, cols);
				wattroff(win, A_BOLD);
			}
		}
		if (it->kind == FI_CHECK && (i == 0 || w->items[i - 1].kind != FI_CHECK)) {
			y = BODY_Y + it->vrow - 1 - w->top;
			if (y >= BODY_Y && y < BODY_Y + rows) {
				wattron(win, A_BOLD);
				tui_text(win, y, 0,
					 _("Представленные документы"), cols);
				wattroff(win, A_BOLD);
			}
		}
		y = BODY_Y + it->vrow - w->top;
		if (y < BODY_Y || y >= BODY_Y + rows)
			continue;
		if (it == fo)
			mvwaddch(win, y, 0, '>');
		if (it->kind == FI_FIELD) {
			draw_field(w, win, it, y);
		} else {
			if (it->ck->need == FORM_REQUIRED)
				mvwaddch(win, y, LABEL_X - 1, '*');
			mvwaddstr(win, y, LABEL_X, it->ticked ? "[x]" : "[ ]");
			tui_text(win, y, LABEL_X + 4, it->ck->text_ru,
				 cols - LABEL_X - 4);
		}
	}
	(void)vr;
	if (fo) {
		y = BODY_Y + fo->vrow - w->top;
		if (fo->kind == FI_CHECK) {
			w->app->cur_y = y;
			w->app->cur_x = LABEL_X + 1;
		} else if (is_pick_type(fo->fl)) {
			w->app->cur_y = y;
			w->app->cur_x = BOX_X + 1;
		} else {
			w->app->cur_y = y;
			w->app->cur_x = BOX_X + 1 + (int)(fo->cur - fo->scroll);
		}
	}
	if (w->picking)
		pick_draw(&w->pick, w->app, win);
	else if (w->mrz)
		mrz_draw(w, win);
}
