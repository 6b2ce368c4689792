/* SPDX-License-Identifier: MIT */
/* Printing a case's output documents: template, encoding, the print
 * log and the output targets; the context the templates fill from is
 * print_context.c. */
#include "print.h"
#include "print_int.h"
#include "fileio.h"
#include "outputs.h"
#include "audit.h"
#include "blank.h"
#include "cases.h"
#include "catalog.h"
#include "chain.h"
#include "date.h"
#include "i18n.h"
#include "db.h"
#include "journal.h"
#include "template.h"
#include "workflow.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const doc_codes[] = {PRINT_DOC_LIST(CODES_CODE)};
static const char *const doc_rus[] = {PRINT_DOC_LIST(CODES_RU)};

int
print_doc_parse(const char *code, enum print_doc *out)
{
	int i = codes_find(doc_codes, PD__COUNT, code);

	if (i < 0)
		return -1;
	*out = (enum print_doc)i;
	return 0;
}

const char *
print_doc_code(enum print_doc d)
{
	return codes_at(doc_codes, PD__COUNT, (int)d);
}

const char *
print_doc_ru(enum print_doc d)
{
	return codes_at(doc_rus, PD__COUNT, (int)d);
}

int
print_doc_needs_blank(enum print_doc d)
{
	return d == PD_PASS || d == PD_INVITE;
}

/* The service a result document belongs to; NULL: any service. */
static const char *
doc_service(enum print_doc d)
{
	switch (d) {
	case PD_PASS: return "border-pass";
	case PD_INVITE: return "invitation";
	case PD_REG_MARK:
	case PD_INSERT: return "registration";
	default: return NULL;
	}
}

void
print_result_free(struct print_result *r)
{
	if (r)
		sb_free(&r->bytes);
}

enum status
print_allowed(const char *service, const char *state, int refused,
	      enum print_doc d, struct err *e)
{
	enum case_state st;
	const char *need = doc_service(d);
	const struct service *svc = catalog_find(service);

	if (workflow_state_parse(state, &st) != 0)
		return err_set(e, ST_CORRUPT, "state", "Неизвестное состояние дела «%s»", state);
	if (need && strcmp(need, service) != 0)
		return err_set(e, ST_CONFLICT, "document",
			       "Документ «%s» не выдается по услуге «%s»",
			       print_doc_ru(d), svc ? svc->short_ru : service);
	switch (d) {
	case PD_RETURN:
		if (st == CS_RETURNED)
			return ST_OK;
		return err_set(e, ST_CONFLICT, "state",
			       "Уведомление о возврате печатается по делу, документы по которому возвращены при приёме; дело в состоянии «%s»", workflow_state_ru(st));
	case PD_RECEIPT:
		if (st == CS_DRAFT || st == CS_RETURNED || st == CS_CANCELLED)
			return err_set(e, ST_CONFLICT, "state",
				       "Расписка печатается после приема документов; дело в состоянии «%s»",
				       workflow_state_ru(st));
		return ST_OK;
	case PD_REFUSAL:
		if (st == CS_REFUSED || (st == CS_HANDED_OUT && refused))
			return ST_OK;
		return err_set(e, ST_CONFLICT, "state",
			       "Мотивированный отказ печатается по делу, по которому принято решение об отказе; дело в состоянии «%s»", workflow_state_ru(st));
	default:
		if (st == CS_ISSUED || (st == CS_HANDED_OUT && !refused))
			return ST_OK;
		return err_set(e, ST_CONFLICT, "state",
			       "Документ «%s» печатается после решения о выдаче; дело в состоянии «%s»", print_doc_ru(d),
			       workflow_state_ru(st));
	}
}

/* ---------------------------------------------------------------- */
/* Rendering and encoding                                           */

