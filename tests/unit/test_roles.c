/* SPDX-License-Identifier: MIT */
/* The role matrix of issue 7, walked through the real core calls on a
 * temporary database: every role (inspector, records, chief, operator,
 * auditor, admin, and the regional head of the migration police on an
 * account of the region) against every act a person can take. The expected
 * outcome of each pair is written here from the issue's role descriptions,
 * not read from role.c:
 *   inspector  intake (case new, accept, return, cancel), hand-out, prints
 *              at the window, Berkut entry, the queue;
 *   records    the special-records check (a clear one completes a
 *              registration);
 *   chief      decisions on registrations after a hit; prepares passes
 *              and invitations; signs off corrections of accepted cases
 *              and reprints;
 *   region_head  decides and signs passes and invitations (para. 4 of
 *              their reglaments), reads cases and reports of the region;
 *   operator   the journal (seal, day closing, books), blanks, prints,
 *              reports, Berkut, the queue;
 *   auditor    reads everything (cases, journal, reports, the audit log)
 *              and changes nothing;
 *   admin      accounts, offices, windows, calendar; no case decision and
 *              no reading of cases.
 * Reading a case or the journal is open to every role but the admin.
 * A regional role on an office account is refused at account creation
 * (test_roles_cosign.c, with four eyes). The second tier
 * (test_matrix_tiers): an office's accounts act on their own office's
 * cases only, an account of the region on every office's of the region.
 * An allowed act must succeed and leave exactly its audit lines; a
 * refused act must return ST_DENIED and leave the database byte for byte
 * as it was (refusals are not audited: nothing is written, see README,
 * "Audit").
 * Runs on both engines (engines: sqlite pg; scripts/run-tests.sh). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "account.h"
#include "audit.h"
#include "settings.h"
#include "berkut.h"
#include "blank.h"
#include "calendar.h"
#include "cases.h"
#include "draft.h"
#include "forms.h"
#include "journal.h"
#include "office.h"
#include "portal.h"
#include "print.h"
#include "queue.h"
#include "records.h"
#include "report.h"
#include "store.h"
#include "util.h"

#include "roles_fx.h"

/* FNV-1a over every row of every table, the rows combined whatever
 * their order: a refused act must leave it unchanged (an UPDATE shows as
 * well as an INSERT). On both engines. */
static uint64_t
fingerprint(struct store *s)
{
	struct db_stmt *tl, *st;
	uint64_t h = 1469598103934665603ull;

	tl = db_prepare(s, db_engine(s) == DB_SQLITE
			? "SELECT name FROM sqlite_master WHERE type = 'table' "
			  "ORDER BY name"
			: "SELECT table_name FROM information_schema.tables "
			  "WHERE table_schema = 'public' AND table_type = "
			  "'BASE TABLE' ORDER BY table_name", NULL);
	while (db_step(tl, NULL) == DB_ROW) {
		char *sql = xasprintf("SELECT * FROM \"%s\"",
				      db_col_text(tl, 0));
		uint64_t rows = 0, n_rows = 0;
		int i, n;

		st = db_prepare(s, sql, NULL);
		free(sql);
		if (!st)
			continue;
		while (db_step(st, NULL) == DB_ROW) {
			uint64_t r = 1469598103934665603ull;

			n = db_col_count(st);
			for (i = 0; i < n; i++) {
				const char *p = db_col_text(st, i);

				r ^= (uint64_t)db_col_null(st, i);
				r *= 1099511628211ull;
				for (; *p; p++) {
					r ^= (unsigned char)*p;
					r *= 1099511628211ull;
				}
				r ^= 0xff;
				r *= 1099511628211ull;
			}
			rows += r;
			n_rows++;
		}
		db_finalize(st);
		h ^= rows + n_rows;
		h *= 1099511628211ull;
	}
	db_finalize(tl);
	return h;
}

static enum status
create_as(struct fx *f, const struct actor *a, long long *id, struct err *e)
{
	return create_svc(f, a, "registration", id, e);
}

static struct print_req
receipt_req(struct fx *f)
{
	struct print_req r = {
		.doc = PD_RECEIPT, .width = 80, .enc = ENC_UTF8,
		.target = PT_NONE, .dest = "test", .templates_dir = f->tpl,
	};

	return r;
}

/* ---- the acts ----------------------------------------------------------
 * prep runs with the roles whose work it is, before the snapshot; run is
 * the act under test, as role a. */

