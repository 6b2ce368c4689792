/* SPDX-License-Identifier: MIT */
/* CLI plumbing: database, forms, login, errors, secrets, safe output. */
#include "cli.h"
#include "account.h"
#include "clock.h"
#include "config.h"
#include "db.h"
#include "fileio.h"
#include "session.h"
#include "util.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int
cli_fail(const struct err *e)
{
	char *msg = utf8_visible(e->msg, 0);

	if (e->field[0])
		fprintf(stderr, "okno: %s [%s]: %s\n", status_text(e->st),
			e->field, msg);
	else
		fprintf(stderr, "okno: %s: %s\n", status_text(e->st), msg);
	free(msg);
	return status_exit_code(e->st);
}

int
cli_fail_list(const struct errlist *l)
{
	size_t i;
	int code = 1;

	for (i = 0; i < l->n; i++) {
		int c = cli_fail(&l->v[i]);

		if (i == 0)
			code = c;
	}
	return code;
}

int
cli_usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "okno %s: %s\nTry 'okno %s --help'.\n", cmd, msg, cmd);
	return status_exit_code(ST_USAGE);
}

int
cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int
cli_open(struct session *c, int create)
{
	struct err e = {0};

	if (session_open(c, create, &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

const char *
cli_default_zone(void)
{
	return CLOCK_DEFAULT_ZONE;
}

int
cli_load_forms(struct session *c)
{
	struct errlist errs = {0};
	struct err e = {0};
	int code;

	if (session_load_forms(c, &e, &errs) == ST_OK) {
		errlist_free(&errs);
		return 0;
	}
	if (!errs.n)
		return cli_fail(&e);
	fprintf(stderr, "okno: forms in %s are broken; refusing to work with "
			"half of them\n", c->forms_dir);
	code = cli_fail_list(&errs);
	errlist_free(&errs);
	return code;
}

int
cli_load_forms_to_list(struct session *c)
{
	int code;

	if (db_name_is_uri(c->db_path) || fileio_exists(c->db_path)) {
		if ((code = cli_open(c, 0)) != 0)
			return code;
	} else {
		c->forms_draft = 1;
	}
	return cli_load_forms(c);
}

char *
cli_secret(const char *env, const char *prompt)
{
	const char *file = getenv(env);
	struct termios old, quiet;
	char buf[PASSWORD_MAX + 4];
	FILE *f;
	size_t n;

	if (file && *file) {
		/* The file the user names, read with the user's rights. */
		struct err e = {0};
		char *text, *r;

		if (fileio_read(file, 64 * 1024, FILEIO_USER, "", &text, &n,
				&e) != ST_OK) {
			fprintf(stderr, "okno: cannot read %s (%s): %s\n", env,
				file, e.msg);
			return NULL;
		}
		n = strcspn(text, "\r\n");
		r = xstrndup(text, n > PASSWORD_MAX + 1 ? PASSWORD_MAX + 1 : n);
		memset(text, 0, strlen(text));
		free(text);
		return r;
	}
	f = fopen("/dev/tty", "r+");
	if (!f) {
		fprintf(stderr, "okno: a password is needed: set %s to a file "
				"that holds it, or run on a terminal\n", env);
		return NULL;
	}
	fprintf(f, "%s", prompt);
	fflush(f);
	if (tcgetattr(fileno(f), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(f), TCSAFLUSH, &quiet);
	}
	if (!fgets(buf, sizeof buf, f))
		buf[0] = '\0';
	tcsetattr(fileno(f), TCSAFLUSH, &old);
	fputc('\n', f);
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	{
		char *r = xstrdup(buf);

		memset(buf, 0, sizeof buf);
		return r;
	}
}

/* The needs of the command being run (one a process). */
static unsigned running_needs;

int
cli_cosign_refused(const struct session *c)
{
	struct err e = {0};

	if (!c->cosign_login || !*c->cosign_login ||
	    (running_needs & NEED_COSIGN))
		return 0;
	err_set(&e, ST_DENIED, "cosign",
		"--cosign: подпись второго лица принимается только для решения по делу, исправления записи и повторной печати; остальное делается под своей учётной записью");
	return cli_fail(&e);
}

int
cli_login(struct session *c, int allow_must_change)
{
	struct err e = {0};
	int must_change = 0, code;
	char *pw;

	if (c->have_actor)
		return 0;
	if (!c->as_login || !*c->as_login) {
		fprintf(stderr, "okno: this command acts on behalf of an "
				"account: give --as LOGIN (or set OKNO_AS)\n");
		return status_exit_code(ST_USAGE);
	}
	if ((code = cli_open(c, 0)) != 0)
		return code;
	if (!(pw = cli_secret("OKNO_PASSWORD_FILE", "Пароль: ")))
		return status_exit_code(ST_DENIED);
	if (session_login(c, c->as_login, pw, "cli", NULL, &must_change,
			  &e) != ST_OK) {
		free(pw);
		return cli_fail(&e);
	}
	free(pw);
	if (must_change && !allow_must_change) {
		c->have_actor = 0;
		err_set(&e, ST_DENIED, "password",
			"Пароль первого входа нужно сменить: okno --as %s passwd", c->as_login);
		return cli_fail(&e);
	}
	if (c->cosign_login && *c->cosign_login) {
		/* Four eyes: the act is done as the cosigner (the chief at
		 * the inspector's terminal), whose password comes from its
		 * own file or prompt. */
		unsigned want = (running_needs >> 8) & 0xffu;

		c->have_actor = 0;
		if ((code = cli_cosign_refused(c)) != 0)
			return code;
		if (!(pw = cli_secret("OKNO_COSIGN_PASSWORD_FILE",
				      "Пароль второго лица: ")))
			return status_exit_code(ST_DENIED);
		if (session_cosign(c, c->cosign_login, pw,
				   want ? (enum perm)(want - 1) : PERM__COUNT,
				   &e) != ST_OK) {
			free(pw);
			return cli_fail(&e);
		}
		free(pw);
		c->have_actor = 1;
	}
	return 0;
}

void
cli_put(const char *s)
{
	char *v = utf8_visible(s, 1);

	fputs(v, stdout);
	free(v);
}

void
cli_printf(const char *fmt, ...)
{
	struct strbuf b = {0};
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&b, fmt, ap);
	va_end(ap);
	cli_put(b.s ? b.s : "");
	sb_free(&b);
}

const char *
cli_opt(int argc, char **argv, const char *name)
{
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}


int
cli_dispatch(const struct cli_command *cmd, const char *top,
	     struct session *c, int argc, char **argv)
{
	const struct cli_command *sub;

	for (sub = cmd->subs; sub && argc > 1 && sub->name; sub++)
		if (strcmp(sub->name, argv[1]) == 0)
			return cli_dispatch(sub, top, c, argc - 1, argv + 1);
	if (cmd->subs && !cmd->run)
		return cli_usage(top, argc < 2 ? "a subcommand is needed"
					       : "unknown subcommand");
	running_needs = cmd->needs;
	if (cli_cosign_refused(c))
		return status_exit_code(ST_DENIED);
	return cmd->run(c, argc, argv);
}

int
cli_ready(struct session *c)
{
	int code = 0;

	if (running_needs & NEED_DB)
		code = cli_open(c, 0);
	if (!code && (running_needs & (NEED_LOGIN | NEED_FIRST_LOGIN)))
		code = cli_login(c, (running_needs & NEED_FIRST_LOGIN) != 0);
	if (!code && (running_needs & NEED_FORMS))
		code = cli_load_forms(c);
	return code;
}

int
cli_ready_if(struct session *c, int args_ok, const char *cmd,
	     const char *usage)
{
	return args_ok ? cli_ready(c) : cli_usage(cmd, usage);
}

int
cli_parse_num(const char *s, long long lo, long long hi, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno || end == s || *end || *out < lo || *out > hi ? -1 : 0;
}

int
cli_parse_id(const char *s, long long *id)
{
	return cli_parse_num(s, 1, LLONG_MAX, id);
}

/* The most options one command takes (journal's filters and outputs). */
#define CLI_OPTIONS_MAX 32

int
cli_options(const char *cmd, const struct cli_option *opts, int argc,
	    char **argv, int *rest)
{
	struct option lo[CLI_OPTIONS_MAX + 1] = {{0}};
	const struct cli_option *o;
	int n, ch, code;

	for (n = 0; opts[n].name; n++) {
		assert(n < CLI_OPTIONS_MAX);
		lo[n] = (struct option){opts[n].name,
					opts[n].flag || opts[n].bare
						? no_argument
						: required_argument,
					NULL, 256 + n};
	}
	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch < 256)
			return cli_usage(cmd, "unknown option");
		o = &opts[ch - 256];
		if (o->flag)
			*o->flag = 1;
		else if (o->str)
			*o->str = optarg;
		else if (o->num) {
			if (cli_parse_num(optarg, o->lo, o->hi, o->num))
				return cli_usage(cmd, o->bad);
		} else if ((code = o->take(o->ctx, optarg)) != 0)
			return code;
	}
	*rest = optind;
	return 0;
}
