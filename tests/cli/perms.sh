#!/bin/sh
# File permissions: the database is created owner-only (installed setgid,
# for the group okno: tests/cli/privsep.sh); okno refuses a database or a
# forms folder (or a file in it) that other users can write, that its
# group can write unless it is the group okno, that sits in a folder
# others can write, or that is a link others can redirect, with a message
# naming the file, its mode and the fix.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu
. tests/ns.inc

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
		init --training --office A01 --name "РУП" --region "ДП"
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

step="group-writable database refused"
chmod 620 "$T/var/k.db"
chgrp "$G" "$T/var/k.db"
expect_rc 1 opens "$T/var/k.db"
expect_err "запись разрешена группе (права 0620), а не только группе okno"
chmod 600 "$T/var/k.db"
expect_rc 0 opens "$T/var/k.db"

step="OKNO_GROUP is gone"
expect_rc 2 env OKNO_GROUP="$G" "$OKNO" --db "$T/var/k.db" office list
expect_err "OKNO_GROUP больше не используется"

step="database in a folder others can write"
mkdir -p "$T/open"
cp "$T/var/k.db" "$T/open/k.db"
chmod 777 "$T/open"
expect_rc 1 opens "$T/open/k.db"
expect_err "папка $T/open открыта на запись другим пользователям (права 0777)"
chmod 1777 "$T/open" # sticky, like /tmp: others cannot replace the file
expect_rc 0 opens "$T/open/k.db"
chmod 700 "$T/open"

step="links to the database"
ln -s "$T/var/k.db" "$T/link.db"
expect_rc 0 opens "$T/link.db"
# A link in a folder others can write can be pointed elsewhere.
mkdir -p "$T/openlinks"
ln -s "$T/var/k.db" "$T/openlinks/k.db"
chmod 777 "$T/openlinks"
expect_rc 1 opens "$T/openlinks/k.db"
expect_err "открыта на запись другим пользователям"
chmod 700 "$T/openlinks"
# A link owned by another user.
ln -s "$T/var/k.db" "$T/theirs.db"
chown -h daemon "$T/theirs.db"
expect_rc 1 opens "$T/theirs.db"
expect_err "символическая ссылка другого пользователя"
# The target is what is judged: a link to a file others can write.
chmod 606 "$T/var/k.db"
expect_rc 1 opens "$T/link.db"
expect_err "$T/var/k.db: запись разрешена всем пользователям (права 0606)"
chmod 600 "$T/var/k.db"

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
# A template that is a link to a file others can write.
cp "$T/forms/templates/receipt.tpl" "$T/receipt.tpl"
chmod 666 "$T/receipt.tpl"
mv "$T/forms/templates/receipt.tpl" "$T/receipt.orig"
ln -s "$T/receipt.tpl" "$T/forms/templates/receipt.tpl"
expect_rc 1 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration
expect_err "$T/receipt.tpl: запись разрешена всем пользователям (права 0666)"
rm "$T/forms/templates/receipt.tpl"
mv "$T/receipt.orig" "$T/forms/templates/receipt.tpl"
expect_rc 0 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" forms show registration
# The calendar's data is read with the forms, on the same terms.
c=$T/forms/calendar/kazakhstan.days
expect_rc 0 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" calendar due 20.03.2026 1
chmod 664 "$c"
expect_rc 1 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" calendar due 20.03.2026 1
expect_err "$c: запись разрешена группе (права 0664)"
chmod 644 "$c"
chmod o+w "$T/forms/calendar"
expect_rc 1 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" calendar holidays 2026
expect_err "$T/forms/calendar: запись разрешена всем"
chmod o-w "$T/forms/calendar"
expect_rc 0 "$OKNO" --db "$T/var/k.db" --forms "$T/forms" calendar holidays 2026

echo "cli/perms: all checks passed"
