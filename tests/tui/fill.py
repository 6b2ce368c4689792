#!/usr/bin/env python3
# Type a fixture's values into the kiosk's intake form through tmux, one
# field after another in the form file's order, the way an inspector does:
# text then Tab; dates and IINs fill and skip on by themselves; choices by
# typing their code into the pick-list and Enter; the checklist by Space
# (which moves on) and Tab past a document not brought.
# Tab (and the skip after a full date or a pick) goes on to the next field
# that must be filled now or holds a value: an optional field left empty is
# passed over; one the fixture fills is reached by Down (↓), field by field.
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
        cur = {"key": s.split()[1], "type": "text", "mask": None,
               "need": "optional"}
        fields.append(cur)
    elif line.startswith("check "):
        cur = {"key": s.split()[1], "type": "check", "mask": None,
               "need": "optional"}
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
    elif cur is not None and s == "required":
        cur["need"] = "required"
    elif cur is not None and s.startswith("required-if ") and " = " in s:
        key, vals = s[len("required-if "):].split(" = ", 1)
        cur["cond"] = (key.strip(), [v.strip() for v in vals.split(",")])
        cur["need"] = "if"
    elif cur is not None and s.startswith("required-if ") and \
            s.endswith(" filled"):
        cur["filled_cond"] = s.split()[1]
        cur["need"] = "if"


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


def required_now(f):
    """Must be filled, by the fixture's values: a condition on a value the
    fixture does not give (one okno works out) is taken to hold when the
    fixture fills the field."""
    if f["need"] == "required":
        return True
    if f["need"] != "if":
        return False
    if "filled_cond" in f:
        return bool(fx["fields"].get(f["filled_cond"], ""))
    v = fx["fields"].get(f["cond"][0], "")
    if not v:
        return bool(fx["fields"].get(f["key"], ""))
    return YESNO.get(v, v) in f["cond"][1]


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


# The items the cursor can stand on, in order (fields, then documents),
# and the keys for each field.
items = [f for f in fields if applies(f)] + [c for c in checks if applies(c)]
has_text = set(filled)


def on_tab_path(k):
    it = items[k]
    return it["type"] == "check" or it["key"] in has_text or \
        required_now(it)


def next_stop(k):
    k += 1
    while k < len(items) and not on_tab_path(k):
        k += 1
    return k


def move_to(t):
    """From the cursor's item to item t: Tab while it does not overshoot,
    else Down; Up back to an optional field a skip passed over."""
    global pos
    while pos > t:
        tmux("Up")
        pos -= 1
    while pos < t:
        n = next_stop(pos)
        if n <= t:
            tmux("Tab")
            pos = n
        else:
            tmux("Down")
            pos += 1


pos = 0
if start is not None:
    pos = next(k for k, it in enumerate(items) if it["key"] == start)
first_field = pos
for k, f in enumerate(items):
    if f["type"] == "check" or k < first_field:
        continue
    v = fx["fields"].get(f["key"], "")
    if f["key"] in filled or not v:
        continue
    move_to(k)
    has_text.add(f["key"])
    if bare and f["mask"]:
        v = "".join(c for c, m in zip(v, f["mask"]) if m in "9A")
    if f["type"] == "choice" or f["type"] == "country" or f.get("list"):
        tmux("-l", v)
        tmux("Enter")        # picked: on along Tab's path
        pos = next_stop(pos)
    elif f["type"] == "yesno":
        tmux("-l", v[0])
        pos = next_stop(pos)
    elif f["mask"] and f["type"] in ("date", "iin", "bin") \
            and len(v) == len([m for m in f["mask"]
                               if not bare or m in "9A"]):
        tmux("-l", v)        # full: skips on by itself
        pos = next_stop(pos)
    else:
        tmux("-l", v)
# A document ticked moves the cursor on by itself; one that does not
# apply (the arrival sheets of a short stay) is passed over.
first = next((k for k, it in enumerate(items) if it["type"] == "check"),
             len(items))
if first < len(items):
    move_to(first)
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
