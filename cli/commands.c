/* SPDX-License-Identifier: MIT */
/* The table of subcommands shown by okno --help. */
#include "cmds.h"

#include <stddef.h>

const struct cli_command cli_commands[] = {
	{"init", "create the database, the office and the first admin",
	 cmd_init, usage_init},
	{"user", "accounts: add, list, unlock, reset, bind", cmd_user,
	 usage_user},
	{"passwd", "change your own password", cmd_passwd, usage_passwd},
	{"office", "offices (district/city units) of this database",
	 cmd_office, usage_office},
	{"window", "seat an inspector at a numbered window", cmd_window,
	 usage_window},
	{"case", "cases: new, show, list, event", cmd_case, usage_case},
	{"calendar", "working-day calendar: due dates, holidays, transfers",
	 cmd_calendar, usage_calendar},
	{"audit", "the audit log: list and verify", cmd_audit, usage_audit},
	{"journal", "the office journal: verify, seal, close-day, book, list, "
	 "print, export", cmd_journal, usage_journal},
	{"check-document", "check a document's code against the journal",
	 cmd_check_document, usage_check_document},
	{"report", "office reports: day, period", cmd_report, usage_report},
	{"print", "print a case's document: file, lp or the terminal's "
	 "printer", cmd_print, usage_print},
	{"blanks", "numbered blanks of passes and invitations: add, spoil, "
	 "report", cmd_blanks, usage_blanks},
	{"forms", "form and template files: check, show", cmd_forms,
	 usage_forms},
	{"settings", "administrator's settings: idle lock, login lockout",
	 cmd_settings, usage_settings},
	{"queue", "the electronic queue: take, call, recall, no-show, "
	 "postpone, transfer, done, list, times", cmd_queue, usage_queue},
	{"backup", "consistent copy of the live database (online backup API)",
	 cmd_backup, usage_backup},
	{"restore", "replace the database with a checked copy", cmd_restore,
	 usage_restore},
	{"portal", "e-government portal: import applications, list, sign "
	 "results", cmd_portal, usage_portal},
	{"berkut", "batches for ЕИС «Беркут»: export, ack, list", cmd_berkut,
	 usage_berkut},
	{"mrz", "read a document's machine-readable zone on stdin",
	 cmd_mrz, usage_mrz},
	{"records", "special records: import, check a case, decide",
	 cmd_records, usage_records},
	{NULL, NULL, NULL, NULL},
};
