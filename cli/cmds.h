/* SPDX-License-Identifier: MIT */
/* The subcommands; each file cli/cmd_*.c defines one or more. */
#ifndef OKNO_CMDS_H
#define OKNO_CMDS_H

#include "cli.h"

int cmd_init(struct session *c, int argc, char **argv);
int cmd_passwd(struct session *c, int argc, char **argv);
int cmd_window(struct session *c, int argc, char **argv);
extern const char usage_office[], usage_region[];
int cmd_audit(struct session *c, int argc, char **argv);
int cmd_check_document(struct session *c, int argc, char **argv);
/* case correct (in cmd_journal.c, beside the journal it writes to) */
int cmd_case_correct(struct session *c, int argc, char **argv);
extern const char usage_journal[], usage_check_document[];
int cmd_report(struct session *c, int argc, char **argv);
extern const char usage_report[];

extern const char usage_init[], usage_user[], usage_passwd[], usage_window[],
	usage_case[], usage_calendar[], usage_audit[];

int cmd_print(struct session *c, int argc, char **argv);
extern const char usage_print[], usage_blanks[], usage_forms[];
int cmd_settings(struct session *c, int argc, char **argv);
extern const char usage_settings[];

extern const char usage_queue[];

int cmd_backup(struct session *c, int argc, char **argv);
int cmd_restore(struct session *c, int argc, char **argv);
extern const char usage_backup[], usage_restore[];

extern const char usage_portal[], usage_berkut[];

int cmd_mrz(struct session *c, int argc, char **argv);
extern const char usage_mrz[], usage_records[];

/* Subcommand tables (struct cli_command). */
extern const struct cli_command audit_subs[], berkut_subs[], blanks_subs[],
	calendar_subs[], case_subs[], forms_subs[], journal_subs[],
	office_subs[], portal_subs[], queue_subs[], records_subs[], region_subs[],
	settings_subs[], user_subs[];

int cmd_rules(struct session *c, int argc, char **argv);
extern const char usage_rules[];
int cmd_doctor(struct session *c, int argc, char **argv);
extern const char usage_doctor[];
int cmd_migrate(struct session *c, int argc, char **argv);
extern const char usage_migrate[];

#endif
