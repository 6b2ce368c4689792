/* SPDX-License-Identifier: MIT */
/* The table of commands: what okno --help shows, which function runs
 * each, its usage text, what it needs (database, login, forms) and its
 * subcommands (in the cmd_*.c file of each). */
#include "cmds.h"

#include <stddef.h>

#define L NEED_LOGIN

const struct cli_command cli_commands[] = {
	{"init", "create the database, the office and the first admin",
	 cmd_init, usage_init, 0, NULL},
	{"user", "accounts: add, list, unlock, reset, bind", NULL, usage_user,
	 0, user_subs},
	{"passwd", "change your own password", cmd_passwd, usage_passwd,
	 NEED_DB, NULL},
	{"office", "offices (district/city units) of this database", NULL,
	 usage_office, 0, office_subs},
	{"region", "regional units (УМП ДВД) of this database: add, list",
	 NULL, usage_region, 0, region_subs},
	{"window", "seat an inspector at a numbered window", cmd_window,
	 usage_window, L, NULL},
	{"case", "cases: new, show, list, event", NULL, usage_case, 0,
	 case_subs},
	{"calendar", "working-day calendar: due dates, holidays, transfers",
	 NULL, usage_calendar, 0, calendar_subs},
	{"audit", "the audit log: list and verify", cmd_audit, usage_audit, L,
	 audit_subs},
	{"journal", "the office journal: verify, seal, close-day, book, list, "
	 "print, export", NULL, usage_journal, 0, journal_subs},
	{"check-document", "check a document's code against the journal",
	 cmd_check_document, usage_check_document, L, NULL},
	{"report", "office reports: day, period", cmd_report, usage_report,
	 L | NEED_FORMS,
	 NULL},
	{"print", "print a case's document: file, lp or the terminal's "
	 "printer", cmd_print, usage_print,
	 L | NEED_FORMS | NEED_COSIGN_AS(PERM_REPRINT), NULL},
	{"blanks", "numbered blanks of passes and invitations: add, spoil, "
	 "report", NULL, usage_blanks, 0, blanks_subs},
	{"forms", "form and template files: check, show", NULL, usage_forms, 0,
	 forms_subs},
	{"rules", "the reglaments' rules in force on a day: list", cmd_rules,
	 usage_rules, 0, NULL},
	{"settings", "administrator's settings: idle lock, login lockout",
	 cmd_settings, usage_settings, L, settings_subs},
	{"queue", "the electronic queue: take, call, recall, no-show, "
	 "postpone, transfer, done, list, times", NULL, usage_queue, 0,
	 queue_subs},
	{"backup", "consistent copy of the live database (online backup API)",
	 cmd_backup, usage_backup, 0, NULL},
	{"restore", "replace the database with a checked copy", cmd_restore,
	 usage_restore, 0, NULL},
	{"portal", "e-government portal: import applications, list, sign "
	 "results", NULL, usage_portal, 0, portal_subs},
	{"berkut", "batches for ЕИС «Беркут»: export, ack, list", NULL,
	 usage_berkut, 0, berkut_subs},
	{"mrz", "read a document's machine-readable zone on stdin", cmd_mrz,
	 usage_mrz, 0, NULL},
	{"records", "special records: import, check a case, decide", NULL,
	 usage_records, 0, records_subs},
	{"doctor", "check the office server's installation", cmd_doctor,
	 usage_doctor, 0, NULL},
	{"migrate", "move an office database file into the region's "
	 "PostgreSQL database", cmd_migrate, usage_migrate, 0, NULL},
	{NULL, NULL, NULL, NULL, 0, NULL},
};
