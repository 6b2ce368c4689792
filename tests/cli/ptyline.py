#!/usr/bin/env python3
# ptyline: run a command on a pty (80 columns) and follow the line it
# redraws in place the way a terminal would (UTF-8 text, CR, BS, and the
# CSI sequences CUF, CUB, CHA and EL), for the progress tests. Prints one
# "FRAME SECONDS TEXT" each time the line being drawn shows new text, then
# "LINE TEXT" for every line left on the screen, "BYTES N" (all the bytes
# the command wrote), "SECONDS S" (from start to exit), "CPU S" (the
# command's user and system time) and "EXIT CODE".
#
# --slow R/S runs the command R ms out of every R+S ms (SIGSTOP/SIGCONT
# of its process group), as on a busy server, so that even work of a
# fraction of a second shows its progress for a few seconds.
# Usage: ptyline.py [--slow R/S] [--timeout SECONDS] -- COMMAND [ARGS...]
import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

args = sys.argv[1:]
slow = None
timeout = 120.0
while args and args[0] != "--":
    if args[0] == "--slow":
        run_ms, stop_ms = args[1].split("/")
        slow = (int(run_ms) / 1000.0, int(stop_ms) / 1000.0)
        args = args[2:]
    elif args[0] == "--timeout":
        timeout = float(args[1])
        args = args[2:]
    else:
        sys.exit("ptyline: unknown option " + args[0])
cmd = args[1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

lines = []          # finished lines
cur = []            # the line being drawn, as characters
col = 0
shown = ""
frames = []
total = 0
dec = codecs.getincrementaldecoder("utf-8")(errors="replace")
pending = ""        # an escape sequence cut by a read
csi = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])")
start = time.monotonic()


def feed(text):
    global col, cur, pending
    text = pending + text
    pending = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\x1b":
            m = csi.match(text, i)
            if not m:
                if len(text) - i < 16:
                    pending = text[i:]
                    return
                i += 1
                continue
            n = int(m.group(1) or "1") if m.group(1) != "0" else 0
            f = m.group(2)
            if f == "C":
                col += n
            elif f == "D":
                col = max(0, col - n)
            elif f == "G":
                col = max(0, n - 1)
            elif f == "K":
                del cur[col:]
            i = m.end()
            continue
        if ch == "\r":
            col = 0
        elif ch == "\n":
            lines.append("".join(cur).rstrip())
            cur = []
            col = 0
        elif ch == "\b":
            col = max(0, col - 1)
        elif ch >= " ":
            while len(cur) < col:
                cur.append(" ")
            if col < len(cur):
                cur[col] = ch
            else:
                cur.append(ch)
            col += 1
        i += 1


def note():
    global shown
    text = "".join(cur).rstrip()
    if text and text != shown:
        frames.append((time.monotonic() - start, text))
    shown = text


running = True
toggle = time.monotonic() + (slow[0] if slow else 1e9)
status = None
usage = None
while True:
    now = time.monotonic()
    if now - start > timeout:
        os.killpg(pid, signal.SIGKILL)
        os.kill(pid, signal.SIGCONT)
    if slow and now >= toggle:
        running = not running
        try:
            os.killpg(pid, signal.SIGCONT if running else signal.SIGSTOP)
        except ProcessLookupError:
            pass
        toggle = now + (slow[0] if running else slow[1])
    wait = max(0.0, min(toggle - time.monotonic(), 0.05))
    r, _, _ = select.select([fd], [], [], wait)
    if r:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b""
        if not data:
            break
        total += len(data)
        feed(dec.decode(data))
        note()
    done, st, ru = os.wait4(pid, os.WNOHANG | os.WUNTRACED)
    if done and os.WIFSTOPPED(st):
        continue
    if done:
        status, usage = st, ru
        ended = time.monotonic()
        # What is still in the pty after the exit.
        while True:
            r, _, _ = select.select([fd], [], [], 0.2)
            if not r:
                break
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            total += len(data)
            feed(dec.decode(data))
            note()
        break
if status is None:
    try:
        os.killpg(pid, signal.SIGCONT)
    except ProcessLookupError:
        pass
    _, status, usage = os.wait4(pid, 0)
    ended = time.monotonic()
if cur:
    lines.append("".join(cur).rstrip())
for t, text in frames:
    print("FRAME %.3f %s" % (t, text))
for text in lines:
    print("LINE " + text)
print("BYTES %d" % total)
print("SECONDS %.3f" % (ended - start))
print("CPU %.3f" % (usage.ru_utime + usage.ru_stime))
print("EXIT %d" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 +
                   os.WTERMSIG(status)))
