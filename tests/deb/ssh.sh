#!/bin/bash
# The office server end to end, as root on a machine without okno: the
# Debian package installed with dpkg (owners, modes, conffile, units),
# okno doctor, the office database, a window Unix account with an SSH key,
# the distribution's sshd on a loopback port with the package's drop-in,
# and ssh -tt driven in tmux: the kiosk's login, one intake accepted, its
# journal line. The same account gets no shell (ssh ... id / sqlite3 end in
# the kiosk or are refused), cannot read or write the database file, and
# cannot read the backups. Purge keeps the office's data; reinstalling
# leaves the database as it was; OKNO_PURGE_DATA=yes removes it. sshd, the
# accounts, the groups and every file are removed on any exit.
# Usage: tests/deb/ssh.sh DEBDIR   (make check-deb; DEBDIR from make deb)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEBDIR=$(cd "${1:?usage: tests/deb/ssh.sh DEBDIR}" && pwd)
DEB=$(ls "$DEBDIR"/okno_*_"$(dpkg-architecture -qDEB_HOST_ARCH)".deb 2>/dev/null | head -n 1)
WIN=oknotest-w3
START=$(date +%s)

[ -n "$DEB" ] || { echo "FAIL: no package in $DEBDIR (make deb)" >&2; exit 1; }
. "$ROOT/tests/deb/server.inc"
server_lock "$ROOT/tests/deb/ssh.sh" "$DEBDIR"
echo "== package test: $DEB"
server_preflight || { echo "FAIL: preflight" >&2; exit 1; }
getent passwd "$WIN" >/dev/null && { echo "FAIL: account $WIN exists" >&2; exit 1; }

# The kiosk helpers (wait_for, keys, text, screen, fail) and a tmux server
# of our own; its trap is replaced by ours below.
TERM_UNDER_TEST=xterm
. "$ROOT/tests/tui/lib.inc"
unset OKNO_NOW OKNO_FORMS OKNO_DB OKNO_AS OKNO_PASSWORD_FILE OKNO_CRYPT_COST
chmod 755 "$W"
SSH_DIR=$W
export HOME=$W

# A recording sendmail of the test's (removed by cleanup, and only if it
# is the test's own).
SENDMAIL=/usr/sbin/sendmail
SENDMAIL_MARK="okno package test: recording sendmail"
cleanup() {
	$T kill-server 2>/dev/null
	grep -qs "$SENDMAIL_MARK" "$SENDMAIL" && rm -f "$SENDMAIL"
	[ -n "${AGENT_PID:-}" ] && kill "$AGENT_PID" 2>/dev/null
	server_cleanup
	rm -rf "$W"
}
trap cleanup 0
trap 'exit 1' 1 2 15

step=start
fail() {
	echo "FAIL [$step]: $*" >&2
	if $T has-session 2>/dev/null; then
		echo "--- screen ---" >&2
		$T capture-pane -p >&2
	fi
	[ -s "$SSH_DIR/sshd.log" ] && grep -v '^debug' "$SSH_DIR/sshd.log" | sed 's/^/    sshd: /' | tail -n 15 >&2
	exit 1
}
# mode_is PATH "OWNER:GROUP MODE"
mode_is() {
	have=$(stat -c '%U:%G %a' "$1" 2>/dev/null)
	[ "$have" = "$2" ] || fail "$1 is «$have», expected «$2»"
}
# in_pane CMD: CMD in an 80x24 pane of a tmux server of our own.
in_pane() {
	new_server
	$T new-session -d -x 80 -y 24 "$1; echo PANE-EXIT=\$?; sleep 30" ||
		fail "tmux"
}
# ssh_kiosk SSH [COMMAND]: ssh -tt (asking for COMMAND) in a pane, up to
# the kiosk's login screen.
ssh_kiosk() {
	in_pane "env TERM=xterm LANG=C.UTF-8 HOME=$W $1 -tt ${2:-}"
	wait_for "Учётная запись" 15
}
ivanov_login() {
	text ivanov; keys Tab
	text ivanov-pass1; keys Enter
}
# kiosk_gone USER: the hang-up ends USER's kiosk (sshd hangs its terminal
# up): wait for it.
kiosk_gone() {
	n=200
	while [ -n "$(ps -o pid= -u "$1")" ]; do
		n=$((n - 1))
		[ "$n" -gt 0 ] || fail "the kiosk of $1 did not end after the hang-up"
		sleep 0.05
	done
}
# as_window CMD: a shell command as the window's Unix account, outside
# okno (what the account could do if it had a shell).
as_window() { runuser -u "$WIN" -- sh -c "$1"; }

