/* SPDX-License-Identifier: MIT */
/* Schema migrations. Each entry runs once, in its own transaction, and
 * raises PRAGMA user_version to its number. Never edit a released entry:
 * add a new one. */
#include "schema.h"

#define APPEND_ONLY(t)                                                       \
	"CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t " BEGIN "       \
	"SELECT RAISE(ABORT, '" t " lines are append-only'); END;"           \
	"CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t " BEGIN "       \
	"SELECT RAISE(ABORT, '" t " lines are append-only'); END;"

static const char v1[] =
	"CREATE TABLE settings("
	" key TEXT PRIMARY KEY, value TEXT NOT NULL);"

	/* Regional unit (УМП ДВД) or the ministry level (ДМП МВД). */
	"CREATE TABLE regions("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" level TEXT NOT NULL DEFAULT 'region'"
	"  CHECK(level IN ('region','ministry')));"

	/* District or city unit: one office with numbered windows. */
	"CREATE TABLE offices("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" address TEXT NOT NULL DEFAULT '',"
	" region_id INTEGER NOT NULL REFERENCES regions(id));"

	"CREATE TABLE accounts("
	" id INTEGER PRIMARY KEY,"
	" login TEXT NOT NULL UNIQUE,"
	" full_name TEXT NOT NULL,"
	" position TEXT NOT NULL DEFAULT '',"
	" roles INTEGER NOT NULL,"
	" office_id INTEGER REFERENCES offices(id),"
	" region_id INTEGER REFERENCES regions(id),"
	" pw_hash TEXT,"
	" must_change INTEGER NOT NULL DEFAULT 1,"
	" failed_logins INTEGER NOT NULL DEFAULT 0,"
	" locked_until TEXT,"
	" unix_user TEXT,"
	" active INTEGER NOT NULL DEFAULT 1,"
	" created_at TEXT NOT NULL);"

	"CREATE TABLE windows("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" number INTEGER NOT NULL CHECK(number > 0),"
	" account_id INTEGER REFERENCES accounts(id),"
	" printer TEXT,"
	" UNIQUE(office_id, number));"

	/* Government transfers and corrections the admin enters: a weekday
	 * made a day off, or a weekend day made a working day. */
	"CREATE TABLE calendar_days("
	" date TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK(kind IN ('dayoff','workday')),"
	" note TEXT NOT NULL,"
	" added_by INTEGER REFERENCES accounts(id),"
	" added_at TEXT NOT NULL);"

	"CREATE TABLE cases("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" service TEXT NOT NULL,"
	" channel TEXT NOT NULL DEFAULT 'paper'"
	"  CHECK(channel IN ('paper','electronic')),"
	" state TEXT NOT NULL,"
	" form_id TEXT NOT NULL,"
	" form_version TEXT NOT NULL,"
	" data TEXT NOT NULL,"            /* JSON object of form values */
	" checklist TEXT NOT NULL DEFAULT '[]'," /* JSON: documents presented */
	" surname_key TEXT NOT NULL DEFAULT ''," /* folded, for search */
	" docno TEXT NOT NULL DEFAULT '',"
	" citizenship TEXT NOT NULL DEFAULT '',"
	" accepted_at TEXT,"
	" due_date TEXT,"
	" journal_no INTEGER,"
	" journal_year INTEGER,"
	" berkut_at TEXT,"
	" created_by INTEGER NOT NULL REFERENCES accounts(id),"
	" created_at TEXT NOT NULL,"
	" updated_at TEXT NOT NULL);"
	"CREATE INDEX cases_state ON cases(office_id, state, due_date);"
	"CREATE INDEX cases_due ON cases(due_date);"
	"CREATE INDEX cases_surname ON cases(surname_key);"
	"CREATE INDEX cases_docno ON cases(docno);"

	/* The history of a case: one row per transition. */
	"CREATE TABLE case_events("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" event TEXT NOT NULL,"
	" from_state TEXT,"
	" to_state TEXT NOT NULL,"
	" actor_id INTEGER NOT NULL REFERENCES accounts(id),"
	" at TEXT NOT NULL,"
	" reason TEXT,"
	" ground TEXT,"
	" data TEXT);"
	"CREATE INDEX case_events_case ON case_events(case_id, id);"
	APPEND_ONLY("case_events")

	/* The office journal: append-only and hash-chained per office. A line
	 * with a number (no) opens an entry (an accepted application); later
	 * lines about the same case (decision, hand-out, correction) refer to
	 * it through case_id and carry no number of their own. */
	"CREATE TABLE journal("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" seq INTEGER NOT NULL,"
	" book TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" no INTEGER,"
	" kind TEXT NOT NULL,"
	" case_id INTEGER REFERENCES cases(id),"
	" corrects INTEGER REFERENCES journal(id),"
	" at TEXT NOT NULL,"
	" actor_id INTEGER NOT NULL REFERENCES accounts(id),"
	" content TEXT NOT NULL,"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL,"
	" UNIQUE(office_id, seq),"
	" UNIQUE(office_id, book, year, no));"
	"CREATE INDEX journal_case ON journal(case_id);"
	APPEND_ONLY("journal")

	/* The audit log: who did what, when, from where; hash-chained. */
	"CREATE TABLE audit("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL,"
	" account_id INTEGER,"
	" login TEXT NOT NULL DEFAULT '',"
	" action TEXT NOT NULL,"
	" object TEXT NOT NULL DEFAULT '',"
	" detail TEXT NOT NULL DEFAULT '',"
	" origin TEXT NOT NULL DEFAULT '',"
	" prev_hash TEXT NOT NULL,"
	" hash TEXT NOT NULL);"
	"CREATE INDEX audit_who ON audit(login, at);"
	"CREATE INDEX audit_object ON audit(object);"
	APPEND_ONLY("audit");

/* The exact text of every form version a case was filled with, so an old
 * case re-renders and reprints as it was accepted (core/form.c). */
static const char v3[] =
	"CREATE TABLE form_texts("
	" id TEXT NOT NULL,"
	" version TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" PRIMARY KEY(id, version, sha256));";

const struct migration schema_migrations[] = {
	{1, "offices, accounts, cases, journal, audit, calendar", v1},
	{3, "form text snapshots", v3},
};

const int schema_migration_count =
	(int)(sizeof schema_migrations / sizeof schema_migrations[0]);
