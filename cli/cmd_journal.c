/* SPDX-License-Identifier: MIT */
/* okno journal: verify, seal, close-day, book, list, print, export;
 * okno check-document; okno case correct. */
#include "cmds.h"
#include "audit.h"
#include "cases.h"
#include "catalog.h"
#include "date.h"
#include "encode.h"
#include "fileio.h"
#include "journal.h"
#include "journal_out.h"
#include "office.h"
#include "template.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_journal[] =
	"Usage: okno --as LOGIN journal verify [--office CODE] [--year Y]\n"
	"                 [--against HASH]\n"
	"       okno --as LOGIN journal seal [--office CODE]\n"
	"       okno --as LOGIN journal close-day [--date DATE] [--office CODE]\n"
	"       okno --as LOGIN journal book open BOOK [--pages N]\n"
	"       okno --as LOGIN journal book close BOOK [--pages N]\n"
	"       okno --as LOGIN journal book list\n"
	"       okno --as LOGIN journal list [FILTER...] [--last N]\n"
	"       okno --as LOGIN journal print [FILTER...] [--width 80|132]\n"
	"                 [--encoding ENC] [--translit] [--output FILE [--force]]\n"
	"       okno --as LOGIN journal export --format csv|text [FILTER...]\n"
	"                 [--encoding ENC] [--translit] [--output FILE [--force]]\n"
	"\n"
	"FILTER: --office CODE, --book BOOK, --year Y, --from N, --to M (entry\n"
	"numbers), --since DATE, --until DATE, --surname S (prefix, any case,\n"
	"Cyrillic or Latin), --doc NUMBER, --citizenship ISO3, --service S,\n"
	"--state S.\n"
	"verify recomputes the office's hash chain: exit 0 when intact, 1 naming\n"
	"the first line that was changed, removed or inserted. seal prints the\n"
	"head hash in a short form to write on paper (HEX16-COUNT); verify\n"
	"--against that form proves the journal still extends it. close-day\n"
	"appends the day's closing line and prints it for signing; nothing is\n"
	"filed into a closed day afterwards.\n"
	"print and export write to standard output, or to --output FILE: a new\n"
	"file (mode 0600), an existing one replaced only with --force, never\n"
	"through a link, never the database.\n"
	"Books: registration, invitation, border-pass.\n"
	"Encodings: utf-8 (default), cp1251, koi8-r, cp866, rk1048.\n";

const char usage_check_document[] =
	"Usage: okno --as LOGIN check-document CODE\n"
	"\n"
	"Looks the check code printed on a document (XXXXX-XXXXX) up in this\n"
	"database's journal, with no network: whether the document was issued,\n"
	"to whom, for which service and number, and whether it was corrected\n"
	"later. Exit 0 when found, 4 when no such document was issued, 3 when\n"
	"the code is mistyped (its check digit does not match).\n";

