#!/bin/sh
# Outputs after commit: a print (on a numbered blank too) and a Berkut
# batch are recorded (pending, with their SHA-256) before their files are
# written. okno is killed (SIGKILL, tests/cli/killat.c) at every system
# call that matters on the way: each time there is either nothing (no
# record, no file) or a record whose file is missing or holds exactly the
# recorded bytes; never a file without its record. The next run gives the
# recorded bytes out, byte for byte: never a reprint, never a second,
# different batch 1 (whose acknowledgement would then fail). The journal's
# export and its pages printed to a file go the same way.
NAME=outputs
. tests/cli/exchange.inc
# Passes are signed by the head of the regional unit's migration police.
region_head head "Нурпеисов Асхат Каиржанович" "начальник УМП ДП г. Алматы"

. tests/cli/kill.inc

# ---- a print -----------------------------------------------------------------
step="print: set-up"
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json"
id=$(cat "$T/out")
expect_rc 0 as ivanov case event "$id" accept
snap
R=$T/receipt.txt
# print_state: "P O STATE FILE" -- print rows, outputs, their state, and
# whether the file is there and holds the recorded bytes.
print_state() {
	p=$(q "SELECT count(*) FROM prints WHERE case_id = $id")
	o=$(q "SELECT count(*) || ':' || COALESCE(max(state), '-') FROM outputs WHERE kind = 'print'")
	echo "$p $o $(file_state "$R" "SELECT sha256 FROM outputs WHERE kind = 'print'")"
}
seen=
for spec in $(points receipt.txt); do
	step="print killed at $spec"
	back
	rm -f "$R" "$T"/.receipt.txt.okno-*
	killed "$spec" as ivanov print "$id" receipt --out "$R" || continue
	st=$(print_state)
	seen="$seen|$st"
	case "$st" in
	"0 0:- none") ;;                      # nothing recorded, nothing written
	"2 1:pending none" | "2 1:pending same") ;; # recorded, to be given out
	"2 1:delivered same") continue ;;     # done, killed on the way out
	*) fail "after a kill at $spec: $st (prints, outputs, file)" ;;
	esac
	# The next run gives the recorded bytes out: no second print, no
	# reprint (the inspector may not reprint).
	expect_rc 0 as ivanov print "$id" receipt --out "$R"
	[ "$(print_state)" = "2 1:delivered same" ] ||
		fail "after the next run: $(print_state)"
	[ "$(q "SELECT count(*) FROM prints WHERE case_id = $id AND reprint = 1")" = 0 ] ||
		fail "a reprint"
	ls -a "$T" | grep -q '^\.receipt\.txt\.okno-' && fail "a temporary file left"
	[ "$(stat -c %a "$R")" = 600 ] || fail "mode $(stat -c %a "$R")"
done
# The kills fell before the record, between it and the file, and after
# the file was in place.
all_left "$seen" "0 0:- none" "2 1:pending none" "2 1:pending same"

# ---- a print on a numbered blank ---------------------------------------------
step="blank: set-up"
back
expect_rc 0 as ivanov case new --service border-pass --json "$FIX/border-pass.json"
bp=$(cat "$T/out")
expect_rc 0 as ivanov case event "$bp" accept
expect_rc 0 as sidorova case event "$bp" check-clear
expect_rc 0 as head case event "$bp" issue
expect_rc 0 as operator blanks add --kind border-pass --series AB --from 1001 --to 1002
P=$T/pass.txt
step="blank: killed between the record and the file"
killed "link:pass.txt" as ivanov print "$bp" border-pass --blank AB1001 --out "$P" ||
	fail "not killed"
[ ! -e "$P" ] || fail "a pass file without its record"
[ "$(q "SELECT state || ':' || COALESCE(print_id, 0) FROM blanks WHERE number = 1001")" != "stock:0" ] ||
	fail "the blank was not recorded with the print"
expect_rc 0 as ivanov print "$bp" border-pass --blank AB1002 --out "$P"
expect_out "записанный прежде"
[ "$(sha "$P")" = "$(q "SELECT sha256 FROM outputs WHERE object = 'case:$bp:border-pass'")" ] ||
	fail "the pass given out is not the one recorded"
grep -q "AB 1001" "$P" || fail "the pass is not on blank AB 1001"
[ "$(q "SELECT state FROM blanks WHERE number = 1002")" = stock ] ||
	fail "a second blank was used"