struct act {
	const char *name;
	const char *allowed;  /* role letters: I R C O A D */
	const char *audit;    /* the action of its audit line, NULL: none */
	int lines;            /* audit lines the act leaves when allowed
			       * (-1: depends on the data) */
	long long (*prep)(struct fx *f, const struct actor *a);
	enum status (*run)(struct fx *f, const struct actor *a, long long x,
			   struct err *e);
};

static long long prep_none(struct fx *f, const struct actor *a) { return 0; }

static long long prep_draft(struct fx *f, const struct actor *a)
{ return case_in(f, CS_DRAFT); }

static long long prep_accepted(struct fx *f, const struct actor *a)
{ return case_in(f, CS_ACCEPTED); }

static long long prep_issued(struct fx *f, const struct actor *a)
{ return case_in(f, CS_ISSUED); }

static long long prep_hit(struct fx *f, const struct actor *a)
{ return case_in(f, CS_HIT); }

static long long prep_pass_checked(struct fx *f, const struct actor *a)
{ return svc_in(f, "border-pass", CS_CHECKED); }

static long long prep_inv_checked(struct fx *f, const struct actor *a)
{ return svc_in(f, "invitation", CS_CHECKED); }

static long long
prep_printed(struct fx *f, const struct actor *a)
{
	long long id = case_in(f, CS_ACCEPTED);
	struct print_req r = receipt_req(f);
	struct print_result res;
	struct err e = {0};

	OK(print_case(f->o.s, &f->who[I], f->o.forms, id, &r, &res, &e), &e);
	print_result_free(&res);
	return id;
}

static enum status
run_create(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	long long id = 0;

	return create_as(f, a, &id, e);
}

static enum status
run_view(struct fx *f, const struct actor *a, long long id, struct err *e)
{
	struct case_rec r;
	enum status st = case_get(f->o.s, a, id, &r, e);

	if (st == ST_OK)
		case_rec_free(&r);
	return st;
}

static enum status
run_list(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct case_filter flt = {0};
	struct case_row *rows = NULL;
	size_t n = 0;
	enum status st = case_list(f->o.s, a, &flt, &rows, &n, e);

	free(rows);
	return st;
}

static enum status
run_history(struct fx *f, const struct actor *a, long long id, struct err *e)
{
	struct case_history *h = NULL;
	size_t n = 0;
	enum status st = case_history_get(f->o.s, a, id, &h, &n, e);

	case_history_free(h, n);
	return st;
}

static enum status
run_print(struct fx *f, const struct actor *a, long long id, struct err *e)
{
	struct print_req r = receipt_req(f);
	struct print_result res;
	enum status st = print_case(f->o.s, a, f->o.forms, id, &r, &res, e);

	if (st == ST_OK)
		print_result_free(&res);
	return st;
}

static enum status
run_j_verify(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct journal_verify v;

	return journal_verify(f->o.s, a, f->o.office, 0, &v, NULL, e);
}

static enum status
run_j_seal(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct journal_seal sl;

	return journal_seal(f->o.s, a, f->o.office, &sl, e);
}

static enum status
run_j_close_day(struct fx *f, const struct actor *a, long long x,
		struct err *e)
{
	struct journal_day d;

	/* The day before: today's closing would refuse the acts after it. */
	return journal_close_day(f->o.s, a, f->o.office, "2026-03-19", &d, NULL,
				 e);
}

static long long
prep_no_book(struct fx *f, const struct actor *a)
{
	struct journal_book b;
	struct err e = {0};

	/* Close the book the previous allowed role opened. */
	if (journal_book_close(f->o.s, &f->who[O], f->o.office, "invitation", 10,
			       &b, &e) == ST_OK)
		free(b.certificate);
	return 0;
}

static enum status
run_j_book_open(struct fx *f, const struct actor *a, long long x,
		struct err *e)
{
	struct journal_book b;
	enum status st = journal_book_open(f->o.s, a, f->o.office, "invitation",
					   10, &b, e);

	if (st == ST_OK)
		free(b.certificate);
	return st;
}

static enum status
run_j_list(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct journal_filter flt = {0};
	struct journal_line *l = NULL;
	size_t n = 0;
	enum status st;

	flt.with_related = 1;
	st = journal_list(f->o.s, a, f->o.office, &flt, &l, &n, e);
	journal_lines_free(l, n);
	return st;
}

