/* SPDX-License-Identifier: MIT */
/* okno intake SERVICE: the kiosk straight on a blank intake form. */
#include "cmds.h"
#include "catalog.h"

#include <stdio.h>

const char usage_intake[] =
	"Usage: okno [--as LOGIN] intake SERVICE\n"
	"\n"
	"Opens the kiosk on a blank intake form of the service (border-pass,\n"
	"invitation, registration), after the password when the account needs\n"
	"one.\n";

int
cmd_intake(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || !catalog_find(argv[1]))
		return cli_usage("intake", "intake border-pass|invitation|"
					   "registration");
	return tui_main(c, argv[1]);
}
