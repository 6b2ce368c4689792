#!/usr/bin/env python3
"""okno's interface languages: the gettext template, the catalogues and
the checks of the Kazakh texts.

    scripts/lang.py pot     re-extract po/okno.pot from tui/*.c, core/*.c
                            and po/extra-msgids.c (rewritten only when a
                            message changed) and merge it into po/*.po
    scripts/lang.py check   the language checks of `make check`; one line
                            per problem, exit 1 when there is any

The checks:
  - po/okno.pot is current: re-extracting changes nothing;
  - po/kk.po and po/ru.po are merged with it (msgmerge changes nothing);
  - msgfmt --check --check-format passes for both;
  - every message of the template has a Kazakh text (none empty, none
    fuzzy), every function-key label of the kiosk is a message of the
    template, every function-key bar fits 80 columns in Russian and in
    Kazakh, and every text po/extra-msgids.c lists is still in the code;
  - column heads (messages laid out in columns) keep the columns of the
    Russian text;
  - po/GLOSSARY.md: wherever a Russian text contains a term of the
    glossary, its Kazakh text uses the glossary's rendering. The pairs
    checked: po/kk.po, the .ru/.kk attributes and choices of
    forms/*.form, the names of forms/lists/*.list, and the Russian/Kazakh
    fields of core/catalog.c and core/country.c. A glossary row that matches no text is an error too.
"""
import difflib
import glob
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POT = 'po/okno.pot'
LANGS = ('kk', 'ru')
GLOSSARY = 'po/GLOSSARY.md'
COLS = 80

problems = []


def problem(where, text):
    problems.append('%s: %s' % (where, text))


def short(text):
    """A message on one line of a report."""
    text = text.replace('\n', '\\n')
    return text if len(text) <= 90 else text[:89] + '…'


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          encoding='utf-8', **kw)


def read(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as f:
        return f.read()


def write(path, text):
    with open(os.path.join(ROOT, path), 'w', encoding='utf-8') as f:
        f.write(text)


def sources():
    return (sorted(glob.glob('tui/*.c', root_dir=ROOT)) +
            sorted(glob.glob('core/*.c', root_dir=ROOT)) +
            ['po/extra-msgids.c'])


# The kiosk's _() and N_(); core's messages: the format of err_set and
# errlist_add (translated in core/status.c), of why_add (the reasons of a
# match of special records, core/records.c) and what core/i18n.h
# translates.
KEYWORDS = ['_', 'N_', 'err_set:4', 'errlist_add:4', 'i18n_text',
            'i18n_screen', 'why_add:2']
FORMATS = ['err_set:4:c-format', 'errlist_add:4:c-format',
           'i18n_text:1:pass-c-format', 'i18n_screen:1:pass-c-format',
           'why_add:2:c-format']


def letters(block):
    """A template entry (its lines) to keep: core's "%s: %s", with no
    letter to translate, stays out."""
    if any(l.startswith('#:') and ('tui/' in l or 'po/' in l)
           for l in block):
        return True
    text = ''.join(unquote(l[l.index('"') + 1:-1]) for l in block
                   if l.startswith(('msgid ', '"')) and '"' in l)
    words = re.sub(r'%[-+ #0-9.*]*[hljztLq]*[a-zA-Z%]', '', text)
    return any(c.isalpha() for c in words) or not text


def extract():
    """The template as xgettext makes it now, with okno's header."""
    r = run(['xgettext', '--from-code=UTF-8'] +
            ['-k' + k for k in KEYWORDS] +
            ['--flag=' + f for f in FORMATS] +
            ['--add-location=file', '--package-name=okno',
             '--copyright-holder=okno developers',
             '--msgid-bugs-address=', '-o', '-'] + sources())
    if r.returncode != 0:
        sys.exit('xgettext failed:\n' + r.stderr)
    blocks = [b for b in r.stdout.split('\n\n')
              if letters([l for l in b.splitlines()
                          if not l.startswith('msgstr')])]
    r.stdout = '\n\n'.join(blocks)
    head = {
        '# SOME DESCRIPTIVE TITLE.':
            '# okno: interface texts (msgids are the Russian texts).',
        '# Copyright (C) YEAR okno developers':
            '# Copyright (C) 2026 okno developers',
        '# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.':
            '# Generated from tui/*.c, core/*.c and po/extra-msgids.c by '
            '`make pot`.',
    }
    return ''.join(head.get(l.rstrip('\n'), l.rstrip('\n')) + '\n'
                   for l in r.stdout.splitlines(True))


def strip(text):
    """The lines but the creation date, which every extraction changes."""
    return [l for l in text.splitlines() if 'POT-Creation-Date:' not in l]


def same(a, b):
    return strip(a) == strip(b)


def diff(a, b, name):
    d = list(difflib.unified_diff(strip(a), strip(b), name, name + ' (now)',
                                  lineterm='', n=0))
    return '\n'.join(d[2:14])


def merged(lang):
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, lang + '.po')
        r = run(['msgmerge', '--quiet', '--add-location=file', '-o', out,
                 'po/%s.po' % lang, POT])
        if r.returncode != 0:
            sys.exit('msgmerge failed:\n' + r.stderr)
        with open(out, encoding='utf-8') as f:
            return f.read()


