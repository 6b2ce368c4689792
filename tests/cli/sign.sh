#!/bin/sh
# CLI scenario: signed results out (okno portal sign). The test makes its
# own CA, inspector certificates (valid, expired, not yet valid) and
# passphrase-protected keys with the openssl command; a certificate is
# taken only when it chains to a CA the admin trusts, has the
# digital-signature key usage and is the signing account's (its IIN as the
# admin bound it): self-signed, other uses and another holder's are
# refused; the signed passport
# insert is verified with `openssl cms -verify` against the CA and refused
# after one changed byte; a refusal goes out the same way; bad
# certificates, keys and passphrases are refused with nothing written.
# engines: sqlite pg
NAME=sign
. tests/cli/exchange.inc

command -v openssl >/dev/null || fail "openssl is not installed (scripts/deps.sh)"

# ---- a CA and the inspector's certificates -------------------------------
step="make CA"
CA=$T/ca
mkdir -p "$CA/new"
: >"$CA/index.txt"
echo 1000 >"$CA/serial"
cat >"$CA/ca.cnf" <<EOF
string_mask = utf8only
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = $CA
database = $CA/index.txt
new_certs_dir = $CA/new
serial = $CA/serial
default_md = sha256
policy = any
unique_subject = no
email_in_dn = no
[ any ]
commonName = supplied
serialNumber = optional
organizationName = optional
[ signer ]
basicConstraints = CA:FALSE
keyUsage = digitalSignature, nonRepudiation
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
[ nosign ]
basicConstraints = CA:FALSE
keyUsage = keyEncipherment
[ req ]
distinguished_name = dn
[ dn ]
EOF
# The CA is valid from 2020 (the test's clock is March 2026).
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$CA/ca.key" -out "$CA/ca.csr" -config "$CA/ca.cnf" \
	-subj "/CN=Тестовый УЦ МВД/O=okno tests" -utf8 2>"$T/err" ||
	{ cat "$T/err"; fail "CA"; }
openssl ca -batch -selfsign -config "$CA/ca.cnf" -utf8 -keyfile "$CA/ca.key" \
	-in "$CA/ca.csr" -out "$CA/ca.pem" -startdate 20200101000000Z \
	-enddate 20391231000000Z -extensions ca_ext -notext >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "CA"; }
printf '%s\n' 'ключ-инспектора-7' >"$T/pass"
printf '%s\n' 'не-тот-пароль' >"$T/wrongpass"
# cert NAME START END [EXTENSIONS [SUBJECT]]: an encrypted key NAME.key and
# certificate NAME.pem (the inspector's IIN in the subject's serialNumber,
# as Kazakhstan's national CA writes it).
cert() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-aes-256-cbc -pass file:"$T/pass" -out "$CA/$1.key" 2>"$T/err" ||
		{ cat "$T/err"; fail "key $1"; }
	openssl req -new -key "$CA/$1.key" -passin file:"$T/pass" \
		-config "$CA/ca.cnf" -utf8 \
		-subj "${5:-/CN=Иванов Иван Иванович/serialNumber=IIN880514300123/O=Медеуский РУП}" \
		-out "$CA/$1.csr" 2>"$T/err" || { cat "$T/err"; fail "csr $1"; }
	openssl ca -batch -config "$CA/ca.cnf" -utf8 -cert "$CA/ca.pem" \
		-keyfile "$CA/ca.key" -in "$CA/$1.csr" -out "$CA/$1.pem" \
		-startdate "$2" -enddate "$3" -extensions "${4:-signer}" -notext \
		>"$T/out" 2>"$T/err" || { cat "$T/err"; fail "cert $1"; }
}
cert good 20250101000000Z 20351231000000Z
cert expired 20240101000000Z 20260101000000Z
cert future 20270101000000Z 20351231000000Z
cert nosign 20250101000000Z 20351231000000Z nosign
cert petrov 20250101000000Z 20351231000000Z signer \
	"/CN=Петров Пётр Петрович/serialNumber=IIN790101300456/O=Медеуский РУП"
