/* SPDX-License-Identifier: MIT */
/* The context a case's document is printed from: the fields of the
 * form the case was filled with (and the names the templates know them
 * by), the office and its head, the numbers and check code, the dates,
 * the acts of the history (return, refusal, decision) and who signs, the
 * rules' values and the documents handed in. */
#include "print.h"
#include "print_int.h"
#include "account.h"
#include "calendar.h"
#include "cases.h"
#include "catalog.h"
#include "clock.h"
#include "country.h"
#include "date.h"
#include "db.h"
#include "journal.h"
#include "office.h"
#include "rules.h"
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *
ctx_str(json_t *ctx, const char *key)
{
	const char *v = json_string_value(json_object_get(ctx, key));

	return v ? v : "";
}

/* The form a case was filled with: the stored snapshot of its version,
 * or the current file when it has that version. */
static enum status
case_form(struct store *s, const struct formset *forms,
	  const struct case_rec *c, struct form **out, struct err *e)
{
	const struct form *cur = forms ? formset_get(forms, c->form_id) : NULL;
	enum status ret;

	ret = form_snapshot_load(s, c->form_id, c->form_version, out, e);
	if (ret == ST_OK)
		return ST_OK;
	if (ret == ST_NOTFOUND && cur &&
	    strcmp(cur->version, c->form_version) == 0) {
		struct errlist errs = {0};

		/* A private copy, so the caller owns what it gets. */
		ret = form_parse(cur->name, cur->text, out, &errs);
		errlist_free(&errs);
		if (ret == ST_OK)
			return ST_OK;
	}
	return err_set(e, ST_NOTFOUND, "form",
		       "Форма «%s» версии %s, по которой заполнено дело, не найдена", c->form_id, c->form_version);
}

/* The head of the unit who signs: the first active chief of the office. */
static void
chief_name(struct store *s, long long office_id, char *out, size_t n)
{
	char *name = NULL;

	out[0] = '\0';
	if (db_text(s, NULL, &name, NULL, "SELECT full_name FROM accounts "
		    "WHERE office_id = ? AND active = 1 AND (roles & ?) != 0 "
		    "ORDER BY id LIMIT 1", DB_INT(office_id),
		    DB_INT(ROLE_CHIEF)) == ST_OK && name)
		snprintf(out, n, "%s", name);
	free(name);
}

/* The account's name and position as its documents print them. */
static void
set_person(struct store *s, json_t *ctx, const char *login,
	   const char *name_key, const char *pos_key)
{
	struct account_info ai;
	struct err ie = {0};

	if (!*login || account_get(s, login, &ai, &ie) != ST_OK)
		return;
	set_str(ctx, name_key, ai.full_name);
	set_str(ctx, pos_key, ai.position);
}

/* The day of a stamp (its first ten characters), or today. */
static struct date
stamp_day(const char *stamp)
{
	char day[DATE_SIZE];
	struct date d;

	snprintf(day, sizeof day, "%.10s", stamp ? stamp : "");
	return date_parse_iso(day, &d) == 0 ? d : clock_today();
}

/* Who applied (the rules' print blocks: the inviting party, the host or
 * the foreigner as the form records) and how the Standard is cited in a
 * refusal, as in force on the day of the act the document attests. */
static void
add_rule_values(struct store *s, const struct formset *forms,
		const struct form *f, const struct case_rec *c,
		const char *act_at, json_t *ctx)
{
	const struct ruleset *rs = forms ? formset_rules(forms) : NULL;
	const struct rule_service *sv;
	struct rules_ctx rc = {0};
	static const char *const keys[] = {"applicant_name",
					   "applicant_address"};
	size_t i;

	rc.s = s;
	rc.form = f;
	rc.service = c->service;
	rc.channel = c->channel;
	rc.act = stamp_day(act_at);
	rc.filed = stamp_day(c->accepted_at);
	rc.case_id = c->id;
	rc.office_id = c->office_id;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		struct err e = {0};
		char *v = NULL;

		if (rs && rules_value(rs, &rc, c->data, keys[i], &v, &e) ==
			      ST_OK && v && *v)
			set_str(ctx, keys[i], v);
		free(v);
	}
	/* Without a rule: the person the case is about. */
	if (!*ctx_str(ctx, "applicant_name")) {
		struct strbuf b = {0};
		static const char *const parts[] = {"surname", "given_names",
						    "patronymic"};

		for (i = 0; i < 3; i++)
			if (*ctx_str(ctx, parts[i]))
				sb_printf(&b, "%s%s", b.len ? " " : "",
					  ctx_str(ctx, parts[i]));
		set_str(ctx, "applicant_name", b.s ? b.s : "");
		sb_free(&b);
	}
	if (!*ctx_str(ctx, "applicant_address"))
		set_str(ctx, "applicant_address",
			ctx_str(ctx, "address_stay"));
	sv = rs ? rules_service(rs, c->service, rc.act) : NULL;
	if (sv && sv->refusal_ru && *sv->refusal_ru) {
		set_str(ctx, "refusal_cite", sv->refusal_ru);
	} else {
		char *cite = xasprintf("пункт 10 Стандарта государственной услуги «%s»",
				       ctx_str(ctx, "service_name_ru"));

		set_str(ctx, "refusal_cite", cite);
		free(cite);
	}
}