def cmd_pot():
    new = extract()
    if not same(new, read(POT)):
        write(POT, new)
        print('po/okno.pot: updated')
    for lang in LANGS:
        path = 'po/%s.po' % lang
        text = merged(lang)
        if not same(text, read(path)):
            write(path, text)
            print('%s: merged; translate what is new or fuzzy' % path)


# ---- reading the catalogues --------------------------------------------

def unquote(s):
    out, i = [], 0
    esc = {'n': '\n', 't': '\t', '"': '"', '\\': '\\', 'a': '\a',
           'r': '\r'}
    while i < len(s):
        c = s[i]
        if c == '\\' and i + 1 < len(s):
            out.append(esc.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def read_po(path):
    """The active entries of a .po file: dicts with line, msgid, msgstr,
    flags."""
    entries, cur, field = [], None, None
    for n, line in enumerate(read(path).splitlines(), 1):
        if line.startswith('#~'):
            continue
        if not line.strip():
            cur = None
            continue
        if cur is None:
            cur = {'line': n, 'msgid': '', 'msgstr': '', 'flags': set()}
            entries.append(cur)
        if line.startswith('#,'):
            cur['flags'] |= {f.strip() for f in line[2:].split(',')}
        elif line.startswith('#'):
            continue
        elif line.startswith('msgid '):
            field = 'msgid'
            cur['line'] = n
            cur[field] = unquote(line[7:-1])
        elif line.startswith('msgstr '):
            field = 'msgstr'
            cur[field] = unquote(line[8:-1])
        elif line.startswith('"'):
            cur[field] += unquote(line[1:-1])
        else:
            field = None   # msgctxt, msgid_plural, msgstr[n]: not used
    return [e for e in entries if e['msgid']]


def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c):
            continue
        w += 2 if unicodedata.east_asian_width(c) in 'WF' else 1
    return w


# ---- the kiosk's function keys -------------------------------------------

def fkey_bars(msgids, kk):
    """Every function-key label is a message, and every bar fits COLS.
    A bar as tui/w_status.c draws it: F1 «Помощь» first, then each key as
    its number and label and a space; on a terminal without function
    keys the bar starts "Esc+" and F10 is numbered 0. The bars measured:
    each static key array of a file, and the keys a file puts together
    on the fly, each with the file's single keys (intake's F9, F10)."""
    aliases = {m.group(1): int(m.group(2)) for m in re.finditer(
        r'#define\s+(ACT_\w+)\s+ACT_F(\d+)\b', read('tui/tui.h'))}

    def number(act):
        m = re.fullmatch(r'ACT_F(\d+)', act)
        return int(m.group(1)) if m else aliases.get(act)

    key = (r'\{\s*(ACT_\w+)\s*,\s*(?:N_\(\s*)?"((?:[^"\\]|\\.)*)"\s*\)?'
           r'\s*\}')
    decl = re.compile(r'struct\s+fkey\s+(\w+)\s*(\[\s*\])?\s*=\s*'
                      r'(\{(?:[^{};]|\{[^{}]*\})*\})\s*;')
    for path in sorted(glob.glob('tui/*.c', root_dir=ROOT)):
        text = read(path)
        bars, single, spans = [], [], []
        for m in decl.finditer(text):
            spans.append(m.span())
            keys = [(m.start(), number(a), unquote(l)) for a, l in
                    re.findall(key, m.group(3) if m.group(2)
                               else '{' + m.group(3) + '}')]
            (bars.append((m.group(1), keys)) if m.group(2)
             else single.extend(keys))
        built = [(m.start(), number(m.group(1)), unquote(m.group(2)))
                 for m in re.finditer(r'\(struct\s+fkey\)\s*' + key, text)]
        if built:
            bars.append(('the bar put together at line %d' %
                         (text.count('\n', 0, built[0][0]) + 1), built))
        for pos, n, label in [k for _, ks in bars for k in ks] + single:
            where = '%s:%d' % (path, text.count('\n', 0, pos) + 1)
            if n is None:
                problem(where, 'function key «%s»: unknown action' % label)
            elif label not in msgids:
                problem(where, 'function-key label «%s» is not in %s'
                        % (label, POT))
        for name, keys in bars:
            bar, seen = [(1, 'Помощь')], {1}
            for _, n, label in keys + single:
                if n is not None and n not in seen:
                    seen.add(n)
                    bar.append((n, label))
            bar.sort()
            for lang, tr in (('ru', {}), ('kk', kk)):
                for esc in (0, 1):
                    x = 4 * esc
                    for n, label in bar:
                        shown = tr.get(label) or label
                        nw = 1 if esc and n == 10 else len(str(n))
                        lw = width(shown)
                        if x + nw + lw > COLS:
                            problem(path, '%s: the function-key bar is '
                                    'wider than %d columns in %s%s from '
                                    '«%s» on' % (name, COLS, lang,
                                                 ' (Esc+digit)' if esc
                                                 else '', shown))
                            break
                        x += nw + lw + 1


