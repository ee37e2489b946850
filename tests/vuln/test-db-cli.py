#!/usr/bin/env python3
"""bulkhead db (import, update, status) and vulnerability matching through
bulkhead host, speaking TAP.

usage: test-db-cli.py BULKHEAD_EXE SOURCE_DIR SHARED_DATA_DIR

Uses the OSV records of tests/vuln/osv/ (written for these tests) and the
fixture roots of tests/vuln/fixtures/.  `db update` is pointed at a local
HTTP server this test starts (ETag / Last-Modified, 200 then 304); nothing
goes to the network.  The real feeds of SHARED_DATA_DIR/osv are imported
when present (skipped with a message otherwise) and matched by hand-checked
fixed versions.
"""
import http.server
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import zipfile

EXE = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
SHARED = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else None
OSV = os.path.join(SRC, "tests", "vuln", "osv")
FIX = os.path.join(SRC, "tests", "vuln", "fixtures")
VRULES = "BH1006,BH1007,BH1008,BH1009,BH9025"

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


def env(**extra):
    e = dict(os.environ)
    e.pop("BULKHEAD_DB", None)
    e["BULKHEAD_TODAY"] = "2026-11-28"
    e.update(extra)
    return e


def run(*args, **extra):
    return subprocess.run([EXE] + list(args), capture_output=True, text=True, timeout=300,
                          env=env(**extra))


def status(db):
    p = run("db", "status", "--db", db, "--format", "json")
    return json.loads(p.stdout) if p.returncode == 0 else None


def host(root, db, *args, **extra):
    p = run("host", "--root", root, "--db", db, "--format", "json", "--only", VRULES, *args,
            **extra)
    try:
        d = json.loads(p.stdout)
    except ValueError:
        d = None
    return p, d


def lines(d, root):
    """rule severity line:col message, for the live findings."""
    out = []
    for f in d["findings"]:
        if f["suppressed"]:
            continue
        path = f["path"]
        if path.startswith(root + "/"):
            path = path[len(root) + 1:]
        out.append("%s %s %s:%s:%s %s" % (f["rule"], f["severity"], path, f["line"],
                                          f["column"], f["message"]))
    return out


