#!/usr/bin/env python3
"""The issue #7/#8 integration test: a real minimal Debian image.

`debootstrap --variant=minbase bookworm T` (the tree tests/pkgdb caches in
its build directory, made here the same way when absent: as root, skipped
with the reason otherwise), packed into an OCI layout (tests/image/
treeimage.py, deterministic) and, with skopeo, into a docker-archive.  For
both forms: the package count equals dpkg-query's over T, the OS is Debian
12, the CycloneDX and SPDX SBOMs validate.  When ../shared/data/osv holds
the Debian feed it is imported into a temporary database and the image is
matched against it:
- tuples checked by hand against the OSV records (below), present or
  absent;
- no finding claims a fixed version <= the installed one (dpkg
  --compare-versions);
- the findings equal an independent computation over the zip with dpkg
  --compare-versions as the version oracle, for every installed package.
Prints TAP.

usage: test-image-debian.py BULKHEAD SOURCE_ROOT SHARED_DATA CACHE_DIR"""
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import treeimage  # noqa: E402

EXE = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
SHARED = os.path.abspath(sys.argv[3])
CACHE = os.path.abspath(sys.argv[4])
MIRROR = os.environ.get("BH_DEBIAN_MIRROR", "http://deb.debian.org/debian")
sys.path.insert(0, os.path.join(SRC, "tests", "pkgdb"))
import sbomcheck  # noqa: E402

# Checked by hand (2026-11-29) in the records of ../shared/data/osv/Debian/
# all.zip (data of 2023-07-14): the Debian:12 entry of each names the source
# package with only {"introduced": "0"}, no fix, so every bookworm version
# is affected and bulkhead must say "no fix yet" (BH1008).  The installed
# version is the one the debootstrap of that day installed.
UNFIXED = [
    # (binary package, installed, advisory, fixed)
    ("apt", "2.6.1", "DEBIAN-CVE-2011-3374", None),
    ("tar", "1.34+dfsg-1.2+deb12u1", "DEBIAN-CVE-2022-48303", None),
    ("perl-base", "5.36.0-7+deb12u3", "DEBIAN-CVE-2023-31484", None),
    ("libsystemd0", "252.39-1~deb12u2", "DEBIAN-CVE-2023-31437", None),
    ("login", "1:4.13+dfsg1-1+deb12u2", "DEBIAN-CVE-2023-29383", None),
]
# Fixed at or below what bookworm ships (checked with dpkg --compare-versions):
# no finding.  systemd's is the one a string comparison gets wrong
# (252.4 < 252.39), zlib's carries an epoch.
FIXED_BELOW = [
    ("libsystemd0", "DEBIAN-CVE-2022-4415", "252.4-1"),
    ("zlib1g", "DEBIAN-CVE-2022-37434", "1:1.2.11.dfsg-4.1"),
    ("tar", "DEBIAN-CVE-2021-20193", "1.34+dfsg-1"),
    ("perl-base", "DEBIAN-CVE-2020-16156", "5.36.0-4"),
]

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


def skip(name, why):
    global count
    count += 1
    print("ok %d - %s # SKIP %s" % (count, name, why))


def skip_all(why):
    print("1..0 # SKIP " + why)
    sys.exit(0)


