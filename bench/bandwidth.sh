#!/bin/sh
# Terminal bandwidth of okno beside Debian's dialog --form, in the same
# run: the first screen, then the first four fields of the same Cyrillic
# form filled one key at a time, at 80x24 with TERM=xterm and vt100.
# Counted by bench/ptycount (forkpty), built here. Not part of make check.
# Targets (issue 5): first screen <= dialog's; typed letter <= 12 B;
# next field <= 120 B; whole fill <= half of dialog's.
# Usage: bench/bandwidth.sh [OKNO]   (default ./okno)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OKNO=${1:-$ROOT/okno}
W=$(mktemp -d)
trap 'rm -rf "$W"' 0 1 15
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=Asia/Almaty OKNO_NOW=2026-03-20T10:00:00
export OKNO_FORMS="$ROOT/forms" HOME="$W"

cc -std=c11 -O2 -o "$W/ptycount" "$ROOT/bench/ptycount.c" -lutil

DB=$W/b.db
p() { printf '%s\n' "$1" >"$W/$2"; }
p admin-first-1 a0; p admin-pass-12 a1; p ivanov-first1 i0; p ivanov-pass1 i1
OKNO_PASSWORD_FILE=$W/a0 "$OKNO" --db "$DB" init --training --office OVD-1 \
	--name "УМП ОП Медеуского района" --region "г. Алматы" >/dev/null
OKNO_PASSWORD_FILE=$W/a0 OKNO_NEW_PASSWORD_FILE=$W/a1 \
	"$OKNO" --db "$DB" --as admin passwd >/dev/null
OKNO_PASSWORD_FILE=$W/a1 OKNO_NEW_PASSWORD_FILE=$W/i0 "$OKNO" --db "$DB" \
	--as admin user add ivanov --name "Иванов Иван Иванович" \
	--position "старший инспектор" --role inspector >/dev/null
OKNO_PASSWORD_FILE=$W/i0 OKNO_NEW_PASSWORD_FILE=$W/i1 \
	"$OKNO" --db "$DB" --as ivanov passwd >/dev/null
OKNO_PASSWORD_FILE=$W/a1 "$OKNO" --db "$DB" --as admin window set 3 ivanov \
	>/dev/null


# summary FILE: first screen, typed letters (median, max), next field
# (the cursor-key steps, max) and the whole fill.
summary() {
	med=$(awk '/^step / && $2 != "ESC-seq" {print $3}' "$1" | sort -n |
		awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
	awk -v med="$med" '/^initial /{i=$2}
	     /^step /{ if ($2=="ESC-seq") { if ($3>nf) nf=$3 }
	               else if ($3>lm) lm=$3 }
	     /^initial=/{split($3,t,"="); tot=t[2]}
	     END { printf "first screen %5d B  letter median %2d B max %3d B" \
	                  "  next field max %3d B  whole fill %5d B\n",
	                  i, med, lm, nf, tot }' "$1"
}

for term in xterm vt100; do
	OKNO_PASSWORD_FILE=$W/i1 "$W/ptycount" -t $term -k "$ROOT/bench/form.keys" \
		-- "$OKNO" --db "$DB" --as ivanov intake registration >"$W/o.$term"
	if command -v dialog >/dev/null; then
		"$W/ptycount" -t $term -k "$ROOT/bench/form.keys" \
			-- "$ROOT/bench/dialog-peer" >"$W/d.$term"
	fi
	printf '%-6s okno    %s\n' $term "$(summary "$W/o.$term")"
	[ -f "$W/d.$term" ] &&
		printf '%-6s dialog  %s\n' $term "$(summary "$W/d.$term")"
done
