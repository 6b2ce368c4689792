/* SPDX-License-Identifier: MIT */
/* okno blanks: numbered blanks of strict accountability (stock in,
 * write-off, the per-shift reconciliation). */
#include "blank.h"
#include "cmds.h"
#include "date.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_blanks[] =
	"Usage: okno --as LOGIN blanks add --kind KIND --series S --from N --to M\n"
	"       okno --as LOGIN blanks spoil NUMBER --reason TEXT\n"
	"       okno --as LOGIN blanks report [--date DATE]\n"
	"\n"
	"Passes and invitations are printed on numbered blanks of strict\n"
	"accountability (okno print ... --blank AB1001). add stocks in the\n"
	"blanks of a series (KIND: border-pass or invitation; at most 10000 at\n"
	"once); spoil writes off a blank spoiled in the printer or damaged, with\n"
	"the reason; report reconciles one day (default today): stock at the\n"
	"start, received, used, spoiled, stock at the end, and lists the\n"
	"blanks written off. add and spoil: the journal operator or the head of\n"
	"the unit.\n";

static int
parse_long(const char *s, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || *end || !*s ? -1 : 0;
}

static int
blanks_add(struct session *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"kind", required_argument, NULL, 'k'},
		{"series", required_argument, NULL, 's'},
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	const char *kind = NULL, *series = "";
	long from = 0, to = 0, added;
	struct err e = {0};
	int ch, code;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': kind = optarg; break;
		case 's': series = optarg; break;
		case 'f':
			if (parse_long(optarg, &from))
				return cli_usage("blanks", "--from is a number");
			break;
		case 't':
			if (parse_long(optarg, &to))
				return cli_usage("blanks", "--to is a number");
			break;
		default: return cli_usage("blanks", "unknown option");
		}
	}
	if (optind != argc || !kind || !from || !to)
		return cli_usage("blanks", "blanks add --kind KIND --series S "
					   "--from N --to M");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (blank_add(c->store, &c->actor, kind, series, from, to, &added,
		      &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("Принято бланков: %ld (%s, серия %s, %ld — %ld)\n", added,
		   kind, *series ? series : "без серии", from, to);
	return 0;
}

static int
blanks_spoil(struct session *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	const char *reason = NULL;
	struct err e = {0};
	int ch, code;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': reason = optarg; break;
		default: return cli_usage("blanks", "unknown option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage("blanks", "blanks spoil NUMBER --reason TEXT");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (blank_spoil(c->store, &c->actor, argv[optind], reason, &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("Бланк %s списан\n", argv[optind]);
	return 0;
}

static const char *
kind_ru(const char *kind)
{
	return strcmp(kind, "invitation") == 0 ? "приглашение" : "пропуск";
}

static int
blanks_report(struct session *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	const char *date = NULL;
	struct blank_report rep;
	struct err e = {0};
	char day[DATE_SIZE];
	size_t i;
	int ch, code, balanced = 1;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': date = optarg; break;
		default: return cli_usage("blanks", "unknown option");
		}
	}
	if (optind != argc)
		return cli_usage("blanks", "blanks report [--date DATE]");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (blank_report(c->store, &c->actor, date, &rep, &e) != ST_OK)
		return cli_fail(&e);
	date_iso_to_ru(rep.date, day);
	cli_printf("Бланки строгой отчетности за %s\n", day);
	/* Padded by hand: printf counts the bytes of Cyrillic. */
	cli_printf("%s\n", "Вид          Серия     Начало   Принято      Исп.   Испорч.     Конец");
	for (i = 0; i < rep.nrows; i++) {
		const struct blank_report_row *r = &rep.rows[i];
		char *k = utf8_pad(kind_ru(r->kind), 12);
		char *s = utf8_pad(*r->series ? r->series : "-", 6);

		cli_printf("%s %s %9ld %9ld %9ld %9ld %9ld\n", k, s,
			   r->opening, r->received, r->used, r->spoiled,
			   r->closing);
		if (r->spoiled_later)
			cli_printf("  в т. ч. списано ранее использованных: %ld\n", r->spoiled_later);
		if (r->opening + r->received - r->used - r->spoiled !=
		    r->closing)
			balanced = 0;
		free(k);
		free(s);
	}
	if (!rep.nrows)
		cli_printf("Бланков нет\n");
	if (rep.nspoiled)
		cli_printf("Списаны:\n");
	for (i = 0; i < rep.nspoiled; i++)
		cli_printf("  %s %s %s (%s): %s\n", rep.spoiled[i].at + 11,
			   kind_ru(rep.spoiled[i].kind), rep.spoiled[i].label,
			   rep.spoiled[i].login, rep.spoiled[i].reason);
	cli_printf(balanced ? "Остаток сходится\n"
			    : "ОСТАТОК НЕ СХОДИТСЯ: проверьте бланки\n");
	blank_report_free(&rep);
	return balanced ? 0 : status_exit_code(ST_CONFLICT);
}

const struct cli_command blanks_subs[] = {
	{"add", NULL, blanks_add, NULL, NEED_LOGIN, NULL},
	{"spoil", NULL, blanks_spoil, NULL, NEED_LOGIN, NULL},
	{"report", NULL, blanks_report, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
