#!/usr/bin/env python3
"""Fail when src/rules/rules.def, docs/rules/*.md and tests/rules/*/ drift apart.

Every rule needs docs/rules/<ID>.md whose first line is "# <ID> <slug>: ..."
and a folder tests/rules/<ID>/ with at least one positive-* and one
negative-* sample (plus expected.txt or expected-<surface>.txt files), or only a README that explains where
the rule is tested instead.  No doc and no folder may exist without a rule;
slugs are unique.  Prints TAP."""

import os
import re
import sys

RULE_RE = re.compile(r'^BH_RULE\((BH\d{4}),\s*(\d+),\s*"([^"]+)"', re.M)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    with open(os.path.join(root, "src/rules/rules.def"), encoding="utf-8") as f:
        rules = RULE_RE.findall(f.read())
    docs_dir = os.path.join(root, "docs/rules")
    tests_dir = os.path.join(root, "tests/rules")
    results = []

    def check(ok, what, detail=None):
        results.append((ok, what, detail))

    ids = [r[0] for r in rules]
    slugs = [r[2] for r in rules]
    check(len(rules) > 0, "rules.def lists rules")
    check(len(set(ids)) == len(ids), "rule IDs are unique")
    check(len(set(slugs)) == len(slugs), "rule slugs are unique")
    check(ids == sorted(ids), "rules.def is sorted by ID")
    for rid, num, slug in rules:
        check(rid == "BH" + num.zfill(4), f"{rid} number matches its ID", num)

    for rid, _num, slug in rules:
        problems = []
        doc = os.path.join(docs_dir, rid + ".md")
        if not os.path.isfile(doc):
            problems.append(f"missing docs/rules/{rid}.md")
        else:
            with open(doc, encoding="utf-8") as f:
                first = f.readline().rstrip("\n")
            if not first.startswith(f"# {rid} {slug}: ") or len(first) <= len(f"# {rid} {slug}: "):
                problems.append(f"docs/rules/{rid}.md first line is {first!r}, "
                                f"want '# {rid} {slug}: <title>'")
        folder = os.path.join(tests_dir, rid)
        if not os.path.isdir(folder):
            problems.append(f"missing tests/rules/{rid}/")
        else:
            names = os.listdir(folder)
            pos = [n for n in names if n.startswith("positive-")]
            neg = [n for n in names if n.startswith("negative-")]
            readme = any(n.startswith("README") for n in names)
            if not pos and not neg:
                if not readme:
                    problems.append(f"tests/rules/{rid}/ has no samples and no README")
            else:
                if not pos:
                    problems.append(f"tests/rules/{rid}/ has no positive sample")
                if not neg:
                    problems.append(f"tests/rules/{rid}/ has no negative sample")
                # expected.txt, or one file per surface (expected-compose.txt ...)
                expected = [n for n in names if n.startswith("expected") and n.endswith(".txt")]
                if pos and not expected:
                    problems.append(f"tests/rules/{rid}/ has no expected*.txt")
        check(not problems, f"{rid} {slug} has its doc and samples", "; ".join(problems))

    known = set(ids)
    if os.path.isdir(docs_dir):
        for name in sorted(os.listdir(docs_dir)):
            if re.fullmatch(r"BH\d{4}\.md", name):
                check(name[:-3] in known, f"docs/rules/{name} belongs to a rule",
                      "no such rule in rules.def")
    if os.path.isdir(tests_dir):
        for name in sorted(os.listdir(tests_dir)):
            if os.path.isdir(os.path.join(tests_dir, name)) and re.fullmatch(r"BH\d{4}", name):
                check(name in known, f"tests/rules/{name}/ belongs to a rule",
                      "no such rule in rules.def")

    failed = 0
    for i, (ok, what, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not ok:
            failed += 1
            if detail:
                print(f"# {detail}")
    print(f"1..{len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
