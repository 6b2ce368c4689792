/* SPDX-License-Identifier: MIT */
/* okno entry point: global options, then a subcommand, or the kiosk. The
 * one file that knows both front ends: the commands of cli/, and the
 * kiosk of tui/ with the two commands that open it (intake, board). */
#include "cli/cli.h"
#include "tui/tui.h"
#include "catalog.h"
#include "config.h"
#include "fileio.h"
#include "i18n.h"
#include "util.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __SANITIZE_ADDRESS__
#include <sys/auxv.h>

/* A sanitized build installed setgid, as the privilege tests install it:
 * the leak checker's tracer cannot attach to a process that is not
 * dumpable, and the sanitizer cannot read ASAN_OPTIONS from
 * /proc/self/environ there. Leaks are checked in every other run. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return getauxval(AT_SECURE) ? "detect_leaks=0" : "";
}
#endif

#define DEFAULT_DB "var/okno.db"

/* The kiosk on the session: database, forms, and with --as and a password
 * file the same non-interactive login as the CLI's (scripts, the
 * benchmark) before the screen starts. */
static int
kiosk(struct session *c, const char *intake_service)
{
	int code;

	/* The chief signs at the kiosk's own prompt, act by act. */
	if ((code = cli_cosign_refused(c)) != 0 || (code = cli_open(c, 0)) != 0 ||
	    (code = cli_load_forms(c)) != 0)
		return code;
	if (c->as_login && getenv("OKNO_PASSWORD_FILE") && cli_login(c, 0) != 0)
		c->have_actor = 0;
	return tui_main(c, intake_service);
}

static const char usage_intake[] =
	"Usage: okno [--as LOGIN] intake SERVICE\n"
	"\n"
	"Opens the kiosk on a blank intake form of the service (border-pass,\n"
	"invitation, registration), after the password when the account needs\n"
	"one.\n";

static int
cmd_intake(struct session *c, int argc, char **argv)
{
	if (argc != 2 || !catalog_find(argv[1]))
		return cli_usage("intake", "intake border-pass|invitation|"
					   "registration");
	return kiosk(c, argv[1]);
}

static const char usage_board[] =
	"Usage: okno board [--office CODE] [--poll MS]\n"
	"\n"
	"The full-screen hall display: which ticket goes to which window.\n"
	"It reads the database every MS milliseconds (default 1000, from 10\n"
	"to 60000) and redraws only what changed. q or F10 leaves.\n";

static int
cmd_board(struct session *c, int argc, char **argv)
{
	const char *poll = cli_opt(argc, argv, "--poll");
	long long office = 0;
	long ms = 1000;
	char *end;
	int code;

	if (poll) {
		ms = strtol(poll, &end, 10);
		if (*end || end == poll || ms < 10 || ms > 60000)
			return cli_usage("board", "--poll MS: 10 to 60000");
	}
	if ((code = cli_ready(c)) != 0)
		return code;
	if ((code = cli_office(c, cli_opt(argc, argv, "--office"), &office)))
		return code;
	return tui_board(c, office, (int)ms);
}

