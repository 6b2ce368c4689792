#!/bin/sh
# File permissions (issue 7): the database is created owner-only, or for
# the group named by OKNO_GROUP; okno refuses a database or a forms folder
# (or a file in it) that other users can write, or that its group can
# write unless OKNO_GROUP names that group, with a message naming the file,
# its mode and the fix.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu

NAME=perms
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
unset OKNO_GROUP

mode() { stat -c %a "$1"; }
printf '%s\n' 'первый-пароль-1' >"$T/first"
init() { # DB [env...]
	db=$1
	shift
	expect_rc 0 env OKNO_NEW_PASSWORD_FILE="$T/first" "$@" "$OKNO" --db "$db" \
		init --office A01 --name "РУП" --region "ДП"
}
# A command that opens the database without logging in.
opens() { "$OKNO" --db "$1" office list; }

# A group of the system other than the owner's own, for the named group.
G=$(getent group users >/dev/null && echo users || echo daemon)
G2=$(getent group daemon >/dev/null && echo daemon || echo adm)

step="created owner-only"
init "$T/var/k.db"
[ "$(mode "$T/var/k.db")" = 600 ] || fail "database mode $(mode "$T/var/k.db")"
[ "$(mode "$T/var")" = 700 ] || fail "folder mode $(mode "$T/var")"
expect_rc 0 opens "$T/var/k.db"

step="world-writable database refused"
chmod 606 "$T/var/k.db"
expect_rc 1 opens "$T/var/k.db"
expect_err "База данных $T/var/k.db: запись разрешена всем пользователям (права 0606)"
expect_err "chmod o-w"
chmod 600 "$T/var/k.db"

step="group-writable database refused without OKNO_GROUP"
chmod 620 "$T/var/k.db"
expect_rc 1 opens "$T/var/k.db"
expect_err "запись разрешена группе (права 0620)"
expect_err "OKNO_GROUP"
chgrp "$G" "$T/var/k.db"
expect_rc 1 env OKNO_GROUP="$G2" "$OKNO" --db "$T/var/k.db" office list
expect_err "не группе из OKNO_GROUP"
expect_rc 0 env OKNO_GROUP="$G" "$OKNO" --db "$T/var/k.db" office list
expect_rc 1 env OKNO_GROUP=no-such-group-okno "$OKNO" --db "$T/var/k.db" office list
expect_err "Группа «no-such-group-okno» (OKNO_GROUP) не найдена"
chmod 600 "$T/var/k.db"

step="created for a named group"
init "$T/shared/k.db" OKNO_GROUP="$G"
[ "$(mode "$T/shared/k.db")" = 660 ] || fail "database mode $(mode "$T/shared/k.db")"
[ "$(stat -c %G "$T/shared/k.db")" = "$G" ] || fail "database group $(stat -c %G "$T/shared/k.db")"
[ "$(mode "$T/shared")" = 2770 ] || fail "folder mode $(mode "$T/shared")"
[ "$(stat -c %G "$T/shared")" = "$G" ] || fail "folder group"
expect_rc 0 env OKNO_GROUP="$G" "$OKNO" --db "$T/shared/k.db" office list
# The same file without the group named is refused.
expect_rc 1 opens "$T/shared/k.db"
expect_rc 1 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_GROUP=no-such-group-okno \
	"$OKNO" --db "$T/other/k.db" init --office A01 --name "РУП" --region "ДП"
[ ! -e "$T/other/k.db" ] || fail "a database was created for an unknown group"

step="forms folder"
cp -R "$ROOT/forms" "$T/forms"
chmod -R go-w "$T/forms"
expect_rc 0 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration
chmod o+w "$T/forms"
expect_rc 1 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration
expect_err "Папка форм $T/forms: запись разрешена всем пользователям (права 0757)"
chmod o-w "$T/forms"
f=$(ls "$T/forms"/*.form | head -1)
chmod 664 "$f"
expect_rc 1 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration
expect_err "$f: запись разрешена группе (права 0664)"
chmod 644 "$f"
chmod o+w "$T/forms/templates"
expect_rc 1 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration
expect_err "$T/forms/templates: запись разрешена всем"
chmod o-w "$T/forms/templates"
expect_rc 0 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration

echo "cli/perms: all checks passed"
