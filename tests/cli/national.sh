#!/bin/sh
# CLI scenario: the national view. Two regional databases, each on a
# throw-away cluster of its own (wal_level=logical), publish their regions,
# offices, cases, histories and journals (built-in logical replication); a
# national database on a third cluster subscribes to both. The audit log's
# office chains are published too (a row filter leaves out chain 0, the
# region's accounts and the system, whose numbers are the same in every
# region), and every office's chain verifies nationally.
# Each region was made with its own range of ids (init --id-range) and its
# national code (--region-code), so their rows meet there without a clash.
# Cases filed in both regions are found nationally by check-document (the
# answer names the issuing office), both offices' journal chains verify
# there unchanged, the report counts by region, and okno refuses every act
# there in words (the national database is read-only to okno).
# Run by scripts/run-tests.sh: $OKNO is the binary, cwd the repository root,
# TMPDIR a fresh directory.
# engines: pg
set -eu

PGC=${TMPDIR:-/tmp}/national.$$
R1=$PGC/r1
R2=$PGC/r2
NAT=$PGC/nat
PG=${PG_BIN:-/usr/lib/postgresql/15/bin}
mkdir -p "$PGC"
chmod 711 "$PGC"
trap 'for c in "$NAT" "$R2" "$R1"; do [ -d "$c" ] && sh scripts/pg-cluster.sh stop "$c"; done; rm -rf "$PGC"' 0
PG_LOGICAL=1 sh scripts/pg-cluster.sh start "$R1" >/dev/null
PG_LOGICAL=1 sh scripts/pg-cluster.sh start "$R2" >/dev/null
sh scripts/pg-cluster.sh start "$NAT" >/dev/null
OKNO_PG_HOST=$R1 # lib.inc's database (unused: each cluster has its own)
NAME=national
. tests/cli/lib.inc
export OKNO_NOW=2026-03-20T10:00:00

# sqc CLUSTER ROLE SQL: what SQL gives on the cluster's okno database.
sqc() {
	"$PSQL" -X -q -At -v ON_ERROR_STOP=1 -h "$1" -U "$2" -d okno -c "$3"
}
for c in "$R1" "$R2" "$NAT"; do
	"$PSQL" -X -q -h "$c" -U okno_owner -d postgres -c "CREATE DATABASE okno"
done
uri() { echo "postgresql:///okno?host=$1&user=okno_owner"; }

# on CLUSTER LOGIN ARGS...: okno on that cluster's database as LOGIN.
on() {
	c=$1 who=$2
	shift 2
	env OKNO_PASSWORD_FILE="$T/pw.$who" "$OKNO" --db "$(uri "$c")" --as "$who" "$@"
}
# account CLUSTER LOGIN "ФИО" ROLE WHERE: a new account there (WHERE:
# --office=CODE or --region=CODE) whose first password is changed.
account() {
	step="user add $2"
	printf '%s\n' 'первый-пароль-1' >"$T/first"
	expect_rc 0 env OKNO_NEW_PASSWORD_FILE="$T/first" OKNO_PASSWORD_FILE="$T/pw.admin" \
		"$OKNO" --db "$(uri "$1")" --as admin user add "$2" --name "$3" \
		--position "сотрудник" --role "$4" "$5"
	printf '%s\n' "пароль-$2-2" >"$T/pw.$2"
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/pw.$2" \
		"$OKNO" --db "$(uri "$1")" --as "$2" passwd
}
# init_db CLUSTER ARGS...: okno init there; the admin's password changed.
init_db() {
	c=$1
	shift
	step="init $c"
	printf '%s\n' 'первый-пароль-1' >"$T/first"
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" "$OKNO" --db "$(uri "$c")" \
		init --training "$@"
	printf '%s\n' 'админ-пароль-2' >"$T/pw.admin"
	expect_rc 0 env OKNO_PASSWORD_FILE="$T/first" OKNO_NEW_PASSWORD_FILE="$T/pw.admin" \
		"$OKNO" --db "$(uri "$c")" --as admin passwd
}

# ---- two regions and the nation --------------------------------------------
step="init --id-range on SQLite"
printf '%s\n' 'первый-пароль-1' >"$T/first"
expect_rc 3 env OKNO_PASSWORD_FILE="$T/first" "$OKNO" --db "$T/x.db" init --training \
	--office X01 --name X --region X --id-range 3
