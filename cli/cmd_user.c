/* SPDX-License-Identifier: MIT */
/* okno user / passwd / window: accounts and seats. */
#include "cmds.h"
#include "account.h"
#include "office.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char usage_user[] =
	"Usage: okno --as ADMIN user add LOGIN --name \"ФИО\" --position TEXT\n"
	"                 --role ROLE[,ROLE...] [--office CODE | --region CODE]\n"
	"       okno --as LOGIN user list\n"
	"       okno --as ADMIN user unlock LOGIN\n"
	"       okno --as ADMIN user reset LOGIN\n"
	"       okno --as ADMIN user bind LOGIN UNIX_USER   (\"\" to unbind)\n"
	"\n"
	"Roles: inspector, records, chief, operator, auditor, admin (office\n"
	"accounts); region_head (an account of a region, --region CODE).\n"
	"The new account's first password comes from the file named by\n"
	"$OKNO_NEW_PASSWORD_FILE, else from a prompt on a terminal, else one is\n"
	"generated and printed once. It must be changed at the first login.\n";

const char usage_passwd[] =
	"Usage: okno --as LOGIN passwd\n"
	"\n"
	"Changes your own password: the current one from $OKNO_PASSWORD_FILE\n"
	"or a prompt, the new one from $OKNO_NEW_PASSWORD_FILE or a prompt.\n";

const char usage_office[] =
	"Usage: okno --as ADMIN office add CODE --name NAME --region CODE|NAME\n"
	"                 [--address TEXT]\n"
	"       okno office list\n"
	"\n"
	"A database may hold several offices (district/city units) under their\n"
	"regional units; each has its own journal numbering and windows.\n";

const char usage_region[] =
	"Usage: okno --as ADMIN region add CODE --name NAME [--ministry]\n"
	"       okno region list\n"
	"\n"
	"Regional units (УМП ДВД) of this database under their national codes.\n"
	"Their offices are added with office add --region CODE, their accounts\n"
	"(records officers, the head) with user add --region CODE.\n"
	"--ministry: the ministry's level (ДМП МВД); its accounts reach every\n"
	"office of the database (the national database's own unit).\n";

const char usage_window[] =
	"Usage: okno --as ADMIN window set NUMBER LOGIN [--office CODE]\n"
	"       okno --as ADMIN window free NUMBER [--office CODE]\n"
	"       okno --as LOGIN window list [--office CODE]\n";

static char *
new_password(int *generated)
{
	char buf[16];

	*generated = 0;
	if (getenv("OKNO_NEW_PASSWORD_FILE") || isatty(STDIN_FILENO))
		return cli_secret("OKNO_NEW_PASSWORD_FILE", "Новый пароль: ");
	account_random_password(buf, 12);
	*generated = 1;
	return xstrdup(buf);
}