def extra_msgids(template):
    """po/extra-msgids.c lists texts the kiosk translates from tables;
    each must still be a literal somewhere in tui/ or core/."""
    text = read('po/extra-msgids.c')
    code = {t[1] for p in sorted(glob.glob('tui/*.[ch]', root_dir=ROOT) +
                                 glob.glob('core/*.[ch]', root_dir=ROOT))
            for t in c_tokens(p) if t[0] == 'S'}
    for m in re.finditer(r'N_\("((?:[^"\\]|\\.)*)"\)', text):
        if unquote(m.group(1)) not in code:
            problem('po/extra-msgids.c:%d' % (text.count('\n', 0,
                                                          m.start()) + 1),
                    '«%s» is no longer in tui/ or core/: drop it, then '
                    'make pot' % unquote(m.group(1)))


# ---- column heads ---------------------------------------------------------

def tabular(s):
    """A message laid out in columns: two or more gaps of two spaces, or
    an indent and such a gap; printf widths make columns of their own, so
    those are left out."""
    if re.search(r'%-?\d', s):
        return False
    body = s.lstrip(' ')
    gaps = len(re.findall(r'\S {2,}(?=\S)', body))
    return gaps >= 2 or (len(s) - len(body) >= 2 and gaps >= 1)


def tokens(s):
    out, col = [], 0
    for m in re.finditer(r'\S+|\s+', s):
        w = width(m.group())
        if not m.group().isspace():
            out.append((col, col + w))
        col += w
    return out


def columns(entries):
    for e in entries:
        if not tabular(e['msgid']) or not e['msgstr']:
            continue
        ru, kk = tokens(e['msgid']), tokens(e['msgstr'])
        starts = {a for a, _ in kk}
        ends = {b for _, b in kk}
        if {a for a, _ in ru} <= starts or {b for _, b in ru} <= ends:
            continue
        problem('po/kk.po:%d' % e['line'],
                'column heads «%s» do not keep the columns of «%s» (each '
                'head starts, or each ends, where the Russian one does)'
                % (e['msgstr'], e['msgid']))


# ---- glossary ---------------------------------------------------------------

def cells(row):
    parts, cur, i = [], '', 0
    while i < len(row):
        if row[i] == '\\' and i + 1 < len(row) and row[i + 1] == '|':
            cur += '|'
            i += 2
            continue
        if row[i] == '|':
            parts.append(cur.strip())
            cur = ''
        else:
            cur += row[i]
        i += 1
    parts.append(cur.strip())
    return parts[1:-1]


def read_glossary():
    rows = []
    for n, line in enumerate(read(GLOSSARY).splitlines(), 1):
        if not line.startswith('|'):
            continue
        c = cells(line)
        if len(c) < 5 or not c[2].startswith('`'):
            continue
        try:
            ru = re.compile(c[2].strip('`'), re.I)
            kk = re.compile(c[3].strip('`'), re.I)
        except re.error as err:
            problem('%s:%d' % (GLOSSARY, n), 'bad pattern: %s' % err)
            continue
        rows.append({'line': n, 'ru': c[0], 'kk': c[1], 'ru_re': ru,
                     'kk_re': kk, 'used': 0})
    if not rows:
        problem(GLOSSARY, 'no terms found')
    return rows


