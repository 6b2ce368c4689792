/* SPDX-License-Identifier: MIT */
/* The form editor's side of a passport's machine-readable zone: F9 opens
 * the zone's box (w_mrz.c) over a form that has the person and document
 * fields; a zone read fills those fields (countries by name, as when
 * picked), shows the passport's Latin spelling beside its Cyrillic
 * reading, and puts the cursor on the first field still to be filled. */
#include <stdlib.h>

#include "country.h"
#include "mrz.h"
#include "translit.h"
#include "screen.h"
#include "util.h"
#include "w_form.h"
#include "widgets.h"

int
wform_mrz_ok(const struct wform *w)
{
	return form_field(w->f, "surname") && form_field(w->f, "doc_number");
}

/* Fill the form from a zone read (the passport's Latin spelling), show
 * the Cyrillic reading beside it, and go to the first field still empty
 * that must be filled (the optional ones passed on the way, a patronymic
 * or a visa, are above it: ↑ or Shift-Tab), else to the first one still
 * empty. */
static int
mrz_apply(struct wform *w, const struct mrz *m)
{
	json_t *v = mrz_form_values(m), *vals;
	const char *c;
	char *lat, *cyr;
	size_t i;

	/* Countries are shown by name, as when picked. */
	c = json_string_value(json_object_get(v, "citizenship"));
	if (c && country_by_alpha3(c))
		json_object_set_new(v, "citizenship",
				    json_string(KK(country_by_alpha3(c)->ru,
						   country_by_alpha3(c)->kk)));
	for (i = 0; i < w->n; i++)
		if (w->items[i].kind == FI_FIELD &&
		    json_object_get(v, w->items[i].fl->key)) {
			wform_set_value(&w->items[i],
				  json_string_value(json_object_get(
					  v, w->items[i].fl->key)));
			w->items[i].bad = 0;
		}
	json_decref(v);
	lat = xasprintf("%s%s%s", m->surname, m->given_names[0] ? " " : "",
			m->given_names);
	cyr = translit_to_cyrillic(lat);
	/* Side by side: as in the passport, and read in Cyrillic. */
	app_status(w->app, 0, _("MRZ, %s %s: %s — %s%s"), _(mrz_kind_ru(m)),
		   m->issuer, lat, cyr,
		   m->layout_fixed ? _(" (набрано в русской раскладке)") : "");
	free(lat);
	free(cyr);
	vals = wform_values(w);
	for (i = 0; i < w->n; i++)
		if (w->items[i].kind == FI_FIELD && !w->items[i].text.len &&
		    wform_applies(w, &w->items[i], vals) &&
		    wform_required_now(w, &w->items[i], vals))
			break;
	if (i == w->n)
		for (i = 0; i < w->n; i++)
			if (w->items[i].kind == FI_FIELD &&
			    !w->items[i].text.len &&
			    wform_applies(w, &w->items[i], vals))
				break;
	json_decref(vals);
	w->focus = i < w->n ? i : 0;
	w->items[w->focus].cur = w->items[w->focus].text.len;
	wform_scroll_to_focus(w);
	return SCR_HANDLED | SCR_REDRAW;
}

int
wform_mrz_key(struct wform *w, const struct key *k)
{
	struct mrz m;
	int r;

	if (w->mrz.open) {
		r = mrz_key(&w->mrz, k, &m);
		if (r == MRZ_READ)
			return mrz_apply(w, &m);
		if (r == MRZ_CANCEL)
			wform_show_hint(w);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (!wform_mrz_ok(w)) {
		app_status(w->app, 1, "%s", _("В этой форме нет сведений о паспорте"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (wform_check_focus(w) != 0)
		return SCR_HANDLED | SCR_REDRAW;
	mrz_open(&w->mrz);
	app_status_clear(w->app);
	return SCR_HANDLED | SCR_REDRAW;
}
