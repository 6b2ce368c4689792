#!/usr/bin/env python3
# Type a fixture's values into the kiosk's intake form through tmux, one
# field after another in the form file's order, the way an inspector does:
# text then Tab; dates and IINs fill and skip on by themselves; choices by
# typing their code into the pick-list and Enter; the checklist by Space
# (which moves on) and Tab past a document not brought.
# A field the kiosk skips because it does not apply (its required-if names
# a filled field holding another value) or because okno works it out
# ("compute") gets no key; a date offered (today) is typed over.
# Usage: fill.py SOCKET FORMFILE FIXTURE.json [--from KEY] [--filled K,K...]
#                [--bare] [--count FILE]
#   --from    the field the cursor is on (after a passport's zone: the
#             first empty one that must be filled); those before it get
#             no key
#   --filled  fields that already hold their value (read from a passport's
#             zone, today's date offered): a Tab each
#   --bare    the fewest keys: a masked field's separators are not typed
#             (the mask puts them in), no Tab after the last document
#   --count   write the keys sent to FILE: "data N" (letters, digits, the
#             checklist's Space) and "nav N" (Tab, Enter)
import json
import subprocess
import sys

sock, form_path, fixture_path = sys.argv[1:4]
opts = sys.argv[4:]
filled, bare, count_file, start = set(), False, None, None
while opts:
    o = opts.pop(0)
    if o == "--from":
        start = opts.pop(0)
    elif o == "--filled":
        filled = set(opts.pop(0).split(","))
    elif o == "--bare":
        bare = True
    elif o == "--count":
        count_file = opts.pop(0)
    else:
        sys.exit("fill.py: unknown option " + o)
fx = json.load(open(fixture_path, encoding="utf-8"))
fields, checks, cur = [], [], None
for line in open(form_path, encoding="utf-8"):
    s = line.strip()
    if line.startswith("field "):
        cur = {"key": s.split()[1], "type": "text", "mask": None}
        fields.append(cur)
    elif line.startswith("check "):
        cur = {"key": s.split()[1], "type": "check", "mask": None}
        checks.append(cur)
    elif line.startswith("section ") or line.startswith("form "):
        cur = None
    elif cur is not None and s.startswith("type "):
        cur["type"] = s.split()[1]
    elif cur is not None and s.startswith("mask "):
        cur["mask"] = s.split()[1]
    elif cur is not None and s.startswith("list "):
        cur["list"] = True
    elif cur is not None and s.startswith("compute "):
        cur["computed"] = True
    elif cur is not None and s.startswith("required-if ") and " = " in s:
        key, vals = s[len("required-if "):].split(" = ", 1)
        cur["cond"] = (key.strip(), [v.strip() for v in vals.split(",")])


YESNO = {"да": "yes", "нет": "no", "иә": "yes", "жоқ": "no"}


def applies(f):
    if f.get("computed"):
        return False
    cond = f.get("cond")
    if not cond:
        return True
    v = fx["fields"].get(cond[0], "")
    if not v:
        return True
    return YESNO.get(v, v) in cond[1]


# The keys are queued and sent by one tmux command at the end (a tmux
# process per key costs seconds on a busy machine); the kiosk must take
# keys typed ahead anyway.
queue = []
counts = {"data": 0, "nav": 0}


def tmux(*args):
    if queue:
        queue.append(";")
    queue.extend(["send-keys"] + list(args))
    if args[0] == "-l":
        counts["data"] += len(args[1])
    elif args[0] == "Space":
        counts["data"] += 1
    else:
        counts["nav"] += 1


started = start is None
for f in fields:
    v = fx["fields"].get(f["key"], "")
    started = started or f["key"] == start
    if not started or not applies(f):
        continue
    if f["key"] in filled:
        tmux("Tab")
        continue
    if not v:
        tmux("Tab")
        continue
    if bare and f["mask"]:
        v = "".join(c for c, m in zip(v, f["mask"]) if m in "9A")
    if f["type"] == "choice":
        tmux("-l", v)
        tmux("Enter")
    elif f["type"] == "yesno":
        tmux("-l", v[0])
    elif f["type"] == "country" or f.get("list"):
        tmux("-l", v)
        tmux("Enter")
    elif f["mask"] and f["type"] in ("date", "iin", "bin") \
            and len(v) == len([m for m in f["mask"]
                               if not bare or m in "9A"]):
        tmux("-l", v)
    else:
        tmux("-l", v)
        tmux("Tab")
# A document ticked moves the cursor on by itself; one that does not
# apply (the arrival sheets of a short stay) is passed over.
for c in checks:
    if not applies(c):
        continue
    if c["key"] in fx["documents"]:
        tmux("Space")
    else:
        tmux("Tab")
# The last document ticked, nothing more to move to.
while bare and queue[-2:] == ["send-keys", "Tab"]:
    del queue[-3:]
    counts["nav"] -= 1
subprocess.run(["tmux", "-L", sock] + queue, check=True)
if count_file:
    with open(count_file, "w") as out:
        out.write("data %d\nnav %d\n" % (counts["data"], counts["nav"]))