/* Russian names of the keys that do not come from the form. */
static const struct {
	const char *key, *ru;
} key_labels[] = {
	{"office_name", "Наименование подразделения"},
	{"office_address", "Адрес подразделения"},
	{"region_name", "Регион"},
	{"inspector_name", "Инспектор"},
	{"inspector_position", "Должность инспектора"},
	{"chief_name", "Начальник подразделения"},
	{"signer_name", "Подписал"},
	{"signer_position", "Должность подписавшего"},
	{"signer_unit", "Подразделение подписавшего"},
	{"applicant_name", "Заявитель"},
	{"applicant_address", "Адрес заявителя"},
	{"refusal_cite", "Основание по Стандарту"},
	{"service_name_ru", "Государственная услуга"},
	{"documents", "Приняты документы"},
	{"ground_text", "Основание отказа"},
	{"reason", "Пояснение"},
	{"destination", "Разрешается въезд в"},
	{"entries", "Кратность визы"},
	{"copy", "Экземпляр"},
	{"blank_no", "Номер бланка"},
};

static char *
key_label(const struct form *f, const char *key)
{
	const struct form_field *fl = f ? form_field(f, key) : NULL;
	size_t i, n;

	if (fl)
		return xstrdup(i18n_pick(fl->label_ru, fl->label_kk));
	for (i = 0; i < sizeof key_labels / sizeof key_labels[0]; i++)
		if (strcmp(key_labels[i].key, key) == 0)
			return xstrdup(key_labels[i].ru);
	/* citizenship_ru, sex_code: the field's own label */
	n = strlen(key);
	if (f && n > 3 && (strcmp(key + n - 3, "_ru") == 0)) {
		char *base = xstrndup(key, n - 3);

		fl = form_field(f, base);
		free(base);
		if (fl)
			return xstrdup(i18n_pick(fl->label_ru, fl->label_kk));
	}
	return xstrdup(key);
}

/* Does the template print this key? ("{key}", "{key|...}", or a list
 * under "%each key".) Values it never prints need not fit the printer. */
static int
template_prints(const char *text, const char *key, int list)
{
	char *a = xasprintf("{%s}", key), *b = xasprintf("{%s|", key);
	char *c = xasprintf("%%each %s", key);
	int r = strstr(text, a) || strstr(text, b) || (list && strstr(text, c));

	free(a);
	free(b);
	free(c);
	return r;
}

static enum status
check_value(const char *v, enum encoding enc, int translit, const char *key,
	    const struct form *labels, struct err *e)
{
	struct strbuf tmp = {0};
	enum status ret;
	char *label, *where;

	if (encode_convert(v, enc, translit, &tmp, NULL) == ST_OK) {
		sb_free(&tmp);
		return ST_OK;
	}
	sb_free(&tmp);
	label = key_label(labels, key);
	where = xasprintf(i18n_text("Поле «%s»"), label);
	ret = encode_check(v, enc, where, e);
	if (ret == ST_OK) /* the check knows no substitutes: still refused */
		ret = err_set(e, ST_INVALID, key, "%s: значение нельзя напечатать в кодировке %s", where,
			      encode_name(enc));
	if (e)
		snprintf(e->field, sizeof e->field, "%s", key);
	free(label);
	free(where);
	return ret;
}

static enum status
load_template(const char *templates_dir, enum print_doc d,
	      struct template **t, struct err *e)
{
	struct errlist errs = {0};
	char *path = xasprintf("%s/%s.tpl", templates_dir, print_doc_code(d));
	enum status ret = template_load(path, t, &errs);

	if (ret != ST_OK) {
		if (errs.n)
			err_set(e, ret, "template", "Шаблон документа: %s",
				errs.v[0].msg);
		else
			err_set(e, ret, "template", "Шаблон документа %s не удается прочитать", path);
	}
	errlist_free(&errs);
	free(path);
	return ret;
}

/* Render with an already parsed template. */
static enum status
render_with(const struct template *t, json_t *ctx, int width,
	    enum encoding enc, int translit, const struct form *labels,
	    struct strbuf *out, struct err *e)
{
	struct strbuf text = {0};
	const char *key, *src;
	enum status ret = ST_OK;
	json_t *v;
	int flags = ENC_TRANSLIT_PUNCT | (translit ? ENC_TRANSLIT_LETTERS : 0);

