/* SPDX-License-Identifier: MIT */
/* okno case: new, show, list, event. */
#include "cmds.h"
#include "office.h"
#include "fileio.h"
#include "calendar.h"
#include "catalog.h"
#include "date.h"
#include "cases.h"
#include "clock.h"
#include "steps.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_case[] =
	"Usage: okno --as LOGIN case new --service SERVICE [--form ID]\n"
	"                 [--field KEY=VALUE ...] [--doc ITEM ...] [--json FILE]\n"
	"                 [--confirm RULE ...]\n"
	"       okno --as LOGIN case show ID\n"
	"       okno --as LOGIN case list [--state S] [--service S] [--overdue]\n"
	"                 [--due-before DATE] [--mine]\n"
	"       okno --as LOGIN case event ID EVENT [--reason TEXT]\n"
	"                 [--ground CODE] [--to RECIPIENT] [--confirm RULE ...]\n"
	"       okno --as LOGIN case correct ID KEY=VALUE --reason TEXT\n"
	"\n"
	"Services: border-pass, invitation, registration.\n"
	"case new validates every field through the service's form (okno forms\n"
	"show ID lists them) and creates an intake draft. --doc names a\n"
	"documents-checklist item the applicant presented (repeatable). --json\n"
	"reads {\"fields\": {KEY: VALUE...}, \"documents\": [ITEM...]} or a flat\n"
	"object of fields; --field values given as well override it.\n"
	"The rules of forms/rules (okno rules list) are checked at case new,\n"
	"accept and issue: an error refuses the act; a warning refuses it\n"
	"until confirmed with --confirm RULE (the rule's id, repeatable), and\n"
	"the confirmation is kept in the case history, the journal line and\n"
	"the audit.\n"
	"Events: accept, return, cancel, check-clear, check-hit, prepare, issue,\n"
	"refuse, hand-out, berkut. refuse needs --ground and --reason; return takes\n"
	"--reason (default: the missing documents); hand-out needs --to;\n"
	"check-hit needs --reason.\n"
	"States: draft, returned, cancelled, accepted, checked, hit, issued,\n"
	"refused, handed_out.\n";

/* --json FILE: its fields under the --field values given (which override
 * them), its documents after the --doc ones. 0, or the exit code. */
static int
merge_json_file(const char *path, json_t **fields, json_t *docs,
		json_t **file)
{
	struct err fe = {0};
	json_error_t je;
	json_t *f, *d;
	char *text;
	size_t tn;

	/* The file the user names, read with the user's rights; a key given
	 * twice is refused, as the portal refuses it. */
	if (fileio_read(path, (size_t)4 << 20, FILEIO_USER, "json", &text, &tn,
			&fe) != ST_OK)
		return cli_fail(&fe);
	*file = json_loadb(text, tn, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!*file || !json_is_object(*file)) {
		fprintf(stderr, "okno: invalid data: %s:%d: %s\n", path,
			je.line, *file ? "expected a JSON object" : je.text);
		return status_exit_code(ST_INVALID);
	}
	f = json_object_get(*file, "fields");
	d = json_object_get(*file, "documents");
	if (!f && !d)
		f = *file;
	if (f) {
		json_t *merged = json_deep_copy(f);

		json_object_update(merged, *fields);
		json_decref(*fields);
		*fields = merged;
	}
	if (json_is_array(d))
		json_array_extend(docs, d);
	return 0;
}

/* A repeatable option (--doc, --confirm): its argument appended to the
 * JSON array ctx. */
static int
take_into_array(void *ctx, const char *arg)
{
	json_array_append_new(ctx, json_string(arg));
	return 0;
}

/* --field KEY=VALUE into the JSON object ctx. */
static int
take_field(void *ctx, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *key;

	if (!eq || eq == arg)
		return cli_usage("case", "--field needs KEY=VALUE");
	key = xstrndup(arg, (size_t)(eq - arg));
	json_object_set_new(ctx, key, json_string(eq + 1));
	free(key);
	return 0;
}