static enum status
run_check_doc(struct fx *f, const struct actor *a, long long id,
	      struct err *e)
{
	char code[JOURNAL_CODE_SIZE];
	struct journal_check chk;
	long long line;
	enum status st;

	OK(journal_case_code(f->o.s, id, NULL, code, &line, e), e);
	memset(&chk, 0, sizeof chk);
	st = journal_check_document(f->o.s, a, code, &chk, e);
	if (st == ST_OK)
		journal_check_free(&chk);
	return st;
}

static enum status
run_report(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct report r;
	enum status st = report_build(f->o.s, a, f->o.forms, f->o.office,
				      "20.03.2026", NULL, &r, NULL, e);

	if (st == ST_OK)
		report_free(&r);
	return st;
}

static enum status
run_audit_list(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	struct audit_row *rows = NULL;
	size_t n = 0;
	enum status st = audit_list(f->o.s, a, NULL, NULL, NULL, NULL, &rows,
				    &n, e);

	audit_rows_free(rows, n);
	return st;
}

static enum status
run_audit_verify(struct fx *f, const struct actor *a, long long x,
		 struct err *e)
{
	return audit_verify_as(f->o.s, a, NULL, e);
}

static enum status
run_settings_show(struct fx *f, const struct actor *a, long long x,
		  struct err *e)
{
	long v[32];
	int set[32];
	size_t n;

	settings_known(&n);
	assert_true(n <= 32);
	return settings_show(f->o.s, a, v, set, n, e);
}

static enum status
run_settings_set(struct fx *f, const struct actor *a, long long x,
		 struct err *e)
{
	char v[8];

	snprintf(v, sizeof v, "%d", 20 + ++f->serial % 50);
	return settings_change(f->o.s, a, SET_IDLE_MINUTES, v, e);
}

static enum status
run_user_add(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	char login[32];

	snprintf(login, sizeof login, "new%d", ++f->serial);
	return account_add(f->o.s, a, login, "Новый Сотрудник", "", ROLE_INSPECTOR,
			   "A01", NULL, FIXTURE_PW, NULL, e);
}

static enum status
run_user_reset(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	return account_reset(f->o.s, a, "spare", "Новый-пароль-123", e);
}

static long long
prep_locked(struct fx *f, const struct actor *a)
{
	struct err e = {0};

	OK(db_script(f->o.s, "UPDATE accounts SET locked_until = "
		     "'2026-03-20T10:15:00', failed_logins = 0 WHERE "
		     "login = 'spare'", &e), &e);
	return 0;
}

static enum status
run_user_unlock(struct fx *f, const struct actor *a, long long x,
		struct err *e)
{
	return account_unlock(f->o.s, a, "spare", e);
}

static enum status
run_user_bind(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	char u[32];

	snprintf(u, sizeof u, "unix%d", ++f->serial);
	return account_bind_unix(f->o.s, a, "spare", u, e);
}

static enum status
run_user_list(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct account_info *v = NULL;
	size_t n = 0;
	enum status st = account_list(f->o.s, a, &v, &n, e);

	free(v);
	return st;
}

static enum status
run_office_add(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	char code[16];

	snprintf(code, sizeof code, "Z%02d", ++f->serial);
	return office_create(f->o.s, a, code, "Новый РУП", "", "ДП г. Алматы",
			     e);
}

static enum status
run_window_set(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	return window_set(f->o.s, a, "A01", 5 + (++f->serial % 2), "spare", e);
}

static enum status
run_cal_set(struct fx *f, const struct actor *a, long long x, struct err *e)
{
	struct date d = {2026, 12, 1 + (++f->serial % 20)};

	return cal_set(f->o.s, a, d, CAL_ADMIN_OFF, "Перенос", e);
}

static long long
prep_cal_entry(struct fx *f, const struct actor *a)
{
	struct date d = {2026, 11, 2};
	struct err e = {0};

	OK(cal_set(f->o.s, &f->who[D], d, CAL_ADMIN_OFF, "Перенос", &e), &e);
	return 0;
}

static enum status
run_cal_remove(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	struct date d = {2026, 11, 2};

	return cal_remove(f->o.s, a, d, e);
}

static enum status
run_blanks_add(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	long from = 1000 + 10L * ++f->serial, added = 0;

	return blank_add(f->o.s, a, "border-pass", "AB", from, from + 4, &added,
			 e);
}