def list_pairs():
    """CODE | Russian | Kazakh | ... lines of forms/lists/*.list."""
    for path in sorted(glob.glob('forms/lists/*.list', root_dir=ROOT)):
        for n, line in enumerate(read(path).splitlines(), 1):
            cols = [c.strip() for c in line.split('|')]
            if line.lstrip().startswith('#') or len(cols) < 3:
                continue
            yield ('%s:%d' % (path, n), cols[1], cols[2])


def form_pairs():
    for path in sorted(glob.glob('forms/*.form', root_dir=ROOT)):
        block = {}
        for n, line in enumerate(read(path).splitlines(), 1):
            words = line.strip().split(None, 1)
            if not words or words[0].startswith('#'):
                continue
            key, value = words[0], words[1] if len(words) > 1 else ''
            if key in ('form', 'columns', 'section', 'field', 'column',
                       'check'):
                block = {}
            elif key.endswith('.ru'):
                block[key[:-3]] = (n, value)
            elif key.endswith('.kk') and key[:-3] in block:
                yield ('%s:%d' % (path, n), block[key[:-3]][1], value)
            elif key == 'choice' and '|' in value:
                ru, kk = value.split('|', 1)
                ru = ru.strip().split(None, 1)
                yield ('%s:%d' % (path, n), ru[1] if len(ru) > 1 else '',
                       kk.strip())


C_SOURCES = (('core/catalog.c', 'core/catalog.h'),
             ('core/country.c', 'core/country.h'))


def c_tokens(path):
    """The tokens of a C file as (kind, text, line): 'S' a string literal
    (adjacent ones joined), 'NL' the end of a logical line, 'T' the
    rest; comments dropped."""
    text = read(path)
    tok = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|'
                     r"'(?:[^'\\\n]|\\.)*'|\\\n|\n|[ \t\r\f\v]+|"
                     r'[A-Za-z_]\w*|\d\w*|.', re.S)
    out, line, prev = [], 1, None
    for m in tok.finditer(text):
        t = m.group()
        nl = t.count('\n')
        if t == '\n':
            out.append(['NL', t, line])
        elif t.startswith('"'):
            if prev and prev[0] == 'S':     # "abc" "def" is "abcdef"
                prev[1] += unquote(t[1:-1])
            else:
                prev = ['S', unquote(t[1:-1]), line]
                out.append(prev)
        elif not (t.startswith('/*') or t.startswith('//') or
                  t.isspace() or t == '\\\n'):
            prev = ['T', t, line]
            out.append(prev)
        line += nl
    return [tuple(t) for t in out]


def c_struct_fields(header):
    """struct NAME -> its field names in order, from a header."""
    fields = {}
    for m in re.finditer(r'struct\s+(\w+)\s*\{([^{}]*)\}\s*;',
                         re.sub(r'/\*.*?\*/', '', read(header), flags=re.S)):
        names = []
        for decl in m.group(2).split(';'):
            decl = re.sub(r'\[[^]]*\]', '', decl)
            for part in decl.split(','):
                w = re.findall(r'\w+', part)
                if w:
                    names.append(w[-1])
        fields[m.group(1)] = names
    return fields


def c_groups(tokens, i):
    """Parse the brace group opening at tokens[i]: a list of elements,
    each a list of tokens or a nested group; and the index after it."""
    elems, cur = [], []
    i += 1
    while i < len(tokens):
        t = tokens[i]
        if t[1] == '{' and t[0] == 'T':
            g, i = c_groups(tokens, i)
            cur.append(g)
            continue
        if t[0] == 'T' and t[1] == '}':
            if cur:
                elems.append(cur)
            return elems, i + 1
        if t[0] == 'T' and t[1] == ',':
            elems.append(cur)
            cur = []
        else:
            cur.append(t)
        i += 1
    return elems, i


