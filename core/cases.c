/* SPDX-License-Identifier: MIT */
/* Case creation and workflow events. */
#include "cases.h"
#include "cases_int.h"
#include "audit.h"
#include "calendar.h"
#include "case_check.h"
#include "steps.h"
#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "journal.h"
#include "office.h"
#include "util.h"
#include "i18n.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define REASON_MAX 2000
#define RECIPIENT_MAX 200

void
case_rec_free(struct case_rec *c)
{
	if (!c)
		return;
	json_decref(c->data);
	json_decref(c->documents);
	c->data = c->documents = NULL;
}

void
case_number(const struct case_rec *c, char *buf, size_t n)
{
	if (c->journal_no > 0)
		snprintf(buf, n, "%d/%d", c->journal_no, c->journal_year);
	else if (n)
		buf[0] = '\0';
}

/* Each book's mark: the numbers of different books never read alike. */
static const struct {
	const char *service, *mark;
} book_marks[] = {
	{"registration", "РГ"},
	{"invitation", "ПГ"},
	{"border-pass", "ПЗ"},
};

const char *
case_book_mark(const char *book)
{
	size_t i;

	for (i = 0; book && i < sizeof book_marks / sizeof book_marks[0]; i++)
		if (strcmp(book_marks[i].service, book) == 0)
			return book_marks[i].mark;
	return "";
}

void
case_ref(const struct case_rec *c, char *buf, size_t n)
{
	const char *mark = case_book_mark(c->service);
	if (c->journal_no > 0)
		snprintf(buf, n, "%s%s%d/%d", mark, *mark ? "-" : "",
			 c->journal_no, c->journal_year);
	else if (c->return_no > 0)
		snprintf(buf, n, "В-%d/%d", c->return_no, c->return_year);
	else if (n)
		buf[0] = '\0';
}

int
case_state_final(enum case_state st)
{
	return st == CS_RETURNED || st == CS_CANCELLED || st == CS_HANDED_OUT;
}

const char *
case_jstr(json_t *obj, const char *key)
{
	const char *v = json_string_value(json_object_get(obj, key));

	return v ? v : "";
}

/* Is the case's office within the actor's reach? An office account sees
 * its own office; a regional account every office of its region. A case
 * out of reach is "not found", as one that does not exist: an answer must
 * not tell another office's inspector that a case exists, nor its state. */
enum status
case_scope_check(struct store *s, const struct actor *a,
		 long long office_id, long long case_id, struct err *e)
{
	if (a->office_id) {
		if (a->office_id == office_id)
			return ST_OK;
		return err_set(e, ST_NOTFOUND, "case", "Дело № %lld не найдено",
			       case_id);
	}
	if (region_reaches(s, a->region_id, office_id))
		return ST_OK;
	return err_set(e, ST_NOTFOUND, "case", "Дело № %lld не найдено",
		       case_id);
}

enum status
case_in_reach(struct store *s, const struct actor *a, long long id,
	      struct err *e)
{
	int64_t office = 0;
	enum status ret;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if ((ret = db_int64(s, e, &office, 0, "SELECT office_id FROM cases "
			    "WHERE id = ?", DB_INT(id))) != ST_OK)
		return ret;
	if (!office)
		return err_set(e, ST_NOTFOUND, "case", "Дело № %lld не найдено",
			       id);
	return case_scope_check(s, a, office, id, e);
}

static enum status
insert_event(struct store *s, const struct actor *a, long long id,
	     const char *event, const char *from, const char *to,
	     const char *reason, const char *ground, const char *data,
	     struct err *e)
{
	char at[STAMP_SIZE];

	clock_stamp(clock_now(), at);
	return db_exec(s, e, "INSERT INTO case_events(case_id, event, "
		       "from_state, to_state, actor_id, at, reason, ground, "
		       "data) VALUES (?,?,?,?,?,?,?,?,?)", DB_INT(id),
		       DB_TEXT(event), DB_TEXT(from), DB_TEXT(to),
		       DB_INT(a->id), DB_TEXT(at),
		       DB_TEXT(reason && *reason ? reason : NULL),
		       DB_TEXT(ground && *ground ? ground : NULL),
		       DB_TEXT(data));
}

static enum status
audit_case(struct store *s, const struct actor *a, const char *action,
	   long long id, const char *detail, struct err *e)
{
	char obj[40];

	snprintf(obj, sizeof obj, "case:%lld", id);
	return audit_log(s, a, action, obj, detail, e);
}

static const struct form *
service_form(const struct formset *forms, const struct service *svc,
	     const char *form_id, struct errlist *errs)
{
	const struct form *f;

	f = formset_get(forms, form_id ? form_id : svc->default_form);
	if (!f && !form_id)
		f = formset_for_service(forms, svc->code, 0);
	if (!f) {
		errlist_add(errs, ST_NOTFOUND, "form",
			    "Форма «%s» не найдена в каталоге форм",
			    form_id ? form_id : svc->default_form);
		return NULL;
	}
	if (!f->service || strcmp(f->service, svc->code) != 0) {
		errlist_add(errs, ST_INVALID, "form",
			    "Форма «%s» не относится к услуге «%s»", f->id,
			    svc->code);
		return NULL;
	}
	return f;
}

