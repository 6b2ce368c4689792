#!/bin/sh
# CLI scenario: portal applications in (okno portal import/list). A good
# file becomes an electronic draft and moves to done/; broken files go to
# rejected/ beside NAME.why naming line and field; a request id seen
# before is not taken twice; a file left behind after its commit is moved
# on the next run; hostile files (escape sequences, invalid UTF-8, NUL,
# huge values, deep nesting, a symbolic link) are refused, never crash and
# never reach the terminal raw. Then the case follows the paper workflow.
# engines: sqlite pg
NAME=portal
. tests/cli/exchange.inc

IN=$T/drop
mkdir -p "$IN"

# ---- good ---------------------------------------------------------------
step="good file"
app EGOV-2026-000101 АХМЕДОВ >"$IN/a101.json"
app EGOV-2026-000102 КАРИМОВ >"$IN/a102.json"
expect_rc 0 as ivanov portal import "$IN"
expect_out "принято: a101.json (запрос EGOV-2026-000101) дело 1"
expect_out "принято: a102.json (запрос EGOV-2026-000102) дело 2"
expect_out "Принято: 2, отклонено: 0, повторов: 0"
[ -f "$IN/done/a101.json" ] && [ -f "$IN/done/a102.json" ] ||
	fail "imported files not in done/"
[ ! -f "$IN/a101.json" ] || fail "imported file left in the drop folder"
[ "$(q "SELECT channel, state, service FROM cases WHERE id = 1")" = \
	"electronic|draft|registration" ] || fail "case 1 not an electronic draft"
[ "$(q "SELECT request_id, case_id FROM portal_requests ORDER BY id")" = \
	"EGOV-2026-000101|1
EGOV-2026-000102|2" ] || fail "portal_requests rows"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'portal.import'")" = 2 ] ||
	fail "audit lines of the import"

step="worklist"
expect_rc 0 as ivanov portal list
expect_out "EGOV-2026-000101"
expect_out "АХМЕДОВ РУСТАМ / Сериков Болат Канатович"
expect_rc 0 as ivanov case show 1
expect_out "электронный"

step="empty run"
expect_rc 0 as ivanov portal import "$IN"
expect_out "Принято: 0, отклонено: 0, повторов: 0"

# ---- duplicates ---------------------------------------------------------
step="same request id, other bytes"
app EGOV-2026-000101 ДРУГОЙ >"$IN/again.json"
expect_rc 3 as ivanov portal import "$IN"
expect_out "повтор: again.json"
expect_out "уже принят (дело № 1)"
[ -f "$IN/rejected/again.json" ] && [ -f "$IN/rejected/again.json.why" ] ||
	fail "duplicate not moved to rejected/"
[ "$(q "SELECT count(*) FROM cases")" = 2 ] || fail "a duplicate became a case"

step="committed but not moved (same bytes left behind)"
cp "$IN/done/a102.json" "$IN/a102.json"
expect_rc 0 as ivanov portal import "$IN"
expect_out "уже было принято: a102.json"
[ ! -f "$IN/a102.json" ] && [ -f "$IN/done/a102.json.1" ] ||
	fail "left-behind file not moved to done/ (kept beside the first)"
[ "$(q "SELECT count(*) FROM cases")" = 2 ] || fail "case taken twice"

# ---- broken -------------------------------------------------------------
step="broken: missing and bad fields"
app EGOV-2026-000103 АЛИЕВ ', "birth_date2": "x"' |
	sed -e '/"surname"/s/"АЛИЕВ"/""/' -e 's/"18.03.2026", "period_to"/"31.02.2026", "period_to"/' \
	>"$IN/b103.json"
expect_rc 3 as ivanov portal import "$IN"
expect_out "отклонено: b103.json"
W=$IN/rejected/b103.json.why
[ -f "$W" ] && [ -f "$IN/rejected/b103.json" ] || fail "no rejected/b103.json(.why)"
expect_file "$W" "Файл: b103.json"
expect_file "$W" "строка 7: Фамилия"
expect_file "$W" "[fields.surname]"
expect_file "$W" "[fields.birth_date2]"
expect_file "$W" "строка 13:"
expect_file "$W" "[fields.period_from]"

step="broken: not JSON"
printf '{\n  "format": 1,\n  "request_id": "X1"\n  "fields": {}\n}\n' >"$IN/c.json"
expect_rc 3 as ivanov portal import "$IN"
expect_file "$IN/rejected/c.json.why" "строка 4"
expect_file "$IN/rejected/c.json.why" "не является правильным JSON"

step="broken: envelope"
app 'bad id/..' ЮСУПОВ | sed 's/"921029350851", "name"/"921029350852", "name"/' >"$IN/d.json"
expect_rc 3 as ivanov portal import "$IN"
expect_file "$IN/rejected/d.json.why" "[request_id]"
expect_file "$IN/rejected/d.json.why" "[applicant.iin]"