static int
case_new(struct session *c, int argc, char **argv)
{
	struct case_new in = {0};
	json_t *fields = json_object(), *docs = json_array(), *file = NULL;
	json_t *confirm = json_array();
	struct errlist errs = {0};
	const char *json_path = NULL;
	const struct cli_option opts[] = {
		CLI_STR("service", &in.service),
		CLI_STR("form", &in.form_id),
		CLI_TAKE("field", take_field, fields),
		CLI_TAKE("doc", take_into_array, docs),
		CLI_STR("json", &json_path),
		CLI_STR("channel", &in.channel),
		CLI_TAKE("confirm", take_into_array, confirm),
		CLI_END,
	};
	long long id;
	int rest, code;

	if ((code = cli_options("case", opts, argc, argv, &rest)) != 0)
		goto out;
	if (rest != argc || !in.service) {
		code = cli_usage("case", "case new --service SERVICE ...");
		goto out;
	}
	if (json_path && (code = merge_json_file(json_path, &fields, docs,
						 &file)) != 0)
		goto out;
	in.values = fields;
	in.documents = docs;
	in.confirm = confirm;
	if ((code = cli_ready(c)) != 0)
		goto out;
	if (case_create(c->store, &c->actor, c->forms, &in, &id, &errs) !=
	    ST_OK) {
		code = cli_fail_list(&errs);
		goto out;
	}
	printf("%lld\n", id);
out:
	errlist_free(&errs);
	json_decref(fields);
	json_decref(docs);
	json_decref(file);
	json_decref(confirm);
	return code;
}

/* One "  Label   value" line, the label padded by characters, not bytes,
 * so Cyrillic labels line up. */
static void
show_line(const char *label, const char *value)
{
	char *pad = utf8_pad(label, 32);

	cli_printf("  %s %s\n", pad, value);
	free(pad);
}

static void
show_value(const struct form *f, const char *key, json_t *v)
{
	const struct form_field *fl = f ? form_field(f, key) : NULL;
	const char *s = json_string_value(v);
	char *shown;

	if (!s || !*s)
		return;
	shown = form_value_display(f, fl, s);
	show_line(fl ? fl->label_ru : key, shown);
	free(shown);
}

/* The warnings confirmed at an act, from its history row's data. */
static void
show_confirmed(const char *data)
{
	json_error_t je;
	json_t *d = data && *data ? json_loads(data, 0, &je) : NULL;
	json_t *list = json_object_get(d, "confirmed");
	size_t i;

	for (i = 0; i < json_array_size(list); i++) {
		json_t *it = json_array_get(list, i);

		cli_printf("      подтверждено предупреждение %s: %s\n",
			   json_string_value(json_object_get(it, "rule")),
			   json_string_value(json_object_get(it, "text")));
	}
	json_decref(d);
}

/* The steps of the reglament's table with their units and terms. */
static void
show_steps(struct session *c, const struct case_rec *r)
{
	struct step_state *v;
	struct err e = {0};
	size_t n, i;

	if (case_steps(c->store, c->forms, r, clock_today(), &v, &n, &e) !=
		    ST_OK || !n) {
		if (n == 0 && e.msg[0])
			cli_printf("Шаги регламента: %s\n", e.msg);
		return;
	}
	cli_printf("Шаги регламента:\n");
	for (i = 0; i < n; i++) {
		const struct rule_step *st = v[i].step;
		char due[11], done[11];

		date_format_ru(v[i].due, due);
		date_format_ru(v[i].done_on, done);
		cli_printf("  %d. %s: %s; %d раб. дн.", st->no, st->unit_ru,
			   st->action_ru, st->term);
		if (!v[i].started)
			cli_printf(" — не начат\n");
		else if (v[i].done)
			cli_printf(" — срок %s, выполнен %s%s\n", due, done,
				   v[i].late ? " (с опозданием)" : "");
		else
			cli_printf(" — срок %s%s\n", due,
				   v[i].overdue ? ", ПРОСРОЧЕН" : "");
	}
	free(v);
}

/* The case's head lines: service, state, office (for an account of a
 * region), channel, form, journal number, dates. */
