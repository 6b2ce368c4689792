#!/bin/sh
# CLI scenario: Berkut batches out and acknowledgements back (okno berkut
# export/ack/list). Batches are numbered, carry a SHA-256 sidecar, hold
# each registration once until it is acknowledged, are resent byte for
# byte; acknowledgements arrive out of order (a gap), twice (a repeat),
# with a wrong hash, for an unknown batch, incomplete or contradicting;
# an accepted record marks the case through its "berkut" event, a
# rejected one goes out again, a later correction goes out as such.
# engines: sqlite pg
NAME=berkut
. tests/cli/exchange.inc

OUT=$T/outbox
mkdir -p "$OUT"
FIX=tests/fixtures/cases/registration.json

nreg=0
new_reg() { # -> $id, issued (each foreigner its own passport)
	step="new registration"
	nreg=$((nreg + 1))
	expect_rc 0 as ivanov case new --service registration --json "$FIX" \
		--field doc_number="FB$(printf %07d "$nreg")"
	id=$(cat "$T/out")
	take_in "$id"
}
# ack N [STATUS_OF_SEQ...]: write $T/ack.N.json from batch N's file: every
# record accepted unless its seq is listed as SEQ=rejected.
ack() {
	no=$1
	shift
	f=$OUT/$(printf 'berkut-A01-%06d.jsonl' "$no")
	sha=$(cut -c1-64 "$f.sha256")
	{
		printf '{"format": "okno-berkut-ack/1", "batch": %s, "office": "A01",\n' "$no"
		printf ' "sha256": "%s", "received_at": "2026-03-21T09:00:00",\n "records": [' "$sha"
		sep=""
		tail -n +2 "$f" | while IFS= read -r line; do
			seq=$(printf '%s' "$line" | grep -o '"seq":[0-9]*' | cut -d: -f2)
			cs=$(printf '%s' "$line" | grep -o '"case":[0-9]*' | cut -d: -f2)
			st=accepted
			for x in "$@"; do [ "$x" = "$seq=rejected" ] && st=rejected; done
			if [ $st = rejected ]; then
				printf '%s\n  {"seq": %s, "case": %s, "status": "rejected", "reason": "Неверный номер документа"}' "$sep" "$seq" "$cs"
			else
				printf '%s\n  {"seq": %s, "case": %s, "status": "accepted"}' "$sep" "$seq" "$cs"
			fi
			sep=","
		done
		printf '\n]}\n'
	} >"$T/ack.$no.json"
}
# bad_ack RC FILTER...: batch 1's acknowledgement put through FILTER (a
# command reading it on stdin), into $T/bad.json, is refused with exit RC.
bad_ack() {
	_rc=$1
	shift
	"$@" <"$T/ack.1.json" >"$T/bad.json"
	expect_rc "$_rc" as operator berkut ack "$T/bad.json"
}
berkut_at() {
	q "SELECT CASE WHEN berkut_at IS NULL THEN '-' ELSE 'set' END FROM cases WHERE id = $1"
}

new_reg; C1=$id
new_reg; C2=$id
new_reg; C3=$id
step="a case still being checked is not sent"
expect_rc 0 as ivanov case new --service registration --json "$FIX"
C4=$(cat "$T/out")
expect_rc 0 as ivanov case event "$C4" accept

# ---- batch 1 -----------------------------------------------------------------
step="export 1"
expect_rc 0 as operator berkut export --outbox "$OUT"
expect_out "Пакет № 1: berkut-A01-000001.jsonl, записей 3"
B1=$OUT/berkut-A01-000001.jsonl
[ -f "$B1" ] && [ -f "$B1.sha256" ] || fail "batch 1 files"
(cd "$OUT" && sha256sum -c --quiet berkut-A01-000001.jsonl.sha256) ||
	fail "sidecar does not match"
[ "$(wc -l <"$B1")" -eq 4 ] || fail "batch 1: header and 3 records"
head -n 1 "$B1" | grep -q '"batch":1' || fail "header batch number"
head -n 1 "$B1" | grep -q '"count":3' || fail "header count"
grep -q "\"case\":$C4," "$B1" && fail "a case being checked was sent"
grep -q '"kind":"registration"' "$B1" || fail "record kind"
grep -q '"special_check":{"at":"2026-03-20T10:00:00+05:00","by":"Сидорова Анна Петровна","result":"clear"}' "$B1" ||
	fail "special check in the record"
grep -q '"surname":"АХМЕДОВ"' "$B1" || fail "person fields"

step="nothing new while batch 1 is unacknowledged"
expect_rc 0 as operator berkut export --outbox "$OUT"
expect_out "Новых записей для «Беркут» нет"

# ---- batch 2 -----------------------------------------------------------------
new_reg; C5=$id
step="export 2"
expect_rc 0 as operator berkut export --outbox "$OUT"
expect_out "Пакет № 2:"
B2=$OUT/berkut-A01-000002.jsonl
[ "$(wc -l <"$B2")" -eq 2 ] || fail "batch 2 holds one record"
grep -q "\"case\":$C5," "$B2" || fail "batch 2 case"