	src = template_text(t);
	json_object_foreach(ctx, key, v) {
		size_t i;

		if (json_is_string(v)) {
			if (!template_prints(src, key, 0))
				continue;
			if ((ret = check_value(json_string_value(v), enc, flags,
					       key, labels, e)) != ST_OK)
				goto out;
		} else if (json_is_array(v) && template_prints(src, key, 1)) {
			for (i = 0; i < json_array_size(v); i++) {
				const char *item = json_string_value(
					json_array_get(v, i));

				if (item && (ret = check_value(item, enc, flags,
							       key, labels, e))
						    != ST_OK)
					goto out;
			}
		}
	}
	if ((ret = template_render(t, ctx, width, &text, e)) != ST_OK)
		goto out;
	ret = encode_convert(text.s ? text.s : "", enc, flags, out, e);
out:
	sb_free(&text);
	return ret;
}

enum status
print_render(const char *templates_dir, enum print_doc d, json_t *ctx,
	     int width, enum encoding enc, int translit,
	     const struct form *labels, struct strbuf *out, struct err *e)
{
	struct template *t = NULL;
	enum status ret;

	if (width != 80 && width != 132)
		return err_set(e, ST_USAGE, "width",
			       "Ширина печати: 80 или 132 символа");
	if ((ret = load_template(templates_dir, d, &t, e)) == ST_OK)
		ret = render_with(t, ctx, width, enc, translit, labels, out, e);
	template_free(t);
	return ret;
}

/* The template a document of a case is printed with. The first print
 * takes the file and keeps its text in form_texts (id "template:DOC");
 * every reprint takes that same text, so a reprint looks like the first
 * print even after the file has changed. sha gets the text's SHA-256. */
static enum status
pinned_template(struct store *s, long long case_id, enum print_doc d,
		const char *templates_dir, struct template **t, char *sha,
		struct err *e)
{
	struct errlist errs = {0};
	char id[48], *text = NULL;
	struct db_stmt *st;
	enum status ret;
	int other;

	*t = NULL;
	snprintf(id, sizeof id, "template:%s", print_doc_code(d));
	ret = db_one(s, &st, e, "SELECT f.sha256, f.text FROM case_events e "
		     "JOIN form_texts f ON f.id = ?1 AND f.sha256 = "
		     "json_extract(e.data, '$.template_sha') WHERE e.case_id = "
		     "?2 AND e.event IN ('print', 'reprint') AND "
		     "json_extract(e.data, '$.document') = ?3 ORDER BY e.id "
		     "LIMIT 1", DB_TEXT(id), DB_INT(case_id),
		     DB_TEXT(print_doc_code(d)));
	if (ret == ST_OK) {
		snprintf(sha, CHAIN_HEX, "%s", db_col_text(st, 0));
		text = db_col_dup(st, 1);
		db_finalize(st);
	} else if (ret != ST_NOTFOUND) {
		return ret;
	}
	if (text) {
		ret = template_parse(id, text, t, &errs);
		free(text);
		if (ret != ST_OK)
			err_set(e, ST_CORRUPT, "template", "Сохранённый шаблон «%s» не читается", id);
		errlist_free(&errs);
		return ret;
	}
	if ((ret = load_template(templates_dir, d, t, e)) != ST_OK)
		return ret;
	chain_sha256_hex(template_text(*t), strlen(template_text(*t)), sha);
	other = db_exists(s, e, "SELECT 1 FROM form_texts WHERE id = ? AND "
			  "version = ? AND sha256 <> ?", DB_TEXT(id),
			  DB_TEXT(template_version(*t)), DB_TEXT(sha));
	if (other < 0)
		return e ? e->st : ST_STORAGE;
	if (other)
		return err_set(e, ST_CONFLICT, "template", "Шаблон «%s» версии %s изменён без смены версии: увеличьте %%version в файле", print_doc_code(d),
			       template_version(*t));
	return db_exec(s, e, "INSERT INTO form_texts(id, version, sha256, "
		       "text) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
		       DB_TEXT(id), DB_TEXT(template_version(*t)),
		       DB_TEXT(sha), DB_TEXT(template_text(*t)));
}

/* ---------------------------------------------------------------- */
/* The print log                                                    */

