#!/bin/sh
# A really full disk (issue 8): the database on a small tmpfs, the rest of
# the tmpfs taken by a filler file; okno case new must fail with
# "Диск заполнен" (exit 7, storage), leave the database exactly as it was and
# intact, and work again once space is freed. Needs mount (root with
# CAP_SYS_ADMIN); where mount is refused it says SKIP: the same path is
# covered without a mount by test_crash (PRAGMA max_page_count).
set -eu
: "${OKNO:?OKNO must name the okno binary}"
ROOT=$(pwd)
export OKNO_FORMS=${OKNO_FORMS:-$ROOT/forms} TZ=Asia/Almaty LANG=C.UTF-8 \
	LC_ALL=C.UTF-8 OKNO_NOW=2026-03-20T10:00:00
unset OKNO_DB OKNO_AS OKNO_PASSWORD_FILE OKNO_NEW_PASSWORD_FILE
T=${TMPDIR:-/tmp}/fulldisk.$$
M=$T/mnt
mkdir -p "$M"
export HOME=$T
if ! mount -t tmpfs -o size=4m,mode=0700 okno-full "$M" 2>/dev/null; then
	echo "SKIP: cannot mount a tmpfs here"
	rm -rf "$T"
	exit 0
fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' 0 1 15
fail() { echo "FAIL: $*" >&2; exit 1; }
DB=$M/k.db
pw() { printf '%s\n' "$1" >"$T/pw.$2"; }
pw 'admin-first-1' a0; pw 'admin-pass-12' a1; pw 'ivanov-first1' i0
pw 'ivanov-pass1' i1
OKNO_PASSWORD_FILE=$T/pw.a0 "$OKNO" --db "$DB" init --office OVD-1 \
	--name "УМП ОП" --region "г. Алматы" >/dev/null || fail init
OKNO_PASSWORD_FILE=$T/pw.a0 OKNO_NEW_PASSWORD_FILE=$T/pw.a1 \
	"$OKNO" --db "$DB" --as admin passwd >/dev/null || fail passwd
OKNO_PASSWORD_FILE=$T/pw.a1 OKNO_NEW_PASSWORD_FILE=$T/pw.i0 \
	"$OKNO" --db "$DB" --as admin user add ivanov --name "Иванов Иван" \
	--role inspector >/dev/null || fail "user add"
OKNO_PASSWORD_FILE=$T/pw.i0 OKNO_NEW_PASSWORD_FILE=$T/pw.i1 \
	"$OKNO" --db "$DB" --as ivanov passwd >/dev/null || fail "passwd ivanov"
new_case() {
	OKNO_PASSWORD_FILE=$T/pw.i1 "$OKNO" --db "$DB" --as ivanov case new \
		--service registration \
		--json "$ROOT/tests/fixtures/cases/registration.json"
}
new_case >/dev/null || fail "first case"
state() {
	sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	sqlite3 "$DB" 'SELECT * FROM cases; SELECT * FROM case_events;
		SELECT * FROM journal; SELECT * FROM form_texts;' | sha256sum
}
before=$(state)
# Take every free block (and the WAL's room to grow).
dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null || true
rc=0
new_case >"$T/out" 2>"$T/err" || rc=$?
cat "$T/err"
[ "$rc" -eq 7 ] || fail "case new on a full disk exited $rc (want 7, storage)"
grep -q "Диск заполнен" "$T/err" || fail "no «Диск заполнен» message"
rm -f "$M/filler"
[ "$(state)" = "$before" ] || fail "the database changed"
[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity"
new_case >/dev/null || fail "case new after space was freed"
echo "full disk: refused with a message, database unchanged and intact"
