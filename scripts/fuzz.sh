#!/bin/sh
# Fuzzing with libFuzzer (clang). Each target tests/fuzz/fuzz_*.c is built
# against core with ASan+UBSan and run on its seed corpus:
#   scripts/fuzz.sh short   a few seconds per target
#   scripts/fuzz.sh long    FUZZ_SECONDS per target (default 600; make fuzz)
# Crashes land in build-fuzz/crash-*; copy them to tests/fuzz/regress/NAME/
# so every later run replays them: make check replays the seed corpora and
# those crashers through each target without libFuzzer (tests/fuzz/replay.c).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-short}
case $mode in
short) secs=${FUZZ_SECONDS:-5} ;;
long) secs=${FUZZ_SECONDS:-600} ;;
*) echo "usage: scripts/fuzz.sh short|long" >&2; exit 2 ;;
esac
targets=$(ls tests/fuzz/fuzz_*.c 2>/dev/null || true)
if [ -z "$targets" ]; then
	echo "fuzz: no targets in tests/fuzz/"
	exit 0
fi
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}' |
	clang -fsanitize=fuzzer -x c - -o /tmp/okno-fuzz-probe.$$ 2>/dev/null; then
	echo "fuzz: clang with libFuzzer is not available (scripts/deps.sh installs it)" >&2
	exit 1
fi
rm -f /tmp/okno-fuzz-probe.$$
out=build-fuzz
mkdir -p $out
BASE="-std=c11 -D_GNU_SOURCE -g -O1 -fno-sanitize-recover=all -Icore $(pkg-config --cflags sqlite3 libpq jansson libcrypto)"
LIBS="$(pkg-config --libs sqlite3 libpq jansson libcrypto libcrypt libutf8proc) -lm"
# core is compiled once (instrumented, no fuzzer main), two files at a time.
mkdir -p $out/core
export BASE out
ls core/*.c | xargs -P 2 -I{} sh -c \
	'o=$out/core/$(basename {} .c).o; clang $BASE -fsanitize=fuzzer-no-link,address,undefined -c -o "$o" {}'
fail=0 pass=0
for t in $targets; do
	name=$(basename "$t" .c)
	clang $BASE -fsanitize=fuzzer,address,undefined -o $out/$name "$t" \
		$out/core/*.o $LIBS
	corpus=tests/fuzz/corpus/${name#fuzz_}
	regress=tests/fuzz/regress/${name#fuzz_}
	mkdir -p "$out/corpus-$name"
	seeds=""
	[ -d "$corpus" ] && seeds="$corpus"
	if [ -d "$regress" ] && ls "$regress"/* >/dev/null 2>&1; then
		# Known crashers first: each must now pass.
		$out/$name "$regress"/* >$out/$name.regress.log 2>&1 ||
			{ echo "FAIL fuzz/$name regression"; fail=$((fail + 1)); continue; }
	fi
	if $out/$name -max_total_time="$secs" -artifact_prefix=$out/crash-$name- \
		"$out/corpus-$name" $seeds >$out/$name.log 2>&1; then
		pass=$((pass + 1)); echo "PASS fuzz/$name (${secs}s)"
	else
		fail=$((fail + 1)); echo "FAIL fuzz/$name (log $out/$name.log)"
		tail -n 30 $out/$name.log
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