struct create_tx {
	const struct actor *a;
	const struct form *f;
	const struct service *svc;
	const char *channel;
	json_t *values;
	const char *data, *docs_text, *fold, *stamp;
	const char *confirmed; /* the confirmed warnings (history), or NULL */
	const char *detail;    /* the audit line's detail */
	int64_t id; /* the new case */
};

static enum status
create_tx(struct store *s, void *arg, struct err *e)
{
	struct create_tx *ct = arg;
	enum status ret;

	if ((ret = form_snapshot_store(s, ct->f, e)) != ST_OK ||
	    (ret = db_int64(s, e, &ct->id, 0, "INSERT INTO cases(office_id, "
			    "service, channel, state, form_id, form_version, "
			    "data, checklist, surname_key, docno, citizenship, "
			    "created_by, created_at, updated_at) VALUES "
			    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
			    DB_INT(ct->a->office_id), DB_TEXT(ct->svc->code),
			    DB_TEXT(ct->channel),
			    DB_TEXT(workflow_state_code(CS_DRAFT)),
			    DB_TEXT(ct->f->id), DB_TEXT(ct->f->version),
			    DB_TEXT(ct->data), DB_TEXT(ct->docs_text),
			    DB_TEXT(ct->fold),
			    DB_TEXT(case_jstr(ct->values, "doc_number")),
			    DB_TEXT(case_jstr(ct->values, "citizenship")),
			    DB_INT(ct->a->id), DB_TEXT(ct->stamp),
			    DB_TEXT(ct->stamp))) != ST_OK)
		return ret;
	if ((ret = insert_event(s, ct->a, ct->id, "create", NULL,
				workflow_state_code(CS_DRAFT), NULL, NULL,
				ct->confirmed, e)) != ST_OK)
		return ret;
	return audit_case(s, ct->a, "case.new", ct->id, ct->detail, e);
}

/* Who may take the application, and whether its service and channel are
 * known. */
static enum status
intake_allowed(const struct actor *a, const struct service *svc,
	       const struct case_new *in, const char *channel, struct err *e)
{
	enum status ret;

	if ((ret = actor_require(a, PERM_CASE_INTAKE, e)) != ST_OK)
		return ret;
	if (!a->office_id)
		return err_set(e, ST_DENIED, "",
			       "Приём документов ведёт только сотрудник районного (городского) подразделения");
	if (!svc)
		return err_set(e, ST_INVALID, "service",
			       "Услуга: неизвестный код «%s» (border-pass, invitation, registration)",
			       in->service ? in->service : "");
	if (strcmp(channel, "paper") && strcmp(channel, "electronic"))
		return err_set(e, ST_INVALID, "channel",
			       "Канал: paper или electronic");
	return ST_OK;
}

/* The application's values against its form and the rules at intake; the
 * reasons of a refusal are in errs, the warnings confirmed in *confirmed. */
static enum status
intake_check(struct store *s, const struct actor *a,
	     const struct formset *forms, const struct form *f,
	     const struct service *svc, const char *channel,
	     const struct case_new *in, json_t **confirmed,
	     struct errlist *errs)
{
	struct case_check cc = {0};
	struct err e = {0};
	enum status ret;
	int term;

	cc.forms = forms;
	cc.form = f;
	cc.service = svc->code;
	cc.channel = channel;
	cc.office_id = a->office_id;
	cc.act = clock_today();
	cc.confirm = in->confirm;
	cc.applicant_iin = in->applicant_iin;
	cc.applicant_citizenship = in->applicant_citizenship;
	cc.errors_only = in->warnings_at_accept;
	if ((ret = case_filed_date(s, channel, in->submitted_at, cc.act,
				   &cc.term_start, &e)) != ST_OK ||
	    (ret = case_term(forms, svc->code, cc.act, &term, &e)) != ST_OK) {
		errlist_add_err(errs, &e);
		return ret;
	}
	cc.filed = case_filing_day(channel, in->submitted_at, cc.act);
	cc.has_due = cal_due(s, cc.term_start, term, &cc.due, NULL) == ST_OK;
	if ((in->identity_only ? form_validate_identity(f, in->values, errs)
			       : form_validate(f, in->values, errs)) != ST_OK)
		return ST_INVALID;
	/* Documents returned at intake: the application is not taken, the
	 * rules have nothing to say on it yet. */
	if (!in->identity_only &&
	    case_check_run(s, &cc, in->values, RULE_AT_INTAKE, in->findings,
			   confirmed, errs) != ST_OK)
		return ST_INVALID;
	return ST_OK;
}

/* The warnings confirmed, as the event's detail and the audit line's. */
static void
intake_confirmed(json_t *confirmed, const struct service *svc,
		 char **conf_text, char **detail)
{
	json_t *d;
	char *list;

	if (!json_array_size(confirmed))
		return;
	d = json_pack("{s:O}", "confirmed", confirmed);
	list = case_check_confirmed_list(confirmed);
	*conf_text = journal_json(d);
	json_decref(d);
	*detail = xasprintf("%s; подтверждено: %s", svc->code, list);
	free(list);
}