cd "$W" || exit 1 # no ./forms here: the installed forms are used

step="dpkg -i"
mandb_off
dpkg -i "$DEB" >"$W/install.out" 2>&1 || { cat "$W/install.out"; fail "dpkg -i"; }
grep -q "okno init --office" "$W/install.out" || fail "postinst does not say what to do next"
mode_is /usr/bin/okno "root:okno 2755"
mode_is /var/lib/okno "root:okno 2770"
mode_is /var/backups/okno "root:okno 2770"
mode_is /var/spool/okno "root:okno 2770"
mode_is /etc/okno/okno.conf "root:root 644"
mode_is /etc/ssh/sshd_config.d/okno.conf "root:root 644"
dpkg-query -W -f='${Conffiles}\n' okno | grep -q "/etc/okno/okno.conf" ||
	fail "okno.conf is not a conffile"
[ -f /usr/share/okno/forms/registration.form ] || fail "forms not installed"
[ -f /usr/share/okno/forms/templates/receipt.tpl ] || fail "templates not installed"
[ -f /usr/share/locale/kk/LC_MESSAGES/okno.mo ] || fail "kk catalogue not installed"
[ -f /usr/share/man/man1/okno.1.gz ] || fail "man page not installed"
[ -f /usr/share/doc/okno/README.Debian ] || fail "README.Debian not installed"
getent group okno >/dev/null && getent group okno-windows >/dev/null ||
	fail "groups not created"
[ -z "$(getent group okno | cut -d: -f4)" ] || fail "the group okno has members"
for u in okno-backup.service okno-backup.timer okno-check.service \
	okno-check.timer okno-board@.service; do
	[ -f "/lib/systemd/system/$u" ] || fail "unit $u not installed"
done
[ -L /etc/systemd/system/timers.target.wants/okno-backup.timer ] &&
	[ -L /etc/systemd/system/timers.target.wants/okno-check.timer ] ||
	fail "the timers are not enabled"
# PID 1 of a test machine (a container) is seldom systemd, so the units
# cannot be started here; what systemd's tools do without a running
# systemd: verify each unit as the installed files make it (the commands
# exist, the users and the directives are known, the timers' calendar
# expressions parse), and the timers enabled as dh_installsystemd does it.
systemd-analyze verify /lib/systemd/system/okno-backup.service \
	/lib/systemd/system/okno-backup.timer \
	/lib/systemd/system/okno-check.service \
	/lib/systemd/system/okno-check.timer \
	/lib/systemd/system/okno-board@tty2.service >"$W/verify.out" 2>&1 ||
	{ cat "$W/verify.out"; fail "systemd-analyze verify"; }
grep -v "Command 'man okno(1)' failed" "$W/verify.out" | grep -q . &&
	{ cat "$W/verify.out"; fail "systemd-analyze verify warns"; }
for u in okno-backup.timer okno-check.timer; do
	[ "$(systemctl is-enabled "$u" 2>&1)" = enabled ] || fail "systemctl is-enabled $u"
done

step="doctor before init"
rc=0
okno doctor >"$W/doctor0" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$W/doctor0"; fail "doctor without a database: exit $rc, expected 1"; }
grep -q "^FAIL  база данных: $ODB нет" "$W/doctor0" ||
	{ cat "$W/doctor0"; fail "doctor does not name the missing database"; }
