#!/bin/sh
# A really full disk (issue 8): the database on a small tmpfs, the rest of
# the tmpfs taken by a filler file; okno case new must fail with
# "Диск заполнен" (exit 7, storage), leave the database exactly as it was and
# intact, and work again once space is freed. Needs mount (root with
# CAP_SYS_ADMIN); where mount is refused it says SKIP: the same path is
# covered without a mount by test_crash (PRAGMA max_page_count).
set -eu
NAME=fulldisk
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
M=$T/mnt
mkdir -p "$M"
if ! mount -t tmpfs -o size=4m,mode=0700 okno-full "$M" 2>/dev/null; then
	echo "SKIP: cannot mount a tmpfs here"
	rm -rf "$T"
	exit 0
fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' 0 1 15
DB=$M/k.db
init_office
add_user ivanov "Иванов Иван" "" inspector
new_case() {
	as ivanov case new --service registration --json "$FIX/registration.json"
}
step="first case"
new_case >/dev/null || fail "first case"
state() {
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	sqlite3 "$DB" 'SELECT * FROM cases; SELECT * FROM case_events;
		SELECT * FROM journal; SELECT * FROM form_texts;' | sha256sum
}
before=$(state)
# Take every free block (and the WAL's room to grow).
dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null || true
step="case new on a full disk"
expect_rc 7 new_case
cat "$T/err"
expect_err "Диск заполнен"
rm -f "$M/filler"
[ "$(state)" = "$before" ] || fail "the database changed"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
new_case >/dev/null || fail "case new after space was freed"
echo "full disk: refused with a message, database unchanged and intact"