static long long
prep_blank(struct fx *f, const struct actor *a)
{
	long from = 5000 + 10L * ++f->serial, added = 0;
	struct err e = {0};

	OK(blank_add(f->o.s, &f->who[O], "border-pass", "CD", from, from, &added,
		     &e), &e);
	return from;
}

static enum status
run_blanks_spoil(struct fx *f, const struct actor *a, long long no,
		 struct err *e)
{
	char num[32];

	snprintf(num, sizeof num, "CD%lld", no);
	return blank_spoil(f->o.s, a, num, "замят", e);
}

static enum status
run_blanks_report(struct fx *f, const struct actor *a, long long x,
		  struct err *e)
{
	struct blank_report r;
	enum status st = blank_report(f->o.s, a, NULL, &r, e);

	if (st == ST_OK)
		blank_report_free(&r);
	return st;
}

static enum status
run_draft_save(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	json_t *v = json_pack("{s:s}", "surname", "АХМЕДОВ");
	enum status st = draft_save(f->o.s, a, 0, "registration",
				    "registration", v, NULL, 0, NULL, e);

	json_decref(v);
	return st;
}

static long long
prep_ticket(struct fx *f, const struct actor *a)
{
	struct queue_ticket t;
	struct err e = {0};

	/* The role under test is seated at window 1 with a fresh ticket
	 * waiting; an earlier call is finished first. */
	OK(window_set(f->o.s, &f->who[D], "A01", 1, a->login, &e), &e);
	OK(queue_take(f->o.s, f->o.office, NULL, &t, &e), &e);
	return 0;
}

static enum status
run_queue_call(struct fx *f, const struct actor *a, long long x,
	       struct err *e)
{
	struct queue_ticket t;
	enum status st = queue_call_next(f->o.s, a, &t, e);

	if (st == ST_OK)
		st = queue_finish(f->o.s, a, 0, NULL, &t, e);
	return st;
}

static enum status
run_records_import(struct fx *f, const struct actor *a, long long x,
		   struct err *e)
{
	struct errlist errs = {0};
	char path[320];
	long n = 0;
	FILE *fp;
	enum status st;

	snprintf(path, sizeof path, "%s/records.csv", f->o.dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("kind,surname,given_names\nwanted,КИМ,ОЛЕГ\n", fp);
	fclose(fp);
	st = records_import(f->o.s, a, path, "test", 1, &n, NULL, &errs);
	if (errs.n)
		*e = errs.v[0];
	errlist_free(&errs);
	unlink(path);
	return st;
}

static enum status
run_records_check(struct fx *f, const struct actor *a, long long id,
		  struct err *e)
{
	struct records_cand *c = NULL;
	size_t n = 0;
	enum status st = records_check_case(f->o.s, a, NULL, id, &c, &n, e);

	free(c);
	return st;
}

static enum status
run_portal_import(struct fx *f, const struct actor *a, long long x,
		  struct err *e)
{
	struct portal_report rep;
	char dir[320];
	enum status st;

	snprintf(dir, sizeof dir, "%s/inbox", f->o.dir);
	mkdir(dir, 0700);
	memset(&rep, 0, sizeof rep);
	st = portal_import(f->o.s, a, f->o.forms, dir, &rep, NULL, e);
	if (st == ST_OK)
		portal_report_free(&rep);
	return st;
}

static enum status
run_portal_list(struct fx *f, const struct actor *a, long long x,
		struct err *e)
{
	struct portal_row *rows = NULL;
	size_t n = 0;
	enum status st = portal_list(f->o.s, a, 0, &rows, &n, e);

	free(rows);
	return st;
}

static enum status
run_berkut_export(struct fx *f, const struct actor *a, long long x,
		  struct err *e)
{
	struct berkut_batch_info info;
	char dir[320];

	snprintf(dir, sizeof dir, "%s/outbox", f->o.dir);
	mkdir(dir, 0700);
	memset(&info, 0, sizeof info);
	return berkut_export(f->o.s, a, dir, &info, e);
}

static enum status
run_berkut_list(struct fx *f, const struct actor *a, long long x,
		struct err *e)
{
	struct berkut_batch_info *v = NULL;
	size_t n = 0;
	enum status st = berkut_list(f->o.s, a, &v, &n, e);

