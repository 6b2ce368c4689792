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

/* Journal books (volumes opened and closed with a certificate), the check
 * codes printed on issued documents, and the indexes the journal browser
 * and reports need (core/journal_*.c). A book row is amended when the book
 * is closed; the journal lines "book-open" and "book-close" are the
 * chained, append-only record of both acts. */
static const char v2[] =
	"CREATE TABLE journal_books("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" book TEXT NOT NULL,"
	" year INTEGER NOT NULL,"
	" number INTEGER NOT NULL,"
	" opened_at TEXT NOT NULL,"
	" opened_by INTEGER NOT NULL REFERENCES accounts(id),"
	" closed_at TEXT,"
	" closed_by INTEGER REFERENCES accounts(id),"
	" first_no INTEGER NOT NULL,"
	" last_no INTEGER,"
	" entries INTEGER NOT NULL DEFAULT 0,"
	" pages INTEGER NOT NULL DEFAULT 0,"
	" certificate TEXT NOT NULL DEFAULT '',"
	" UNIQUE(office_id, book, year, number));"
	"CREATE UNIQUE INDEX journal_books_open ON journal_books(office_id, book)"
	" WHERE closed_at IS NULL;"
	"CREATE TABLE journal_codes("
	" code TEXT PRIMARY KEY,"
	" line_id INTEGER NOT NULL UNIQUE REFERENCES journal(id))"
	" WITHOUT ROWID;"
	APPEND_ONLY("journal_codes")
	"CREATE INDEX journal_at ON journal(office_id, at);"
	"CREATE INDEX journal_kind ON journal(office_id, kind, seq);"
	"CREATE INDEX journal_corrects ON journal(corrects) WHERE corrects IS NOT NULL;"
	"CREATE INDEX case_events_at ON case_events(at, event);";

/* The exact text of every form version a case was filled with, so an old
 * case re-renders and reprints as it was accepted (core/forms_validate.c). */
static const char v3[] =
	"CREATE TABLE form_texts("
	" id TEXT NOT NULL,"
	" version TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" text TEXT NOT NULL,"
	" PRIMARY KEY(id, version, sha256));";

/* Half-filled intake forms kept for their inspector across a hang-up or a
 * lock, one per account (core/draft.c). */
static const char v4[] =
	"CREATE TABLE drafts("
	" account_id INTEGER PRIMARY KEY REFERENCES accounts(id),"
	" service TEXT NOT NULL,"
	" form_id TEXT NOT NULL,"
	" data TEXT NOT NULL,"
	" documents TEXT NOT NULL DEFAULT '[]',"
	" focus INTEGER NOT NULL DEFAULT 0,"
	" saved_at TEXT NOT NULL);";

/* Prints of official documents (core/print.c): one row per copy printed,
 * a reprint flagged; and the numbered blanks of strict accountability that
 * passes and invitations are printed on. A blank leaves the stock once,
 * used (used_at) or spoiled unused; a used blank spoiled in the printer
 * keeps its used_at and gets spoiled_at. at/actor_id: the last change. */
static const char v5[] =
	"CREATE TABLE prints("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" document TEXT NOT NULL,"
	" copy_no INTEGER NOT NULL DEFAULT 1,"
	" reprint INTEGER NOT NULL DEFAULT 0,"
	" blank_no TEXT,"
	" width INTEGER NOT NULL,"
	" encoding TEXT NOT NULL,"
	" target TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" actor_id INTEGER NOT NULL REFERENCES accounts(id));"
	"CREATE INDEX prints_case ON prints(case_id, document);"
	APPEND_ONLY("prints")
	"CREATE TABLE blanks("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" series TEXT NOT NULL,"
	" number INTEGER NOT NULL CHECK(number > 0),"
	" kind TEXT NOT NULL CHECK(kind IN ('border-pass','invitation')),"
	" state TEXT NOT NULL DEFAULT 'stock'"
	"  CHECK(state IN ('stock','used','spoiled')),"
	" case_id INTEGER REFERENCES cases(id),"
	" print_id INTEGER REFERENCES prints(id),"
	" reason TEXT,"
	" at TEXT NOT NULL,"
	" actor_id INTEGER NOT NULL REFERENCES accounts(id),"
	" added_at TEXT NOT NULL,"
	" added_by INTEGER NOT NULL REFERENCES accounts(id),"
	" used_at TEXT,"
	" spoiled_at TEXT,"
	" UNIQUE(office_id, kind, series, number));"
	"CREATE INDEX blanks_number ON blanks(office_id, number);";

