/* SPDX-License-Identifier: MIT */
/* What a form field's pick-list holds: its choices, yes/no, the countries
 * (the name in the interface's language shown, the other language's, the
 * ISO codes and the aliases searched too), or a reference list an
 * administrator keeps in forms/lists (border checkpoints, issuing
 * authorities, the border zone's regions, districts and settlements,
 * each list of the latter within the value chosen above it). */
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "reflist.h"
#include "util.h"
#include "widgets.h"

void
wform_pick_free(struct wform *w)
{
	size_t i;

	for (i = 0; w->pick_also && i < w->npick; i++)
		free(w->pick_also[i]);
	free(w->pick_also);
	free(w->pick_items);
	reflist_free(w->pick_list);
	w->pick_also = NULL;
	w->pick_items = NULL;
	w->pick_list = NULL;
	w->npick = 0;
}

int
wform_has_list(const struct form_field *fl)
{
	return fl->type == FORM_COUNTRY || fl->list != NULL;
}

static void
grow(struct wform *w, size_t n)
{
	w->pick_items = xcalloc(n ? n : 1, sizeof *w->pick_items);
	w->pick_also = xcalloc(n ? n : 1, sizeof *w->pick_also);
}

static void
country_items(struct wform *w)
{
	const struct country *c = country_all(&w->npick);
	size_t i, k;

	grow(w, w->npick);
	for (i = 0; i < w->npick; i++) {
		struct strbuf b = {0};
		const char *name, *a3;

		sb_printf(&b, "%s\n%s\n%s", tui_kk() ? c[i].ru : c[i].kk,
			  c[i].alpha2, c[i].alpha3);
		for (k = 0; (name = country_alias_at(k, &a3)) != NULL; k++)
			if (strcmp(a3, c[i].alpha3) == 0)
				sb_printf(&b, "\n%s", name);
		w->pick_also[i] = sb_take(&b);
		w->pick_items[i].label = tui_tr(c[i].ru, c[i].kk);
		w->pick_items[i].code = c[i].alpha3;
		w->pick_items[i].also = w->pick_also[i];
	}
}

/* The value of the field fl lies within, as its list's code ("" when it
 * is empty or not in that list: then every entry is offered). */
static char *
parent_code(struct wform *w, const struct form_field *fl)
{
	const struct form_field *pf = form_field(w->f, fl->list_within);
	struct reflist *pl = NULL;
	const struct ref_entry *e;
	char *val = NULL, *code;
	size_t i;

	for (i = 0; pf && i < w->n; i++)
		if (w->items[i].fl == pf)
			val = cpbuf_utf8(&w->items[i].text);
	if (!val || !pf->list ||
	    reflist_load(w->app->sess->forms_dir, pf->list, &pl, NULL) != ST_OK) {
		free(val);
		return xstrdup("");
	}
	e = reflist_find(pl, val);
	code = xstrdup(e ? e->code : "");
	reflist_free(pl);
	free(val);
	return code;
}

static void
list_items(struct wform *w, const struct form_field *fl)
{
	struct errlist errs = {0};
	char *parent = fl->list_within ? parent_code(w, fl) : xstrdup("");
	size_t i, k = 0;

	if (reflist_load(w->app->sess->forms_dir, fl->list, &w->pick_list,
			 &errs) != ST_OK) {
		app_status(w->app, 1, "%s", errs.n ? errs.v[0].msg : fl->list);
		errlist_free(&errs);
		free(parent);
		return;
	}
	grow(w, w->pick_list->n);
	for (i = 0; i < w->pick_list->n; i++) {
		const struct ref_entry *e = &w->pick_list->v[i];

		if (*parent && strcmp(e->parent, parent) != 0)
			continue;
		w->pick_also[k] = xasprintf("%s\n%s\n%s", tui_kk() ? e->ru : e->kk,
					    e->code, e->also);
		w->pick_items[k].label = tui_tr(e->ru, e->kk);
		w->pick_items[k].code = e->code;
		w->pick_items[k].also = w->pick_also[k];
		k++;
	}
	w->npick = k;
	free(parent);
}

void
wform_pick_items(struct wform *w, const struct form_field *fl)
{
	size_t i;

	wform_pick_free(w);
	if (fl->list) {
		list_items(w, fl);
	} else if (fl->type == FORM_COUNTRY) {
		country_items(w);
	} else if (fl->type == FORM_YESNO) {
		w->npick = 2;
		w->pick_items = xcalloc(2, sizeof *w->pick_items);
		w->pick_items[0].label = _("да");
		w->pick_items[0].code = "yes";
		w->pick_items[0].also = "да\nиә\nyes";
		w->pick_items[1].label = _("нет");
		w->pick_items[1].code = "no";
		w->pick_items[1].also = "нет\nжоқ\nno";
	} else {
		w->npick = fl->nchoices;
		grow(w, w->npick);
		for (i = 0; i < w->npick; i++) {
			const struct form_choice *c = &fl->choices[i];

			w->pick_also[i] = xasprintf("%s\n%s", c->ru,
						    c->kk ? c->kk : "");
			w->pick_items[i].label = wform_choice(c);
			w->pick_items[i].code = c->code;
			w->pick_items[i].also = w->pick_also[i];
		}
	}
}
