#!/usr/bin/env python3
"""CLI tests for bulkhead, speaking TAP.

usage: test-cli.py BULKHEAD_EXE SOURCE_DIR

Covers exit codes, options, output formats, colour, discovery, stdin,
suppressions, the config file, `rules`, `version`, help and deterministic
parallel output.  Fixtures live in tests/cli/fixtures/ and are copied to a
temporary directory first, so no .bulkhead.yaml above the source tree can
interfere; the rest are generated there.
"""
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile

EXE = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
FIXTURES = os.path.join(SRC, "tests", "cli", "fixtures")
DIGEST = "@sha256:6f6ba4f2d06ea6b7d1a7a1c3d3b1e6f1b0b2c6d1f1a0e3c3b9d3c0e5a3b2f1c0"
CLEAN = "FROM debian:12.8-slim%s\nUSER 10001:10001\nCMD [\"true\"]\n" % DIGEST
ROOT = "FROM debian:12.8-slim%s\nUSER root\nCMD [\"true\"]\n" % DIGEST
SUDO = "FROM debian:12.8-slim%s\nRUN sudo apt-get update\nUSER 10001:10001\n" % DIGEST

count = 0
failed = 0


def ok(cond, name, diag=None):
    global count, failed
    count += 1
    if cond:
        print("ok %d - %s" % (count, name))
    else:
        failed += 1
        print("not ok %d - %s" % (count, name))
        if diag is not None:
            for line in str(diag).splitlines()[:40]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def skip(name, why):
    global count
    count += 1
    print("ok %d - %s # SKIP %s" % (count, name, why))


class Res:
    def __init__(self, p):
        self.rc = p.returncode
        self.out = p.stdout
        self.err = p.stderr

    def json(self):
        try:
            return json.loads(self.out)
        except ValueError:
            return None

    def __str__(self):
        return "rc=%d\nstdout:\n%s\nstderr:\n%s" % (self.rc, self.out, self.err)


def env_for(extra=None):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env["BULKHEAD_TODAY"] = "2026-01-15"
    if extra:
        env.update(extra)
    return env


def run(*args, cwd=None, stdin=None, env=None):
    p = subprocess.run([EXE] + list(args), cwd=cwd or TMP, input=stdin, env=env_for(env),
                       capture_output=True, text=True, timeout=60)
    return Res(p)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def rules_of(res, unsuppressed_only=True):
    j = res.json()
    if not j:
        return None
    return sorted(f["rule"] for f in j["findings"]
                  if not unsuppressed_only or f["suppressed"] is None)


def usage_error(res):
    return res.rc == 2 and res.err.startswith("bulkhead: ") and "--help" in res.err


TMP = tempfile.mkdtemp(prefix="bulkhead-cli-")
shutil.copytree(FIXTURES, os.path.join(TMP, "fx"))
FX = os.path.join(TMP, "fx")
B = os.path.join(FX, "basic")
S = os.path.join(FX, "suppress")

# ---------------------------------------------------------------- version, help
r = run("version")
ok(r.rc == 0 and r.out.startswith("bulkhead 0.1.0\n"), "version prints the version", r)
ok("end-of-life" in r.out and any(c.isdigit() for c in r.out.splitlines()[1]),
   "version prints the EOL table date", r)
r = run("--version")
ok(r.rc == 0 and r.out.startswith("bulkhead 0.1.0"), "--version", r)
for args in (["help"], ["--help"], ["-h"]):
    r = run(*args)
    ok(r.rc == 0 and "Usage: bulkhead COMMAND" in r.out and "scan" in r.out,
       "%s prints the main help" % " ".join(args), r)
for cmd in ("scan", "rules", "version", "help"):
    r = run(cmd, "--help")
    ok(r.rc == 0 and ("Usage: bulkhead %s" % cmd) in r.out, "%s --help" % cmd, r)
    r = run("help", cmd)
    ok(r.rc == 0 and ("Usage: bulkhead %s" % cmd) in r.out, "help %s" % cmd, r)
r = run("scan", "-h")
ok(r.rc == 0 and "--fail-on" in r.out and "--show-suppressed" in r.out, "scan -h lists options", r)
r = run()
ok(r.rc == 2 and "Usage" in r.err, "no command: usage on stderr, exit 2", r)
r = run("frobnicate")
ok(usage_error(r) and "unknown command" in r.err, "unknown command: exit 2", r)
r = run("help", "frobnicate")
ok(usage_error(r), "help of an unknown command: exit 2", r)
r = run("--frob")
ok(usage_error(r), "unknown top-level option: exit 2", r)

# ---------------------------------------------------------------- usage errors
for args, what in (
        (["scan"], "no PATH"),
        (["scan", "--bogus", "."], "unknown option"),
        (["scan", "--format", "xml", "."], "unknown format"),
        (["scan", "--fail-on", "severe", "."], "unknown --fail-on level"),
        (["scan", "--only", "BH9999", "."], "--only unknown rule"),
        (["scan", "--ignore", "BH3001,BH0000", "."], "--ignore unknown rule"),
        (["scan", "--profile", "pss-privileged", "."], "--profile unknown"),
        (["scan", "--pss-version", "v1.38", "."], "--pss-version too new"),
        (["scan", "--pss-version", "1.25", "."], "--pss-version without v"),
        (["scan", "--pss-version", "v1.01", "."], "--pss-version leading zero"),
        (["scan", "--type", "nosuchtype", "."], "--type unknown"),
        (["scan", "--jobs", "0", "."], "--jobs 0"),
        (["scan", "-j", "many", "."], "-j not a number"),
        (["scan", "--build-arg", "NOVALUE", "."], "--build-arg without ="),
        (["scan", "--color", "sometimes", "."], "--color bad value"),
        (["scan", "--config", os.path.join(TMP, "nope.yaml"), "."], "--config missing file"),
        (["scan", "--format"], "option without value"),
        (["scan", "-", "-"], "stdin twice"),
        (["rules", "BH9999"], "rules unknown ID"),
        (["rules", "--format", "xml"], "rules bad format"),
        (["version", "extra"], "version extra argument"),
):
    r = run(*args, stdin="")
    ok(usage_error(r), "usage error (%s): 'bulkhead: ...' + hint, exit 2" % what, r)
r = run("scan", "--profile", "cis-docker", ".")
ok(usage_error(r) and "unknown profile" in r.err and "pss-restricted" in r.err,
   "--profile other: names the known profiles", r)
r = run("scan", "--only", "BH9999", ".")
ok("BH9999" in r.err, "unknown rule ID is named in the message", r)