/* Special records (спецучеты) imported from the regional unit's CSV, with
 * the match keys of core/translit.h for the name search (issue 9). */
static const char v6[] =
	"CREATE TABLE records("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL"
	"  CHECK(kind IN ('entry_ban','wanted','violation')),"
	" surname TEXT NOT NULL,"
	" given_names TEXT NOT NULL DEFAULT '',"
	" patronymic TEXT NOT NULL DEFAULT '',"
	" birth_date TEXT NOT NULL DEFAULT '',"
	" citizenship TEXT NOT NULL DEFAULT '',"
	" doc_number TEXT NOT NULL DEFAULT '',"
	" note TEXT NOT NULL DEFAULT '',"
	" source TEXT NOT NULL DEFAULT '',"
	" imported_at TEXT NOT NULL,"
	" surname_key TEXT NOT NULL,"
	" given_key TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX records_doc ON records(doc_number);"
	"CREATE INDEX records_names ON records(surname_key, given_key);"
	"CREATE INDEX records_birth ON records(birth_date);";

/* The outbound exchanges (core/portal_*.c, core/berkut.c): portal
 * applications taken in (one row per portal request id, so a file is never
 * taken twice), signed results sent back, and the Berkut batches with the
 * records each carried. upto_line: the last journal line of the case the
 * record reflects, so a later correction goes out in a later batch. */
static const char v7[] =
	"CREATE TABLE portal_requests("
	" id INTEGER PRIMARY KEY,"
	" request_id TEXT NOT NULL UNIQUE,"
	" file TEXT NOT NULL, sha256 TEXT NOT NULL,"
	" case_id INTEGER NOT NULL UNIQUE REFERENCES cases(id),"
	" applicant_iin TEXT NOT NULL,"
	" applicant_name TEXT NOT NULL,"
	" submitted_at TEXT NOT NULL,"
	" imported_at TEXT NOT NULL,"
	" imported_by INTEGER NOT NULL REFERENCES accounts(id));"
	"CREATE TABLE portal_results("
	" id INTEGER PRIMARY KEY,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" request_id TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK(status IN ('registered','refused')),"
	" document TEXT NOT NULL, sha256 TEXT NOT NULL,"
	" signer TEXT NOT NULL,"
	" cert_serial TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" actor_id INTEGER NOT NULL REFERENCES accounts(id));"
	"CREATE INDEX portal_results_case ON portal_results(case_id);"
	"CREATE TABLE berkut_batches("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" no INTEGER NOT NULL CHECK(no > 0),"
	" file TEXT NOT NULL,"
	" content TEXT NOT NULL, sha256 TEXT NOT NULL,"
	" count INTEGER NOT NULL,"
	" created_at TEXT NOT NULL,"
	" created_by INTEGER NOT NULL REFERENCES accounts(id),"
	" sent_count INTEGER NOT NULL DEFAULT 1,"
	" last_sent_at TEXT NOT NULL,"
	" acked_at TEXT,"
	" acked_by INTEGER REFERENCES accounts(id), ack_sha256 TEXT,"
	" UNIQUE(office_id, no));"
	"CREATE TABLE berkut_items("
	" id INTEGER PRIMARY KEY,"
	" batch_id INTEGER NOT NULL REFERENCES berkut_batches(id),"
	" seq INTEGER NOT NULL,"
	" case_id INTEGER NOT NULL REFERENCES cases(id),"
	" kind TEXT NOT NULL CHECK(kind IN ('registration','correction')),"
	" upto_line INTEGER NOT NULL,"
	" status TEXT CHECK(status IN ('accepted','rejected')),"
	" reason TEXT,"
	" UNIQUE(batch_id, seq));"
	"CREATE INDEX berkut_items_case ON berkut_items(case_id);";

