#!/bin/sh
# Build okno's Debian package with debhelper from a copy of the source
# tree (the committed and the new, unignored files), so the tree is left
# as it was, then run lintian on it: any error fails the build.
# Usage: scripts/deb.sh OUTDIR   -> OUTDIR/okno_VERSION_ARCH.deb
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:?usage: scripts/deb.sh OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
VERSION=$(dpkg-parsechangelog -l "$ROOT/debian/changelog" -S Version)
ARCH=$(dpkg-architecture -qDEB_HOST_ARCH)
SRC=$OUT/okno-$VERSION
rm -rf "$SRC" "$OUT"/okno_*
mkdir -p "$SRC"

cd "$ROOT"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		(cd "$ROOT" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		tar --null -T - -cf - | tar -xf - -C "$SRC"
else
	tar --exclude=./build --exclude=./build-asan --exclude=./build-fuzz \
		--exclude=./okno --exclude=./var -cf - . | tar -xf - -C "$SRC"
fi

cd "$SRC"
echo "DPKG-BUILDPACKAGE okno $VERSION ($OUT/build.log)"
if ! dpkg-buildpackage -b -us -uc -j2 >"$OUT/build.log" 2>&1; then
	tail -n 40 "$OUT/build.log" >&2
	echo "deb: dpkg-buildpackage failed (log: $OUT/build.log)" >&2
	exit 1
fi
DEB=$OUT/okno_${VERSION}_$ARCH.deb
[ -f "$DEB" ] || { echo "deb: $DEB was not built" >&2; exit 1; }

echo "LINTIAN $DEB"
if ! lintian --fail-on error --tag-display-limit 0 "$OUT/okno_${VERSION}_$ARCH.changes" \
	>"$OUT/lintian.log" 2>&1; then
	cat "$OUT/lintian.log" >&2
	echo "deb: lintian reports errors" >&2
	exit 1
fi
sed 's/^/    /' "$OUT/lintian.log"
rm -rf "$SRC"
echo "$DEB"
