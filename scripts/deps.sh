#!/bin/sh
# Install the Debian packages okno needs to build, test and run.
# As root: installs what is missing. Otherwise: prints the one apt-get line.
# Usage: scripts/deps.sh [build|package|bench]
# package: what make deb and the package test need (debhelper, lintian,
# the distribution's sshd and ssh client, xauth for sshd's X11 forwarding
# that the test checks is refused to windows, systemd for systemd-analyze
# verify of the units; installing it does not make it PID 1); make check
# installs these too.
set -eu

PKGS="make gcc pkg-config libncurses-dev ncurses-term libsqlite3-dev sqlite3
libpq-dev postgresql-15 libjansson-dev libssl-dev openssl libcrypt-dev
libcmocka-dev libutf8proc-dev tmux gettext locales tzdata clang
libclang-rt-14-dev valgrind python3"
PACKAGE="debhelper dpkg-dev lintian openssh-server openssh-client xauth systemd"
case ${1:-build} in
package) PKGS="$PKGS $PACKAGE" ;;
bench) PKGS="$PKGS $PACKAGE dialog" ;;
esac

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "okno needs these Debian packages; as root run:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# Installing a daemon (openssh-server) must not start it: the package test
# runs its own sshd on a loopback port. A policy-rc.d of the machine's own
# is left as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' 0
fi
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
