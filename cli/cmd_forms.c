/* SPDX-License-Identifier: MIT */
/* okno forms: check the form and template files, show a form's fields. */
#include "calendar.h"
#include "cmds.h"
#include "config.h"
#include "print.h"
#include "rules.h"
#include "template.h"
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_forms[] =
	"Usage: okno forms check\n"
	"       okno forms show ID [--json]\n"
	"\n"
	"check loads and validates every *.form file of the forms directory\n"
	"(--forms DIR, $OKNO_FORMS), every *.tpl file of DIR/templates and the\n"
	"rule files of DIR/rules (*.rules, *.table: forms/rules/README.md), and\n"
	"prints each problem as FILE:LINE: message; the exit code is 3 when\n"
	"anything is wrong. show lists a form's fields for people writing\n"
	"scripts: key, type, whether it is required (or when), width, the\n"
	"Russian and Kazakh labels and the choices; --json prints the same as\n"
	"JSON.\n";

static int
name_order(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.tpl files of dir, sorted; NULL when dir cannot be read. */
static char **
list_templates(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len <= 4 || de->d_name[0] == '.' ||
		    strcmp(de->d_name + len - 4, ".tpl") != 0)
			continue;
		XGROW(v, *n, cap);
		v[(*n)++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, name_order);
	if (!v)
		v = xcalloc(1, sizeof *v);
	return v;
}

/* Checking or listing a draft folder (--forms) uses it for nothing else,
 * so it is allowed with any database; installed setgid, the folder is
 * read with the user's own rights only. */
static void
draft_folder(struct session *c)
{
	if (c->forms_named)
		config_drop_privilege();
	c->forms_draft = 1;
}

static int
forms_check(struct session *c, int argc, char **argv)
{
	struct errlist errs = {0};
	struct formset *set = NULL;
	char *tdir = xasprintf("%s/templates", c->forms_dir);
	char **tpls;
	size_t ntpl = 0, i, problems = 0, nforms = 0, nrules = 0, ndays = 0;
	int d;

	if (argc != 1) {
		free(tdir);
		return cli_usage("forms", "forms check takes no arguments");
	}
	draft_folder(c);

	if (formset_load(c->forms_dir, &set, &errs) == ST_OK) {
		nforms = formset_count(set);
		nrules = rules_count(formset_rules(set));
		if (formset_calendar(set))
			ndays = formset_calendar(set)->nhol +
				formset_calendar(set)->ntr;
	}
	for (i = 0; i < errs.n; i++, problems++)
		cli_printf("%s\n", errs.v[i].msg);
	errlist_free(&errs);
	formset_free(set);

	tpls = list_templates(tdir, &ntpl);
	if (!tpls) {
		cli_printf("%s: каталог шаблонов не читается\n", tdir);
		problems++;
	}
	for (i = 0; tpls && i < ntpl; i++) {
		struct template *t = NULL;
		size_t j;

		if (template_load(tpls[i], &t, &errs) != ST_OK && !errs.n) {
			cli_printf("%s: не удается прочитать\n", tpls[i]);
			problems++;
		}
		for (j = 0; j < errs.n; j++, problems++)
			cli_printf("%s\n", errs.v[j].msg);
		errlist_free(&errs);
		template_free(t);
	}
	/* Every document okno prints needs its template. */
	for (d = 0; tpls && d < PD__COUNT; d++) {
		char *p = xasprintf("%s/%s.tpl", tdir,
				    print_doc_code((enum print_doc)d));
		int found = 0;

		for (i = 0; i < ntpl && !found; i++)
			found = strcmp(tpls[i], p) == 0;
		if (!found) {
			cli_printf("%s: нет шаблона документа «%s»\n", p,
				   print_doc_ru((enum print_doc)d));
			problems++;
		}
		free(p);
	}
	for (i = 0; tpls && i < ntpl; i++)
		free(tpls[i]);
	free(tpls);
	free(tdir);
	if (problems) {
		fprintf(stderr, "okno: invalid data: найдено ошибок: %zu (%s)\n",
			problems, c->forms_dir);
		return status_exit_code(ST_INVALID);
	}
	cli_printf("Формы в порядке: %zu форм, %zu шаблонов, %zu правил, записей календаря: %zu (%s)\n",
		   nforms, ntpl, nrules, ndays, c->forms_dir);
	return 0;
}

/* "обязательное", "если KEY = a, b", "если KEY заполнено". */
static char *
need_text(enum form_need need, const struct form_cond *cond)
{
	struct strbuf b = {0};
	size_t i;

	switch (need) {
	case FORM_REQUIRED: return xstrdup("обязательное");
	case FORM_OPTIONAL: return xstrdup("необязательное");
	default: break;
	}
	if (cond->op == FORM_COND_FILLED) {
		sb_printf(&b, "если %s заполнено", cond->key);
	} else {
		sb_printf(&b, "если %s = ", cond->key);
		for (i = 0; i < cond->nvalues; i++)
			sb_printf(&b, "%s%s", i ? ", " : "", cond->values[i]);
	}
	return sb_take(&b);
}

static json_t *
cond_json(enum form_need need, const struct form_cond *cond)
{
	json_t *o, *vals;
	size_t i;

	if (need == FORM_REQUIRED)
		return json_string("required");
	if (need == FORM_OPTIONAL)
		return json_string("optional");
	o = json_object();
	json_object_set_new(o, "key", json_string(cond->key));
	if (cond->op == FORM_COND_FILLED) {
		json_object_set_new(o, "filled", json_true());
	} else {
		vals = json_array();
		for (i = 0; i < cond->nvalues; i++)
			json_array_append_new(vals, json_string(cond->values[i]));
		json_object_set_new(o, "in", vals);
	}
	return json_pack("{s:o}", "required_if", o);
}