enum status
case_create(struct store *s, const struct actor *a,
	    const struct formset *forms, const struct case_new *in,
	    long long *id_out, struct errlist *errs)
{
	const struct service *svc = catalog_find(in->service);
	const char *channel = in->channel ? in->channel : "paper";
	json_t *docs = in->documents ? json_incref(in->documents)
				     : json_array();
	struct strbuf missing = {0};
	char *data = NULL, *docs_text = NULL, *fold = NULL, stamp[STAMP_SIZE];
	char *conf_text = NULL, *detail = NULL;
	json_t *confirmed = NULL;
	const struct form *f;
	struct err e = {0};
	enum status ret;

	if ((ret = intake_allowed(a, svc, in, channel, &e)) != ST_OK ||
	    (ret = db_writable(s, &e)) != ST_OK)
		goto out;
	if (!(f = service_form(forms, svc, in->form_id, errs))) {
		json_decref(docs);
		return errs->v[errs->n - 1].st;
	}
	if (!json_is_object(in->values)) {
		ret = err_set(&e, ST_INVALID, "", "Данные формы: ожидается объект «поле: значение»");
		goto out;
	}
	if ((ret = intake_check(s, a, forms, f, svc, channel, in, &confirmed,
				errs)) != ST_OK) {
		json_decref(docs);
		return ret;
	}
	if ((ret = form_checklist_missing(f, in->values, docs, &missing,
					  &e)) != ST_OK) {
		ret = e.st;
		goto out;
	}
	sb_free(&missing);

	data = journal_json(in->values);
	docs_text = journal_json(docs);
	fold = utf8_fold(case_jstr(in->values, "surname"));
	clock_stamp(clock_now(), stamp);
	intake_confirmed(confirmed, svc, &conf_text, &detail);
	{
		struct create_tx ct = {
			.a = a, .f = f, .svc = svc, .channel = channel,
			.values = in->values, .data = data,
			.docs_text = docs_text, .fold = fold, .stamp = stamp,
			.confirmed = conf_text,
			.detail = detail ? detail : svc->code};

		ret = db_transact(s, DB_WRITE, create_tx, &ct, &e);
		if (ret == ST_OK && id_out)
			*id_out = ct.id;
	}
out:
	if (ret != ST_OK)
		errlist_add_err(errs, &e);
	free(data);
	free(docs_text);
	free(fold);
	free(conf_text);
	free(detail);
	json_decref(confirmed);
	json_decref(docs);
	return ret;
}

#define CASE_COLS                                                          \
	"c.id, c.office_id, c.service, c.channel, c.state, c.form_id, "    \
	"c.form_version, c.data, c.checklist, c.accepted_at, c.due_date, "  \
	"COALESCE(c.journal_no,0), COALESCE(c.journal_year,0), c.berkut_at, " \
	"c.created_by, a.login, c.created_at, c.updated_at, "              \
	"COALESCE(c.return_no,0), COALESCE(c.return_year,0) "              \
	"FROM cases c JOIN accounts a ON a.id = c.created_by "

static enum status
load_case(struct store *s, long long id, struct case_rec *c, struct err *e)
{
	struct db_stmt *st;
	json_error_t je;
	enum status ret;

	memset(c, 0, sizeof *c);
	ret = db_one(s, &st, e, "SELECT " CASE_COLS "WHERE c.id = ?",
		     DB_INT(id));
	if (ret == ST_NOTFOUND)
		return err_set(e, ST_NOTFOUND, "case", "Дело № %lld не найдено",
			       id);
	if (ret != ST_OK)
		return ret;
	c->id = db_col_int64(st, 0);
	c->office_id = db_col_int64(st, 1);
	snprintf(c->service, sizeof c->service, "%s", db_col_text(st, 2));
	snprintf(c->channel, sizeof c->channel, "%s", db_col_text(st, 3));
	if (workflow_state_parse(db_col_text(st, 4), &c->state) != 0)
		c->state = CS__COUNT;
	snprintf(c->form_id, sizeof c->form_id, "%s", db_col_text(st, 5));
	snprintf(c->form_version, sizeof c->form_version, "%s",
		 db_col_text(st, 6));
	c->data = json_loads(db_col_text(st, 7), 0, &je);
	c->documents = json_loads(db_col_text(st, 8), 0, &je);
	snprintf(c->accepted_at, sizeof c->accepted_at, "%s",
		 db_col_text(st, 9));
	snprintf(c->due_date, sizeof c->due_date, "%s", db_col_text(st, 10));
	c->journal_no = db_col_int(st, 11);
	c->journal_year = db_col_int(st, 12);
	snprintf(c->berkut_at, sizeof c->berkut_at, "%s", db_col_text(st, 13));
	c->created_by = db_col_int64(st, 14);
	snprintf(c->created_by_login, sizeof c->created_by_login, "%s",
		 db_col_text(st, 15));
	snprintf(c->created_at, sizeof c->created_at, "%s",
		 db_col_text(st, 16));
	snprintf(c->updated_at, sizeof c->updated_at, "%s",
		 db_col_text(st, 17));
	c->return_no = db_col_int(st, 18);
	c->return_year = db_col_int(st, 19);
	db_finalize(st);
	if (!c->data)
		c->data = json_object();
	if (!c->documents)
		c->documents = json_array();
	if (c->state == CS__COUNT)
		return err_set(e, ST_CORRUPT, "case",
			       "Дело № %lld: неизвестное состояние", id);
	return ST_OK;
}

struct get_tx {
	const struct actor *a;
	long long id;
	struct case_rec *out;
};

