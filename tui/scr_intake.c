/* SPDX-License-Identifier: MIT */
/* Intake at the window: the service's form (from forms/) and its
 * documents checklist in the form editor. F2 accepts (after a confirmation
 * naming the applicant, the book and the due date: case_create, then the
 * accept event, the journal number drawn); F5 returns the documents
 * naming what is missing, which needs only the applicant's identity
 * fields, and prints a numbered return notice; F6 keeps a draft. A
 * service with several forms (the border pass: a person's application or
 * an organisation's petition) asks which first. After accept the receipt
 * is printed where the window prints; a window with no printer yet asks
 * once (a numbered choice under the result) and remembers the answer.
 * Accepting the application of the ticket called to the window finishes
 * that ticket and links the case to it (the queue's «готово»).
 * Each intake is its own draft: leaving, a hang-up or F6 keeps it, filing
 * the case removes it, and no other draft is touched. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "case_check.h"
#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "date.h"
#include "draft.h"
#include "print.h"
#include "printer.h"
#include "queue.h"
#include "screen.h"
#include "util.h"
#include "w_warn.h"
#include "widgets.h"

#define RESULT_LINES 7

struct intake {
	const struct service *svc;
	const struct form *f;
	struct wform w;
	long long draft_id;     /* this intake's draft, 0 before one is kept */
	char ticket[16];        /* the ticket called to the window */
	int done;               /* showing the result of accept / return */
	int accepted;           /* ... of an accept (else a return) */
	char result[RESULT_LINES][640];
	long long case_id;      /* the case filed */
	char ref[40];           /* its number as a person reads it */
	char fname[64];         /* its files' name: book, number, year */
	/* The printer question: choices as codes and labels. */
	int asking;
	int nprn;
	char prn_code[4][320];
	char prn_label[4][400];
	/* The service's forms, chosen first when there are several. */
	size_t nforms;
	struct pick fpick;
	struct pick_item fitems[8];
	int choosing;
	/* The act waiting for F2. */
	struct wconfirm confirm;
	int confirm_accept;
	char *missing;          /* the documents missing, "a; b" */
	/* The rules' warnings to confirm before the case is filed. */
	struct wwarn warn;
	json_t *rules_confirm;  /* the warnings confirmed for this form */
};

static const struct fkey intake_keys[] = {
	{ACT_F2, N_("Принять")}, {ACT_F3, N_("Список")},
	{ACT_F4, N_("Дубль")},   {ACT_F5, N_("Возврат")},
	{ACT_F6, N_("Черновик")},
};
static const struct fkey key_mrz = {ACT_MRZ, N_("MRZ")};
static const struct fkey key_quit = {ACT_F10, N_("Выход")};

static const struct fkey result_keys[] = {
	{ACT_F8, N_("Печать")}, {ACT_F10, N_("Выход")},
};
static const struct fkey confirm_keys[] = {
	{ACT_F2, N_("Да")}, {ACT_F10, N_("Отмена")},
};

static const char *
svc_short(const struct service *sv)
{
	return tui_kk() && sv->short_kk ? sv->short_kk : sv->short_ru;
}

static void
start_form(struct screen *s, struct intake *in)
{
	const char *hint;

	wform_free(&in->w);
	wform_init(&in->w, s->app, in->f);
	in->done = in->accepted = 0;
	/* Confirmations belong to one application. */
	wwarn_close(&in->warn);
	json_decref(in->rules_confirm);
	in->rules_confirm = NULL;
	in->draft_id = 0;
	hint = in->f->nfields ? wform_hint(&in->f->fields[0]) : NULL;
	if (hint)
		app_status(s->app, 0, "%s", hint);
	else
		app_status_clear(s->app);
}

/* A service with several forms: which one (Enter: the service's usual
 * one, listed first). */
