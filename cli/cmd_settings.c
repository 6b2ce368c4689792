/* SPDX-License-Identifier: MIT */
/* okno settings: show and change the administrator's settings (idle lock,
 * login lockout); every change is an audit line. */
#include "cmds.h"
#include "settings.h"

#include <stdio.h>
#include <string.h>

const char usage_settings[] =
	"Usage: okno --as ADMIN settings [show]\n"
	"       okno --as ADMIN settings set KEY VALUE\n"
	"       okno --as ADMIN settings unset KEY\n"
	"\n"
	"Keys: idle.minutes (kiosk idle lock, 0 = off; default 10),\n"
	"idle.seconds (the same in seconds, wins when set), lockout.attempts,\n"
	"lockout.minutes. Values are whole numbers within each key's range;\n"
	"unset brings the default back. Changing one needs the administrator\n"
	"and is written to the audit log.\n";

int
cmd_settings(struct session *c, int argc, char **argv)
{
	const struct setting_def *d;
	struct err e = {0};
	size_t n, i;
	long v;
	int code;

	if (argc < 2 || strcmp(argv[1], "show") == 0) {
		if (argc > 2)
			return cli_usage("settings", "settings show");
		if ((code = cli_open(c, 0)) != 0)
			return code;
		d = settings_known(&n);
		for (i = 0; i < n; i++) {
			if (settings_value(c->store, d[i].key, &v))
				cli_printf("%-18s %-8ld %s\n", d[i].key, v,
					   d[i].about_ru);
			else if (d[i].dflt >= 0)
				cli_printf("%-18s %-8ld %s (по умолчанию)\n",
					   d[i].key, d[i].dflt, d[i].about_ru);
			else
				cli_printf("%-18s %-8s %s\n", d[i].key, "-",
					   d[i].about_ru);
		}
		return 0;
	}
	if (strcmp(argv[1], "set") == 0 && argc == 4) {
		if ((code = cli_login(c, 0)) != 0)
			return code;
		if (settings_change(c->store, &c->actor, argv[2], argv[3],
				    &e) != ST_OK)
			return cli_fail(&e);
		return 0;
	}
	if (strcmp(argv[1], "unset") == 0 && argc == 3) {
		if ((code = cli_login(c, 0)) != 0)
			return code;
		if (settings_change(c->store, &c->actor, argv[2], NULL, &e) !=
		    ST_OK)
			return cli_fail(&e);
		return 0;
	}
	return cli_usage("settings", "settings [show] | set KEY VALUE | "
				     "unset KEY");
}
