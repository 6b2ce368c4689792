# Shared set-up for the kiosk scenarios (sourced): a fresh database with an
# office, an admin and an inspector seated at window 3, a private tmux
# server at 80x24, and helpers that poll the screen instead of sleeping.
# Env: OKNO (binary), OKNO_FORMS; TERM_UNDER_TEST (default xterm).
set -u
: "${OKNO:=$PWD/okno}" "${OKNO_FORMS:=$PWD/forms}"
export OKNO_FORMS
export TZ=Asia/Almaty LANG=C.UTF-8 LC_ALL=C.UTF-8 OKNO_NOW=2026-03-20T10:00:00
T_TERM=${TERM_UNDER_TEST:-xterm}
W=$(mktemp -d "${TMPDIR:-/tmp}/oknotui.XXXXXX")
DB=$W/okno.db
export HOME=$W
NSOCK=0
SOCK=okt$$-0
T="tmux -L $SOCK -f /dev/null"
trap '$T kill-server 2>/dev/null; rm -rf "$W"' 0 1 15

# A new tmux server for each start: a killed server's socket may linger.
new_server() {
	$T kill-server 2>/dev/null
	NSOCK=$((NSOCK + 1))
	SOCK=okt$$-$NSOCK
	T="tmux -L $SOCK -f /dev/null"
}

fail() {
	echo "FAIL: $*" >&2
	echo "--- screen ($T_TERM) ---" >&2
	$T capture-pane -p 2>/dev/null >&2
	exit 1
}

pw() { printf '%s\n' "$1" >"$W/pw.$2"; echo "$W/pw.$2"; }

# each_term FUNCTION: run the scenario once per terminal type, each time on
# a fresh database and a fresh tmux server.
each_term() {
	for T_TERM in ${TERMS:-xterm vt100}; do
		$T kill-server 2>/dev/null
		DB=$W/$T_TERM.db
		setup_db
		"$1" || fail "$1 ($T_TERM)"
		$T kill-server 2>/dev/null
	done
}

# setup_db: office OVD-1, admin, inspector ivanov (password "ivanov-pass1")
# seated at window 3.
setup_db() {
	a0=$(pw 'admin-first-1' a0); a1=$(pw 'admin-pass-12' a1)
	i0=$(pw 'ivanov-first1' i0); i1=$(pw 'ivanov-pass1' i1)
	OKNO_PASSWORD_FILE=$a0 "$OKNO" --db "$DB" init --office OVD-1 \
		--name "УМП ОП Медеуского района" --region "г. Алматы" \
		>/dev/null || fail "init"
	OKNO_PASSWORD_FILE=$a0 OKNO_NEW_PASSWORD_FILE=$a1 \
		"$OKNO" --db "$DB" --as admin passwd >/dev/null || fail "passwd"
	OKNO_PASSWORD_FILE=$a1 OKNO_NEW_PASSWORD_FILE=$i0 "$OKNO" --db "$DB" \
		--as admin user add ivanov --name "Иванов Иван Иванович" \
		--position "старший инспектор" --role inspector >/dev/null ||
		fail "user add"
	OKNO_PASSWORD_FILE=$i0 OKNO_NEW_PASSWORD_FILE=$i1 \
		"$OKNO" --db "$DB" --as ivanov passwd >/dev/null || fail "passwd"
	OKNO_PASSWORD_FILE=$a1 "$OKNO" --db "$DB" --as admin window set 3 \
		ivanov >/dev/null || fail "window set"
}

# as_ivanov CMD...: the CLI as the inspector.
as_ivanov() {
	OKNO_PASSWORD_FILE=$i1 "$OKNO" --db "$DB" --as ivanov "$@"
}

# start ARGS...: run okno in the tmux pane at 80x24.
start() {
	new_server
	$T new-session -d -x 80 -y 24 \
		"env TERM=$T_TERM LANG=$LANG LC_ALL=$LC_ALL TZ=$TZ \
		OKNO_NOW=$OKNO_NOW OKNO_FORMS=$OKNO_FORMS HOME=$HOME \
		$OKNO --db $DB $*; echo OKNO-EXIT=\$?; sleep 30" ||
		fail "tmux"
}

screen() { $T capture-pane -p; }

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows.
wait_for() {
	_w=$(( ${2:-5} * 20 ))
	while [ "$_w" -gt 0 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.05
		_w=$((_w - 1))
	done
	fail "timed out waiting for: $1"
}

# wait_gone TEXT [SECONDS]
wait_gone() {
	_w=$(( ${2:-5} * 20 ))
	while [ "$_w" -gt 0 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.05
		_w=$((_w - 1))
	done
	fail "still on screen: $1"
}

keys() { $T send-keys "$@"; }
# text STRING: type literally.
text() { $T send-keys -l -- "$1"; }

# login PASSWORD: on the login screen as ivanov.
login_ivanov() {
	wait_for "Учётная запись"
	text ivanov; keys Tab
	text ivanov-pass1; keys Enter
}

pid_of_okno() {
	$T list-panes -F '#{pane_pid}' | while read -r p; do
		pgrep -P "$p" -x okno || pgrep -P "$p" || true
	done | head -n 1
}
