#!/bin/sh
# The kiosk installed setgid on an office server, run by a window's Unix
# account. It keeps a form it cannot put in the database (a full disk) as
# a draft file in the account's own home only: OKNO_DRAFTS and HOME naming
# the database's folder or another window's home are not taken. Its
# journal export goes by default to okno.conf's print folder, written with
# okno's group (the account may not make folders beside the database).
# Real Unix accounts in a private mount namespace (tests/ns.inc), the
# layout of tests/cli/privsep.sh; the database's folder is a small tmpfs
# of its own, filled by root while the form is open.
set -u
. tests/ns.inc
. tests/tui/lib.inc
. tests/setgid.inc
unset OKNO_FORMS OKNO_NOW OKNO_CRYPT_COST
[ "$(id -u)" = 0 ] || fail "privdrafts needs root"
cleanup() {
	_st=$?
	stop_server || _st=1
	setgid_cleanup
	rm -rf "$W"
	exit $_st
}
trap cleanup 0
trap 'exit 1' 1 15

setgid_server spool
# The database's folder: a small tmpfs of its own.
mkdir -p $O/lib
mount -t tmpfs -o size=4m,mode=2770 okno-lib $O/lib
chown root:okno $O/lib
for u in okt-win1 okt-win2; do setgid_account "$u"; done
setgid_conf "database = $O/lib/okno.db" "forms = $O/forms" \
	"print_dir = $O/spool" "timezone = Asia/Almaty" \
	"windows_group = okno-windows"
ODB=$O/lib/okno.db

printf '%s\n' 'первый-пароль-1' >"$W/first"
printf '%s\n' 'админ-пароль-2' >"$W/admin"
OKNO_PASSWORD_FILE="$W/first" $OK init --office A01 --name "Медеуский РУП" \
	--region "ДП г. Алматы" >/dev/null || fail "init"
OKNO_PASSWORD_FILE="$W/first" OKNO_NEW_PASSWORD_FILE="$W/admin" \
	$OK --as admin passwd >/dev/null || fail "admin passwd"
# window_user LOGIN "ФИО" ROLE PASSWORD: the admin adds the account and
# binds it to the Unix account okt-win1, which then sets its password.
window_user() {
	OKNO_PASSWORD_FILE="$W/admin" OKNO_NEW_PASSWORD_FILE="$W/first" \
		$OK --as admin user add "$1" --name "$2" --position "-" \
		--role "$3" >/dev/null || fail "user add $1"
	OKNO_PASSWORD_FILE="$W/admin" $OK --as admin user bind "$1" okt-win1 \
		>/dev/null || fail "bind $1"
	run okt-win1 env \
		OKNO_PASSWORD_FILE="$(pwfile okt-win1 first 'первый-пароль-1')" \
		OKNO_NEW_PASSWORD_FILE="$(pwfile okt-win1 "pw.$1" "$4")" \
		$OK --as "$1" passwd >/dev/null || fail "$1 passwd"
}
window_user ivanov "Иванов Иван" inspector 'пароль-ivanov-2'
# A journal operator at the same window account.
window_user oper "Журналова Ольга" operator 'пароль-oper-2'

# kiosk ARGS...: okno in the tmux pane as the window's account, with
# OKNO_DRAFTS and HOME pointing where it must not write.
kiosk() {
	new_server
	$T new-session -d -x 80 -y 24 \
		"setpriv --reuid=okt-win1 --regid=okt-win1 --init-groups --reset-env \
		env TERM=$T_TERM LANG=C.UTF-8 LC_ALL=C.UTF-8 PATH=/usr/bin:/bin \
		HOME=$O/home/okt-win2 OKNO_DRAFTS=$O/lib \
		$OK $*; echo OKNO-EXIT=\$?; sleep 30" ||
		fail "tmux"
}

drafts() {
	kiosk --as ivanov intake registration
	wait_for "Пароль"
	text 'пароль-ivanov-2'; keys Enter
	wait_for "Приём документов:"
	tab_to "Адрес временного пребывания"
	text "г. Алматы, ул. Абая, д. 10"
	keys Tab
	# The disk fills up: the database cannot take the draft.
	sqlite3 "$ODB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null ||
		fail "checkpoint"
	dd if=/dev/zero of=$O/lib/filler bs=4k 2>/dev/null || true
	keys Escape 6
	wait_for "Черновик сохранён в файл"
	set -- $O/home/okt-win1/.okno-drafts/ivanov-*.json
	[ -f "$1" ] || fail "no draft file in the account's own home"
	[ "$(stat -c '%U %a' "$1")" = "okt-win1 600" ] ||
		fail "draft $(stat -c '%U:%G %a' "$1")"
	grep -q "ул. Абая" "$1" || fail "the draft lacks the address"
	[ ! -e $O/home/okt-win2/.okno-drafts ] || fail "a draft in another window's home"
	[ -z "$(ls $O/lib | grep -v -e '^okno\.db' -e '^filler$')" ] ||
		fail "a file in the database's folder: $(ls $O/lib)"
	rm -f $O/lib/filler
	rm -rf $O/home/okt-win1/.okno-drafts
	keys Escape 0
	wait_for "OKNO-EXIT="
	return 0
}
export_() {
	kiosk --as oper
	wait_for "Пароль"
	text 'пароль-oper-2'; keys Enter
	wait_for "Главное меню"
	menu_item "Журнал"
	wait_for "Журнал: Журнал"
	keys Escape 2
	wait_for "Выгрузить книгу года в CSV"
	text "Выгруз"; keys Enter
	wait_for "Выгрузить в файл: $O/spool/journal-"
	keys Enter
	wait_for "Выгружено записей: 0 в"
	set -- $O/spool/journal-*.csv
	[ -f "$1" ] || fail "no export in the office's print folder"
	[ "$(stat -c '%U:%G %a' "$1")" = "okt-win1:okno 600" ] ||
		fail "export $(stat -c '%U:%G %a' "$1")"
	rm -f $O/spool/journal-*.csv
	keys Escape 0
	wait_for "Главное меню"
	keys Escape 0
	wait_for "OKNO-EXIT=0"
	return 0
}
for T_TERM in xterm vt100; do
	drafts || fail "drafts ($T_TERM)"
	stop_server || exit 1
	export_ || fail "export ($T_TERM)"
	stop_server || exit 1
done