class Feed(http.server.BaseHTTPRequestHandler):
    """Serves /<Ecosystem>/all.zip from Feed.files with an ETag and a
    Last-Modified, answers 304 to a matching If-None-Match, records requests."""
    files = {}
    requests = []
    etag = '"v1"'
    last_modified = "Sat, 28 Nov 2026 10:00:00 GMT"

    def do_GET(self):
        Feed.requests.append((self.path, self.headers.get("If-None-Match"),
                              self.headers.get("If-Modified-Since")))
        body = Feed.files.get(self.path)
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.headers.get("If-None-Match") == Feed.etag:
            self.send_response(304)
            self.send_header("ETag", Feed.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", Feed.etag)
        self.send_header("Last-Modified", Feed.last_modified)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def make_zip(names):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in names:
            with open(os.path.join(OSV, n), "rb") as f:
                z.writestr(n, f.read())
    return buf.getvalue()


def main():
    tmp = tempfile.mkdtemp(prefix="bh-db-cli-")
    try:
        tests(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failed else 0


def tests(tmp):
    db = os.path.join(tmp, "vuln.db")
    deb12 = os.path.join(FIX, "deb12")
    deb13 = os.path.join(FIX, "deb13")

    # ---- usage ----
    p = run("db", "--help")
    ok(p.returncode == 0 and "bulkhead db import" in p.stdout, "db --help exits 0")
    for args, what in ((["db"], "no subcommand"), (["db", "frob"], "unknown subcommand"),
                       (["db", "import"], "import without PATH"),
                       (["db", "status", "x"], "status with an argument"),
                       (["db", "status", "--source", "https://x"], "--source outside update"),
                       (["host", "--db-max-age", "soon"], "bad --db-max-age")):
        p = run(*args)
        ok(p.returncode == 2 and "bulkhead:" in p.stderr, "usage error exits 2: " + what,
           p.stderr)
    p = run("db", "status", "--db", os.path.join(tmp, "none.db"))
    ok(p.returncode == 2 and "no vulnerability database" in p.stderr
       and not os.path.exists(os.path.join(tmp, "none.db")),
       "status of a missing database exits 2 and creates nothing", p.stderr)

    # ---- import ----
    p = run("db", "import", "--db", db, OSV)
    ok(p.returncode == 1, "import with a malformed record exits 1", p.stdout + p.stderr)
    ok("broken.json: invalid JSON" in p.stderr, "the malformed record is named", p.stderr)
    ok("5 records read: 4 added" in p.stdout and "1 malformed" in p.stdout,
       "import summary counts", p.stdout)
    st = status(db)
    ok(st and st["schema_version"] == 1 and st["advisories"] == 4 and st["affected"] == 5,
       "status --format json: schema and counts", st)
    ok(st and [e["name"] for e in st["ecosystems"]] == ["Debian:11", "Debian:12"]
       and st["ecosystems"][1] == {"name": "Debian:12", "advisories": 4, "affected": 4,
                                   "unfixed": 1},
       "status lists the ecosystems with their counts", st and st["ecosystems"])
    ok(st and st["last_update_date"] == "2026-11-28" and len(st["sources"]) == 1
       and st["sources"][0]["url"] == "file://" + OSV and st["sources"][0]["records"] == 5,
       "status: last update and the source", st)
    p = run("db", "status", "--db", db)
    ok(p.returncode == 0 and "schema:      1" in p.stdout and "Debian:12" in p.stdout
       and "(0 days ago)" in p.stdout, "status text", p.stdout)

    # a failure injected in the middle of an import leaves the database as it was
    before = status(db)
    p = run("db", "import", "--db", db, os.path.join(OSV, "TEST-RUNC-1.json"),
            os.path.join(OSV, "TEST-CTRD-1.json"), BULKHEAD_TEST_IMPORT_FAIL_AFTER="1")
    ok(p.returncode == 2 and "database is unchanged" in p.stderr, "injected failure exits 2",
       p.stderr)
    ok(status(db) == before, "a failed import leaves the database intact")
    # a process killed in the middle of the transaction: the journal restores it
    p = run("db", "import", "--db", db, os.path.join(OSV, "TEST-RUNC-1.json"),
            os.path.join(OSV, "TEST-CTRD-1.json"), os.path.join(OSV, "TEST-LIBPOD-1.json"),
            BULKHEAD_TEST_IMPORT_CRASH_AFTER="2")
    ok(p.returncode == 99 and os.path.exists(db + "-journal"),
       "the crash hook kills the import mid-transaction", p.returncode)
    ok(status(db) == before, "a killed import leaves the database intact (read-only open)")
    p = run("db", "import", "--db", db, os.path.join(OSV, "TEST-RUNC-1.json"))
    ok(p.returncode == 0 and "1 replaced" in p.stdout and status(db)["advisories"] == 4,
       "the next import works on the recovered database", p.stdout + p.stderr)
    before = status(db)
    # crossed limits: a zip's entries roll everything back; a big record is skipped
    zpath = os.path.join(tmp, "feed.zip")
    with open(zpath, "wb") as f:
        f.write(make_zip(["TEST-RUNC-1.json", "TEST-CTRD-1.json", "TEST-LIBPOD-1.json"]))
    p = run("db", "import", "--db", db, zpath, BULKHEAD_TEST_DB_LIMITS="entries=2")
    ok(p.returncode == 2 and "more than 2 entries" in p.stderr and status(db) == before,
       "a zip over the entry limit is refused and nothing kept", p.stderr)
    p = run("db", "import", "--db", db, zpath, BULKHEAD_TEST_DB_LIMITS="zip=500")
    ok(p.returncode == 2 and "bytes decompressed" in p.stderr and status(db) == before,
       "a zip over the decompressed-size limit is refused", p.stderr)
    p = run("db", "import", "--db", db, zpath, BULKHEAD_TEST_DB_LIMITS="record=300")
    ok(p.returncode == 1 and "feed.zip[TEST-RUNC-1.json]: record of" in p.stderr,
       "a record over the size limit is skipped with its zip entry named", p.stderr)
    p = run("db", "import", "--db", db, zpath)
    ok(p.returncode == 0 and "3 replaced" in p.stdout, "re-import replaces by id", p.stdout)
    p = run("db", "import", "--db", db, os.path.join(tmp, "missing.json"))
    ok(p.returncode == 2 and "missing.json" in p.stderr, "a missing path exits 2", p.stderr)

    # ---- matching through bulkhead host ----
    p, d = host(deb12, db)
    got = lines(d, deb12) if d else p.stdout + p.stderr
    want = [
        "BH1006 high var/lib/dpkg/status:7:1 TEST-RUNC-1 (CVE-2099-0001): runc 1.1.4+ds1-1 is "
        "vulnerable, fixed in 1.1.5+ds1-1 (Debian:12; related DSA-9001-1)",
        "BH1008 low var/lib/dpkg/status:13:1 TEST-CTRD-1 (CVE-2099-0002): containerd "
        "1.6.15~ds1-1 is vulnerable, no fix yet (Debian:12)",
        "BH9025 medium var/lib/dpkg/status:26:1 crun 1.8.1 beta-1: not a valid dpkg version, "
        "so its vulnerabilities in Debian:12 are unknown",
    ]
    for w in want:
        ok(w in got, "host finding: " + w[:60], got)
    pod = [f for f in (d["findings"] if d else []) if f["rule"] == "BH1006"
           and f["vulnerability"]["package"] == "podman"]
    ok(len(pod) == 1 and pod[0]["severity"] == "high"
       and pod[0]["vulnerability"]["source_package"] == "libpod"
       and pod[0]["vulnerability"]["fixed_version"] == "4.3.1+ds1-9"
       and pod[0]["vulnerability"]["cve"] == "CVE-2099-0003"
       and pod[0]["vulnerability"]["severity_source"] == "database",
       "matched by source package (podman from libpod), severity from the record", pod)
    runc = [f for f in (d["findings"] if d else []) if f["rule"] == "BH1006"
            and f["vulnerability"]["package"] == "runc"]
    ok(len(runc) == 1 and runc[0]["vulnerability"] == {
        "id": "TEST-RUNC-1", "cve": "CVE-2099-0001", "related": "DSA-9001-1",
        "ecosystem": "Debian:12", "package": "runc", "source_package": "runc",
        "installed_version": "1.1.4+ds1-1", "fixed_version": "1.1.5+ds1-1",
        "severity_source": "cvss:7.8"}, "JSON vulnerability fields", runc)
    ok(not any("TEST-RUNC-OLD" in x for x in got), "an advisory fixed long ago does not match")
    try:
        import jsonschema
        with open(os.path.join(SRC, "docs", "bulkhead-report.schema.json")) as f:
            schema = json.load(f)
        errs = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(d)] if d \
            else ["no report"]
        ok(not errs, "the JSON report with vulnerability fields validates against the schema",
           errs[:5])
    except ImportError:
        skip("JSON schema validation", "python3-jsonschema is absent")
    p = run("host", "--root", deb12, "--db", db, "--only", "BH1006", "--format", "sarif")
    props = [r["properties"] for r in json.loads(p.stdout)["runs"][0]["results"]] \
        if p.returncode == 1 else p.stderr
    ok({"severity": "high", "advisory": "TEST-RUNC-1", "cve": "CVE-2099-0001", "package": "runc",
        "installedVersion": "1.1.4+ds1-1", "fixedVersion": "1.1.5+ds1-1"} in props,
       "SARIF results carry the advisory, CVE, package and versions", props)
    ok(p.returncode == 1 and d and d["exit_code"] == 1, "vulnerable packages exit 1", p.stderr)

    p, d = host(deb12, db, "--ignore-unfixed")
    ok(d and not any(f["rule"] == "BH1008" for f in d["findings"])
       and any(f["rule"] == "BH1006" for f in d["findings"]), "--ignore-unfixed hides BH1008")
    p, d = host(deb12, db, "--fail-on", "critical")
    ok(p.returncode == 0, "--fail-on critical: exit 0", p.stdout)

    cfg = os.path.join(tmp, "bulkhead.yaml")
    with open(cfg, "w") as f:
        f.write("suppressions:\n"
                "  - advisory: TEST-RUNC-1\n    reason: runc is not used on this host\n"
                "    expires: 2027-01-31\n"
                "  - advisory: cve-2099-0003\n    reason: podman is rootless only\n")
    p, d = host(deb12, db, "--config", cfg)
    sup = {f["vulnerability"]["id"]: f["suppressed"] for f in (d["findings"] if d else [])
           if f.get("vulnerability")}
    ok(sup.get("TEST-RUNC-1") and sup["TEST-RUNC-1"]["kind"] == "config"
       and sup["TEST-RUNC-1"]["reason"] == "runc is not used on this host"
       and sup.get("TEST-LIBPOD-1") and sup.get("TEST-CTRD-1") is None,
       "suppression by advisory ID and by CVE in .bulkhead.yaml", sup)
    with open(cfg, "w") as f:
        f.write("suppressions:\n  - advisory: TEST-RUNC-1\n    reason: old\n"
                "    expires: 2026-01-01\n")
    p, d = host(deb12, db, "--config", cfg)
    ok(d and not any(f["suppressed"] for f in d["findings"])
       and any("expired" in w for w in d["warnings"]), "an expired advisory suppression "
       "no longer applies", d and d["warnings"])

    # stale data: a warning line and a low finding
    p, d = host(deb12, db, "--db-max-age", "3", BULKHEAD_TODAY="2026-12-10")
    stale = [x for x in lines(d, deb12) if x.startswith("BH1009")] if d else []
    ok(stale == ["BH1009 low %s:None:None the vulnerability database was last updated 12 days "
                 "ago (2026-11-28), more than --db-max-age 3" % db],
       "data older than --db-max-age is BH1009", stale)
    ok(d and any("last updated 2026-11-28" in w for w in d["warnings"]),
       "and a warning", d and d["warnings"])
    p, d = host(deb12, db, BULKHEAD_TODAY="2026-12-01")
    ok(d and not any(f["rule"] == "BH1009" for f in d["findings"]),
       "data within the default 7 days: no BH1009")

    # a release the data does not cover is said once
    p, d = host(deb13, db)
    got = lines(d, deb13) if d else []
    ok(got == ["BH1007 medium etc/os-release:3:12 Debian GNU/Linux 13 (trixie) (Debian:13) is "
               "not covered by the vulnerability database: it holds no advisory for it; 5 "
               "packages were not checked"], "uncovered release: one BH1007", got)

    # no database: matching skipped, said once (warning + info finding), never silent
    nodb = os.path.join(tmp, "absent", "vuln.db")
    p, d = host(deb12, nodb)
    ok(p.returncode == 0 and d and [f["rule"] for f in d["findings"]] == ["BH1009"]
       and d["findings"][0]["severity"] == "info"
       and any("vulnerability matching skipped" in w for w in d["warnings"])
       and not os.path.exists(nodb), "no database: BH1009 info and a warning", p.stdout)
    p = run("host", "--root", deb12, "--only", VRULES, BULKHEAD_DB=db)
    ok(p.returncode == 1 and "TEST-RUNC-1" in p.stdout, "BULKHEAD_DB chooses the database",
       p.stdout)
    p = run("host", "--root", deb12, "--only", VRULES, "--no-vuln", BULKHEAD_DB=db)
    ok(p.returncode == 0 and "BH10" not in p.stdout, "--no-vuln skips matching", p.stdout)

    # a database of another schema version is an error, not a silent pass
    newer = os.path.join(tmp, "newer.db")
    shutil.copy(db, newer)
    c = sqlite3.connect(newer)
    c.execute("PRAGMA user_version = 99")
    c.commit()
    c.close()
    p, d = host(deb12, newer)
    ok(p.returncode == 2 and "schema version 99" in p.stderr, "newer schema: exit 2", p.stderr)
    p = run("db", "import", "--db", newer, OSV)
    ok(p.returncode == 2 and "schema version 99" in p.stderr, "import refuses it too", p.stderr)

    # ---- update from a local feed ----
    Feed.files = {"/Debian/all.zip": make_zip(["TEST-RUNC-1.json", "TEST-CTRD-1.json"])}
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    try:
        udb = os.path.join(tmp, "upd.db")
        p = run("db", "update", "--db", udb, "--source", base)
        ok(p.returncode == 2 and "--ecosystem" in p.stderr,
           "update of an empty database needs --ecosystem", p.stderr)
        p = run("db", "update", "--db", udb, "--source", base, "--ecosystem", "Debian")
        ok(p.returncode == 0 and "Debian: downloaded" in p.stdout and "2 added" in p.stdout,
           "update downloads and imports (200)", p.stdout + p.stderr)
        st = status(udb)
        src = st["sources"][0] if st and st["sources"] else {}
        ok(src.get("url") == base + "/Debian/all.zip" and src.get("etag") == '"v1"'
           and src.get("last_modified") == Feed.last_modified and src.get("records") == 2,
           "the source, its ETag and Last-Modified are stored", st)
        ok(not [n for n in os.listdir(tmp) if "download" in n], "no temporary file is left")
        # second run: the ecosystems in use, a conditional request, 304
        p = run("db", "update", "--db", udb, "--source", base)
        ok(p.returncode == 0 and "not modified" in p.stdout and "Debian: downloaded" not in p.stdout,
           "unchanged feed: 304, nothing downloaded", p.stdout + p.stderr)
        ok(Feed.requests[-1] == ("/Debian/all.zip", '"v1"', Feed.last_modified),
           "the second request is conditional (If-None-Match, If-Modified-Since)",
           Feed.requests)
        ok(status(udb)["advisories"] == 2, "304 leaves the data as it was")
        # a changed feed is downloaded again; a broken one changes nothing
        Feed.etag = '"v2"'
        Feed.files["/Debian/all.zip"] = make_zip(["TEST-RUNC-1.json", "TEST-CTRD-1.json",
                                                  "TEST-LIBPOD-1.json"])
        p = run("db", "update", "--db", udb, "--source", base)
        ok(p.returncode == 0 and "1 added" in p.stdout and status(udb)["advisories"] == 3,
           "a changed feed (new ETag) is imported", p.stdout + p.stderr)
        Feed.etag = '"v3"'
        Feed.files["/Debian/all.zip"] = b"PK\x03\x04 truncated zip"
        before = status(udb)
        p = run("db", "update", "--db", udb, "--source", base)
        ok(p.returncode == 2 and status(udb)["advisories"] == 3
           and status(udb)["sources"] == before["sources"],
           "a corrupt download leaves the database intact", p.stderr)
        p = run("db", "update", "--db", udb, "--source", base, "--ecosystem", "Alpine")
        ok(p.returncode == 2 and "404" in p.stderr, "HTTP 404 exits 2", p.stderr)
        Feed.etag = '"v4"'
        Feed.files["/Debian/all.zip"] = make_zip(["TEST-RUNC-1.json"])
        p = run("db", "update", "--db", udb, "--source", base,
                BULKHEAD_TEST_DB_LIMITS="download=100")
        ok(p.returncode == 2 and "larger than 100 bytes" in p.stderr,
           "a download over the size limit is refused", p.stderr)
    finally:
        srv.shutdown()
        srv.server_close()
    p = run("db", "update", "--db", os.path.join(tmp, "x.db"), "--source",
            "http://example.invalid", "--ecosystem", "Debian")
    ok(p.returncode == 2 and "only https://" in p.stderr,
       "plain http to a non-loopback host is refused before connecting", p.stderr)

    # ---- the real feeds ----
    osv = os.path.join(SHARED, "osv") if SHARED else None
    if not osv or not os.path.isfile(os.path.join(osv, "Debian", "all.zip")):
        skip("import of the real Alpine and Debian feeds", "../shared/data/osv is absent")
        return
    rdb = os.path.join(tmp, "real.db")
    p = run("db", "import", "--db", rdb, os.path.join(osv, "Alpine", "all.zip"),
            os.path.join(osv, "Debian", "all.zip"))
    ok(p.returncode == 0 and "33737 records read: 33737 added" in p.stdout,
       "the real feeds import without a malformed record", p.stdout + p.stderr)
    st = status(rdb)
    eco = {e["name"]: e for e in st["ecosystems"]} if st else {}
    ok(st and st["advisories"] == 33737 and st["affected"] == 154896
       and eco["Debian:12"]["affected"] == 25906 and eco["Debian:12"]["unfixed"] == 1533
       and eco["Alpine:v3.18"]["affected"] == 7464,
       "status counts match the data's README", st and {k: v for k, v in eco.items()
                                                         if k in ("Debian:12", "Alpine:v3.18")})
    p, d = host(deb12, rdb)
    fixed = {(f["vulnerability"]["id"], f["vulnerability"]["package"]):
             f["vulnerability"]["fixed_version"] for f in (d["findings"] if d else [])
             if f["rule"] == "BH1006"}
    # checked by hand in Debian/all.zip: Debian:12 runc fixed in 1.1.5+ds1-1 for these
    # three, containerd in 1.6.18~ds1-1 for CVE-2023-25153 and CVE-2023-25173
    for key, fx in ((("DEBIAN-CVE-2023-25809", "runc"), "1.1.5+ds1-1"),
                    (("DEBIAN-CVE-2023-27561", "runc"), "1.1.5+ds1-1"),
                    (("DEBIAN-CVE-2023-28642", "runc"), "1.1.5+ds1-1"),
                    (("DEBIAN-CVE-2023-25153", "containerd"), "1.6.18~ds1-1"),
                    (("DEBIAN-CVE-2023-25173", "containerd"), "1.6.18~ds1-1")):
        ok(fixed.get(key) == fx, "real data: %s %s fixed in %s" % (key[0], key[1], fx),
           sorted(fixed.items()))
    ok(("DEBIAN-CVE-2022-29162", "runc") not in fixed,
       "real data: runc 1.1.4 is past the 1.1.3 fix of CVE-2022-29162")
    rel = [f["vulnerability"]["related"] for f in (d["findings"] if d else [])
           if f.get("vulnerability") and f["vulnerability"]["id"] == "DEBIAN-CVE-2023-27561"]
    ok(rel == ["DLA-3369-1"], "real data: related advisories are carried", rel)


if __name__ == "__main__":
    sys.exit(main())