static const char *
target_name(const struct print_req *req, char *buf, size_t n)
{
	switch (req->target) {
	case PT_FILE: snprintf(buf, n, "file:%s", req->dest); break;
	case PT_LP: snprintf(buf, n, "lp:%s", req->dest); break;
	case PT_TERMINAL:
		snprintf(buf, n, "terminal:%s", req->dest ? req->dest
							  : "/dev/tty");
		break;
	default: snprintf(buf, n, "%s", req->dest ? req->dest : "stdout");
	}
	return buf;
}

static enum status
count_prints(struct store *s, long long case_id, enum print_doc d,
	     int *count, struct err *e)
{
	int64_t n = 0;
	enum status ret = db_int64(s, e, &n, 0, "SELECT count(*) FROM prints "
				   "WHERE case_id = ? AND document = ?",
				   DB_INT(case_id),
				   DB_TEXT(print_doc_code(d)));

	*count = (int)n;
	return ret;
}

static enum status
current_state(struct store *s, long long case_id, char state[16],
	      struct err *e)
{
	char *st = NULL;
	enum status ret = db_text(s, e, &st, NULL, "SELECT state FROM cases "
				  "WHERE id = ?", DB_INT(case_id));

	if (ret != ST_OK)
		return ret;
	if (!st)
		return err_set(e, ST_NOTFOUND, "case", "Дело № %lld не найдено",
			       case_id);
	snprintf(state, 16, "%s", st);
	free(st);
	return ST_OK;
}

static enum status
insert_print(struct store *s, const struct actor *a, long long case_id,
	     const struct print_req *req, int copy_no, int reprint,
	     const char *blank_no, const char *target, const char *at,
	     long long *id, struct err *e)
{
	int64_t v = 0;
	enum status ret;

	ret = db_int64(s, e, &v, 0, "INSERT INTO prints(case_id, document, "
		       "copy_no, reprint, blank_no, width, encoding, target, "
		       "at, actor_id) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
		       DB_INT(case_id), DB_TEXT(print_doc_code(req->doc)),
		       DB_INT(copy_no), DB_INT(reprint),
		       DB_TEXT(blank_no && *blank_no ? blank_no : NULL),
		       DB_INT(req->width), DB_TEXT(encode_name(req->enc)),
		       DB_TEXT(target), DB_TEXT(at), DB_INT(a->id));
	*id = v;
	return ret;
}

/* A row of the case's history: the state does not change. */
static enum status
insert_history(struct store *s, const struct actor *a, long long case_id,
	       const char *state, int reprint, const char *data,
	       const char *at, struct err *e)
{
	return db_exec(s, e, "INSERT INTO case_events(case_id, event, "
		       "from_state, to_state, actor_id, at, reason, data) "
		       "VALUES (?,?,?,?,?,?,?,?)", DB_INT(case_id),
		       DB_TEXT(reprint ? "reprint" : "print"), DB_TEXT(state),
		       DB_TEXT(state), DB_INT(a->id), DB_TEXT(at),
		       DB_TEXT(reprint ? "ПОВТОРНО" : NULL), DB_TEXT(data));
}

/* The print's one transaction: under the write lock, the case still as
 * read, the reprint rule, the blank, the document rendered, its rows, its
 * history and audit lines, and its bytes recorded for output. */
struct print_tx {
	const struct actor *a;
	long long case_id;
	const struct print_req *req;
	struct print_result *res;
	struct case_info *info;
	json_t *ctx;
	int ncopies;
	const char *object;
	struct template *tpl;
	long long oid;
};

/* The print's row in the case's history and its audit line. */
static enum status
print_record(struct store *s, const struct print_tx *p, const char *state,
	     const char *tpl_sha, const char *target, const char *at,
	     struct err *e)
{
	const struct print_req *req = p->req;
	const struct print_result *res = p->res;
	json_t *d = json_object();
	char *data, *detail, obj[40];
	enum status ret;

