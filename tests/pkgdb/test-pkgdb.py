#!/usr/bin/env python3
"""Package databases through `bulkhead host`, speaking TAP.

usage: test-pkgdb.py BULKHEAD_EXE SOURCE_DIR SCHEMA_DIR

- A real SQLite rpmdb: two noarch packages and a subpackage built with
  rpmbuild from spec files written here, installed with
  `rpm --dbpath D -i --justdb`; bulkhead's list must equal `rpm -qa`.
- Root trees written here (Debian with dpkg status, distroless status.d,
  Alpine, a broken status, a Berkeley DB rpmdb): the package count, the OS,
  the findings (BH9020, BH9021) with file and line, exit codes.
- The SBOMs of those roots: valid against the CycloneDX 1.5 and SPDX 2.3
  schemas (skipped, saying so, when ../shared is absent) and equal to the
  golden files of tests/pkgdb/golden (BH_UPDATE_GOLDEN=1 rewrites them).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

EXE = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
SCHEMAS = os.path.abspath(sys.argv[3])
GOLDEN = os.path.join(SRC, "tests", "pkgdb", "golden")
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
        if diag is not None:
            for line in str(diag).splitlines()[:40]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def skip(name, why):
    global count
    count += 1
    print("ok %d - %s # SKIP %s" % (count, name, why))


def host(cwd, root, fmt, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")  # 2026-01-01
    p = subprocess.run([EXE, "host", "--root", root, "--format", fmt] + list(args), cwd=cwd,
                       capture_output=True, text=True, timeout=120, env=env)
    try:
        d = json.loads(p.stdout)
    except ValueError:
        d = None
    return p, d


def write(root, rel, text, mode="w"):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def findings(d, rule):
    return [f for f in d["findings"] if f["rule"] == rule] if d else []


def dump(d):
    if not d:
        return "no JSON"
    return "\n".join("%s %s:%s %s" % (f["rule"], f.get("path"), f.get("line"), f["message"])
                     for f in d["findings"])


def validate(kind, doc, name):
    try:
        errs = (sbomcheck.validate_cyclonedx if kind == "cyclonedx"
                else sbomcheck.validate_spdx)(SCHEMAS, doc)
    except sbomcheck.Unavailable as e:
        skip(name, str(e))
        return
    ok(not errs, name, "\n".join(errs[:20]))


def golden(name, text):
    path = os.path.join(GOLDEN, name)
    if os.environ.get("BH_UPDATE_GOLDEN"):
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    try:
        with open(path) as f:
            want = f.read()
    except OSError:
        want = None
    ok(want == text, "%s matches the golden file" % name,
       "missing (BH_UPDATE_GOLDEN=1 writes it)" if want is None else
       "\n".join(l for l in __import__("difflib").unified_diff(
           want.splitlines(), text.splitlines(), "golden", "output", lineterm=""))[:3000])


# ---- root trees ----

DPKG_STATUS = """Package: base-files
Status: install ok installed
Priority: required
Architecture: amd64
Version: 12.4+deb12u5
Description: Debian base system miscellaneous files
 This package contains the basic filesystem hierarchy.
 .
 It also contains the /etc/os-release file.

Package: libgcc-s1
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: gcc-12 (12.2.0-14)
Version: 12.2.0-14+deb12u1
Depends: gcc-12-base (= 12.2.0-14+deb12u1), libc6 (>= 2.35)

Package: login
Status: install ok installed
Architecture: amd64
Source: shadow
Version: 1:4.13+dfsg1-1+b1

Package: vim-tiny
Status: deinstall ok config-files
Architecture: amd64
Version: 2:9.0.1378-2

Package: libc6
Status: install ok installed
Architecture: i386
Source: glibc
Version: 2.36-9+deb12u4
"""

OS_DEBIAN = """PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
"""

APK_DB = """C:Q1x0=
P:musl
V:1.2.4_git20230717-r4
A:x86_64
S:383152
I:622592
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1704397200
c:somecommit