/* The unit of whoever took the decision the document attests (kind: the
 * journal line's, "issue" or "refuse"), as its journal line records it:
 * signer_unit (the regional unit for the regional head); none for a
 * decision recorded before lines named the unit. */
static void
decision_unit(struct store *s, long long case_id, const char *kind,
	      json_t *ctx)
{
	char *text = NULL;
	json_t *c;

	if (db_text(s, NULL, &text, NULL, "SELECT content FROM journal WHERE "
		    "case_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
		    DB_INT(case_id), DB_TEXT(kind)) != ST_OK || !text)
		goto out;
	c = json_loads(text, 0, NULL);
	if (json_string_value(json_object_get(c, "unit")))
		set_str(ctx, "signer_unit",
			json_string_value(json_object_get(c, "unit")));
	json_decref(c);
out:
	free(text);
}

/* Every field of the case's data, as the templates want them. */
static void
add_fields(json_t *ctx, const struct form *f, json_t *data)
{
	const char *key;
	json_t *v;

	json_object_foreach(data, key, v) {
		const struct form_field *fl = form_field(f, key);
		const char *s = json_string_value(v);
		char *k;

		if (!s)
			continue;
		if (!fl || !*s) {
			set_str(ctx, key, s);
			continue;
		}
		switch (fl->type) {
		case FORM_CHOICE:
		case FORM_YESNO: {
			char *shown = form_value_display(f, fl, s);

			set_str(ctx, key, shown);
			free(shown);
			k = xasprintf("%s_code", key);
			set_str(ctx, k, s);
			free(k);
			break;
		}
		case FORM_COUNTRY: {
			const struct country *c = country_by_alpha3(s);

			set_str(ctx, key, s);
			k = xasprintf("%s_ru", key);
			set_str(ctx, k, c ? c->ru : s);
			free(k);
			break;
		}
		default:
			set_str(ctx, key, s); /* dates stay ISO: |date shows them */
			break;
		}
	}
}

/* Keys the templates know under another name than the forms use. */
static void
add_aliases(json_t *ctx, const char *service)
{
	const char *v;

	if (!*ctx_str(ctx, "doc_type"))
		set_str(ctx, "doc_type", "Паспорт");
	/* Pass: the area allowed, settlement first. */
	if (!*ctx_str(ctx, "destination")) {
		struct strbuf b = {0};
		static const char *const parts[] = {
			"dest_settlement", "dest_district", "dest_region",
		};
		size_t i;

		for (i = 0; i < 3; i++) {
			v = ctx_str(ctx, parts[i]);
			if (*v)
				sb_printf(&b, "%s%s", b.len ? ", " : "", v);
		}
		if (b.len)
			set_str(ctx, "destination", b.s);
		sb_free(&b);
	}
	v = ctx_str(ctx, "purpose_details");
	if (*v && *ctx_str(ctx, "purpose")) {
		char *p = xasprintf("%s (%s)", ctx_str(ctx, "purpose"), v);

		set_str(ctx, "purpose", p);
		free(p);
	}
	if (!*ctx_str(ctx, "entries") && *ctx_str(ctx, "visa_entries"))
		set_str(ctx, "entries", ctx_str(ctx, "visa_entries"));
	if (!*ctx_str(ctx, "host_name") && *ctx_str(ctx, "org_name"))
		set_str(ctx, "host_name", ctx_str(ctx, "org_name"));
	if (!*ctx_str(ctx, "host_address") && *ctx_str(ctx, "org_address"))
		set_str(ctx, "host_address", ctx_str(ctx, "org_address"));
	(void)service;
}

/* "a; b" or "a\nb" as ["a", "b"]. */
static json_t *
split_list(const char *text)
{
	json_t *arr = json_array();
	const char *p = text ? text : "";

	while (*p) {
		size_t n = strcspn(p, ";\n");
		char *one = xstrndup(p, n);

		if (*str_trim(one))
			json_array_append_new(arr, json_string(one));
		free(one);
		p += n;
		while (*p == ';' || *p == '\n')
			p++;
	}
	return arr;
}

