/* SPDX-License-Identifier: MIT */
/* Intake at the window: the service's form (from forms/) and its
 * documents checklist in the form editor; F2 accepts (case_create, then
 * the accept event: journal number and due date), F5 returns the documents
 * naming what is missing, F6 keeps a draft, F8 switches to another form
 * of the same service (the border pass: a person's application or an
 * organisation's petition), keeping what both forms share. After accept
 * the receipt is printed where the window prints; a window with no
 * printer yet asks once (a numbered choice under the result, no box, so it
 * costs a few lines) and remembers the answer. A hang-up or leaving with a
 * half-filled form keeps it as the inspector's draft. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "draft.h"
#include "print.h"
#include "printer.h"
#include "screen.h"
#include "util.h"
#include "widgets.h"

struct intake {
	const struct service *svc;
	const struct form *f;
	struct wform w;
	int done;               /* showing the result of accept / return */
	char result[5][640];
	long long case_id;      /* the accepted case (receipt) */
	/* The printer question: choices as codes and labels. */
	int asking;
	int nprn;
	char prn_code[4][200];
	char prn_label[4][260];
	/* F8: the service's forms. */
	size_t nforms;
	struct pick fpick;
	int choosing;
};

static const struct fkey intake_keys[] = {
	{ACT_F1, "Помощь"},   {ACT_F2, "Принять"}, {ACT_F3, "Список"},
	{ACT_F4, "Дубль"},    {ACT_F5, "Возврат"}, {ACT_F6, "Черновик"},
	{ACT_F7, "Вст/Зам"},  {ACT_F10, "Выход"},
};

/* Offered only where they apply: another form, the passport's MRZ. */
static const struct fkey key_form = {ACT_FORM, "Форма"};
static const struct fkey key_mrz = {ACT_MRZ, "MRZ"};

static const struct fkey result_keys[] = {
	{ACT_F10, "Выход"},
};

static int
start_form(struct screen *s, struct intake *in)
{
	wform_free(&in->w);
	wform_init(&in->w, s->app, in->f);
	in->done = 0;
	if (in->f->fields[0].hint_ru)
		app_status(s->app, 0, "%s", in->f->fields[0].hint_ru);
	return 0;
}