static void
ask_form(struct screen *s, struct intake *in)
{
	size_t i, k = 1;

	memset(in->fitems, 0, sizeof in->fitems);
	for (i = 0; i < in->nforms && k < 8; i++) {
		const struct form *f =
			formset_for_service(s->app->sess->forms, in->svc->code, i);
		size_t at = strcmp(f->id, in->svc->default_form) == 0 ? 0 : k++;

		in->fitems[at].label = wform_title(f);
		in->fitems[at].code = f->id;
		in->fitems[at].also = f->title_ru;
	}
	if (!in->fitems[0].code) {   /* no default among them */
		memmove(in->fitems, in->fitems + 1, (k - 1) * sizeof *in->fitems);
		k--;
	}
	pick_open(&in->fpick, _("Форма заявления"), in->fitems, k, NULL);
	in->choosing = 1;
	app_status(s->app, 0, "%s", _("Enter — выбрать, Esc — назад"));
}

static int
intake_enter(struct screen *s, void *arg)
{
	struct app *a = s->app;
	struct intake *in = xcalloc(1, sizeof *in);
	const struct intake_arg *ia = arg;
	const char *service = ia ? ia->service : NULL;
	struct draft d;
	struct err e = {0};
	int resume = ia && ia->draft_id > 0;

	s->priv = in;
	memset(&d, 0, sizeof d);
	if (resume) {
		if (draft_load(a->sess->store, &a->actor, ia->draft_id, 1, &d,
			       &e) != ST_OK) {
			app_status(a, 1, "%s", e.msg);
			free(in);
			return -1;
		}
		service = d.service;
	}
	in->svc = service ? catalog_find(service) : NULL;
	if (in->svc && resume)
		in->f = formset_get(a->sess->forms, d.form_id);
	else if (in->svc) {
		in->f = formset_get(a->sess->forms, in->svc->default_form);
		if (!in->f)
			in->f = formset_for_service(a->sess->forms, service, 0);
	}
	if (!in->f || in->f->nfields == 0) {
		app_status(a, 1, _("Нет формы заявления для услуги %s"),
			   service ? service : "");
		draft_free(&d);
		free(in);
		return -1;
	}
	while (formset_for_service(a->sess->forms, in->svc->code, in->nforms))
		in->nforms++;
	app_ticket(a, in->ticket, sizeof in->ticket);
	start_form(s, in);
	if (resume) {
		wform_load(&in->w, d.values, d.documents);
		if (d.focus >= 0 && (size_t)d.focus < in->w.n)
			in->w.focus = (size_t)d.focus;
		in->draft_id = d.id;
		draft_free(&d);
		app_status(a, 0, "%s", _("Черновик восстановлен"));
	} else if (in->nforms > 1) {
		ask_form(s, in);
	}
	return 0;
}

static void
intake_leave(struct screen *s)
{
	struct intake *in = s->priv;

	wform_free(&in->w);
	pick_close(&in->fpick);
	free(in->missing);
	wwarn_close(&in->warn);
	json_decref(in->rules_confirm);
	free(in);
}

/* Keep the form as this intake's draft. 0 when the database took it, 1
 * when it was kept in a file instead (the status line says where), -1 on
 * failure (the status line says why). */