def c_pairs():
    """(where, Russian, Kazakh) for each xx_ru/xx_kk (or ru/kk) pair of
    fields given by the static struct arrays of the C sources."""
    for path, header in C_SOURCES:
        fields = c_struct_fields(header)
        raw = c_tokens(path)
        # Object-like macros (a list of initializers), expanded once.
        macros, toks, i = {}, [], 0
        while i < len(raw):
            t = raw[i]
            if t[:2] == ('T', '#') and i + 2 < len(raw) and \
                    raw[i + 1][1] == 'define' and raw[i + 2][0] == 'T':
                j = i + 3
                body = []
                while j < len(raw) and raw[j][0] != 'NL':
                    body.append(raw[j])
                    j += 1
                if not (body and body[0][1] == '('):
                    macros[raw[i + 2][1]] = body
                i = j
                continue
            if t[0] != 'NL':
                toks.extend(macros.get(t[1], [t]) if t[0] == 'T' else [t])
            i += 1
        for i in range(len(toks) - 5):
            if not (toks[i][1] == 'struct' and toks[i + 1][1] in fields and
                    toks[i + 3][1] == '[' and toks[i + 4][1] == ']'):
                continue
            names = fields[toks[i + 1][1]]
            j = i + 5
            while j < len(toks) and toks[j][1] != '{':
                j += 1
            rows, _ = c_groups(toks, j)
            for row in rows:
                if len(row) != 1 or not isinstance(row[0], list):
                    continue    # groups are lists, tokens tuples
                vals = {}
                for name, elem in zip(names, row[0]):
                    if len(elem) == 1 and not isinstance(elem[0], list) \
                            and elem[0][0] == 'S':
                        vals[name] = elem[0]
                for name, (_, ru, _line) in vals.items():
                    base = name[:-2] if name.endswith('ru') else None
                    if base is None or base + 'kk' not in vals:
                        continue
                    kk = vals[base + 'kk']
                    yield ('%s:%d' % (path, kk[2]), ru, kk[1])


def glossary(entries):
    rows = read_glossary()
    pairs = [('po/kk.po:%d' % e['line'], e['msgid'], e['msgstr'])
             for e in entries if e['msgstr']]
    pairs += list(form_pairs()) + list(list_pairs()) + list(c_pairs())
    for where, ru, kk in pairs:
        for r in rows:
            if not r['ru_re'].search(ru):
                continue
            r['used'] += 1
            if not r['kk_re'].search(kk):
                problem(where, '«%s» → «%s»: the glossary renders «%s» as '
                        '«%s» (%s:%d)' % (short(ru), short(kk), r['ru'],
                                          r['kk'], GLOSSARY, r['line']))
    for r in rows:
        if not r['used']:
            problem('%s:%d' % (GLOSSARY, r['line']),
                    '«%s» occurs in no Russian text' % r['ru'])
    return len(pairs)


def cmd_check():
    new = extract()
    if not same(new, read(POT)):
        problem(POT, 'out of date, run make pot:\n' +
                diff(read(POT), new, POT))
    for lang in LANGS:
        path = 'po/%s.po' % lang
        if not same(merged(lang), read(path)):
            problem(path, 'not merged with %s, run make pot' % POT)
        r = run(['msgfmt', '--check', '--check-format', '-o', os.devnull,
                 path])
        if r.returncode != 0:
            problem(path, 'msgfmt --check --check-format:\n' +
                    r.stderr.strip())
    template = {e['msgid'] for e in read_po(POT)}
    kk = read_po('po/kk.po')
    have = {e['msgid']: e for e in kk}
    for msgid in sorted(template):
        e = have.get(msgid)
        if e is None or not e['msgstr']:
            problem('po/kk.po', 'no Kazakh text for «%s»' % short(msgid))
        elif 'fuzzy' in e['flags']:
            problem('po/kk.po:%d' % e['line'],
                    'fuzzy (check it, then drop the flag): «%s»' % short(msgid))
    fkey_bars(template, {e['msgid']: e['msgstr'] for e in kk
                         if 'fuzzy' not in e['flags']})
    extra_msgids(template)
    columns(kk)
    npairs = glossary(kk)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print('lang: %d problem(s)' % len(problems), file=sys.stderr)
        return 1
    print('lang: %d messages, %d Russian/Kazakh pairs checked against '
          'the glossary' % (len(template), npairs))
    return 0


if __name__ == '__main__':
    if sys.argv[1:] == ['pot']:
        cmd_pot()
    elif sys.argv[1:] == ['check']:
        sys.exit(cmd_check())
    else:
        sys.exit('usage: scripts/lang.py pot|check')
