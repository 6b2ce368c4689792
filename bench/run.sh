#!/bin/sh
# make bench: every benchmark in bench/, each printing its numbers against
# the targets stated in bench/README.md. Not part of make check.
set -u
cd "$(dirname "$0")/.."
rc=0
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	[ -f "$b" ] || continue
	echo "== $b"
	sh "$b" || rc=1
done
exit $rc