static const struct cli_command kiosk_commands[] = {
	{"intake", "open the kiosk on a blank intake form", cmd_intake,
	 usage_intake, 0, NULL},
	{"board", "the hall display of the queue", cmd_board, usage_board,
	 NEED_DB, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};

static void
usage(FILE *f)
{
	const struct cli_command *cmd;

	fprintf(f,
		"Usage: okno [--db FILE] [--as LOGIN] [--cosign LOGIN] [--forms DIR]\n"
		"            [--kiosk] [--quiet] "
		"[COMMAND ARGS...]\n\n"
		"okno is the reception-window kiosk of a migration-police "
		"office.\nWithout a command it starts the kiosk.\n\n"
		"Options:\n"
		"  --db FILE     database (default: $OKNO_DB, else database in\n"
		"                " CONFIG_PATH ", else %s)\n"
		"  --as LOGIN    act as this account (default: $OKNO_AS);\n"
		"                the password comes from the file named by\n"
		"                $OKNO_PASSWORD_FILE, or from a prompt\n"
		"  --cosign LOGIN  four eyes: the chief signs this act at your\n"
		"                terminal; it is recorded as LOGIN's act, whose\n"
		"                password comes from $OKNO_COSIGN_PASSWORD_FILE\n"
		"                or a prompt. Only case event, case correct and\n"
		"                print (a reprint) take it; LOGIN must be another\n"
		"                account allowed that act\n"
		"  --forms DIR   other form files: a training database, forms\n"
		"                check and forms show only (also $OKNO_FORMS;\n"
		"                default: forms in okno.conf, else the forms\n"
		"                folder beside the binary, else %s)\n"
		"  --kiosk       kiosk mode: leaving returns to the login "
		"screen\n"
		"  --lang LANG   interface language: ru (default) or kk\n"
		"                (also $OKNO_LANG)\n"
		"  --quiet       no progress line on stderr during long work\n"
		"                (none either when stderr is not a terminal)\n"
		"  --help        this text; okno COMMAND --help for a command\n\n"
		"Commands:\n", DEFAULT_DB, OKNO_FORMS_DIR);
	for (cmd = cli_commands; cmd->name; cmd++)
		fprintf(f, "  %-12s %s\n", cmd->name, cmd->summary);
	for (cmd = kiosk_commands; cmd->name; cmd++)
		fprintf(f, "  %-12s %s\n", cmd->name, cmd->summary);
	fprintf(f, "\nExit codes: 0 done, 1 error, 2 usage, 3 invalid data, "
		   "4 not found,\n5 not allowed for this account, 6 conflict.\n");
}

static int
is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The forms okno works with unless a training database names others:
 * okno.conf's, else (not installed setgid) the forms folder beside the
 * binary or its parent's (the source tree), else the installed one. */
static const char *
default_forms(void)
{
	static char buf[PATH_MAX + 16];
	const struct config *cf = config_get();
	char exe[PATH_MAX], *slash;
	ssize_t len;

	if (cf->forms[0])
		return cf->forms;
	if (config_privileged())
		return OKNO_FORMS_DIR;
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(buf, sizeof buf, "%s/forms", exe);
			if (is_dir(buf))
				return buf;
			snprintf(buf, sizeof buf, "%s/../forms", exe);
			if (is_dir(buf))
				return buf;
		}
	}
	return OKNO_FORMS_DIR;
}

/* Installed setgid, the database and the forms come from okno.conf only. */
static int
refuse_privileged(const char *what)
{
	fprintf(stderr, "okno: not allowed for this account: %s: установленный okno берёт базу данных и формы только из %s\n", what,
		CONFIG_PATH);
	return 5;
}

static int
need_value(int i, int argc, const char *opt)
{
	if (i + 1 >= argc) {
		fprintf(stderr, "okno: %s needs a value\n", opt);
		return 0;
	}
	return 1;
}

/* The session's database, forms and account from okno.conf and the
 * environment. -1, or the exit code of a refusal. */
static int
session_from_env(struct session *c)
{
	struct err e = {0};
	const char *env;

	if (config_init(&e) != ST_OK)
		return cli_fail(&e);
	if ((env = getenv("OKNO_GROUP")) && *env) {
		fprintf(stderr, "okno: usage error: OKNO_GROUP больше не используется: базу данных окон делит группа okno установленного okno (setgid, %s)\n",
			CONFIG_PATH);
		return 2;
	}
	if (config_privileged()) {
		if ((env = getenv("OKNO_DB")) && *env)
			return refuse_privileged("OKNO_DB");
		if ((env = getenv("OKNO_FORMS")) && *env)
			return refuse_privileged("OKNO_FORMS");
		config_scrub_env();
		c->db_path = config_get()->database;
	} else {
		env = getenv("OKNO_DB");
		c->db_path = env && *env ? env
			     : config_get()->database[0] ? config_get()->database
							 : DEFAULT_DB;
	}
	env = getenv("OKNO_AS");
	c->as_login = env && *env ? env : NULL;
	env = config_privileged() ? NULL : getenv("OKNO_FORMS");
	c->forms_named = env && *env;
	c->forms_dir = c->forms_named ? env : default_forms();
	return -1;
}