/* The case's number, office and unit head: case_id, office_name,
 * office_address, region_name, chief_name. */
static void
add_office(struct store *s, const struct case_rec *c,
	   const struct office_info *off, json_t *ctx)
{
	char buf[256];

	snprintf(buf, sizeof buf, "%lld", c->id);
	set_str(ctx, "case_id", buf);
	set_str(ctx, "office_name", off->name);
	set_str(ctx, "office_address", off->address);
	set_str(ctx, "region_name", off->region_name);
	chief_name(s, c->office_id, buf, sizeof buf);
	set_str(ctx, "chief_name", buf);
}

/* The numbers the document cites: the receipt's, the return's, the
 * journal's, the check code, and the unit of the decision. */
static void
add_numbers(struct store *s, const struct case_rec *c, enum print_doc d,
	    json_t *ctx)
{
	char buf[256];

	case_ref(c, buf, sizeof buf);
	set_str(ctx, "receipt_no", buf);
	if (c->return_no > 0) {
		snprintf(buf, sizeof buf, "%d/%d", c->return_no,
			 c->return_year);
		set_str(ctx, "return_no", buf);
	}
	case_number(c, buf, sizeof buf);
	set_str(ctx, "journal_no", buf);
	{
		/* The code of the journal line the document attests: the
		 * intake for the receipt, the decision for the others. */
		const char *kind = d == PD_RECEIPT ? "accept"
				   : d == PD_REFUSAL ? "refuse" : "issue";
		char code[JOURNAL_CODE_SIZE];

		if (journal_case_code(s, c->id, kind, code, NULL, NULL) ==
			    ST_OK ||
		    journal_case_code(s, c->id, NULL, code, NULL, NULL) ==
			    ST_OK)
			set_str(ctx, "check_code", code);
		else
			set_str(ctx, "check_code", buf);
	}
	if (d != PD_RECEIPT && d != PD_RETURN)
		decision_unit(s, c->id, d == PD_REFUSAL ? "refuse" : "issue",
			      ctx);
}

/* The case's dates (the due date provisional in a year the admin has
 * not confirmed), today and the service's name. */
static void
add_dates(struct store *s, const struct case_rec *c,
	  const struct service *svc, json_t *ctx)
{
	char today[DATE_SIZE];
	struct date dd;

	set_str(ctx, "accepted_at", c->accepted_at);
	set_str(ctx, "due_date", c->due_date);
	if (c->due_date[0] && date_parse_iso(c->due_date, &dd) == 0 &&
	    cal_provisional(s, dd))
		set_str(ctx, "due_provisional", "yes");
	date_format_iso(clock_today(), today);
	set_str(ctx, "today", today);
	set_str(ctx, "service_name_ru", svc ? svc->ru : c->service);
	set_str(ctx, "reprint", "");
}

/* The acts of the case's history the documents name. */
struct case_acts {
	const char *inspector;                   /* who took it in */
	const struct case_history *accept;       /* the intake */
	const struct case_history *decision;     /* into issued or refused */
};

/* Walk the history: the return (its day and the missing documents), the
 * refusal (its ground and reason), who took the case in and the
 * decision. */
static void
add_history(const struct case_history *h, size_t nh,
	    const struct service *svc, json_t *ctx, struct case_info *info,
	    struct case_acts *acts)
{
	size_t i;

	for (i = 0; i < nh; i++) {
		if (strcmp(h[i].event, "accept") == 0 ||
		    strcmp(h[i].event, "return") == 0)
			acts->inspector = h[i].login;
		if (strcmp(h[i].event, "return") == 0) {
			set_str(ctx, "returned_at", h[i].at);
			json_object_set_new(ctx, "missing_list",
					    split_list(h[i].reason));
		}
		if (strcmp(h[i].event, "refuse") == 0) {
			const struct ground *g = catalog_ground(svc,
								h[i].ground);

			info->refused = 1;
			set_str(ctx, "ground_code", h[i].ground);
			set_str(ctx, "ground_text", g ? g->ru : "");
			set_str(ctx, "reason", h[i].reason);
		}
		if (strcmp(h[i].event, "accept") == 0)
			acts->accept = &h[i];
		/* The decision: the step into issued or refused. */
		if ((strcmp(h[i].to, "issued") == 0 ||
		     strcmp(h[i].to, "refused") == 0) &&
		    strcmp(h[i].from, h[i].to) != 0)
			acts->decision = &h[i];
	}
	/* A registration the clear check completes was made by the
	 * inspector who registered it (journal line and stamp, the first
	 * step of the reglament's table), on that day. */
	if (acts->decision && acts->accept &&
	    strcmp(acts->decision->event, "check-clear") == 0)
		acts->decision = acts->accept;
}