static void
show_head(struct session *c, const struct case_rec *r)
{
	const struct service *svc = catalog_find(r->service);
	char num[32], due[DATE_SIZE];

	case_number(r, num, sizeof num);
	date_iso_to_ru(r->due_date, due);
	cli_printf("Дело %lld: %s\n", r->id, svc ? svc->ru : r->service);
	{
		char *v = xasprintf("%s (%s)", workflow_state_ru(r->state),
				    workflow_state_code(r->state));

		show_line("Состояние", v);
		free(v);
		/* An account of a region reads every office's cases. */
		if (!c->actor.office_id) {
			struct office_info o;

			if (office_get_id(c->store, r->office_id, &o, NULL) ==
			    ST_OK) {
				v = xasprintf("%s (%s)", o.name, o.code);
				show_line("Подразделение", v);
				free(v);
			}
		}
		v = xasprintf("%s, версия %s", r->form_id, r->form_version);
		show_line("Канал", strcmp(r->channel, "electronic")
					   ? "бумажный" : "электронный");
		show_line("Форма", v);
		free(v);
	}
	if (num[0])
		show_line("Номер в журнале", num);
	if (r->accepted_at[0])
		show_line("Принято", r->accepted_at);
	if (r->due_date[0]) {
		struct date dd;

		if (date_parse_iso(r->due_date, &dd) == 0 &&
		    cal_provisional(c->store, dd)) {
			char *v = xasprintf("%s (предварительный: календарь на %d год не подтвержден)", due,
					    dd.y);

			show_line("Срок", v);
			free(v);
		} else {
			show_line("Срок", due);
		}
	}
	if (r->berkut_at[0])
		show_line("Внесено в ЕИС «Беркут»", r->berkut_at);
}

/* The documents handed in, as the form's checklist words them. */
static void
show_documents(const struct form *f, json_t *documents)
{
	size_t i;

	if (!json_array_size(documents))
		return;
	cli_printf("Представленные документы:\n");
	for (i = 0; i < json_array_size(documents); i++) {
		const char *k = json_string_value(json_array_get(documents, i));
		const char *text = k;
		size_t j;

		for (j = 0; f && k && j < f->nchecklist; j++)
			if (strcmp(f->checklist[j].key, k) == 0)
				text = f->checklist[j].text_ru;
		cli_printf("  - %s\n", text ? text : "");
	}
}

/* The case's history, each act with its ground, reason and the
 * warnings it confirmed. */
static void
show_history(struct session *c, long long id)
{
	struct case_history *h = NULL;
	struct err e = {0};
	size_t n, i;

	if (case_history_get(c->store, &c->actor, id, &h, &n, &e) != ST_OK)
		return;
	cli_printf("История:\n");
	for (i = 0; i < n; i++) {
		cli_printf("  %s  %-12s %-11s -> %-11s %s", h[i].at,
			   h[i].event, h[i].from[0] ? h[i].from : "-",
			   h[i].to, h[i].login);
		if (h[i].ground[0])
			cli_printf("  основание: %s", h[i].ground);
		if (h[i].reason && h[i].reason[0])
			cli_printf("  (%s)", h[i].reason);
		cli_printf("\n");
		show_confirmed(h[i].data);
	}
	case_history_free(h, n);
}

static int
case_show(struct session *c, int argc, char **argv)
{
	const struct form *f;
	struct form *snap = NULL;
	struct case_rec r;
	struct err e = {0};
	long long id;
	size_t i;
	int code;

	if (argc != 2 || cli_parse_id(argv[1], &id))
		return cli_usage("case", "case show ID");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (case_get(c->store, &c->actor, id, &r, &e) != ST_OK)
		return cli_fail(&e);
	f = formset_get(c->forms, r.form_id);
	show_head(c, &r);
	cli_printf("Сведения:\n");
	if (!f || strcmp(f->version, r.form_version) != 0) {
		/* The case was filled with another version of the form: show
		 * it through the stored text of that version. */
		struct err se = {0};

		f = NULL;
		if (form_snapshot_load(c->store, r.form_id, r.form_version,
				       &snap, &se) == ST_OK)
			f = snap;
	}
	if (f) {
		for (i = 0; i < f->nfields; i++)
			show_value(f, f->fields[i].key,
				   json_object_get(r.data, f->fields[i].key));
	} else {
		const char *k;
		json_t *v;

		json_object_foreach(r.data, k, v)
			show_value(NULL, k, v);
	}
	show_documents(f, r.documents);
	show_history(c, id);
	show_steps(c, &r);
	form_free(snap);
	case_rec_free(&r);
	return 0;
}