grep -q "^ok    программа: /usr/bin/okno root:okno 2755" "$W/doctor0" ||
	{ cat "$W/doctor0"; fail "doctor: binary"; }

step="office database"
office_setup "$WIN" || fail "office set-up"
mode_is "$ODB" "root:okno 660"

step="nightly backup with rotation"
/usr/lib/okno/okno-backup >"$W/backup1" 2>&1 || { cat "$W/backup1"; fail "okno-backup"; }
sleep 1 # the copies are named by the second
/usr/lib/okno/okno-backup 1 >"$W/backup2" 2>&1 || { cat "$W/backup2"; fail "okno-backup 1"; }
grep -q "removed the old copy" "$W/backup2" || { cat "$W/backup2"; fail "no rotation"; }
n=$(ls /var/backups/okno | grep -c '^okno-.*\.db$')
[ "$n" -eq 1 ] || fail "$n copies after rotation to 1"
copy=$(ls /var/backups/okno/okno-*.db)
okno backup --check "$(basename "$copy")" >/dev/null 2>&1 || fail "the copy does not check"

step="doctor"
rc=0
okno doctor >"$W/doctor1" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$W/doctor1"; fail "doctor: exit $rc"; }
grep -q "^FAIL" "$W/doctor1" && { cat "$W/doctor1"; fail "doctor lists a failure"; }
grep -q "^ok    группа окон: «okno-windows» .*$WIN" "$W/doctor1" ||
	{ cat "$W/doctor1"; fail "doctor: windows group"; }
grep -q "^ok    резервная копия: последняя: $copy" "$W/doctor1" ||
	{ cat "$W/doctor1"; fail "doctor: last backup"; }

step="doctor finds what is wrong"
# expect_doctor_fail TEXT: okno doctor exits 1 with a FAIL line holding TEXT.
expect_doctor_fail() {
	rc=0
	okno doctor >"$W/doctor2" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] && grep -q "^FAIL  .*$1" "$W/doctor2" ||
		{ cat "$W/doctor2"; fail "doctor (exit $rc) does not fail on: $1"; }
}
chmod 0640 "$ODB"
expect_doctor_fail "база данных: $ODB: root:okno 0640, нужно root:okno 0660. Исправьте: chmod 0660 $ODB"
# The daily check (okno-check.service) fails, hands the failures to the
# system log at priority err (logger, as the unit finds it in PATH) and,
# where a mail transport is installed (/usr/sbin/sendmail, the Debian
# convention), mails the report to root. A recording sendmail stands in
# for one while the check runs (only where the machine has none; cleanup
# removes it), then the check runs again without one.
mkdir -p "$W/bin"
printf '#!/bin/sh\n{ echo "$*"; cat; } >>%s/logger.out\n' "$W" >"$W/bin/logger"
chmod 755 "$W/bin/logger"
# check_fails: okno-check exits 1 and logs the database's wrong mode at
# err, and only what is not ok.
check_fails() {
	: >"$W/logger.out"
	rc=0
	PATH=$W/bin:$PATH /usr/lib/okno/okno-check >"$W/check1" 2>&1 || rc=$?
	[ "$rc" -eq 1 ] || { cat "$W/check1"; fail "okno-check: exit $rc on a failure"; }
	grep -q "^-t okno-check -p daemon.err" "$W/logger.out" &&
		grep -q "^FAIL  база данных: $ODB: root:okno 0640" "$W/logger.out" &&
		! grep -q "^ok " "$W/logger.out" ||
		{ cat "$W/logger.out"; fail "okno-check: the failure not logged at err"; }
}
if [ -e "$SENDMAIL" ]; then
	echo "NOTE: $SENDMAIL exists (a mail transport of the machine's): the mail to root is not tested here"
