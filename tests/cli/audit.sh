#!/bin/sh
# CLI scenario for accounts and the audit log (issue 7): each act leaves
# exactly its audit line with account, time and origin ($SSH_CLIENT);
# lockout after 5 failures, visible to the admin, and unlock; the Unix
# binding of an account; four eyes (--cosign) for a correction and a
# reprint; tampering with the audit log through the sqlite3 shell or psql
# (a line changed, deleted, inserted, the triggers dropped) found by
# `okno audit verify`, naming the line and its office's chain; a line
# moved to another chain, and a chain's end cut off, found too; the log
# cut short with the chains' heads set back to match found by
# `okno audit verify --against SEAL` (the seal records every chain).
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: sqlite pg
set -eu

NAME=audit
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
unset OKNO_COSIGN_PASSWORD_FILE SSH_CLIENT SSH_CONNECTION

lines() { q "SELECT count(*) FROM audit"; }
# audit_delta N ACTION...: the last command left exactly N lines, the
# newest ones being ACTION... (oldest first), by then $who from $origin.
mark() { before=$(lines); }
audit_delta() {
	n=$1
	shift
	got=$(($(lines) - before))
	[ "$got" -eq "$n" ] || {
		q "SELECT id, login, action, object, origin FROM audit WHERE id > $before" >&2
		fail "expected $n audit lines, got $got"
	}
	want=$(echo "$@")
	have=$(echo $(q "SELECT action FROM audit WHERE id > $before ORDER BY id"))
	[ "$have" = "$want" ] || fail "audit actions «$have», expected «$want»"
}

# ---- accounts -----------------------------------------------------------
init_office
role_staff
if [ "$ENGINE" = sqlite ]; then
	[ "$(stat -c %a "$DB")" = 600 ] || fail "database mode is not 0600"
fi

# ---- each act leaves exactly its line -------------------------------------
step="audit: case new"
export SSH_CLIENT="10.20.30.40 51234 22"
mark
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json"
id=$(cat "$T/out")
audit_delta 2 login case.new
[ "$(q "SELECT login || ' ' || origin || ' ' || object FROM audit ORDER BY id DESC LIMIT 1")" = "ivanov 10.20.30.40 case:$id" ] ||
	fail "case.new line lacks account, origin or object"
[ "$(q "SELECT stamp FROM audit ORDER BY id DESC LIMIT 1")" = 2026-03-20T10:00:00+05:00 ] ||
	fail "audit line lacks the time"
unset SSH_CLIENT
step="audit: accept"
mark; expect_rc 0 as ivanov case event "$id" accept; audit_delta 2 login case.event
step="audit: view"
mark; expect_rc 0 as sidorova case show "$id"; audit_delta 2 login case.view
[ "$(q "SELECT origin FROM audit ORDER BY id DESC LIMIT 1")" = cli ] ||
	fail "origin without SSH is not «cli»"
step="audit: list is not an opening of a record"
mark; expect_rc 0 as sidorova case list; audit_delta 1 login
step="audit: check"
mark; expect_rc 0 as sidorova case event "$id" check-clear; audit_delta 2 login case.event
step="audit: print"
mark; expect_rc 0 as ivanov print "$id" receipt --out "$T/r1.txt"; audit_delta 3 login case.view print
step="audit: export"
mark; expect_rc 0 as operator journal export --format csv; audit_delta 2 login export
step="audit: failed login"
printf 'неверный\n' >"$T/pw.bad"
mark
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.bad" "$OKNO" --db "$DB" --as ivanov case list
audit_delta 1 login.fail
mark
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.bad" "$OKNO" --db "$DB" --as nosuch case list
audit_delta 1 login.fail
step="audit: a refused act writes no line but the login"
mark; expect_rc 5 as ivanov case correct "$id" surname=АХМАДОВ --reason опечатка; audit_delta 1 login
mark; expect_rc 5 as admin case show "$id"; audit_delta 1 login
mark; expect_rc 5 as auditor case event "$id" berkut; audit_delta 1 login
step="audit: admin acts"
mark; expect_rc 0 as admin user bind ivanov ""; audit_delta 2 login user.bind
mark; expect_rc 0 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
	"$OKNO" --db "$DB" --as admin user add petrov --name "Петров" --role inspector
audit_delta 2 login user.add
mark; expect_rc 0 as admin calendar add-dayoff 01.12.2026 "перенос"
audit_delta 2 login calendar.set

