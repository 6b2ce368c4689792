#!/bin/bash
# Bytes and packets on the real wire: the 4-field fill of bench/form.keys
# (the same as bench/bandwidth.sh) typed through the distribution's ssh
# client and sshd on a loopback port, with okno's kiosk (a window account
# of the installed package: login, the registration form from the menu)
# and with dialog --form (bench/dialog-peer, an ordinary account), ssh
# with and without -C. bench/wire.py relays and counts the TCP bytes, SSH
# packets and TCP segments both ways per keystroke. As root, on a machine
# without okno: the package is built (make deb), installed and purged.
# Targets: one SSH packet from the server per typed letter (the kiosk's
# output for a key in one write); the form and the fill at most half of
# dialog's bytes on the wire. The summary also gives each program's floor
# (the smallest SSH packet for every packet it took), what it sent above
# it, and the bytes with the IP/TCP headers. Not part of make check.
# Usage: bench/wire.sh
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
. tests/deb/server.inc
server_lock "$ROOT/bench/wire.sh" "$@"
server_preflight || exit 1
make --no-print-directory deb >/dev/null || { echo "wire: make deb failed" >&2; exit 1; }
DEB=$(ls "$ROOT"/build/deb/okno_*.deb | head -n 1)
W=$(mktemp -d /tmp/oknowire.XXXXXX)
OUT=$ROOT/bench/out
mkdir -p "$OUT"
chmod 755 "$W"
SSH_DIR=$W
export HOME=$W LANG=C.UTF-8 LC_ALL=C.UTF-8
trap 'server_cleanup; rm -rf "$W"' 0
trap 'exit 1' 1 2 15
mandb_off
dpkg -i "$DEB" >"$W/install.out" 2>&1 || { cat "$W/install.out"; exit 1; }
cd "$W" && office_setup oknobench-w3 && cd "$ROOT" || exit 1
window_add oknobench-pr users || exit 1
install -m 755 bench/dialog-peer "$W/dialog-peer"
sshd_start || exit 1

cipher="-c aes128-gcm@openssh.com" # packet lengths in clear: exact framing
for c in "" -C; do
	python3 bench/wire.py --label "okno ssh $c" --sshd-port "$SSH_PORT" \
		--expect "Учётная" --login ivanov:ivanov-pass1 \
		--open "menu:Приём документов: Регистрац" --keys bench/form.keys \
		--json "$OUT/wire-okno$c.json" -- \
		$(ssh_cmd oknobench-w3 RELAYPORT) $cipher $c -tt || exit 1
	python3 bench/wire.py --label "dialog ssh $c" --sshd-port "$SSH_PORT" \
		--expect ready --open Enter --keys bench/form.keys \
		--json "$OUT/wire-dialog$c.json" -- \
		$(ssh_cmd oknobench-pr RELAYPORT) $cipher $c -tt \
		"$W/dialog-peer --wait" || exit 1
done
python3 - "$OUT" <<'PY'
import json, sys
w = sys.argv[1]
# The smallest SSH packet with aes128-gcm (4 B length, one 16 B block of
# padding length, payload and padding, 16 B tag): a key going up, or an
# answer of up to 2 bytes coming down, cannot be less. Each TCP segment
# on the loopback also carries 52 B of IPv4 and TCP headers (with the
# timestamp option), pure ACKs included.
FLOOR, HDR = 36, 52
for c in ("", "-C"):
    o = json.load(open("%s/wire-okno%s.json" % (w, c)))
    d = json.load(open("%s/wire-dialog%s.json" % (w, c)))
    def both(x, k):
        return x["fill"]["down_" + k] + x["fill"]["up_" + k]
    ob, db = both(o, "bytes"), both(d, "bytes")
    print("ssh %-3s form+fill both ways: okno %6d B, dialog %6d B (%.0f%%; "
          "target <= 50%%); letters with more than one SSH packet from the "
          "server: okno %d of %d, dialog %d of %d"
          % (c or "", ob, db, 100.0 * ob / db,
             o["letters_over_one_down_packet"], o["letters"],
             d["letters_over_one_down_packet"], d["letters"]))
    for name, x in (("okno", o), ("dialog", d)):
        f = x["fill"]
        floor = FLOOR * (f["down_packets"] + f["up_packets"])
        print("    %-6s %2d+%2d SSH packets: floor %d B (%d B of it the "
              "keys going up), above it %d B; with IP/TCP headers "
              "(%d+%d segments x %d B) %d B"
              % (name, f["down_packets"], f["up_packets"], floor,
                 FLOOR * f["up_packets"], both(x, "bytes") - floor,
                 f["down_segs"], f["up_segs"], HDR,
                 both(x, "bytes") + HDR * both(x, "segs")))
    print("    okno's least possible both ways (the %d keys up, one "
          "smallest packet down for each key that changes the screen, "
          "nothing above): %d B = %.0f%% of dialog's"
          % (o["fill"]["up_packets"],
             FLOOR * (o["fill"]["up_packets"] + o["fill"]["down_packets"]),
             100.0 * FLOOR * (o["fill"]["up_packets"] +
                              o["fill"]["down_packets"]) / db))
PY