else
	printf '#!/bin/sh\n# %s\n[ -e %s/mail.fails ] && exit 75\n{ echo "ARGS: $*"; cat; } >>%s/mail.out\n' \
		"$SENDMAIL_MARK" "$W" "$W" >"$SENDMAIL"
	chmod 755 "$SENDMAIL"
	check_fails
	[ -s "$W/mail.out" ] || fail "okno-check: no mail with a mail transport installed"
	grep -qx "ARGS: -oi -t" "$W/mail.out" && grep -qx "To: root" "$W/mail.out" ||
		{ cat "$W/mail.out"; fail "okno-check: the mail is not addressed to root"; }
	n=$(grep -c '^FAIL ' "$W/mail.out")
	[ "$n" -ge 1 ] && grep -qx "Subject: okno: the daily check on $(hostname): $n item(s) failed" "$W/mail.out" ||
		{ cat "$W/mail.out"; fail "okno-check: the mail's subject"; }
	grep -q "^FAIL  база данных: $ODB: root:okno 0640, нужно root:okno 0660" "$W/mail.out" &&
		grep -q "^okno doctor: .*, $n failed\$" "$W/mail.out" ||
		{ cat "$W/mail.out"; fail "okno-check: the mail does not name the failed item"; }
	grep -qx "Content-Type: text/plain; charset=UTF-8" "$W/mail.out" ||
		{ cat "$W/mail.out"; fail "okno-check: the mail's charset"; }
	# A transport that refuses the mail: the log says so.
	: >"$W/mail.fails"
	check_fails
	grep -q "the report could not be mailed to root (/usr/sbin/sendmail exit 75)" "$W/logger.out" ||
		{ cat "$W/logger.out"; fail "okno-check: a refused mail is not logged"; }
	rm -f "$SENDMAIL" "$W/mail.out" "$W/mail.fails"
	# No mail transport: the failures are logged all the same, the unit
	# fails.
	check_fails
	[ -e "$W/mail.out" ] && fail "okno-check: a mail without a mail transport"
fi
chmod 0660 "$ODB"*
chmod 0775 /var/backups/okno
expect_doctor_fail "каталог копий: /var/backups/okno: root:okno 2775, нужно root:okno 2770"
chmod 2770 /var/backups/okno
touch -d '3 days ago' "$copy"
expect_doctor_fail "резервная копия: последняя: $copy, 72 ч назад: ночная копия не сделана"
touch "$copy"
usermod -a -G okno "$WIN"
expect_doctor_fail "в группе «okno» не должно быть учётных записей, а в ней: $WIN"
expect_doctor_fail "$WIN входит в группу «okno»"
gpasswd -d "$WIN" okno >/dev/null
usermod -s /bin/bash "$WIN" && chown "$WIN" "$W/home-$WIN"
expect_doctor_fail "$WIN: оболочка /bin/bash читает файлы из домашнего каталога"
usermod -s /bin/sh "$WIN" && chown root "$W/home-$WIN"
okno doctor >"$W/doctor3" 2>&1 || { cat "$W/doctor3"; fail "doctor after the repairs"; }
: >"$W/logger.out"
PATH=$W/bin:$PATH /usr/lib/okno/okno-check >"$W/check2" 2>&1 ||
	{ cat "$W/check2"; fail "okno-check after the repairs"; }
[ -s "$W/logger.out" ] && fail "okno-check logged with nothing wrong"

step="sshd"
SSHD_LOG_LEVEL=DEBUG1 # the refused agent forward is logged at debug only
sshd_start || fail "sshd did not start"
SSH=$(ssh_cmd "$WIN")