def bootstrap():
    """The tree tests/pkgdb/test-debootstrap.py caches (same place, same
    marker); built here under a lock when absent."""
    tree = os.path.join(CACHE, "debootstrap-bookworm")
    marker = os.path.join(tree, ".bulkhead-complete")
    if os.path.exists(marker):
        return tree
    if os.geteuid() != 0:
        skip_all("debootstrap needs root (the cached tree %s is absent)" % tree)
    if not shutil.which("debootstrap"):
        skip_all("debootstrap is not installed (apt install debootstrap)")
    os.makedirs(CACHE, exist_ok=True)
    with open(os.path.join(CACHE, "debootstrap.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(marker):
            return tree
        tmp = tree + ".image-tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        log = os.path.join(CACHE, "debootstrap-image.log")
        with open(log, "w") as f:
            p = subprocess.run(["debootstrap", "--variant=minbase", "bookworm", tmp, MIRROR],
                               stdout=f, stderr=subprocess.STDOUT, timeout=1800)
        if p.returncode != 0:
            text = " / ".join(open(log, errors="replace").read().splitlines()[-5:])
            shutil.rmtree(tmp, ignore_errors=True)
            if any(w in text for w in ("Failed getting release file", "Couldn't download",
                                       "Temporary failure", "Could not resolve", "Connection",
                                       "timed out", "Network is unreachable")):
                skip_all("debootstrap could not reach %s (network): %s" % (MIRROR, text[-300:]))
            ok(False, "debootstrap --variant=minbase bookworm", text)
            print("1..%d" % count)
            sys.exit(1)
        open(os.path.join(tmp, ".bulkhead-complete"), "w").close()
        if not os.path.exists(marker):
            shutil.rmtree(tree, ignore_errors=True)
            os.rename(tmp, tree)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return tree


def run(*args, **env):
    e = dict(os.environ)
    e.pop("BULKHEAD_DB", None)
    e["BULKHEAD_TODAY"] = "2026-11-29"
    e["SOURCE_DATE_EPOCH"] = "0"
    e.update(env)
    p = subprocess.run([EXE] + list(args), capture_output=True, text=True, timeout=600, env=e)
    try:
        return p, json.loads(p.stdout)
    except ValueError:
        return p, None


def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0


def installed(tree):
    """binary -> (source, version compared: the source version) of the ii packages."""
    q = subprocess.run(["dpkg-query", "--admindir=" + os.path.join(tree, "var/lib/dpkg"), "-W",
                        "-f", "${db:Status-Abbrev}\t${Package}\t${source:Package}\t"
                        "${source:Version}\n"], capture_output=True, text=True, check=True)
    out = {}
    for line in q.stdout.splitlines():
        st, name, src, sver = line.split("\t")
        if st.startswith("ii"):
            out[name] = (src, sver)
    return out


def oracle(zpath, pkgs):
    """(package, advisory, fixed or None) that the Debian:12 records say affect
    pkgs, with dpkg --compare-versions deciding every range."""
    by_src = {}
    for src, _ in pkgs.values():
        by_src[src] = []
    with zipfile.ZipFile(zpath) as z:
        for n in z.namelist():
            rec = json.loads(z.read(n))
            for a in rec.get("affected", []):
                p = a.get("package", {})
                if p.get("ecosystem") == "Debian:12" and p.get("name") in by_src:
                    by_src[p["name"]].append((rec["id"], a.get("ranges", [])))
    cache = {}

    def lt(x, y):
        if (x, y) not in cache:
            cache[(x, y)] = dpkg_lt(x, y)
        return cache[(x, y)]

    got = set()
    for name, (src, ver) in pkgs.items():
        for vid, ranges in by_src[src]:
            for r in ranges:
                if r.get("type") != "ECOSYSTEM":
                    continue
                hit, fixed = False, None
                for ev in r.get("events", []):
                    if "introduced" in ev:
                        intro = ev["introduced"]
                        if intro == "0" or not lt(ver, intro):
                            hit, fixed = True, None
                    elif "fixed" in ev and hit:
                        if lt(ver, ev["fixed"]):
                            fixed = ev["fixed"]
                            break
                        hit = False
                    elif "last_affected" in ev and hit:
                        if lt(ev["last_affected"], ver):
                            hit = False
                        else:
                            break
                if hit:
                    got.add((name, vid, fixed))
    return got


def main():
    tree = bootstrap()
    pkgs = installed(tree)
    want = len(pkgs)
    ok(want > 50, "dpkg-query counts %d installed packages in T" % want)

    tmp = tempfile.mkdtemp(prefix="bh-image-debian-")
    try:
        layout = os.path.join(tmp, "layout")
        cfg_digest, _ = treeimage.oci_layout(tree, layout, "bookworm-minbase",
                                              "debootstrap --variant=minbase bookworm")
        forms = {"OCI layout": layout}
        if shutil.which("skopeo"):
            arch = os.path.join(tmp, "docker.tar")
            p = subprocess.run(["skopeo", "copy", "-q", "oci:%s:bookworm-minbase" % layout,
                                "docker-archive:%s:bookworm-minbase:latest" % arch],
                               capture_output=True, text=True, timeout=600)
            if ok(p.returncode == 0, "skopeo copies the layout to a docker-archive", p.stderr):
                forms["docker-archive"] = arch
        else:
            skip("the docker-archive form", "skopeo is not installed")
        for form, path in forms.items():
            p, d = run("image", "--format", "json", "--no-vuln", path)
            facts = d["files"][0].get("facts", {}) if d else {}
            ok(facts.get("packages") == str(want) and facts.get("package_db") ==
               "dpkg (%d packages)" % want,
               "%s: bulkhead image reports the %d packages dpkg-query counts" % (form, want),
               (facts, p.stderr))
            ok(facts.get("os") == "Debian GNU/Linux 12 (bookworm)", "%s: the OS is Debian 12"
               % form, facts)
            ok(d is not None and not [f for f in d["findings"] if f["rule"].startswith("BH9")],
               "%s: no input finding" % form, d and [f for f in d["findings"]
                                                     if f["rule"].startswith("BH9")])
            for kind in ("cyclonedx", "spdx"):
                p, doc = run("image", "--format", kind, path)
                n = len([c for c in (doc or {}).get("components", []) if c["type"] == "library"]) \
                    if kind == "cyclonedx" else \
                    len([x for x in (doc or {}).get("packages", [])
                         if x["SPDXID"].startswith("SPDXRef-Package-")])
                ok(n == want, "%s: the %s SBOM lists the %d packages" % (form, kind, want),
                   (n, p.stderr))
                try:
                    errs = (sbomcheck.validate_cyclonedx if kind == "cyclonedx"
                            else sbomcheck.validate_spdx)(os.path.join(SHARED, "schemas"), doc)
                except sbomcheck.Unavailable as e:
                    skip("%s: the %s SBOM validates" % (form, kind), e)
                    continue
                ok(doc is not None and not errs, "%s: the %s SBOM validates" % (form, kind),
                   "\n".join(errs[:20]))
            if form == "OCI layout":
                p, c = run("image", "--format", "cyclonedx", path)
                meta = (c or {}).get("metadata", {}).get("component", {})
                ok(meta.get("name") == "bookworm-minbase" and meta.get("version") == cfg_digest,
                   "the SBOM's subject is the image's name and configuration digest", meta)

        zpath = os.path.join(SHARED, "osv", "Debian", "all.zip")
        if not os.path.exists(zpath):
            skip("matching against the Debian feed", "%s is absent (../shared not checked out)"
                 % zpath)
            return
        db = os.path.join(tmp, "vuln.db")
        p, _ = run("db", "import", "--db", db, zpath)
        if not ok(p.returncode == 0, "the Debian feed imports into a temporary database",
                  p.stdout + p.stderr):
            return
        vr = "BH1006,BH1007,BH1008"
        results = {}
        for form, path in forms.items():
            p, d = run("image", "--format", "json", "--db", db, "--only", vr, path)
            vs = [(f["rule"], f["vulnerability"], f["path"][len(path):], f["message"])
                  for f in (d or {"findings": []})["findings"] if f.get("vulnerability")]
            results[form] = vs
            ok(d is not None and p.returncode in (0, 1) and vs and
               not [f for f in d["findings"] if f["rule"] == "BH1007"],
               "%s: matched against Debian:12 (%d findings)" % (form, len(vs)), p.stderr)
        vs = results["OCI layout"]
        if len(forms) > 1:
            strip = [(r, v, m[:m.rfind(" (layer")]) for r, v, _, m in results["docker-archive"]]
            ok(strip == [(r, v, m[:m.rfind(" (layer")]) for r, v, _, m in vs],
               "docker-archive and OCI layout: the same vulnerabilities")
        found = {(v["package"], v["id"]): (r, v) for r, v, _, _ in vs}
        for name, inst, vid, fixed in UNFIXED:
            r, v = found.get((name, vid), (None, None))
            now = pkgs.get(name, (None, None))[1]
            ok(r == "BH1008" and v["fixed_version"] is fixed and v["installed_version"] == now,
               "checked by hand: %s %s %s has no fix (BH1008)%s" %
               (name, inst, vid, "" if now == inst else
                " (T now has %s: the advisory has no fix for any version)" % now), (r, v))
        for name, vid, fixed in FIXED_BELOW:
            inst = pkgs.get(name, (None, "0"))[1]
            ok((name, vid) not in found and dpkg_lt(fixed, inst),
               "checked by hand: %s %s %s fixed in %s, so not reported" % (name, inst, vid, fixed),
               found.get((name, vid)))
        loc = [x for x in vs if x[1]["package"] == "apt"]
        ok(loc and loc[0][2] == ":/var/lib/dpkg/status" and "(layer 1 sha256:" in loc[0][3],
           "findings point at the package's entry in /var/lib/dpkg/status, layer named", loc[:1])
        bad = [v for _, v, _, _ in vs if v["fixed_version"] and
               not dpkg_lt(v["installed_version"], v["fixed_version"])]
        ok(not bad, "no finding claims a fixed version <= the installed one", bad[:5])
        mine = {(v["package"], v["id"], v["fixed_version"]) for _, v, _, _ in vs}
        want_set = oracle(zpath, pkgs)
        ok(mine == want_set, "the %d findings equal an independent computation over the zip "
           "(dpkg --compare-versions as the oracle, all %d packages)" % (len(mine), want),
           "only bulkhead: %s\nonly the oracle: %s" % (sorted(mine - want_set)[:10],
                                                       sorted(want_set - mine)[:10]))
        p, d = run("image", "--format", "json", "--db", db, "--only", vr, "--ignore-unfixed",
                   layout)
        ok(d is not None and len([f for f in d["findings"] if f["rule"] == "BH1008"]) == 0 and
           len([f for f in d["findings"] if f["rule"] == "BH1006"]) ==
           len([x for x in want_set if x[2]]), "--ignore-unfixed leaves only the fixed ones")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        print("1..%d" % count)


if __name__ == "__main__":
    main()
    sys.exit(1 if failed else 0)