P:libcrypto3
V:3.1.4-r5
A:x86_64
L:Apache-2.0
o:openssl
D:so:libc.musl-x86_64.so.1

"""


def make_roots(tmp):
    roots = {}
    r = os.path.join(tmp, "debian")
    write(r, "usr/lib/os-release", OS_DEBIAN)
    os.makedirs(os.path.join(r, "etc"))
    os.symlink("../usr/lib/os-release", os.path.join(r, "etc/os-release"))
    write(r, "etc/debian_version", "12.5\n")
    write(r, "var/lib/dpkg/status", DPKG_STATUS)
    roots["debian"] = r

    r = os.path.join(tmp, "distroless")
    write(r, "etc/os-release", OS_DEBIAN)
    write(r, "var/lib/dpkg/status.d/base", "Package: base-files\nVersion: 12.4+deb12u5\n"
          "Architecture: amd64\nMaintainer: Santiago Vila <sanvila@debian.org>\n")
    write(r, "var/lib/dpkg/status.d/base.md5sums", "0123  etc/debian_version\n")
    write(r, "var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\n"
          "Architecture: all\n")
    write(r, "var/lib/dpkg/status.d/libssl3", "Package: libssl3\nVersion: 3.0.11-1~deb12u2\n"
          "Architecture: amd64\nSource: openssl\n")
    roots["distroless"] = r

    r = os.path.join(tmp, "alpine")
    write(r, "etc/alpine-release", "3.19.1\n")
    write(r, "usr/lib/apk/db/installed", APK_DB)  # apk-tools v3 path
    roots["alpine"] = r

    r = os.path.join(tmp, "broken")
    write(r, "etc/os-release", OS_DEBIAN)
    write(r, "var/lib/dpkg/status", "Package: ok\nStatus: install ok installed\nVersion: 1\n\n"
          "Package: noversion\nStatus: install ok installed\nArchitecture: all\n")
    roots["broken"] = r

    r = os.path.join(tmp, "centos7")
    write(r, "etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n")
    page = bytearray(4096)
    page[12:16] = (0x061561).to_bytes(4, "little")
    write(r, "var/lib/rpm/Packages", bytes(page), "wb")
    roots["centos7"] = r
    return roots


def test_roots(tmp):
    roots = make_roots(tmp)
    expect = {"debian": 4, "distroless": 3, "alpine": 2}
    for name, n in expect.items():
        p, d = host(tmp, name, "json")
        facts = d["host"]["facts"] if d else {}
        ok(d is not None and facts.get("packages") == str(n) and
           not findings(d, "BH9020") and not findings(d, "BH9021"),
           "%s: %d packages, no package database finding" % (name, n),
           (facts, dump(d), p.stderr))
    p, d = host(tmp, "debian", "json")
    ok(d and d["host"]["facts"]["os"] == "Debian GNU/Linux 12 (bookworm)" and
       d["host"]["facts"]["package_db"] == "dpkg (4 packages)",
       "debian: the OS from the os-release link, the database named", d and d["host"]["facts"])

    p, d = host(tmp, "broken", "json")
    f = findings(d, "BH9021")
    ok(d is not None and p.returncode == 2 and len(f) == 1 and f[0]["line"] == 5 and
       f[0]["path"] == "broken/var/lib/dpkg/status" and "no Version" in f[0]["message"] and
       d["host"]["facts"]["packages"] == "1",
       "a stanza without Version: BH9021 at its line, exit 2, the rest listed", dump(d))

    p, d = host(tmp, "centos7", "json")
    f = findings(d, "BH9020")
    ok(d is not None and p.returncode == 2 and len(f) == 1 and
       f[0]["path"] == "centos7/var/lib/rpm/Packages" and "Berkeley DB" in f[0]["message"] and
       f[0]["severity"] == "medium" and d["host"]["facts"]["packages"] == "0",
       "a Berkeley DB rpmdb: BH9020 naming the format, exit 2, never a silent empty list",
       dump(d))
    ok(d is not None and "does not read" in d["host"]["facts"]["package_db"],
       "centos7: the package_db fact says why nothing was read", d and d["host"]["facts"])

    for name in ("debian", "distroless", "alpine"):
        for kind, ext in (("cyclonedx", "cdx.json"), ("spdx", "spdx.json")):
            p, d = host(tmp, name, kind)
            if not ok(d is not None and p.returncode in (0, 1),
                      "%s: --format %s writes JSON" % (name, kind), p.stderr):
                continue
            validate(kind, d, "%s: the %s SBOM is valid against its schema" % (name, kind))
            golden("%s.%s" % (name, ext), p.stdout)
    p, d = host(tmp, "debian", "cyclonedx")
    purls = [c.get("purl") for c in d["components"]] if d else []
    ok("pkg:deb/debian/login@1:4.13%2Bdfsg1-1%2Bb1?arch=amd64&distro=debian-12" in purls and
       "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=i386&distro=debian-12" in purls,
       "debian: purls keep the epoch's ':' and encode '+'", purls)
    p, d = host(tmp, "alpine", "spdx")
    locs = [r["referenceLocator"] for pk in (d or {}).get("packages", [])
            for r in pk.get("externalRefs", [])]
    ok("pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1" in locs,
       "alpine: apk purl with distro=3.19.1", locs)
    p, d = host(tmp, "debian", "cyclonedx", "-o", os.path.join(tmp, "out.json"))
    ok(p.returncode == 0 and p.stdout == "" and
       json.load(open(os.path.join(tmp, "out.json")))["bomFormat"] == "CycloneDX",
       "-o FILE writes the SBOM there", p.stderr)
    p = subprocess.run([EXE, "host", "--root", "debian", "--format", "spdx"], cwd=tmp,
                       env=dict(os.environ, SOURCE_DATE_EPOCH="soon"), capture_output=True,
                       text=True)
    ok(p.returncode == 2 and "SOURCE_DATE_EPOCH" in p.stderr,
       "a SOURCE_DATE_EPOCH that is not a number: usage error", p.stderr)


# ---- a real rpmdb ----

SPECS = {
    "alpha": """Name: bh-alpha
