"""Documents against the shipped schemas (TAP).

Every input document the project ships (examples/*.json, the vignette sets'
inputs, the text-report fixtures) must be valid under doc/input.schema.json,
and the report `kneepain assess --format json` writes for each must be valid
under doc/report.schema.json.  The schema and the library must also agree at
the edges: documents the schema rejects are rejected by the library (exit 2)
and documents it accepts are read.

    validate_documents.py SRCDIR KNEEPAIN
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema

srcdir, cli = sys.argv[1], sys.argv[2]
n = 0
failed = 0


def result(ok, what):
    global n, failed
    n += 1
    if not ok:
        failed += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n, what))


def validator(name):
    with open(os.path.join(srcdir, "doc", name)) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def problems(v, doc):
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
            for e in v.iter_errors(doc)]


def assess(doc, *flags):
    """Exit status and stdout of the CLI on doc."""
    p = subprocess.run([cli, "assess", "--format", "json", *flags, "-"],
                       input=json.dumps(doc), capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


inputs_v = validator("input.schema.json")
reports_v = validator("report.schema.json")
result(True, "both schemas are valid JSON Schema")

# Every shipped input document, by name.
docs = []
for path in sorted(glob.glob(os.path.join(srcdir, "examples", "*.json")) +
                   glob.glob(os.path.join(srcdir, "tests", "fixtures", "text", "*.json"))):
    with open(path) as f:
        docs.append((os.path.relpath(path, srcdir), json.load(f)))
for path in sorted(glob.glob(os.path.join(srcdir, "tests", "vignettes", "*.json"))):
    with open(path) as f:
        for v in json.load(f)["vignettes"]:
            docs.append(("%s:%s" % (os.path.relpath(path, srcdir), v["id"]), v["input"]))
result(any(name.startswith("examples/") for name, _ in docs) and len(docs) > 20,
       "%d input documents found" % len(docs))

bad_inputs, bad_reports = [], []
for name, doc in docs:
    errs = problems(inputs_v, doc)
    if errs:
        bad_inputs.append("%s: %s" % (name, "; ".join(errs[:3])))
        continue
    # examples also with the optional report section
    for flags in ([], ["--triage-changes"]) if name.startswith("examples/") else ([],):
        rc, out, err = assess(doc, *flags)
        if rc:
            bad_reports.append("%s: kneepain assess exit %d: %s" % (name, rc, err.strip()))
            continue
        errs = problems(reports_v, json.loads(out))
        if errs:
            bad_reports.append("%s %s: %s" % (name, " ".join(flags), "; ".join(errs[:3])))
result(not bad_inputs, "every input document is valid under doc/input.schema.json" +
       "".join("\n# " + b for b in bad_inputs))
result(not bad_reports, "every report is valid under doc/report.schema.json" +
       "".join("\n# " + b for b in bad_reports))

# The edges: what the schema says about a document, the library does.
run = {"date": "2026-10-01", "distance_km": 5}
rejected = {
    "unknown top-level key": {"evidance": {}},
    "unknown run key": {"runs": [dict(run, distance=5)]},
    "run without distance": {"runs": [{"date": "2026-10-01"}]},
    "run date not a date": {"runs": [dict(run, date="2026-02-30x")]},
    "run date month 13": {"runs": [dict(run, date="2026-13-01")]},
    "negative distance": {"runs": [dict(run, distance_km=-1)]},
    "rpe above 10": {"runs": [dict(run, rpe=11)]},
    "distance as a string": {"runs": [dict(run, distance_km="5")]},
    "shoe without gear": {"shoes": [{"start_km": 10}]},
    "shoe with an empty name": {"shoes": [{"gear": "  "}]},
    "diary entry without pain": {"pain_diary": [{"date": "2026-10-01"}]},
    "diary entry with only nulls": {"pain_diary": [{"date": "2026-10-01", "during": None}]},
    "diary pain above 10": {"pain_diary": [{"date": "2026-10-01", "after": 10.5}]},
    "evidence not an object": {"evidence": ["age"]},
    "evidence value an array": {"evidence": {"age": [34]}},
    "max_plan_items 0": {"options": {"max_plan_items": 0}},
    "max_plan_items not whole": {"options": {"max_plan_items": 2.5}},
    "load_unit unknown": {"options": {"load_unit": "miles"}},
    "empty locale": {"options": {"locale": ""}},
    "third_person a string": {"options": {"third_person": "yes"}},
    "model not an object": {"model": "kneepain-default"},
    "interview budget not whole": {"interview": {"budget": 2.5}},
    "interview cost zero": {"interview": {"costs": {"age": 0}}},
    "interview unknown key": {"interview": {"max_questions": 3}},
    "as_of a number": {"as_of": 20261101},
}
accepted = {
    "empty document": {},
    "nulls mean unknown": {"as_of": None, "evidence": {"age": None},
                           "runs": [dict(run, rpe=None, gear=None, duration_min=None,
                                         elevation_gain_m=None)],
                           "shoes": [{"gear": "a", "start_km": None}],
                           "pain_diary": [{"date": "2026-10-01", "during": None, "after": 2}]},
    "every option": {"options": {"locale": "de", "max_plan_items": 100,
                                 "load_unit": "srpe", "third_person": True}},
    "a saved session's model and interview": {
        "model": {"id": "kneepain-default", "version": "0"},
        "interview": {"budget": -1, "triage_weight": 0, "min_gain": -1, "stop_on_red_flag": False,
                      "costs": {"age": 0.5}, "excluded": ["trauma"], "asked": ["age"],
                      "dont_know": ["calf_pain"], "triage_changes": True}},
    "leap day": {"as_of": "2028-02-29"},
}
for what, doc in rejected.items():
    errs = problems(inputs_v, doc)
    rc, _, err = assess(doc)
    result(errs and rc == 2, "rejected by both: %s (schema: %s; library exit %d: %s)"
           % (what, errs[:1] or "accepted", rc, err.strip()))
for what, doc in accepted.items():
    errs = problems(inputs_v, doc)
    rc, out, err = assess(doc)
    result(not errs and rc == 0 and not problems(reports_v, json.loads(out)),
           "accepted by both: %s (schema: %s; library exit %d %s)" % (what, errs[:1], rc, err.strip()))

print("1..%d" % n)
sys.exit(1 if failed else 0)