static int
case_list_cmd(struct session *c, int argc, char **argv)
{
	struct case_filter f = {0};
	int rest, code, mine = 0;
	const struct cli_option opts[] = {
		CLI_STR("state", &f.state), CLI_STR("service", &f.service),
		CLI_FLAG("overdue", &f.overdue),
		CLI_STR("due-before", &f.due_before), CLI_FLAG("mine", &mine),
		CLI_END,
	};
	struct case_row *rows;
	struct err e = {0};
	size_t n, i;

	if ((code = cli_options("case", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest != argc)
		return cli_usage("case", "case list takes options only");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (mine)
		f.created_by = c->actor.id;
	if (f.overdue) {
		if ((code = cli_load_forms(c)) != 0)
			return code;
		f.forms = c->forms;
	}
	if (case_list(c->store, &c->actor, &f, &rows, &n, &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++) {
		char num[24] = "-", due[DATE_SIZE] = "-";

		if (rows[i].journal_no)
			snprintf(num, sizeof num, "%d/%d", rows[i].journal_no,
				 rows[i].journal_year);
		if (rows[i].due_date[0])
			date_iso_to_ru(rows[i].due_date, due);
		/* An account of a region sees every office's cases: the
		 * office's code follows the case's number. */
		if (!c->actor.office_id)
			cli_printf("%-6lld %-8s ", rows[i].id,
				   rows[i].office_code);
		else
			cli_printf("%-6lld ", rows[i].id);
		cli_printf("%-12s %-10s %-10s %-10s %-3s %s\n",
			   rows[i].service, rows[i].state, num, due,
			   rows[i].citizenship, rows[i].name);
	}
	free(rows);
	return 0;
}

static int
case_event_cmd(struct session *c, int argc, char **argv)
{
	struct rule_findings found = {0};
	struct case_act act = {.confirm = json_array(), .findings = &found};
	const struct cli_option opts[] = {
		CLI_STR("reason", &act.reason), CLI_STR("ground", &act.ground),
		CLI_STR("to", &act.recipient),
		CLI_TAKE("confirm", take_into_array, act.confirm), CLI_END,
	};
	struct errlist errs = {0};
	struct err e = {0};
	long long id;
	int rest, code;

	if ((code = cli_options("case", opts, argc, argv, &rest)) != 0)
		goto out;
	if (rest + 2 != argc || cli_parse_id(argv[rest], &id)) {
		code = cli_usage("case", "case event ID EVENT [options]");
		goto out;
	}
	if (workflow_event_parse(argv[rest + 1], &act.event) != 0) {
		code = cli_usage("case", "unknown event (see okno case --help)");
		goto out;
	}
	if ((code = cli_ready(c)) != 0)
		goto out;
	if (case_fire(c->store, &c->actor, c->forms, id, &act, &e) != ST_OK) {
		/* A refusal by the rules names every finding. */
		if (rule_findings_refuse(&found, &errs) != ST_OK &&
		    e.st == ST_INVALID && strcmp(e.field, "confirm") != 0)
			code = cli_fail_list(&errs);
		else
			code = cli_fail(&e);
	}
out:
	errlist_free(&errs);
	rule_findings_free(&found);
	json_decref(act.confirm);
	return code;
}

const struct cli_command case_subs[] = {
	{"new", NULL, case_new, NULL, NEED_LOGIN | NEED_FORMS, NULL},
	{"show", NULL, case_show, NULL, NEED_LOGIN | NEED_FORMS, NULL},
	{"list", NULL, case_list_cmd, NULL, NEED_LOGIN, NULL},
	{"event", NULL, case_event_cmd, NULL,
	 NEED_LOGIN | NEED_FORMS | NEED_COSIGN, NULL},
	{"correct", NULL, cmd_case_correct, NULL,
	 NEED_LOGIN | NEED_FORMS | NEED_COSIGN_AS(PERM_CORRECT), NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