static enum status
get_tx(struct store *s, void *arg, struct err *e)
{
	struct get_tx *g = arg;
	enum status ret;

	case_rec_free(g->out); /* a retried attempt reads afresh */
	if ((ret = load_case(s, g->id, g->out, e)) != ST_OK ||
	    (ret = case_scope_check(s, g->a, g->out->office_id, g->id, e)) !=
		    ST_OK)
		return ret;
	return audit_case(s, g->a, "case.view", g->id, "", e);
}

enum status
case_get(struct store *s, const struct actor *a, long long id,
	 struct case_rec *out, struct err *e)
{
	struct get_tx g = {a, id, out};
	enum status ret;

	memset(out, 0, sizeof *out);
	if ((ret = actor_require(a, PERM_CASE_VIEW, e)) != ST_OK)
		return ret;
	if ((ret = db_transact(s, DB_RECORD, get_tx, &g, e)) != ST_OK)
		case_rec_free(out);
	return ret;
}

/* The form a case was filled with: its stored snapshot, or the current
 * file when the snapshot is missing and the version matches. */
static enum status
case_form(struct store *s, const struct formset *forms,
	  const struct case_rec *c, struct form **owned,
	  const struct form **out, struct err *e)
{
	const struct form *cur = forms ? formset_get(forms, c->form_id) : NULL;
	enum status ret;

	*owned = NULL;
	ret = form_snapshot_load(s, c->form_id, c->form_version, owned, e);
	if (ret == ST_OK) {
		*out = *owned;
		return ST_OK;
	}
	if (ret == ST_NOTFOUND && cur && strcmp(cur->version, c->form_version)
					     == 0) {
		*out = cur;
		return ST_OK;
	}
	return ret;
}

/* Accept takes only a completely filled form. */
static enum status
whole_form(const struct form *f, json_t *data, struct err *e)
{
	struct errlist errs = {0};
	json_t *copy = json_deep_copy(data);
	enum status ret = ST_OK;

	if (form_validate(f, copy, &errs) != ST_OK && errs.n)
		ret = err_set(e, ST_INVALID, errs.v[0].field,
			      "Заявление заполнено не полностью (%zu): %s",
			      errs.n, errs.v[0].msg);
	errlist_free(&errs);
	json_decref(copy);
	return ret;
}

/* The return notice's number: the next of the office's year. */
static enum status
draw_return_no(struct store *s, const struct case_rec *c, int *no,
	       int *year, struct err *e)
{
	int64_t v = 0;
	enum status ret;

	*year = clock_today().y;
	*no = 0;
	if ((ret = db_int64(s, e, &v, 1, "SELECT COALESCE(MAX(return_no), 0) "
			    "+ 1 FROM cases WHERE office_id = ? AND "
			    "return_year = ?", DB_INT(c->office_id),
			    DB_INT(*year))) != ST_OK)
		return ret;
	*no = (int)v;
	return db_exec(s, e, "UPDATE cases SET return_no = ?, return_year = ? "
		       "WHERE id = ?", DB_INT(*no), DB_INT(*year),
		       DB_INT(c->id));
}

static enum status
check_needs(struct store *s, const struct transition *t,
	    const struct service *svc, const struct formset *forms,
	    const struct case_rec *c, const struct case_act *act,
	    char **reason_out, struct err *e)
{
	const char *reason = act->reason ? act->reason : "";
	enum status ret;

	*reason_out = NULL;
	if (*reason && (ret = val_text("reason", i18n_text("Основание (пояснение)"), reason,
				       REASON_MAX, 1, e)) != ST_OK)
		return ret;
	if (act->recipient && *act->recipient &&
	    (ret = val_text("recipient", i18n_text("Кому выдано"), act->recipient,
			    RECIPIENT_MAX, 0, e)) != ST_OK)
		return ret;
	if (t->needs & (NEED_CHECKLIST | NEED_REASON)) {
		struct form *owned;
		const struct form *f;
		struct strbuf missing = {0};

		if ((ret = case_form(s, forms, c, &owned, &f, e)) != ST_OK)
			return ret;
		/* A case filed for a return holds only the identity fields. */
		if (t->event == EV_ACCEPT &&
		    (ret = whole_form(f, c->data, e)) != ST_OK) {
			form_free(owned);
			return ret;
		}
		ret = form_checklist_missing(f, c->data, c->documents, &missing,
					     e);
		form_free(owned);
		if (ret != ST_OK) {
			sb_free(&missing);
			return ret;
		}
		if ((t->needs & NEED_CHECKLIST) && missing.len) {
			ret = err_set(e, ST_INVALID, "documents",
				      "Не представлены документы: %s",
				      missing.s);
			sb_free(&missing);
			/* Turn the list's newlines into "; ". */
			for (char *p = e ? e->msg : NULL; p && *p; p++)
				if (*p == '\n')
					*p = p[1] ? ';' : '\0';
			return ret;
		}
		if (t->event == EV_RETURN && !*reason && missing.len) {
			*reason_out = sb_take(&missing);
			return ST_OK;
		}
		sb_free(&missing);
	}
	if ((t->needs & NEED_REASON) && !*reason)
		return err_set(e, ST_INVALID, "reason",
			       t->event == EV_RETURN
				       ? "Причина возврата: укажите, каких документов не хватает"
				       : "Пояснение: не заполнено");
	if ((t->needs & NEED_GROUND) &&
	    !catalog_ground(svc, act->ground)) {
		struct strbuf codes = {0};
		size_t i;

		for (i = 0; i < svc->ngrounds; i++)
			sb_printf(&codes, "%s%s", i ? ", " : "",
				  svc->grounds[i].code);
		ret = err_set(e, ST_INVALID, "ground",
			      "Основание отказа: %s «%s» (допустимо: %s)",
			      act->ground && *act->ground ? i18n_text("неизвестный код")
							  : i18n_text("не указано"),
			      act->ground ? act->ground : "", codes.s);
		sb_free(&codes);
		return ret;
	}
	if ((t->needs & NEED_RECIPIENT) &&
	    (!act->recipient || !*act->recipient))
		return err_set(e, ST_INVALID, "recipient",
			       "Кому выдано: не заполнено");
	if ((t->needs & NEED_NO_BERKUT) && c->berkut_at[0])
		return err_set(e, ST_CONFLICT, "berkut",
			       "Сведения уже внесены в ЕИС «Беркут» %s",
			       c->berkut_at);
	*reason_out = xstrdup(reason);
	return ST_OK;
}

