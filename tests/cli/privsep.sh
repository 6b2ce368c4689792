#!/bin/sh
# Privilege separation on a shared office server, with real Unix accounts:
# okno installed setgid to the group okno (no person in it), the database
# and its folder okno's alone (0660/2770), /etc/okno/okno.conf owned by
# root naming the database, the forms and the folders. A window's Unix
# account then cannot read or write the database but through okno: not
# with sqlite3 (no UPDATE of roles, no DELETE of audit lines), not by
# naming it as a password, input or output file (those are opened with the
# account's own rights), not by --db/OKNO_DB/--forms/OKNO_GROUP, not by a
# restore of a database it made itself. restore needs the administrator,
# refuses another office's copy and one older than a seal written down,
# keeps the file's group and mode, and its audit line names the account.
# Runs as root (CI); the accounts, groups and /etc/okno exist only in this
# test's own mount namespace (tests/ns.inc) and are removed at the end.
set -eu
NAME=privsep
. tests/ns.inc
. tests/cli/lib.inc
unset OKNO_FORMS OKNO_NOW OKNO_CRYPT_COST

. tests/setgid.inc
[ "$(id -u)" = 0 ] || fail "privsep needs root"
trap setgid_cleanup 0 1 15

step="accounts and groups"
# The office server's layout.
setgid_server lib backups spool
for u in okt-win1 okt-win2 okt-boss; do
	setgid_account "$u"
done
setgid_account okt-out outside
[ -z "$(getent group okno | cut -d: -f4)" ] || fail "the group okno has members"
setgid_conf "# the test office" "database = $O/lib/okno.db" \
	"forms = $O/forms" "print_dir = $O/spool" "backup_dir = $O/backups" \
	"timezone = Asia/Almaty" "windows_group = okno-windows"
ODB=$O/lib/okno.db
DB=$ODB # for q and db_sum

# The database and its WAL, byte for byte.

step="init by root with the installed okno"
printf '%s\n' 'первый-пароль-1' >"$T/first"
printf '%s\n' 'админ-пароль-2' >"$T/pw.admin"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" $OK init --office A01 \
	--name "Медеуский РУП ДП г. Алматы" --region "ДП г. Алматы"
[ "$(stat -c '%G %a' "$ODB")" = "okno 660" ] ||
	fail "database $(stat -c '%U:%G %a' "$ODB")"
[ "$(stat -c '%G %a' $O/lib)" = "okno 2770" ] || fail "folder"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/pw.admin" \
	$OK --as admin passwd
# root's accounts: ivanov at window 1 (Unix okt-win1), an administrator
# bound to okt-boss.
adduser_() { # LOGIN ROLE UNIX
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" OKNO_NEW_PASSWORD_FILE="$T/first" \
		$OK --as admin user add "$1" --name "Тестов $1" --position "-" --role "$2"
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" $OK --as admin user bind "$1" "$3"
	f=$(pwfile "$3" first 'первый-пароль-1')
	n=$(pwfile "$3" "pw.$1" "пароль-$1-2")
	expect_rc 0 run "$3" env OKNO_PASSWORD_FILE="$f" OKNO_NEW_PASSWORD_FILE="$n" \
		$OK --as "$1" passwd
}
adduser_ ivanov inspector okt-win1
adduser_ boss admin okt-boss
PW1=$O/home/okt-win1/pw.ivanov
PWB=$O/home/okt-boss/pw.boss
win1() { run okt-win1 env OKNO_PASSWORD_FILE=$PW1 $OK --as ivanov "$@"; }
boss() { run okt-boss env OKNO_PASSWORD_FILE=$PWB $OK --as boss "$@"; }
# A registration dated today (an office database's clock is the real one),
# in the window account's own folder.
win1_registration() {
	_f=$O/home/okt-win1/reg-$(date +%s%N).json
	cp "$(today_registration)" "$_f"
	chown okt-win1 "$_f"
	echo "$_f"
}
expect_rc 0 win1 case new --service registration --json "$(win1_registration)"

# ---- passwd: the Unix binding and the real origin ---------------------------------
step="passwd from another window's account"
# The inspector at window 2 has seen ivanov's password: changing it from
# there would lock ivanov out of his own window.
p2=$(pwfile okt-win2 seen 'пароль-ivanov-2')
n2=$(pwfile okt-win2 new 'захваченный-пароль-3')
hash=$(q "SELECT pw_hash FROM accounts WHERE login = 'ivanov'")
expect_rc 5 run okt-win2 env OKNO_PASSWORD_FILE=$p2 OKNO_NEW_PASSWORD_FILE=$n2 \
	$OK --as ivanov passwd