# A self-signed certificate anyone can make, with the right key usage.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-aes-256-cbc -pass file:"$T/pass" -out "$CA/anyone.key" 2>"$T/err" &&
openssl req -new -key "$CA/anyone.key" -passin file:"$T/pass" -utf8 \
	-config "$CA/ca.cnf" -subj "/CN=Кто Угодно" -out "$CA/anyone.csr" \
	2>"$T/err" &&
openssl ca -batch -selfsign -config "$CA/ca.cnf" -utf8 \
	-keyfile "$CA/anyone.key" -passin file:"$T/pass" -in "$CA/anyone.csr" \
	-out "$CA/anyone.pem" -startdate 20250101000000Z \
	-enddate 20351231000000Z -extensions signer -notext >"$T/out" 2>"$T/err" ||
	{ cat "$T/err"; fail "self-signed"; }
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	-out "$CA/other.key" 2>/dev/null
OUT=$T/outbox
mkdir -p "$OUT"
export OKNO_KEY_PASSPHRASE_FILE="$T/pass"

# ---- a registration from the portal, decided -----------------------------
IN=$T/drop
mkdir -p "$IN"
app EGOV-2026-000201 АХМЕДОВ >"$IN/r1.json"
app EGOV-2026-000202 КАРИМОВ >"$IN/r2.json"
expect_rc 0 as ivanov portal import "$IN"
expect_out "Принято: 2"

step="sign before the decision"
expect_rc 6 as ivanov portal sign 1 --cert "$CA/good.pem" --key "$CA/good.key" --outbox "$OUT"
expect_err "решение"
take_in 1

sign() { # CERT KEY: sign case 1
	as ivanov portal sign 1 --cert "$CA/$1.pem" --key "$CA/$2.key" --outbox "$OUT"
}
step="expired certificate"
expect_rc 3 sign expired expired
expect_err "просрочен"
step="not yet valid certificate"
expect_rc 3 sign future future
expect_err "ещё не действует"
step="key of another certificate"
expect_rc 3 sign good other
expect_err "не соответствует"
step="no trusted CA yet"
expect_rc 3 sign good good
expect_err "Нет доверенных сертификатов удостоверяющих центров"
step="the admin trusts the CA; only the admin"
expect_rc 5 as ivanov portal trust "$CA/ca.pem"
expect_rc 3 as admin portal trust "$CA/good.pem"
expect_err "не сертификат удостоверяющего центра"
expect_rc 0 as admin portal trust "$CA/ca.pem"
expect_out "Тестовый УЦ МВД"
expect_rc 6 as admin portal trust "$CA/ca.pem"
step="not bound to the account"
expect_rc 3 sign good good
expect_err "не назначен владелец сертификата"
expect_rc 0 as admin portal signer ivanov 880514300123
step="a self-signed certificate"
expect_rc 3 sign anyone anyone
expect_err "не подтверждается доверенными удостоверяющими центрами"
step="no digital-signature key usage"
expect_rc 3 sign nosign nosign
expect_err "не предназначен для электронной цифровой подписи"
step="another holder's certificate"
expect_rc 3 sign petrov petrov
expect_err "не принадлежит учётной записи «ivanov» (ИИН 880514300123)"
expect_rc 0 as admin portal trusted
expect_out "ivanov: ИИН 880514300123"
expect_out "Тестовый УЦ МВД"
[ "$(q "SELECT count(*) FROM audit WHERE action IN ('eds.trust', 'eds.bind')")" = 2 ] ||
	fail "audit of trust and binding"
step="wrong passphrase"
expect_rc 3 env OKNO_KEY_PASSPHRASE_FILE="$T/wrongpass" \
	OKNO_PASSWORD_FILE="$T/pw.ivanov" "$OKNO" --db "$DB" --as ivanov portal sign 1 --cert "$CA/good.pem" --key "$CA/good.key" --outbox "$OUT"
expect_err "неверный пароль ключа"
step="no such outbox"
expect_rc 4 as ivanov portal sign 1 --cert "$CA/good.pem" --key "$CA/good.key" --outbox "$T/none"
step="usage"
expect_rc 2 as ivanov portal sign 1 --cert "$CA/good.pem" --outbox "$OUT"
[ -z "$(ls "$OUT")" ] || fail "a refused signing wrote to the outbox"
[ "$(q "SELECT state FROM cases WHERE id = 1")" = issued ] || fail "state changed"

