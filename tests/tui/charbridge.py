#!/usr/bin/env python3
# A single-byte terminal for the tests: runs COMMAND on a pty and converts
# between the tmux pane's UTF-8 and CHARSET (koi8-r, cp1251), the way a
# KOI8-R or CP1251 terminal would show and type; luit needs font encoding
# files for CP1251 that a server has no reason to carry.
# Usage: charbridge.py CHARSET COMMAND [ARGS...]
import codecs
import os
import pty
import select
import sys

cs = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
tty_in, tty_out = sys.stdin.fileno(), sys.stdout.fileno()
try:
    import termios
    import tty
    old = termios.tcgetattr(tty_in)
    tty.setraw(tty_in)
except Exception:
    old = None
dec_in = codecs.getincrementaldecoder("utf-8")(errors="replace")
try:
    import fcntl
    import struct
    sz = fcntl.ioctl(tty_in, termios.TIOCGWINSZ, b"\0" * 8)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, sz)
except Exception:
    pass
try:
    while True:
        r, _, _ = select.select([fd, tty_in], [], [])
        if fd in r:
            try:
                b = os.read(fd, 4096)
            except OSError:
                break
            if not b:
                break
            os.write(tty_out, b.decode(cs, errors="replace").encode())
        if tty_in in r:
            b = os.read(tty_in, 4096)
            if not b:
                break
            s = dec_in.decode(b)
            os.write(fd, s.encode(cs, errors="replace"))
finally:
    if old:
        termios.tcsetattr(tty_in, termios.TCSADRAIN, old)