step="broken: the applicant is not the host"
app EGOV-2026-000104 ЮСУПОВ | sed 's/"host_iin": "921029350851"/"host_iin": "880316300224"/' >"$IN/e.json"
expect_rc 3 as ivanov portal import "$IN"
expect_file "$IN/rejected/e.json.why" "[fields.host_iin]"

step="broken: unknown document code"
app EGOV-2026-000105 ЮСУПОВ | sed 's/"host_dwelling"/"passport_scan"/' >"$IN/f.json"
expect_rc 3 as ivanov portal import "$IN"
expect_file "$IN/rejected/f.json.why" "[documents]"
[ "$(q "SELECT count(*) FROM cases")" = 2 ] || fail "a broken file became a case"

# ---- hostile ------------------------------------------------------------
step="hostile: escape sequences"
app EGOV-2026-000106 'АЛИ\u001b]0;pwned\u0007\u001b[2J' >"$IN/h1.json"
app EGOV-2026-000107 "АЛИ$(printf '\033')[31m" >"$IN/h2.json"
app EGOV-2026-000108 'АЛИ\u202eВЕЛИ' >"$IN/h3.json"
printf '{"format":1,"request_id":"EGOV-X","submitted_at":"2026-03-19T18:45:00","applicant":{"iin":"921029350851","name":"A\\u0000B"},"fields":{},"documents":[]}' \
	>"$IN/h4.json"
expect_rc 3 as ivanov portal import "$IN"
for f in h1 h2 h3 h4; do
	expect_out "отклонено: $f.json"
	[ -f "$IN/rejected/$f.json.why" ] || fail "$f not rejected"
done
if grep -q "$(printf '\033')" "$T/out" "$T/err" "$IN"/rejected/*.why; then
	fail "an escape byte reached the output or a .why file"
fi
expect_file "$IN/rejected/h1.json.why" "управляющие символы"

step="hostile: invalid UTF-8, NUL byte, empty"
app EGOV-2026-000109 "АЛИ$(printf '\377\376')" >"$IN/h5.json"
{ printf '{"format":1,'; printf '\000'; printf '"x":1}'; } >"$IN/h6.json"
: >"$IN/h7.json"
expect_rc 3 as ivanov portal import "$IN"
expect_file "$IN/rejected/h5.json.why" "UTF-8"
expect_file "$IN/rejected/h6.json.why" "NUL"
expect_file "$IN/rejected/h7.json.why" "Пустой файл"

step="hostile: huge file, huge value, deep nesting"
head -c 300000 /dev/zero | tr '\0' 'A' >"$T/big"
app EGOV-2026-000110 "$(cat "$T/big")" >"$IN/h8.json"
app EGOV-2026-000111 "$(head -c 5000 "$T/big")" >"$IN/h9.json"
{ i=0; while [ $i -lt 5000 ]; do printf '['; i=$((i + 1)); done; } >"$IN/h10.json"
expect_rc 3 as ivanov portal import "$IN"
expect_file "$IN/rejected/h8.json.why" "слишком велик"
expect_file "$IN/rejected/h9.json.why" "слишком длинное значение"
[ -f "$IN/rejected/h10.json.why" ] || fail "deep nesting not rejected"

step="hostile: file name with an escape, symbolic link, directory"
app EGOV-2026-000112 "ЖУКОВ" >"$IN/$(printf 'x\033[2Jy').json"
ln -s /etc/passwd "$IN/link.json"
mkdir "$IN/dir.json"
expect_rc 0 as ivanov portal import "$IN"
expect_out 'x\x1b[2Jy.json'
if grep -q "$(printf '\033')" "$T/out"; then fail "raw escape printed"; fi
[ -L "$IN/link.json" ] || fail "the symbolic link was touched"
[ "$(q "SELECT count(*) FROM cases")" = 3 ] || fail "case count after hostile"

# ---- permissions --------------------------------------------------------
step="a chief cannot import"
app EGOV-2026-000113 ОМАРОВ >"$IN/p.json"
expect_rc 5 as nurlanov portal import "$IN"
[ -f "$IN/p.json" ] || fail "file moved by a refused import"
step="no folder"
expect_rc 4 as ivanov portal import "$T/nowhere"

# ---- the same workflow as paper -----------------------------------------
take_in 1
expect_rc 0 as ivanov portal list
if grep -q EGOV-2026-000101 "$T/out"; then fail "accepted case still on the worklist"; fi
expect_rc 0 as ivanov portal list --all
expect_out "EGOV-2026-000101"
expect_out "issued"
[ "$(q "SELECT json_extract(content, '$.channel') FROM journal
	WHERE case_id = 1 AND kind = 'accept'")" = electronic ] ||
	fail "journal line not marked electronic"
expect_rc 0 as ivanov journal verify
echo "portal: ok"