	json_object_set_new(d, "document",
			    json_string(print_doc_code(req->doc)));
	json_object_set_new(d, "print_id", json_integer(res->print_id));
	json_object_set_new(d, "copies", json_integer(p->ncopies));
	json_object_set_new(d, "template_sha", json_string(tpl_sha));
	if (res->blank_no[0])
		json_object_set_new(d, "blank", json_string(res->blank_no));
	data = journal_json(d);
	json_decref(d);
	ret = insert_history(s, p->a, p->case_id, state, res->reprint, data,
			     at, e);
	free(data);
	if (ret != ST_OK)
		return ret;
	snprintf(obj, sizeof obj, "case:%lld", p->case_id);
	detail = xasprintf("%s%s, %d экз., %d колонок, %s, %s%s%s",
			   print_doc_code(req->doc),
			   res->reprint ? " ПОВТОРНО" : "", p->ncopies,
			   req->width, encode_name(req->enc), target,
			   res->blank_no[0] ? ", бланк " : "", res->blank_no);
	ret = audit_log(s, p->a, res->reprint ? "reprint" : "print", obj,
			detail, e);
	free(detail);
	return ret;
}

/* The bytes are recorded with the print, and go out only after the
 * commit: never a document without its record. */
static enum status
print_output(struct store *s, struct print_tx *p, struct err *e)
{
	const struct print_req *req = p->req;
	const struct print_result *res = p->res;
	struct output_req o = {
		.kind = "print",
		.object = p->object,
		.target = req->target == PT_FILE ? OUT_FILE
			  : req->target == PT_LP ? OUT_LP
						 : OUT_TERMINAL,
		.dest = req->dest ? req->dest : "",
		.flags = req->target != PT_FILE ? 0
			 : (req->flags & OUTPUT_OKNO)
			   ? req->flags
			   : req->flags | FILEIO_USER,
	};

	if (req->target == PT_NONE)
		return ST_OK;
	return output_add(s, p->a, &o, res->bytes.s ? res->bytes.s : "",
			  res->bytes.len, &p->oid, e);
}

static enum status
print_tx(struct store *s, void *arg, struct err *e)
{
	static const char *const copies_ru[] = {
		"экземпляр заявителя", "экземпляр дела",
	};
	struct print_tx *p = arg;
	const struct actor *a = p->a;
	const struct print_req *req = p->req;
	struct print_result *res = p->res;
	long long case_id = p->case_id, pid = 0;
	char state[16], target[300], at[STAMP_SIZE];
	char tpl_sha[CHAIN_HEX] = "";
	enum status ret;
	int prior = 0, copy;

	/* A retried attempt starts afresh. */
	sb_free(&res->bytes);
	res->blank_no[0] = '\0';
	res->print_id = 0;
	template_free(p->tpl);
	p->tpl = NULL;
	p->oid = 0;
	/* The case may have moved on since the context was read. */
	if ((ret = current_state(s, case_id, state, e)) != ST_OK)
		return ret;
	if (strcmp(state, p->info->state) != 0)
		return err_set(e, ST_CONFLICT, "state",
			       "Дело № %lld изменено другим окном, повторите",
			       case_id);
	if ((ret = count_prints(s, case_id, req->doc, &prior, e)) != ST_OK)
		return ret;
	res->reprint = prior > 0;
	if (res->reprint && actor_require(a, PERM_REPRINT, e) != ST_OK)
		return err_set(e, ST_DENIED, "reprint",
			       "Документ «%s» по делу № %lld уже напечатан; повторная печать — только с разрешения начальника подразделения",
			       print_doc_ru(req->doc), case_id);
	if (print_doc_needs_blank(req->doc) &&
	    (ret = blank_check(s, p->info->office_id, print_doc_code(req->doc),
			       req->blank, res->blank_no, e)) != ST_OK)
		return ret;
	set_str(p->ctx, "reprint", res->reprint ? "yes" : "");
	set_str(p->ctx, "blank_no", res->blank_no);
	if ((ret = pinned_template(s, case_id, req->doc, req->templates_dir,
				   &p->tpl, tpl_sha, e)) != ST_OK)
		return ret;
	for (copy = 0; copy < p->ncopies; copy++) {
		if (p->ncopies > 1)
			set_str(p->ctx, "copy", copies_ru[copy]);
		if (copy)
			sb_addc(&res->bytes, '\f');
		if ((ret = render_with(p->tpl, p->ctx, req->width, req->enc,
				       req->translit, p->info->form,
				       &res->bytes, e)) != ST_OK)
			return ret;
	}
	res->copies = p->ncopies;

	clock_stamp(clock_now(), at);
	target_name(req, target, sizeof target);
	for (copy = 1; copy <= p->ncopies; copy++) {
		if ((ret = insert_print(s, a, case_id, req, copy, res->reprint,
					res->blank_no, target, at, &pid, e)) !=
		    ST_OK)
			return ret;
		if (copy == 1)
			res->print_id = pid;
	}
	if (print_doc_needs_blank(req->doc) &&
	    (ret = blank_use(s, a, p->info->office_id,
			     print_doc_code(req->doc), req->blank, case_id,
			     res->print_id, res->blank_no, e)) != ST_OK)
		return ret;
	if ((ret = print_record(s, p, state, tpl_sha, target, at, e)) !=
	    ST_OK)
		return ret;
	return print_output(s, p, e);
}

