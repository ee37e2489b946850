#!/usr/bin/env python3
"""Validate the golden reporter output (TAP).

- expected.sarif against the official SARIF 2.1.0 schema (../shared/data; skipped
  when absent) with python3-jsonschema's Draft4Validator, plus what the schema
  cannot say: ruleIndex points at the rule named by ruleId, levels and
  security-severity values are consistent, fingerprints are unique, ...
- expected.json against docs/bulkhead-report.schema.json (draft-07), plus
  summary arithmetic and a check that every field it contains is documented
  in that schema.

The golden files themselves are pinned to the reporters' output by
test-report.c, so validating them validates the reporters.
"""

import argparse
import json
import os
import re
import sys

try:
    import jsonschema
except ImportError:  # the structural checks still run
    jsonschema = None

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub code scanning: > 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
BANDS = {"error": (7.0, 10.0), "warning": (4.0, 6.9), "note": (0.0, 3.9)}


class Skip(Exception):
    pass


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def sarif_schema(args):
    path = os.path.join(args.schema_dir, "sarif-schema-2.1.0.json")
    if not os.path.exists(path):
        raise Skip(f"SARIF schema not found at {path} (../shared/data is not checked out)")
    if jsonschema is None:
        raise Skip("python3-jsonschema is not installed (apt install python3-jsonschema)")
    schema = load(path)
    v = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(v.iter_errors(load(os.path.join(args.golden_dir, "expected.sarif"))),
                    key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        print(f"# {'/'.join(str(p) for p in e.absolute_path)}: {e.message}")
    check(not errors, f"{len(errors)} schema violations")


def sarif_structure(args):
    doc = load(os.path.join(args.golden_dir, "expected.sarif"))
    check(doc.get("version") == "2.1.0", "version is not 2.1.0")
    check("$schema" in doc, "no $schema")
    check(len(doc["runs"]) == 1, "not exactly one run")
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    check(driver["name"] == "bulkhead", "driver name")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    check(ids == sorted(ids) and len(set(ids)) == len(ids), "rule ids not sorted and unique")
    for r in rules:
        level = r["defaultConfiguration"]["level"]
        check(level in BANDS, f"{r['id']}: bad default level {level}")
        sev = float(r["properties"]["security-severity"])
        lo, hi = BANDS[level]
        check(lo <= sev <= hi, f"{r['id']}: security-severity {sev} does not match level {level}")
        check(r["helpUri"].endswith("/" + r["id"]), f"{r['id']}: helpUri {r['helpUri']}")
        check(r["help"]["text"], f"{r['id']}: empty help")
        check(r["properties"]["tags"][0] == "security", f"{r['id']}: tags")
    rules_def = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.json_schema))),
                             "src", "rules", "rules.def")
    with open(rules_def, encoding="utf-8") as f:
        registry = re.findall(r"^BH_RULE\((BH[0-9]{4}),", f.read(), re.M)
    check(ids == registry, f"rules[] is not the whole registry of {rules_def}")
    nart = len(run.get("artifacts", []))
    fps = set()
    for i, res in enumerate(run["results"]):
        where = f"results[{i}] ({res['ruleId']})"
        idx = res["ruleIndex"]
        check(0 <= idx < len(rules) and rules[idx]["id"] == res["ruleId"],
              f"{where}: ruleIndex {idx} does not point at {res['ruleId']}")
        check(res["level"] == LEVELS[res["properties"]["severity"]],
              f"{where}: level {res['level']} does not match severity")
        fp = res["partialFingerprints"]["bulkhead/v1"]
        check(fp not in fps, f"{where}: duplicate fingerprint {fp}")
        fps.add(fp)
        for loc in res["locations"]:
            phys = loc["physicalLocation"]
            art = phys["artifactLocation"]
            if "index" in art:
                check(art["index"] < nart, f"{where}: artifact index out of range")
                check(run["artifacts"][art["index"]]["location"]["uri"] == art["uri"],
                      f"{where}: artifact index points at another file")
            check(" " not in art["uri"], f"{where}: uri not percent-encoded")
            region = phys.get("region")
            if region:
                check(region["startLine"] >= 1, f"{where}: startLine")
                if "endLine" in region:
                    check(region["endLine"] >= region["startLine"], f"{where}: endLine")
        for s in res.get("suppressions", []):
            check(s["kind"] in ("inSource", "external"), f"{where}: suppression kind")
            check(s["status"] == "accepted", f"{where}: suppression status")
    inv = run["invocations"][0]
    check(isinstance(inv["executionSuccessful"], bool), "executionSuccessful")
    if not inv["executionSuccessful"]:
        notes = inv.get("toolExecutionNotifications", [])
        check(any(n["level"] == "error" for n in notes),
              "executionSuccessful is false without an error notification")


