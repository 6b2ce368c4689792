#!/bin/sh
# Files okno writes are new files: journal export/print --output, print
# --out and backup never write over the database or its -wal/-shm, never
# through a link planted at the name, and replace an existing file only
# with --force (then as a new file of mode 0600, the link itself replaced,
# its target untouched). A refused output changes nothing: the database
# byte for byte, the file or link at the name, the link's target.
NAME=files
. tests/cli/lib.inc
init_office
standard_staff
expect_rc 0 as ivanov case new --service registration --json "$(today_registration)"
id=$(cat "$T/out")
expect_rc 0 as ivanov case event "$id" accept

refused() { # RC MESSAGE CMD...: refused with RC and MESSAGE, nothing changed
	want=$1 msg=$2
	shift 2
	before=$(db_sum)
	expect_rc "$want" "$@"
	expect_err "$msg"
	[ "$(db_sum)" = "$before" ] || fail "the database changed"
	expect_rc 0 sqlite3 "$DB" "PRAGMA integrity_check"
	expect_out ok
}

step="journal export over the database"
refused 5 "файл базы данных okno" as operator journal export --format csv --output "$DB"
refused 5 "файл базы данных okno" as operator journal export --format csv --output "$DB" --force
refused 5 "файл базы данных okno" as operator journal print --output "$DB-wal" --force
refused 5 "файл базы данных okno" as operator journal export --format text --output "$DB-shm"
refused 5 "файл базы данных okno" as ivanov print "$id" receipt --out "$DB-journal"
# Through another name for the same folder, or a link to the database.
ln -s "$DB" "$T/db-link"
refused 5 "файл базы данных okno" as operator journal export --format csv --output "$T/db-link"
refused 5 "файл базы данных okno" as operator journal export --format csv --output "$T/db-link" --force
[ -L "$T/db-link" ] || fail "the link was replaced"
refused 5 "файл базы данных okno" as operator journal export --format csv --output "$T/./k.db" --force
expect_rc 0 as operator journal verify
expect_rc 0 as admin backup "$T/copy.db"
refused 5 "файл базы данных okno" as admin backup --force "$DB"

step="print --out through a planted link"
printf 'чужой файл\n' >"$T/victim"
chmod 644 "$T/victim"
ln -s "$T/victim" "$T/r.txt"
refused 6 "уже существует" as ivanov print "$id" receipt --out "$T/r.txt"
[ "$(cat "$T/victim")" = "чужой файл" ] || fail "the link's target was written"
[ -L "$T/r.txt" ] || fail "the link is gone"
[ "$(q "SELECT count(*) FROM prints WHERE case_id = $id")" = 0 ] ||
	fail "a refused print was recorded"
# Replaced on --force: the link itself, never its target.
expect_rc 0 as ivanov print "$id" receipt --out "$T/r.txt" --force
[ "$(cat "$T/victim")" = "чужой файл" ] || fail "--force wrote through the link"
[ -f "$T/r.txt" ] && [ ! -L "$T/r.txt" ] || fail "not a new file"
grep -q "РАСПИСКА" "$T/r.txt" || fail "no receipt"
[ "$(stat -c %a "$T/r.txt")" = 600 ] || fail "mode $(stat -c %a "$T/r.txt")"

step="an existing file open to everyone"
printf 'old\n' >"$T/open.txt"
chmod 666 "$T/open.txt"
refused 6 "уже существует" as operator journal export --format csv --output "$T/open.txt"
[ "$(cat "$T/open.txt")" = old ] || fail "the file was written"
[ "$(stat -c %a "$T/open.txt")" = 666 ] || fail "its mode changed"
expect_rc 0 as operator journal export --format csv --output "$T/open.txt" --force
grep -q "АХМЕДОВ" "$T/open.txt" || fail "no export"
[ "$(stat -c %a "$T/open.txt")" = 600 ] || fail "the replaced file is $(stat -c %a "$T/open.txt")"

step="a new file"
expect_rc 0 as operator journal export --format text --output "$T/new.txt"
[ "$(stat -c %a "$T/new.txt")" = 600 ] || fail "mode"
refused 4 "не найдена" as operator journal export --format text --output "$T/no/such/dir.txt"
ls -a "$T" | grep -q '\.okno-' && fail "a temporary file left"
echo "cli/files: all checks passed"
