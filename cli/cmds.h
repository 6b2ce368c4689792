/* SPDX-License-Identifier: MIT */
/* The subcommands; each file cli/cmd_*.c defines one or more. */
#ifndef OKNO_CMDS_H
#define OKNO_CMDS_H

#include "cli.h"

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_passwd(struct cli *c, int argc, char **argv);
int cmd_window(struct cli *c, int argc, char **argv);
int cmd_office(struct cli *c, int argc, char **argv);
extern const char usage_office[];
int cmd_case(struct cli *c, int argc, char **argv);
int cmd_calendar(struct cli *c, int argc, char **argv);
int cmd_intake(struct cli *c, int argc, char **argv);
int cmd_audit(struct cli *c, int argc, char **argv);
int cmd_journal(struct cli *c, int argc, char **argv);
int cmd_check_document(struct cli *c, int argc, char **argv);
int cmd_case_correct(struct cli *c, int argc, char **argv);
extern const char usage_journal[], usage_check_document[];
int cmd_report(struct cli *c, int argc, char **argv);
extern const char usage_report[];

extern const char usage_init[], usage_user[], usage_passwd[], usage_window[],
	usage_case[], usage_calendar[], usage_intake[], usage_audit[];

int cmd_print(struct cli *c, int argc, char **argv);
int cmd_blanks(struct cli *c, int argc, char **argv);
int cmd_forms(struct cli *c, int argc, char **argv);
extern const char usage_print[], usage_blanks[], usage_forms[];
int cmd_settings(struct cli *c, int argc, char **argv);
extern const char usage_settings[];

int cmd_queue(struct cli *c, int argc, char **argv);
int cmd_board(struct cli *c, int argc, char **argv);
extern const char usage_queue[], usage_board[];

int cmd_backup(struct cli *c, int argc, char **argv);
int cmd_restore(struct cli *c, int argc, char **argv);
extern const char usage_backup[], usage_restore[];

int cmd_portal(struct cli *c, int argc, char **argv);
int cmd_berkut(struct cli *c, int argc, char **argv);
extern const char usage_portal[], usage_berkut[];

int cmd_mrz(struct cli *c, int argc, char **argv);
int cmd_records(struct cli *c, int argc, char **argv);
extern const char usage_mrz[], usage_records[];

#endif
