#!/usr/bin/env python3
"""A real minimal Debian: debootstrap --variant=minbase bookworm, then
`bulkhead host --root T`, speaking TAP.

usage: test-debootstrap.py BULKHEAD_EXE SOURCE_DIR SCHEMA_DIR CACHE_DIR

The tree is built once into CACHE_DIR/debootstrap-bookworm (in the build
directory; a marker file says it is complete) and reused by later runs.
Checks: the package count equals dpkg-query's count of "ii" entries, the OS
is Debian 12, and the CycloneDX and SPDX SBOMs of the tree validate.
Skipped, with the reason, when not root, when debootstrap is absent, or when
deb.debian.org cannot be reached (the log's last lines are printed)."""
import json
import os
import shutil
import subprocess
import sys

EXE = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
SCHEMAS = os.path.abspath(sys.argv[3])
CACHE = os.path.abspath(sys.argv[4])
MIRROR = os.environ.get("BH_DEBIAN_MIRROR", "http://deb.debian.org/debian")
sys.path.insert(0, os.path.join(SRC, "tests", "pkgdb"))
import sbomcheck  # noqa: E402

count = 0
failed = 0


def ok(cond, name, diag=None):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", count, name))
    if not cond:
        failed += 1
        for line in str(diag).splitlines()[:30]:
            print("#   " + line)
    sys.stdout.flush()
    return cond


def skip_all(why):
    print("1..0 # SKIP " + why)
    sys.exit(0)


def bootstrap():
    tree = os.path.join(CACHE, "debootstrap-bookworm")
    marker = os.path.join(tree, ".bulkhead-complete")
    if os.path.exists(marker):
        return tree
    if os.geteuid() != 0:
        skip_all("debootstrap needs root (the cached tree %s is absent)" % tree)
    if not shutil.which("debootstrap"):
        skip_all("debootstrap is not installed (apt install debootstrap)")
    tmp = tree + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(CACHE, exist_ok=True)
    log = os.path.join(CACHE, "debootstrap.log")
    with open(log, "w") as f:
        p = subprocess.run(["debootstrap", "--variant=minbase", "bookworm", tmp, MIRROR],
                           stdout=f, stderr=subprocess.STDOUT, timeout=1800)
    if p.returncode != 0:
        tail = open(log, errors="replace").read().splitlines()[-5:]
        shutil.rmtree(tmp, ignore_errors=True)
        text = " / ".join(tail)
        if any(w in text for w in ("Failed getting release file", "Couldn't download",
                                   "Temporary failure", "Could not resolve", "Connection",
                                   "timed out", "Network is unreachable")):
            skip_all("debootstrap could not reach %s (network): %s" % (MIRROR, text[-300:]))
        ok(False, "debootstrap --variant=minbase bookworm", text)
        print("1..%d" % count)
        sys.exit(1)
    open(os.path.join(tmp, ".bulkhead-complete"), "w").close()
    shutil.rmtree(tree, ignore_errors=True)
    os.rename(tmp, tree)
    return tree


def host(tree, fmt):
    p = subprocess.run([EXE, "host", "--root", tree, "--format", fmt], capture_output=True,
                       text=True, timeout=300, env=dict(os.environ, SOURCE_DATE_EPOCH="0"))
    try:
        return p, json.loads(p.stdout)
    except ValueError:
        return p, None


def main():
    tree = bootstrap()
    q = subprocess.run(["dpkg-query", "--admindir=" + os.path.join(tree, "var/lib/dpkg"), "-W",
                        "-f", "${db:Status-Abbrev}\n"], capture_output=True, text=True)
    want = sum(1 for line in q.stdout.splitlines() if line.startswith("ii"))
    ok(q.returncode == 0 and want > 50, "dpkg-query counts %d installed packages" % want,
       q.stderr)

    p, d = host(tree, "json")
    facts = d["host"]["facts"] if d else {}
    ok(d is not None and facts.get("packages") == str(want),
       "bulkhead host --root T reports the %d packages dpkg-query counts" % want,
       (facts, p.stderr))
    ok(facts.get("os") == "Debian GNU/Linux 12 (bookworm)", "the OS is Debian 12", facts)
    ok(d is not None and not [f for f in d["findings"] if f["rule"] in ("BH9003", "BH9020",
                                                                          "BH9021")],
       "no package database finding", d and d["findings"])

    p, c = host(tree, "cyclonedx")
    libs = [x for x in (c or {}).get("components", []) if x["type"] == "library"]
    osc = [x for x in (c or {}).get("components", []) if x["type"] == "operating-system"]
    ok(len(libs) == want and osc and osc[0]["name"] == "debian" and osc[0]["version"] == "12",
       "the CycloneDX SBOM lists the %d packages and Debian 12" % want, (len(libs), osc))
    ok(all(x["purl"].startswith("pkg:deb/debian/") and "distro=debian-12" in x["purl"]
           for x in libs), "every purl is pkg:deb/debian/...&distro=debian-12")
    srcs = {x["name"]: {p["name"]: p["value"] for p in x["properties"]} for x in libs}
    ok(srcs.get("libc6", {}).get("bulkhead:package:source") == "glibc",
       "libc6's source package is glibc", srcs.get("libc6"))
    for kind, doc in (("cyclonedx", c), ("spdx", host(tree, "spdx")[1])):
        try:
            errs = (sbomcheck.validate_cyclonedx if kind == "cyclonedx"
                    else sbomcheck.validate_spdx)(SCHEMAS, doc)
        except sbomcheck.Unavailable as e:
            global count
            count += 1
            print("ok %d - the %s SBOM validates # SKIP %s" % (count, kind, e))
            continue
        ok(doc is not None and not errs, "the %s SBOM of the tree validates" % kind,
           "\n".join(errs[:20]))
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