step="the drop-in in force"
# What sshd applies to the window account through the test's own
# configuration, whose main part allows forwarding: the drop-in's Match
# block wins for the windows' group, and for them only.
# sshd_T USER: sshd -T for USER connecting from the loopback.
sshd_T() {
	/usr/sbin/sshd -T -f "$SSH_DIR/sshd_config" \
		-C "user=$1,host=localhost,addr=127.0.0.1" 2>&1
}
sshd_T "$WIN" >"$W/sshd-T"
for kv in "forcecommand /usr/bin/okno --kiosk" "disableforwarding yes" \
	"allowtcpforwarding no" "allowagentforwarding no" \
	"allowstreamlocalforwarding no" "x11forwarding no" "permittunnel no" \
	"permituserrc no"; do
	grep -qx "$kv" "$W/sshd-T" || { cat "$W/sshd-T"; fail "sshd -T for $WIN: no «$kv»"; }
done
sshd_T root | grep -qx "allowtcpforwarding yes" ||
	fail "the drop-in's settings reach accounts outside the windows' group"
# No forwarding even without a session (ssh -N: no command, so no
# ForceCommand): a remote port and a stdio forward are both refused.
rc=0
out=$(timeout 20 $SSH -T -N -o ExitOnForwardFailure=yes \
	-R "127.0.0.1:0:127.0.0.1:$SSH_PORT" </dev/null 2>&1) || rc=$?
[ "$rc" -ne 124 ] && case $out in *"forwarding failed"*) true ;; *) false ;; esac ||
	fail "remote forwarding (exit $rc): $out"
out=$(timeout 20 $SSH -W "127.0.0.1:$SSH_PORT" </dev/null 2>&1)
case $out in *SSH-2.0*) fail "a stdio forward reached sshd: $out" ;; esac
case $out in *"forwarding failed"*) ;; *) fail "stdio forward not refused: $out" ;; esac
grep -q "refused local port forward" "$SSH_DIR/sshd.log" || fail "sshd did not refuse the forward"
# ~/.ssh/rc (root's, as the account's whole home) is not run for a
# window; for an ordinary account (oknotest-pr) the same file is.
install -d -m 1777 "$W/rcmark"
window_add oknotest-pr users || fail "ordinary account"
for u in "$WIN" oknotest-pr; do
	printf '#!/bin/sh\ntouch %s/rcmark/"$USER"\n' "$W" >"$W/home-$u/.ssh/rc"
done
timeout 20 $(ssh_cmd oknotest-pr) -T true </dev/null >/dev/null 2>&1
[ -e "$W/rcmark/oknotest-pr" ] || fail "~/.ssh/rc did not run for an ordinary account"

