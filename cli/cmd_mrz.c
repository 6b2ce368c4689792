/* SPDX-License-Identifier: MIT */
/* okno mrz: read the machine-readable zone of a document on stdin and
 * print its fields, or the error naming the field (exit 3). */
#include "cmds.h"
#include "mrz.h"
#include "translit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_mrz[] =
	"Usage: okno mrz [--json]\n"
	"\n"
	"Reads the machine-readable zone of a passport (TD3, 2 lines of 44),\n"
	"an identity card (TD1, 3 x 30; TD2, 2 x 36) or a visa (MRV-A, MRV-B)\n"
	"on stdin, as a document reader types it or pasted, checks every check\n"
	"digit and prints the fields. --json prints the values for the intake\n"
	"form (keys surname, given_names, doc_number, citizenship, birth_date,\n"
	"sex, doc_expiry, doc_type). A wrong check digit exits 3 and names the\n"
	"field. No database is needed.\n";

static void
line(const char *label, const char *value)
{
	char *pad = utf8_pad(label, 26);

	cli_printf("%s %s\n", pad, value);
	free(pad);
}

int
cmd_mrz(struct session *c, int argc, char **argv)
{
	struct strbuf in = {0};
	struct err e = {0};
	struct mrz m;
	char buf[4096], d[11];
	size_t got;
	int json = 0, i;

	(void)c;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else
			return cli_usage("mrz", "unknown option");
	}
	while ((got = fread(buf, 1, sizeof buf, stdin)) > 0) {
		sb_addn(&in, buf, got);
		if (in.len > 65536) {
			sb_free(&in);
			err_set(&e, ST_INVALID, "mrz", "Машиночитаемая зона: слишком длинный ввод");
			return cli_fail(&e);
		}
	}
	if (mrz_parse(in.s ? in.s : "", &m, &e) != ST_OK) {
		sb_free(&in);
		return cli_fail(&e);
	}
	sb_free(&in);
	if (json) {
		json_t *o = mrz_form_values(&m);
		char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS |
						JSON_ENSURE_ASCII);

		printf("%s\n", s);
		free(s);
		json_decref(o);
		return 0;
	}
	{
		char *cyr_s = translit_to_cyrillic(m.surname);
		char *cyr_g = translit_to_cyrillic(m.given_names);
		char *v;

		v = xasprintf("%s, %s, код %s", mrz_format_name(m.format),
			      mrz_kind_ru(&m), m.doc_code);
		line("Документ", v);
		free(v);
		line("Государство выдачи", m.issuer);
		v = xasprintf("%s (%s)%s", m.surname, cyr_s,
			      m.name_truncated ? ", возможно, сокращено" : "");
		line("Фамилия", v);
		free(v);
		v = xasprintf("%s (%s)", m.given_names, cyr_g);
		line("Имя", m.given_names[0] ? v : "-");
		free(v);
		free(cyr_s);
		free(cyr_g);
		line("Номер документа", m.doc_number);
		v = xasprintf("%s (%s)", m.nationality,
			      m.nationality_ru ? m.nationality_ru
					       : "код не известен");
		line("Гражданство", v);
		free(v);
		if (m.birth_known == 2) {
			date_format_ru(m.birth, d);
			line("Дата рождения", d);
		} else if (m.birth_known == 1) {
			v = xasprintf("%04d (день и месяц не указаны)",
				      m.birth.y);
			line("Дата рождения", v);
			free(v);
		} else {
			line("Дата рождения", "не указана");
		}
		line("Пол", m.sex == 'M' ? "мужской (M)"
			    : m.sex == 'F' ? "женский (F)"
					   : "не указан");
		if (m.expiry_known) {
			date_format_ru(m.expiry, d);
			line("Действителен до", d);
		}
		if (m.optional1[0])
			line("Дополнительные данные", m.optional1);
		if (m.optional2[0])
			line("Дополнительные данные 2", m.optional2);
		if (m.layout_fixed)
			line("Примечание", "введено в русской раскладке, исправлено");
	}
	return 0;
}