static int
need_office(struct session *c, const char *code, long long *office)
{
	struct err e = {0};
	int rc;

	if ((rc = cli_ready(c)) != 0)
		return rc;
	if (journal_office(c->store, &c->actor, code, office, &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

static const char *
fault_ru(enum journal_fault f)
{
	switch (f) {
	case JF_CHANGED: return "строка изменена";
	case JF_MISSING: return "строка удалена";
	case JF_INSERTED: return "строка вставлена";
	case JF_SEAL: return "журнал не продолжает печать";
	default: return "";
	}
}

static int
j_verify(struct session *c, int argc, char **argv)
{
	const char *office_code = NULL, *against = NULL;
	long long office, year = 0;
	const struct cli_option opts[] = {
		CLI_STR("office", &office_code),
		CLI_NUM("year", &year, 2000, 2100, "--year YYYY"),
		CLI_STR("against", &against),
		CLI_END,
	};
	struct journal_verify v;
	struct err e = {0};
	char sh[JOURNAL_SEAL_MAX];
	enum status st;
	int rest, rc;

	if ((rc = cli_options("journal", opts, argc, argv, &rest)) != 0)
		return rc;
	if (rest != argc || (against && year))
		return cli_usage("journal", "journal verify [--office CODE] "
					    "[--year Y | --against HASH]");
	if ((rc = need_office(c, office_code, &office)) != 0)
		return rc;
	if (against)
		st = journal_verify_against(c->store, &c->actor, office,
					    against, &v, cli_progress(), &e);
	else
		st = journal_verify(c->store, &c->actor, office, (int)year, &v,
				    cli_progress(), &e);
	if (st != ST_OK) {
		rc = cli_fail(&e);
		if (st == ST_CORRUPT)
			cli_printf("НАРУШЕН: %s, строка %lld\n",
				   fault_ru(v.fault), v.bad_seq);
		return rc;
	}
	journal_seal_short(v.head, v.head_seq, sh, sizeof sh);
	if (against)
		cli_printf("Журнал цел и продолжает запечатанное состояние (строка %lld); после печати добавлено строк: %lld; сейчас %s\n", v.bad_seq, v.head_seq - v.bad_seq,
			   sh);
	else if (year)
		cli_printf("Журнал цел: %lld год, строк %lld, последняя %s\n",
			   year, v.lines, sh);
	else
		cli_printf("Журнал цел: строк %lld, последняя %s\n", v.lines,
			   sh);
	return 0;
}

static int
j_seal(struct session *c, int argc, char **argv)
{
	struct journal_seal seal;
	struct office_info o;
	struct err e = {0};
	const char *code = NULL;
	long long office;
	int rc;

	if (argc == 3 && strcmp(argv[1], "--office") == 0)
		code = argv[2];
	else if (argc != 1)
		return cli_usage("journal", "journal seal [--office CODE]");
	if ((rc = need_office(c, code, &office)) != 0)
		return rc;
	if (journal_seal(c->store, &c->actor, office, &seal, &e) != ST_OK)
		return cli_fail(&e);
	if (office_get_id(c->store, office, &o, &e) != ST_OK)
		return cli_fail(&e);
	cli_printf("Печать журнала: %s\n", o.name);
	cli_printf("Дата и время:   %s\n", seal.at);
	cli_printf("Строк:          %lld\n", seal.count);
	cli_printf("Краткая печать: %s\n", seal.short_form);
	cli_printf("Полный хеш:     %s\n", seal.head);
	return 0;
}

static int
j_close_day(struct session *c, int argc, char **argv)
{
	const char *office_code = NULL, *date = NULL;
	const struct cli_option opts[] = {
		CLI_STR("office", &office_code), CLI_STR("date", &date), CLI_END,
	};
	struct strbuf sheet = {0};
	struct journal_day d;
	struct office_info o;
	struct err e = {0};
	long long office;
	int rest, rc;

	if ((rc = cli_options("journal", opts, argc, argv, &rest)) != 0)
		return rc;
	if (rest != argc)
		return cli_usage("journal", "journal close-day [--date DATE]");
	if ((rc = need_office(c, office_code, &office)) != 0)
		return rc;
	if (journal_close_day(c->store, &c->actor, office, date, &d,
			      cli_progress(), &e) != ST_OK)
		return cli_fail(&e);
	if (office_get_id(c->store, office, &o, &e) != ST_OK)
		return cli_fail(&e);
	journal_day_sheet(&d, o.name, c->actor.full_name, &sheet);
	cli_put(sheet.s ? sheet.s : "");
	sb_free(&sheet);
	return 0;
}

static int
j_book(struct session *c, int argc, char **argv)
{
	const char *office_code = NULL, *sub;
	long long office, pages = 0;
	const struct cli_option opts[] = {
		CLI_NUM("pages", &pages, 1, 10000, "--pages 1..10000"),
		CLI_STR("office", &office_code),
		CLI_END,
	};
	struct journal_book b, *v;
	struct err e = {0};
	size_t n, i;
	int rest, rc;

	if (argc < 2)
		return cli_usage("journal", "journal book open|close|list");
	sub = argv[1];
	argc--;
	argv++;
	if ((rc = cli_options("journal", opts, argc, argv, &rest)) != 0)
		return rc;
	if (strcmp(sub, "list") == 0) {
		if (rest != argc)
			return cli_usage("journal", "journal book list");
		if ((rc = need_office(c, office_code, &office)) != 0)
			return rc;
		if (journal_book_list(c->store, &c->actor, office, &v, &n,
				      &e) != ST_OK)
			return cli_fail(&e);
		for (i = 0; i < n; i++) {
			cli_printf("%-13s № %d/%d  открыта %s (%s)", v[i].book,
				   v[i].number, v[i].year, v[i].opened_at,
				   v[i].opened_by);
			if (v[i].closed_at[0])
				cli_printf("  закрыта %s (%s)\n    %s\n",
					   v[i].closed_at, v[i].closed_by,
					   v[i].certificate);
			else
				cli_printf("  открыта, с № %lld, листов %d\n",
					   v[i].first_no, v[i].pages);
		}
		journal_books_free(v, n);
		return 0;
	}
	if (rest + 1 != argc ||
	    (strcmp(sub, "open") != 0 && strcmp(sub, "close") != 0))
		return cli_usage("journal", "journal book open|close BOOK "
					    "[--pages N]");
	if ((rc = need_office(c, office_code, &office)) != 0)
		return rc;
	if (strcmp(sub, "open") == 0) {
		if (journal_book_open(c->store, &c->actor, office, argv[rest],
				      (int)pages, &b, &e) != ST_OK)
			return cli_fail(&e);
		cli_printf("Открыта книга %s № %d/%d: записи с № %lld/%d",
			   b.book, b.number, b.year, b.first_no, b.year);
		if (b.pages)
			cli_printf(", листов %d", b.pages);
		cli_printf("\n");
	} else {
		if (journal_book_close(c->store, &c->actor, office,
				       argv[rest], (int)pages, &b, &e) !=
		    ST_OK)
			return cli_fail(&e);
		cli_printf("%s\n", b.certificate);
	}
	free(b.certificate);
	return 0;
}

/* ---- filters shared by list, print and export --------------------------- */

struct jopts {
	struct journal_filter f;
	const char *office;
	const char *encoding;
	const char *output;
	const char *format;
	int translit, force;
	long long width;
};

/* --width: 80 or 132 columns, into the long long ctx. */
static int
take_width(void *ctx, const char *arg)
{
	long long *width = ctx;

	if (cli_parse_num(arg, 80, 132, width) ||
	    (*width != 80 && *width != 132))
		return cli_usage("journal", "--width 80 or 132");
	return 0;
}

static int
parse_jopts(const char *what, int argc, char **argv, struct jopts *o)
{
	long long year = 0, last = 0;
	const struct cli_option opts[] = {
		CLI_STR("office", &o->office),
		CLI_STR("book", &o->f.book),
		CLI_NUM("year", &year, 2000, 2100, "--year YYYY"),
		CLI_NUM("from", &o->f.no_from, 1, 1000000000,
			"--from/--to: an entry number"),
		CLI_NUM("to", &o->f.no_to, 1, 1000000000,
			"--from/--to: an entry number"),
		CLI_STR("since", &o->f.date_from),
		CLI_STR("until", &o->f.date_to),
		CLI_STR("surname", &o->f.surname),
		CLI_STR("doc", &o->f.docno),
		CLI_STR("citizenship", &o->f.citizenship),
		CLI_STR("service", &o->f.service),
		CLI_STR("state", &o->f.state),
		CLI_NUM("last", &last, 1, 100000, "--last N"),
		CLI_TAKE("width", take_width, &o->width),
		CLI_STR("encoding", &o->encoding),
		CLI_FLAG("translit", &o->translit),
		CLI_STR("output", &o->output),
		CLI_FLAG("force", &o->force),
		CLI_STR("format", &o->format),
		CLI_END,
	};
	int rest, rc;

	memset(o, 0, sizeof *o);
	o->width = 132;
	if ((rc = cli_options("journal", opts, argc, argv, &rest)) != 0)
		return rc;
	if (rest != argc)
		return cli_usage("journal", what);
	o->f.year = (int)year;
	if (last) {
		o->f.limit = (int)last;
		o->f.last = 1;
	}
	return 0;
}

/* ДД.ММ.ГГГГ of a stamp "YYYY-MM-DDTHH:MM:SS". */
static void
ru_day(const char *stamp, char *out)
{
	char day[DATE_SIZE];

	snprintf(day, sizeof day, "%.10s", stamp ? stamp : "");
	date_iso_to_ru(day, out);
}

static const char *
kind_ru(const char *k)
{
	static const struct { const char *code, *ru; } t[] = {
		{"accept", "принято"}, {"check-clear", "проверка: сведений нет"},
		{"check-hit", "проверка: совпадение"}, {"issue", "решение о выдаче"},
		{"refuse", "отказ"}, {"hand-out", "выдано"},
		{"berkut", "внесено в ЕИС «Беркут»"}, {"correction", "исправление"},
		{"day-close", "закрытие дня"}, {"book-open", "книга открыта"},
		{"book-close", "книга закрыта"},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].code, k) == 0)
			return t[i].ru;
	return k;
}

static void
print_line(const struct journal_line *l, const struct journal_line *entry)
{
	json_t *c = json_loads(l->content ? l->content : "{}", 0, NULL);
	char d[DATE_SIZE];

	ru_day(l->at, d);
	if (l->depth == 0) {
		json_t *f = json_object_get(c, "fields");
		char num[40];

		char name[400];

		snprintf(num, sizeof num, "%lld/%d", l->no, l->year);
		snprintf(name, sizeof name, "%s %s %s", case_jstr(f, "surname"),
			 case_jstr(f, "given_names"),
			 case_jstr(f, "patronymic"));
		str_trim(name);
		cli_printf("№ %-10s %s %.5s  %s  %s  %s  %s  %s", num, d,
			   l->at + 11, name, case_jstr(f, "citizenship"),
			   case_jstr(f, "doc_number"), l->book,
			   l->state[0] ? l->state : "-");
		if (l->corrected_by)
			cli_printf("  [ИСПРАВЛЕНО, см. ниже]");
		cli_printf("\n");
	} else {
		cli_printf("    %s %.5s  %s", d, l->at + 11, kind_ru(l->kind));
		if (!strcmp(l->kind, "correction"))
			cli_printf(" к № %lld/%d: %s «%s» → «%s» (%s), исправленному верить",
				   entry ? entry->no : 0,
				   entry ? entry->year : 0,
				   case_jstr(c, "label"), case_jstr(c, "old"),
				   case_jstr(c, "new"), case_jstr(c, "reason"));
		else if (*case_jstr(c, "recipient"))
			cli_printf(": %s", case_jstr(c, "recipient"));
		else if (*case_jstr(c, "ground"))
			cli_printf(": основание %s, %s", case_jstr(c, "ground"),
				   case_jstr(c, "reason"));
		else if (*case_jstr(c, "reason"))
			cli_printf(": %s", case_jstr(c, "reason"));
		cli_printf(" — %s\n", l->actor_name);
	}
	json_decref(c);
}

static int
j_list(struct session *c, int argc, char **argv)
{
	struct journal_line *l;
	struct err e = {0};
	struct jopts o;
	long long office;
	size_t n, i, entry = 0;
	int rc;

	if ((rc = parse_jopts("journal list takes options only", argc, argv,
			      &o)) != 0)
		return rc;
	if ((rc = need_office(c, o.office, &office)) != 0)
		return rc;
	o.f.with_related = 1;
	if (journal_list(c->store, &c->actor, office, &o.f, &l, &n, &e) !=
	    ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++) {
		if (l[i].depth == 0)
			entry = i;
		print_line(&l[i], &l[entry]);
	}
	journal_lines_free(l, n);
	return 0;
}

/* The journal's bytes to stdout (struct journal_out's deliver, when no
 * --output names a file). */
static enum status
deliver(void *arg, const char *text, size_t n, struct err *e)
{
	(void)arg;
	if ((n && fwrite(text, 1, n, stdout) != n) || fflush(stdout) != 0)
		return err_set(e, ST_ERROR, "", "cannot write stdout: %s",
			       strerror(errno));
	return ST_OK;
}

/* The options as the journal's output (struct journal_out). */
static int
out_of(struct session *c, struct jopts *o, struct journal_out *jo)
{
	struct err e = {0};
	int rc;

	memset(jo, 0, sizeof *jo);
	if (o->encoding && encode_parse(o->encoding, &jo->enc, &e) != ST_OK)
		return cli_fail(&e);
	/* A file that would be refused is refused before anything is done
	 * (the login included), and checked again when recorded; a file
	 * that holds the bytes of an export recorded and not marked given
	 * out (a run killed) is no obstacle: this run gives that out. */
	if (o->output &&
	    fileio_check(o->output, FILEIO_USER | (o->force ? FILEIO_FORCE : 0),
			 "output", &e) != ST_OK &&
	    (e.st != ST_CONFLICT || cli_open(c, 0) != 0 ||
	     !output_waiting_at(c->store, o->output)))
		return cli_fail(&e);
	if ((rc = need_office(c, o->office, &jo->office_id)) != 0)
		return rc;
	jo->f = o->f;
	jo->width = (int)o->width;
	jo->dest = o->output ? o->output : "stdout";
	jo->translit = o->translit ? ENC_TRANSLIT_ALL : ENC_TRANSLIT_PUNCT;
	if (o->output) {
		/* A new file the user names (core/fileio.h): an existing one
		 * only with --force, never through a link, never the
		 * database. */
		jo->to.target = OUT_FILE;
		jo->to.dest = o->output;
		jo->to.flags = FILEIO_USER | (o->force ? FILEIO_FORCE : 0);
	}
	jo->deliver = deliver;
	jo->progress = cli_progress();
	return 0;
}

/* An output recorded before and given out by this run instead. */
static void
said(const char *what, const struct journal_out *jo)
{
	if (!jo->earlier)
		return;
	if (strcmp(what, "print") == 0)
		printf("Выдана печать журнала, записанная прежде и не выданная: %s; новая печать не делалась — повторите команду\n", jo->where);
	else
		printf("Выдана выгрузка журнала, записанная прежде и не выданная: %s; новая выгрузка не делалась — повторите команду\n", jo->where);
}

static int
j_print(struct session *c, int argc, char **argv)
{
	struct journal_out jo;
	struct err e = {0};
	struct jopts o;
	char *tdir;
	int rc;

	if ((rc = parse_jopts("journal print takes options only", argc, argv,
			      &o)) != 0 ||
	    (rc = out_of(c, &o, &jo)) != 0)
		return rc;
	tdir = xasprintf("%s/templates", c->forms_dir);
	jo.templates_dir = tdir;
	if (journal_print(c->store, &c->actor, c->forms, &jo, &e) != ST_OK)
		rc = cli_fail(&e);
	else
		said("print", &jo);
	free(tdir);
	return rc;
}

static int
j_export(struct session *c, int argc, char **argv)
{
	struct journal_out jo;
	struct err e = {0};
	struct jopts o;
	int rc;

	if ((rc = parse_jopts("journal export takes options only", argc, argv,
			      &o)) != 0)
		return rc;
	if (!o.format || (strcmp(o.format, "csv") && strcmp(o.format, "text")))
		return cli_usage("journal", "--format csv or --format text");
	if ((rc = out_of(c, &o, &jo)) != 0)
		return rc;
	jo.csv = strcmp(o.format, "csv") == 0;
	if (journal_export(c->store, &c->actor, c->forms, &jo, &e) != ST_OK)
		return cli_fail(&e);
	said("export", &jo);
	return 0;
}

const struct cli_command journal_subs[] = {
	{"verify", NULL, j_verify, NULL, NEED_LOGIN, NULL},
	{"seal", NULL, j_seal, NULL, NEED_LOGIN, NULL},
	{"close-day", NULL, j_close_day, NULL, NEED_LOGIN, NULL},
	{"book", NULL, j_book, NULL, NEED_LOGIN, NULL},
	{"list", NULL, j_list, NULL, NEED_LOGIN, NULL},
	{"print", NULL, j_print, NULL, NEED_LOGIN | NEED_FORMS, NULL},
	{"export", NULL, j_export, NULL, NEED_LOGIN | NEED_FORMS, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};

/* A hand-out line of a document's case: when, and to whom. */
static void
print_hand_out(const struct journal_line *l)
{
	json_t *cc;
	char d[DATE_SIZE];

	if (strcmp(l->kind, "hand-out"))
		return;
	cc = json_loads(l->content, 0, NULL);
	ru_day(l->at, d);
	cli_printf("  Выдано:      %s, %s\n", d, case_jstr(cc, "recipient"));
	json_decref(cc);
}

int
cmd_check_document(struct session *c, int argc, char **argv)
{
	struct journal_check k;
	struct err e = {0};
	char d[DATE_SIZE];
	size_t i;
	int rc;

	if ((rc = cli_ready_if(c, argc == 2, "check-document",
				 "check-document CODE")) != 0)
		return rc;
	if (journal_check_document(c->store, &c->actor, argv[1], &k, &e) !=
	    ST_OK)
		return cli_fail(&e);
	ru_day(k.line.at, d);
	cli_printf("Документ значится в журнале: %s\n", k.office_name);
	cli_printf("  Запись:      %s %s\n", kind_ru(k.line.kind), d);
	if (k.ref[0])
		cli_printf("  Номер:       %s (%s)\n", k.ref, k.service);
	if (k.person[0])
		cli_printf("  Кому:        %s\n", k.person);
	cli_printf("  Состояние:   %s\n",
		   k.refused ? "отказано"
		   : k.handed_out ? "выдано заявителю"
		   : k.issued ? "решение о выдаче принято"
			      : "заявление принято, решения нет");
	cli_printf("  Исправления: %s\n", k.corrected ? "ДА, после выдачи документа запись исправлена"
						      : "нет");
	print_hand_out(&k.line);
	for (i = 0; i < k.nlater; i++)
		print_hand_out(&k.later[i]);
	for (i = 0; i < k.nlater; i++)
		if (!strcmp(k.later[i].kind, "correction")) {
			json_t *cc = json_loads(k.later[i].content, 0, NULL);

			ru_day(k.later[i].at, d);
			cli_printf("    %s: %s «%s» → «%s» (%s)\n", d,
				   case_jstr(cc, "label"),
				   case_jstr(cc, "old"), case_jstr(cc, "new"),
				   case_jstr(cc, "reason"));
			json_decref(cc);
		}
	if (!k.intact)
		cli_printf("  ВНИМАНИЕ: строка журнала изменена после записи (okno journal verify)\n");
	rc = k.intact ? 0 : 1;
	journal_check_free(&k);
	return rc;
}

int
cmd_case_correct(struct session *c, int argc, char **argv)
{
	const char *reason = NULL, *eq;
	const struct cli_option opts[] = {CLI_STR("reason", &reason), CLI_END};
	struct err e = {0};
	long long id;
	char *key;
	int rest, rc;

	if ((rc = cli_options("case", opts, argc, argv, &rest)) != 0)
		return rc;
	if (rest + 2 != argc ||
	    cli_parse_id(argv[rest], &id) ||
	    !(eq = strchr(argv[rest + 1], '=')) || eq == argv[rest + 1])
		return cli_usage("case", "case correct ID KEY=VALUE --reason "
					 "TEXT");
	if ((rc = cli_ready(c)) != 0)
		return rc;
	key = xstrndup(argv[rest + 1], (size_t)(eq - argv[rest + 1]));
	if (case_correct(c->store, &c->actor, c->forms, id, key, eq + 1,
			 reason, &e) != ST_OK) {
		free(key);
		return cli_fail(&e);
	}
	free(key);
	return 0;
}
