#!/bin/sh
# CLI scenario for the progress line: on a 30,000-line journal,
# `journal verify` and `backup` run on a pty show one status line that
# advances (phase, done of total, percent) and is gone when the result is
# printed; with stderr a file, or with --quiet, there is no progress at all.
# The pty driver (ptyline.py) lets the command run 1 ms out of every
# 200 ms, as on a busy server, so that work of a fraction of a second
# here lasts the few seconds a real office's journal takes.
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
set -eu

NAME=progress
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00
FILL=${OKNO_BUILD:-build}/tests/tools/journal_fill
PTY="python3 tests/cli/ptyline.py"

init_office
add_user ivanov "Иванов Иван Иванович" "старший инспектор" inspector
step=fill
"$FILL" "$DB" A01 ivanov 30000 || fail "journal_fill"

# frames PHASE: the numbers done of the frames of PHASE in $T/pty, one a
# line ("412 000 из 1 000 000" gives 412000).
frames() {
	sed -n "s/^FRAME [0-9.]* $1: \([0-9 ]*\) из .*/\1/p" "$T/pty" | tr -d ' '
}

# advancing PHASE TOTAL: at least 3 frames of PHASE out of TOTAL, each
# further than the one before.
advancing() {
	frames "$1" >"$T/done"
	n=$(wc -l <"$T/done")
	[ "$n" -ge 3 ] || { cat "$T/pty" >&2; fail "$1: $n frames"; }
	sort -n -u "$T/done" | cmp -s - "$T/done" ||
		{ cat "$T/pty" >&2; fail "$1: the count went back or stood"; }
	grep -q "^FRAME [0-9.]* $1: [0-9 ]* из $2 ([0-9]* %)" "$T/pty" ||
		fail "$1: no frame out of $2"
}

# paced: at most two frames a second of the command's run time.
paced() {
	awk '/^FRAME/ { n++; t = $2 } END { exit !(n <= 2 * t + 2) }' \
		"$T/pty" || { cat "$T/pty" >&2; fail "more than 2 frames a second"; }
}

# clean: what is left on the screen is the result line(s) only.
clean() {
	if grep '^LINE ' "$T/pty" | grep -q 'Проверка\|Копирование'; then
		cat "$T/pty" >&2
		fail "progress left on the screen"
	fi
}

step="journal verify on a pty"
$PTY --slow 1/199 -- env OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" \
	--db "$DB" --as ivanov journal verify >"$T/pty"
grep -q '^EXIT 0$' "$T/pty" || { cat "$T/pty" >&2; fail "exit"; }
advancing "Проверка цепочки журнала" "30 000"
paced
clean
grep -q '^LINE Журнал цел: строк 30000' "$T/pty" || fail "result line"

step="backup on a pty"
# Paced as the verify: the copy, its first phase, lasts
# a fraction of a second of CPU time, and a phase is shown only once it
# has run half a second.
$PTY --slow 1/199 -- "$OKNO" --db "$DB" backup "$T/copy.db" >"$T/pty"
grep -q '^EXIT 0$' "$T/pty" || { cat "$T/pty" >&2; fail "exit"; }
advancing "Проверка цепочки журнала" "30 000"
paced
clean
# The phases in their order: the copy, its integrity, its chains.
sed -n 's/^FRAME [0-9.]* \([^:]*\):.*/\1/p' "$T/pty" | uniq >"$T/phases"
grep -n . "$T/phases" >&2
for ph in "Копирование базы данных" "Проверка целостности копии" \
	"Проверка цепочки журнала"; do
	grep -qx "$ph" "$T/phases" || fail "no phase $ph"
done
[ "$(grep -n 'Копирование' "$T/phases" | cut -d: -f1)" -lt \
	"$(grep -n 'Проверка цепочки журнала' "$T/phases" | cut -d: -f1)" ] ||
	fail "phases out of order"
grep -q '^LINE Резервная копия .*строк журнала 30000' "$T/pty" ||
	fail "backup result"
expect_rc 0 "$OKNO" --db "$T/copy.db" backup --check "$T/copy.db"

step="stderr a file: no progress"
rm -f "$T/copy.db"
$PTY -- sh -c "\"\$0\" --db \"\$1\" backup \"\$2\" 2>\"\$3\"" \
	"$OKNO" "$DB" "$T/copy.db" "$T/err" >"$T/pty"
grep -q '^EXIT 0$' "$T/pty" || { cat "$T/pty" >&2; fail "exit"; }
[ ! -s "$T/err" ] || { cat -v "$T/err" >&2; fail "stderr not empty"; }
! grep -q '^FRAME.*\(Проверка\|Копирование\)' "$T/pty" ||
	fail "progress on stdout"
grep -q '^LINE Резервная копия' "$T/pty" || fail "result line"
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" \
	--as ivanov journal verify
[ ! -s "$T/err" ] || { cat -v "$T/err" >&2; fail "stderr of verify"; }
expect_out "Журнал цел: строк 30000"

step="--quiet on a pty"
$PTY --slow 2/98 -- env OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" \
	--db "$DB" --as ivanov --quiet journal verify >"$T/pty"
grep -q '^EXIT 0$' "$T/pty" || { cat "$T/pty" >&2; fail "exit"; }
! grep -q '^FRAME.*Проверка' "$T/pty" || fail "progress with --quiet"
grep -q '^LINE Журнал цел' "$T/pty" || fail "result line"

rm -rf "$T"
echo "progress: ok"