/* The columns of the journal line that opens an entry. */
static json_t *
accept_content(const struct case_rec *c, const struct actor *a,
	       const struct service *svc, const char *due)
{
	json_t *o = json_object();

	json_object_set_new(o, "case", json_integer(c->id));
	json_object_set_new(o, "service", json_string(svc->code));
	json_object_set_new(o, "channel", json_string(c->channel));
	json_object_set_new(o, "form", json_string(c->form_id));
	json_object_set_new(o, "form_version", json_string(c->form_version));
	json_object_set(o, "fields", c->data);
	json_object_set(o, "documents", c->documents);
	json_object_set_new(o, "due_date", json_string(due));
	json_object_set_new(o, "inspector", json_string(a->full_name));
	return o;
}

/* An UPDATE of the case in the state it was read in touched it: else
 * another window moved it on meanwhile. */
static enum status
updated_once(struct store *s, const struct case_rec *c, struct err *e)
{
	if (db_changes(s) != 1)
		return err_set(e, ST_CONFLICT, "state",
			       "Дело № %lld изменено другим окном, повторите",
			       c->id);
	return ST_OK;
}

static enum status
update_state(struct store *s, const struct case_rec *c, enum case_state to,
	     const char *accepted_at, const char *due, int no, int year,
	     int berkut, struct err *e)
{
	char now[STAMP_SIZE];
	enum status ret;

	clock_stamp(clock_now(), now);
	if ((ret = db_exec(s, e, "UPDATE cases SET state = ?, updated_at = ?, "
			   "accepted_at = COALESCE(?, accepted_at), "
			   "due_date = COALESCE(?, due_date), "
			   "journal_no = COALESCE(?, journal_no), "
			   "journal_year = COALESCE(?, journal_year), "
			   "berkut_at = CASE WHEN ? = 1 THEN ? ELSE berkut_at "
			   "END WHERE id = ? AND state = ?",
			   DB_TEXT(workflow_state_code(to)), DB_TEXT(now),
			   DB_TEXT(accepted_at), DB_TEXT(due),
			   no ? DB_INT(no) : DB_NULL,
			   year ? DB_INT(year) : DB_NULL, DB_INT(berkut ? 1 : 0),
			   DB_TEXT(now), DB_INT(c->id),
			   DB_TEXT(workflow_state_code(c->state)))) != ST_OK)
		return ret;
	return updated_once(s, c, e);
}

/* The portal submission of an electronic case ("" when none). */
static enum status
portal_filing(struct store *s, long long id, char *submitted, size_t n,
	      char *iin, size_t in, struct err *e)
{
	struct db_stmt *st;
	enum status ret;

	submitted[0] = iin[0] = '\0';
	ret = db_one(s, &st, e, "SELECT submitted_at, applicant_iin FROM "
		     "portal_requests WHERE case_id = ?", DB_INT(id));
	if (ret == ST_NOTFOUND)
		return ST_OK;
	if (ret != ST_OK)
		return ret;
	snprintf(submitted, n, "%s", db_col_text(st, 0));
	snprintf(iin, in, "%s", db_col_text(st, 1));
	db_finalize(st);
	return ST_OK;
}

/* The rules of an act on a case: the checks of the stage, with the
 * warnings confirmed now or earlier; at acceptance also the due date
 * (ISO into due) from the filing and the service's term. */
