#!/usr/bin/env python3
"""okno's messages stay greppable: a Russian or Kazakh text that is one
line on the screen is one string literal on one source line, so searching
the tree for what the screen says finds it.

    scripts/messages.py check [FILE...]   one line per message split across
                                          source lines; exit 1 when any
    scripts/messages.py join [FILE...]    join them in place

Without FILE: every C file git tracks. A message is a run of adjacent
string literals (only blanks and line breaks between them) with a Cyrillic
letter in it and no line break ("\\n") before its end. Texts of several
lines (help pages, form files in tests) and SQL statements may be laid out
over several source lines.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CYRILLIC = re.compile('[\u0400-\u04ff]')
# SQL (and the shell commands that run it) is laid out by clause, not a
# message: its Cyrillic values stay where they are.
SQL = re.compile(r'(INSERT|UPDATE|SELECT|DELETE|WITH|CREATE) |sqlite3 ')


def literals(src):
    """Yield (start, end, body) for every string literal of C source src
    (offsets of the opening and past the closing quote; body as written,
    escapes kept), skipping comments and character constants."""
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith('//', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2)
            i = n if j < 0 else j + 2
        elif c == "'" or c == '"':
            j = i + 1
            while j < n and src[j] != c and src[j] != '\n':
                j += 2 if src[j] == '\\' else 1
            if c == '"':
                yield i, j + 1, src[i + 1:j]
            i = j + 1
        elif c == '#' and (i == 0 or src[i - 1] == '\n'):
            # #include <...> and other directives hold no messages
            # worth joining, but a directive's own literals are fine.
            j = src.find('\n', i)
            while j > 0 and src[j - 1] == '\\':
                j = src.find('\n', j + 1)
            i = n if j < 0 else j
        else:
            i += 1


def groups(src):
    """Runs of adjacent literals (only whitespace between them)."""
    run = []
    for lit in literals(src):
        if run and src[run[-1][1]:lit[0]].strip() == '':
            run.append(lit)
        else:
            if run:
                yield run
            run = [lit]
    if run:
        yield run


def split_messages(src):
    """The runs that are one-line messages spread over several lines."""
    for run in groups(src):
        if len(run) < 2:
            continue
        text = ''.join(body for _, _, body in run)
        if not CYRILLIC.search(text) or SQL.match(text):
            continue
        if '\\n' in (text[:-2] if text.endswith('\\n') else text):
            continue
        if '\n' not in src[run[0][0]:run[-1][1]]:
            continue
        yield run


def joinable(run):
    """Joining would not change the string: no hex or octal escape runs
    into the next piece's first character."""
    for (_, _, a), (_, _, b) in zip(run, run[1:]):
        if re.search(r'\\(x[0-9a-fA-F]*|[0-7]{1,2})$', a) and \
           b[:1] and b[0] in '0123456789abcdefABCDEF':
            return False
    return True


def c_files(args):
    if args:
        return args
    out = subprocess.check_output(['git', 'ls-files', '*.c', '*.h'],
                                  cwd=ROOT, text=True)
    return [os.path.join(ROOT, f) for f in out.split()]


def line_of(src, off):
    return src.count('\n', 0, off) + 1


def main(argv):
    if len(argv) < 2 or argv[1] not in ('check', 'join'):
        sys.stderr.write(__doc__)
        return 2
    bad = 0
    for path in c_files(argv[2:]):
        with open(path, encoding='utf-8') as f:
            src = f.read()
        runs = list(split_messages(src))
        name = os.path.relpath(path, ROOT)
        if argv[1] == 'check':
            for run in runs:
                bad += 1
                body = ''.join(b for _, _, b in run)
                print(f'{name}:{line_of(src, run[0][0])}: message split '
                      f'across lines: "{body[:60]}"')
            continue
        out, at = [], 0
        for run in runs:
            if not joinable(run):
                bad += 1
                print(f'{name}:{line_of(src, run[0][0])}: left split '
                      f'(an escape runs into the next piece)')
                continue
            out.append(src[at:run[0][0]])
            out.append('"' + ''.join(b for _, _, b in run) + '"')
            at = run[-1][1]
        out.append(src[at:])
        new = ''.join(out)
        if new != src:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(new)
    if bad and argv[1] == 'check':
        print(f'{bad} message(s) split across source lines: join each '
              f'into one literal (scripts/messages.py join)',
              file=sys.stderr)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