# ---------------------------------------------------------------- exit codes, --fail-on
r = run("scan", os.path.join(B, "clean.Dockerfile"))
ok(r.rc == 0, "clean file: exit 0", r)
ok("no findings" in r.out, "clean file: summary says no findings", r)
r = run("scan", os.path.join(B, "root.Dockerfile"))
ok(r.rc == 1 and "BH3001" in r.out, "USER root: BH3001, exit 1", r)
r = run("scan", "--format", "json", os.path.join(B, "root.Dockerfile"))
j = r.json()
ok(j is not None and j["findings"] and j["findings"][0]["line"] == 2,
   "BH3001 reported at line 2", r)
for level, want in (("critical", 0), ("high", 1), ("medium", 1), ("none", 0)):
    r = run("scan", "--fail-on", level, os.path.join(B, "root.Dockerfile"))
    ok(r.rc == want, "--fail-on %s with a high finding: exit %d" % (level, want), r)
for level, want in (("info", 1), ("low", 0), ("medium", 0)):
    r = run("scan", "--fail-on", level, os.path.join(B, "info.Dockerfile"))
    ok(r.rc == want, "--fail-on %s with an info finding: exit %d" % (level, want), r)
r = run("scan", os.path.join(B, "info.Dockerfile"))
ok(r.rc == 0, "info finding under the default --fail-on medium: exit 0", r)

r = run("scan", "--format", "json", os.path.join(B, "parse-error.Dockerfile"),
        os.path.join(B, "root.Dockerfile"))
rs = rules_of(r) or []
ok(r.rc == 2 and any(x.startswith("BH900") for x in rs), "parse error: BH9xxx, exit 2", r)
ok("BH3001" in rs, "parse error: the other file is still reported", r)
r = run("scan", "--fail-on", "none", os.path.join(B, "parse-error.Dockerfile"))
ok(r.rc == 2, "parse error: exit 2 even with --fail-on none", r)

missing = os.path.join(TMP, "does-not-exist", "Dockerfile")
r = run("scan", "--format", "json", missing, os.path.join(B, "root.Dockerfile"))
j = r.json() or {"findings": [], "files": []}
f9004 = [f for f in j["findings"] if f["rule"] == "BH9004"]
ok(r.rc == 2 and f9004 and f9004[0]["path"] == missing, "missing path: BH9004 for it, exit 2", r)
ok(any(f["rule"] == "BH3001" for f in j["findings"]), "missing path: the rest is scanned", r)
ok([f["failed"] for f in j["files"]] == [True, False], "missing path: files[].failed", r)

# root reads a mode-000 file anyway: as root, run bulkhead as nobody
# (setpriv, util-linux) over a directory nobody can enter.
as_nobody = []
if os.geteuid() == 0 and shutil.which("setpriv"):
    as_nobody = [shutil.which("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups"]
if os.geteuid() != 0 or as_nobody:
    udir = tempfile.mkdtemp(prefix="bh-unreadable-")
    os.chmod(udir, 0o755)
    unreadable = os.path.join(udir, "Dockerfile")
    write(unreadable, CLEAN)
    os.chmod(unreadable, 0)
    p = subprocess.run(as_nobody + [EXE, "scan", "--format", "json", unreadable], cwd=udir,
                       env=env_for(None), capture_output=True, text=True, timeout=60)
    r = Res(p)
    ok(r.rc == 2 and rules_of(r) == ["BH9004"], "unreadable file: BH9004, exit 2", r)
    shutil.rmtree(udir)
else:
    skip("unreadable file: BH9004, exit 2", "running as root and setpriv (util-linux) is absent")

big = os.path.join(TMP, "big", "Dockerfile")
os.makedirs(os.path.dirname(big))
with open(big, "w") as fh:
    fh.write("FROM scratch\n" + ("# padding padding padding padding\n" * 260000))
r = run("scan", "--format", "json", big)
ok(r.rc == 2 and rules_of(r) == ["BH9003"], "file over the size limit: BH9003, exit 2", r)

deep = os.path.join(TMP, "deep")
p = deep
for i in range(70):
    p = os.path.join(p, "d")
write(os.path.join(p, "Dockerfile"), CLEAN)
write(os.path.join(deep, "Dockerfile"), CLEAN)
r = run("scan", "--format", "json", deep)
ok(r.rc == 2 and "BH9003" in (rules_of(r) or []), "directory nesting over the limit: BH9003", r)

# ---------------------------------------------------------------- --only / --ignore
RS = os.path.join(B, "root.Dockerfile")
r = run("scan", "--only", "BH7009", RS)
ok(r.rc == 0, "--only BH7009 skips BH3001: exit 0", r)
r = run("scan", "--only", "BH7009,BH3001", RS)
ok(r.rc == 1, "--only BH7009,BH3001 runs BH3001: exit 1", r)
r = run("scan", "--only", "BH7009", "--only", "bh3001", RS)
ok(r.rc == 1, "--only is repeatable and case-insensitive", r)
r = run("scan", "--ignore", "BH3001", RS)
ok(r.rc == 0, "--ignore BH3001: exit 0", r)
r = run("scan", "--format", "json", "--only", "BH3001", missing)
ok(r.rc == 2 and rules_of(r) == ["BH9004"], "--only keeps input errors (BH9004)", r)

# ---------------------------------------------------------------- formats, --output, --quiet
r = run("scan", "--format", "json", RS)
j = r.json()
ok(j is not None and isinstance(j.get("findings"), list), "--format json parses", r)
ok(j is not None and j.get("exit_code") == 1 and j["files"][0]["path"] == RS,
   "json: exit_code and files[]", r)
r = run("scan", "--format", "sarif", RS)
j = r.json()
ok(j is not None and j.get("version") == "2.1.0" and j["runs"][0]["results"],
   "--format sarif parses (2.1.0, results)", r)
outf = os.path.join(TMP, "report.json")
r = run("scan", "--format", "json", "--output", outf, RS)
ok(r.rc == 1 and r.out == "" and json.load(open(outf))["findings"], "--output FILE", r)
outf2 = os.path.join(TMP, "report.txt")
r = run("scan", "-o", outf2, RS)
ok(r.rc == 1 and r.out == "" and "BH3001" in open(outf2).read(), "-o FILE", r)
r = run("scan", "-o", os.path.join(TMP, "no", "such", "dir", "x"), RS)
ok(r.rc == 2 and r.err.startswith("bulkhead: "), "--output to an unwritable path: exit 2", r)
r = run("scan", RS)
full = r.out
r = run("scan", "--quiet", RS)
ok(r.rc == 1 and "BH3001" in r.out and "in 1 file" not in r.out and len(r.out) < len(full),
   "--quiet: findings only, no summary", r)
r = run("scan", "-q", os.path.join(B, "clean.Dockerfile"))
ok(r.rc == 0 and r.out == "", "-q on a clean file prints nothing", r)

# ---------------------------------------------------------------- colour
r = run("scan", RS)
ok("\x1b[" not in r.out, "no colour when stdout is not a terminal", r)
r = run("scan", "--color=always", RS)
ok("\x1b[" in r.out, "--color=always forces colour", r)
r = run("scan", "--color", "always", "--no-color", RS)
ok("\x1b[" not in r.out, "--no-color", r)


def run_tty(args, extra_env=None):
    master, slave = pty.openpty()
    p = subprocess.Popen([EXE] + args, stdout=slave, stderr=subprocess.PIPE, cwd=TMP,
                         env=env_for(extra_env))
    os.close(slave)
    out = b""
    while True:
        rl, _, _ = select.select([master], [], [], 10)
        if not rl:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=30)
    os.close(master)
    return out.decode("utf-8", "replace")


