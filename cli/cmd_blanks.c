/* SPDX-License-Identifier: MIT */
/* okno blanks: numbered blanks of strict accountability (stock in,
 * write-off, the per-shift reconciliation). */
#include "blank.h"
#include "cmds.h"
#include "date.h"
#include "util.h"

#include <limits.h>
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
blanks_add(struct session *c, int argc, char **argv)
{
	const char *kind = NULL, *series = "";
	long long from = 0, to = 0;
	const struct cli_option opts[] = {
		CLI_STR("kind", &kind), CLI_STR("series", &series),
		CLI_NUM("from", &from, LONG_MIN, LONG_MAX, "--from is a number"),
		CLI_NUM("to", &to, LONG_MIN, LONG_MAX, "--to is a number"),
		CLI_END,
	};
	struct err e = {0};
	long added;
	int rest, code;

	if ((code = cli_options("blanks", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest != argc || !kind || !from || !to)
		return cli_usage("blanks", "blanks add --kind KIND --series S "
					   "--from N --to M");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (blank_add(c->store, &c->actor, kind, series, (long)from, (long)to,
		      &added, &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("Принято бланков: %ld (%s, серия %s, %lld — %lld)\n",
		   added, kind, *series ? series : "без серии", from, to);
	return 0;
}

static int
blanks_spoil(struct session *c, int argc, char **argv)
{
	const char *reason = NULL;
	const struct cli_option opts[] = {CLI_STR("reason", &reason), CLI_END};
	struct err e = {0};
	int rest, code;

	if ((code = cli_options("blanks", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 1 != argc)
		return cli_usage("blanks", "blanks spoil NUMBER --reason TEXT");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (blank_spoil(c->store, &c->actor, argv[rest], reason, &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("Бланк %s списан\n", argv[rest]);
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
	const char *date = NULL;
	const struct cli_option opts[] = {CLI_STR("date", &date), CLI_END};
	struct blank_report rep;
	struct err e = {0};
	char day[DATE_SIZE];
	size_t i;
	int rest, code, balanced = 1;

	if ((code = cli_options("blanks", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest != argc)
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