enum status
print_case(struct store *s, const struct actor *a,
	   const struct formset *forms, long long case_id,
	   const struct print_req *req, struct print_result *res,
	   struct err *e)
{
	struct case_info info;
	json_t *ctx = NULL;
	enum status ret;
	int prior = 0,
	    ncopies = req->doc == PD_RECEIPT || req->doc == PD_RETURN ? 2 : 1;
	struct template *tpl = NULL;
	char object[64];
	long long oid = 0;

	memset(res, 0, sizeof *res);
	if ((unsigned)req->doc >= PD__COUNT)
		return err_set(e, ST_USAGE, "document", "Неизвестный документ");
	if (req->width != 80 && req->width != 132)
		return err_set(e, ST_USAGE, "width",
			       "Ширина печати: 80 или 132 символа");
	if ((req->target == PT_FILE || req->target == PT_LP) &&
	    (!req->dest || !*req->dest))
		return err_set(e, ST_USAGE, "target", "Не указано, куда печатать");
	if (req->target == PT_LP && !print_lp_available())
		return print_to_lp(req->dest, "", 0, e);
	if (print_doc_needs_blank(req->doc) && (!req->blank || !*req->blank))
		return err_set(e, ST_INVALID, "blank",
			       "Документ «%s» печатается на бланке строгой отчетности: укажите номер бланка (--blank)",
			       print_doc_ru(req->doc));
	/* A print or reprint the actor may not make is refused before the
	 * case is read, so the refusal leaves nothing behind, not even the
	 * case.view line of reading it (issue 7); the reprint is checked
	 * again under the write lock below. Another office's case is not
	 * found, printed or not. */
	if ((ret = actor_require(a, PERM_PRINT, e)) != ST_OK ||
	    (ret = case_in_reach(s, a, case_id, e)) != ST_OK)
		return ret;
	/* A print recorded earlier but not given out (the run was killed or
	 * the printer failed after the commit) goes out first, byte for
	 * byte: it is the same print, not a reprint. */
	snprintf(object, sizeof object, "case:%lld:%s", case_id,
		 print_doc_code(req->doc));
	if (req->target != PT_NONE && output_is_pending(s, "print", object)) {
		int done = 0;

		if ((ret = output_deliver_pending(s, "print", object,
						  req->flags & FILEIO_FORCE,
						  &done, res->where,
						  sizeof res->where, e)) !=
		    ST_OK)
			return ret;
		if (done) {
			res->earlier = 1;
			return ST_OK;
		}
	}
	if (!role_allows(a->roles, PERM_REPRINT)) {
		if ((ret = count_prints(s, case_id, req->doc, &prior, e)) !=
		    ST_OK)
			return ret;
		if (prior > 0)
			return err_set(e, ST_DENIED, "reprint",
				       "Документ «%s» по делу № %lld уже напечатан; повторная печать — только с разрешения начальника подразделения",
				       print_doc_ru(req->doc), case_id);
	}
	if ((ret = print_build_context(s, a, forms, case_id, req->doc, &ctx,
				 &info, e)) !=
	    ST_OK)
		return ret;
	if ((ret = print_allowed(info.service, info.state, info.refused,
				 req->doc, e)) != ST_OK)
		goto out;