out = run_tty(["scan", RS])
ok("\x1b[" in out, "colour on a terminal", out)
out = run_tty(["scan", RS], {"NO_COLOR": "1"})
ok("\x1b[" not in out, "NO_COLOR turns colour off on a terminal", out)
out = run_tty(["scan", "--no-color", RS])
ok("\x1b[" not in out, "--no-color on a terminal", out)

# ---------------------------------------------------------------- discovery
disc = os.path.join(TMP, "disc")
names = ["Dockerfile", "Dockerfile.prod", "api.Dockerfile", "web.dockerfile", "Containerfile",
         "Containerfile.dev", "db.Containerfile", "README.md", "notes.txt", "sub/deep/Dockerfile",
         ".git/Dockerfile", "node_modules/x/Dockerfile", "vendor/Dockerfile", "legacy/Dockerfile"]
for n in names:
    write(os.path.join(disc, n), CLEAN)
os.symlink("sub", os.path.join(disc, "link"))
outside = os.path.join(TMP, "outside", "Dockerfile")
write(outside, ROOT)
os.symlink(outside, os.path.join(disc, "Dockerfile.evil"))
os.symlink("Dockerfile", os.path.join(disc, "Dockerfile.alias"))
# README.md: Markdown is read for docker/podman run lines (none here)
expected = ["Containerfile", "Containerfile.dev", "Dockerfile", "Dockerfile.alias",
            "Dockerfile.prod", "README.md", "api.Dockerfile", "db.Containerfile",
            "legacy/Dockerfile", "sub/deep/Dockerfile", "web.dockerfile"]


def files_of(res, prefix):
    j = res.json()
    if not j:
        return None
    return [f["path"][len(prefix):] if f["path"].startswith(prefix) else f["path"]
            for f in j["files"]]


r = run("scan", "--format", "json", "disc")
got = files_of(r, "disc/")
ok(got == expected, "directory discovery: name patterns, sorted, skipped dirs, no dir symlinks",
   "got %s\nwant %s\n%s" % (got, expected, r))
ok(r.rc == 0, "directory discovery: a file symlink leaving the tree is not read", r)
r = run("scan", "--format", "json", ".", cwd=disc)
ok(files_of(r, "") == expected, "scan . reports paths relative to it", r)
r = run("scan", "--format", "json", "--exclude", "legacy/**", "--exclude", "*.prod", "disc")
got = files_of(r, "disc/")
ok(got == [e for e in expected if e not in ("legacy/Dockerfile", "Dockerfile.prod")],
   "--exclude by relative path and by basename", got)
r = run("scan", "--format", "json", "--exclude", "sub", "disc")
got = files_of(r, "disc/")
ok(got is not None and "sub/deep/Dockerfile" not in got, "--exclude a directory name", got)
r = run("scan", "--format", "json", os.path.join(disc, "notes.txt"))
ok(files_of(r, "") == [os.path.join(disc, "notes.txt")] and r.rc == 0,
   "a file named explicitly is scanned whatever its name", r)
r = run("scan", "--format", "json", os.path.join(disc, "notes.txt"), "disc/sub")
ok(files_of(r, "") == [os.path.join(disc, "notes.txt"), "disc/sub/deep/Dockerfile"],
   "files in command-line order, then walk order", r)

os.makedirs(os.path.join(TMP, "empty"))
r = run("scan", "--format", "json", "empty")
ok(r.rc == 0 and any("no Dockerfile" in w for w in (r.json() or {}).get("warnings", [])),
   "a directory without Dockerfiles: exit 0 with a warning", r)

# ---------------------------------------------------------------- stdin
r = run("scan", "--format", "json", "-", stdin=ROOT)
ok(r.rc == 1 and (r.json() or {}).get("files", [{}])[0].get("path") == "-"
   and rules_of(r) == ["BH3001"], "- reads standard input, reported as '-'", r)
r = run("scan", "--format", "json", "--stdin-name", "app/Dockerfile", "--type", "dockerfile", "-",
        stdin=ROOT)
j = r.json() or {"findings": [{}]}
ok(r.rc == 1 and j["findings"][0].get("path") == "app/Dockerfile", "--stdin-name", r)
r = run("scan", "-", stdin=CLEAN)
ok(r.rc == 0, "clean standard input: exit 0", r)

# ---------------------------------------------------------------- suppressions
def supp(name, *extra, env=None):
    return run("scan", "--format", "json", *extra, os.path.join(S, name), env=env)


r = supp("inline-above.Dockerfile")
j = r.json() or {"findings": []}
sf = [f for f in j["findings"] if f["rule"] == "BH7009"]
ok(r.rc == 0 and sf and sf[0]["suppressed"] and sf[0]["suppressed"]["kind"] == "inline",
   "inline suppression on the line above", r)
ok(sf and sf[0]["suppressed"]["reason"] == "bootstrap image needs it"
   and sf[0]["suppressed"]["source"].endswith("inline-above.Dockerfile:2"),
   "suppressed finding keeps reason and source", r)
r = supp("inline-same.Dockerfile")
ok(r.rc == 0 and rules_of(r) == [] and rules_of(r, False) == ["BH7009"],
   "inline suppression as a shell comment on the same line", r)
r = supp("inline-too-far.Dockerfile")
ok(r.rc == 1 and rules_of(r) == ["BH7009"], "inline suppression does not reach two lines down", r)
r = supp("stage.Dockerfile")
j = r.json() or {"findings": []}
lines = sorted((f["line"], f["suppressed"]["kind"] if f["suppressed"] else None)
               for f in j["findings"] if f["rule"] == "BH7009")
ok(r.rc == 1 and lines == [(3, "stage"), (4, "stage"), (7, None)],
   "stage-wide suppression covers its stage only", lines)
r = supp("file.Dockerfile")
ok(r.rc == 0 and rules_of(r) == [] and rules_of(r, False) == ["BH7009", "BH7009"],
   "file-wide suppression", r)
r = supp("no-reason.Dockerfile")
j = r.json() or {"warnings": []}
ok(r.rc == 0 and any("no-reason.Dockerfile:2: suppression of BH7009 has no reason" in w
                     for w in j["warnings"]), "suppression without a reason: warning", r)