# ---- lockout ------------------------------------------------------------
step=lockout
for i in 1 2 3 4; do
	expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.bad" "$OKNO" --db "$DB" --as operator case list
done
expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.bad" "$OKNO" --db "$DB" --as operator case list
expect_err "заблокирована до 20.03.2026 10:15"
expect_rc 5 as operator case list
expect_err "заблокирована"
expect_rc 0 as admin user list
grep -F operator "$T/out" | grep -qF "заблокирована до" || fail "the lock is not visible to the admin"
expect_rc 5 as auditor user unlock operator
expect_rc 0 as admin user unlock operator
expect_rc 0 as operator case list
# The lock ends by itself after the configured minutes.
for i in 1 2 3 4 5; do
	expect_rc 5 env OKNO_PASSWORD_FILE="$T/pw.bad" "$OKNO" --db "$DB" --as operator case list
done
expect_rc 5 env OKNO_NOW=2026-03-20T10:14:00 OKNO_PASSWORD_FILE="$T/pw.operator" \
	"$OKNO" --db "$DB" --as operator case list
expect_err "заблокирована до 20.03.2026 10:15"
OKNO_PASSWORD_FILE="$T/pw.operator" OKNO_NOW=2026-03-20T10:16:00 \
	"$OKNO" --db "$DB" --as operator case list >/dev/null ||
	fail "the lock did not end after 15 minutes"

# ---- Unix binding -------------------------------------------------------
step="unix binding"
me=$(id -un)
expect_rc 0 as admin user bind ivanov someone-else
expect_rc 5 as ivanov case list
expect_err "привязана к другому пользователю"
[ "$(q "SELECT detail FROM audit ORDER BY id DESC LIMIT 1")" = "unix user $me" ] ||
	fail "the refused binding is not audited"
expect_rc 5 as auditor user bind ivanov "$me"
expect_rc 0 as admin user bind ivanov "$me"
expect_rc 0 as ivanov case list
expect_rc 0 as admin user bind ivanov ""
expect_rc 0 as ivanov case list

# ---- four eyes ------------------------------------------------------------
step="cosign: correction"
expect_rc 5 as ivanov case correct "$id" surname=АХМАДОВ --reason опечатка
printf 'неверный\n' >"$T/cos.bad"
mark
expect_rc 5 env OKNO_COSIGN_PASSWORD_FILE="$T/cos.bad" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign nurlanov case correct "$id" surname=АХМАДОВ --reason опечатка
audit_delta 2 login cosign.fail
expect_rc 5 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.ivanov" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign ivanov case correct "$id" surname=АХМАДОВ --reason опечатка
expect_err "другая учётная запись"
# A records officer's signature does not make a correction.
expect_rc 5 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.sidorova" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign sidorova case correct "$id" surname=АХМАДОВ --reason опечатка
mark
expect_rc 0 env SSH_CLIENT="10.0.0.9 40000 22" \
	OKNO_COSIGN_PASSWORD_FILE="$T/pw.nurlanov" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign nurlanov case correct "$id" surname=АХМАДОВ --reason опечатка
audit_delta 3 login cosign case.correct
[ "$(echo $(q "SELECT login || '@' || origin FROM audit WHERE id > $before ORDER BY id"))" = \
	"ivanov@10.0.0.9 nurlanov@10.0.0.9 nurlanov@10.0.0.9" ] ||
	fail "the correction is not recorded as the chief's act at the inspector's terminal"
[ "$(q "SELECT a.login FROM journal j JOIN accounts a ON a.id = j.actor_id WHERE j.kind = 'correction'")" = nurlanov ] ||
	fail "the journal line of the correction is not the chief's"
step="cosign: only for the acts that need it"
# An inspector with an administrator's password beside it does not get a
# chief made, nor any other act that is not a decision, a correction or
# a reprint; and a cosigner must hold the act's permission.
snap() { if [ "$ENGINE" = pg ]; then q "SELECT count(*), max(id) FROM audit; SELECT count(*) FROM accounts"; else cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; fi; }
before_db=$(snap)
expect_rc 5 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.admin" OKNO_NEW_PASSWORD_FILE="$T/first" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign admin user add evil --name "Злов" --position "-" --role chief
expect_err "подпись второго лица принимается только"
for cmd in "passwd" "settings set idle.minutes 0" "journal seal" "backup $T/c.db" \
	"intake registration" ""; do
	# shellcheck disable=SC2086
	expect_rc 5 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.admin" \
		OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.ivanov" \
		"$OKNO" --db "$DB" --as ivanov --cosign admin $cmd
	expect_err "подпись второго лица принимается только"
