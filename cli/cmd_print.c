/* SPDX-License-Identifier: MIT */
/* okno print: print a document of a case to a file, the system spooler or
 * the printer of the inspector's own terminal. */
#include "cmds.h"
#include "office.h"
#include "outputs.h"
#include "fileio.h"
#include "print.h"
#include "printer.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_print[] =
	"Usage: okno --as LOGIN print CASE DOCUMENT [--width 80|132]\n"
	"                 [--encoding ENC] [--translit]\n"
	"                 [--out FILE [--force] | --printer DEST | --terminal]\n"
	"                 [--blank N]\n"
	"\n"
	"Documents: receipt (after accept, two copies), border-pass, invitation\n"
	"(on a numbered blank: --blank AB1001), registration-mark,\n"
	"passport-insert (when issued or handed out), refusal (when refused).\n"
	"Encodings: utf-8 (default), cp1251, koi8-r, cp866, rk1048 (the only one\n"
	"with the Kazakh letters). A character the encoding lacks is an error\n"
	"naming the field; --translit replaces Kazakh letters with the nearest\n"
	"Russian ones (Ә→А, Қ→К, ...) instead; it changes names as written in\n"
	"the passport, so it is never implied.\n"
	"Targets: --out FILE (a new file, mode 0600: an existing one is\n"
	"replaced only with --force, never through a link, never the\n"
	"database; - for standard output), --printer DEST\n"
	"(the CUPS queue, `lp -d DEST -o raw`; only where CUPS is installed),\n"
	"--terminal (the printer attached to this terminal, printer-controller\n"
	"mode ESC [ 5 i ... ESC [ 4 i). With none, the printer remembered for\n"
	"your window (okno window) is used.\n"
	"Every print is logged; printing a document again is a reprint: only\n"
	"the head of the unit may, and the page says ПОВТОРНО. A print is\n"
	"recorded before it goes out: when it could not go out (the printer,\n"
	"a full disk, a killed run), the same command gives the same bytes\n"
	"out, without a reprint.\n";

/* The printer remembered for the actor's window ("file:DIR/", "lp:DEST",
 * "terminal"), as the kiosk prints there (printer_target). 0 when one was
 * found and set; buf holds the destination. */
static int
window_target(struct session *c, const char *name, struct print_req *r,
	      char *buf, size_t n)
{
	char choice[400];
	int num = window_of(c->store, c->actor.id);

	if (num <= 0 || !printer_of_window(c->store, c->actor.office_id, num,
					   choice, sizeof choice))
		return -1;
	return printer_target(choice, name, r, buf, n, NULL) == ST_OK ? 0 : -1;
}

/* The request print's options make, with how many targets they named. */
struct print_opts {
	struct print_req r;
	int targets, to_stdout;
};

static int
take_width(void *ctx, const char *arg)
{
	struct print_opts *p = ctx;

	if (strcmp(arg, "80") && strcmp(arg, "132"))
		return cli_usage("print", "--width is 80 or 132");
	p->r.width = atoi(arg);
	return 0;
}

static int
take_encoding(void *ctx, const char *arg)
{
	struct print_opts *p = ctx;
	struct err e = {0};

	if (encode_parse(arg, &p->r.enc, &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

/* --out FILE, - for standard output */
static int
take_out(void *ctx, const char *arg)
{
	struct print_opts *p = ctx;

	p->targets++;
	if (strcmp(arg, "-") == 0) {
		p->r.target = PT_NONE;
		p->r.dest = "stdout";
		p->to_stdout = 1;
	} else {
		p->r.target = PT_FILE;
		p->r.dest = arg;
	}
	return 0;
}

static int
take_printer(void *ctx, const char *arg)
{
	struct print_opts *p = ctx;

	p->targets++;
	p->r.target = PT_LP;
	p->r.dest = arg;
	return 0;
}

static int
take_terminal(void *ctx, const char *arg)
{
	struct print_opts *p = ctx;

	(void)arg;
	p->targets++;
	p->r.target = PT_TERMINAL;
	p->r.dest = NULL;
	return 0;
}

int
cmd_print(struct session *c, int argc, char **argv)
{
	struct print_opts p = {.r = {.width = 80, .enc = ENC_UTF8}};
	struct print_req r;
	int force = 0;
	const struct cli_option opts[] = {
		CLI_TAKE("width", take_width, &p),
		CLI_TAKE("encoding", take_encoding, &p),
		CLI_FLAG("translit", &p.r.translit),
		CLI_TAKE("out", take_out, &p),
		CLI_TAKE("printer", take_printer, &p),
		CLI_TAKE_BARE("terminal", take_terminal, &p),
		CLI_STR("blank", &p.r.blank),
		CLI_FLAG("force", &force),
		CLI_END,
	};
	struct print_result res;
	struct err e = {0};
	char remembered[1100], name[64], *tdir = NULL;
	long long id;
	int rest, code, targets;

	if ((code = cli_options("print", opts, argc, argv, &rest)) != 0)
		return code;
	r = p.r;
	targets = p.targets;
	if (force)
		r.flags |= FILEIO_FORCE;
	if (rest + 2 != argc || cli_parse_id(argv[rest], &id))
		return cli_usage("print", "print CASE DOCUMENT [options]");
	if (print_doc_parse(argv[rest + 1], &r.doc) != 0)
		return cli_usage("print", "unknown document (see okno print "
					  "--help)");
	if (targets > 1)
		return cli_usage("print", "give one of --out, --printer, "
					  "--terminal");
	/* A file that would be refused is refused before anything is done
	 * (the login included), and checked again when written. */
	if (r.target == PT_FILE &&
	    fileio_check(r.dest, FILEIO_USER | (r.flags & FILEIO_FORCE), "out",
			 &e) != ST_OK &&
	    (e.st != ST_CONFLICT || cli_open(c, 0) != 0 ||
	     !output_waiting_at(c->store, r.dest)))
		return cli_fail(&e);
	if ((code = cli_ready(c)) != 0)
		return code;
	snprintf(name, sizeof name, "%lld-%s", id, print_doc_code(r.doc));
	if (!targets &&
	    window_target(c, name, &r, remembered, sizeof remembered)) {
		err_set(&e, ST_USAGE, "target",
			"Не указано, куда печатать: --out ФАЙЛ, --printer ПРИНТЕР или --terminal (у вашего окна принтер не выбран)");
		return cli_fail(&e);
	}
	tdir = xasprintf("%s/templates", c->forms_dir);
	r.templates_dir = tdir;
	if (print_case(c->store, &c->actor, c->forms, id, &r, &res, &e) !=
	    ST_OK) {
		free(tdir);
		return cli_fail(&e);
	}
	if (p.to_stdout) {
		fwrite(res.bytes.s ? res.bytes.s : "", 1, res.bytes.len,
		       stdout);
	} else if (res.earlier) {
		printf("Выдан документ, записанный прежде и не выданный: %s по делу %lld%s%s\n", print_doc_ru(r.doc), id,
		       res.where[0] ? ", " : "", res.where);
	} else {
		printf("Напечатано: %s по делу %lld, %d экз.%s%s%s%s%s\n",
		       print_doc_ru(r.doc), id, res.copies,
		       res.reprint ? ", ПОВТОРНО" : "",
		       res.blank_no[0] ? ", бланк " : "", res.blank_no,
		       res.where[0] ? ", " : "", res.where);
	}
	print_result_free(&res);
	free(tdir);
	return 0;
}