r = run("scan", os.path.join(S, "no-reason.Dockerfile"))
ok("has no reason" in r.out, "missing-reason warning in text output", r)
r = supp("unknown-id.Dockerfile")
ok(r.rc == 2 and "BH9006" in (rules_of(r) or []), "unknown rule ID in a suppression: BH9006, exit 2",
   r)
j = r.json() or {"findings": []}
ok(any(f["rule"] == "BH9006" and f["line"] == 2 for f in j["findings"]),
   "BH9006 at the comment's line", r)
r = supp("bad-date.Dockerfile")
ok(r.rc == 2 and "BH9006" in (rules_of(r) or []), "malformed expiry date: BH9006", r)
r = supp("expires.Dockerfile")
ok(r.rc == 0, "suppression before its expiry date applies", r)
r = supp("expires.Dockerfile", env={"BULKHEAD_TODAY": "2027-01-31"})
ok(r.rc == 0, "suppression applies on its expiry date", r)
r = supp("expires.Dockerfile", env={"BULKHEAD_TODAY": "2027-02-01"})
j = r.json() or {"warnings": []}
ok(r.rc == 1 and rules_of(r) == ["BH7009"], "expired suppression stops working", r)
ok(any("expired" in w for w in j["warnings"]), "expired suppression: warning", r)
r = run("scan", os.path.join(S, "stage.Dockerfile"))
ok("BH7009" in r.out and r.out.count("BH7009") == 1, "text: suppressed findings hidden", r)
r = run("scan", "--show-suppressed", os.path.join(S, "stage.Dockerfile"))
ok(r.out.count("suppressed") >= 2, "--show-suppressed lists them", r)
r = run("scan", "--format", "sarif", os.path.join(S, "stage.Dockerfile"))
j = r.json() or {"runs": [{"results": []}]}
ok(sum(1 for x in j["runs"][0]["results"] if x.get("suppressions")) == 2,
   "SARIF carries suppressed results with suppressions[]", r)

# ---------------------------------------------------------------- config file
CW = os.path.join(FX, "config-walk")
r = run("scan", "--format", "json", ".", cwd=CW)
j = r.json() or {"findings": []}
st = {f["path"]: f["suppressed"] for f in j["findings"] if f["rule"] == "BH7009"}
ok(r.rc == 1 and st.get("other/Dockerfile") is None
   and (st.get("services/api/Dockerfile") or {}).get("kind") == "config",
   "config suppression with a path glob", r)
ok((st.get("services/api/Dockerfile") or {}).get("source") == ".bulkhead.yaml:2",
   "config suppression source is file:line", r)
r = run("scan", "--format", "json", "Dockerfile", cwd=os.path.join(CW, "services", "api"))
ok(r.rc == 0 and rules_of(r) == [] and rules_of(r, False) == ["BH7009"],
   ".bulkhead.yaml found by walking up from the file's directory", r)
r = run("scan", "--format", "json", os.path.join(CW, "services", "api", "Dockerfile"))
ok(r.rc == 0, ".bulkhead.yaml found for an absolute path", r)

cfgdir = os.path.join(TMP, "cfg")


def cfg_case(yaml_text, *args, files=None, env=None):
    shutil.rmtree(cfgdir, ignore_errors=True)
    write(os.path.join(cfgdir, ".bulkhead.yaml"), yaml_text)
    for name, text in (files or {"Dockerfile": SUDO}).items():
        write(os.path.join(cfgdir, name), text)
    return run("scan", "--format", "json", *args, ".", cwd=cfgdir, env=env)


r = cfg_case("ignore: [BH7009]\n")
ok(r.rc == 0 and rules_of(r) == [], "config ignore", r)
r = cfg_case("only: [BH3001]\n")
ok(r.rc == 0, "config only", r)
r = cfg_case("only: [BH3001]\n", "--only", "BH7009")
ok(r.rc == 1, "--only on the command line wins over the config's only", r)
r = cfg_case("fail-on: high\n")
ok(r.rc == 0 and rules_of(r) == ["BH7009"], "config fail-on high with a medium finding: exit 0", r)
r = cfg_case("fail-on: high\n", "--fail-on", "medium")
ok(r.rc == 1, "--fail-on on the command line wins over the config", r)
r = cfg_case("exclude: [\"legacy/**\"]\n", files={"Dockerfile": CLEAN, "legacy/Dockerfile": SUDO})
ok(r.rc == 0 and files_of(r, "") == ["Dockerfile"], "config exclude", r)
r = cfg_case("suppressions:\n  - rules: [BH7009, BH3001]\n    reason: all of them\n")
ok(r.rc == 0 and rules_of(r, False) == ["BH7009"], "config suppression with rules: [...]", r)
r = cfg_case("suppressions:\n  - rule: BH7009\n")
j = r.json() or {"warnings": []}
ok(r.rc == 0 and any(".bulkhead.yaml:2: suppression of BH7009 has no reason" in w
                     for w in j["warnings"]), "config suppression without reason: warning", r)
r = cfg_case("suppressions:\n  - rule: BH7009\n    reason: r\n    expires: 2025-12-31\n")
j = r.json() or {"warnings": []}
ok(r.rc == 1 and any("expired" in w for w in j["warnings"]),
   "expired config suppression: not applied, warning", r)
r = cfg_case("suppressions:\n  - rule: BH7009\n    reason: r\n    expires: 2026-12-31\n")
ok(r.rc == 0, "config suppression before expiry applies", r)
for text, what, line in (
        ("ignore: [BH9999]\n", "unknown rule ID", 1),
        ("fail-on: high\nfrobnicate: 1\n", "unknown key", 2),
        ("suppressions:\n  - rule: BH7009\n    reason: r\n    expires: 2026-02-30\n",
         "malformed date", 4),
        ("suppressions:\n  - rule: BH7009\n    colour: red\n", "unknown suppression key", 3),
        ("suppressions:\n  - reason: nothing\n", "suppression without a rule", 2),
        ("ignore: &a [BH7009]\nonly: *a\n", "alias", 2),
        ("ignore: [BH7009\nfail-on: high\n", "YAML syntax error", None),
        ("fail-on: severe\n", "bad fail-on", 1),
):
    r = cfg_case(text)
    where = ".bulkhead.yaml:%d:" % line if line else ".bulkhead.yaml:"
    ok(r.rc == 2 and r.err.startswith("bulkhead: ") and where in r.err,
       "config error (%s): path:line, exit 2" % what, r)
r = cfg_case("ignore: [" + ", ".join(["BH7009"] * 10001) + "]\n")
ok(r.rc == 2 and "entries" in r.err, "config over BH_LIMIT_CONFIG_ENTRIES: exit 2", r)
r = cfg_case("# " + "x" * (1024 * 1024 + 10) + "\n")
ok(r.rc == 2 and "limit" in r.err, "config over BH_LIMIT_CONFIG_SIZE: exit 2", r)
r = cfg_case("")
ok(r.rc == 1, "empty config file is fine", r)

