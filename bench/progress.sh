#!/bin/sh
# The progress line (issue 21): on a journal of N lines (default
# 1,000,000, made by tests/tools/journal_fill in one transaction), runs
# `okno journal verify` and `okno backup` on an 80-column pty
# (tests/cli/ptyline.py) and reports
#  - the bytes the progress line cost per second of the run (everything
#    the command wrote but its result line), target < 200 B/s;
#  - the time and CPU time with the progress line and with --quiet (no
#    reporter at all), median of RUNS (default 5), target: no measurable
#    difference.
# Not part of make check. PROGRESS_DB=FILE keeps the database between
# runs. Usage: bench/progress.sh [N]
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${1:-1000000}
RUNS=${RUNS:-5}
make --no-print-directory -s all build/tests/tools/journal_fill
W=$(mktemp -d)
trap 'rm -rf "$W"' 0 1 15
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Almaty HOME="$W"
export OKNO_FORMS="$ROOT/forms" OKNO_CRYPT_COST=1
unset OKNO_NOW OKNO_DB OKNO_AS
OKNO=$ROOT/okno
DB=${PROGRESS_DB:-$W/big.db}
p() { printf '%s\n' "$1" >"$W/$2"; }
p first-pass-1 first; p admin-pass-2 pw.admin; p ivanov-pass-2 pw.ivanov
if [ -s "$DB" ]; then
	echo "reusing $DB"
else
	OKNO_PASSWORD_FILE=$W/first "$OKNO" --db "$DB" init --training \
		--office A01 --name "УМП ОП Медеуского района" \
		--region "г. Алматы" >/dev/null
	OKNO_PASSWORD_FILE=$W/first OKNO_NEW_PASSWORD_FILE=$W/pw.admin \
		"$OKNO" --db "$DB" --as admin passwd >/dev/null
	OKNO_PASSWORD_FILE=$W/pw.admin OKNO_NEW_PASSWORD_FILE=$W/first \
		"$OKNO" --db "$DB" --as admin user add ivanov \
		--name "Иванов Иван Иванович" --position инспектор \
		--role inspector >/dev/null
	OKNO_PASSWORD_FILE=$W/first OKNO_NEW_PASSWORD_FILE=$W/pw.ivanov \
		"$OKNO" --db "$DB" --as ivanov passwd >/dev/null
	t=$(date +%s)
	build/tests/tools/journal_fill "$DB" A01 ivanov "$N"
	echo "filled $N journal lines in $(( $(date +%s) - t )) s," \
		"$(du -m "$DB" | cut -f1) MB"
fi
export OKNO_PASSWORD_FILE=$W/pw.ivanov

# run NAME ARGS...: the command on the pty, its transcript in $W/NAME.
run() {
	name=$1
	shift
	rm -f "$W/copy.db"
	python3 tests/cli/ptyline.py -- "$OKNO" --db "$DB" "$@" >"$W/$name"
	grep -q '^EXIT 0$' "$W/$name" || { cat "$W/$name"; exit 1; }
}

# field NAME KEY: the value after KEY in the transcript.
field() { sed -n "s/^$2 //p" "$W/$1"; }

# The bytes of the result lines (each ends in CR LF on the pty).
result_bytes() {
	sed -n 's/^LINE //p' "$W/$1" | LC_ALL=C awk '{ n += length($0) + 2 }
		END { print n + 0 }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo
echo "| command | run | progress bytes | B/s | frames |"
echo "|---|---:|---:|---:|---:|"
for cmd in verify backup; do
	case $cmd in
	verify) set -- --as ivanov journal verify ;;
	backup) set -- backup "$W/copy.db" ;;
	esac
	run bytes "$@"
	total=$(field bytes BYTES)
	res=$(result_bytes bytes)
	secs=$(field bytes SECONDS)
	frames=$(grep -c '^FRAME' "$W/bytes" || true)
	awk -v c="$cmd" -v t="$total" -v r="$res" -v s="$secs" -v f="$frames" \
		'BEGIN { b = t - r; printf "| %s | %.1f s | %d B | %.0f B/s | %d |\n",
		c, s, b, b / s, f - 1 }'
done

echo
echo "| command | with the progress line: time / CPU | --quiet: time / CPU |"
echo "|---|---:|---:|"
for cmd in verify backup; do
	: >"$W/on.t"; : >"$W/on.c"; : >"$W/off.t"; : >"$W/off.c"
	i=0
	while [ $i -lt "$RUNS" ]; do
		case $cmd in
		verify)
			run on --as ivanov journal verify
			run off --as ivanov --quiet journal verify ;;
		backup)
			run on backup "$W/copy.db"
			run off --quiet backup "$W/copy.db" ;;
		esac
		for m in on off; do
			field $m SECONDS >>"$W/$m.t"
			field $m CPU >>"$W/$m.c"
		done
		i=$((i + 1))
	done
	echo "| $cmd | $(median <"$W/on.t") s / $(median <"$W/on.c") s |" \
		"$(median <"$W/off.t") s / $(median <"$W/off.c") s |"
done