# ---- the signed insert -----------------------------------------------------
step="sign the insert"
expect_rc 0 sign good good
expect_out "Запрос EGOV-2026-000201: зарегистрирован"
expect_out "Иванов Иван Иванович"
D=$OUT/EGOV-2026-000201
[ -f "$D.txt" ] && [ -f "$D.p7s" ] && [ -f "$D.status.json" ] || fail "outbox files"
expect_file "$D.txt" "ВКЛАДЫШ"
expect_file "$D.txt" "АХМЕДОВ РУСТАМ"
expect_file "$D.txt" "Документ подписан ЭЦП:"
expect_file "$D.txt" "Иванов Иван Иванович"
expect_file "$D.p7s" "BEGIN CMS"
expect_file "$D.status.json" '"status": "registered"'
expect_file "$D.status.json" '"request_id": "EGOV-2026-000201"'
expect_file "$D.status.json" "\"sha256\": \"$(sha256sum "$D.txt" | cut -c1-64)\""
expect_file "$D.status.json" "\"sha256\": \"$(sha256sum "$D.p7s" | cut -c1-64)\""

step="openssl cms -verify accepts"
openssl cms -verify -binary -inform PEM -in "$D.p7s" -content "$D.txt" \
	-CAfile "$CA/ca.pem" -purpose any -out /dev/null 2>"$T/err" ||
	{ cat "$T/err"; fail "the signature does not verify"; }
step="one changed byte is refused"
cp "$D.txt" "$T/changed.txt"
printf 'X' | dd of="$T/changed.txt" bs=1 seek=100 conv=notrunc 2>/dev/null
cmp -s "$D.txt" "$T/changed.txt" && fail "the byte did not change"
if openssl cms -verify -binary -inform PEM -in "$D.p7s" -content "$T/changed.txt" \
	-CAfile "$CA/ca.pem" -purpose any -out /dev/null 2>/dev/null; then
	fail "a changed document verifies"
fi
step="another CA is refused"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	-keyout "$T/x.key" -out "$T/x.pem" -days 30 -subj "/CN=Other" 2>/dev/null
if openssl cms -verify -binary -inform PEM -in "$D.p7s" -content "$D.txt" \
	-CAfile "$T/x.pem" -purpose any -out /dev/null 2>/dev/null; then
	fail "verifies against a foreign CA"
fi

step="handed out to the personal cabinet"
expect_rc 0 as ivanov case show 1
expect_out "(handed_out)"
case $(q "SELECT json_extract(data, '$.recipient') FROM case_events
	WHERE case_id = 1 AND event = 'hand-out'") in
"Личный кабинет заявителя на портале (запрос EGOV-2026-000201)") ;;
*) fail "hand-out recipient" ;;
esac
[ "$(q "SELECT status, document FROM portal_results WHERE case_id = 1")" = \
	"registered|passport-insert" ] || fail "portal_results row"
expect_rc 0 as ivanov portal list --all
expect_out "registered"
step="passphrase never stored"
if grep -qa 'ключ-инспектора-7' "$DB" "$DB-wal" 2>/dev/null; then
	fail "the passphrase is in the database"
fi
step="re-send of a handed-out result"
# The files of the first sending are still in the outbox: a re-send puts
# new files there only when told to replace them.
before=$(cat "$D.txt" "$D.p7s" "$D.status.json" | sha256sum)
expect_rc 6 sign good good
expect_err "уже существует"
[ "$(cat "$D.txt" "$D.p7s" "$D.status.json" | sha256sum)" = "$before" ] ||
	fail "a refused re-send changed the outbox"
expect_rc 0 as ivanov portal sign 1 --cert "$CA/good.pem" --key "$CA/good.key" \
	--outbox "$OUT" --force
if grep -q "результат выдан" "$T/out"; then fail "handed out twice"; fi
openssl cms -verify -binary -inform PEM -in "$D.p7s" -content "$D.txt" \
	-CAfile "$CA/ca.pem" -purpose any -out /dev/null 2>/dev/null ||
	fail "re-sent signature does not verify"

