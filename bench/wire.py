#!/usr/bin/env python3
"""Bytes and packets on the wire of an SSH session, per keystroke.

A counting TCP relay sits between the ssh client and sshd; the client runs
on a pty of 80x24 that this script owns, and the keys of a script are typed
one at a time. After each key the script waits until the link has been
quiet for the settle time, then books what crossed it, both ways: TCP
payload bytes, SSH packets (the client is made to use aes128-gcm, whose
packet length travels in clear, so the relay can frame the stream exactly)
and TCP segments (the kernel's segs_in/segs_out of the client's connection
to the relay, pure ACKs included).

usage: wire.py --label NAME --sshd-port PORT --expect TEXT [--open KEYS]
               --keys FILE [--settle MS] -- ssh ARGS...
Keys files: "text STR" (one key per character), "key NAME..." (Down Up
Tab Enter Esc F2 ...), "mark LABEL", "# comment". --open is typed after
--expect shows (and after login with --login USER:PASSWORD); the step it
makes is the form's first paint. Prints one line per step, then JSON.
"""
import argparse
import json
import os
import pty
import re
import select
import socket
import struct
import sys
import termios
import fcntl
import threading
import time

KEYS = {
    "Up": (b"\x1b[A", b"\x1bOA"), "Down": (b"\x1b[B", b"\x1bOB"),
    "Right": (b"\x1b[C", b"\x1bOC"), "Left": (b"\x1b[D", b"\x1bOD"),
    "Tab": (b"\t", None), "Enter": (b"\r", None), "Esc": (b"\x1b", None),
    "BSpace": (b"\x7f", None),
    "F1": (b"\x1bOP", None), "F2": (b"\x1bOQ", None),
    "F3": (b"\x1bOR", None), "F4": (b"\x1bOS", None),
}
GCM_TAG = 16
MSG_NEWKEYS = 21


class Direction:
    """One way of the relayed stream: bytes, reads, and SSH framing."""

    def __init__(self):
        self.bytes = 0
        self.reads = 0
        self.packets = 0
        self.buf = b""
        self.ident = False   # past the "SSH-2.0-..." line
        self.encrypted = False

    def feed(self, data):
        self.bytes += len(data)
        self.reads += 1
        self.buf += data
        while True:
            if not self.ident:
                i = self.buf.find(b"\r\n")
                if i < 0:
                    return
                line, self.buf = self.buf[:i], self.buf[i + 2:]
                if line.startswith(b"SSH-"):
                    self.ident = True
                continue
            if len(self.buf) < 4:
                return
            n = struct.unpack(">I", self.buf[:4])[0]
            total = 4 + n + (GCM_TAG if self.encrypted else 0)
            if len(self.buf) < total:
                return
            if not self.encrypted and n >= 2 and self.buf[5] == MSG_NEWKEYS:
                self.encrypted = True  # the packets after it carry a tag
            self.packets += 1
            self.buf = self.buf[total:]


def tcp_segments(sock):
    """(segs_in, segs_out) of a TCP socket (struct tcp_info, Linux)."""
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256)
    if len(info) < 144:
        return (0, 0)
    segs_out, segs_in = struct.unpack_from("<II", info, 136)
    return (segs_in, segs_out)


class Relay(threading.Thread):
    def __init__(self, target_port):
        super().__init__(daemon=True)
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.up = Direction()    # client -> server
        self.down = Direction()  # server -> client
        self.lock = threading.Lock()
        self.last = time.monotonic()
        self.client = None
        self.closed = threading.Event()

    def run(self):
        client, _ = self.listener.accept()
        server = socket.create_connection(self.target)
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.client = client
        peer = {client: (server, self.up), server: (client, self.down)}
        try:
            while True:
                ready, _, _ = select.select([client, server], [], [])
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    other, d = peer[s]
                    with self.lock:
                        d.feed(data)
                        self.last = time.monotonic()
                    other.sendall(data)
        except OSError:
            return
        finally:
            self.closed.set()
            for s in (client, server):
                s.close()

    def snapshot(self):
        with self.lock:
            segs = (tcp_segments(self.client) if self.client and
                    not self.closed.is_set() else (0, 0))
            return {"up_bytes": self.up.bytes, "down_bytes": self.down.bytes,
                    "up_packets": self.up.packets,
                    "down_packets": self.down.packets,
                    "up_reads": self.up.reads, "down_reads": self.down.reads,
                    "up_segs": segs[0], "down_segs": segs[1]}

    def quiet_for(self):
        with self.lock:
            return time.monotonic() - self.last