static int
user_add(struct session *c, int argc, char **argv)
{
	const char *name = NULL, *pos = "", *roles = NULL, *office = NULL;
	const char *region = NULL, *login;
	const struct cli_option opts[] = {
		CLI_STR("name", &name), CLI_STR("position", &pos),
		CLI_STR("role", &roles), CLI_STR("office", &office),
		CLI_STR("region", &region), CLI_END,
	};
	struct office_info oi;
	struct err e = {0};
	unsigned mask;
	int rest, code, generated;
	char *pw;

	if ((code = cli_options("user", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 1 != argc || !name || !roles)
		return cli_usage("user", "user add LOGIN --name --role ...");
	login = argv[rest];
	if (role_parse(roles, &mask, &e) != ST_OK)
		return cli_fail(&e);
	if ((code = cli_ready(c)) != 0)
		return code;
	if (!office && !region) {
		if (office_get_id(c->store, c->actor.office_id, &oi, NULL) ==
		    ST_OK)
			office = oi.code;
	}
	if (!(pw = new_password(&generated)))
		return status_exit_code(ST_USAGE);
	if (account_add(c->store, &c->actor, login, name, pos, mask, office,
			region, pw, NULL, &e) != ST_OK) {
		free(pw);
		return cli_fail(&e);
	}
	if (generated)
		printf("Account %s created. First-login password (shown once): "
		       "%s\n", login, pw);
	else
		printf("Account %s created.\n", login);
	free(pw);
	return 0;
}

static int
user_list(struct session *c, int argc, char **argv)
{
	struct account_info *v;
	struct err e = {0};
	size_t n, i;
	int code;

	if ((code = cli_ready(c)) != 0)
		return code;
	if (account_list(c->store, &c->actor, &v, &n, &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++) {
		char roles[128];

		role_format(v[i].roles, roles, sizeof roles);
		cli_printf("%-16s %-28s %-10s %s%s%s%s\n", v[i].login, roles,
			   v[i].office_code[0] ? v[i].office_code
					       : v[i].region_code,
			   v[i].full_name,
			   v[i].locked_until[0] ? "  [заблокирована до " : "",
			   v[i].locked_until,
			   v[i].locked_until[0] ? "]" : "");
	}
	free(v);
	return 0;
}

/* user unlock LOGIN, user reset LOGIN */
static int
user_unlock_reset(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	enum status st;
	int code, generated = 0;
	char *pw = NULL;

	if ((code = cli_ready_if(c, argc == 2, "user",
				 "user unlock|reset LOGIN")) != 0)
		return code;
	if (argv[0][0] == 'u') {
		st = account_unlock(c->store, &c->actor, argv[1], &e);
	} else {
		if (!(pw = new_password(&generated)))
			return status_exit_code(ST_USAGE);
		st = account_reset(c->store, &c->actor, argv[1], pw, &e);
	}
	if (st != ST_OK) {
		free(pw);
		return cli_fail(&e);
	}
	if (generated)
		printf("New first-login password for %s (shown once): %s\n",
		       argv[1], pw);
	free(pw);
	return 0;
}

static int
user_bind(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	int code;

	if ((code = cli_ready_if(c, argc == 3, "user",
				 "user bind LOGIN UNIX_USER")) != 0)
		return code;
	if (account_bind_unix(c->store, &c->actor, argv[1], argv[2], &e) !=
	    ST_OK)
		return cli_fail(&e);
	return 0;
}

const struct cli_command user_subs[] = {
	{"add", NULL, user_add, NULL, NEED_LOGIN, NULL},
	{"list", NULL, user_list, NULL, NEED_LOGIN, NULL},
	{"unlock", NULL, user_unlock_reset, NULL, NEED_LOGIN, NULL},
	{"reset", NULL, user_unlock_reset, NULL, NEED_LOGIN, NULL},
	{"bind", NULL, user_bind, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};

int
cmd_passwd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	char *old, *new;
	int code;

	if ((code = cli_ready_if(c, argc == 1, "passwd",
				 "no arguments expected")) != 0)
		return code;
	if (!c->as_login)
		return cli_usage("passwd", "give --as LOGIN");
	/* Log in first (the current password is checked there and again by
	 * account_passwd), allowing an account that must change it: as any
	 * login, bound to its Unix account and recorded from where it came
	 * (the SSH client's address). */
	if (!(old = cli_secret("OKNO_PASSWORD_FILE", "Текущий пароль: ")))
		return status_exit_code(ST_DENIED);
	{
		int must;

		if (session_login(c, c->as_login, old, "cli", NULL, &must,
				  &e) != ST_OK) {
			free(old);
			return cli_fail(&e);
		}
	}
	if (!(new = cli_secret("OKNO_NEW_PASSWORD_FILE", "Новый пароль: "))) {
		free(old);
		return status_exit_code(ST_USAGE);
	}
	code = 0;
	if (account_passwd(c->store, &c->actor, old, new, &e) != ST_OK)
		code = cli_fail(&e);
	else
		printf("Password changed for %s.\n", c->as_login);
	free(old);
	free(new);
	return code;
}

int
cmd_window(struct session *c, int argc, char **argv)
{
	const char *office = NULL;
	const struct cli_option opts[] = {CLI_STR("office", &office), CLI_END};
	struct office_info oi;
	struct err e = {0};
	int rest, code;

	if ((code = cli_options("window", opts, argc, argv, &rest)) != 0)
		return code;
	argc -= rest - 1;
	argv += rest - 1;
	if (argc < 2)
		return cli_usage("window", "a subcommand is needed");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (office ? office_get(c->store, office, &oi, &e)
		   : office_get_id(c->store, c->actor.office_id, &oi, &e))
		return cli_fail(&e);
	if (strcmp(argv[1], "set") == 0 && argc == 4) {
		if (window_set(c->store, &c->actor, oi.code, atoi(argv[2]),
			       argv[3], &e) != ST_OK)
			return cli_fail(&e);
		return 0;
	}
	if (strcmp(argv[1], "free") == 0 && argc == 3) {
		if (window_set(c->store, &c->actor, oi.code, atoi(argv[2]),
			       NULL, &e) != ST_OK)
			return cli_fail(&e);
		return 0;
	}
	if (strcmp(argv[1], "list") == 0 && argc == 2) {
		struct window_info *w;
		size_t n, i;

		if (window_list(c->store, oi.id, &w, &n, &e) != ST_OK)
			return cli_fail(&e);
		for (i = 0; i < n; i++)
			cli_printf("Окно %-3d %-16s %s, %s\n", w[i].number,
				   w[i].login[0] ? w[i].login : "-",
				   w[i].full_name, w[i].position);
		free(w);
		return 0;
	}
	return cli_usage("window", "window set N LOGIN | free N | list");
}

static int
office_list_cmd(struct session *c, int argc, char **argv)
{
	struct office_info *v;
	struct err e = {0};
	size_t n, i;
	int code;

	if ((code = cli_ready_if(c, argc == 1, "office",
				 "office add CODE ... | office list")) != 0)
		return code;
	if (office_list(c->store, &v, &n, &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++)
		cli_printf("%-10s %s; %s; %s\n", v[i].code, v[i].name,
			   v[i].region_name, v[i].address);
	free(v);
	return 0;
}

static int
office_add_cmd(struct session *c, int argc, char **argv)
{
	const char *name = NULL, *region = NULL, *addr = "";
	const struct cli_option opts[] = {
		CLI_STR("name", &name), CLI_STR("region", &region),
		CLI_STR("address", &addr), CLI_END,
	};
	struct err e = {0};
	int rest, code;

	if ((code = cli_options("office", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 1 != argc || !name || !region)
		return cli_usage("office", "office add CODE --name NAME "
					   "--region CODE|NAME");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (office_create(c->store, &c->actor, argv[rest], name, addr,
			  region, &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

static int
region_list_cmd(struct session *c, int argc, char **argv)
{
	struct region_info *v;
	struct err e = {0};
	size_t n, i;
	int code;

	if ((code = cli_ready_if(c, argc == 1, "region",
				 "region add CODE ... | region list")) != 0)
		return code;
	if (region_list(c->store, &v, &n, &e) != ST_OK)
		return cli_fail(&e);
	for (i = 0; i < n; i++)
		cli_printf("%-10s %s; подразделений: %d%s\n", v[i].code,
			   v[i].name, v[i].offices,
			   v[i].ministry ? "; уровень министерства" : "");
	free(v);
	return 0;
}

static int
region_add_cmd(struct session *c, int argc, char **argv)
{
	const char *name = NULL;
	int rest, code, ministry = 0;
	const struct cli_option opts[] = {
		CLI_STR("name", &name), CLI_FLAG("ministry", &ministry),
		CLI_END,
	};
	struct err e = {0};

	if ((code = cli_options("region", opts, argc, argv, &rest)) != 0)
		return code;
	if (rest + 1 != argc || !name)
		return cli_usage("region", "region add CODE --name NAME");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (region_add(c->store, &c->actor, argv[rest], name, ministry,
		       &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

const struct cli_command region_subs[] = {
	{"list", NULL, region_list_cmd, NULL, NEED_DB, NULL},
	{"add", NULL, region_add_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};

const struct cli_command office_subs[] = {
	{"list", NULL, office_list_cmd, NULL, NEED_DB, NULL},
	{"add", NULL, office_add_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