step="no agent, X11 or remote forwarding over a session"
# A running ssh-agent holding the client key, a display name for ssh -X
# (no X server is needed: the client sends made-up cookies), and the
# client at log level INFO, which prints what sshd refuses. The ordinary
# account gets all three (so the set-up works); the window account, asking
# the same on its forced kiosk, gets none: the client is told "X11
# forwarding request failed" and "remote port forwarding failed", sshd logs
# the agent forward it refused (the client is not told of that one), and
# the kiosk's environment has no SSH_AUTH_SOCK or DISPLAY.
AGENT_SOCK=$W/agent.sock
ssh-agent -a "$AGENT_SOCK" >"$W/agent.env" || fail "ssh-agent"
AGENT_PID=$(sed -n 's/^SSH_AGENT_PID=\([0-9]*\);.*/\1/p' "$W/agent.env")
[ -n "$AGENT_PID" ] || fail "ssh-agent's pid"
SSH_AUTH_SOCK=$AGENT_SOCK ssh-add -q "$SSH_DIR/client_key" 2>/dev/null || fail "ssh-add"
key_fp=$(ssh-keygen -l -f "$SSH_DIR/client_key.pub" | cut -d' ' -f2)
# fwd_ssh USER ARGS...: ssh -A -X -R ... as USER, agent and display set.
fwd_ssh() {
	_u=$1
	shift
	SSH_AUTH_SOCK=$AGENT_SOCK DISPLAY=:55 timeout 20 \
		$(ssh_cmd "$_u" | sed 's/LogLevel=ERROR/LogLevel=INFO/') \
		-A -X -R "127.0.0.1:0:127.0.0.1:$SSH_PORT" "$@"
}
# log_since: what sshd logged since the last log_mark. log_wait TEXT:
# until that holds TEXT (sshd's session process hands its log lines to
# the privileged one, which writes them), at most 10 s.
log_mark() { log_at=$(($(stat -c %s "$SSH_DIR/sshd.log") + 1)); }
log_since() { tail -c "+$log_at" "$SSH_DIR/sshd.log"; }
log_wait() {
	_n=200
	until log_since | grep -q "$1"; do
		_n=$((_n - 1))
		[ "$_n" -gt 0 ] || return 1
		sleep 0.05
	done
}
log_mark
out=$(fwd_ssh oknotest-pr -T 'echo "D=$DISPLAY"; ssh-add -l' </dev/null 2>&1)
case $out in *"D=localhost:1"[0-9]*) ;; *) fail "ssh -X for an ordinary account (the control): $out" ;; esac
case $out in *"Allocated port"*) ;; *) fail "ssh -R for an ordinary account (the control): $out" ;; esac
# sshd makes the forwarded agent's socket in /tmp as the account: where
# /tmp is not world-writable (some containers), it cannot, and the
# control is that sshd took the request without refusing it.
log_wait "req auth-agent-req@openssh.com"
log_since >"$W/sshd-pr.log"
grep -q "req auth-agent-req@openssh.com" "$W/sshd-pr.log" &&
	! grep -q "agent forwarding disabled" "$W/sshd-pr.log" ||
	{ cat "$W/sshd-pr.log"; fail "ssh -A for an ordinary account (the control): refused"; }
if [ "$(stat -c %a /tmp)" = 1777 ]; then
	case $out in *"$key_fp"*) ;; *) fail "ssh -A for an ordinary account (the control): $out" ;; esac
fi
log_mark
out=$(fwd_ssh "$WIN" -T </dev/null 2>&1)
case $out in *"X11 forwarding request failed"*) ;; *) fail "ssh -X for a window not refused: $out" ;; esac
case $out in *"remote port forwarding failed"*) ;; *) fail "ssh -R for a window not refused: $out" ;; esac
case $out in *"Allocated port"*) fail "ssh -R for a window: $out" ;; esac
log_wait "agent forwarding disabled"
log_since >"$W/sshd-fwd.log"
grep -q "Accepted publickey for $WIN" "$W/sshd-fwd.log" &&
	grep -q "session_auth_agent_req: agent forwarding disabled" "$W/sshd-fwd.log" &&
	grep -q "X11 forwarding disabled" "$W/sshd-fwd.log" ||
	{ cat "$W/sshd-fwd.log"; fail "sshd did not refuse the window's agent and X11 forwards"; }
# The same on the kiosk itself, at its login screen.
log_mark
in_pane "env TERM=xterm LANG=C.UTF-8 HOME=$W SSH_AUTH_SOCK=$AGENT_SOCK DISPLAY=:55 $SSH -A -X -tt"
wait_for "Учётная запись" 15
kpid=$(pgrep -u "$WIN" -x okno | head -n 1)
[ -n "$kpid" ] || fail "no kiosk process of $WIN"
tr '\0' '\n' <"/proc/$kpid/environ" >"$W/kiosk.env"
grep -q "^SSH_CONNECTION=" "$W/kiosk.env" || fail "the kiosk's environment is not sshd's"
grep -q "^SSH_AUTH_SOCK=\|^DISPLAY=" "$W/kiosk.env" &&
	{ cat "$W/kiosk.env"; fail "the kiosk got a forwarded agent or display"; }
find /tmp -maxdepth 2 -user "$WIN" -type s 2>/dev/null | grep -q . &&
	fail "an agent socket of $WIN exists"
