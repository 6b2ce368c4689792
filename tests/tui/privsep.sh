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
unset OKNO_FORMS OKNO_NOW OKNO_CRYPT_COST
[ "$(id -u)" = 0 ] || fail "privdrafts needs root"
cleanup() {
	_st=$?
	stop_server || _st=1
	for u in okt-win1 okt-win2; do userdel "$u" 2>/dev/null || true; done
	groupdel okno-windows 2>/dev/null || true
	groupdel okno 2>/dev/null || true
	umount /mnt/okno/lib 2>/dev/null || true
	umount /mnt 2>/dev/null || true
	rm -rf "$W"
	exit $_st
}
trap cleanup 0
trap 'exit 1' 1 15

groupadd -r okno
groupadd -r okno-windows
for u in okt-win1 okt-win2; do useradd -M -s /bin/sh -G okno-windows "$u"; done
mount -t tmpfs -o mode=0755 tmpfs /mnt
O=/mnt/okno
mkdir -p $O/bin $O/lib $O/forms $O/home $O/spool
mount -t tmpfs -o size=4m,mode=2770 okno-lib $O/lib
cp "$OKNO" $O/bin/okno
chown root:okno $O/bin/okno $O/lib $O/spool
chmod 2755 $O/bin/okno
chmod 2770 $O/lib $O/spool
cp -R "$OKNO_ROOT/forms/." $O/forms/
chmod -R go-w $O/forms
for u in okt-win1 okt-win2; do
	mkdir -p $O/home/$u
	chown "$u" $O/home/$u
	chmod 700 $O/home/$u
	usermod -d $O/home/$u "$u"
done
mkdir -p /etc/okno
cat >/etc/okno/okno.conf <<CONF
database = $O/lib/okno.db
forms = $O/forms
print_dir = $O/spool
timezone = Asia/Almaty
windows_group = okno-windows
CONF
chmod 644 /etc/okno/okno.conf
OK=$O/bin/okno
ODB=$O/lib/okno.db

printf '%s\n' 'первый-пароль-1' >"$W/first"
printf '%s\n' 'админ-пароль-2' >"$W/admin"
OKNO_PASSWORD_FILE="$W/first" $OK init --office A01 --name "Медеуский РУП" \
	--region "ДП г. Алматы" >/dev/null || fail "init"
OKNO_PASSWORD_FILE="$W/first" OKNO_NEW_PASSWORD_FILE="$W/admin" \
	$OK --as admin passwd >/dev/null || fail "admin passwd"
OKNO_PASSWORD_FILE="$W/admin" OKNO_NEW_PASSWORD_FILE="$W/first" $OK --as admin \
	user add ivanov --name "Иванов Иван" --position "-" --role inspector \
	>/dev/null || fail "user add"
OKNO_PASSWORD_FILE="$W/admin" $OK --as admin user bind ivanov okt-win1 \
	>/dev/null || fail "bind"
for f in first pw; do
	case $f in first) p='первый-пароль-1' ;; *) p='пароль-ivanov-2' ;; esac
	printf '%s\n' "$p" >$O/home/okt-win1/$f
	chown okt-win1 $O/home/okt-win1/$f
	chmod 600 $O/home/okt-win1/$f
done
setpriv --reuid=okt-win1 --regid=okt-win1 --init-groups --reset-env \
	env HOME=$O/home/okt-win1 PATH=/usr/bin:/bin \
	OKNO_PASSWORD_FILE=$O/home/okt-win1/first \
	OKNO_NEW_PASSWORD_FILE=$O/home/okt-win1/pw $OK --as ivanov passwd \
	>/dev/null || fail "ivanov passwd"
# A journal operator at the same window account.
OKNO_PASSWORD_FILE="$W/admin" OKNO_NEW_PASSWORD_FILE="$W/first" $OK --as admin \
	user add oper --name "Журналова Ольга" --position "-" --role operator \
	>/dev/null || fail "user add oper"
OKNO_PASSWORD_FILE="$W/admin" $OK --as admin user bind oper okt-win1 \
	>/dev/null || fail "bind oper"
printf '%s\n' 'пароль-oper-2' >$O/home/okt-win1/pw.oper
chown okt-win1 $O/home/okt-win1/pw.oper
setpriv --reuid=okt-win1 --regid=okt-win1 --init-groups --reset-env \
	env HOME=$O/home/okt-win1 PATH=/usr/bin:/bin \
	OKNO_PASSWORD_FILE=$O/home/okt-win1/first \
	OKNO_NEW_PASSWORD_FILE=$O/home/okt-win1/pw.oper $OK --as oper passwd \
	>/dev/null || fail "oper passwd"

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
	item=$(screen | grep -o '[0-9]\. Журнал' | head -n 1 | cut -c1)
	text "$item"
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