# ---- acknowledgements: a gap, a repeat, refusals -------------------------------
step="ack 2 before 1 (a gap)"
ack 2
expect_rc 0 as operator berkut ack "$T/ack.2.json"
expect_out "Пакет № 2 подтверждён: принято 1, отклонено 0"
[ "$(berkut_at "$C5")" != - ] || fail "case $C5 not marked"
[ "$(berkut_at "$C1")" = - ] || fail "case $C1 marked by another batch's ack"
expect_rc 0 as ivanov case show "$C5"
expect_out "Внесено в ЕИС «Беркут»"
grep -q "^  2026-.* berkut .* operator" "$T/out" || fail "history lacks berkut by operator"

step="ack 2 again (a repeat)"
expect_rc 0 as operator berkut ack "$T/ack.2.json"
expect_out "уже подтверждён"
[ "$(q "SELECT count(*) FROM journal WHERE kind = 'berkut'")" = 1 ] ||
	fail "a repeated ack wrote a journal line"
step="ack 2 again, reformatted"
tr -d '\n' <"$T/ack.2.json" >"$T/ack.2b.json"
expect_rc 0 as operator berkut ack "$T/ack.2b.json"
expect_out "уже подтверждён"
step="a different ack for batch 2"
sed 's/"accepted"/"rejected"/' "$T/ack.2.json" >"$T/ack.2c.json"
expect_rc 6 as operator berkut ack "$T/ack.2c.json"

step="ack with a wrong hash"
ack 1
bad_ack 3 sed 's/"sha256": "\(.\)/"sha256": "0\1/; s/"sha256": "0\(.\{63\}\)./"sha256": "0\1/'
expect_err "[sha256]"
step="ack for an unknown batch"
bad_ack 4 sed 's/"batch": 1/"batch": 99/'
step="ack missing a record"
bad_ack 3 grep -v '"seq": 1,'
expect_err "нет ответа по записи № 1"
step="ack naming another case"
bad_ack 3 sed "s/\"case\": $C1,/\"case\": $C4,/"
step="ack that is not JSON"
bad_ack 3 printf 'garbage\n'
step="ack by a chief"
expect_rc 5 as nurlanov berkut ack "$T/ack.1.json"
[ "$(q "SELECT count(*) FROM cases WHERE berkut_at IS NOT NULL")" = 1 ] ||
	fail "a refused ack marked cases"

# ---- resend -------------------------------------------------------------------
step="resend the unacknowledged batch"
cp "$B1" "$T/b1.orig"
rm -f "$B1" "$B1.sha256"
expect_rc 0 as operator berkut export --outbox "$OUT" --resend
expect_out "Повторно:"
expect_out "berkut-A01-000001.jsonl"
cmp -s "$B1" "$T/b1.orig" || fail "resent batch differs"
[ -f "$OUT/berkut-A01-000002.jsonl" ] || fail "batch 2 file removed"
expect_rc 0 as operator berkut list
expect_out "отправлен 2 раз(а)"
expect_out "ждёт подтверждения"

# ---- ack 1 with a rejected record; a correction --------------------------------
step="ack 1: record 2 rejected"
ack 1 2=rejected
expect_rc 0 as operator berkut ack "$T/ack.1.json"
expect_out "принято 2, отклонено 1"
[ "$(berkut_at "$C1")" != - ] && [ "$(berkut_at "$C3")" != - ] || fail "accepted not marked"
[ "$(berkut_at "$C2")" = - ] || fail "rejected record marked"

step="correction of a case in Berkut"
expect_rc 0 as nurlanov case correct "$C1" "address_stay=г. Алматы, ул. Жандосова, д. 2" \
	--reason "Ошибка в адресе"
step="export 3: the rejected record again and the correction"
expect_rc 0 as operator berkut export --outbox "$OUT"
expect_out "Пакет № 3:"
B3=$OUT/berkut-A01-000003.jsonl
[ "$(wc -l <"$B3")" -eq 3 ] || fail "batch 3 holds two records"
grep "\"case\":$C2," "$B3" | grep -q '"kind":"registration"' || fail "rejected not resent"
grep "\"case\":$C1," "$B3" | grep -q '"kind":"correction"' || fail "correction not sent"
grep "\"case\":$C1," "$B3" | grep -q '"new":"г. Алматы, ул. Жандосова, д. 2"' ||
	fail "correction lacks the change"
ack 3
expect_rc 0 as operator berkut ack "$T/ack.3.json"
expect_out "принято 2, отклонено 0"
[ "$(berkut_at "$C2")" != - ] || fail "case $C2 not marked"
step="nothing left"
expect_rc 0 as operator berkut export --outbox "$OUT" --resend
expect_out "Новых записей для «Беркут» нет"
if grep -q "Повторно" "$T/out"; then fail "an acknowledged batch was resent"; fi

step="permissions and outbox"
expect_rc 5 as nurlanov berkut export --outbox "$OUT"
expect_rc 4 as operator berkut export --outbox "$T/none"
expect_rc 2 as operator berkut export
step="journal still verifies"
expect_rc 0 as operator journal verify
echo "berkut: ok"