done
[ "$(snap)" = "$before_db" ] || fail "a refused --cosign changed the database"
[ "$(q "SELECT count(*) FROM accounts WHERE login = 'evil'")" = 0 ] ||
	fail "a chief was made under --cosign"
[ ! -e "$T/c.db" ] || fail "a backup was made under --cosign"
mark
expect_rc 5 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.admin" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign admin case correct "$id" surname=АХМАДОВ --reason опечатка
expect_err "учётной записи admin не разрешено: исправление записи"
audit_delta 2 login cosign.fail
[ "$(q "SELECT detail FROM audit ORDER BY id DESC LIMIT 1")" = case.correct ] ||
	fail "the refused cosign does not name the permission"
step="cosign: reprint"
expect_rc 5 as ivanov print "$id" receipt --out "$T/r2.txt"
expect_err "повторная печать"
expect_rc 0 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.nurlanov" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign nurlanov print "$id" receipt --out "$T/r2.txt"
grep -q "ПОВТОРНО" "$T/r2.txt" || fail "the reprint is not marked"
step="cosign: decision"
# A registration whose check found a hit goes to the chief.
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json" \
	--field doc_number=FA7654321
hit=$(cat "$T/out")
expect_rc 0 as ivanov case event "$hit" accept
expect_rc 0 as sidorova case event "$hit" check-hit --reason "однофамилец"
expect_rc 0 env OKNO_COSIGN_PASSWORD_FILE="$T/pw.nurlanov" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov \
	--cosign nurlanov case event "$hit" issue --reason "не то лицо"
[ "$(q "SELECT a.login FROM case_events e JOIN accounts a ON a.id = e.actor_id WHERE e.case_id = $hit AND e.event = 'issue'")" = nurlanov ] ||
	fail "the decision is not the chief's"