explicit = os.path.join(TMP, "explicit.yaml")
write(explicit, "ignore: [BH7009]\n")
r = cfg_case("ignore: [BH9999]\n", "--config", explicit)
ok(r.rc == 0, "--config FILE replaces the nearest .bulkhead.yaml", r)
r = run("scan", "--config", explicit, os.path.join(B, "sudo.Dockerfile"))
ok(r.rc == 0, "--config applies to every file", r)

# ---------------------------------------------------------------- rules
r = run("rules")
ok(r.rc == 0 and "BH3001" in r.out and "user-root" in r.out and "Unprivileged user" in r.out,
   "rules lists ID, slug, grouped by theme", r)
r = run("rules", "--format", "json")
j = r.json()
ok(isinstance(j, list) and len(j) >= 20 and all("id" in x and "severity" in x for x in j),
   "rules --format json", r)
r = run("rules", "BH3001")
page = os.path.join(SRC, "docs", "rules", "BH3001.md")
if os.path.exists(page):
    ok(r.rc == 0 and r.out.rstrip("\n") == open(page).read().rstrip("\n"),
       "rules BH3001 prints docs/rules/BH3001.md", r)
else:
    ok(r.rc == 0 and "BH3001" in r.out and "missing" in r.out,
       "rules BH3001 without a page: title, hint, says it is missing", r)
r = run("rules", "bh3001")
ok(r.rc == 0 and "BH3001" in r.out, "rules ID is case-insensitive", r)

# ---------------------------------------------------------------- determinism, jobs
many = os.path.join(TMP, "many")
for i in range(50):
    body = (CLEAN, ROOT, SUDO, "FROM debian:12.8-slim\nUSER 0\n", "FROM x\nFROBNICATE\n")[i % 5]
    write(os.path.join(many, "svc-%02d" % (i % 7), "app-%02d.Dockerfile" % i), body)
r1 = run("scan", "--format", "json", "-j1", "many")
r4 = run("scan", "--format", "json", "-j", "4", "many")
r8 = run("scan", "--jobs", "8", "many")
r1t = run("scan", "--jobs", "1", "many")
ok(r1.rc == r4.rc and r1.out == r4.out and len((r1.json() or {}).get("files", [])) == 50,
   "-j1 and -j4 give the same JSON on 50 files", "%s\n%s" % (r1.rc, r4.rc))
ok(r8.out == r1t.out, "-j8 and -j1 give the same text", "")
paths = [f["path"] for f in (r1.json() or {}).get("files", [])]
ok(paths == sorted(paths), "files in walk order", paths[:5])

# ---------------------------------------------------------------- build options
ms = os.path.join(TMP, "ms", "Dockerfile")
write(ms, "ARG BASE=debian:12.8-slim%s\nFROM $BASE AS build\nUSER root\nFROM $BASE\n"
          "USER 10001\n" % DIGEST)
r = run("scan", "--format", "json", "--target", "build", ms)
r2 = run("scan", "--format", "json", ms)
ok(r.rc == 1 and "BH3001" in (rules_of(r) or []) and "BH3001" not in (rules_of(r2) or []),
   "--target build judges the builder stage (USER root there)", "%s\n%s" % (r, r2))
r = run("scan", "--format", "json", "--target", "nosuchstage", ms)
ok(r.rc == 2 and "BH9002" in (rules_of(r) or []), "unknown --target: BH9002, exit 2", r)
r = run("scan", "--format", "json", "--build-arg", "BASE=debian:10", ms)
ok(r.rc == 1 and "BH1003" in (rules_of(r) or []) and "BH1003" not in (rules_of(r2) or []),
   "--build-arg overrides the ARG default (debian:10 is end-of-life)", "%s\n%s" % (r, r2))
r = run("scan", "--build-arg", "BASE", ms)
ok(r.rc == 2, "--build-arg without =VALUE: usage error", r)
r = run("scan", "--format", "json", "--fail-on", "none", os.path.join(B, "root.Dockerfile"))
ok(r.rc == 0 and (r.json() or {}).get("fail_on") == "none", "--fail-on none: exit 0, JSON says none", r)

mf = os.path.join(TMP, "maxfiles")
for i in range(5):
    write(os.path.join(mf, "s%d" % i, "Dockerfile"), CLEAN)
r = run("scan", "--format", "json", "--max-files", "3", mf)
j = r.json() or {}
ok(r.rc == 2 and len([f for f in j.get("files", []) if not f["path"].endswith("maxfiles")]) == 3
   and "BH9003" in (rules_of(r) or []),
   "--max-files 3 over 5 files: 3 scanned, BH9003 for the rest, exit 2", r)
r = run("scan", "--max-files", "0", mf)
ok(r.rc == 2, "--max-files 0: usage error", r)
r = run("scan", "--profile", "default", os.path.join(B, "clean.Dockerfile"))
ok(r.rc == 0, "--profile default", r)

# ---------------------------------------------------------------- Pod Security Standards profiles
PSS = os.path.join(TMP, "pss")
write(os.path.join(PSS, "apps.yaml"), """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example/web:2.1
---
apiVersion: v1
kind: Pod
metadata:
  name: good
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: registry.example/web:2.1
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          drop: ["ALL"]
---
apiVersion: v1
kind: Pod
metadata:
  name: root
spec:
  hostPID: true
  containers:
    - name: app
      image: registry.example/web:2.1
""")
write(os.path.join(PSS, "userns.yaml"), """apiVersion: v1
kind: Pod
metadata:
  name: nested
spec:
  hostUsers: false
  containers:
    - name: builder
      image: registry.example/buildah:1
      securityContext:
        procMount: Unmasked
""")
write(os.path.join(PSS, "Dockerfile"), "FROM debian:12\nUSER root\n")
apps = os.path.join(PSS, "apps.yaml")
r = run("scan", "--no-color", "--profile", "pss-restricted", "--pss-version", "v1.35", apps)
lines = [l for l in r.out.splitlines() if l.startswith("PSS ")]
ok(r.rc == 1 and len(lines) == 3, "pss-restricted: exit 1 and one verdict line per workload", r)
ok(lines and lines[0].startswith(
    "PSS restricted v1.35: Deployment/web (%s:1): FAIL: runAsNonRoot "
    "(spec.template.spec.containers[0].securityContext.runAsNonRoot), " % apps),
   "pss-restricted: the failing workload names its controls and fields", r)
ok(len(lines) == 3 and lines[1] == "PSS restricted v1.35: Pod/good (%s:12): PASS" % apps,
   "pss-restricted: the compliant workload passes", r)
ok(len(lines) == 3 and "hostNamespaces (spec.hostPID)" in lines[2],
   "pss-restricted: baseline controls count under restricted", r)