	free(v);
	return st;
}

static const struct act acts[] = {
	{"case new", "I", "case.new", 1, prep_none, run_create},
	{"accept", "I", "case.event", 1, prep_draft, run_accept},
	{"return", "I", "case.event", 1, prep_draft, run_return},
	{"cancel", "I", "case.event", 1, prep_draft, run_cancel},
	{"check-clear", "R", "case.event", 1, prep_accepted, run_check_clear},
	{"check-hit", "R", "case.event", 1, prep_accepted, run_check_hit},
	{"registration issue after a hit", "C", "case.event", 1, prep_hit,
	 run_issue},
	{"registration refuse after a hit", "C", "case.event", 1, prep_hit,
	 run_refuse},
	{"pass prepare", "C", "case.event", 1, prep_pass_checked, run_prepare},
	{"pass issue", "H", "case.event", 1, prep_pass_checked, run_issue},
	{"pass refuse", "H", "case.event", 1, prep_pass_checked, run_refuse},
	{"invitation issue", "H", "case.event", 1, prep_inv_checked,
	 run_issue},
	{"hand-out", "I", "case.event", 1, prep_issued, run_hand_out},
	{"berkut", "IO", "case.event", 1, prep_issued, run_berkut},
	{"correct", "C", "case.correct", 1, prep_accepted, run_correct},
	{"case view", "IRCOAH", "case.view", 1, prep_accepted, run_view},
	{"case list", "IRCOAH", NULL, 0, prep_accepted, run_list},
	{"case history", "IRCOAH", NULL, 0, prep_accepted, run_history},
	{"print", "ICO", "print", 2, prep_accepted, run_print},
	{"reprint", "C", "reprint", 2, prep_printed, run_print},
	{"check-document", "IRCOAH", "check-document", 1, prep_accepted,
	 run_check_doc},
	{"journal verify", "IRCOAH", NULL, 0, prep_none, run_j_verify},
	{"journal list/print/export", "IRCOAH", NULL, 0, prep_none, run_j_list},
	{"journal seal", "OA", "journal.seal", 1, prep_none, run_j_seal},
	{"journal close-day", "O", "journal.close-day", 1, prep_none,
	 run_j_close_day},
	{"journal book open", "O", "journal.book-open", 1, prep_no_book,
	 run_j_book_open},
	{"report", "COAH", NULL, 0, prep_none, run_report},
	{"audit list", "A", "audit.view", 1, prep_none, run_audit_list},
	{"audit verify", "A", "audit.verify", 1, prep_none, run_audit_verify},
	{"settings show", "AD", "settings.view", 1, prep_none,
	 run_settings_show},
	{"settings set", "D", "settings.set", 1, prep_none, run_settings_set},
	{"user add", "D", "user.add", 1, prep_none, run_user_add},
	{"user reset", "D", "user.reset", 1, prep_none, run_user_reset},
	{"user unlock", "D", "user.unlock", 1, prep_locked, run_user_unlock},
	{"user bind", "D", "user.bind", 1, prep_none, run_user_bind},
	{"user list", "DA", NULL, 0, prep_none, run_user_list},
	{"office add", "D", "office.add", 1, prep_none, run_office_add},
	{"window set", "D", "window.set", 1, prep_none, run_window_set},
	{"calendar set", "D", "calendar.set", 1, prep_none, run_cal_set},
	{"calendar remove", "D", "calendar.remove", 1, prep_cal_entry,
	 run_cal_remove},
	{"blanks add", "O", "blanks.add", 1, prep_none, run_blanks_add},
	{"blanks spoil", "O", "blanks.spoil", 1, prep_blank, run_blanks_spoil},
	{"blanks report", "COA", NULL, 0, prep_none, run_blanks_report},
	{"draft save", "I", "draft.save", 1, prep_none, run_draft_save},
	{"queue call", "IO", "queue.done", 2, prep_ticket, run_queue_call},
	{"records import", "R", "records.import", 1, prep_none,
	 run_records_import},
	{"records check", "R", "records.check", 2, prep_accepted,
	 run_records_check},
	{"portal import", "I", NULL, 0, prep_none, run_portal_import},
	{"portal list", "IRCOAH", NULL, 0, prep_none, run_portal_list},
	/* A batch and its audit line only when there is something to send. */
	{"berkut export", "IO", NULL, -1, prep_none, run_berkut_export},
	{"berkut list", "IO", NULL, 0, prep_none, run_berkut_list},
};

static int
allowed(const struct act *t, int role)
{
	static const char letters[NROLES] = {'I', 'R', 'C', 'O', 'A', 'D',
					     'H'};

	return strchr(t->allowed, letters[role]) != NULL;
}

/* ---- tests -------------------------------------------------------------- */

/* Each role's roles mask is exactly its own bit, so the matrix below tests
 * one role at a time. */
static void
test_matrix(void **state)
{
	struct fx *f = *state;
	size_t t;
	int role;

	for (t = 0; t < sizeof acts / sizeof acts[0]; t++) {
		for (role = 0; role < NROLES; role++) {
			const struct act *x = &acts[t];
			const struct actor *a = &f->who[role];
			struct err e = {0};
			long long arg, before_audit;
			uint64_t before;
			enum status st;

			CTX("%s as %s (prep)", x->name,
				 role_names[role]);
			arg = x->prep(f, a);
			CTX("%s as %s", x->name,
				 role_names[role]);
			before = fingerprint(f->o.s);
			before_audit = fixture_scalar(f->o.s, "SELECT count(*) FROM audit");
			st = x->run(f, a, arg, &e);
			if (allowed(x, role)) {
				long long lines = fixture_scalar(f->o.s, "SELECT count(*)"
							       " FROM audit") -
						  before_audit;

				EXPECT(st == ST_OK, "allowed, got %s: %s",
				       status_text(st), e.msg);
				EXPECT(x->lines < 0 || lines == x->lines,
				       "%lld audit lines, expected %d", lines,
				       x->lines);
				if (x->audit) {
					char *last = last_audit_action(f->o.s);

					EXPECT(strcmp(last, x->audit) == 0,
					       "last audit line «%s», expected "
					       "«%s»", last, x->audit);
					free(last);
				}
			} else {
				EXPECT(st == ST_DENIED,
				       "refused, got %s: %s", status_text(st),
				       e.msg);
				EXPECT(fingerprint(f->o.s) == before,
				       "a refused act changed the database");
			}
		}
	}
	assert_int_equal(expect_failures, 0);
}

/* An account without any login (id 0) is refused everything, and the
 * system actor (NULL) is refused acts that need a person. */
static void
test_nobody(void **state)
{
	struct fx *f = *state;
	struct actor nobody;
	size_t t;

	memset(&nobody, 0, sizeof nobody);
	snprintf(nobody.login, sizeof nobody.login, "nobody");
	nobody.roles = ~0u;
	for (t = 0; t < sizeof acts / sizeof acts[0]; t++) {
		const struct act *x = &acts[t];
		struct err e = {0};
		long long arg;
		uint64_t before;
		enum status st;

		if (x->prep == prep_ticket)
			continue; /* seats the account at a window */
		CTX("%s as an unauthenticated actor",
			 x->name);
		arg = x->prep(f, &f->who[I]);
		before = fingerprint(f->o.s);
		st = x->run(f, &nobody, arg, &e);
		EXPECT(st == ST_DENIED, "got %s: %s", status_text(st), e.msg);
		EXPECT(fingerprint(f->o.s) == before,
		       "a refused act changed the database");
	}
	assert_int_equal(expect_failures, 0);
}

/* 1 when the act works on one case of the fixture's office (its prep
 * brings a case there and run takes its id). check-document is left out:
 * a document is checked wherever it is presented, across the database;
 * the case list, which is never refused, is walked by listed() below. */
static int
case_scoped(const struct act *x)
{
	return x->run != run_check_doc && x->run != run_list &&
	       (x->prep == prep_draft || x->prep == prep_accepted ||
		x->prep == prep_issued || x->prep == prep_hit ||
		x->prep == prep_pass_checked || x->prep == prep_inv_checked ||
		x->prep == prep_printed);
}

/* 1 when the case is on a's case list. */
static int
listed(struct fx *f, const struct actor *a, long long id)
{
	struct case_filter flt = {0};
	struct case_row *rows = NULL;
	struct err e = {0};
	size_t n = 0, i;
	int found = 0;

	OK(case_list(f->o.s, a, &flt, &rows, &n, &e), &e);
	for (i = 0; i < n; i++)
		found |= rows[i].id == id;
	free(rows);
	return found;
}

/* The matrix's second tier. Every act on a case of office A01 that a role
 * may take there is refused to the same role in another office of the
 * region (A02) and to the head of another region, as "not found" and with
 * the database unchanged; an account of A01's region holding an office
 * role (records, auditor) takes it as A01's own would, and an auditor of
 * the ministry's level reads it. */
static void
test_matrix_tiers(void **state)
{
	struct fx *f = *state;
	struct actor other[NROLES], regional[NROLES], nat;
	struct err e = {0};
	char *region = NULL;
	size_t t;
	int role;

	CTX("tiers: set-up");
	OK(db_text(f->o.s, &e, &region, NULL, "SELECT r.code FROM regions r "
		   "JOIN offices o ON o.region_id = r.id WHERE o.id = ?",
		   DB_INT(f->o.office)), &e);
	OK(office_create(f->o.s, &f->who[D], "A02", "Второй РУП", "", region,
			 &e), &e);
	OK(region_add(f->o.s, &f->who[D], "AST", "ДП г. Астаны", 0, &e), &e);
	for (role = 0; role < NROLES; role++) {
		char login[32];
		unsigned bit = role == H ? ROLE_REGION_HEAD : 1u << role;

		snprintf(login, sizeof login, "other-%s", role_names[role]);
		OK(account_add(f->o.s, &f->who[D], login, "Другой Тест", "-",
			       bit, role == H ? NULL : "A02",
			       role == H ? "AST" : NULL, FIXTURE_PW, NULL,
			       &e), &e);
		OK(account_actor(f->o.s, login, "test", &other[role], &e), &e);
		if (role != R && role != A)
			continue;
		snprintf(login, sizeof login, "region-%s", role_names[role]);
		OK(account_add(f->o.s, &f->who[D], login, "Регион Тест", "-",
			       bit, NULL, region, FIXTURE_PW, NULL, &e), &e);
		OK(account_actor(f->o.s, login, "test", &regional[role], &e),
		   &e);
	}
	free(region);
	CTX("tiers: case list");
	{
		long long id = case_in(f, CS_ACCEPTED);

		for (role = 0; role < NROLES; role++)
			if (role != D)
				EXPECT(!listed(f, &other[role], id),
				       "%s of another %s lists A01's case",
				       role_names[role],
				       role == H ? "region" : "office");
		EXPECT(listed(f, &regional[R], id) &&
		       listed(f, &regional[A], id) && listed(f, &f->who[H], id),
		       "the region's accounts do not list A01's case");
		/* The ministry's level (the national database) reaches
		 * every office of every region. */
		CTX("tiers: the ministry's auditor");
		OK(region_add(f->o.s, &f->who[D], "KZ", "МВД РК", 1, &e), &e);
		OK(account_add(f->o.s, &f->who[D], "nat-auditor", "Нац Тест",
			       "-", ROLE_AUDITOR, NULL, "KZ", FIXTURE_PW, NULL,
			       &e), &e);
		OK(account_actor(f->o.s, "nat-auditor", "test", &nat, &e), &e);
		EXPECT(listed(f, &nat, id), "the ministry does not list it");
		OK(run_view(f, &nat, id, &e), &e);
		EXPECT_ST(run_view(f, &other[A], id, &e), ST_NOTFOUND, &e);
	}
	for (t = 0; t < sizeof acts / sizeof acts[0]; t++) {
		const struct act *x = &acts[t];

		if (!case_scoped(x))
			continue;
		for (role = 0; role < NROLES; role++) {
			long long arg;
			uint64_t before;
			enum status st;

			if (!allowed(x, role))
				continue;
			CTX("%s as %s of another office (prep)", x->name,
			    role_names[role]);
			arg = x->prep(f, &f->who[role]);
			CTX("%s as %s of another %s", x->name,
			    role_names[role], role == H ? "region" : "office");
			before = fingerprint(f->o.s);
			st = x->run(f, &other[role], arg, &e);
			EXPECT(st == ST_NOTFOUND, "refused as not found, got "
			       "%s: %s", status_text(st), e.msg);
			EXPECT(fingerprint(f->o.s) == before,
			       "a refused act changed the database");
			if (role != R && role != A)
				continue;
			CTX("%s as %s of the region", x->name,
			    role_names[role]);
			arg = x->prep(f, &f->who[role]);
			st = x->run(f, &regional[role], arg, &e);
			EXPECT(st == ST_OK, "allowed, got %s: %s",
			       status_text(st), e.msg);
		}
	}
	assert_int_equal(expect_failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE_TEST(test_matrix, setup),
		FIXTURE_TEST(test_nobody, setup),
		FIXTURE_TEST(test_matrix_tiers, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