def json_schema(args):
    if jsonschema is None:
        raise Skip("python3-jsonschema is not installed (apt install python3-jsonschema)")
    schema = load(args.json_schema)
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    errors = list(v.iter_errors(load(os.path.join(args.golden_dir, "expected.json"))))
    for e in errors[:10]:
        print(f"# {'/'.join(str(p) for p in e.absolute_path)}: {e.message}")
    check(not errors, f"{len(errors)} schema violations")


def undocumented(value, schema, root, path):
    """Yield paths of object keys in value that schema does not list."""
    while "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    if isinstance(value, dict):
        alts = schema.get("oneOf", [schema])
        obj = next((a for a in alts if a.get("type") == "object"), schema)
        props = obj.get("properties", {})
        for k, v in value.items():
            if k not in props:
                yield f"{path}/{k}"
            else:
                yield from undocumented(v, props[k], root, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from undocumented(v, schema.get("items", {}), root, f"{path}/{i}")


def json_structure(args):
    doc = load(os.path.join(args.golden_dir, "expected.json"))
    schema = load(args.json_schema)
    missing = list(undocumented(doc, schema, schema, ""))
    check(not missing, f"fields not in docs/bulkhead-report.schema.json: {missing}")
    check(doc["schema_version"] == 1, "schema_version")
    s = doc["summary"]
    live = [f for f in doc["findings"] if f["suppressed"] is None]
    check(s["total"] == len(live), "summary.total")
    check(s["suppressed"] == len(doc["findings"]) - len(live), "summary.suppressed")
    for sev, n in s["by_severity"].items():
        check(n == sum(1 for f in live if f["severity"] == sev), f"summary.by_severity.{sev}")
    check(s["files"] == len(doc["files"]), "summary.files")
    check(s["files_failed"] == sum(1 for f in doc["files"] if f["failed"]), "summary.files_failed")
    with open(os.path.join(os.path.dirname(args.json_schema), "json-format.md"),
              encoding="utf-8") as f:
        md = f.read()
    for key in sorted({p.rsplit("/", 1)[-1] for p in paths(doc)} - {str(i) for i in range(100)}):
        check(f"`{key}`" in md, f"field {key} is not described in docs/json-format.md")


def json_example(args):
    if jsonschema is None:
        raise Skip("python3-jsonschema is not installed (apt install python3-jsonschema)")
    with open(os.path.join(os.path.dirname(args.json_schema), "json-format.md"),
              encoding="utf-8") as f:
        md = f.read()
    m = re.search(r"## Example\n\n```json\n(.*?)\n```", md, re.S)
    check(m, "no example in docs/json-format.md")
    jsonschema.Draft7Validator(load(args.json_schema)).validate(json.loads(m.group(1)))


def paths(value, path=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}/{k}"
            yield from paths(v, f"{path}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, f"{path}/{i}")


TESTS = [
    ("SARIF validates against the SARIF 2.1.0 schema", sarif_schema),
    ("SARIF rules, results and invocation are consistent", sarif_structure),
    ("JSON validates against docs/bulkhead-report.schema.json", json_schema),
    ("JSON summary is consistent and every field is documented", json_structure),
    ("the example in docs/json-format.md validates", json_example),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema-dir", required=True)
    ap.add_argument("--golden-dir", required=True)
    ap.add_argument("--json-schema", required=True)
    args = ap.parse_args()

    print(f"1..{len(TESTS)}")
    failed = 0
    for n, (name, fn) in enumerate(TESTS, 1):
        try:
            fn(args)
            print(f"ok {n} - {name}")
        except Skip as e:
            print(f"ok {n} - {name} # SKIP {e}")
        except Exception as e:  # noqa: BLE001 - report any failure as TAP
            failed += 1
            print(f"not ok {n} - {name}")
            print(f"# {type(e).__name__}: {e}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