r = run("scan", "--format", "json", "--profile", "pss-restricted", "--pss-version", "v1.35", apps)
j = r.json() or {}
pss = j.get("pss") or []
ok(j.get("profile") == "pss-restricted" and [w["admitted"] for w in pss] == [False, True, False]
   and pss[0]["version"] == "v1.35" and pss[0]["level"] == "restricted"
   and {"check": "runAsNonRoot", "rule": "BH3101",
        "field": "spec.template.spec.containers[0].securityContext.runAsNonRoot"}
   in pss[0]["failures"],
   "pss-restricted JSON: a pss array with admitted and failures", r)
ok(set(rules_of(r) or []) <= {"BH3101", "BH3102", "BH4104", "BH4105", "BH5101", "BH6105"}
   and "BH5101" in (rules_of(r) or []),
   "pss-restricted: only PSS rules run", r)
r = run("scan", "--no-color", "--profile", "pss-baseline", apps)
lines = [l for l in r.out.splitlines() if l.startswith("PSS ")]
ok(r.rc == 1 and len(lines) == 3 and lines[0].endswith("Deployment/web (%s:1): PASS" % apps)
   and lines[0].startswith("PSS baseline v1.37: ") and "FAIL: hostNamespaces" in lines[2],
   "pss-baseline (latest = v1.37): restricted-only problems pass, hostPID fails", r)
r = run("scan", "--format", "json", "--profile", "pss-baseline", "--only", "BH4102", apps)
ok(r.rc == 0 and rules_of(r) == [] and all(w["admitted"] for w in (r.json() or {}).get("pss", [])),
   "pss-baseline --only BH4102: nothing else runs", r)
r = run("scan", "--format", "json", apps)
j = r.json() or {}
PSS_IDS = {"BH3101", "BH3102", "BH4101", "BH4102", "BH4103", "BH4104", "BH4105", "BH5101",
           "BH5102", "BH5103", "BH5104", "BH5105", "BH6101", "BH6102", "BH6103", "BH6104",
           "BH6105", "BH6106", "BH6107"}
ok(r.rc != 2 and "pss" not in j and not PSS_IDS & set(rules_of(r) or []),
   "default profile: no PSS rules, no pss array", r)
r = run("scan", "--no-color", "--profile", "pss-baseline", "--pss-version", "v1.34",
        os.path.join(PSS, "userns.yaml"))
ok(r.rc == 1 and "BH6103" in r.out and "FAIL: procMount (" in r.out,
   "pss-baseline v1.34: procMount Unmasked fails even with hostUsers: false", r)
r = run("scan", "--no-color", "--profile", "pss-baseline", "--pss-version", "v1.35",
        os.path.join(PSS, "userns.yaml"))
ok(r.rc == 0 and r.out.startswith("PSS baseline v1.35: Pod/nested") and ": PASS" in r.out,
   "pss-baseline v1.35: hostUsers: false allows it", r)
r = run("scan", "--no-color", "--profile", "pss-restricted", "--pss-version", "v1.35",
        os.path.join(PSS, "userns.yaml"))
ok(r.rc == 1 and "procMount_restricted (" in r.out,
   "pss-restricted v1.35: procMount_restricted still fails it", r)
r = run("scan", "-q", "--no-color", "--profile", "pss-restricted", "--pss-version", "v1.0", apps)
ok(r.rc == 1 and "PSS restricted v1.0: Pod/good" in r.out and "runAsUser" not in r.out,
   "--pss-version v1.0 accepted (no runAsUser check before v1.23); -q keeps verdicts", r)
r = run("scan", "--format", "json", "--profile", "pss-restricted", os.path.join(PSS, "Dockerfile"))
ok(r.rc == 0 and rules_of(r) == [] and (r.json() or {}).get("pss") == [],
   "pss-restricted over a Dockerfile: default-profile rules do not run", r)
r = run("scan", "--format", "json", "--profile", "pss-restricted", "--type", "dockerfile", "-",
        stdin="FROM\n")
ok(r.rc == 2 and bool({"BH9001", "BH9002"} & set(rules_of(r) or [])),
   "pss-restricted: input problems are still reported", r)
r = run("scan", "--format", "sarif", "--profile", "pss-restricted", apps)
try:
    props = json.loads(r.out)["runs"][0]["properties"]
except (ValueError, KeyError, IndexError):
    props = {}
ok(props.get("pss", {}).get("level") == "restricted"
   and [w["admitted"] for w in props.get("pss", {}).get("workloads", [])] == [False, True, False],
   "SARIF: the verdicts as a run property", r)

# ---- Kubernetes: discovery by content, stdin, helm output, BH5010, annotations ----
KN = os.path.join(FX, "kube", "netpol")
KP = os.path.join(FX, "kube", "plain")


def findings_of(res):
    return (res.json() or {}).get("findings", [])


r = run("scan", "--format", "json", KP)
files = (r.json() or {}).get("files", [])
ok(r.rc == 0 and [(os.path.basename(f["path"]), f.get("surface")) for f in files]
   == [("deploy.yaml", "kubernetes")],
   "kubernetes discovery: a manifest is scanned, other YAML and JSON are not listed", r)
r = run("scan", "--format", "json", "--only", "BH5010", KP)
ok(r.rc == 0 and rules_of(r) == [], "BH5010: no NetworkPolicy in the scan and no --complete: silent", r)
r = run("scan", "--format", "json", "--only", "BH5010", "--complete", KP)
ok(r.rc == 1 and rules_of(r) == ["BH5010"]
   and [(f["line"], f["column"]) for f in findings_of(r)] == [(1, 1)],
   "BH5010 --complete: the workload no policy selects, at the object", r)
r = run("scan", "--format", "json", "--only", "BH5010", KN)
fs = [(f["line"], f["severity"], f["message"].split(":")[0]) for f in findings_of(r)]
ok(r.rc == 1 and fs == [(18, "medium", "Deployment/web"), (46, "info", "Job/experiment"),
                        (62, "medium", "Pod/api-elsewhere")],
   "BH5010: matchLabels, empty podSelector, namespaces, matchExpressions not checked", r)
r = run("scan", "--format", "json", "--only", "BH5010", os.path.join(KN, "workloads.yaml"))
ok(r.rc == 0 and rules_of(r) == [], "BH5010: the policies of the other file are needed", r)
r = run("scan", "--format", "json", "--only", "BH1002", KN)
sup = [f for f in findings_of(r) if f.get("suppressed")]

ok(len(sup) == 1 and sup[0]["suppressed"]["kind"] == "annotation"
   and sup[0]["suppressed"]["reason"] == "built and pinned by the release job"
   and sup[0]["suppressed"]["source"].endswith("workloads.yaml:69") and sup[0]["line"] == 74,
   "bulkhead.dev/ignore annotation suppresses the workload's findings (reason without quotes)", r)