# ---- a refusal goes out the same way ---------------------------------------
step="refusal"
expect_rc 0 as ivanov case event 2 accept
expect_rc 0 as sidorova case event 2 check-hit --reason "Совпадение по спецучетам"
expect_rc 0 as nurlanov case event 2 refuse --ground no-owner-consent \
	--reason "Собственник жилья не дал согласия"
expect_rc 0 as ivanov portal sign 2 --cert "$CA/good.pem" --key "$CA/good.key" --outbox "$OUT"
expect_out "отказ"
R=$OUT/EGOV-2026-000202
expect_file "$R.status.json" '"status": "refused"'
expect_file "$R.txt" "Собственник жилья не дал согласия"
openssl cms -verify -binary -inform PEM -in "$R.p7s" -content "$R.txt" \
	-CAfile "$CA/ca.pem" -purpose any -out /dev/null 2>/dev/null ||
	fail "the refusal's signature does not verify"

# ---- killed on its way out ----------------------------------------------------
# The three files are recorded with the result and written after the
# commit. okno killed anywhere leaves either nothing, or the record with
# none, some or all of its files, each holding exactly the recorded bytes;
# the next run gives out what was recorded, as it was signed (an ECDSA
# signature made again would differ), and hands the result out once.
if [ "$ENGINE" = sqlite ]; then
	. tests/cli/kill.inc
	step="killed: set-up"
	app EGOV-2026-000203 ДАВЛЕТОВ >"$IN/r3.json"
	expect_rc 0 as ivanov portal import "$IN"
	c3=$(q "SELECT case_id FROM portal_requests WHERE request_id = 'EGOV-2026-000203'")
	take_in "$c3"
	snap
	K=$OUT/EGOV-2026-000203
	# portal_state: "OUTPUTS:STATES FILES", FILES one sign a file (.txt,
	# .p7s, .status.json): - missing, = the recorded bytes, X other.
	portal_state() {
		o=$(q "SELECT count(*) || ':' || COALESCE(min(state) || '-' || max(state), '-')
			FROM outputs WHERE kind = 'portal' AND object = 'case:$c3'")
		f=
		for x in txt p7s status.json; do
			if [ ! -e "$K.$x" ]; then
				f="$f-"
			elif [ "$(sha "$K.$x")" = "$(q "SELECT sha256 FROM outputs WHERE kind = 'portal' AND dest = '$K.$x'")" ]; then
				f="$f="
			else
				f="${f}X"
			fi
		done
		echo "$o $f"
	}
	kseen=
	for spec in sync:1 sync:2 sync:3 sync:4 sync:5 sync:6 sync:7 sync:8 \
		sync:9 sync:10 sync:11 sync:12 link:000203.txt link:000203.p7s \
		link:000203.status.json unlink:.okno-out; do
		step="portal sign killed at $spec"
		back
		rm -f "$K".* "$OUT"/.EGOV-2026-000203.*
		killed "$spec" as ivanov portal sign "$c3" --cert "$CA/good.pem" \
			--key "$CA/good.key" --outbox "$OUT" || continue
		st=$(portal_state)
		kseen="$kseen|$st"
		case "$st" in
		"0:- ---") ;;
		"3:"*" ---" | "3:"*" =--" | "3:"*" ==-" | "3:"*" ===") ;;
		*) fail "after a kill at $spec: $st (outputs, files)" ;;
		esac
		expect_rc 0 as ivanov portal sign "$c3" --cert "$CA/good.pem" \
			--key "$CA/good.key" --outbox "$OUT"
		case "$st" in "3:"*) expect_out "записанный прежде" ;; esac
		[ "$(portal_state)" = "3:delivered-delivered ===" ] ||
			fail "after the next run: $(portal_state)"
		openssl cms -verify -binary -inform PEM -in "$K.p7s" -content "$K.txt" \
			-CAfile "$CA/ca.pem" -purpose any -out /dev/null 2>/dev/null ||
			fail "the signature given out does not verify"
		expect_file "$K.status.json" "\"sha256\": \"$(sha "$K.p7s")\""
		[ "$(q "SELECT count(*) FROM portal_results WHERE case_id = $c3")" = 1 ] ||
			fail "signed twice"
		[ "$(q "SELECT count(*) FROM case_events WHERE case_id = $c3 AND event = 'hand-out'")" = 1 ] ||
			fail "handed out $(q "SELECT count(*) FROM case_events WHERE case_id = $c3 AND event = 'hand-out'") times"
		ls -a "$OUT" | grep -q '^\.EGOV-2026-000203' && fail "a temporary file left"
	done
	all_left "$kseen" "0:- ---" "3:pending-pending ---" \
		"3:delivered-pending =--"