	{
		struct print_tx p = {a, case_id, req, res, &info, ctx,
				     ncopies, object, NULL, 0};

		ret = db_transact(s, DB_WRITE, print_tx, &p, e);
		tpl = p.tpl;
		oid = p.oid;
	}
	if (ret == ST_OK && oid)
		ret = output_deliver(s, oid, 0, res->where, sizeof res->where,
				     e);
out:
	if (ret != ST_OK)
		print_result_free(res);
	template_free(tpl);
	json_decref(ctx);
	form_free(info.form);
	return ret;
}

/* ---------------------------------------------------------------- */
/* Output targets                                                   */

static enum status
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return ST_ERROR;
		p += w;
		n -= (size_t)w;
	}
	return ST_OK;
}

enum status
print_to_file(const char *path, const char *bytes, size_t n, struct err *e)
{
	return fileio_write(path, bytes, n, FILEIO_USER, "out", e);
}

int
print_lp_available(void)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save = NULL;
	int found = 0;

	dirs = xstrdup(path && *path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/lp", *dir ? dir : ".");

		found = access(p, X_OK) == 0;
		free(p);
	}
	free(dirs);
	return found;
}

/* A CUPS queue name: letters, digits, "_", "-", ".", "@"; never an
 * option. */
static int
dest_valid(const char *d)
{
	const char *p;

	if (!d || !*d || *d == '-' || strlen(d) > 127)
		return 0;
	for (p = d; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("_-.@", *p)))
			return 0;
	return 1;
}

enum status
print_to_lp(const char *dest, const char *bytes, size_t n, struct err *e)
{
	struct sigaction ign, old;
	int pfd[2], status, wrote;
	pid_t pid;

	if (!print_lp_available())
		return err_set(e, ST_NOTFOUND, "printer",
			       "Системная очередь печати недоступна: команда lp (CUPS) не установлена. Печатайте в файл (--out) или на принтер терминала (--terminal)");
	if (!dest_valid(dest))
		return err_set(e, ST_INVALID, "printer",
			       "Имя принтера «%s»: допустимы латинские буквы, цифры и _ - . @", dest ? dest : "");
	if (pipe(pfd) != 0)
		return err_set(e, ST_ERROR, "printer", "lp: %s",
			       strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return err_set(e, ST_ERROR, "printer", "lp: %s",
			       strerror(errno));
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(pfd[0], 0);
		if (null >= 0)
			dup2(null, 1); /* "request id is ..." */
		close(pfd[0]);
		close(pfd[1]);
		execlp("lp", "lp", "-d", dest, "-o", "raw", "--", (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	wrote = write_all(pfd[1], bytes, n) == ST_OK;
	close(pfd[1]);
	sigaction(SIGPIPE, &old, NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return err_set(e, ST_ERROR, "printer", "lp: %s",
				       strerror(errno));
	if (!wrote || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(e, ST_ERROR, "printer",
			       "Очередь печати не приняла документ (lp -d %s, код %d)", dest,
			       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return ST_OK;
}

enum status
print_to_terminal(const char *tty, const char *bytes, size_t n,
		  struct err *e)
{
	/* Printer-controller mode (VT100 "media copy"): the terminal passes
	 * everything between ESC [ 5 i and ESC [ 4 i to its printer and
	 * shows none of it. Lines end CR LF for the printer's sake. */
	static const char on[] = "\033[5i", off[] = "\033[4i";
	const char *path = tty && *tty ? tty : "/dev/tty";
	struct strbuf b = {0};
	size_t i;
	int fd, ok;

	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_set(e, ST_NOTFOUND, "terminal",
			       "Нет терминала для печати (%s): %s. Печать на принтер терминала возможна только из сеанса на этом терминале", path, strerror(errno));
	sb_add(&b, on);
	for (i = 0; i < n; i++) {
		if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'))
			sb_addc(&b, '\r');
		sb_addc(&b, bytes[i]);
	}
	sb_add(&b, off);
	ok = write_all(fd, b.s, b.len) == ST_OK;
	if (!ok)
		err_set(e, ST_ERROR, "terminal", "Не удалось передать документ на принтер терминала: %s", strerror(errno));
	close(fd);
	sb_free(&b);
	return ok ? ST_OK : ST_ERROR;
}