static enum status
fire_rules(struct store *s, const struct formset *forms,
	   const struct case_rec *c, const struct case_act *act,
	   unsigned stage, char *due, json_t **confirmed, struct err *e)
{
	struct errlist errs = {0};
	struct case_check cc = {0};
	struct form *owned = NULL;
	const struct form *f;
	char submitted[40], iin[16];
	struct date at_window = clock_today();
	enum status ret;
	int term;

	if ((ret = case_form(s, forms, c, &owned, &f, e)) != ST_OK)
		return ret;
	if ((ret = portal_filing(s, c->id, submitted, sizeof submitted, iin,
				 sizeof iin, e)) != ST_OK)
		goto out;
	if (c->accepted_at[0]) {
		char day[11];

		snprintf(day, sizeof day, "%.10s", c->accepted_at);
		date_parse_iso(day, &at_window);
	}
	cc.forms = forms;
	cc.form = f;
	cc.service = c->service;
	cc.channel = c->channel;
	cc.case_id = c->id;
	cc.office_id = c->office_id;
	cc.act = clock_today();
	cc.confirm = act->confirm;
	cc.applicant_iin = iin[0] ? iin : NULL;
	if ((ret = case_filed_date(s, c->channel, submitted, at_window,
				   &cc.term_start, e)) != ST_OK ||
	    (ret = case_term(forms, c->service, cc.act, &term, e)) != ST_OK)
		goto out;
	cc.filed = case_filing_day(c->channel, submitted, at_window);
	if (c->due_date[0] && date_parse_iso(c->due_date, &cc.due) == 0) {
		cc.has_due = 1;
	} else {
		if ((ret = cal_due(s, cc.term_start, term, &cc.due, e)) !=
		    ST_OK)
			goto out;
		cc.has_due = 1;
	}
	if (stage == RULE_AT_INTAKE)
		date_format_iso(cc.due, due);
	if ((ret = case_check_confirmed_before(s, c->id, &cc.before, e)) !=
	    ST_OK)
		goto out;
	ret = case_check_run(s, &cc, c->data, stage, act->findings, confirmed,
			     &errs);
	if (ret != ST_OK && errs.n)
		err_set(e, errs.v[0].st, errs.v[0].field, "%s%s", errs.v[0].msg,
			errs.n > 1 ? " (и другие замечания)" : "");
	json_decref(cc.before);
out:
	errlist_free(&errs);
	form_free(owned);
	return ret;
}

struct fire_tx {
	const struct actor *a;
	const struct formset *forms;
	long long id;
	const struct case_act *act;
	size_t findings; /* the rules' list as it was before the act */
};

/* The journal line's content of an act on case c. */
static json_t *
event_content(struct store *s, const struct case_rec *c,
	      const struct actor *a, const struct service *svc,
	      const struct transition *t,
	      const struct case_act *act, const char *reason, const char *due,
	      json_t *confirmed)
{
	char num[32];
	json_t *content;

	if (act->event == EV_ACCEPT) {
		content = accept_content(c, a, svc, due);
		if (json_array_size(confirmed))
			json_object_set(content, "confirmed", confirmed);
		return content;
	}
	case_number(c, num, sizeof num);
	content = json_object();
	json_object_set_new(content, "case", json_integer(c->id));
	json_object_set_new(content, "ref", json_string(num));
	json_object_set_new(content, "event",
			    json_string(workflow_event_code(act->event)));
	if (reason && *reason)
		json_object_set_new(content, "reason", json_string(reason));
	if (act->ground && (t->needs & NEED_GROUND))
		json_object_set_new(content, "ground", json_string(act->ground));
	if (act->recipient && (t->needs & NEED_RECIPIENT))
		json_object_set_new(content, "recipient",
				    json_string(act->recipient));
	if (json_array_size(confirmed))
		json_object_set(content, "confirmed", confirmed);
	json_object_set_new(content, "by", json_string(a->full_name));
	/* A decision names who took it, as signed: the position and the
	 * unit (the office, or the regional unit of the regional head). */
	if (t->perm == PERM_DECIDE || t->perm == PERM_SIGN) {
		char unit[256];

		actor_unit_name(s, a, unit, sizeof unit);
		json_object_set_new(content, "position",
				    json_string(a->position));
		json_object_set_new(content, "unit", json_string(unit));
	}
	return content;
}

/* The case event's detail (JSON text): recipient, due date, the number
 * drawn, the warnings confirmed. */
static char *
event_detail(const struct transition *t, const struct case_act *act,
	     const char *due, int no, int year, json_t *confirmed)
{
	json_t *d = json_object();
	char num[32], *dtext;

	if (act->recipient && (t->needs & NEED_RECIPIENT))
		json_object_set_new(d, "recipient", json_string(act->recipient));
	if (due[0])
		json_object_set_new(d, "due_date", json_string(due));
	if (no) {
		snprintf(num, sizeof num, "%d/%d", no, year);
		json_object_set_new(d, act->event == EV_RETURN ? "return_no"
							       : "journal_no",
				    json_string(num));
	}
	if (json_array_size(confirmed))
		json_object_set(d, "confirmed", confirmed);
	dtext = journal_json(d);
	json_decref(d);
	return dtext;
}

/* The act's audit line, with the warnings confirmed. */
static enum status
fire_audit(struct store *s, const struct actor *a, long long id,
	   enum case_event ev, json_t *confirmed, struct err *e)
{
	char *list = case_check_confirmed_list(confirmed);
	char *detail = *list ? xasprintf("%s; подтверждено: %s",
					 workflow_event_code(ev), list)
			     : xstrdup(workflow_event_code(ev));
	enum status ret = audit_case(s, a, "case.event", id, detail, e);

	free(detail);
	free(list);
	return ret;
}