/* The electronic queue (core/queue.c): tickets numbered per office per
 * day; ord is the place in the queue (a postponed ticket gets a new one at
 * the end); window_no is the window that called it, or the one it was
 * transferred to while it waits; case_id the case it led to. */
static const char v8[] =
	"CREATE TABLE queue_tickets("
	" id INTEGER PRIMARY KEY,"
	" office_id INTEGER NOT NULL REFERENCES offices(id),"
	" day TEXT NOT NULL,"
	" number INTEGER NOT NULL CHECK(number > 0),"
	" service TEXT,"
	" state TEXT NOT NULL DEFAULT 'waiting'"
	"  CHECK(state IN ('waiting','called','done','no-show')),"
	" ord INTEGER NOT NULL,"
	" window_no INTEGER,"
	" called_by INTEGER REFERENCES accounts(id),"
	" calls INTEGER NOT NULL DEFAULT 0,"
	" taken_at TEXT NOT NULL,"
	" called_at TEXT,"
	" shown_at TEXT,"
	" shown_no INTEGER NOT NULL DEFAULT 0,"  /* order of calls on the board */
	" finished_at TEXT,"
	" case_id INTEGER REFERENCES cases(id),"
	" UNIQUE(office_id, day, number));"
	"CREATE INDEX queue_wait ON queue_tickets(office_id, day, state, ord);"
	"CREATE INDEX queue_case ON queue_tickets(case_id);";

/* Drafts per form and per applicant: an inspector keeps as many as there
 * are people waiting, each resumed or discarded by its id (core/draft.c);
 * the one draft of each account before this migration becomes the first.
 * A case returned at intake gets the return notice's number, counted per
 * office and year. */
static const char v9[] =
	"ALTER TABLE drafts RENAME TO drafts_v4;"
	"CREATE TABLE drafts("
	" id INTEGER PRIMARY KEY,"
	" account_id INTEGER NOT NULL REFERENCES accounts(id),"
	" service TEXT NOT NULL,"
	" form_id TEXT NOT NULL,"
	" applicant TEXT NOT NULL DEFAULT '',"
	" data TEXT NOT NULL,"
	" documents TEXT NOT NULL DEFAULT '[]',"
	" focus INTEGER NOT NULL DEFAULT 0,"
	" created_at TEXT NOT NULL,"
	" saved_at TEXT NOT NULL);"
	"INSERT INTO drafts(account_id, service, form_id, data, documents,"
	" focus, created_at, saved_at) SELECT account_id, service, form_id,"
	" data, documents, focus, saved_at, saved_at FROM drafts_v4;"
	"DROP TABLE drafts_v4;"
	"CREATE INDEX drafts_account ON drafts(account_id, saved_at);"
	"ALTER TABLE cases ADD COLUMN return_no INTEGER;"
	"ALTER TABLE cases ADD COLUMN return_year INTEGER;";

/* The database's mode, fixed when the file is created: an office database
 * (0) or a training one (1, okno init --training), where a fixed clock and
 * cheap password hashes are allowed and every screen and page says so.
 * okno_new_training() is 1 only for a file store_open has just created
 * as a training database; one that existed before this migration is an
 * office's. The row can be neither changed nor removed, and the mode is
 * also the seed of the journal and audit chains (store_genesis). */
static const char v10[] =
	"CREATE TABLE database_mode("
	" id INTEGER PRIMARY KEY CHECK(id = 1),"
	" training INTEGER NOT NULL CHECK(training IN (0, 1)),"
	" created_at TEXT NOT NULL);"
	"INSERT INTO database_mode(id, training, created_at) VALUES"
	" (1, okno_new_training(), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));"
	"CREATE TRIGGER database_mode_no_insert BEFORE INSERT ON database_mode"
	" BEGIN SELECT RAISE(ABORT, 'the database mode is fixed'); END;"
	APPEND_ONLY("database_mode");