static int
intake_enter(struct screen *s, void *arg)
{
	struct app *a = s->app;
	struct intake *in = xcalloc(1, sizeof *in);
	const char *service = arg;
	struct draft d;
	struct err e = {0};
	int resume = service == NULL;

	s->priv = in;
	if (resume) {
		if (draft_load(a->sess->store, &a->actor, 1, &d, &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			free(in);
			return -1;
		}
		service = d.service;
	}
	in->svc = catalog_find(service);
	if (in->svc && resume)
		in->f = formset_get(a->sess->forms, d.form_id);
	else if (in->svc) {
		in->f = formset_get(a->sess->forms, in->svc->default_form);
		if (!in->f)
			in->f = formset_for_service(a->sess->forms, service, 0);
	}
	if (!in->f || in->f->nfields == 0) {
		app_status(a, 1, _("Нет формы заявления для услуги %s"),
			   service);
		if (resume)
			draft_free(&d);
		free(in);
		return -1;
	}
	while (formset_for_service(a->sess->forms, in->svc->code, in->nforms))
		in->nforms++;
	start_form(s, in);
	if (in->nforms > 1 && !resume)
		app_status(a, 0, _("Форм заявления у этой услуги: %zu. F8 — "
				   "выбрать другую"), in->nforms);
	if (resume) {
		wform_load(&in->w, d.values, d.documents);
		if (d.focus >= 0 && (size_t)d.focus < in->w.n)
			in->w.focus = (size_t)d.focus;
		draft_free(&d);
		app_status(a, 0, "%s", _("Черновик восстановлен"));
	}
	return 0;
}

static void
intake_leave(struct screen *s)
{
	struct intake *in = s->priv;

	wform_free(&in->w);
	pick_close(&in->fpick);
	free(in);
}

/* Keep the form as the inspector's draft. 0 on success. */
static int
keep_draft(struct screen *s, struct intake *in)
{
	struct app *a = s->app;
	json_t *v, *d;
	struct err e = {0};
	enum status st;

	v = wform_values(&in->w);
	d = wform_documents(&in->w);
	st = draft_save(a->sess->store, &a->actor, in->svc->code, in->f->id, v,
			d, (int)in->w.focus, &e);
	if (st == ST_STORAGE) {
		/* Full disk or read-only database: keep what was typed in a
		 * file rather than lose it. */
		char path[512];
		struct err fe = {0};

		if (draft_save_file(NULL, a->sess->db_path, &a->actor,
				    in->svc->code, in->f->id, v, d,
				    (int)in->w.focus, path, sizeof path, &fe) ==
		    ST_OK) {
			app_status(a, 1, _("%s. Черновик сохранён в файл %s"),
				   e.msg, path);
			st = ST_OK;
		}
	}
	json_decref(v);
	json_decref(d);
	if (st != ST_OK) {
		app_status(a, 1, "%s", e.msg);
		return -1;
	}
	return 0;
}

static void
intake_hangup(struct screen *s)
{
	struct intake *in = s->priv;

	if (!in->done && wform_touched(&in->w))
		keep_draft(s, in);
}

static void
remember(struct screen *s, struct intake *in, json_t *raw)
{
	json_object_set(s->app->previous, in->f->id, raw);
}

/* "a\nb\n" -> "a; b" */
static void
join_lines(char *s)
{
	size_t n = strlen(s);
	char *p;

	while (n && s[n - 1] == '\n')
		s[--n] = '\0';
	while ((p = strchr(s, '\n')) != NULL) {
		memmove(p + 2, p + 1, strlen(p + 1) + 1);
		p[0] = ';';
		p[1] = ' ';
	}
}

/* Validate the whole form: 0 when it can be filed; otherwise the errors
 * are listed. *missing gets the missing documents ("" when none). */
static int
check_all(struct screen *s, struct intake *in, json_t *raw, json_t *docs,
	  char **missing)
{
	struct errlist errs = {0};
	struct strbuf mb = {0};
	struct err e = {0};
	json_t *copy = json_deep_copy(raw);
	int rc = 0;

	*missing = NULL;
	if (form_validate(in->f, copy, &errs) != ST_OK) {
		wform_show_errors(&in->w, &errs);
		rc = -1;
	} else if (form_checklist_missing(in->f, copy, docs, &mb, &e) != ST_OK) {
		app_status(s->app, 1, "%s", e.msg);
		rc = -1;
	} else {
		*missing = sb_take(&mb);
		if (mb.len == 0 && !**missing) {
			;
		}
		sb_free(&mb);
	}
	errlist_free(&errs);
	json_decref(copy);
	return rc;
}

static long long
create_case(struct screen *s, struct intake *in, json_t *raw, json_t *docs)
{
	struct app *a = s->app;
	struct case_new cn = {0};
	struct errlist errs = {0};
	json_t *values = json_deep_copy(raw);
	long long id = 0;

	cn.service = in->svc->code;
	cn.form_id = in->f->id;
	cn.values = values;
	cn.documents = docs;
	if (case_create(a->sess->store, &a->actor, a->sess->forms, &cn, &id,
			&errs) != ST_OK) {
		if (errs.n && errs.v[0].field[0])
			wform_show_errors(&in->w, &errs);
		else if (errs.n && errs.v[0].st == ST_STORAGE) {
			/* The form stays on screen; a copy is kept too. */
			app_status(a, 1, "%s", errs.v[0].msg);
			keep_draft(s, in);
		}
		else if (errs.n)
			app_status(a, 1, "%s", errs.v[0].msg);
		id = 0;
	}
	errlist_free(&errs);
	json_decref(values);
	return id;
}

/* Print the receipt of the accepted case where choice says; the outcome
 * goes to result line 3. */
static void
print_receipt(struct screen *s, struct intake *in, const char *choice)
{
	struct app *a = s->app;
	struct print_req r = {.doc = PD_RECEIPT, .width = 80,
			      .enc = ENC_UTF8};
	struct print_result res;
	struct err e = {0};
	char dest[320], name[48], where[400], *tdir;

	snprintf(name, sizeof name, "case-%lld-receipt", in->case_id);
	if (printer_target(choice, name, &r, dest, sizeof dest, &e) != ST_OK) {
		snprintf(in->result[3], sizeof in->result[3],
			 _("Расписка не напечатана: %s"), e.msg);
		return;
	}
	tdir = xasprintf("%s/templates", a->sess->forms_dir);
	r.templates_dir = tdir;
	if (print_case(a->sess->store, &a->actor, a->sess->forms, in->case_id,
		       &r, &res, &e) != ST_OK) {
		snprintf(in->result[3], sizeof in->result[3],
			 _("Расписка не напечатана: %s"), e.msg);
	} else {
		/* The folder is the window's, known to the inspector; the
		 * name alone fits the status line. */
		if (r.target == PT_FILE) {
			const char *base = strrchr(dest, '/');

			snprintf(where, sizeof where, _("в файл %.300s"),
				 base ? base + 1 : dest);
		}
		else
			printer_describe(choice, where, sizeof where);
		snprintf(in->result[3], sizeof in->result[3],
			 _("Расписка (%d экз.) отправлена %s"), res.copies,
			 where);
		print_result_free(&res);
	}
	free(tdir);
}

/* Where the window prints: print there, or ask once. */
static void
receipt(struct screen *s, struct intake *in)
{
	struct app *a = s->app;
	char choice[200], *dir, *slash;
	const char *lp = getenv("PRINTER");

	if (printer_of_window(a->sess->store, a->actor.office_id, a->window_no,
			      choice, sizeof choice)) {
		print_receipt(s, in, choice);
		return;
	}
	in->nprn = 0;
	/* The print folder next to the database: always there, so it is
	 * the first choice (Enter). */
	dir = xstrdup(a->sess->db_path);
	slash = strrchr(dir, '/');
	snprintf(in->prn_code[in->nprn], sizeof in->prn_code[0], "file:%s/print/",
		 slash ? (*slash = '\0', dir) : ".");
	snprintf(in->prn_label[in->nprn++], sizeof in->prn_label[0],
		 _("в папку печати %s"), in->prn_code[0] + 5);
	free(dir);
	snprintf(in->prn_code[in->nprn], sizeof in->prn_code[0], "terminal");
	snprintf(in->prn_label[in->nprn++], sizeof in->prn_label[0], "%s",
		 _("на принтер, подключённый к терминалу"));
	if (!lp || !*lp)
		lp = getenv("LPDEST");
	if (lp && *lp && print_lp_available()) {
		snprintf(in->prn_code[in->nprn], sizeof in->prn_code[0],
			 "lp:%.180s", lp);
		snprintf(in->prn_label[in->nprn++], sizeof in->prn_label[0],
			 _("на системный принтер %.180s"), lp);
	}
	in->asking = 1;
	snprintf(in->result[3], sizeof in->result[3], "%s",
		 _("Куда печатать расписку? Цифра или Enter (1); 0 — не "
		   "печатать"));
}

static int
answer_printer(struct screen *s, struct intake *in, int n)
{
	struct app *a = s->app;
	struct err e = {0};

	in->asking = 0;
	if (n <= 0) {
		snprintf(in->result[3], sizeof in->result[3],
			 _("Расписка не напечатана (печать: okno print %lld "
			   "receipt)"), in->case_id);
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (a->window_no > 0 &&
	    window_set_printer(a->sess->store, &a->actor, a->actor.office_id,
			       a->window_no, in->prn_code[n - 1], &e) != ST_OK)
		app_status(a, 1, "%s", e.msg);
	print_receipt(s, in, in->prn_code[n - 1]);
	return SCR_HANDLED | SCR_REDRAW;
}

/* F8: the list of the service's forms. */
static int
open_forms(struct screen *s, struct intake *in)
{
	struct pick_item *items;
	size_t i;

	if (in->nforms < 2) {
		app_status(s->app, 1, "%s",
			   _("У этой услуги одна форма заявления"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	items = xcalloc(in->nforms, sizeof *items);
	for (i = 0; i < in->nforms; i++) {
		const struct form *f =
			formset_for_service(s->app->sess->forms, in->svc->code, i);

		items[i].label = f->title_ru;
		items[i].code = f->id;
	}
	pick_open(&in->fpick, _("Форма заявления"), items, in->nforms, NULL);
	free(items);
	in->choosing = 1;
	app_status(s->app, 0, "%s", _("Enter — выбрать, Esc — отмена"));
	return SCR_HANDLED | SCR_REDRAW;
}

static int
forms_key(struct screen *s, struct intake *in, const struct key *k)
{
	const struct pick_item *ch;
	const struct form *f;
	json_t *v, *d;
	int r = pick_key(&in->fpick, k);

	if (r == PICK_NONE)
		return SCR_HANDLED | SCR_REDRAW;
	ch = pick_chosen(&in->fpick);
	f = r == PICK_CHOSEN && ch ? formset_get(s->app->sess->forms, ch->code)
				   : NULL;
	pick_close(&in->fpick);
	in->choosing = 0;
	app_status_clear(s->app);
	if (!f || f == in->f)
		return SCR_HANDLED | SCR_REDRAW;
	/* What both forms share (the person, the documents) stays. */
	v = wform_values(&in->w);
	d = wform_documents(&in->w);
	in->f = f;
	start_form(s, in);
	wform_load(&in->w, v, d);
	json_decref(v);
	json_decref(d);
	app_status(s->app, 0, _("Форма: %s"), f->title_ru);
	return SCR_HANDLED | SCR_REDRAW;
}

static int
file_case(struct screen *s, struct intake *in, int accept)
{
	struct app *a = s->app;
	json_t *raw = wform_values(&in->w), *docs = wform_documents(&in->w);
	struct case_act act = {0};
	struct case_rec rec;
	struct err e = {0};
	char *missing = NULL, num[32], due[16];
	long long id;

	if (wform_check_focus(&in->w) != 0 ||
	    check_all(s, in, raw, docs, &missing) != 0)
		goto out;
	join_lines(missing);
	if (accept && *missing) {
		app_status(a, 1, _("Не хватает документов: %s. F5 — вернуть "
				   "документы"), missing);
		goto out;
	}
	if (!accept && !*missing) {
		app_status(a, 1, "%s", _("Все документы представлены: "
					 "возвращать нечего, F2 — принять"));
		goto out;
	}
	if ((id = create_case(s, in, raw, docs)) == 0)
		goto out;
	act.event = accept ? EV_ACCEPT : EV_RETURN;
	act.reason = accept ? NULL : missing;
	if (case_fire(a->sess->store, &a->actor, a->sess->forms, id, &act, &e) !=
	    ST_OK) {
		app_status(a, 1, "%s", e.msg);
		goto out;
	}
	draft_delete(a->sess->store, &a->actor, NULL);
	remember(s, in, raw);
	memset(in->result, 0, sizeof in->result);
	in->case_id = id;
	if (accept) {
		memset(&rec, 0, sizeof rec);
		num[0] = due[0] = '\0';
		if (case_get(a->sess->store, &a->actor, id, &rec, &e) == ST_OK) {
			case_number(&rec, num, sizeof num);
			if (rec.due_date[0])
				date_iso_to_ru(rec.due_date, due);
			case_rec_free(&rec);
		}
		snprintf(in->result[0], sizeof in->result[0], "%s",
			 _("Документы приняты."));
		snprintf(in->result[1], sizeof in->result[1],
			 _("Номер по журналу: %s"), num);
		snprintf(in->result[2], sizeof in->result[2],
			 _("Срок исполнения: %s"), due);
	} else {
		snprintf(in->result[0], sizeof in->result[0], "%s",
			 _("Документы возвращены заявителю."));
		snprintf(in->result[1], sizeof in->result[1],
			 _("Не хватает: %s"), missing);
	}
	snprintf(in->result[4], sizeof in->result[4], "%s",
		 _("Enter — следующее заявление, F10 — выход"));
	in->done = 1;
	app_status_clear(a);
	if (accept)
		receipt(s, in);
out:
	free(missing);
	json_decref(raw);
	json_decref(docs);
	return SCR_HANDLED | SCR_REDRAW;
}

static void
intake_draw(struct screen *s, WINDOW *w)
{
	struct intake *in = s->priv;
	struct app *a = s->app;
	char title[256];
	int i;

	if (in->nforms > 1)
		snprintf(title, sizeof title, _("Приём документов: %s — %s"),
			 tui_kk() && in->svc->short_kk ? in->svc->short_kk
						       : in->svc->short_ru,
			 tui_kk() && in->f->title_kk ? in->f->title_kk
						     : in->f->title_ru);
	else
		snprintf(title, sizeof title, _("Приём документов: %s"),
			 tui_kk() && in->svc->short_kk ? in->svc->short_kk
						       : in->svc->short_ru);
	tui_header(a, w, title);
	if (in->done) {
		for (i = 0; i < (in->asking ? 4 : 5); i++) {
			if (i == 0)
				wattron(w, A_BOLD);
			tui_text(w, 4 + i * 2, 2, in->result[i], COLS - 4);
			if (i == 0)
				wattroff(w, A_BOLD);
		}
		for (i = 0; in->asking && i < in->nprn; i++) {
			char line[300];

			snprintf(line, sizeof line, "%d — %s", i + 1,
				 in->prn_label[i]);
			tui_text(w, 11 + i, 4, line, COLS - 6);
		}
		status_draw(a, w, result_keys,
			    sizeof result_keys / sizeof *result_keys);
		a->cur_y = -1;
		return;
	}
	if (in->w.overwrite)
		tui_text(w, 1, COLS - 6, _("ЗАМ"), 6);
	wform_draw(&in->w, w);
	{
		struct fkey bar[10];
		size_t n = 0, nk = sizeof intake_keys / sizeof *intake_keys;

		memcpy(bar, intake_keys, (nk - 1) * sizeof *bar);
		n = nk - 1;
		if (in->nforms > 1)
			bar[n++] = key_form;
		if (wform_mrz_ok(&in->w))
			bar[n++] = key_mrz;
		bar[n++] = intake_keys[nk - 1]; /* F10 last */
		status_draw(a, w, bar, n);
	}
	if (in->choosing)
		pick_draw(&in->fpick, a, w);
}

static int
intake_key(struct screen *s, const struct key *k)
{
	struct intake *in = s->priv;
	struct app *a = s->app;
	int r;

	if (in->done && in->asking) {
		if (k->act == ACT_ENTER)
			return answer_printer(s, in, 1);
		if (k->act == ACT_CHAR && k->ch >= '0' &&
		    k->ch <= (uint32_t)('0' + in->nprn))
			return answer_printer(s, in, (int)(k->ch - '0'));
		if (k->act == ACT_ESC)
			return answer_printer(s, in, 0);
		if (k->act != ACT_QUIT)
			return SCR_HANDLED;
		answer_printer(s, in, 0);
	}
	if (in->choosing)
		return forms_key(s, in, k);
	if (in->done) {
		if (k->act == ACT_ENTER) {
			start_form(s, in);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (k->act == ACT_QUIT || k->act == ACT_ESC) {
			app_status_clear(a);
			return SCR_CLOSE;
		}
		return SCR_HANDLED;
	}
	if (!in->w.picking && !in->w.show_errs && !in->w.mrz) {
		switch (k->act) {
		case ACT_SAVE:
			return file_case(s, in, 1);
		case ACT_RETURN:
			return file_case(s, in, 0);
		case ACT_FORM:
			return open_forms(s, in);
		case ACT_DRAFT:
			if (keep_draft(s, in) == 0)
				app_status(a, 0, "%s", _("Черновик сохранён"));
			return SCR_HANDLED | SCR_REDRAW;
		case ACT_HELP:
			app_status(a, 0, "%s",
				   _("Tab/Enter — дальше, F3 — список, F4 — "
				     "как в прошлом заявлении, Esc 2 = F2"));
			return SCR_HANDLED | SCR_REDRAW;
		case ACT_QUIT:
			if (wform_touched(&in->w)) {
				if (keep_draft(s, in) != 0)
					return SCR_HANDLED | SCR_REDRAW;
				app_status(a, 0, "%s",
					   _("Заявление сохранено как черновик"));
			} else {
				app_status_clear(a);
			}
			return SCR_CLOSE;
		default:
			break;
		}
	}
	r = wform_key(&in->w, k);
	return r ? r : 0;
}

const struct screen_ops intake_screen = {
	.name = "intake",
	.enter = intake_enter,
	.leave = intake_leave,
	.draw = intake_draw,
	.key = intake_key,
	.hangup = intake_hangup,
	.personal = 1,
};
