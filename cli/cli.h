/* SPDX-License-Identifier: MIT */
/* Shared plumbing of the command-line front end over core's session (the
 * open database, the loaded forms, the acting account): passwords from
 * files or a prompt, and error reporting with exit codes (0 done,
 * 2 usage, 3 invalid data, 4 not found, 5 not allowed, 6 conflict,
 * 1 other). */
#ifndef OKNO_CLI_H
#define OKNO_CLI_H

#include "progress.h"
#include "session.h"
#include "status.h"

/* What a command needs before its work, done by cli_ready() once the
 * command has read its arguments (so a usage error costs no password). */
enum cli_need {
	NEED_DB = 1u << 0,          /* the database open */
	NEED_LOGIN = 1u << 1,       /* the --as account logged in */
	NEED_FIRST_LOGIN = 1u << 2, /* logged in, a first-login password
				     * that must still be changed allowed */
	NEED_FORMS = 1u << 3,       /* the forms loaded */
	NEED_COSIGN = 1u << 4,      /* a second account may sign the act
				     * (--cosign: four eyes on a decision, a
				     * correction, a reprint); with no other
				     * command is --cosign taken */
};
/* NEED_COSIGN naming the permission the second account must hold (without
 * it, the act's own, which core checks when the act is done as that
 * account). */
#define NEED_COSIGN_AS(p) (NEED_COSIGN | ((unsigned)(p) + 1u) << 8)

/* A command or subcommand (git's cmd_struct): argv[0] is its own name.
 * With subs, argv[1] names one of them; run, when there is one, is what
 * the command does without one of them. */
struct cli_command {
	const char *name;
	const char *summary;  /* one line for okno --help */
	int (*run)(struct session *c, int argc, char **argv);
	const char *usage;    /* full text for okno COMMAND --help */
	unsigned needs;       /* enum cli_need */
	const struct cli_command *subs; /* ends with a NULL name */
};

extern const struct cli_command cli_commands[];

/* Run cmd on argv (argv[0] its name): the subcommand argv[1] names, else
 * its run with its needs for cli_ready() (a usage error naming top when
 * it has subcommands only; --cosign refused for a command without
 * NEED_COSIGN). Returns the exit code. */
int cli_dispatch(const struct cli_command *cmd, const char *top,
		 struct session *c, int argc, char **argv);
/* What the running command's table entry needs: the database, the login,
 * the forms. Returns 0 or an exit code (the error printed). */
int cli_ready(struct session *c);
/* The same once the command has checked its operands: args_ok 0 is the
 * usage error "okno cmd: usage" instead (no password asked). */
int cli_ready_if(struct session *c, int args_ok, const char *cmd,
		 const char *usage);

/* Open the database (creating it when create is set: 1 an office's, 2 a
 * training database). Returns 0 or an exit code after printing the
 * error. */
int cli_open(struct session *c, int create);
/* The time zone of a new office: okno.conf's timezone, else Asia/Almaty. */
const char *cli_default_zone(void);
/* Load forms/ (refusing a broken set). Returns 0 or an exit code. */
int cli_load_forms(struct session *c);
/* For a listing that writes nothing (calendar due and holidays, rules
 * list): the database when there is one (with an office database only
 * its own forms), else any forms folder, read as forms check reads one;
 * then the forms. Returns 0 or an exit code. */
int cli_load_forms_to_list(struct session *c);
/* Authenticate the --as account with the password from
 * $OKNO_PASSWORD_FILE or a prompt; refuse an account that must change its
 * password unless allow_must_change. With --cosign LOGIN, then
 * authenticate that second account too (password from
 * $OKNO_COSIGN_PASSWORD_FILE or a prompt, account_cosign: another account,
 * holding the permission NEED_COSIGN_AS names) and act as it; refused for
 * a command without NEED_COSIGN. Returns 0 or an exit code. */
/* --cosign refused (message printed, exit code returned) unless the
 * running command takes it; 0 when there is none or it may. */
int cli_cosign_refused(const struct session *c);
int cli_login(struct session *c, int allow_must_change);

/* Print one error ("okno: invalid data: field: message") and return the
 * exit code for it. */
int cli_fail(const struct err *e);
int cli_fail_list(const struct errlist *l);
/* Usage error for a command: prints msg and a pointer to --help. */
int cli_usage(const char *cmd, const char *msg);
/* A whole decimal number lo..hi in s: 0, else -1 (*out then unspecified). */
int cli_parse_num(const char *s, long long lo, long long hi, long long *out);
/* A case or record number (a whole number from 1): 0, else -1. */
int cli_parse_id(const char *s, long long *id);

/* A secret from the file named by env (first line, without the newline)
 * or, when env is unset, from the terminal with echo off. NULL on
 * failure (message printed). The caller frees it. */
char *cli_secret(const char *env, const char *prompt);

/* Print text to stdout with control characters made visible (\xNN), so a
 * stored value can never drive the terminal. */
void cli_put(const char *s);
/* Same for a printf-formatted line (the format itself is trusted). */
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The office: code, else the account's (once logged in), else the
 * database's only one, into *id. Returns 0 or an exit code. */
int cli_office(struct session *c, const char *code, long long *id);
/* The value after the option name in argv[1..], or NULL. */
const char *cli_opt(int argc, char **argv, const char *name);

/* One long option of a command (okno takes no short ones), a row of the
 * command's table that ends with a NULL name: its name without the "--"
 * and what it sets. A flag takes no argument and is set to 1; every other
 * option takes one, stored as a string, read as a whole number lo..hi
 * (usage error bad when it is not), or handed to take (0, else the exit
 * code, the error printed); bare: take is called with no argument (NULL)
 * for an option that takes none. */
struct cli_option {
	const char *name;
	int *flag;
	const char **str;
	long long *num;
	long long lo, hi;
	const char *bad;
	int (*take)(void *ctx, const char *arg);
	void *ctx;
	int bare;
};
#define CLI_FLAG(n, p) {.name = (n), .flag = (p)}
#define CLI_STR(n, p) {.name = (n), .str = (p)}
#define CLI_NUM(n, p, l, h, msg) \
	{.name = (n), .num = (p), .lo = (l), .hi = (h), .bad = (msg)}
#define CLI_TAKE(n, f, x) {.name = (n), .take = (f), .ctx = (x)}
#define CLI_TAKE_BARE(n, f, x) \
	{.name = (n), .take = (f), .ctx = (x), .bare = 1}
#define CLI_END {.name = NULL}

/* Read argv's options by the table, as getopt_long reads them (options
 * and operands in any order, --name=value, an unambiguous abbreviation,
 * "--" ending them), in order, each setting its target. 0 with *rest the
 * index of the first operand (argv[*rest..argc-1]), else the exit code
 * (an unknown option: a usage error of cmd). */
int cli_options(const char *cmd, const struct cli_option *opts, int argc,
		char **argv, int *rest);

/* The progress line on stderr for long work (cli/progress.c), set up once
 * by main: cli_progress() is NULL with --quiet or when stderr is not a
 * terminal, and is what every command passes to core's long operations. */
void cli_progress_init(int quiet);
struct progress *cli_progress(void);

/* 1 when argv[i] is -h or --help. */
int cli_wants_help(int argc, char **argv);

#endif