expect_err "привязана к другому пользователю"
[ "$(q "SELECT pw_hash FROM accounts WHERE login = 'ivanov'")" = "$hash" ] ||
	fail "another window's account changed ivanov's password"
[ "$(q "SELECT login || ' ' || action || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" = \
	"ivanov login.fail unix user okt-win2" ] || fail "the refusal is not audited"
step="passwd records where it came from"
n1=$(pwfile okt-win1 new 'новый-пароль-ivanov-3')
expect_rc 0 run okt-win1 env SSH_CLIENT="10.7.7.7 50022 22" OKNO_PASSWORD_FILE=$PW1 \
	OKNO_NEW_PASSWORD_FILE=$n1 $OK --as ivanov passwd
[ "$(q "SELECT action || ' ' || origin FROM audit ORDER BY id DESC LIMIT 1")" = \
	"user.passwd 10.7.7.7" ] ||
	fail "passwd origin: $(q "SELECT action || ' ' || origin FROM audit ORDER BY id DESC LIMIT 1")"
cp $n1 $PW1

# ---- the database is okno's alone --------------------------------------------
step="a window's account cannot touch the database directly"
before=$(db_sum)
roles=$(q "SELECT roles FROM accounts WHERE login = 'ivanov'")
expect_rc 1 run okt-win1 sqlite3 "$ODB" "UPDATE accounts SET roles = 63 WHERE login = 'ivanov'"
expect_rc 1 run okt-win1 sqlite3 "$ODB" "DROP TRIGGER audit_no_delete; DELETE FROM audit"
expect_rc 1 run okt-win1 cat "$ODB"
run okt-win1 sh -c "echo x >$O/lib/planted" 2>/dev/null &&
	fail "a window's account wrote into the database's folder"
[ "$(db_sum)" = "$before" ] || fail "the database changed"
[ "$(q "SELECT roles FROM accounts WHERE login = 'ivanov'")" = "$roles" ] ||
	fail "roles changed"
[ ! -e $O/lib/planted ] || fail "a file was planted in the database's folder"

step="the database and the forms come from okno.conf only"
expect_rc 5 run okt-win1 $OK --db "$O/home/okt-win1/my.db" user list
expect_err "только из /etc/okno/okno.conf"
expect_rc 5 run okt-win1 env OKNO_DB=$O/home/okt-win1/my.db $OK user list
expect_err "OKNO_DB"
expect_rc 5 run okt-win1 env OKNO_FORMS=$O/home/okt-win1 $OK user list
expect_err "OKNO_FORMS"
expect_rc 5 run okt-win1 $OK --forms $O/home/okt-win1 --as ivanov case list
expect_err "--forms"
expect_rc 2 run okt-win1 env OKNO_GROUP=okt-win1 $OK user list
expect_err "OKNO_GROUP больше не используется"
[ "$(db_sum)" = "$before" ] || fail "the database changed"

step="only the windows' group runs okno"
expect_rc 5 run okt-out $OK user list
expect_err "не входит в группу окон"

step="files the account names are opened with its own rights"
# A file only okno's group may read, as a password file and an input
# file; the database itself as those and as an output (never opened as a
# file at all: closing it would drop the engine's locks).
printf 'секрет\n' >$O/lib/secret
chown root:okno $O/lib/secret
chmod 640 $O/lib/secret
expect_rc 5 run okt-win1 env OKNO_PASSWORD_FILE="$O/lib/secret" $OK --as ivanov case list
expect_err "Permission denied"
expect_rc 5 run okt-win1 env OKNO_PASSWORD_FILE="$ODB" $OK --as ivanov case list
expect_err "файл базы данных okno"
expect_rc 0 run okt-win1 cp "$PW1" $O/home/okt-win1/pw.copy
before=$(db_sum)
expect_rc 1 win1 case new --service registration --json "$O/lib/secret"
expect_err "Permission denied"
expect_rc 5 win1 case new --service registration --json "$ODB"
expect_err "файл базы данных okno"
expect_rc 5 win1 journal export --format csv --output "$ODB" --force
expect_err "файл базы данных okno"
expect_rc 0 win1 case event 1 accept
before=$(db_sum)
expect_rc 1 win1 print 1 receipt --out $O/lib/receipt.txt
expect_err "нет права записи"
[ ! -e $O/lib/receipt.txt ] || fail "a file made in okno's folder"
[ "$(q "SELECT count(*) FROM prints")" = 0 ] || fail "a refused print was recorded"
expect_rc 0 win1 print 1 receipt --out $O/home/okt-win1/receipt.txt
[ "$(stat -c '%U:%G %a' $O/home/okt-win1/receipt.txt)" = "okt-win1:okt-win1 600" ] ||
	fail "receipt $(stat -c '%U:%G %a' $O/home/okt-win1/receipt.txt)"
# Environment that would steer okno is not taken in.
expect_rc 0 win1 case new --service registration --json "$(win1_registration)"
id=$(cat "$T/out")
expect_rc 0 run okt-win1 env OKNO_PASSWORD_FILE=$PW1 OKNO_NOW=2019-01-05T10:00:00 \
	TZ=XXX+12 $OK --as ivanov case event "$id" accept
case "$(q "SELECT at FROM journal WHERE case_id = $id")" in
"$(TZ=Asia/Almaty date +%F)T"*+05:00) ;;
*) fail "stamp $(q "SELECT at FROM journal WHERE case_id = $id")" ;;
esac

