#!/usr/bin/python3
"""Summarise meson's testlog.json as one line: "N passed, N failed[, N skipped]".

Every bulkhead test speaks TAP, so individual test points are counted; a test
program that crashed or failed without a failing point counts as one failure.
"""
import json
import re
import sys

TAP_RE = re.compile(r"^(not ok|ok)\b(.*)$")


def main() -> int:
    passed = failed = skipped = 0
    failures = []
    try:
        lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
    except OSError as e:
        print(f"summary: cannot read {sys.argv[1]}: {e}")
        print("0 passed, 1 failed")
        return 1
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        name, result = t.get("name", "?"), t.get("result", "?")
        out = t.get("stdout") or ""
        p = f = s = 0
        for l in out.splitlines():
            m = TAP_RE.match(l.strip())
            if not m:
                continue
            rest = m.group(2)
            if "# SKIP" in rest.upper():
                s += 1
            elif m.group(1) == "ok":
                p += 1
            else:
                f += 1
                failures.append(f"{name}: {l.strip()}")
        if result in ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS") and f == 0:
            f += 1
            failures.append(f"{name}: {result}")
        if p + f + s == 0:
            if result == "OK":
                p = 1
            elif result == "SKIP":
                s = 1
        passed, failed, skipped = passed + p, failed + f, skipped + s
    for x in failures[:50]:
        print("FAILED:", x)
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