expect_err "PostgreSQL"
init_db "$R1" --office A01 --name "Медеуский РУП ДП г. Алматы" \
	--region "ДП г. Алматы" --region-code ALA --id-range 1
[ "$(sqc "$R1" okno_owner "SELECT min(id) FROM offices")" = 1000000000000 ] ||
	fail "region 1's ids are not in its range"
account "$R1" ivanov "Иванов Иван Иванович" inspector --office=A01
account "$R1" operator "Журналова Ольга" operator --office=A01
init_db "$R2" --office B01 --name "Есильский РУП ДП г. Астаны" \
	--region "ДП г. Астаны" --region-code AST --id-range 2
account "$R2" bekov "Беков Ержан Маратович" inspector --office=B01
init_db "$NAT" --office KZ0 --name "ДМП МВД Республики Казахстан" \
	--region "МВД Республики Казахстан" --region-code KZ --ministry
account "$NAT" nat "Республиканов Олег" auditor --region=KZ
expect_rc 0 "$OKNO" --db "$(uri "$NAT")" region list
expect_out "KZ         МВД Республики Казахстан; подразделений: 1; уровень министерства"

# ---- each region publishes, the nation subscribes --------------------------
step="publications and subscriptions"
for c in "$R1" "$R2"; do
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$c" -U okno_owner -d okno -f docs/publish.sql
done
sqc "$NAT" postgres "CREATE SUBSCRIPTION region_ala CONNECTION 'host=$R1 dbname=okno user=postgres' PUBLICATION okno_region, okno_audit"
sqc "$NAT" postgres "CREATE SUBSCRIPTION region_ast CONNECTION 'host=$R2 dbname=okno user=postgres' PUBLICATION okno_region, okno_audit"
# okno's role reads the national database and writes nothing there.
sqc "$NAT" postgres "ALTER ROLE okno_owner IN DATABASE okno SET default_transaction_read_only = on"
sqc "$NAT" postgres "ALTER ROLE okno IN DATABASE okno SET default_transaction_read_only = on"

# ---- cases filed in both regions -------------------------------------------
step="cases in both regions"
expect_rc 0 on "$R1" ivanov case new --service registration --json "$FIX/registration.json"
id1=$(cat "$T/out")
expect_rc 0 on "$R1" ivanov case event "$id1" accept
expect_rc 0 on "$R2" bekov case new --service invitation --json "$FIX/invitation.json"
id2=$(cat "$T/out")
expect_rc 0 on "$R2" bekov case event "$id2" accept
case $id2 in 2000000000*) ;; *) fail "region 2's case id $id2 is not in its range" ;; esac
code1=$(sqc "$R1" okno_owner "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $id1")
code2=$(sqc "$R2" okno_owner "SELECT c.code FROM journal_codes c JOIN journal j ON j.id = c.line_id WHERE j.case_id = $id2")
[ -n "$code1" ] && [ -n "$code2" ] || fail "no check codes"

