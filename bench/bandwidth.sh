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
OKNO_FORMS="$ROOT/forms"
# The kiosk scenarios' office (inspector ivanov at window 3, his password
# file $i1) in a folder $W removed at the end.
. "$ROOT/tests/tui/lib.inc"
setup_db

cc -std=c11 -O2 -o "$W/ptycount" "$ROOT/bench/ptycount.c" -lutil


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
	OKNO_PASSWORD_FILE=$i1 "$W/ptycount" -t $term -k "$ROOT/bench/form.keys" \
		-- "$OKNO" --db "$DB" --as ivanov intake registration >"$W/o.$term"
	if command -v dialog >/dev/null; then
		"$W/ptycount" -t $term -k "$ROOT/bench/form.keys" \
			-- "$ROOT/bench/dialog-peer" >"$W/d.$term"
	fi
	printf '%-6s okno    %s\n' $term "$(summary "$W/o.$term")"
	[ -f "$W/d.$term" ] &&
		printf '%-6s dialog  %s\n' $term "$(summary "$W/d.$term")"
done