log_wait "agent forwarding disabled"
log_since >"$W/sshd-fwd.log"
grep -q "session_auth_agent_req: agent forwarding disabled" "$W/sshd-fwd.log" &&
	grep -q "X11 forwarding disabled" "$W/sshd-fwd.log" ||
	{ cat "$W/sshd-fwd.log"; fail "sshd did not refuse the kiosk's agent and X11 forwards"; }
$T kill-server 2>/dev/null
kiosk_gone "$WIN"
kill "$AGENT_PID" 2>/dev/null
AGENT_PID=""

step="kiosk over ssh"
ssh_kiosk "$SSH"
ivanov_login
wait_for "Главное меню" 10
item=$(screen | sed -n 's/^ *\([0-9]\)\. Приём документов: Регистрация.*/\1/p' | head -n 1)
[ -n "$item" ] || fail "no registration intake in the menu"
text "$item"
wait_for "Приём документов:" 10
# An office database: the registration is dated today.
sh "$ROOT/tests/fixtures/today-registration.sh" "$W/reg.json"
python3 "$ROOT/tests/tui/fill.py" "$SOCK" "$ROOT/forms/registration.form" \
	"$W/reg.json" || fail "fill"
wait_for "[x]"
keys Escape 2
wait_for "Принять документы?" 10
keys Escape 2
wait_for "Документы приняты." 15
wait_for "Номер по журналу: 1/" 5
$T kill-server 2>/dev/null
kiosk_gone "$WIN"
[ -e "$W/rcmark/$WIN" ] && fail "sshd ran the window's ~/.ssh/rc"
rm -f "$W/home-$WIN/.ssh/rc"

step="journal line"
n=$(sqlite3 -readonly "$ODB" "SELECT COUNT(*) FROM journal WHERE no = 1 AND kind = 'accept'" 2>&1)
[ "$n" = 1 ] || fail "journal line of the intake: «$n»"
origin=$(sqlite3 -readonly "$ODB" "SELECT origin FROM audit WHERE action = 'login' AND login = 'ivanov' ORDER BY id DESC LIMIT 1")
[ "$origin" = 127.0.0.1 ] || fail "the login's origin is «$origin», not the SSH client's address"

step="doctor reads the journal"
rc=0
okno doctor --verify >"$W/doctor4" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$W/doctor4"; fail "doctor --verify: exit $rc"; }
for line in "ok    проверка базы: целостность, цепочки журнала (строк: 1, подразделений: 1) и аудита в порядке" \
	"warn  закрытие дня: OVD-1: ни один день ещё не закрыт" \
	"warn  печать журнала: журнал ещё ни разу не опечатан"; do
	grep -qF "$line" "$W/doctor4" || { cat "$W/doctor4"; fail "doctor: no «$line»"; }
done

step="the hall board as its unit runs it"
# okno-board@.service: the account okno-board, group okno-windows.
in_pane "runuser -u okno-board -g okno-windows -- env TERM=linux LANG=C.UTF-8 okno board --poll 200"
wait_for "Ожидают: 0 / Күтуде: 0" 15
okno queue take --service registration >/dev/null || fail "queue take"
wait_for "Ожидают: 1 / Күтуде: 1" 10
$T kill-server 2>/dev/null
kiosk_gone okno-board

step="an okno account is bound to its Unix account"
# Another window account with ivanov's password: refused at the login.
window_add oknotest-w4 || fail "second window account"
okno doctor >"$W/doctor5" 2>&1
grep -q "^ok    привязка окон: привязаны к учётным записям okno: $WIN\$" "$W/doctor5" &&
	grep -q "^warn  привязка окон: oknotest-w4 не привязана ни к одной учётной записи okno" "$W/doctor5" ||
	{ cat "$W/doctor5"; fail "doctor: the windows' binding"; }
