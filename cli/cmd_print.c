/* SPDX-License-Identifier: MIT */
/* okno print: print a document of a case to a file, the system spooler or
 * the printer of the inspector's own terminal. */
#include "cmds.h"
#include "office.h"
#include "print.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_print[] =
	"Usage: okno --as LOGIN print CASE DOCUMENT [--width 80|132]\n"
	"                 [--encoding ENC] [--translit]\n"
	"                 [--out FILE | --printer DEST | --terminal] [--blank N]\n"
	"\n"
	"Documents: receipt (after accept, two copies), border-pass, invitation\n"
	"(on a numbered blank: --blank AB1001), registration-mark,\n"
	"passport-insert (when issued or handed out), refusal (when refused).\n"
	"Encodings: utf-8 (default), cp1251, koi8-r, cp866, rk1048 (the only one\n"
	"with the Kazakh letters). A character the encoding lacks is an error\n"
	"naming the field; --translit replaces Kazakh letters with the nearest\n"
	"Russian ones (Ә→А, Қ→К, ...) instead; it changes names as written in\n"
	"the passport, so it is never implied.\n"
	"Targets: --out FILE (mode 0600; - for standard output), --printer DEST\n"
	"(the CUPS queue, `lp -d DEST -o raw`; only where CUPS is installed),\n"
	"--terminal (the printer attached to this terminal, printer-controller\n"
	"mode ESC [ 5 i ... ESC [ 4 i). With none, the printer remembered for\n"
	"your window (okno window) is used.\n"
	"Every print is logged; printing a document again is a reprint: only\n"
	"the head of the unit may, and the page says ПОВТОРНО.\n";

static int
parse_id(const char *s, long long *id)
{
	char *end;

	errno = 0;
	*id = strtoll(s, &end, 10);
	return errno || *end || *id <= 0 ? -1 : 0;
}

/* The printer remembered for the actor's window: "file:PATH", "lp:DEST",
 * "terminal". 0 when one was found and set. */
static int
window_target(struct session *c, struct print_req *r, char *buf, size_t n)
{
	struct window_info *w = NULL;
	struct err e = {0};
	size_t nw = 0, i;
	int num = window_of(c->store, c->actor.id), found = 0;

	if (num <= 0 ||
	    window_list(c->store, c->actor.office_id, &w, &nw, &e) != ST_OK)
		return -1;
	for (i = 0; i < nw && !found; i++) {
		const char *p = w[i].printer;

		if (w[i].number != num || !*p)
			continue;
		snprintf(buf, n, "%s", p);
		if (str_starts(buf, "file:")) {
			r->target = PT_FILE;
			r->dest = buf + 5;
		} else if (str_starts(buf, "lp:")) {
			r->target = PT_LP;
			r->dest = buf + 3;
		} else if (strcmp(buf, "terminal") == 0) {
			r->target = PT_TERMINAL;
			r->dest = NULL;
		} else {
			continue;
		}
		found = 1;
	}
	free(w);
	return found ? 0 : -1;
}

int
cmd_print(struct session *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"width", required_argument, NULL, 'w'},
		{"encoding", required_argument, NULL, 'e'},
		{"translit", no_argument, NULL, 't'},
		{"out", required_argument, NULL, 'o'},
		{"printer", required_argument, NULL, 'p'},
		{"terminal", no_argument, NULL, 'T'},
		{"blank", required_argument, NULL, 'b'},
		{NULL, 0, NULL, 0},
	};
	struct print_req r = {.width = 80, .enc = ENC_UTF8};
	struct print_result res;
	struct err e = {0};
	char remembered[160], *tdir = NULL;
	long long id;
	int ch, code, targets = 0, to_stdout = 0;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (strcmp(optarg, "80") && strcmp(optarg, "132"))
				return cli_usage("print", "--width is 80 or 132");
			r.width = atoi(optarg);
			break;
		case 'e':
			if (encode_parse(optarg, &r.enc, &e) != ST_OK)
				return cli_fail(&e);
			break;
		case 't': r.translit = 1; break;
		case 'o':
			targets++;
			if (strcmp(optarg, "-") == 0) {
				r.target = PT_NONE;
				r.dest = "stdout";
				to_stdout = 1;
			} else {
				r.target = PT_FILE;
				r.dest = optarg;
			}
			break;
		case 'p': targets++; r.target = PT_LP; r.dest = optarg; break;
		case 'T': targets++; r.target = PT_TERMINAL; r.dest = NULL; break;
		case 'b': r.blank = optarg; break;
		default: return cli_usage("print", "unknown option");
		}
	}
	if (optind + 2 != argc || parse_id(argv[optind], &id))
		return cli_usage("print", "print CASE DOCUMENT [options]");
	if (print_doc_parse(argv[optind + 1], &r.doc) != 0)
		return cli_usage("print", "unknown document (see okno print "
					  "--help)");
	if (targets > 1)
		return cli_usage("print", "give one of --out, --printer, "
					  "--terminal");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (!targets && window_target(c, &r, remembered, sizeof remembered)) {
		err_set(&e, ST_USAGE, "target",
			"Не указано, куда печатать: --out ФАЙЛ, --printer "
			"ПРИНТЕР или --terminal (у вашего окна принтер не "
			"выбран)");
		return cli_fail(&e);
	}
	tdir = xasprintf("%s/templates", c->forms_dir);
	r.templates_dir = tdir;
	if (print_case(c->store, &c->actor, c->forms, id, &r, &res, &e) !=
	    ST_OK) {
		free(tdir);
		return cli_fail(&e);
	}
	if (to_stdout) {
		fwrite(res.bytes.s ? res.bytes.s : "", 1, res.bytes.len,
		       stdout);
	} else {
		printf("Напечатано: %s по делу %lld, %d экз.%s%s%s\n",
		       print_doc_ru(r.doc), id, res.copies,
		       res.reprint ? ", ПОВТОРНО" : "",
		       res.blank_no[0] ? ", бланк " : "", res.blank_no);
	}
	print_result_free(&res);
	free(tdir);
	return 0;
}
