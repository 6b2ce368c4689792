/* SPDX-License-Identifier: MIT */
/* okno settings: show and change the administrator's settings (idle lock,
 * login lockout); every change is an audit line. */
#include "cmds.h"
#include "settings.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char usage_settings[] =
	"Usage: okno --as ADMIN settings [show]\n"
	"       okno --as ADMIN settings set KEY VALUE\n"
	"       okno --as ADMIN settings unset KEY\n"
	"\n"
	"Keys: idle.minutes (kiosk idle lock, 0 = off; default 10),\n"
	"idle.seconds (the same in seconds, wins when set), lockout.attempts,\n"
	"lockout.minutes. Values are whole numbers within each key's range;\n"
	"unset brings the default back. Showing them needs the administrator\n"
	"or the auditor, changing one the administrator; both are written to\n"
	"the audit log.\n";

/* settings [show]: each key, its value or default, what it is. */
int
cmd_settings(struct session *c, int argc, char **argv)
{
	const struct setting_def *d;
	struct err e = {0};
	size_t n, i;
	long *v;
	int code, *set;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "show") != 0))
		return cli_usage("settings", argc > 2 && !strcmp(argv[1], "show")
					     ? "settings show"
					     : "settings [show] | set KEY VALUE "
					       "| unset KEY");
	if ((code = cli_ready(c)) != 0)
		return code;
	d = settings_known(&n);
	v = xcalloc(n, sizeof *v);
	set = xcalloc(n, sizeof *set);
	if (settings_show(c->store, &c->actor, v, set, n, &e) != ST_OK) {
		code = cli_fail(&e);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (set[i])
			cli_printf("%-18s %-8ld %s\n", d[i].key, v[i],
				   d[i].about_ru);
		else if (d[i].dflt >= 0)
			cli_printf("%-18s %-8ld %s (по умолчанию)\n",
				   d[i].key, d[i].dflt, d[i].about_ru);
		else
			cli_printf("%-18s %-8s %s\n", d[i].key, "-",
				   d[i].about_ru);
	}
out:
	free(v);
	free(set);
	return code;
}

/* settings set KEY VALUE, settings unset KEY */
static int
settings_set_cmd(struct session *c, int argc, char **argv)
{
	struct err e = {0};
	int code, set = argv[0][0] == 's';

	if (argc != (set ? 3 : 2))
		return cli_usage("settings", "settings [show] | set KEY VALUE | "
					     "unset KEY");
	if ((code = cli_ready(c)) != 0)
		return code;
	if (settings_change(c->store, &c->actor, argv[1], set ? argv[2] : NULL,
			    &e) != ST_OK)
		return cli_fail(&e);
	return 0;
}

const struct cli_command settings_subs[] = {
	{"show", NULL, cmd_settings, NULL, NEED_LOGIN, NULL},
	{"set", NULL, settings_set_cmd, NULL, NEED_LOGIN, NULL},
	{"unset", NULL, settings_set_cmd, NULL, NEED_LOGIN, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