static enum status
fire_tx(struct store *s, void *arg, struct err *e)
{
	struct fire_tx *ft = arg;
	const struct actor *a = ft->a;
	const struct case_act *act = ft->act;
	long long id = ft->id;
	const struct transition *t;
	const struct service *svc;
	struct case_rec c;
	char *reason = NULL, due[DATE_SIZE] = "", stamp[STAMP_SIZE], *dtext;
	const char *accepted = NULL;
	json_t *confirmed = NULL;
	enum status ret;
	int no = 0, year = 0;

	/* A retried attempt lists the rules' findings afresh. */
	if (act->findings)
		act->findings->n = ft->findings;
	if ((ret = load_case(s, id, &c, e)) != ST_OK)
		goto out;
	if ((ret = case_scope_check(s, a, c.office_id, id, e)) != ST_OK)
		goto out;
	svc = catalog_find(c.service);
	t = workflow_find(c.state, act->event, workflow_service_bit(c.service));
	if (!svc || !t) {
		ret = err_set(e, ST_CONFLICT, "state",
			      "Действие «%s» невозможно: дело № %lld в состоянии «%s»",
			      workflow_event_ru(act->event), id,
			      workflow_state_ru(c.state));
		goto out;
	}
	if ((ret = actor_require(a, t->perm, e)) != ST_OK)
		goto out;
	if ((ret = check_needs(s, t, svc, ft->forms, &c, act, &reason, e)) !=
	    ST_OK)
		goto out;

	clock_stamp(clock_now(), stamp);
	if (act->event == EV_ACCEPT ||
	    (t->to == CS_ISSUED && t->from != CS_ISSUED)) {
		if ((ret = fire_rules(s, ft->forms, &c, act,
				      act->event == EV_ACCEPT ? RULE_AT_INTAKE
							      : RULE_AT_DECISION,
				      due, &confirmed, e)) != ST_OK)
			goto out;
		if (act->event == EV_ACCEPT)
			accepted = stamp;
	}
	if (t->journal) {
		struct journal_entry je = {0};
		json_t *content;

		content = event_content(s, &c, a, svc, t, act, reason, due,
					 confirmed);
		je.office_id = c.office_id;
		je.book = svc->book;
		je.numbered = act->event == EV_ACCEPT;
		je.kind = workflow_event_code(act->event);
		je.case_id = id;
		je.content = content;
		ret = journal_append(s, a, &je, NULL, &no, &year, e);
		json_decref(content);
		if (ret != ST_OK)
			goto out;
	}
	if ((ret = update_state(s, &c, t->to, accepted, due[0] ? due : NULL,
				no, no ? year : 0, act->event == EV_BERKUT,
				e)) != ST_OK)
		goto out;
	if (act->event == EV_RETURN &&
	    (ret = draw_return_no(s, &c, &no, &year, e)) != ST_OK)
		goto out;
	dtext = event_detail(t, act, due, no, year, confirmed);
	ret = insert_event(s, a, id, workflow_event_code(act->event),
			   workflow_state_code(c.state),
			   workflow_state_code(t->to), reason,
			   (t->needs & NEED_GROUND) ? act->ground : NULL, dtext,
			   e);
	free(dtext);
	if (ret != ST_OK)
		goto out;
	ret = fire_audit(s, a, id, act->event, confirmed, e);
out:
	free(reason);
	json_decref(confirmed);
	case_rec_free(&c);
	return ret;
}

enum status
case_fire(struct store *s, const struct actor *a, const struct formset *forms,
	  long long id, const struct case_act *act, struct err *e)
{
	struct fire_tx ft = {a, forms, id, act,
			     act->findings ? act->findings->n : 0};

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	return db_transact(s, DB_WRITE, fire_tx, &ft, e);
}

/* The key columns a field feeds, kept in step with the data. */
static enum status
update_data(struct store *s, const struct case_rec *c, struct err *e)
{
	char *data = journal_json(c->data), *fold, now[STAMP_SIZE];
	enum status ret;

	fold = utf8_fold(case_jstr(c->data, "surname"));
	clock_stamp(clock_now(), now);
	ret = db_exec(s, e, "UPDATE cases SET data = ?, surname_key = ?, "
		      "docno = ?, citizenship = ?, updated_at = ? WHERE id = ? "
		      "AND state = ?", DB_TEXT(data), DB_TEXT(fold),
		      DB_TEXT(case_jstr(c->data, "doc_number")),
		      DB_TEXT(case_jstr(c->data, "citizenship")), DB_TEXT(now),
		      DB_INT(c->id), DB_TEXT(workflow_state_code(c->state)));
	free(data);
	free(fold);
	if (ret != ST_OK)
		return ret;
	return updated_once(s, c, e);
}

struct correct_tx {
	const struct actor *a;
	const struct formset *forms;
	long long id;
	const char *key, *value, *reason;
};

/* Whether case c's form data may still be corrected: it is in the journal
 * and not cancelled or returned. */
static enum status
correctable(const struct case_rec *c, const struct service *svc,
	    struct err *e)
{
	if (c->journal_no <= 0 || !svc)
		return err_set(e, ST_CONFLICT, "state",
			       "Дело № %lld ещё не внесено в журнал: исправьте данные формы до приёма", c->id);
	if (c->state == CS_CANCELLED || c->state == CS_RETURNED)
		return err_set(e, ST_CONFLICT, "state",
			       "Дело № %lld в состоянии «%s»: исправление невозможно", c->id, workflow_state_ru(c->state));
	return ST_OK;
}

/* What a correction changed: field, old value and new. */
struct correction {
	const struct form_field *fl;
	const char *key, *old, *norm, *reason;
	int64_t accept_id; /* the journal line corrected */
};