/* The options before the command, from *i on; *i is left at the command.
 * -1, or the exit code (help, version, a usage error, a refusal). */
static int
global_options(int argc, char **argv, int *i, struct session *c, int *quiet)
{
	for (; *i < argc && argv[*i][0] == '-'; ++*i) {
		const char *opt = argv[*i];
		int valued = !strcmp(opt, "--db") || !strcmp(opt, "--as") ||
			     !strcmp(opt, "--cosign") || !strcmp(opt, "--forms") ||
			     !strcmp(opt, "--lang");

		if (valued && !need_value(*i, argc, opt))
			return 2;
		if (strcmp(opt, "--db") == 0) {
			if (config_privileged())
				return refuse_privileged("--db");
			c->db_path = argv[++*i];
		} else if (strcmp(opt, "--as") == 0) {
			c->as_login = argv[++*i];
		} else if (strcmp(opt, "--cosign") == 0) {
			c->cosign_login = argv[++*i];
		} else if (strcmp(opt, "--forms") == 0) {
			if (config_privileged() &&
			    !(*i + 2 < argc && strcmp(argv[*i + 2], "forms") == 0))
				return refuse_privileged("--forms");
			c->forms_dir = argv[++*i];
			c->forms_named = 1;
		} else if (strcmp(opt, "--lang") == 0) {
			/* The kiosk's language: ru (default) or kk. */
			setenv("OKNO_LANG", argv[++*i], 1);
		} else if (strcmp(opt, "--kiosk") == 0) {
			c->kiosk = 1;
		} else if (strcmp(opt, "--quiet") == 0) {
			*quiet = 1;
		} else if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(opt, "--version") == 0) {
			puts("okno 0.1");
			return 0;
		} else {
			fprintf(stderr, "okno: unknown option %s\n", opt);
			usage(stderr);
			return 2;
		}
	}
	return -1;
}

/* The command named, the CLI's or the kiosk's; NULL when there is none. */
static const struct cli_command *
find_command(const char *name)
{
	const struct cli_command *cmd;

	for (cmd = cli_commands; cmd->name; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	for (cmd = kiosk_commands; cmd->name; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}

int
main(int argc, char **argv)
{
	struct session c;
	const struct cli_command *cmd;
	int i = 1, rc, quiet = 0;

	setlocale(LC_ALL, "");
	memset(&c, 0, sizeof c);
	if ((rc = session_from_env(&c)) >= 0 ||
	    (rc = global_options(argc, argv, &i, &c, &quiet)) >= 0)
		return rc;
	/* No output of this run ever goes to the database or its -wal,
	 * -shm or -journal (core/fileio.h), checked from the first. */
	fileio_protect(c.db_path);
	if (i == argc) {
		rc = kiosk(&c, NULL);
		goto out;
	}
	if (!(cmd = find_command(argv[i]))) {
		fprintf(stderr, "okno: unknown command '%s'\n", argv[i]);
		usage(stderr);
		return 2;
	}
	if (cli_wants_help(argc - i, argv + i)) {
		fputs(cmd->usage, stdout);
		return 0;
	}
	/* The catalogue is bound as an installed okno finds it in the
	 * default folder; no language is chosen (core/i18n.h): the CLI's
	 * messages stay Russian whatever LANGUAGE or LANG say. */
	i18n_bind();
	cli_progress_init(quiet);
	rc = cli_dispatch(cmd, cmd->name, &c, argc - i, argv + i);
out:
	session_close(&c);
	return rc;
}