/* The head of each office's journal chain (core/journal.c): the last
 * line's seq and hash ('' before the first line: the genesis). Appending a
 * line updates this row first, so the row lock serializes the windows of
 * one office (on PostgreSQL too, where many office servers write at once)
 * while other offices go on. stamp: the line's stamp exactly as hashed,
 * since a stored stamp may read back in another form (PostgreSQL's
 * timestamptz shows the reader's time zone); NULL on older lines, whose
 * `at` is that text. */
static const char v11[] =
	"CREATE TABLE journal_heads("
	" office_id INTEGER PRIMARY KEY REFERENCES offices(id),"
	" seq INTEGER NOT NULL,"
	" hash TEXT NOT NULL);"
	"INSERT INTO journal_heads(office_id, seq, hash)"
	" SELECT o.id, COALESCE(j.seq, 0), COALESCE(j.hash, '') FROM offices o"
	" LEFT JOIN journal j ON j.office_id = o.id AND j.seq ="
	"  (SELECT MAX(seq) FROM journal x WHERE x.office_id = o.id);"
	"ALTER TABLE journal ADD COLUMN stamp TEXT;";

/* Outputs after commit (core/outputs.c): the bytes of a print, a Berkut
 * batch or a portal result, recorded pending in the act's transaction,
 * written after the commit, then marked delivered; content is base64. */
static const char v12[] =
	"CREATE TABLE outputs("
	" id INTEGER PRIMARY KEY,"
	" kind TEXT NOT NULL,"
	" object TEXT NOT NULL DEFAULT '',"
	" target TEXT NOT NULL CHECK(target IN ('file','lp','terminal')),"
	" dest TEXT NOT NULL,"
	" flags INTEGER NOT NULL DEFAULT 0,"
	" content TEXT NOT NULL,"
	" size INTEGER NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'pending'"
	"  CHECK(state IN ('pending','delivered')),"
	" account_id INTEGER REFERENCES accounts(id),"
	" unix_user TEXT NOT NULL DEFAULT '',"
	" created_at TEXT NOT NULL,"
	" delivered_at TEXT,"
	" delivered_to TEXT);"
	"CREATE INDEX outputs_pending ON outputs(kind, object)"
	" WHERE state = 'pending';";

/* The audit log's head (core/audit.c), as journal_heads is the journal's:
 * the last line's id and hash ('' before the first line), updated first
 * by every new line. stamp: the line's stamp as hashed (NULL on older
 * lines, whose `at` is that text). */
static const char v13[] =
	"CREATE TABLE audit_head("
	" id INTEGER PRIMARY KEY CHECK(id = 1),"
	" seq INTEGER NOT NULL,"
	" hash TEXT NOT NULL);"
	"INSERT INTO audit_head(id, seq, hash)"
	" SELECT 1, COALESCE(MAX(id), 0), COALESCE((SELECT hash FROM audit x"
	" ORDER BY x.id DESC LIMIT 1), '') FROM audit;"
	"ALTER TABLE audit ADD COLUMN stamp TEXT;";

/* PostgreSQL's twin makes a database created now for training a training
 * one (schema_pg.c); a SQLite file took its mode at migration 10. */
static const char v14[] = "SELECT 1;";

/* One audit chain per office (core/audit.c): a line is filed into the
 * chain of its author's office (0: the region's accounts and the system)
 * and numbered there (seq); id only orders the lines of all chains. The
 * lines so far are chain 0's, numbered as they were. audit_heads holds
 * each chain's last number and hash, taken by every new line of it. */
static const char v15[] =
	"ALTER TABLE audit ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE audit ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
	"DROP TRIGGER audit_no_update;"
	"UPDATE audit SET seq = id;"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
	"SELECT RAISE(ABORT, 'audit lines are append-only'); END;"
	"CREATE UNIQUE INDEX audit_chain ON audit(chain, seq);"
	"CREATE TABLE audit_heads("
	" chain INTEGER PRIMARY KEY,"
	" seq INTEGER NOT NULL,"
	" hash TEXT NOT NULL);"
	"INSERT INTO audit_heads(chain, seq, hash)"
	" SELECT 0, COALESCE(MAX(id), 0), COALESCE((SELECT hash FROM audit x"
	" ORDER BY x.id DESC LIMIT 1), '') FROM audit;"
	"DROP TABLE audit_head;";

