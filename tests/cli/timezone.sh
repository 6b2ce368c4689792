#!/bin/sh
# The caller's TZ never changes a stamp, on either engine: an office
# database's acts done with TZ set to a zone that does not exist, to a
# POSIX rule twelve hours off, or to UTC are stamped at the moment they
# were done, in the office's zone (Asia/Almaty, +05:00), and okno shows
# them the same whatever TZ it runs with. (PostgreSQL: the session's time
# zone is the office's, never the caller's; a zone the server does not
# know no longer stops okno.)
# engines: sqlite pg
set -eu
NAME=timezone
. tests/cli/lib.inc
office_init

now() { date +%s; }
# epoch CASE: the accept line's moment, as the engine stores it.
epoch() {
	if [ "$ENGINE" = pg ]; then
		q "SELECT extract(epoch FROM at)::bigint FROM journal WHERE case_id = $1 AND kind = 'accept'"
	else
		q "SELECT strftime('%s', at) FROM journal WHERE case_id = $1 AND kind = 'accept'"
	fi
}
for tz in Nowhere/Atlantis XXX+12 UTC; do
	step="accept with TZ=$tz"
	expect_rc 0 as ivanov case new --service registration --json "$(today_registration)"
	id=$(cat "$T/out")
	t0=$(now)
	expect_rc 0 env TZ=$tz OKNO_PASSWORD_FILE="$T/pw.ivanov" \
		"$OKNO" --db "$DB" --as ivanov case event "$id" accept
	t1=$(now)
	at=$(epoch "$id")
	[ "$at" -ge "$t0" ] && [ "$at" -le "$t1" ] ||
		fail "stamped $at, not between $t0 and $t1"
	# Shown in the office's zone with its offset, whatever TZ is.
	want=$(TZ=Asia/Almaty date -d "@$at" +%Y-%m-%dT%H:%M:%S+05:00)
	for show in "" Nowhere/Atlantis XXX-14 UTC; do
		expect_rc 0 env ${show:+TZ=$show} OKNO_PASSWORD_FILE="$T/pw.ivanov" \
			"$OKNO" --db "$DB" --as ivanov case show "$id"
		expect_out "$want"
	done
	[ "$(q "SELECT count(*) FROM audit WHERE action = 'case.event'")" -ge 1 ] ||
		fail "no audit line"
done
step="the chains"
expect_rc 0 as ivanov journal verify
expect_rc 0 env OKNO_PASSWORD_FILE="$T/pw.admin" "$OKNO" --db "$DB" --as admin user list
echo "cli/timezone: all checks passed"
