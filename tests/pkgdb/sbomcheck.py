"""Validate CycloneDX 1.5 and SPDX 2.3 JSON documents against the official
schemas in ../shared/data/schemas (python3-jsonschema; the CycloneDX schema's
references to spdx.schema.json and jsf-0.82.schema.json are resolved from the
same directory, never fetched), plus what the schemas cannot say: unique
bom-refs and SPDXIDs, dependency and relationship targets that exist.

A module for the pkgdb tests; run alone: sbomcheck.py SCHEMA_DIR FILE..."""

import json
import os
import sys

try:
    import jsonschema
except ImportError:
    jsonschema = None


class Unavailable(Exception):
    """The schemas or jsonschema are missing: the caller skips."""


def _load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _validator(schema_dir, name, extra):
    if jsonschema is None:
        raise Unavailable("python3-jsonschema is not installed")
    path = os.path.join(schema_dir, name)
    if not os.path.exists(path):
        raise Unavailable(f"{path} not found (../shared/data is not checked out)")
    schema = _load(path)
    store = {}
    for n in extra:
        sub = _load(os.path.join(schema_dir, n))
        store[sub["$id"]] = sub
    store[schema["$id"]] = schema
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())


def validate_cyclonedx(schema_dir, doc):
    """A list of problems (empty: valid)."""
    v = _validator(schema_dir, "cyclonedx-bom-1.5.schema.json",
                   ["cyclonedx-spdx.schema.json", "cyclonedx-jsf-0.82.schema.json"])
    errs = ["/".join(map(str, e.absolute_path)) + ": " + e.message
            for e in v.iter_errors(doc)]
    refs = [doc["metadata"]["component"]["bom-ref"]] + \
        [c["bom-ref"] for c in doc.get("components", [])]
    if len(refs) != len(set(refs)):
        errs.append("bom-refs are not unique")
    known = set(refs)
    for d in doc.get("dependencies", []):
        for r in [d["ref"]] + d.get("dependsOn", []):
            if r not in known:
                errs.append(f"dependency names an unknown bom-ref {r}")
    return errs


def validate_spdx(schema_dir, doc):
    v = _validator(schema_dir, "spdx-2.3-schema.json", [])
    errs = ["/".join(map(str, e.absolute_path)) + ": " + e.message
            for e in v.iter_errors(doc)]
    ids = [p["SPDXID"] for p in doc.get("packages", [])]
    if len(ids) != len(set(ids)):
        errs.append("SPDXIDs are not unique")
    known = set(ids) | {"SPDXRef-DOCUMENT"}
    for r in doc.get("relationships", []):
        for k in ("spdxElementId", "relatedSpdxElement"):
            if r[k] not in known:
                errs.append(f"relationship names an unknown element {r[k]}")
    return errs


def main():
    schema_dir = sys.argv[1]
    bad = 0
    for path in sys.argv[2:]:
        doc = _load(path)
        errs = (validate_cyclonedx if "bomFormat" in doc else validate_spdx)(schema_dir, doc)
        for e in errs[:20]:
            print(f"{path}: {e}")
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