/* Portal results' signers (core/eds.c): the certification authorities
 * the administrator trusts, and the holder of each account's signing
 * certificates (its IIN, or else its name). */
static const char v16[] =
	"CREATE TABLE eds_trust("
	" id INTEGER PRIMARY KEY,"
	" sha256 TEXT NOT NULL UNIQUE,"
	" subject TEXT NOT NULL,"
	" not_after TEXT NOT NULL,"
	" pem TEXT NOT NULL,"
	" added_by INTEGER REFERENCES accounts(id),"
	" added_at TEXT NOT NULL);"
	"CREATE TABLE eds_bindings("
	" account_id INTEGER PRIMARY KEY REFERENCES accounts(id),"
	" iin TEXT NOT NULL DEFAULT '',"
	" name TEXT NOT NULL DEFAULT '',"
	" added_by INTEGER REFERENCES accounts(id),"
	" added_at TEXT NOT NULL);";

/* PostgreSQL's twin gives its planner statistics on "+office_id" of the
 * journal (schema_pg.c); SQLite reads the "+" as an order not to use
 * the index, as meant. */
static const char v17[] = "SELECT 1;";

/* Offices moved in from another database (core/migrate.c). A journal line
 * hashes the ids its office, case, corrected line and author had where it
 * was written, an audit line its chain's number and its account's id;
 * moved here they get new ids, so the numbers as hashed are kept beside
 * them (NULL on lines written here: the row's own ids are the hashed
 * ones), and an audit line keeps the id it had there (moved_id: a seal
 * written down there names it). moved_in records each database moved in;
 * moved_chains the audit chains it brought: its offices' (under their new
 * ids) and its region's and system's chain, which gets a number of its
 * own below zero here, so two moved databases' chains never interleave;
 * moved_cases the id each moved case had there (its audit lines name it
 * so: "case:12"). */
static const char v18[] =
	"ALTER TABLE journal ADD COLUMN hashed_office INTEGER;"
	"ALTER TABLE journal ADD COLUMN hashed_case INTEGER;"
	"ALTER TABLE journal ADD COLUMN hashed_corrects INTEGER;"
	"ALTER TABLE journal ADD COLUMN hashed_actor INTEGER;"
	"ALTER TABLE audit ADD COLUMN hashed_chain INTEGER;"
	"ALTER TABLE audit ADD COLUMN hashed_account INTEGER;"
	"ALTER TABLE audit ADD COLUMN moved_id INTEGER;"
	"CREATE INDEX audit_moved ON audit(moved_id) WHERE moved_id IS NOT NULL;"
	"CREATE TABLE moved_in("
	" id INTEGER PRIMARY KEY,"
	" file TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" offices TEXT NOT NULL,"
	" at TEXT NOT NULL,"
	" account_id INTEGER REFERENCES accounts(id));"
	APPEND_ONLY("moved_in")
	"CREATE TABLE moved_chains("
	" chain INTEGER PRIMARY KEY,"
	" moved_in INTEGER NOT NULL REFERENCES moved_in(id),"
	" hashed INTEGER NOT NULL,"
	" UNIQUE(moved_in, hashed));"
	APPEND_ONLY("moved_chains")
	"CREATE TABLE moved_cases("
	" case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
	" moved_in INTEGER NOT NULL REFERENCES moved_in(id),"
	" old_id INTEGER NOT NULL);"
	APPEND_ONLY("moved_cases");

const struct migration schema_migrations[] = {
	SCHEMA_MIGRATIONS(SCHEMA_MIGRATION)
};

const int schema_migration_count =
	(int)(sizeof schema_migrations / sizeof schema_migrations[0]);