# ---- backup and restore ----------------------------------------------------------
step="backups stay in okno's folder"
expect_rc 5 boss backup $O/home/okt-boss/copy.db
expect_err "копии хранятся только в"
expect_rc 5 win1 backup copy1.db
expect_err "резервное копирование"
expect_rc 0 boss backup copy1.db
[ "$(stat -c '%G' $O/backups/copy1.db)" = okno ] || fail "copy group"
expect_rc 1 run okt-boss cat $O/backups/copy1.db
[ "$(q "SELECT login || ' ' || action FROM audit ORDER BY id DESC LIMIT 1")" = "boss db.backup" ] ||
	fail "backup audit line"

step="restore of a database the inspector made"
# With a copy of okno that is not setgid, an account can make a database of
# its own, of the same office code.
expect_rc 0 run okt-win1 cp $OK $O/home/okt-win1/okno
printf '%s\n' 'первый-пароль-1' >$O/home/okt-win1/f
chown okt-win1 $O/home/okt-win1/f
for db in evil.db:A01 evil-EVIL.db:EVIL; do
	expect_rc 0 run okt-win1 sh -c "cd && OKNO_PASSWORD_FILE=f ./okno \
		--db ${db%%:*} init --office ${db#*:} --name X --region Y"
done
before=$(db_sum)
expect_rc 5 run okt-win1 $OK restore $O/home/okt-win1/evil.db
expect_err "администратора"
[ "$(db_sum)" = "$before" ] || fail "a refused restore changed the database"
expect_rc 5 win1 restore $O/home/okt-win1/evil.db
expect_err "администратора"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'db.restore'")" = 0 ] ||
	fail "restored"
# The administrator: another office's copy, then one older than a seal.
cp $O/home/okt-win1/evil-EVIL.db $O/home/okt-boss/evil-EVIL.db
cp $O/home/okt-win1/evil.db $O/home/okt-boss/evil.db
chown okt-boss $O/home/okt-boss/evil*.db
expect_rc 6 boss restore $O/home/okt-boss/evil-EVIL.db
expect_err "Копия другого подразделения"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" OKNO_NEW_PASSWORD_FILE="$T/first" \
	$OK --as admin user add auditor \
	--name "Аудиторова" --position "-" --role auditor
pa=$(pwfile okt-boss pw.aud0 'первый-пароль-1')
pb=$(pwfile okt-boss pw.aud 'пароль-аудитора-2')
expect_rc 0 run okt-boss env OKNO_PASSWORD_FILE=$pa OKNO_NEW_PASSWORD_FILE=$pb \
	$OK --as auditor passwd
expect_rc 0 run okt-boss env OKNO_PASSWORD_FILE=$pb $OK --as auditor audit seal
expect_rc 6 boss restore $O/home/okt-boss/evil.db
expect_err "старше печати"
expect_rc 6 boss restore copy1.db
expect_err "старше печати"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'db.restore'")" = 0 ] ||
	fail "restored"
step="restore of a good copy keeps the group and mode"
expect_rc 0 boss backup copy2.db
expect_rc 0 boss restore copy2.db
[ "$(stat -c '%G %a' "$ODB")" = "okno 660" ] ||
	fail "restored database $(stat -c '%U:%G %a' "$ODB")"
[ "$(q "SELECT login || ' ' || action FROM audit ORDER BY id DESC LIMIT 1")" = "boss db.restore" ] ||
	fail "restore audit line: $(q "SELECT login || ' ' || action FROM audit ORDER BY id DESC LIMIT 1")"
expect_rc 0 run okt-boss env OKNO_PASSWORD_FILE=$pb $OK --as auditor audit verify
expect_rc 0 win1 case list
echo "cli/privsep: all checks passed"