class Session:
    def __init__(self, argv, relay):
        self.relay = relay
        self.out = b""
        self.app_keys = False
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ,
                        struct.pack("HHHH", 24, 80, 0, 0))
            os.environ["TERM"] = "xterm"
            os.environ.setdefault("LANG", "C.UTF-8")
            os.execvp(argv[0], argv)
        self.lock = threading.Lock()
        threading.Thread(target=self.reader, daemon=True).start()

    def reader(self):
        while True:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.out += data
                # Cursor keys follow the last DECCKM switch (a chunk may
                # hold both: ncurses leaves and re-enters keypad mode).
                on, off = data.rfind(b"\x1b[?1h"), data.rfind(b"\x1b[?1l")
                if on > off:
                    self.app_keys = True
                elif off > on:
                    self.app_keys = False

    def text(self):
        with self.lock:
            return self.out.decode("utf-8", "replace")

    def wait_text(self, pattern, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if re.search(pattern, self.text()):
                return True
            time.sleep(0.02)
        sys.exit("wire.py: timed out waiting for %r; output so far:\n%s"
                 % (pattern, self.text()[-2000:]))

    def send(self, data):
        os.write(self.fd, data)

    def key(self, name):
        normal, app = KEYS[name]
        return app if self.app_keys and app else normal


def settle(relay, ms, cap=3.0):
    start = time.monotonic()
    time.sleep(ms / 1000.0)
    while relay.quiet_for() < ms / 1000.0 and time.monotonic() - start < cap:
        time.sleep(0.01)


def delta(a, b):
    return {k: b[k] - a[k] for k in a}


def script_steps(path):
    """(label, kind, name) for every keystroke of a keys file."""
    mark = ""
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "mark":
            mark = rest
        elif word == "text":
            for ch in rest:
                yield (mark, "letter", ch)
        elif word == "key":
            for k in rest.split():
                yield (mark, "key", k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--sshd-port", type=int, required=True)
    ap.add_argument("--expect", required=True)
    ap.add_argument("--login", default="")
    ap.add_argument("--open", default="Enter")
    ap.add_argument("--keys", required=True)
    ap.add_argument("--settle", type=int, default=300)
    ap.add_argument("--json", default="")
    ap.add_argument("ssh", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    argv = a.ssh[1:] if a.ssh and a.ssh[0] == "--" else a.ssh
    relay = Relay(a.sshd_port)
    relay.start()
    argv = [w.replace("RELAYPORT", str(relay.port)) for w in argv]
    s = Session(argv, relay)
    s.wait_text(a.expect)
    settle(relay, a.settle)
    connect = relay.snapshot()
    if a.login:
        user, password = a.login.split(":", 1)
        for ch in user:
            s.send(ch.encode())
        s.send(s.key("Tab"))
        for ch in password:
            s.send(ch.encode())
        s.send(s.key("Enter"))
        s.wait_text("Главное")
        settle(relay, a.settle)
    steps = []
    # The form's first paint: the key that opens it. A digit opens the
    # menu's item with that number; found on the screen when "menu:TEXT".
    before = relay.snapshot()
    if a.open.startswith("menu:"):
        m = re.search(r"(\d)\. *(?:\x1b\[\d*C)?" + re.escape(a.open[5:]),
                      s.text())
        if not m:
            sys.exit("wire.py: no menu item %r" % a.open[5:])
        s.send(m.group(1).encode())
    else:
        s.send(s.key(a.open))
    settle(relay, a.settle)
    after = relay.snapshot()
    steps.append({"mark": "open", "kind": "open", "name": a.open,
                  **delta(before, after)})
    for mark, kind, name in script_steps(a.keys):
        before = relay.snapshot()
        s.send(name.encode() if kind == "letter" else s.key(name))
        settle(relay, a.settle)
        after = relay.snapshot()
        steps.append({"mark": mark, "kind": kind, "name": name,
                      **delta(before, after)})
    os.kill(s.pid, 15)
    os.waitpid(s.pid, 0)

    def med(v):
        v = sorted(v)
        return v[(len(v) - 1) // 2] if v else 0

    letters = [x for x in steps if x["kind"] == "letter"]
    fill = {k: sum(x[k] for x in steps) for k in steps[0]
            if k not in ("mark", "kind", "name")}
    result = {
        "label": a.label,
        "connect_and_login": connect,
        "open": steps[0],
        "letters": len(letters),
        "letter_median": {k: med([x[k] for x in letters]) for k in fill},
        "letter_max": {k: max(x[k] for x in letters) for k in fill},
        "letters_over_one_down_packet": sum(1 for x in letters
                                            if x["down_packets"] > 1),
        "fill": fill,
        "steps": steps,
    }
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    lm, lx = result["letter_median"], result["letter_max"]
    print("%-16s letter: %3d B down + %3d B up, %d+%d SSH packets "
          "(max %d down), %d+%d TCP segments | form+fill %6d B down + "
          "%5d B up, %4d+%d SSH packets, %4d+%d TCP segments"
          % (a.label, lm["down_bytes"], lm["up_bytes"], lm["down_packets"],
             lm["up_packets"], lx["down_packets"], lm["down_segs"],
             lm["up_segs"], fill["down_bytes"], fill["up_bytes"],
             fill["down_packets"], fill["up_packets"], fill["down_segs"],
             fill["up_segs"]))


if __name__ == "__main__":
    main()