# ---- a Berkut batch -----------------------------------------------------------
OUT=$T/outbox
mkdir -p "$OUT"
B=$OUT/berkut-A01-000001.jsonl
step="berkut: set-up"
back
expect_rc 0 as ivanov case new --service registration --json "$FIX/registration.json" --field doc_number=FB7654321
c1=$(cat "$T/out")
take_in "$c1"
snap
berkut_state() {
	b=$(q "SELECT count(*) FROM berkut_batches")
	o=$(q "SELECT count(*) || ':' || COALESCE(min(state), '-') FROM outputs WHERE kind = 'berkut'")
	echo "$b $o $(file_state "$B" "SELECT sha256 FROM berkut_batches WHERE no = 1")"
}
bseen=
for spec in $(points berkut-A01-000001.jsonl); do
	step="berkut killed at $spec"
	back
	rm -rf "$OUT"
	mkdir -p "$OUT"
	killed "$spec" as operator berkut export --outbox "$OUT" || continue
	st=$(berkut_state)
	bseen="$bseen|$st"
	case "$st" in
	"0 0:- none") ;;
	"1 2:pending none" | "1 2:pending same" | "1 2:delivered same") ;;
	*) fail "after a kill at $spec: $st (batches, outputs, file)" ;;
	esac
	expect_rc 0 as operator berkut export --outbox "$OUT"
	[ "$(berkut_state)" = "1 2:delivered same" ] ||
		fail "after the next run: $(berkut_state)"
	(cd "$OUT" && sha256sum -c --quiet berkut-A01-000001.jsonl.sha256) ||
		fail "sidecar"
	[ ! -e "$OUT/berkut-A01-000002.jsonl" ] || fail "a second batch"
done
all_left "$bseen" "0 0:- none" "1 2:pending none" "1 2:pending same"
step="berkut: the acknowledgement of the batch given out"
{
	printf '{"format": "okno-berkut-ack/1", "batch": 1, "office": "A01",\n'
	printf ' "sha256": "%s", "received_at": "2026-03-21T09:00:00",\n' "$(sha "$B")"
	printf ' "records": [{"seq": 1, "case": %s, "status": "accepted"}]}\n' "$c1"
} >"$T/ack.json"
expect_rc 0 as operator berkut ack "$T/ack.json"
[ "$(q "SELECT COALESCE(berkut_at, '-') FROM cases WHERE id = $c1")" != - ] ||
	fail "the case was not marked"

# ---- the journal: an export and the pages, to a file --------------------------
# Both are recorded with their audit line (kind 'journal', its bytes and
# SHA-256, pending) and written after it. Killed in between, the next
# export (print) gives the recorded bytes out, byte for byte, and says so;
# a delivered one keeps only its size and SHA-256.
step="journal: set-up"
back
snap
# journal_state FILE ACTION: "A O STATE FILE": the audit lines of ACTION,
# the journal's outputs and their state, the file (none, same, other).
journal_state() {
	a=$(q "SELECT count(*) FROM audit WHERE action = '$2'")
	o=$(q "SELECT count(*) || ':' || COALESCE(max(state), '-') FROM outputs WHERE kind = 'journal'")
	echo "$a $o $(file_state "$1" "SELECT sha256 FROM outputs WHERE kind = 'journal'")"
}
for what in export print; do
	J=$T/journal-$what.txt
	if [ "$what" = export ]; then
		action=export
		set -- journal export --format csv --book registration --year 2026 --output "$J"
	else
		action=journal.print
		set -- journal print --book registration --year 2026 --output "$J"
	fi
	jseen=
	for spec in $(points "journal-$what.txt"); do
		step="journal $what killed at $spec"
		back
		rm -f "$J" "$T"/.journal-$what.txt.okno-*
		killed "$spec" as operator "$@" || continue
		st=$(journal_state "$J" "$action")
		jseen="$jseen|$st"
		case "$st" in
		"0 0:- none") ;;
		"1 1:pending none" | "1 1:pending same") ;;
		"1 1:delivered same") continue ;;
		*) fail "after a kill at $spec: $st (audit lines, outputs, file)" ;;
		esac
		expect_rc 0 as operator "$@"
		[ "$(journal_state "$J" "$action")" = "1 1:delivered same" ] ||
			fail "after the next run: $(journal_state "$J" "$action")"
		case "$st" in
		*pending*) expect_out "записанная прежде и не выданная: $J" ;;
		*) ! grep -q "записанная прежде" "$T/out" || fail "an earlier one, out of nothing" ;;
		esac
		grep -q "АХМЕДОВ" "$J" || fail "the entries are not in $J"
		[ "$(q "SELECT length(content) || ' ' || size FROM outputs WHERE kind = 'journal'")" = "0 $(stat -c %s "$J")" ] ||
			fail "the delivered output keeps its bytes, or not its size"
		ls -a "$T" | grep -q "^\.journal-$what\.txt\.okno-" && fail "a temporary file left"
		[ "$(stat -c %a "$J")" = 600 ] || fail "mode $(stat -c %a "$J")"
	done
	all_left "$jseen" "0 0:- none" "1 1:pending none" "1 1:pending same"
	# A run that finds nothing pending writes a new file, and one there
	# already is refused (no --force), its bytes kept.
	step="journal $what: a second run"
	before=$(sha "$J")
	expect_rc 6 as operator "$@"
	expect_err "уже существует"
	[ "$(sha "$J")" = "$before" ] || fail "the file was changed"
	[ "$(journal_state "$J" "$action")" = "1 1:delivered same" ] ||
		fail "refused, yet recorded: $(journal_state "$J" "$action")"
done
echo "cli/outputs: all checks passed"