# caught_up: every table's first copy is done (each table of a
# subscription is copied on its own, in no set order) and the national
# database holds every journal line of both regions.
caught_up() {
	want=$(($(sqc "$R1" okno_owner "SELECT count(*) FROM journal") + \
		$(sqc "$R2" okno_owner "SELECT count(*) FROM journal")))
	audit=$(($(sqc "$R1" okno_owner "SELECT count(*) FROM audit WHERE chain <> 0") + \
		$(sqc "$R2" okno_owner "SELECT count(*) FROM audit WHERE chain <> 0")))
	i=0
	while [ "$(sqc "$NAT" postgres "SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'")" != 0 ] ||
		[ "$(sqc "$NAT" okno_owner "SELECT count(*) FROM journal")" != "$want" ] ||
		[ "$(sqc "$NAT" okno_owner "SELECT count(*) FROM audit WHERE chain <> 0")" -lt "$audit" ]; do
		i=$((i + 1))
		[ "$i" -lt 600 ] || {
			sqc "$NAT" postgres "SELECT srrelid::regclass, srsubstate FROM pg_subscription_rel WHERE srsubstate <> 'r'" >&2
			tail -n 20 "$NAT/server.log" >&2
			fail "the national database did not catch up ($want lines)"
		}
		sleep 0.2
	done
}
caught_up
[ "$(sqc "$NAT" okno_owner "SELECT count(*) FROM cases")" = 2 ] || fail "cases not replicated"

# ---- the national view ------------------------------------------------------
step="check-document nationwide"
expect_rc 0 on "$NAT" nat check-document "$code1"
expect_out "Документ значится в журнале: Медеуский РУП ДП г. Алматы"
expect_out "АХМЕДОВ"
expect_rc 0 on "$NAT" nat check-document "$code2"
expect_out "Документ значится в журнале: Есильский РУП ДП г. Астаны"
expect_rc 4 on "$NAT" nat check-document 00000-00000

step="journal verify per office, nationally"
expect_rc 0 on "$NAT" nat journal verify --office A01
expect_out "Журнал цел"
expect_rc 0 on "$NAT" nat journal verify --office B01
expect_out "Журнал цел"

step="audit verify nationally: every office's chain"
[ "$(sqc "$NAT" okno_owner "SELECT count(DISTINCT a.chain) FROM audit a JOIN offices o ON o.id = a.chain WHERE o.code IN ('A01', 'B01')")" = 2 ] ||
	fail "not both offices' audit chains replicated"
expect_rc 0 on "$NAT" nat audit verify
expect_out "intact"

step="cases and report by region"
expect_rc 0 on "$NAT" nat case list
grep -Eq "^$id1 +A01 +registration +accepted " "$T/out" || { cat "$T/out" >&2; fail "no A01 case"; }
grep -Eq "^$id2 +B01 +invitation +accepted " "$T/out" || { cat "$T/out" >&2; fail "no B01 case"; }
expect_rc 0 on "$NAT" nat report day --date 20.03.2026 --by-region
grep -Eq "^ALA +1 +0 +0 +0 +0 +ДП г. Алматы$" "$T/out" || { cat "$T/out" >&2; fail "report: ALA"; }
grep -Eq "^AST +1 +0 +0 +0 +0 +ДП г. Астаны$" "$T/out" || { cat "$T/out" >&2; fail "report: AST"; }
# A region's own accounts count their region only.
expect_rc 0 on "$R1" operator report day --date 20.03.2026 --by-region
grep -q "^AST" "$T/out" && fail "a region's report counts another region"
grep -Eq "^ALA +1 " "$T/out" || { cat "$T/out" >&2; fail "report: region 1 at home"; }

step="acts refused nationally"
# (The national database's own audit lines: chain 0.)
snap() { sqc "$NAT" okno_owner "SELECT count(*) FROM cases; SELECT count(*) FROM accounts; SELECT count(*) FROM audit WHERE chain = 0; SELECT count(*) FROM regions;"; }
before=$(snap)
expect_rc 7 on "$NAT" admin region add ZZZ --name "Лишний регион"
expect_err "База данных только для чтения"
grep -q "ERROR\|read-only transaction\|25006" "$T/err" && fail "the engine's error shown"
expect_rc 7 on "$NAT" admin user add x --name "Икс" --position "x" --role auditor --region KZ
expect_err "База данных только для чтения"
[ "$(snap)" = "$before" ] || fail "the national database changed"

# ---- a later decision arrives too -------------------------------------------
step="a later intake replicates"
expect_rc 0 on "$R1" ivanov case new --service registration --json "$FIX/registration.json" \
	--field doc_number=FB7654321
expect_rc 0 on "$R1" ivanov case event "$(cat "$T/out")" accept
caught_up
expect_rc 0 on "$NAT" nat journal verify --office A01
expect_out "Журнал цел: строк 2"

step="a replicated audit line changed nationally is found"
b01=$(sqc "$NAT" okno_owner "SELECT id FROM offices WHERE code = 'B01'")
sqc "$NAT" postgres "ALTER TABLE audit DISABLE TRIGGER USER; UPDATE audit SET detail = 'подделка' WHERE chain = $b01 AND seq = 2; ALTER TABLE audit ENABLE TRIGGER USER"
expect_rc 1 on "$NAT" nat audit verify
expect_err "the audit chain of office B01"
echo "PASS national"