# ---- audit list and verify ---------------------------------------------------
step="audit list"
expect_rc 5 as admin audit
expect_rc 5 as nurlanov audit verify
mark
expect_rc 0 as auditor audit --who nurlanov --case "$id"
expect_out "case.correct"
expect_out "10.0.0.9"
# Reading the log is in the log, with what was looked for.
audit_delta 2 login audit.view
[ "$(q "SELECT login || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" = \
	"auditor who=nurlanov case=$id" ] || fail "audit.view line"
mark
expect_rc 0 as auditor audit verify
expect_out "intact"
audit_delta 2 login audit.verify
[ "$(q "SELECT detail FROM audit ORDER BY id DESC LIMIT 1")" = intact ] ||
	fail "audit.verify line"

step="settings: a login, and an audit line"
mark
expect_rc 2 "$OKNO" --db "$DB" settings
expect_err "--as"
expect_rc 5 as ivanov settings show
audit_delta 1 login
expect_rc 0 as admin settings
expect_out "lockout.attempts"
audit_delta 3 login login settings.view
mark
expect_rc 0 as auditor settings show
audit_delta 2 login settings.view

# ---- tampering ----------------------------------------------------------------
step="tamper: triggers"
q "UPDATE audit SET detail = 'x' WHERE id = 3" 2>/dev/null &&
	fail "UPDATE of an audit line was allowed"
q "DELETE FROM audit WHERE id = 3" 2>/dev/null &&
	fail "DELETE of an audit line was allowed"
step="seal"
expect_rc 5 as admin audit seal
expect_rc 0 as auditor audit seal
seal=$(cat "$T/out")
echo "$seal" | grep -qE '^[0-9a-f]{16}-[0-9]+$' || fail "seal «$seal»"
sealed_id=${seal#*-}
expect_rc 0 as auditor audit verify --against "$seal"
expect_rc 3 as auditor audit verify --against nonsense
db_save clean
tamper() { # name SQL... : on a fresh copy, triggers off, run SQL as the owner
	step="tamper: $1"
	shift
	db_restore clean
	if [ "$ENGINE" = pg ]; then
		q "ALTER TABLE audit DISABLE TRIGGER USER; $*" >/dev/null ||
			fail "psql refused the tampering"
	else
		sqlite3 "$DB" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $*" ||
			fail "sqlite3 refused the tampering"
	fi
}
# The lines are in one chain per office (the office's accounts') and one
# of the region's accounts and the system; a line is named by its id and
# by its number in its chain.
chains=$(q "SELECT count(DISTINCT chain) FROM audit")
[ "$chains" -ge 2 ] || fail "expected the office's and the system's audit chains, got $chains"
c=$(q "SELECT chain FROM audit WHERE id = 12")
[ "$c" -gt 0 ] || fail "audit line 12 is not in the office's chain"
c0=$(q "SELECT chain FROM audit WHERE id = $sealed_id")
other=$(q "SELECT max(chain) FROM audit WHERE chain <> $c0 AND id < $sealed_id")
[ -n "$other" ] || fail "the seal's chain is the only one"
tamper "line changed" "UPDATE audit SET origin = '192.168.0.1' WHERE id = 12"
expect_rc 1 as auditor audit verify
expect_err "audit line 12: content changed (the audit chain of office A01, its line"
tamper "line deleted" "DELETE FROM audit WHERE chain = $c AND seq = 7"
expect_rc 1 as auditor audit verify
expect_err "the audit chain of office A01: its line 7 is missing"
tamper "line inserted" "UPDATE audit SET seq = seq + 1000 WHERE chain = $c AND seq >= 9; UPDATE audit SET seq = seq - 999 WHERE chain = $c AND seq >= 1009; INSERT INTO audit(chain, seq, at, login, action, prev_hash, hash) SELECT chain, 9, at, 'ghost', 'case.view', hash, hash FROM audit WHERE chain = $c AND seq = 8"
expect_rc 1 as auditor audit verify
expect_err "content changed (the audit chain of office A01, its line 9)"
tamper "line moved to another chain" "UPDATE audit SET chain = 0, seq = 1 + (SELECT max(seq) FROM audit WHERE chain = 0), prev_hash = (SELECT hash FROM audit WHERE chain = 0 ORDER BY seq DESC LIMIT 1) WHERE chain = $c AND seq = (SELECT max(seq) FROM audit WHERE chain = $c); UPDATE audit_heads SET seq = seq + 1 WHERE chain = 0"
expect_rc 1 as auditor audit verify
expect_err "content changed (the audit chain of the region and the system"
tamper "line rehashed" "UPDATE audit SET login = 'ghost', hash = 'x' WHERE id = 5"
expect_rc 1 as auditor audit verify
expect_err "audit line 5"
# Lines cut off a chain's end: its head still records the last line.
tamper "tail cut" "DELETE FROM audit WHERE chain = $c AND seq >= (SELECT max(seq) - 1 FROM audit WHERE chain = $c)"
expect_rc 1 as auditor audit verify
expect_err "the audit chain of office A01 was cut short: its head records line"
# Cut short with the heads set back to match: the chains alone cannot
# see it; the seal can (the seal's own line is gone; or another chain's
# head, which the seal records, is).
heads_back="UPDATE audit_heads SET seq = COALESCE((SELECT max(seq) FROM audit a WHERE a.chain = audit_heads.chain), 0), hash = COALESCE((SELECT hash FROM audit a WHERE a.chain = audit_heads.chain ORDER BY seq DESC LIMIT 1), '')"
tamper "cut short" "DELETE FROM audit WHERE id >= $sealed_id - 1; $heads_back"
expect_rc 0 as auditor audit verify
expect_rc 1 as auditor audit verify --against "$seal"
# (SQLite gives a new line the id of the last line deleted.)
grep -qE "audit line $sealed_id (of the seal is gone|does not have the sealed hash)" "$T/err" ||
	fail "the seal's own line cut off was not found"
# (Ten lines: the logins that follow the cut write lines of the fixed
# clock, the same as those cut off would be.)
tamper "another chain cut short" "DELETE FROM audit WHERE chain = $other AND seq >= (SELECT max(seq) - 10 FROM audit WHERE chain = $other AND id < $sealed_id); $heads_back"
expect_rc 0 as auditor audit verify
expect_rc 1 as auditor audit verify --against "$seal"
grep -qE "its line [0-9]+(, sealed, is gone| does not have the sealed hash)" "$T/err" ||
	fail "a sealed chain cut short was not found"
db_restore clean
step="untouched copy"
expect_rc 0 as auditor audit verify
expect_rc 0 as auditor audit verify --against "$seal"

echo "cli/audit: all checks passed"