Version: 1.2
Release: 3.bh1
Epoch: 2
Summary: bulkhead test package
License: MIT
BuildArch: noarch
%description
A package with an epoch.
%files
""",
    "beta": """Name: bh-beta
Version: 0.9~rc1
Release: 1
Summary: bulkhead test package
License: GPL-2.0-or-later AND BSD-3-Clause
BuildArch: noarch
%description
A package with a tilde version and a subpackage.
%package -n bh-beta-libs
Summary: the libs
License: LGPL-2.1-or-later
%description -n bh-beta-libs
libs
%files
%files -n bh-beta-libs
""",
}


def test_rpmdb(tmp):
    if not shutil.which("rpmbuild") or not shutil.which("rpm"):
        skip("a real SQLite rpmdb", "rpm / rpmbuild not installed (apt install rpm)")
        return
    backend = subprocess.run(["rpm", "--eval", "%_db_backend"], capture_output=True,
                             text=True).stdout.strip()
    if not ok(backend == "sqlite", "rpm's database backend is sqlite", backend):
        return
    top = os.path.join(tmp, "rpmtop")
    for name, spec in SPECS.items():
        path = os.path.join(tmp, name + ".spec")
        with open(path, "w") as f:
            f.write(spec)
        p = subprocess.run(["rpmbuild", "--define", "_topdir " + top,
                            "--define", "_build_id_links none", "-bb", path],
                           capture_output=True, text=True, timeout=120)
        if not ok(p.returncode == 0, "rpmbuild %s" % name, p.stderr[-2000:]):
            return
    rpms = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(top) for f in fs
                  if f.endswith(".rpm"))
    root = os.path.join(tmp, "fedora")
    dbdir = os.path.join(root, "usr/lib/sysimage/rpm")
    os.makedirs(dbdir)
    write(root, "etc/os-release", 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=39\n'
          'PRETTY_NAME="Fedora Linux 39"\n')
    p = subprocess.run(["rpm", "--dbpath", dbdir, "--initdb"], capture_output=True, text=True)
    ok(p.returncode == 0, "rpm --initdb", p.stderr)
    p = subprocess.run(["rpm", "--dbpath", dbdir, "-i", "--nodeps", "--justdb", "--noscripts"]
                       + rpms, capture_output=True, text=True, timeout=120)
    ok(p.returncode == 0 and os.path.exists(os.path.join(dbdir, "rpmdb.sqlite")),
       "rpm -i --justdb into an SQLite rpmdb (%d packages)" % len(rpms), p.stderr)
    p = subprocess.run(["rpm", "--dbpath", dbdir, "-qa", "--qf",
                        r"%{NAME}\t%{EPOCH}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{LICENSE}\t"
                        r"%{SOURCERPM}\n"], capture_output=True, text=True)
    want = set()
    for line in p.stdout.splitlines():
        name, epoch, vr, arch, lic, srpm = line.split("\t")
        version = vr if epoch == "(none)" else "%s:%s" % (epoch, vr)
        src = srpm[:-len(".src.rpm")].rsplit("-", 2)
        want.add((name, version, arch, lic, src[0], "-".join(src[1:])))
    ok(len(want) == 3, "rpm -qa lists the three packages", p.stdout)
    # only the database file: rpm's -shm/-wal/.rpm.lock are not needed
    for extra in os.listdir(dbdir):
        if extra != "rpmdb.sqlite":
            os.unlink(os.path.join(dbdir, extra))

    p, d = host(tmp, "fedora", "cyclonedx")
    got = set()
    for c in (d or {}).get("components", []):
        if c["type"] != "library":
            continue
        props = {x["name"]: x["value"] for x in c.get("properties", [])}
        vr = c["version"].split(":", 1)[-1]
        got.add((c["name"], c["version"], c["purl"].split("arch=")[1].split("&")[0],
                 c["licenses"][0]["license"]["name"], props["bulkhead:package:source"],
                 props.get("bulkhead:package:source_version", vr)))
    ok(got == want, "bulkhead's rpm packages equal rpm -qa (name, [epoch:]version-release, "
       "arch, license, source RPM)", "want %s\ngot  %s" % (sorted(want), sorted(got)))
    purls = [c.get("purl") for c in (d or {}).get("components", [])]
    ok("pkg:rpm/fedora/bh-alpha@1.2-3.bh1?arch=noarch&distro=fedora-39&epoch=2" in purls,
       "rpm purl: epoch as a qualifier, distro fedora-39", purls)
    if d:
        validate("cyclonedx", d, "fedora: the CycloneDX SBOM is valid against its schema")
    p, d = host(tmp, "fedora", "spdx")
    if d:
        validate("spdx", d, "fedora: the SPDX SBOM is valid against its schema")
    p, d = host(tmp, "fedora", "json")
    ok(d is not None and d["host"]["facts"]["packages"] == "3" and
       d["host"]["facts"]["package_db"] == "rpm (3 packages)" and
       all(f["rule"][:3] != "BH9" for f in d["findings"]),
       "fedora: 3 rpm packages on the host, no input finding", dump(d))
    # the same database under /var/lib/rpm, damaged: BH9021, exit 2
    data = open(os.path.join(dbdir, "rpmdb.sqlite"), "rb").read()
    shutil.rmtree(os.path.join(root, "usr/lib/sysimage"))
    write(root, "var/lib/rpm/rpmdb.sqlite", data[:100] + b"\xff" * (len(data) - 100), "wb")
    p, d = host(tmp, "fedora", "json")
    f = findings(d, "BH9021")
    ok(d is not None and p.returncode == 2 and len(f) >= 1 and
       f[0]["path"] == "fedora/var/lib/rpm/rpmdb.sqlite",
       "a damaged rpmdb.sqlite: BH9021, exit 2", dump(d))


def main():
    tmp = tempfile.mkdtemp(prefix="bh-pkgdb-")
    try:
        test_roots(tmp)
        test_rpmdb(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
