/* SPDX-License-Identifier: MIT */
/* What the case view lists, read from the case: its state and dates, for
 * the records officer the candidates the special records give, its data
 * (labels from its form, values as form_value_display gives them), the
 * documents presented, its history (who, what, when, on which ground),
 * the reglament's steps with their due dates, and the acts the account
 * may take now (core/case_actions.c). scr_case.c draws the lines. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "case_actions.h"
#include "clock.h"
#include "date.h"
#include "records.h"
#include "scr_case.h"
#include "steps.h"
#include "util.h"

#define LINE_MAX_CHARS 800

static void
add_line(struct cview *v, int bold, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
add_line(struct cview *v, int bold, int indent, const char *fmt, ...)
{
	char buf[LINE_MAX_CHARS];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	XGROW(v->lines, v->nlines, v->cap);
	v->lines[v->nlines].text = xstrdup(buf);
	v->lines[v->nlines].bold = bold;
	v->lines[v->nlines].indent = indent;
	v->nlines++;
}

void
cview_lines_free(struct cview *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++)
		free(v->lines[i].text);
	free(v->lines);
	v->lines = NULL;
	v->nlines = v->cap = 0;
}

const char *
cview_str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* "2026-03-20T10:00:00" -> "20.03.2026 10:00" */
static void
stamp_ru(const char *at, char *out, size_t n)
{
	if (strlen(at) >= 16)
		snprintf(out, n, "%.2s.%.2s.%.4s %.5s", at + 8, at + 5, at,
			 at + 11);
	else
		snprintf(out, n, "%s", at);
}

static const char *
event_ru(const char *code)
{
	enum case_event ev;

	if (workflow_event_parse(code, &ev) == 0)
		return _(workflow_event_ru(ev));
	if (strcmp(code, "print") == 0)
		return _("печать документа");
	if (strcmp(code, "reprint") == 0)
		return _("повторная печать");
	if (strcmp(code, "correct") == 0 || strcmp(code, "correction") == 0)
		return _("исправление записи");
	if (strcmp(code, "create") == 0 || strcmp(code, "new") == 0)
		return _("заявление заведено");
	return code;
}

/* The records officer's view of an accepted case: what the special
 * records list holds that resembles the applicant. */
static void
add_records(struct screen *s, struct cview *v)
{
	struct app *a = s->app;
	struct records_cand *c = NULL;
	struct err e = {0};
	size_t n = 0, i;

	if (v->rec.state != CS_ACCEPTED ||
	    !role_allows(a->actor.roles, PERM_RECORDS_CHECK))
		return;
	add_line(v, 1, 0, "%s", _("Проверка по спецучётам"));
	if (records_check_case(a->sess->store, &a->actor, NULL, v->id, &c, &n,
			       &e) != ST_OK) {
		add_line(v, 0, 2, "  %s", e.msg);
		return;
	}
	if (!n)
		add_line(v, 0, 2, "  %s", _("Совпадений в списке спецучётов нет"));
	for (i = 0; i < n; i++) {
		char bd[16] = "";

		if (c[i].rec.birth_date[0])
			date_iso_to_ru(c[i].rec.birth_date, bd);
		add_line(v, 0, 6, _("  %d%%  %s %s %s, %s, %s %s — %s"),
			 c[i].score, c[i].rec.surname, c[i].rec.given_names,
			 c[i].rec.patronymic, bd, c[i].rec.citizenship,
			 c[i].rec.doc_number, _(record_kind_ru(c[i].rec.kind)));
		if (c[i].why[0])
			add_line(v, 0, 6, "      %s", c[i].why);
	}
	records_cands_free(c, n);
}

/* The steps of the reglament's table: unit, term, due date, done or
 * late. */
static void
add_steps(struct app *a, struct cview *v)
{
	struct step_state *st = NULL;
	size_t n = 0, i;

	if (case_steps(a->sess->store, a->sess->forms, &v->rec, clock_today(),
		       &st, &n, NULL) != ST_OK || !n) {
		free(st);
		return;
	}
	add_line(v, 1, 0, "%s", _("Шаги регламента"));
	for (i = 0; i < n; i++) {
		const struct rule_step *rs = st[i].step;
		char due[11], done[11];

		date_format_ru(st[i].due, due);
		date_format_ru(st[i].done_on, done);
		add_line(v, 0, 5, "  %d. %s (%s), %d %s", rs->no,
			 tui_kk() && rs->action_kk ? rs->action_kk
						   : rs->action_ru,
			 tui_kk() && rs->unit_kk ? rs->unit_kk : rs->unit_ru,
			 rs->term, _("раб. дн."));
		if (!st[i].started)
			add_line(v, 0, 6, "      %s", _("не начат"));
		else if (st[i].done)
			add_line(v, 0, 6, _("      срок %s, выполнен %s%s"), due,
				 done, st[i].late ? _(" — с опозданием") : "");
		else
			add_line(v, st[i].overdue, 6, _("      срок %s%s"), due,
				 st[i].overdue ? _(" — ПРОСРОЧЕН") : "");
	}
	free(st);
}

/* The form's data, section by section, as the form labels it, and the
 * documents presented; without the form, the raw keys. */
