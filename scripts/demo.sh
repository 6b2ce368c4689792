#!/bin/sh
# make run: create the demo office database on first start, then start the
# kiosk on it. A second run reuses the database.
set -eu
cd "$(dirname "$0")/.."
DB=${OKNO_DB:-var/okno.db}
OKNO=./okno
export OKNO_FORMS="${OKNO_FORMS:-$(pwd)/forms}"

pw() { tr -dc 'A-HJ-NP-Za-km-z2-9' </dev/urandom | head -c 12; }

if [ ! -f "$DB" ]; then
	umask 077
	mkdir -p "$(dirname "$DB")"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pw >"$tmp/boot"
	pw >"$tmp/admin"
	OKNO_PASSWORD_FILE="$tmp/boot" $OKNO --db "$DB" init --training --office ALM-MED \
		--name "Отдел миграционной полиции Медеуского РУВД г. Алматы" \
		--address "г. Алматы, ул. Пушкина, 55" \
		--region "УМП ДВД г. Алматы" --admin-name "Касымов Ерлан Маратович" \
		>/dev/null
	# The bootstrap password is replaced at once so the demo accounts can
	# be created; the admin gets a first-login password like everyone.
	OKNO_PASSWORD_FILE="$tmp/boot" OKNO_NEW_PASSWORD_FILE="$tmp/admin" \
		$OKNO --db "$DB" --as admin passwd >/dev/null
	add() { # login role name position [--region CODE]
		pw >"$tmp/$1"
		_u=$1 _r=$2 _n=$3 _p=$4
		shift 4
		OKNO_PASSWORD_FILE="$tmp/admin" OKNO_NEW_PASSWORD_FILE="$tmp/$_u" \
			$OKNO --db "$DB" --as admin user add "$_u" --role "$_r" \
			--name "$_n" --position "$_p" "$@" >/dev/null
	}
	add ivanov inspector "Иванова Айгуль Сериковна" \
		"старший инспектор миграционной полиции"
	add nurlanov inspector "Нурланов Данияр Болатович" \
		"инспектор миграционной полиции"
	add chief chief "Ахметов Серик Кайратович" \
		"начальник отдела миграционной полиции"
	add records records "Жумабаева Динара Асхатовна" \
		"инспектор по специальным учетам УМП ДВД"
	add operator operator "Ким Ольга Викторовна" "оператор журнала"
	add auditor auditor "Бекова Алия Тимуровна" "аудитор"
	# The head of the regional unit signs passes and invitations: an
	# account of the region, not of the office.
	region=$(OKNO_PASSWORD_FILE="$tmp/admin" $OKNO --db "$DB" --as admin \
		region list | awk 'NR == 1 { print $1 }')
	add head region_head "Нурпеисов Асхат Каиржанович" \
		"начальник УМП ДВД г. Алматы" --region "$region"
	OKNO_PASSWORD_FILE="$tmp/admin" $OKNO --db "$DB" --as admin \
		window set 1 ivanov
	OKNO_PASSWORD_FILE="$tmp/admin" $OKNO --db "$DB" --as admin \
		window set 2 nurlanov
	pw >"$tmp/admin.first"
	OKNO_PASSWORD_FILE="$tmp/admin" OKNO_NEW_PASSWORD_FILE="$tmp/admin.first" \
		$OKNO --db "$DB" --as admin user reset admin
	cp "$tmp/admin.first" "$tmp/admin"
	echo "Demo office database created: $DB"
	echo "First-login passwords (shown once; each must be changed at first login):"
	for u in admin ivanov nurlanov chief records operator auditor head; do
		printf '  %-10s %s\n' "$u" "$(cat "$tmp/$u")"
	done
	echo "Press Enter to start the kiosk."
	read -r _ </dev/tty || true
fi
exec $OKNO --db "$DB" --kiosk