ssh_kiosk "$(ssh_cmd oknotest-w4)"
ivanov_login
wait_for "привязана к другому пользователю системы" 10
screen | grep -q "Главное меню" && fail "ivanov got in at another Unix account"
$T kill-server 2>/dev/null
kiosk_gone oknotest-w4

step="no shell"
for cmd in id "sqlite3 $ODB .dump" "cat $ODB" "/bin/sh -i"; do
	ssh_kiosk "$SSH" "$cmd"
	screen | grep -q "uid=\|CREATE TABLE\|SQLite\|\\$ *$" && fail "«$cmd» reached a shell"
	$T kill-server 2>/dev/null
	# Without a terminal: the kiosk cannot start, and nothing else runs.
	out=$(timeout 20 $SSH -T "$cmd" </dev/null 2>&1)
	case $out in *uid=* | *"CREATE TABLE"* | *SQLite*) fail "«$cmd» without a tty: $out" ;; esac
done
out=$(timeout 20 $SSH -s sftp </dev/null 2>&1)
case $out in *uid=*) fail "sftp subsystem: $out" ;; esac
grep -q "Accepted publickey for $WIN" "$SSH_DIR/sshd.log" || fail "sshd log"

step="the window account and the office's files"
sum=$(sha256sum "$ODB")
as_window "cat $ODB" >/dev/null 2>&1 && fail "the window account read the database"
as_window "sqlite3 $ODB 'SELECT COUNT(*) FROM accounts'" >/dev/null 2>&1 &&
	fail "the window account opened the database with sqlite3"
as_window "echo x >>$ODB" 2>/dev/null && fail "the window account wrote the database"
as_window "ls /var/lib/okno" >/dev/null 2>&1 && fail "the window account listed /var/lib/okno"
as_window "ls /var/backups/okno" >/dev/null 2>&1 && fail "the window account listed the backups"
as_window "cat $copy" >/dev/null 2>&1 && fail "the window account read a backup"
as_window "okno doctor" >"$W/doctor-w" 2>&1 && fail "the window account ran okno doctor"
grep -q "not allowed for this account" "$W/doctor-w" || { cat "$W/doctor-w"; fail "okno doctor as a window"; }
[ "$(sha256sum "$ODB")" = "$sum" ] || fail "the database changed"

step="purge keeps the office's data"
sshd_stop
sum=$(sha256sum "$ODB" "$copy")
dpkg --purge okno >"$W/purge.out" 2>&1 || { cat "$W/purge.out"; fail "dpkg --purge"; }
[ ! -e /usr/bin/okno ] && [ ! -e /etc/okno/okno.conf ] &&
	[ ! -e /etc/ssh/sshd_config.d/okno.conf ] || fail "package files left after purge"
[ "$(sha256sum "$ODB" "$copy" 2>&1)" = "$sum" ] || fail "purge changed or removed the data"
getent group okno >/dev/null || fail "purge removed the group okno that owns the data"
mode_is /var/lib/okno "root:okno 2770"

step="reinstall keeps the database"
dpkg -i "$DEB" >"$W/install2.out" 2>&1 || { cat "$W/install2.out"; fail "dpkg -i again"; }
grep -q "is kept as it was" "$W/install2.out" || { cat "$W/install2.out"; fail "postinst message"; }
[ "$(sha256sum "$ODB" "$copy")" = "$sum" ] || fail "reinstalling changed the data"
mode_is /usr/bin/okno "root:okno 2755"

step="purge with OKNO_PURGE_DATA=yes"
OKNO_PURGE_DATA=yes dpkg --purge okno >"$W/purge2.out" 2>&1 ||
	{ cat "$W/purge2.out"; fail "dpkg --purge"; }
window_del_all
[ ! -e /var/lib/okno ] && [ ! -e /var/backups/okno ] || fail "data left with OKNO_PURGE_DATA=yes"
getent group okno >/dev/null && fail "the group okno left with OKNO_PURGE_DATA=yes"

echo "PASS package test ($(($(date +%s) - START))s)"