write(os.path.join(TMP, "kube-ann", "bad.k8s.yaml"), """apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    bulkhead.dev/ignore: "BH9999 reason=x"
spec:
  containers: [{name: a, image: "a:1"}]
""")
r = run("scan", "--format", "json", os.path.join(TMP, "kube-ann"))
ok(r.rc == 2 and "BH9006" in rules_of(r)
   and [f["line"] for f in findings_of(r) if f["rule"] == "BH9006"] == [6],
   "bulkhead.dev/ignore naming an unknown rule is BH9006 at the annotation", r)
HELM = """---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      serviceAccountName: shop
      containers:
      - name: shop
        image: "example/shop:2.0"
        securityContext:
          privileged: true
"""
r = run("scan", "--format", "json", "--only", "BH4001", "-", stdin=HELM)
fs = findings_of(r)
ok(r.rc == 1 and len(fs) == 1 and fs[0]["path"] == "-" and fs[0]["line"] == 21
   and fs[0]["message"].endswith("(from shop/templates/deployment.yaml)")
   and (r.json() or {})["files"][0].get("surface") == "kubernetes",
   "helm template | bulkhead scan -: stdin sniffed, findings name the template", r)
r = run("scan", "--format", "json", "-", stdin="apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"
        "spec:\n  containers: 3\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: y}\n"
        "spec:\n  containers: [{name: y, image: 'y:1', securityContext: {privileged: on}}]\n")
ok(r.rc == 2 and "BH9002" in rules_of(r) and "BH4001" in rules_of(r),
   "a broken workload is BH9002 (exit 2) and the next document is still scanned", r)