/* The inspector, and the act the document attests, its day and who
 * made it: the intake for the receipt, the return for its notice, the
 * decision for the others. A reprint prints these, never its own day in
 * their place (it adds «ПОВТОРНО» and {today}). */
static void
add_signer(struct store *s, const struct case_rec *c, enum print_doc d,
	   const struct case_acts *acts, json_t *ctx)
{
	const struct case_history *decision = acts->decision;

	if (*acts->inspector)
		set_person(s, ctx, acts->inspector, "inspector_name",
			   "inspector_position");
	if (d == PD_RECEIPT || d == PD_RETURN) {
		set_str(ctx, "decided_at", d == PD_RECEIPT
						   ? c->accepted_at
						   : ctx_str(ctx, "returned_at"));
		set_str(ctx, "signer_name", ctx_str(ctx, "inspector_name"));
		set_str(ctx, "signer_position",
			ctx_str(ctx, "inspector_position"));
	} else if (decision) {
		set_str(ctx, "decided_at", decision->at);
		set_str(ctx, "signer_name", decision->full_name);
		set_person(s, ctx, decision->login, "signer_name",
			   "signer_position");
	}
}

/* The documents handed in, as the form's checklist words them. */
static void
add_documents(json_t *ctx, const struct form *f, json_t *documents)
{
	json_t *docs = json_array();
	size_t i, j;

	for (i = 0; i < json_array_size(documents); i++) {
		const char *k = json_string_value(json_array_get(documents,
								 i));

		for (j = 0; k && j < f->nchecklist; j++)
			if (strcmp(f->checklist[j].key, k) == 0)
				json_array_append_new(docs, json_string(
					f->checklist[j].text_ru));
	}
	json_object_set_new(ctx, "documents", docs);
}

enum status
print_build_context(struct store *s, const struct actor *a,
	      const struct formset *forms, long long case_id,
	      enum print_doc d, json_t **out, struct case_info *info,
	      struct err *e)
{
	struct case_history *h = NULL;
	struct case_acts acts = {"", NULL, NULL};
	const struct service *svc;
	struct office_info off;
	struct case_rec c;
	json_t *ctx = NULL;
	size_t nh = 0;
	enum status ret;

	*out = NULL;
	memset(info, 0, sizeof *info);
	if ((ret = actor_require(a, PERM_PRINT, e)) != ST_OK)
		return ret;
	if ((ret = case_get(s, a, case_id, &c, e)) != ST_OK)
		return ret;
	if ((ret = case_form(s, forms, &c, &info->form, e)) != ST_OK)
		goto out;
	if ((ret = case_history_get(s, a, case_id, &h, &nh, e)) != ST_OK)
		goto out;
	if ((ret = office_get_id(s, c.office_id, &off, e)) != ST_OK)
		goto out;
	svc = catalog_find(c.service);
	info->office_id = c.office_id;
	snprintf(info->service, sizeof info->service, "%s", c.service);
	snprintf(info->state, sizeof info->state, "%s",
		 workflow_state_code(c.state));

	ctx = json_object();
	add_fields(ctx, info->form, c.data);
	add_aliases(ctx, c.service);
	add_office(s, &c, &off, ctx);
	add_numbers(s, &c, d, ctx);
	add_dates(s, &c, svc, ctx);
	add_history(h, nh, svc, ctx, info, &acts);
	add_signer(s, &c, d, &acts, ctx);
	add_rule_values(s, forms, info->form, &c,
			*ctx_str(ctx, "decided_at") ? ctx_str(ctx, "decided_at")
						    : c.accepted_at,
			ctx);
	add_documents(ctx, info->form, c.documents);
	*out = ctx;
	ctx = NULL;
out:
	json_decref(ctx);
	case_history_free(h, nh);
	case_rec_free(&c);
	if (ret != ST_OK) {
		form_free(info->form);
		info->form = NULL;
	}
	return ret;
}

enum status
print_context(struct store *s, const struct actor *a,
	      const struct formset *forms, long long case_id,
	      enum print_doc d, json_t **ctx, struct err *e)
{
	struct case_info info;
	enum status ret;

	ret = print_build_context(s, a, forms, case_id, d, ctx, &info, e);
	if (ret == ST_OK) {
		ret = print_allowed(info.service, info.state, info.refused, d,
				    e);
		if (ret != ST_OK) {
			json_decref(*ctx);
			*ctx = NULL;
		}
	}
	form_free(info.form);
	return ret;
}
