#!/bin/sh
# test_text_no_ids.sh - the text report speaks words, not the model's IDs:
# every vignette input of tests/vignettes/*.json, in every model locale and
# in the first and third person, assessed with `kneepain assess --format
# text --triage-changes`, has no snake_case identifier (finding, cause,
# condition, remedy, rule or level ID), no key=value pair and no "[rule]"
# tag; and a finding answered "no" is never listed as support.  TAP output.
: "${top_srcdir:=..}" "${top_builddir:=..}" "${KNEEPAIN:=$top_builddir/cli/kneepain}"
if [ ! -x /usr/bin/python3 ]; then echo "1..0 # SKIP /usr/bin/python3 not available"; exit 0; fi
exec /usr/bin/python3 - "$KNEEPAIN" "$top_srcdir" <<'PY'
import glob, json, os, re, subprocess, sys
kneepain, src = sys.argv[1], sys.argv[2]
model = json.load(open(os.path.join(src, "models", "default.json")))
ids = set()
for kind in ("findings", "causes", "conditions", "remedies", "triage_rules"):
    ids.update(item["id"] for item in model[kind])
ids.update(("emergency_ambulance", "consultation_24", "self_care"))
snake = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
keyval = re.compile(r"\b\w+=\S")
tag = re.compile(r"\[[a-z_0-9]+\]")
supported = re.compile(r"^\s*(supported by:|dafür spricht:)(.*)$", re.M)
no_words = (": no", ": nein")
n = 0
def ok(cond, desc):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, desc))
for path in sorted(glob.glob(os.path.join(src, "tests", "vignettes", "*.json"))):
    vs = json.load(open(path))["vignettes"]
    for v in vs:
        for loc in model["locales"]:
            for third in (False, True):
                doc = dict(v["input"])
                opts = dict(doc.get("options") or {})
                opts.update(locale=loc, third_person=third)
                doc["options"] = opts
                p = subprocess.run([kneepain, "assess", "--format", "text", "--triage-changes", "-"],
                                   input=json.dumps(doc).encode(), capture_output=True)
                out = p.stdout.decode("utf-8", "replace")
                what = "%s %s %s%s" % (os.path.basename(path), v["id"], loc, " 3p" if third else "")
                leaks = sorted(set(snake.findall(out)) | set(keyval.findall(out)) | set(tag.findall(out)))
                support_no = [m.group(2) for m in supported.finditer(out)
                              if any(w + "," in m.group(2) + "," for w in no_words)]
                good = p.returncode == 0 and not leaks and not support_no
                ok(good, what)
                if not good:
                    print("# exit %d, leaks %s, 'no' as support %s" % (p.returncode, leaks[:8], support_no[:2]))
                    print("# stderr: " + p.stderr.decode()[:200])
# the check itself catches a leak: an ID in the text is found
ok(snake.search("because: overuse, calf_pain") is not None, "the check finds a snake_case ID")
ok(keyval.search("dose: protect_days_min=1") is not None, "the check finds key=value")
print("1..%d" % n)
PY