static void
add_data(struct cview *v)
{
	size_t sec = (size_t)-1, i, k;
	const char *key;
	json_t *val;

	if (!v->f) {
		json_object_foreach(v->rec.data, key, val)
			add_line(v, 0, 4, "  %s: %s", key,
				 json_string_value(val) ? json_string_value(val)
							: "");
		return;
	}
	for (i = 0; i < v->f->nfields; i++) {
		const struct form_field *fl = &v->f->fields[i];
		const char *raw = cview_str(v->rec.data, fl->key);
		char *shown;

		if (!*raw)
			continue;
		if (fl->section != sec && fl->section < v->f->nsections) {
			sec = fl->section;
			add_line(v, 1, 0, "%s",
				 wform_section(&v->f->sections[sec]));
		}
		shown = form_value_display(v->f, fl, raw);
		if (fl->type == FORM_CHOICE)
			for (k = 0; k < fl->nchoices; k++)
				if (!strcmp(fl->choices[k].code, raw)) {
					free(shown);
					shown = xstrdup(
						wform_choice(&fl->choices[k]));
				}
		add_line(v, 0, 4, "  %s: %s", wform_label(fl), shown);
		free(shown);
	}
	if (!json_array_size(v->rec.documents))
		return;
	add_line(v, 1, 0, "%s", _("Представленные документы"));
	for (k = 0; k < json_array_size(v->rec.documents); k++) {
		const char *txt = json_string_value(
			json_array_get(v->rec.documents, k));

		key = txt;
		for (i = 0; key && i < v->f->nchecklist; i++)
			if (strcmp(v->f->checklist[i].key, key) == 0)
				txt = wform_check_text(&v->f->checklist[i]);
		add_line(v, 0, 6, "  [x] %s", txt ? txt : "");
	}
}

/* The case's history: who did what when, on which ground, why. */
static void
add_history(struct app *a, struct cview *v)
{
	struct case_history *h = NULL;
	struct err e = {0};
	size_t nh = 0, i;

	v->refused = 0;
	if (case_history_get(a->sess->store, &a->actor, v->id, &h, &nh, &e) !=
	    ST_OK)
		return;
	add_line(v, 1, 0, "%s", _("История"));
	for (i = 0; i < nh; i++) {
		char when[32];
		const struct ground *g =
			h[i].ground[0] && v->svc
				? catalog_ground(v->svc, h[i].ground)
				: NULL;

		if (strcmp(h[i].event, "refuse") == 0)
			v->refused = 1;
		stamp_ru(h[i].at, when, sizeof when);
		add_line(v, 0, 4, "  %s  %s — %s", when, event_ru(h[i].event),
			 h[i].full_name[0] ? h[i].full_name : h[i].login);
		if (g)
			add_line(v, 0, 6, _("      основание: %s"),
				 tui_kk() && g->kk ? g->kk : g->ru);
		if (h[i].reason && *h[i].reason)
			add_line(v, 0, 6, "      %s", h[i].reason);
	}
	case_history_free(h, nh);
}

/* What may be done now at this window. */
static void
set_actions(struct app *a, struct cview *v)
{
	/* At the inspector's window the chief's decision on a checked case
	 * is offered too, to be signed there by the chief (four eyes); a
	 * refusal before the check stays at the chief's own terminal. */
	v->nacts = case_actions(&v->rec,
				(a->actor.roles & ROLE_INSPECTOR) &&
						(v->rec.state == CS_CHECKED ||
						 v->rec.state == CS_HIT)
					? a->actor.roles | ROLE_CHIEF
					: a->actor.roles,
				/* An electronic draft (from the portal) is
				 * taken in from here. */
				v->rec.state == CS_DRAFT &&
					!strcmp(v->rec.channel, "electronic"),
				v->acts);
	/* Corrections: the chief, or the inspector with the chief's
	 * signature, on an accepted case not yet finished. */
	v->can_correct = v->rec.journal_no > 0 &&
			 !case_state_final(v->rec.state) &&
			 (role_allows(a->actor.roles, PERM_CORRECT) ||
			  role_allows(a->actor.roles, PERM_CASE_INTAKE));
}

int
cview_load(struct screen *s, struct cview *v)
{
	struct app *a = s->app;
	struct err e = {0};
	char due[16], acc[32];

	if (v->have)
		case_rec_free(&v->rec);
	v->have = 0;
	cview_lines_free(v);
	if (case_get(a->sess->store, &a->actor, v->id, &v->rec, &e) != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return -1;
	}
	v->have = 1;
	v->svc = catalog_find(v->rec.service);
	v->f = formset_get(a->sess->forms, v->rec.form_id);
	case_ref(&v->rec, v->ref, sizeof v->ref);
	due[0] = acc[0] = '\0';
	if (v->rec.due_date[0])
		date_iso_to_ru(v->rec.due_date, due);
	if (v->rec.accepted_at[0])
		stamp_ru(v->rec.accepted_at, acc, sizeof acc);
	add_line(v, 0, 0, _("Состояние: %s"),
		 _(workflow_state_ru(v->rec.state)));
	add_line(v, 0, 0, _("Принято: %s   Срок исполнения: %s"),
		 acc[0] ? acc : "—", due[0] ? due : "—");
	{
		struct date dd;

		if (v->rec.due_date[0] &&
		    date_parse_iso(v->rec.due_date, &dd) == 0 &&
		    cal_provisional(a->sess->store, dd))
			add_line(v, 0, 0, _("Срок предварительный: календарь на %d год еще не подтвержден."),
				 dd.y);
	}
	add_records(s, v);
	add_data(v);
	add_history(a, v);
	add_steps(a, v);
	set_actions(a, v);
	return 0;
}
