#!/usr/bin/env python3
"""bulkhead image: the OS and installed packages of images the test builds
itself (tests/image/mkimage.py), their SBOMs and their vulnerabilities.

Every image is checked in four forms: OCI layout directory, OCI archive,
docker save (legacy, uncompressed layers) and docker save of Docker 25+.
- dpkg over two layers (the final status only; each package names the layer
  that wrote it), a deleted status and an opaque /var/lib/dpkg (no dpkg
  packages), distroless status.d, apk at both database paths, a real SQLite
  rpmdb built with Debian's rpm tools, a Berkeley DB rpmdb (BH9020);
- --format cyclonedx|spdx: valid against the schemas of ../shared/data
  (skipped, saying so, without them), golden files (BH_UPDATE_GOLDEN=1
  rewrites them);
- --db: BH1006/BH1008 located at the package's entry in its database file
  inside the image with the layer in the message, --ignore-unfixed,
  --no-vuln, --db-max-age, a missing database, suppression by advisory.
Prints TAP.

usage: test-image-pkgs.py BULKHEAD SOURCE_ROOT SCHEMA_DIR"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mkimage  # noqa: E402

BULKHEAD = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
SCHEMAS = os.path.abspath(sys.argv[3])
GOLDEN = os.path.join(HERE, "golden")
sys.path.insert(0, os.path.join(SRC, "tests", "pkgdb"))
import sbomcheck  # noqa: E402

TODAY = "2026-11-28"
count = 0
failed = 0


def ok(cond, name, diag=""):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", count, name))
    if not cond:
        failed += 1
        for line in str(diag).splitlines()[:40]:
            print("#   " + line)
    sys.stdout.flush()
    return cond


def skip(name, why):
    global count
    count += 1
    print("ok %d - %s # SKIP %s" % (count, name, why))


def run(*args, cwd=None, **env):
    e = dict(os.environ)
    e.pop("BULKHEAD_DB", None)
    e["BULKHEAD_TODAY"] = TODAY
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    e.update(env)
    p = subprocess.run([BULKHEAD] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=cwd, timeout=300, env=e)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def jrun(*args, **env):
    rc, out, err = run(*args, **env)
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, None, err + out


OS_DEBIAN = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
             'VERSION_ID="12"\nVERSION_CODENAME=bookworm\nID=debian\n')


def stanza(name, version, arch="amd64", source=None, status="install ok installed"):
    s = "Package: %s\nStatus: %s\nPriority: optional\nArchitecture: %s\n" % (name, status, arch)
    if source:
        s += "Source: %s\n" % source
    return s + "Version: %s\nDescription: %s, a test package\n" % (version, name)


STATUS1 = "\n".join([stanza("libc6", "2.36-9+deb12u4", source="glibc"),
                     stanza("runc", "1.1.4+ds1-1"),
                     stanza("gone", "1.0-1", arch="all")])
STATUS2 = "\n".join([stanza("libc6", "2.36-9+deb12u4", source="glibc"),
                     stanza("runc", "1.1.4+ds1-1"),
                     stanza("gone", "1.0-1", arch="all", status="deinstall ok config-files"),
                     stanza("libssl3", "3.0.11-1~deb12u2", source="openssl (3.0.11-1~deb12u2)")])


def line_of(text, what):
    return text.split("\n").index(what) + 1


BASE = [
    {"name": "usr", "type": "d"},
    {"name": "usr/lib/os-release", "data": OS_DEBIAN},
    {"name": "etc", "type": "d"},
    {"name": "etc/os-release", "type": "l", "target": "../usr/lib/os-release"},
    {"name": "etc/debian_version", "data": "12.4\n"},
]

APK_INSTALLED = ("C:Q1abc=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nL:MIT\no:musl\n\n"
                 "C:Q1def=\nP:libcrypto3\nV:3.1.4-r5\nA:x86_64\nL:Apache-2.0\no:openssl\n\n"
                 "C:Q1ghi=\nP:busybox\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n\n")


def images():
    """name -> (layers, expected facts os/packages/package_db, expected packages
    as (name, version, source, layer index) or None to skip the list)."""
    out = {}
    out["dpkg"] = ([(BASE + [{"name": "var/lib/dpkg/status", "data": STATUS1}], "none"),
                    ([{"name": "var/lib/dpkg/status", "data": STATUS2}], "gzip")],
                   ("Debian GNU/Linux 12 (bookworm)", "3", "dpkg (3 packages)"),
                   [("libc6", "2.36-9+deb12u4", "glibc", 1), ("libssl3", "3.0.11-1~deb12u2",
                                                              "openssl", 1),
                    ("runc", "1.1.4+ds1-1", "runc", 1)])
    out["dpkg-deleted"] = ([(BASE + [{"name": "var/lib/dpkg/status", "data": STATUS1}], "none"),
                            ([{"name": "var/lib/dpkg/.wh.status"}], "gzip")],
                           ("Debian GNU/Linux 12 (bookworm)", "0", "none found"), [])
    out["dpkg-opaque"] = ([(BASE + [{"name": "var/lib/dpkg/status", "data": STATUS1}], "none"),
                           ([{"name": "var/lib/dpkg/.wh..wh..opq"},
                             {"name": "var/lib/dpkg/info", "type": "d"}], "zstd")],
                          ("Debian GNU/Linux 12 (bookworm)", "0", "none found"), [])
    out["distroless"] = ([([{"name": "etc/os-release", "data": OS_DEBIAN},
                            {"name": "var/lib/dpkg/status.d/base",
                             "data": "Package: base-files\nVersion: 12.4+deb12u4\n"
                                     "Architecture: amd64\n"},
                            {"name": "var/lib/dpkg/status.d/base.md5sums",
                             "data": "d41d8cd98f00b204e9800998ecf8427e  etc/issue\n"}], "gzip"),
                          ([{"name": "var/lib/dpkg/status.d/libssl3",
                             "data": "Package: libssl3\nVersion: 3.0.11-1~deb12u2\n"
                                     "Architecture: amd64\nSource: openssl\n"}], "gzip")],
                         ("Debian GNU/Linux 12 (bookworm)", "2", "dpkg (2 packages)"),
                         [("base-files", "12.4+deb12u4", "base-files", 0),
                          ("libssl3", "3.0.11-1~deb12u2", "openssl", 1)])
    apk_pkgs = [("busybox", "1.36.1-r15", "busybox", 0), ("libcrypto3", "3.1.4-r5", "openssl", 0),
                ("musl", "1.2.4_git20230717-r4", "musl", 0)]
    out["apk-v2"] = ([([{"name": "etc/alpine-release", "data": "3.19.1\n"},
                        {"name": "lib/apk/db/installed", "data": APK_INSTALLED}], "gzip")],
                     ("Alpine Linux v3.19.1", "3", "apk (3 packages)"), apk_pkgs)
    out["apk-v3"] = ([([{"name": "etc/alpine-release", "data": "3.19.1\n"},
                        {"name": "usr/lib/apk/db/installed", "data": APK_INSTALLED},
                        {"name": "lib/apk/db/installed", "type": "l",
                         "target": "../../../usr/lib/apk/db/installed"}], "gzip")],
                     ("Alpine Linux v3.19.1", "3", "apk (3 packages)"), apk_pkgs)
    page = bytearray(4096)
    page[12:16] = (0x061561).to_bytes(4, "little")
    out["rpm-bdb"] = ([([{"name": "etc/redhat-release",
                          "data": "CentOS Linux release 7.9.2009 (Core)\n"},
                         {"name": "var/lib/rpm/Packages", "data": bytes(page)}], "gzip")],
                      ("CentOS Linux release 7.9.2009 (Core)", "0", "none found"), [])
    return out


def forms(tmp, name, im):
    """form name -> (path, layer digests as the report names them)."""
    d = os.path.join(tmp, name)
    os.makedirs(d, exist_ok=True)
    blobs = [mkimage.sha(b) for b in im.blobs]
    raws = [mkimage.sha(r) for r in im.raw]
    out = {}
    mkimage.write_dir(f"{d}/layout", mkimage.layout_files([im]))
    out["OCI layout"] = (f"{d}/layout", blobs)
    mkimage.write_tar(f"{d}/oci.tar", mkimage.layout_files([im]))
    out["OCI archive"] = (f"{d}/oci.tar", blobs)
    files, links = mkimage.docker_legacy_files(im)
    mkimage.write_tar(f"{d}/docker.tar", files, links)
    out["docker-archive"] = (f"{d}/docker.tar", raws)
    mkimage.write_tar(f"{d}/docker25.tar", mkimage.docker25_files(im))
    out["docker-archive (Docker 25+)"] = (f"{d}/docker25.tar", blobs)
    return out


def sbom_packages(doc):
    """(name, version, source, layer digest, file) of a CycloneDX SBOM."""
    got = []
    for c in (doc or {}).get("components", []):
        if c["type"] != "library":
            continue
        pr = {x["name"]: x["value"] for x in c.get("properties", [])}
        got.append((c["name"], c["version"], pr.get("bulkhead:package:source"),
                    pr.get("bulkhead:package:layer"), pr.get("bulkhead:package:file")))
    return sorted(got)


def validate(kind, doc, name):
    try:
        errs = (sbomcheck.validate_cyclonedx if kind == "cyclonedx"
                else sbomcheck.validate_spdx)(SCHEMAS, doc)
    except sbomcheck.Unavailable as e:
        skip(name, e)
        return
    ok(doc is not None and not errs, name, "\n".join(errs[:20]))


def golden(name, text):
    path = os.path.join(GOLDEN, name)
    if os.environ.get("BH_UPDATE_GOLDEN") == "1":
        os.makedirs(GOLDEN, exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    try:
        want = open(path).read()
    except OSError:
        want = None
    ok(text == want, "golden %s" % name,
       "missing (BH_UPDATE_GOLDEN=1 writes it)" if want is None else text[:3000])


def check_packages(tmp):
    db_files = {"dpkg": "/var/lib/dpkg/status", "distroless": None, "apk-v2":
                "/lib/apk/db/installed", "apk-v3": "/usr/lib/apk/db/installed"}
    for name, (layers, facts, pkgs) in images().items():
        im = mkimage.Image(layers, {"config": {"User": "1000"}}, name="example.com/%s:1" % name)
        for form, (path, digests) in forms(tmp, name, im).items():
            rc, d, err = jrun("image", "--format", "json", "--no-vuln", path)
            fa = d["files"][0].get("facts", {}) if d else {}
            got = (fa.get("os"), fa.get("packages"), fa.get("package_db"))
            ok(got == facts, "%s, %s: os, packages, package_db facts" % (name, form),
               "got %s\n%s" % (got, err))
            inputs = sorted((f["rule"], f["path"][len(path):], f["line"]) for f in
                            (d or {"findings": []})["findings"] if f["rule"].startswith("BH9"))
            if name == "rpm-bdb":
                ok(rc == 2 and inputs == [("BH9020", ":/var/lib/rpm/Packages", None)] and
                   "Berkeley DB" in json.dumps(d["findings"]),
                   "%s, %s: BH9020 names the Berkeley DB, exit 2" % (name, form), (rc, inputs))
                continue
            # Alpine 3.19 is past its end of life (BH1003): exit 1
            ok(rc == (1 if name.startswith("apk") else 0) and inputs == [],
               "%s, %s: no input finding" % (name, form), (rc, inputs, err))
            rc, c, err = jrun("image", "--format", "cyclonedx", path)
            want = []
            for n, v, s, li in pkgs:
                f = db_files.get(name) or "/var/lib/dpkg/status.d/" + \
                    ("base" if n == "base-files" else n)
                want.append((n, v, s, digests[li], f))
            ok(rc in (0, 1) and sbom_packages(c) == sorted(want),
               "%s, %s: the final packages, each with the layer that wrote its database" %
               (name, form), "want %s\ngot  %s\n%s" % (sorted(want), sbom_packages(c), err))
    rc, out, err = run("image", "--no-vuln", os.path.join(tmp, "dpkg", "layout"))
    ok(rc == 0 and "\n  os                 Debian GNU/Linux 12 (bookworm)\n" in out and
       "\n  packages           3\n" in out and "\n  package_db         dpkg (3 packages)\n" in out,
       "text output shows the image's OS and package count", out)
    rc, out, err = run("image", "-q", "--no-vuln", os.path.join(tmp, "dpkg", "layout"))
    ok(rc == 0 and "packages" not in out, "-q leaves the facts out", out)
    rc, d, err = jrun("image", "--format", "sarif", "--no-vuln",
                      os.path.join(tmp, "dpkg", "layout"))
    props = d["runs"][0]["artifacts"][0]["properties"] if d else {}
    ok(props.get("facts", {}).get("packages") == "3", "SARIF artifacts carry the facts", props)


RPM_SPEC = """Name: bhimg-tool
Version: 4.2
Release: 7.bh
Epoch: 1
Summary: bulkhead image test package
License: Apache-2.0
BuildArch: noarch
%description
An rpm in a test image.
%package -n bhimg-tool-data
Summary: its data
License: CC0-1.0
%description -n bhimg-tool-data
data
%files
%files -n bhimg-tool-data
"""


def check_rpm(tmp):
    if not shutil.which("rpmbuild") or not shutil.which("rpm"):
        skip("a real SQLite rpmdb in an image", "rpm / rpmbuild not installed (apt install rpm)")
        return
    top = os.path.join(tmp, "rpmtop")
    spec = os.path.join(tmp, "bhimg.spec")
    with open(spec, "w") as f:
        f.write(RPM_SPEC)
    p = subprocess.run(["rpmbuild", "--define", "_topdir " + top, "--define",
                        "_build_id_links none", "-bb", spec], capture_output=True, text=True,
                       timeout=120)
    if not ok(p.returncode == 0, "rpmbuild the test packages", p.stderr[-2000:]):
        return
    rpms = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(top) for f in fs
                  if f.endswith(".rpm"))
    dbdir = os.path.join(tmp, "rpmdb")
    os.makedirs(dbdir)
    p = subprocess.run(["rpm", "--dbpath", dbdir, "--initdb"], capture_output=True, text=True)
    p2 = subprocess.run(["rpm", "--dbpath", dbdir, "-i", "--nodeps", "--justdb", "--noscripts"] +
                        rpms, capture_output=True, text=True, timeout=120)
    dbfile = os.path.join(dbdir, "rpmdb.sqlite")
    if not ok(p.returncode == 0 and p2.returncode == 0 and os.path.exists(dbfile),
              "rpm --initdb and -i --justdb into an SQLite rpmdb", p.stderr + p2.stderr):
        return
    q = subprocess.run(["rpm", "--dbpath", dbdir, "-qa", "--qf",
                        r"%{NAME}\t%{EPOCH}:%{VERSION}-%{RELEASE}\n"], capture_output=True,
                       text=True)
    want_rpm = sorted(tuple(x.split("\t")) for x in q.stdout.splitlines())
    data = open(dbfile, "rb").read()
    layers = [([{"name": "etc/os-release", "data": 'NAME="Fedora Linux"\nID=fedora\n'
                 'VERSION_ID=39\nPRETTY_NAME="Fedora Linux 39 (Container Image)"\n'}], "gzip"),
              ([{"name": "usr/lib/sysimage/rpm/rpmdb.sqlite", "data": data}], "zstd")]
    im = mkimage.Image(layers, {"config": {"User": "1000"}}, name="example.com/fedora-bh:39")
    for form, (path, digests) in forms(tmp, "rpm", im).items():
        rc, c, err = jrun("image", "--format", "cyclonedx", path)
        got = sbom_packages(c)
        # Fedora 39 is past its end of life (BH1003): exit 1
        ok(rc == 1 and sorted((n, v) for n, v, *_ in got) == want_rpm and
           all(x[3] == digests[1] and x[4] == "/usr/lib/sysimage/rpm/rpmdb.sqlite"
               for x in got),
           "rpm, %s: the packages rpm -qa lists, from layer 2" % form,
           "want %s\ngot  %s\n%s" % (want_rpm, got, err))
        rc, d, err = jrun("image", "--format", "json", "--no-vuln", path)
        fa = d["files"][0].get("facts", {}) if d else {}
        ok(fa.get("os") == "Fedora Linux 39 (Container Image)" and
           fa.get("package_db") == "rpm (2 packages)", "rpm, %s: facts" % form, fa)
        if form == "OCI layout":
            validate("cyclonedx", c, "rpm: the CycloneDX SBOM validates")


def check_sbom(tmp):
    path = os.path.join(tmp, "dpkg", "layout")
    rc, cdx, err = run("image", "--format", "cyclonedx", path)
    c = json.loads(cdx) if rc == 0 else None
    meta = (c or {}).get("metadata", {}).get("component", {})
    cfg = mkimage.Image(images()["dpkg"][0], {"config": {"User": "1000"}}).config
    ok(meta.get("name") == "example.com/dpkg:1" and meta.get("type") == "container" and
       meta.get("version") == mkimage.sha(cfg),
       "CycloneDX subject: the image's name and its configuration digest", (meta, err))
    validate("cyclonedx", c, "the image's CycloneDX SBOM validates against CycloneDX 1.5")
    golden("dpkg.cdx.json", cdx)
    rc, spdx, err = run("image", "--format", "spdx", path)
    s = json.loads(spdx) if rc == 0 else None
    validate("spdx", s, "the image's SPDX SBOM validates against SPDX 2.3")
    golden("dpkg.spdx.json", spdx)
    subj = [p for p in (s or {}).get("packages", []) if p["SPDXID"] == "SPDXRef-Subject"]
    ok(subj and subj[0]["name"] == "example.com/dpkg:1" and
       subj[0].get("primaryPackagePurpose") == "CONTAINER", "SPDX subject: the image", subj)
    # the same image in another form gives the same SBOM (layer digests aside)
    rc, cdx2, err = run("image", "--format", "cyclonedx",
                        os.path.join(tmp, "dpkg", "oci.tar"))
    ok(rc == 0 and cdx2 == cdx, "OCI archive and OCI layout: the same SBOM", err)
    ok('"value": "/var/lib/dpkg/status"' in cdx and tmp not in cdx,
       "the SBOM names database files by their path in the image", cdx[:2000])
    rc, out, err = run("image", "--format", "cyclonedx", path, path)
    ok(rc == 2 and "one image" in err, "an SBOM of two images: usage error", err)
    out_file = os.path.join(tmp, "sbom.json")
    rc, out, err = run("image", "--format", "spdx", "-o", out_file, path)
    ok(rc == 0 and out == "" and open(out_file).read() == spdx, "-o writes the SBOM to a file")
    rc, out, err = run("image", "--format", "spdx", path, SOURCE_DATE_EPOCH="soon")
    ok(rc == 2 and "SOURCE_DATE_EPOCH" in err, "a bad SOURCE_DATE_EPOCH: usage error", err)
    rc, out, err = run("image", "--format", "cyclonedx", os.path.join(tmp, "missing"))
    ok(rc == 2 and out == "" and "no SBOM" in err, "an unreadable image: no SBOM, exit 2", err)
    # with input problems the SBOM lists what was read, the exit code says 2
    rc, out, err = run("image", "--format", "cyclonedx", os.path.join(tmp, "rpm-bdb", "layout"))
    ok(rc == 2 and json.loads(out)["bomFormat"] == "CycloneDX",
       "a Berkeley DB rpmdb: the SBOM is written, exit 2", err)


OSV = {
    "IMG-RUNC-1": {"upstream": ["CVE-2099-1001"], "related": ["DSA-9101-1"],
                   "severity": [{"type": "CVSS_V3",
                                 "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                   "affected": [("Debian:12", "runc", "1.1.5+ds1-1")]},
    "IMG-OPENSSL-1": {"upstream": ["CVE-2099-1002"],
                      "affected": [("Debian:12", "openssl", None),
                                   ("Alpine:v3.19", "openssl", "3.1.4-r6")]},
    "IMG-GLIBC-OLD": {"upstream": ["CVE-2099-1003"],
                      "affected": [("Debian:12", "glibc", "2.36-9+deb12u1")]},
}


def write_osv(d):
    os.makedirs(d)
    for vid, r in OSV.items():
        rec = {"id": vid, "modified": "2026-01-01T00:00:00Z", "upstream": r["upstream"],
               "summary": vid + ": a test advisory", "affected": []}
        for k in ("related", "severity"):
            if k in r:
                rec[k] = r[k]
        for eco, name, fixed in r["affected"]:
            ev = [{"introduced": "0"}] + ([{"fixed": fixed}] if fixed else [])
            rec["affected"].append({"package": {"ecosystem": eco, "name": name},
                                    "ranges": [{"type": "ECOSYSTEM", "events": ev}]})
        with open(os.path.join(d, vid + ".json"), "w") as f:
            json.dump(rec, f, indent=2)


def vlines(d, path):
    out = []
    for f in (d or {"findings": []})["findings"]:
        if f["suppressed"] or not f["rule"].startswith("BH10"):
            continue
        p = f["path"][len(path):] if f["path"].startswith(path) else f["path"]
        out.append("%s %s %s:%s %s" % (f["rule"], f["severity"], p, f["line"], f["message"]))
    return sorted(out)


def check_vuln(tmp):
    osv = os.path.join(tmp, "osv")
    write_osv(osv)
    db = os.path.join(tmp, "vuln.db")
    rc, out, err = run("db", "import", "--db", db, osv)
    if not ok(rc == 0, "bulkhead db import of the test's OSV records", out + err):
        return
    vr = "BH1006,BH1007,BH1008,BH1009"
    runc_line = line_of(STATUS2, "Package: runc")
    ssl_line = line_of(STATUS2, "Package: libssl3")
    im = mkimage.Image(images()["dpkg"][0], {"config": {"User": "1000"}}, name="example.com/d:1")
    for form, (path, digests) in forms(tmp, "vuln-dpkg", im).items():
        note = "(layer 2 %.19s)" % digests[1]
        rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, path)
        want = sorted([
            "BH1006 critical :/var/lib/dpkg/status:%d IMG-RUNC-1 (CVE-2099-1001): runc "
            "1.1.4+ds1-1 is vulnerable, fixed in 1.1.5+ds1-1 (Debian:12; related DSA-9101-1) %s"
            % (runc_line, note),
            "BH1008 low :/var/lib/dpkg/status:%d IMG-OPENSSL-1 (CVE-2099-1002): libssl3 "
            "3.0.11-1~deb12u2 (source openssl) is vulnerable, no fix yet (Debian:12) %s" % (ssl_line, note),
        ])
        ok(rc == 1 and vlines(d, path) == want,
           "%s: BH1006/BH1008 at the package's entry, the layer named" % form,
           "got  %s\nwant %s\n%s" % (vlines(d, path), want, err))
        fa = d["files"][0]["facts"] if d else {}
        ok(fa.get("vuln_db") == "%s (updated %s)" % (db, TODAY) and
           fa.get("vuln_ecosystem") == "Debian:12: 3 packages, 2 advisory matches",
           "%s: facts name the database and the ecosystem" % form, fa)
    path = os.path.join(tmp, "vuln-dpkg", "layout")
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, path)
    v = [f["vulnerability"] for f in (d or {"findings": []})["findings"]
         if f["rule"] == "BH1006"]
    ok(v == [{"id": "IMG-RUNC-1", "cve": "CVE-2099-1001", "related": "DSA-9101-1",
              "ecosystem": "Debian:12", "package": "runc", "source_package": "runc",
              "installed_version": "1.1.4+ds1-1", "fixed_version": "1.1.5+ds1-1",
              "severity_source": "cvss:9.8"}], "the JSON vulnerability object", v)
    try:
        import jsonschema
        with open(os.path.join(SRC, "docs", "bulkhead-report.schema.json")) as f:
            schema = json.load(f)
        errs = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(d)] if d \
            else ["no report"]
        ok(not errs, "the image report with facts and vulnerabilities validates against "
           "docs/bulkhead-report.schema.json", errs[:5])
    except ImportError:
        skip("report schema validation", "python3-jsonschema is absent")
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, "--ignore-unfixed",
                      path)
    ok([x.split()[0] for x in vlines(d, path)] == ["BH1006"], "--ignore-unfixed hides BH1008",
       vlines(d, path))
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--no-vuln", path)
    ok(rc == 0 and vlines(d, path) == [] and "vuln_db" not in d["files"][0]["facts"],
       "--no-vuln: no matching", vlines(d, path))
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, "--db-max-age", "3",
                      path, BULKHEAD_TODAY="2026-12-10")
    ok(any(x.startswith("BH1009 low %s:None the vulnerability database was last updated 12 "
                        "days ago" % db) for x in vlines(d, path)) and
       any("last updated %s" % TODAY in w for w in d["warnings"]),
       "older than --db-max-age: BH1009 and a warning", vlines(d, path))
    rc, d, err = jrun("image", "--format", "json", "--only", vr, path,
                      BULKHEAD_DB=os.path.join(tmp, "absent.db"))
    ok(rc == 0 and [x.split()[:2] for x in vlines(d, path)] == [["BH1009", "info"]] and
       any("vulnerability matching skipped" in w for w in d["warnings"]) and
       not os.path.exists(os.path.join(tmp, "absent.db")),
       "no database: BH1009 info and a warning, nothing created", vlines(d, path))
    rc, d, err = jrun("image", "--format", "json", "--only", vr, path, BULKHEAD_DB=db)
    ok(rc == 1 and len(vlines(d, path)) == 2, "BULKHEAD_DB chooses the database", err)
    # several images: one warning, not one per image
    rc, d, err = jrun("image", "--format", "json", "--only", vr, path, path,
                      BULKHEAD_DB=os.path.join(tmp, "absent.db"))
    ok(d and len([w for w in d["warnings"] if "matching skipped" in w]) == 1,
       "no database, two images: the warning once", d and d["warnings"])
    # an image without packages needs no database
    bare = mkimage.Image([([{"name": "app", "data": "x"}], "gzip")], {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/bare", mkimage.layout_files([bare]))
    rc, d, err = jrun("image", "--format", "json", f"{tmp}/bare",
                      BULKHEAD_DB=os.path.join(tmp, "absent.db"))
    ok(rc == 0 and d["findings"] == [] and d["warnings"] == [],
       "an image without packages: no matching, no warning", d)

    cfg = os.path.join(tmp, "bulkhead.yaml")
    with open(cfg, "w") as f:
        f.write("suppressions:\n  - advisory: IMG-RUNC-1\n    reason: runc is never run here\n"
                "    expires: 2027-06-30\n  - advisory: cve-2099-1002\n"
                "    reason: no TLS in this image\n")
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, "--config", cfg,
                      path)
    sup = {f["vulnerability"]["id"]: f["suppressed"] for f in (d or {"findings": []})["findings"]
           if f.get("vulnerability")}
    ok(rc == 0 and sup.get("IMG-RUNC-1", {}).get("reason") == "runc is never run here" and
       sup.get("IMG-OPENSSL-1", {}).get("kind") == "config",
       "suppression by advisory ID and by CVE in .bulkhead.yaml, exit 0", (rc, sup))

    # Alpine: matched by origin, at the apk database's entry
    alp = mkimage.Image(images()["apk-v3"][0], {"config": {"User": "1"}})
    for form, (apath, digests) in forms(tmp, "vuln-apk", alp).items():
        rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, apath)
        want = ["BH1006 medium :/usr/lib/apk/db/installed:%d IMG-OPENSSL-1 (CVE-2099-1002): "
                "libcrypto3 3.1.4-r5 (source openssl) is vulnerable, fixed in 3.1.4-r6 "
                "(Alpine:v3.19) (layer 1 %.19s)" % (line_of(APK_INSTALLED, "P:libcrypto3"),
                                                    digests[0])]
        ok(rc == 1 and vlines(d, apath) == want,
           "%s: an Alpine package matched by its origin" % form,
           "got  %s\nwant %s\n%s" % (vlines(d, apath), want, err))
    # distroless: the package's own file in status.d/
    dl = os.path.join(tmp, "distroless", "layout")
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, dl)
    ok(rc == 0 and [x.split(" IMG")[0] for x in vlines(d, dl)] ==
       ["BH1008 low :/var/lib/dpkg/status.d/libssl3:1"],
       "distroless Debian 12: libssl3 of status.d/ matched, at its own file", vlines(d, dl))
    # a release the data does not cover: said once
    with open(os.path.join(tmp, "os13"), "w") as f:
        f.write(OS_DEBIAN.replace("12", "13").replace("bookworm", "trixie"))
    im13 = mkimage.Image([(BASE + [{"name": "var/lib/dpkg/status", "data": STATUS2}], "gzip"),
                          ([{"name": "usr/lib/os-release",
                             "data": open(os.path.join(tmp, "os13")).read()}], "gzip")],
                         {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/deb13", mkimage.layout_files([im13]))
    rc, d, err = jrun("image", "--format", "json", "--db", db, "--only", vr, f"{tmp}/deb13")
    got = vlines(d, f"{tmp}/deb13")
    ok(rc == 1 and len(got) == 1 and got[0].startswith(
        "BH1007 medium :/usr/lib/os-release:3 Debian GNU/Linux 13 (trixie) (Debian:13) is not "
        "covered") and "3 packages were not checked (layer 2 " in got[0],
       "a release the data does not cover: one BH1007 at the os-release of layer 2", got)


def main():
    tmp = tempfile.mkdtemp(prefix="bh-image-pkgs-")
    try:
        check_packages(tmp)
        check_rpm(tmp)
        check_sbom(tmp)
        check_vuln(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