fi

step="a paper case has no portal result"
expect_rc 0 as ivanov case new --service registration \
	--json tests/fixtures/cases/registration.json
P=$(cat "$T/out")
take_in "$P"
expect_rc 6 as ivanov portal sign "$P" --cert "$CA/good.pem" --key "$CA/good.key" --outbox "$OUT"
expect_err "не через портал"
# ---- the admin takes trust back ------------------------------------------
# A binding and a CA removed, each in one transaction with its audit
# line: the account, then the CA's certificates, sign nothing more.
step="removal: set-up"
app EGOV-2026-000204 ЕРМЕКОВ >"$IN/r4.json"
expect_rc 0 as ivanov portal import "$IN"
c4=$(q "SELECT case_id FROM portal_requests WHERE request_id = 'EGOV-2026-000204'")
take_in "$c4"
sign4() { as ivanov portal sign "$c4" --cert "$CA/good.pem" --key "$CA/good.key" --outbox "$OUT"; }
step="remove a binding; only the admin"
expect_rc 5 as ivanov portal signer --remove ivanov
expect_rc 4 as admin portal signer --remove sidorova
expect_err "не назначен владелец"
expect_rc 4 as admin portal signer --remove nobody
expect_rc 0 as admin portal signer --remove ivanov
expect_out "ivanov больше не подписывает"
[ "$(q "SELECT count(*) FROM eds_bindings")" = 0 ] || fail "binding kept"
[ "$(q "SELECT object || ' ' || detail FROM audit WHERE action = 'eds.unbind'")" = \
	"user:ivanov было: ИИН 880514300123" ] || fail "audit of the unbinding"
expect_rc 3 sign4
expect_err "не назначен владелец сертификата"
expect_rc 0 as admin portal signer ivanov 880514300123
step="remove the CA; only the admin"
expect_rc 5 as ivanov portal trust --remove "$CA/ca.pem"
expect_rc 3 as admin portal trust --remove 12ab
expect_rc 4 as admin portal trust --remove 0000000000000000
expect_rc 2 as admin portal trust --remove
expect_rc 0 as admin portal trust --remove "$CA/ca.pem"
expect_out "Тестовый УЦ МВД"
[ "$(q "SELECT count(*) FROM eds_trust")" = 0 ] || fail "CA kept"
expect_rc 3 sign4
expect_err "Нет доверенных сертификатов удостоверяющих центров"
step="remove the CA by its sha256 as trusted shows it"
expect_rc 0 as admin portal trust "$CA/ca.pem"
expect_rc 0 as admin portal trusted
sha=$(sed -n 's/.*sha256 \([0-9a-f]*\)….*/\1/p' "$T/out")
[ ${#sha} -eq 16 ] || fail "no sha256 in: $(cat "$T/out")"
expect_rc 0 as admin portal trust --remove "$sha"
expect_out "Тестовый УЦ МВД"
expect_rc 3 sign4
expect_err "Нет доверенных сертификатов удостоверяющих центров"
[ "$(q "SELECT count(*) FROM audit WHERE action = 'eds.untrust' AND object = 'eds:ca' AND detail LIKE '%Тестовый УЦ МВД%'")" = 2 ] ||
	fail "audit of the removals"
ls "$OUT" | grep -q EGOV-2026-000204 && fail "a refused signing wrote to the outbox"
step="trusted again, it signs"
expect_rc 0 as admin portal trust "$CA/ca.pem"
expect_rc 0 sign4
[ -s "$OUT/EGOV-2026-000204.p7s" ] || fail "not signed after the CA came back"
echo "sign: ok"
