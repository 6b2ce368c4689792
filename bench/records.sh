#!/bin/sh
# The special-records check at 1,000,000 records (issue 9): builds
# bench/records_bench.c and runs it; fails when a check takes 50 ms or more
# or a person is missed. RECORDS_N overrides the size.
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory build/bench/records_bench
exec build/bench/records_bench "${RECORDS_N:-1000000}" build/bench/records.db 2000