/* The correction's line in the journal, pointing at the accept line. */
static enum status
correct_journal(struct store *s, const struct actor *a,
		const struct case_rec *c, const struct service *svc,
		const struct correction *k, struct err *e)
{
	struct journal_entry je = {0};
	json_t *content = json_object();
	enum status ret;
	char num[32];

	case_number(c, num, sizeof num);
	json_object_set_new(content, "case", json_integer(c->id));
	json_object_set_new(content, "ref", json_string(num));
	json_object_set_new(content, "field", json_string(k->key));
	json_object_set_new(content, "label", json_string(k->fl->label_ru));
	json_object_set_new(content, "old", json_string(k->old));
	json_object_set_new(content, "new", json_string(k->norm));
	json_object_set_new(content, "reason", json_string(k->reason));
	json_object_set_new(content, "by", json_string(a->full_name));
	je.office_id = c->office_id;
	je.book = svc->book;
	je.kind = "correction";
	je.case_id = c->id;
	je.corrects = k->accept_id;
	je.content = content;
	ret = journal_append(s, a, &je, NULL, NULL, NULL, e);
	json_decref(content);
	return ret;
}

/* The correction's case event and audit line. */
static enum status
correct_event(struct store *s, const struct actor *a,
	      const struct case_rec *c, const struct correction *k,
	      struct err *e)
{
	json_t *d = json_object();
	enum status ret;
	char *dtext;

	json_object_set_new(d, "field", json_string(k->key));
	json_object_set_new(d, "old", json_string(k->old));
	json_object_set_new(d, "new", json_string(k->norm));
	dtext = journal_json(d);
	json_decref(d);
	ret = insert_event(s, a, c->id, "correct",
			   workflow_state_code(c->state),
			   workflow_state_code(c->state), k->reason, NULL,
			   dtext, e);
	free(dtext);
	if (ret != ST_OK)
		return ret;
	return audit_case(s, a, "case.correct", c->id, k->key, e);
}

static enum status
correct_tx(struct store *s, void *arg, struct err *e)
{
	struct correct_tx *ct = arg;
	const struct actor *a = ct->a;
	const char *key = ct->key, *value = ct->value;
	long long id = ct->id;
	struct correction k = {.key = key, .reason = ct->reason};
	const struct form_field *fl;
	const struct service *svc;
	const struct form *f;
	struct form *owned = NULL;
	struct case_rec c;
	char *norm = NULL, *old = NULL;
	enum status ret;

	if ((ret = load_case(s, id, &c, e)) != ST_OK)
		goto fail;
	if ((ret = case_scope_check(s, a, c.office_id, id, e)) != ST_OK)
		goto fail;
	svc = catalog_find(c.service);
	if ((ret = correctable(&c, svc, e)) != ST_OK)
		goto fail;
	if ((ret = case_form(s, ct->forms, &c, &owned, &f, e)) != ST_OK)
		goto fail;
	if (!key || !(fl = form_field(f, key))) {
		ret = err_set(e, ST_INVALID, "field",
			      "В форме «%s» нет поля «%s»", f->id,
			      key ? key : "");
		goto fail;
	}
	if ((ret = form_validate_field(f, fl, value ? value : "", c.data,
				       &norm, e)) != ST_OK)
		goto fail;
	old = xstrdup(case_jstr(c.data, key));
	if (strcmp(old, norm) == 0) {
		ret = err_set(e, ST_INVALID, key,
			      "%s: новое значение совпадает с прежним",
			      fl->label_ru);
		goto fail;
	}
	if ((ret = db_int64(s, e, &k.accept_id, 0, "SELECT id FROM journal "
			    "WHERE case_id = ? AND kind = 'accept' ORDER BY "
			    "seq LIMIT 1", DB_INT(id))) != ST_OK)
		goto fail;
	if (!k.accept_id) {
		ret = err_set(e, ST_CORRUPT, "journal",
			      "Дело № %lld: нет строки приёма в журнале", id);
		goto fail;
	}
	k.fl = fl;
	k.old = old;
	k.norm = norm;
	json_object_set_new(c.data, key, json_string(norm));
	if ((ret = update_data(s, &c, e)) == ST_OK &&
	    (ret = correct_journal(s, a, &c, svc, &k, e)) == ST_OK)
		ret = correct_event(s, a, &c, &k, e);
fail:
	form_free(owned);
	free(norm);
	free(old);
	case_rec_free(&c);
	return ret;
}

enum status
case_correct(struct store *s, const struct actor *a,
	     const struct formset *forms, long long id, const char *key,
	     const char *value, const char *reason, struct err *e)
{
	struct correct_tx ct = {a, forms, id, key, value, reason};
	enum status ret;

	if (!a || a->id <= 0)
		return err_set(e, ST_DENIED, "", "Требуется вход в систему");
	if ((ret = actor_require(a, PERM_CORRECT, e)) != ST_OK)
		return ret;
	if (!reason || !*reason)
		return err_set(e, ST_INVALID, "reason",
			       "Причина исправления: не заполнено");
	if ((ret = val_text("reason", i18n_text("Причина исправления"), reason,
			    REASON_MAX, 1, e)) != ST_OK)
		return ret;
	return db_transact(s, DB_WRITE, correct_tx, &ct, e);
}