r = run("scan", "--format", "json", "--type", "kubernetes", "-", stdin="a: [unclosed\n")
ok(r.rc == 2 and rules_of(r) == ["BH9001"], "--type kubernetes: YAML syntax error is BH9001", r)
write(os.path.join(TMP, "chart", "Chart.yaml"), "apiVersion: v2\nname: c\nversion: 1.0.0\n")
write(os.path.join(TMP, "chart", "templates", "deploy.yaml"),
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n")
r = run("scan", "--format", "json", os.path.join(TMP, "chart"))
ok(r.rc == 0 and (r.json() or {}).get("files") == [],
   "helm chart templates/ are not scanned as manifests", r)

# ---------------------------------------------------------------- compose
CP = os.path.join(TMP, "compose")
write(os.path.join(CP, "names", "compose.yaml"), "services:\n  a:\n    image: a:1\n")
write(os.path.join(CP, "names", "b", "docker-compose.yml"), "services:\n  b:\n    image: b:1\n")
write(os.path.join(CP, "names", "c", "podman-compose.yaml"), "services:\n  c:\n    image: c:1\n")
write(os.path.join(CP, "names", "d", "compose.prod.yaml"), "services:\n  d:\n    image: d:1\n")
r = run("scan", "--format", "json", "names", cwd=CP)
files = [(f["path"], f.get("surface")) for f in (r.json() or {}).get("files", [])]
ok(files == [("names/b/docker-compose.yml", "compose"), ("names/c/podman-compose.yaml", "compose"),
             ("names/compose.yaml", "compose")],
   "compose discovery: compose.yaml, docker-compose.yml, podman-compose.yaml (not other names)",
   files)
r = run("scan", "--format", "json", "names/d/compose.prod.yaml", cwd=CP)
files = [(f["path"], f.get("surface")) for f in (r.json() or {}).get("files", [])]
ok(files == [("names/d/compose.prod.yaml", "compose")],
   "a YAML file named explicitly with a top-level services: is read as compose", r)

OV = os.path.join(CP, "ov")
write(os.path.join(OV, "compose.yaml"),
      "services:\n  web:\n    image: nginx:1.27.3\n    privileged: false\n")
write(os.path.join(OV, "compose.override.yaml"), "services:\n  web:\n    privileged: true\n")
write(os.path.join(CP, "orphan", "compose.override.yml"),
      "services:\n  x:\n    image: x:1\n    privileged: true\n")
r = run("scan", "--format", "json", "--only", "BH4001", "ov", "orphan", cwd=CP)
paths = [f["path"] for f in (r.json() or {}).get("files", [])]
fs = findings_of(r)
ok(paths == ["ov/compose.yaml", "orphan/compose.override.yml"],
   "an override file is merged into its compose file, scanned alone without one", paths)
fs = sorted(fs, key=lambda f: f["path"])
ok(r.rc == 1 and [(f["path"], f["line"]) for f in fs] ==
   [("orphan/compose.override.yml", 4), ("ov/compose.yaml", 4)]
   and "(from compose.override.yaml:3)" in fs[1]["message"],
   "a value from the override is reported at the key it overrides, naming the override", r)

# Several projects with override files in one walk: every override is dropped
# from the list (merged into its project) while the list is compacted; this
# once read a freed path (caught by AddressSanitizer over the benchmark corpus).
MO = os.path.join(CP, "many")
for i in range(6):
    d = os.path.join(MO, "p%d" % i)
    write(os.path.join(d, "compose.yaml"), "services:\n  web:\n    image: nginx:1.27.3\n")
    write(os.path.join(d, "compose.override.yaml"), "services:\n  web:\n    privileged: true\n")
    write(os.path.join(d, "Dockerfile"), CLEAN)
write(os.path.join(MO, "solo", "docker-compose.override.yml"),
      "services:\n  s:\n    image: s:1\n")
r = run("scan", "--format", "json", "--only", "BH4001", "many", cwd=CP)
paths = [f["path"] for f in (r.json() or {}).get("files", [])]
want = []
for i in range(6):
    want += ["many/p%d/Dockerfile" % i, "many/p%d/compose.yaml" % i]
want.append("many/solo/docker-compose.override.yml")
ok(r.rc == 1 and paths == want and len(findings_of(r)) == 6,
   "six projects with overrides in one walk: overrides merged, orphan kept, order kept", r)

FF = os.path.join(CP, "ff")
write(os.path.join(FF, "base.yml"), "services:\n  app:\n    image: app:1.0\n    user: app\n")
write(os.path.join(FF, "prod.yml"), "services:\n  app:\n    user: root\n")
r = run("scan", "--format", "json", "--only", "BH3001", "-f", "base.yml", "--compose-file",
        "prod.yml", cwd=FF)
fs = findings_of(r)
ok(r.rc == 1 and [(f["path"], f["line"]) for f in fs] == [("base.yml", 4)]
   and "prod.yml:3" in fs[0]["message"],
   "-f/--compose-file merge files in order into one project (no PATH needed)", r)
r = run("scan", "--format", "json", "--only", "BH3001", "-f", "base.yml", cwd=FF)
ok(r.rc == 0 and findings_of(r) == [], "-f with one file: that file alone", r)
r = run("scan", "--format", "json", "-f", "base.yml", "-f", "missing.yml", cwd=FF)
ok(r.rc == 2 and "BH9004" in (rules_of(r) or []), "-f with a missing file: BH9004, exit 2", r)

EV = os.path.join(CP, "env")
write(os.path.join(EV, "compose.yaml"),
      "services:\n  app:\n    image: app:1.0\n    user: ${RUN_AS}\n"
      "    privileged: ${PRIV:-false}\n")
write(os.path.join(EV, ".env"), "RUN_AS=root\n")
write(os.path.join(EV, "prod.env"), "RUN_AS=10001\nPRIV=true\n")
r = run("scan", "--format", "json", "--only", "BH3001,BH4001", "compose.yaml", cwd=EV)
ok(rules_of(r) == ["BH3001"], ".env beside the compose file is used for interpolation", r)
r = run("scan", "--format", "json", "--only", "BH3001,BH4001", "--env-file", "prod.env",
        "compose.yaml", cwd=EV)
ok(rules_of(r) == ["BH4001"], "--env-file replaces .env", r)
r = run("scan", "--format", "json", "--only", "BH3001,BH4001", "compose.yaml", cwd=EV,
        env={"RUN_AS": "10001"})
ok(rules_of(r) == [], "the process environment wins over .env", r)
os.remove(os.path.join(EV, ".env"))
r = run("scan", "--format", "json", "--only", "BH3001,BH9005", "compose.yaml", cwd=EV,
        env={"RUN_AS": ""})
fs = findings_of(r)
ok(r.rc == 0 and not any(f["rule"] == "BH9005" for f in fs),
   "an empty variable is set: no BH9005", r)
env_wo = {k: v for k, v in os.environ.items() if k != "RUN_AS"}
p = subprocess.run([EXE, "scan", "--format", "json", "--only", "BH9005", "compose.yaml"], cwd=EV,
                   env=dict(env_wo, BULKHEAD_TODAY="2026-01-15"), capture_output=True, text=True)
fs = (json.loads(p.stdout) if p.stdout else {}).get("findings", [])
ok(p.returncode == 0 and [f["rule"] for f in fs] == ["BH9005"] and "${RUN_AS}" in fs[0]["message"],
   "an unset variable is unknown (BH9005, info), never guessed", p.stdout + p.stderr)
r = run("scan", "--format", "json", "--env-file", "nope.env", "compose.yaml", cwd=EV)
ok(r.rc == 2 and "BH9004" in (rules_of(r) or []), "an unreadable --env-file is BH9004", r)

# ---------------------------------------------------------------- Quadlet units and run lines
QR = os.path.join(TMP, "qr")
write(os.path.join(QR, "deploy", "web.container"), "[Container]\nImage=web:1.0\nUser=root\n")
write(os.path.join(QR, "deploy", "Foo.pod"), "=head1 NAME\n\nFoo - a Perl module\n")
write(os.path.join(QR, ".github", "workflows", "ci.yml"),
      "on: push\njobs:\n  t:\n    steps:\n      - run: docker run --privileged app:1.0\n")
write(os.path.join(QR, ".gitlab-ci.yml"), "t:\n  script:\n    - podman run -u 0 app:1.0\n")
write(os.path.join(QR, "Makefile"), "run:\n\t@docker run --privileged app:1.0\n")
write(os.path.join(QR, "docs", "README.md"), "```sh\ndocker run --privileged app:1.0\n```\n")
write(os.path.join(QR, "notes.md"), "nothing to run here\n")
write(os.path.join(QR, "bin", "start"), "#!/usr/bin/env bash\nexec docker run --privileged app:1.0\n")
r = run("scan", "--format", "json", "--only", "BH3001,BH4001", "qr")
got = [(f["path"], f["surface"]) for f in (r.json() or {}).get("files", [])]
ok(got == [("qr/.github/workflows/ci.yml", "runline"), ("qr/.gitlab-ci.yml", "runline"),
           ("qr/Makefile", "runline"), ("qr/deploy/Foo.pod", "quadlet"),
           ("qr/deploy/web.container", "quadlet"), ("qr/docs/README.md", "runline"),
           ("qr/notes.md", "runline")],
   "discovery: Quadlet units, workflows, GitLab CI, Makefiles, Markdown", got)
got = [(f["path"], f["line"], f["column"], f["rule"]) for f in findings_of(r)]
ok(r.rc == 1 and got == [("qr/.github/workflows/ci.yml", 5, 25, "BH4001"),
                         ("qr/.gitlab-ci.yml", 3, 18, "BH3001"),
                         ("qr/Makefile", 2, 14, "BH4001"),
                         ("qr/deploy/web.container", 3, 1, "BH3001"),
                         ("qr/docs/README.md", 2, 12, "BH4001")],
   "run lines and Quadlet keys reported at the option or key (a Perl .pod is not a unit)", r)
r = run("scan", "--format", "json", "--only", "BH4001", os.path.join(QR, "bin", "start"))
fs = findings_of(r)
ok(r.rc == 1 and [(f["line"], f["column"]) for f in fs] == [(2, 17)]
   and (r.json() or {}).get("files", [{}])[0].get("surface") == "runline",
   "a file named explicitly with a sh/bash #! line is read as a script", r)

# The core program runs scan/rules/version/help itself and executes
# bulkhead-ext for host, engine, image and db: it must not load the heavy
# libraries at start-up, and without bulkhead-ext those commands fail clearly.
ldd = shutil.which("ldd")
if ldd:
    libs = subprocess.run([ldd, EXE], capture_output=True, text=True).stdout
    heavy = [l for l in ("libcurl", "libcrypto", "libarchive", "libsqlite3") if l in libs]
    ok(heavy == [], "the core program links none of libcurl, libcrypto, libarchive, sqlite", heavy)
else:
    skip("the core program links none of the heavy libraries", "no ldd")
r = run("help", "db")
ok(r.rc == 0 and "bulkhead db import" in r.out, "help for an extension command comes from bulkhead-ext", r)
alone = os.path.join(TMP, "alone")
os.makedirs(alone, exist_ok=True)
shutil.copy(EXE, os.path.join(alone, "bulkhead"))
p = subprocess.run([os.path.join(alone, "bulkhead"), "host", "--help"], capture_output=True,
                   text=True, timeout=60, env=env_for(None))
ok(p.returncode == 2 and "cannot run" in p.stderr and "bulkhead-ext" in p.stderr,
   "without bulkhead-ext: a clear error and exit 2", p.stderr)
p = subprocess.run([os.path.join(alone, "bulkhead"), "scan", "--help"], capture_output=True,
                   text=True, timeout=60, env=env_for(None))
ok(p.returncode == 0, "without bulkhead-ext: scan still works", p.stderr)

shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % count)
sys.exit(0)