static int
keep_draft(struct screen *s, struct intake *in)
{
	struct app *a = s->app;
	json_t *v, *d;
	struct err e = {0};
	enum status st;

	v = wform_values(&in->w);
	d = wform_documents(&in->w);
	st = draft_save(a->sess->store, &a->actor, in->draft_id, in->svc->code,
			in->f->id, v, d, (int)in->w.focus, &in->draft_id, &e);
	if (st == ST_STORAGE || st == ST_UNREACHABLE) {
		/* Full disk, read-only database or the server out of reach:
		 * keep what was typed in a file rather than lose it. */
		char path[512];
		struct err fe = {0};

		if (draft_save_file(NULL, a->sess->db_path, &a->actor,
				    in->svc->code, in->f->id, v, d,
				    (int)in->w.focus, path, sizeof path, &fe) ==
		    ST_OK) {
			app_status(a, 1, _("%s. Черновик сохранён в файл %s"),
				   e.msg, path);
			json_decref(v);
			json_decref(d);
			return 1;
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

/* The missing documents ("a; b"), NULL when the list is wrong. */
static char *
missing_docs(struct screen *s, struct intake *in, json_t *raw, json_t *docs)
{
	struct strbuf mb = {0};
	struct err e = {0};
	char *m;
	size_t i;

	if (form_checklist_missing(in->f, raw, docs, &mb, &e) != ST_OK) {
		app_status(s->app, 1, "%s", e.msg);
		sb_free(&mb);
		return NULL;
	}
	m = sb_take(&mb);
	if (tui_kk() && *m) {
		/* The same list from the form's Kazakh texts. */
		struct strbuf kb = {0};

		for (i = 0; i < in->f->nchecklist; i++)
			if (strstr(m, in->f->checklist[i].text_ru))
				sb_printf(&kb, "%s\n",
					  wform_check_text(&in->f->checklist[i]));
		free(m);
		m = sb_take(&kb);
	}
	join_lines(m);
	return m;
}

/* Validate for filing: the whole form for accept, the identity fields
 * for a return. 0 when it can be filed; otherwise the errors are listed.
 * raw is normalised in place. */
static int
check_form(struct intake *in, json_t *raw, int accept)
{
	struct errlist errs = {0};
	enum status st = accept ? form_validate(in->f, raw, &errs)
				: form_validate_identity(in->f, raw, &errs);

	if (st != ST_OK)
		wform_show_errors(&in->w, &errs);
	errlist_free(&errs);
	return st == ST_OK ? 0 : -1;
}

static void
applicant(json_t *raw, char *out, size_t n)
{
	const char *sur = json_string_value(json_object_get(raw, "surname"));
	const char *giv = json_string_value(json_object_get(raw, "given_names"));
	const char *doc = json_string_value(json_object_get(raw, "doc_number"));

	snprintf(out, n, "%s %s%s%s", sur ? sur : "", giv ? giv : "",
		 doc ? _(", документ ") : "", doc ? doc : "");
}

/* F2 / F5: check, then show what will be done and wait for F2. */
static int
ask_file(struct screen *s, struct intake *in, int accept)
{
	struct app *a = s->app;
	json_t *raw = wform_values(&in->w), *docs = wform_documents(&in->w);
	char who[400], *missing = NULL;

	if (wform_check_focus(&in->w) != 0 || check_form(in, raw, accept) != 0)
		goto out;
	if (!(missing = missing_docs(s, in, raw, docs)))
		goto out;
	if (accept && *missing) {
		app_status(a, 1, _("Не хватает документов: %s. F5 — вернуть документы"), missing);
		wform_focus_missing(&in->w);
		goto out;
	}
	if (!accept && !*missing) {
		app_status(a, 1, "%s", _("Все документы представлены: возвращать нечего, F2 — принять"));
		goto out;
	}
	applicant(raw, who, sizeof who);
	if (accept) {
		struct date due;
		char ru[16] = "";

		confirm_open(&in->confirm, _("Принять документы?"),
			     _("F2 — принять"));
		confirm_line(&in->confirm, _("Заявитель: %s"), who);
		confirm_line(&in->confirm, _("Услуга: %s"), svc_short(in->svc));
		int term;

		if (case_term(a->sess->forms, in->svc->code, clock_today(),
			      &term, NULL) == ST_OK &&
		    cal_due(a->sess->store, clock_today(), term, &due,
			    NULL) == ST_OK)
			date_format_ru(due, ru);
		confirm_line(&in->confirm,
			     _("Запись в журнал: %s, следующий номер; срок исполнения %s."),
			     _(in->svc->book_ru), ru);
		if (ru[0] && cal_provisional(a->sess->store, due))
			confirm_line(&in->confirm,
				     _("Срок предварительный: календарь на %d год еще не подтвержден."), due.y);
		confirm_line(&in->confirm, "%s",
			     _("Запись в журнале не удаляется; расписка печатается сразу."));
		if (in->ticket[0])
			confirm_line(&in->confirm,
				     _("Талон %s будет закрыт и связан с делом: заявитель обслужен."),
				     in->ticket);
	} else {
		confirm_open(&in->confirm, _("Вернуть документы заявителю?"),
			     _("F2 — вернуть"));
		confirm_line(&in->confirm, _("Заявитель: %s"), who);
		confirm_line(&in->confirm, _("Не хватает: %s"), missing);
		confirm_line(&in->confirm, "%s",
			     _("Будет напечатано уведомление о возврате с номером; заявление не принимается."));
	}
	in->confirm_accept = accept;
	free(in->missing);
	in->missing = missing;
	missing = NULL;
	app_status_clear(a);
out:
	free(missing);
	json_decref(raw);
	json_decref(docs);
	return SCR_HANDLED | SCR_REDRAW;
}

/* Print a document of the case filed where choice says; the outcome goes
 * to the last result line. */
static void
print_doc(struct screen *s, struct intake *in, enum print_doc doc,
	  const char *choice)
{
	struct app *a = s->app;
	struct print_req r = {.doc = doc, .width = 80, .enc = ENC_UTF8};
	struct print_result res;
	struct err e = {0};
	char dest[400], name[96], where[460], *tdir;
	const char *what = doc == PD_RETURN ? _("Уведомление")
					    : _("Расписка");
	char *line = in->result[RESULT_LINES - 2];
	size_t nline = sizeof in->result[0];

	/* The file is named by the number a person reads, never the id. */
	snprintf(name, sizeof name, "%s-%s", in->fname, print_doc_code(doc));
	if (printer_target(choice, name, &r, dest, sizeof dest, &e) != ST_OK) {
		snprintf(line, nline, _("%s не напечатана: %s"), what, e.msg);
		return;
	}
	tdir = xasprintf("%s/templates", a->sess->forms_dir);
	r.templates_dir = tdir;
	if (print_case(a->sess->store, &a->actor, a->sess->forms, in->case_id,
		       &r, &res, &e) != ST_OK) {
		snprintf(line, nline, _("%s не напечатана: %s"), what, e.msg);
	} else {
		/* The folder is the window's, known to the inspector; the
		 * name alone fits the status line. */
		if (r.target == PT_FILE) {
			const char *base = strrchr(dest, '/');

			snprintf(where, sizeof where, _("в файл %.300s"),
				 base ? base + 1 : dest);
		} else {
			printer_describe(choice, where, sizeof where);
		}
		snprintf(line, nline, _("%s (%d экз.) отправлена %s"), what,
			 res.copies, where);
		print_result_free(&res);
	}
	free(tdir);
}

static enum print_doc
result_doc(const struct intake *in)
{
	return in->accepted ? PD_RECEIPT : PD_RETURN;
}

/* Where the window prints: print there, or ask once. */
static void
print_result(struct screen *s, struct intake *in)
{
	struct app *a = s->app;
	char choice[300], dir[300];
	const char *lp = getenv("PRINTER");

	if (app_printer(a, choice, sizeof choice)) {
		print_doc(s, in, result_doc(in), choice);
		return;
	}
	in->nprn = 0;
	/* The print folder next to the database: always there, so it is
	 * the first choice (Enter). */
	app_print_dir(a, dir, sizeof dir);
	snprintf(in->prn_code[in->nprn], sizeof in->prn_code[0], "file:%s/",
		 dir);
	snprintf(in->prn_label[in->nprn++], sizeof in->prn_label[0],
		 _("в папку печати %s/"), dir);
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
	snprintf(in->result[RESULT_LINES - 2], sizeof in->result[0], "%s",
		 in->accepted ? _("Куда печатать расписку? Цифра или Enter (1); 0 — не печатать")
			      : _("Куда печатать уведомление? Цифра или Enter (1); 0 — не печатать"));
}

static int
answer_printer(struct screen *s, struct intake *in, int n)
{
	struct app *a = s->app;
	struct err e = {0};

	in->asking = 0;
	if (n <= 0) {
		snprintf(in->result[RESULT_LINES - 2], sizeof in->result[0],
			 "%s", _("Не напечатано: F8 — напечатать"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	if (a->window_no &&
	    window_set_printer(a->sess->store, &a->actor, a->actor.office_id,
			       a->window_no, in->prn_code[n - 1], &e) != ST_OK)
		app_status(a, 1, "%s", e.msg);
	print_doc(s, in, result_doc(in), in->prn_code[n - 1]);
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
	if (r == PICK_CANCEL && !wform_touched(&in->w))
		return SCR_CLOSE | SCR_REDRAW;   /* Esc: not this service */
	if (!f || f == in->f)
		return SCR_HANDLED | SCR_REDRAW;
	/* What both forms share (the person, the documents) stays. */
	v = wform_values(&in->w);
	d = wform_documents(&in->w);
	{
		long long keep = in->draft_id;

		in->f = f;
		start_form(s, in);
		in->draft_id = keep;
	}
	wform_load(&in->w, v, d);
	json_decref(v);
	json_decref(d);
	app_status(s->app, 0, _("Форма: %s"), wform_title(f));
	return SCR_HANDLED | SCR_REDRAW;
}

/* The case was not created: the warnings to confirm, the fields in error,
 * or the reason (a copy of the form kept when the database failed). */
static void
not_filed(struct screen *s, struct intake *in, struct rule_findings *found,
	  const struct errlist *errs)
{
	struct app *a = s->app;

	if (wwarn_open(&in->warn, found))
		app_status(a, 1, "%s", _("Есть предупреждения: подтвердите их или исправьте форму"));
	else if (errs->n && errs->v[0].field[0])
		wform_show_errors(&in->w, errs);
	else if (errs->n && (errs->v[0].st == ST_STORAGE ||
			     errs->v[0].st == ST_UNREACHABLE)) {
		/* The form stays on screen; a copy is kept too. */
		app_status(a, 1, "%s", errs->v[0].msg);
		keep_draft(s, in);
	} else if (errs->n) {
		app_status(a, 1, "%s", errs->v[0].msg);
	}
}

/* Case id accepted (or the documents returned): its numbers on screen,
 * then the question where to print. */
static void
filed(struct screen *s, struct intake *in, long long id, int accept)
{
	struct app *a = s->app;
	struct case_rec rec;
	struct err e = {0};
	char num[32], due[16];

	memset(in->result, 0, sizeof in->result);
	in->case_id = id;
	in->accepted = accept;
	memset(&rec, 0, sizeof rec);
	num[0] = due[0] = in->ref[0] = '\0';
	if (case_get(a->sess->store, &a->actor, id, &rec, &e) == ST_OK) {
		case_number(&rec, num, sizeof num);
		case_ref(&rec, in->ref, sizeof in->ref);
		if (accept)
			snprintf(in->fname, sizeof in->fname, "%s-%d-%d",
				 in->svc->book, rec.journal_no, rec.journal_year);
		else {
			snprintf(num, sizeof num, "%d/%d", rec.return_no,
				 rec.return_year);
			snprintf(in->fname, sizeof in->fname, "return-%d-%d",
				 rec.return_no, rec.return_year);
		}
		if (rec.due_date[0])
			date_iso_to_ru(rec.due_date, due);
		case_rec_free(&rec);
	}
	if (accept) {
		snprintf(in->result[0], sizeof in->result[0], "%s",
			 _("Документы приняты."));
		snprintf(in->result[1], sizeof in->result[1],
			 _("Номер по журналу: %s (%s)"), num, _(in->svc->book_ru));
		snprintf(in->result[2], sizeof in->result[2],
			 _("Расписка № %s"), in->ref);
		snprintf(in->result[3], sizeof in->result[3],
			 _("Срок исполнения: %s"), due);
	} else {
		snprintf(in->result[0], sizeof in->result[0], "%s",
			 _("Документы возвращены заявителю."));
		snprintf(in->result[1], sizeof in->result[1],
			 _("Уведомление о возврате № %s"), num);
		snprintf(in->result[2], sizeof in->result[2],
			 _("Не хватает: %s"), in->missing);
	}
	snprintf(in->result[RESULT_LINES - 1], sizeof in->result[0], "%s",
		 _("Enter — следующее заявление, F8 — напечатать ещё раз, F10 — выход"));
	in->done = 1;
	app_status_clear(a);
	print_result(s, in);
}

/* The application accepted from a ticket called to the window: the
 * applicant is served, the ticket closed and linked to the case (the
 * queue's «готово» without going back to it). The outcome goes to the
 * result's line under the due date. */
static void
finish_ticket(struct screen *s, struct intake *in, long long id)
{
	struct app *a = s->app;
	struct queue_ticket t;
	struct err e = {0};
	char now[16], lbl[16];
	char *line = in->result[4];
	size_t nline = sizeof in->result[0];

	app_ticket(a, now, sizeof now);
	if (!in->ticket[0] || strcmp(now, in->ticket) != 0)
		return; /* none called, or another one by now */
	if (queue_finish(a->sess->store, &a->actor, id, NULL, &t, &e) !=
	    ST_OK) {
		snprintf(line, nline, _("Талон %s не закрыт: %s"), in->ticket,
			 e.msg);
		return;
	}
	queue_ticket_label(&t, lbl, sizeof lbl);
	snprintf(line, nline, _("Талон %s обслужен, дело %s"), lbl, in->ref);
}

/* F2 in the confirmation: file the case and accept or return it. */
static int
file_case(struct screen *s, struct intake *in)
{
	struct app *a = s->app;
	int accept = in->confirm_accept;
	json_t *raw = wform_values(&in->w), *docs = wform_documents(&in->w);
	struct case_new cn = {0};
	struct case_act act = {0};
	struct rule_findings found = {0};
	struct errlist errs = {0};
	struct err e = {0};
	long long id = 0;

	cn.service = in->svc->code;
	cn.form_id = in->f->id;
	cn.values = raw;
	cn.documents = docs;
	cn.identity_only = !accept;
	cn.confirm = in->rules_confirm;
	cn.findings = &found;
	if (case_create(a->sess->store, &a->actor, a->sess->forms, &cn, &id,
			&errs) != ST_OK) {
		not_filed(s, in, &found, &errs);
		goto out;
	}
	act.event = accept ? EV_ACCEPT : EV_RETURN;
	act.reason = accept ? NULL : in->missing;
	if (case_fire(a->sess->store, &a->actor, a->sess->forms, id, &act, &e) !=
	    ST_OK) {
		app_status(a, 1, "%s", e.msg);
		goto out;
	}
	/* This intake's draft only: the inspector's other drafts stay. */
	if (in->draft_id &&
	    draft_delete(a->sess->store, &a->actor, in->draft_id, &e) != ST_OK)
		app_status(a, 1, "%s", e.msg);
	in->draft_id = 0;
	json_object_set_new(a->previous, in->f->id, wform_values(&in->w));
	filed(s, in, id, accept);
	if (accept)
		finish_ticket(s, in, id);
out:
	rule_findings_free(&found);
	errlist_free(&errs);
	json_decref(raw);
	json_decref(docs);
	return SCR_HANDLED | SCR_REDRAW;
}

static void
intake_draw(struct screen *s, WINDOW *w)
{
	struct intake *in = s->priv;
	struct app *a = s->app;
	char title[400];
	int i, y;

	snprintf(title, sizeof title, _("Приём документов: %s"),
		 svc_short(in->svc));
	if (in->nforms > 1)
		snprintf(title + strlen(title), sizeof title - strlen(title),
			 " — %s", wform_title(in->f));
	if (in->ticket[0])
		snprintf(title + strlen(title), sizeof title - strlen(title),
			 _(" · талон %s"), in->ticket);
	in->w.body_y = 1 + tui_header(a, w, title);
	if (in->done) {
		for (i = 0, y = 4; i < RESULT_LINES && y < LINES - 3; i++) {
			if (!in->result[i][0] ||
			    (in->asking && i == RESULT_LINES - 1))
				continue;
			if (i == 0)
				wattron(w, A_BOLD);
			y += tui_para(w, y, 2, in->result[i], COLS - 4, 6) + 1;
			if (i == 0)
				wattroff(w, A_BOLD);
		}
		for (i = 0; in->asking && i < in->nprn; i++) {
			char line[400];

			snprintf(line, sizeof line, "%d — %s", i + 1,
				 in->prn_label[i]);
			tui_text(w, y + i, 4, line, COLS - 6);
		}
		status_draw(a, w, result_keys,
			    sizeof result_keys / sizeof *result_keys);
		a->cur_y = -1;
		return;
	}
	if (in->warn.open) {
		wwarn_draw(&in->warn, a, w, in->w.body_y + 1);
		return;
	}
	if (in->w.overwrite)
		tui_text(w, 1, COLS - 6, _("ЗАМ"), 6);
	wform_draw(&in->w, w);
	if (in->confirm.open) {
		confirm_draw(&in->confirm, a, w);
		status_draw(a, w, confirm_keys, 2);
		return;
	}
	{
		struct fkey bar[10];
		size_t n = sizeof intake_keys / sizeof *intake_keys;

		memcpy(bar, intake_keys, sizeof intake_keys);
		if (wform_mrz_ok(&in->w))
			bar[n++] = key_mrz;
		bar[n++] = key_quit;
		status_draw(a, w, bar, n);
	}
	if (in->choosing)
		pick_draw(&in->fpick, a, w);
}

/* F10 or Esc: leave, keeping what was typed as this intake's draft. */
static int
leave(struct screen *s, struct intake *in)
{
	struct app *a = s->app;

	if (wform_touched(&in->w)) {
		int kept = keep_draft(s, in);

		if (kept < 0)
			return SCR_HANDLED | SCR_REDRAW;
		if (kept == 0)
			app_status(a, 0, "%s",
				   _("Заявление сохранено как черновик"));
	} else {
		app_status_clear(a);
	}
	return SCR_CLOSE;
}

/* The list of the rules' warnings: F2 confirms them all and files the
 * case again; F10 or Esc goes back to the form, nothing confirmed. */
static int
warn_key(struct screen *s, struct intake *in, const struct key *k)
{
	if (k->act == ACT_SAVE) {
		/* Exactly the warnings on the list. */
		json_decref(in->rules_confirm);
		in->rules_confirm = wwarn_confirm(&in->warn);
		wwarn_close(&in->warn);
		app_status_clear(s->app);
		return file_case(s, in);
	}
	if (k->act == ACT_F10 || k->act == ACT_ESC || k->act == ACT_QUIT) {
		wwarn_close(&in->warn);
		json_decref(in->rules_confirm);
		in->rules_confirm = NULL;
		app_status(s->app, 0, "%s", _("Отменено: ничего не записано"));
		return SCR_HANDLED | SCR_REDRAW;
	}
	return SCR_HANDLED;
}

static int
intake_key(struct screen *s, const struct key *k)
{
	struct intake *in = s->priv;
	struct app *a = s->app;

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
	if (in->warn.open)
		return warn_key(s, in, k);
	if (in->confirm.open) {
		switch (confirm_key(&in->confirm, k)) {
		case CONFIRM_YES:
			return file_case(s, in);
		case CONFIRM_NO:
			app_status(a, 0, "%s", _("Отменено: ничего не записано"));
			return SCR_HANDLED | SCR_REDRAW;
		default:
			return SCR_HANDLED;
		}
	}
	if (in->choosing)
		return forms_key(s, in, k);
	if (in->done) {
		if (k->act == ACT_ENTER) {
			app_ticket(a, in->ticket, sizeof in->ticket);
			start_form(s, in);
			if (in->nforms > 1)
				ask_form(s, in);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (k->act == ACT_PRINT) {
			char choice[300];

			if (app_printer(a, choice, sizeof choice))
				print_doc(s, in, result_doc(in), choice);
			else
				print_result(s, in);
			return SCR_HANDLED | SCR_REDRAW;
		}
		if (k->act == ACT_QUIT || k->act == ACT_ESC) {
			app_status_clear(a);
			return SCR_CLOSE;
		}
		return SCR_HANDLED;
	}
	if (!wform_busy(&in->w)) {
		switch (k->act) {
		case ACT_SAVE:
			return ask_file(s, in, 1);
		case ACT_RETURN:
			return ask_file(s, in, 0);
		case ACT_DRAFT:
			if (keep_draft(s, in) == 0) /* 1: the file's named */
				app_status(a, 0, "%s", _("Черновик сохранён"));
			return SCR_HANDLED | SCR_REDRAW;
		case ACT_QUIT:
		case ACT_ESC:
			return leave(s, in);
		default:
			break;
		}
	}
	return wform_key(&in->w, k);
}

/* F1 at a field: its label, hint and what it takes. */
static void
intake_help_more(struct screen *s, struct strbuf *b)
{
	struct intake *in = s->priv;
	const struct fitem *it;

	if (in->done || !in->w.n)
		return;
	it = &in->w.items[in->w.focus];
	if (it->kind == FI_FIELD) {
		const char *hint = wform_hint(it->fl);

		sb_printf(b, _("\n\nПоле «%s»"), wform_label(it->fl));
		if (hint)
			sb_printf(b, ": %s", hint);
		sb_add(b, ".");
	}
}

const struct screen_ops intake_screen = {
	.name = "intake",
	.enter = intake_enter,
	.leave = intake_leave,
	.draw = intake_draw,
	.key = intake_key,
	.hangup = intake_hangup,
	.personal = 1,
	.help = N_("Помощь: приём документов\n"
		   "Заполните заявление по документам заявителя. Tab или Enter — следующее поле, которое нужно заполнить: пустые необязательные поля (отчество, виза, телефон) пропускаются, к ним ведут стрелки ↓ и ↑ (по всем полям подряд) и Shift-Tab; поле, которое к делу не относится (БИН, когда принимающая сторона — физическое лицо), пропускается всегда. Звёздочка * — поле нужно заполнить, ! — в поле ошибка.\n"
		   "F2 — принять документы: после проверки покажет, что будет записано, и примет только по второму F2; номер в журнале и срок исполнения появятся на экране, расписка печатается сразу.\n"
		   "F3 или любая буква в поле со списком — список (страны, варианты); ищет по-русски, по-казахски и латиницей.\n"
		   "F4 — значение из предыдущего заявления.\n"
		   "F5 — вернуть документы: нужны только фамилия, имя, дата рождения, гражданство и номер документа и отметка, каких документов нет; печатается уведомление о возврате с номером.\n"
		   "F6 — сохранить черновик; Esc или F10 — выйти, заполненное остаётся черновиком (Главное меню, «Черновики»).\n"
		   "F9 — считать машиносчитываемую зону паспорта; курсор встанет на первое пустое поле, которое нужно заполнить.\n"
		   "Insert — вставка или замена букв. Пробел в списке документов — документ представлен, курсор переходит к следующему; документ, который к делу не относится, пропускается."),
	.help_more = intake_help_more,
};