static int
forms_show_json(const struct form *f)
{
	json_t *root = json_object(), *fields = json_array(), *checks = json_array();
	char *text;
	size_t i, j;

	json_object_set_new(root, "id", json_string(f->id));
	json_object_set_new(root, "version", json_string(f->version));
	json_object_set_new(root, "service", f->service ? json_string(f->service)
							: json_null());
	json_object_set_new(root, "title_ru", json_string(f->title_ru));
	json_object_set_new(root, "title_kk", json_string(f->title_kk));
	for (i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		json_t *o = json_object(), *ch = json_array();

		json_object_set_new(o, "key", json_string(fl->key));
		json_object_set_new(o, "type",
				    json_string(form_field_type_name(fl->type)));
		if (f->nsections)
			json_object_set_new(o, "section", json_string(
				f->sections[fl->section].key));
		json_object_set_new(o, "need", cond_json(fl->need, &fl->cond));
		json_object_set_new(o, "width", json_integer(fl->width));
		json_object_set_new(o, "max", json_integer(fl->maxlen));
		json_object_set_new(o, "label_ru", json_string(fl->label_ru));
		json_object_set_new(o, "label_kk", json_string(fl->label_kk));
		for (j = 0; j < fl->nchoices; j++)
			json_array_append_new(ch, json_pack("{s:s,s:s,s:s}",
				"code", fl->choices[j].code,
				"ru", fl->choices[j].ru,
				"kk", fl->choices[j].kk));
		json_object_set_new(o, "choices", ch);
		json_array_append_new(fields, o);
	}
	for (i = 0; i < f->nchecklist; i++)
		json_array_append_new(checks, json_pack("{s:s,s:o,s:s,s:s}",
			"key", f->checklist[i].key,
			"need", cond_json(f->checklist[i].need,
					  &f->checklist[i].cond),
			"text_ru", f->checklist[i].text_ru,
			"text_kk", f->checklist[i].text_kk));
	json_object_set_new(root, "fields", fields);
	json_object_set_new(root, "checklist", checks);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	cli_printf("%s\n", text ? text : "{}");
	free(text);
	json_decref(root);
	return 0;
}

static int
forms_show(struct session *c, int argc, char **argv)
{
	const struct form *f;
	struct err e = {0};
	size_t i, j, sec = (size_t)-1;
	int json = 0, code;
	const char *id = NULL;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (!id && argv[i][0] != '-')
			id = argv[i];
		else
			return cli_usage("forms", "forms show ID [--json]");
	}
	if (!id)
		return cli_usage("forms", "forms show ID [--json]");
	draft_folder(c);
	if ((code = cli_ready(c)) != 0)
		return code;
	if (!(f = formset_get(c->forms, id))) {
		struct strbuf ids = {0};

		for (i = 0; i < formset_count(c->forms); i++)
			sb_printf(&ids, "%s%s", i ? ", " : "",
				  formset_at(c->forms, i)->id);
		err_set(&e, ST_NOTFOUND, "form", "Форма «%s» не найдена (есть: %s)", id, ids.s ? ids.s : "");
		sb_free(&ids);
		return cli_fail(&e);
	}
	if (json)
		return forms_show_json(f);
	cli_printf("Форма %s, версия %s%s%s\n%s\n%s\n", f->id, f->version,
		   f->service ? ", услуга " : "", f->service ? f->service : "",
		   f->title_ru, f->title_kk);
	for (i = 0; i < f->nfields; i++) {
		const struct form_field *fl = &f->fields[i];
		char *need = need_text(fl->need, &fl->cond);
		char *k = utf8_pad(fl->key, 18), *t = utf8_pad(
			form_field_type_name(fl->type), 10);
		char *n = utf8_pad(need, 26);

		if (f->nsections && fl->section != sec) {
			sec = fl->section;
			cli_printf("\n[%s] %s / %s\n", f->sections[sec].key,
				   f->sections[sec].title_ru,
				   f->sections[sec].title_kk);
		}
		cli_printf("  %s %s %s %3d  %s / %s\n", k, t, n, fl->width,
			   fl->label_ru, fl->label_kk);
		for (j = 0; j < fl->nchoices; j++) {
			char *code_pad = utf8_pad(fl->choices[j].code, 14);

			cli_printf("      %s %s / %s\n", code_pad,
				   fl->choices[j].ru, fl->choices[j].kk);
			free(code_pad);
		}
		free(k);
		free(t);
		free(n);
		free(need);
	}
	if (f->nchecklist)
		cli_printf("\nДокументы:\n");
	for (i = 0; i < f->nchecklist; i++) {
		char *need = need_text(f->checklist[i].need,
				       &f->checklist[i].cond);
		char *k = utf8_pad(f->checklist[i].key, 18);
		char *n = utf8_pad(need, 26);

		cli_printf("  %s %s %s\n", k, n, f->checklist[i].text_ru);
		free(k);
		free(n);
		free(need);
	}
	return 0;
}

const struct cli_command forms_subs[] = {
	{"check", NULL, forms_check, NULL, 0, NULL},
	{"show", NULL, forms_show, NULL, NEED_FORMS, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
