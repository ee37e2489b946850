#!/usr/bin/env python3
"""bulkhead engine against a fake engine (tests/engine/fake_engine.py), TAP.

usage: test-engine.py BULKHEAD_EXE SOURCE_DIR

Docker-shaped answers written for these tests (fixtures/) give exact
findings per container, network and the engine; the error paths (malformed
JSON, oversized and too deep answers, a stall, 404/500, an old API, a
redirect, plain TCP, a missing socket, nothing listening, permission denied)
give their message and exit code 2.  Every request is recorded: bulkhead
must send GET only, with the negotiated /vN.NN prefix.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

EXE = os.path.abspath(sys.argv[1])
SANITIZER = []  # sanitizer reports seen on stderr
SRC = os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(SRC, "tests", "engine"))
from fake_engine import FakeEngine, stall  # noqa: E402

FIX = os.path.join(SRC, "tests", "engine", "fixtures")
TMP = tempfile.mkdtemp(prefix="bh-engine-")
SOCK = os.path.join(TMP, "docker.sock")
count = 0
failed = 0


def ok(cond, name, diag=None):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", count, name))
    if not cond:
        failed += 1
        if diag is not None:
            for line in str(diag).splitlines()[:60]:
                print("#   " + line)
    sys.stdout.flush()
    return cond


def fx(name):
    with open(os.path.join(FIX, name)) as f:
        return json.load(f)


def run(*args, user=None):
    p = subprocess.run([EXE, "engine"] + list(args), capture_output=True, text=True,
                       timeout=120, user=user)
    # under ASan/UBSan a report may leave the exit code as it was: look for it
    if "Sanitizer" in p.stderr or "runtime error:" in p.stderr:
        SANITIZER.append(p.stderr[-3000:])
    return p


def audit(routes, *args, **kw):
    fe = FakeEngine(SOCK, routes, **kw)
    try:
        p = run("-H", "unix://" + SOCK, "--format", "json", *args)
    finally:
        fe.close()
    try:
        out = json.loads(p.stdout)
    except ValueError:
        out = None
    return p, out, fe


def got(out, path=None):
    return sorted((f["path"], f["rule"], f["severity"], f["source"]) for f in out["findings"]
                  if path is None or f["path"] == path)


WEB, HARD = fx("docker-web.json"), fx("docker-hard.json")


def base_routes():
    return {
        "/containers/json": (200, fx("docker-list.json")),
        "/containers/%s/json" % WEB["Id"]: (200, WEB),
        "/containers/%s/json" % HARD["Id"]: (200, HARD),
        "/images/%s/json" % WEB["Image"]: (200, fx("image-root.json")),
        "/info": (200, fx("docker-info.json")),
        "/version": (200, fx("docker-version.json")),
        "/networks": (200, fx("docker-networks.json")),
    }


# ---- the Docker-shaped engine: exact findings ----

p, out, fe = audit(base_routes())
ok(p.returncode == 1 and out is not None, "docker-shaped engine: exit 1 (findings)", p.stderr)
W = "container/web"
web_expected = sorted([
    (W, "BH4003", "low", "Id: " + WEB["Id"]),
    (W, "BH4004", "low", "Id: " + WEB["Id"]),
    (W, "BH5009", "low", "Id: " + WEB["Id"]),
    (W, "BH3001", "high", "Config.User: (empty, and the image sets none: uid 0, root)"),
    (W, "BH4002", "high", "HostConfig.CapAdd[0]: CAP_NET_ADMIN"),
    (W, "BH4002", "critical", "HostConfig.CapAdd[1]: sys_admin"),
    (W, "BH6001", "high", "HostConfig.SecurityOpt[0]: seccomp=unconfined"),
    (W, "BH6002", "high", "HostConfig.SecurityOpt[1]: apparmor=unconfined"),
    (W, "BH5001", "high", "HostConfig.NetworkMode: host"),
    (W, "BH5002", "high", "HostConfig.PidMode: host"),
    (W, "BH4006", "low", "HostConfig.ReadonlyRootfs: false"),
    (W, "BH6004", "high", "HostConfig.MaskedPaths: [] (nothing masked)"),
    (W, "BH4005", "critical", "HostConfig.Devices[0]: /dev/sda -> /dev/sda (rwm)"),
    (W, "BH2001", "critical", "Mounts[0]: bind /var/run/docker.sock -> /var/run/docker.sock (rw)"),
    (W, "BH5008", "low", "HostConfig.PortBindings[8080/tcp][0]: (all):8080"),
    (W, "BH2003", "high", "Config.Env[1]: DOCKER_HOST=(19 bytes)"),
])
ok(out and got(out, W) == web_expected, "container/web: every finding, at its field",
   out and "\n".join(map(str, got(out, W))))
ok(out and got(out, "container/hard") == [], "container/hard (drop ALL, user, read-only, "
   "no-new-privileges, limits): no finding", out and got(out, "container/hard"))
E = "engine"
eng = out and got(out, E)
ok(eng and [r for (_, r, _, _) in eng].count("BH1005") == 7
   and ("engine", "BH1005", "high", "Components[2]: runc 1.1.11") in eng,
   "engine: /version components through the CVE tables (runc 1.1.11: CVE-2024-21626 ...)", eng)
for rule, src in [("BH6007", "SecurityOptions[0]: name=apparmor"),
                  ("BH6008", "SecurityOptions[0]: name=apparmor"),
                  ("BH6001", "SecurityOptions[1]: name=seccomp,profile=unconfined"),
                  ("BH7011", "RegistryConfig.InsecureRegistryCIDRs[1]: 10.1.0.0/16"),
                  ("BH2004", "Warnings[0]: [DEPRECATION NOTICE]: API is accessible on "
                   "http://0.0.0.0:2375 without encryption."),
                  ("BH5011", "Networks[bridge].Options[com.docker.network.bridge.enable_icc]: true")]:
    ok(eng and any(r == rule and s == src for (_, r, _, s) in eng), "engine: %s from /info" % rule,
       eng)
ok(eng and not any(r in ("BH2008", "BH2009", "BH2010", "BH5012") for (_, r, _, _) in eng),
   "engine: authz plugin, live-restore and journald pass; userland-proxy is not judged", eng)
ok(out and got(out, "network/bridge") == [("network/bridge", "BH5007", "low",
   "Options[com.docker.network.bridge.enable_icc]: true")]
   and got(out, "network/backend") == [], "networks: bridge with enable_icc on, not backend",
   out and got(out))
ok(all(m == "GET" for m, _ in fe.requests) and len(fe.requests) == 8,
   "only GET requests, one per object", fe.requests)
ok(set(fe.prefixes) == {"/v1.45"} and fe.requests[0] == ("GET", "/_ping"),
   "API version negotiated on /_ping: the server's 1.45", fe.prefixes)
ok(out and sorted(f["path"] for f in out["files"]) == ["container/hard", "container/web", "engine",
   "network/backend", "network/bridge", "network/host"], "files: containers, engine, networks",
   out and out["files"])

# the newest bulkhead knows, not the server's newer one
p, out, fe = audit(base_routes(), api="1.99")
ok(set(fe.prefixes) == {"/v1.51"}, "server API 1.99: bulkhead uses its newest, 1.51", fe.prefixes)

# --running: the list without all=1
p, out, fe = audit(base_routes(), "--running")
ok(("GET", "/v1.45/containers/json") in fe.requests, "--running lists without all=1", fe.requests)

# text and SARIF name the container
fe = FakeEngine(SOCK, base_routes())
pt = run("-H", "unix://" + SOCK, "--format", "text", "--no-color", "--only", "BH4005")
ps = run("-H", "unix://" + SOCK, "--format", "sarif", "--only", "BH4005")
fe.close()
ok("container/web:18:1: critical BH4005" in pt.stdout, "text: container/web:line:col", pt.stdout)
try:
    sarif = json.loads(ps.stdout)
    res = sarif["runs"][0]["results"]
    uri = res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
except (ValueError, KeyError, IndexError):
    sarif, uri = None, None
ok(uri == "container/web", "SARIF: artifact URI container/<name>", ps.stdout[:2000])

# both reports validate: JSON against docs/bulkhead-report.schema.json, SARIF
# against the official 2.1.0 schema (../shared/data, when present)
try:
    import jsonschema
except ImportError:
    jsonschema = None
fe = FakeEngine(SOCK, base_routes())
pj = run("-H", "unix://" + SOCK, "--format", "json")
ps = run("-H", "unix://" + SOCK, "--format", "sarif")
fe.close()
sarif_schema = os.path.join(SRC, "..", "shared", "data", "schemas", "sarif-schema-2.1.0.json")
if jsonschema is None:
    count += 1
    print("ok %d - report schemas # SKIP python3-jsonschema is not installed" % count)
else:
    errs = []
    with open(os.path.join(SRC, "docs", "bulkhead-report.schema.json")) as f:
        try:
            jsonschema.validate(json.loads(pj.stdout), json.load(f))
        except jsonschema.ValidationError as e:
            errs.append(str(e)[:1500])
    if os.path.exists(sarif_schema):
        with open(sarif_schema) as f:
            try:
                jsonschema.validate(json.loads(ps.stdout), json.load(f))
            except jsonschema.ValidationError as e:
                errs.append(str(e)[:1500])
    ok(not errs, "engine JSON and SARIF reports validate against their schemas", "\n".join(errs))

# .bulkhead.yaml path globs name containers
cfg = os.path.join(TMP, "bulkhead.yaml")
with open(cfg, "w") as f:
    f.write("suppressions:\n  - rule: BH2001\n    path: container/we*\n    reason: \"the CI agent\"\n")
p, out, fe = audit(base_routes(), "--config", cfg)
sup = [f for f in out["findings"] if f["rule"] == "BH2001"] if out else []
ok(len(sup) == 1 and sup[0]["suppressed"] and sup[0]["suppressed"]["kind"] == "config",
   ".bulkhead.yaml: path container/we* suppresses container web's BH2001", p.stdout[:3000] + p.stderr)

# ---- Podman-shaped: capabilities relative to its default set ----
PH, PC = fx("podman-hard.json"), fx("podman-capadd.json")
proutes = {
    "/containers/json": (200, [{"Id": PH["Id"], "Names": ["/phard"]},
                               {"Id": PC["Id"], "Names": ["/pcap"]}]),
    "/containers/%s/json" % PH["Id"]: (200, PH),
    "/containers/%s/json" % PC["Id"]: (200, PC),
    "/libpod/containers/%s/json" % PH["Id"]: (200, fx("podman-hard-libpod.json")),
    "/libpod/containers/%s/json" % PC["Id"]: (200, fx("podman-capadd-libpod.json")),
    "/images/%s/json" % PC["Image"]: (200, fx("image-root.json")),
    "/info": (200, {"Name": "x", "SecurityOptions": ["name=seccomp,profile=default"]}),
    "/version": (200, {"Components": [{"Name": "Podman Engine", "Version": "4.3.1"}]}),
    "/networks": (200, []),
}
p, out, fe = audit(proutes, api="1.41", libpod="4.3.1", server="Libpod/4.3.1 (linux)")
ph = out and got(out, "container/phard")
ok(ph is not None and not any(r in ("BH4003", "BH4002", "BH4001") for (_, r, _, _) in ph),
   "podman: --cap-drop ALL reported as 13 drops is modelled as drop ALL (libpod EffectiveCaps)", ph)
pc = out and got(out, "container/pcap")
ok(pc and ("container/pcap", "BH4002", "critical", "HostConfig.CapAdd[0]: SYS_ADMIN") in pc
   and any(r == "BH4003" for (_, r, _, _) in pc), "podman: --cap-add SYS_ADMIN keeps the default set", pc)
ok(("GET", "/v4.3.1/libpod/containers/%s/json" % PH["Id"]) in fe.requests,
   "podman: libpod inspect with the Libpod-Api-Version prefix", fe.requests)
ok(out and not any(f["path"] == "engine" for f in out["findings"]),
   "podman: the Docker daemon rules do not apply", out and got(out, "engine"))

# ---- /proc ground truth ----
child = subprocess.Popen(["sleep", "60"])
try:
    run_ = fx("docker-running.json")
    run_["State"]["Pid"] = child.pid
    dead = json.loads(json.dumps(run_))
    dead["Id"], dead["Name"], dead["State"]["Pid"] = "c4" * 32, "/dead", 2147480000
    r = base_routes()
    info = fx("docker-info.json")
    info["Name"] = socket.gethostname()
    r.update({"/containers/json": (200, [{"Id": run_["Id"], "Names": ["/running"]},
                                         {"Id": dead["Id"], "Names": ["/dead"]}]),
              "/containers/%s/json" % run_["Id"]: (200, run_),
              "/containers/%s/json" % dead["Id"]: (200, dead),
              "/info": (200, info)})
    p, out, fe = audit(r, "--only", "BH4110")
    rn = out and got(out, "container/running")
    src = "State.Pid: %d" % child.pid
    ok(rn and ("container/running", "BH4110", "high", src) in rn
       and ("container/running", "BH4110", "medium", src) in rn and len(rn) == 3,
       "/proc: a process with more capabilities, no seccomp and no no_new_privs than the API "
       "claims: three findings", rn)
    msgs = [f["message"] for f in out["findings"]] if out else []
    ok(any("holds capabilities the engine API does not report: " in m and "SYS_ADMIN" in m
           for m in msgs), "/proc: the extra capabilities are named", msgs)
    dd = out and [f for f in out["findings"] if f["path"] == "container/dead"]
    ok(dd and len(dd) == 1 and dd[0]["severity"] == "info"
       and "/proc/2147480000/status could not be read" in dd[0]["message"],
       "/proc: an unreadable process is said, never a silent pass", dd)
    info["Name"] = "elsewhere.example"
    p, out, fe = audit(r, "--only", "BH4110")
    msgs = [f["message"] for f in out["findings"] if f["path"] == "container/running"] if out else []
    ok(len(msgs) == 1 and 'runs on host "elsewhere.example"' in msgs[0]
       and any("not checked against /proc" in w for w in out["warnings"]),
       "/proc: an engine on another host is not compared (info finding and a warning)", out)
finally:
    child.kill()
    child.wait()

# ---- error paths ----
def err_case(name, routes, want, *args, **kw):
    p, out, fe = audit(routes, *args, **kw)
    ok(p.returncode == 2 and want in p.stderr and all(m == "GET" for m, _ in fe.requests),
       name, "rc=%d stderr=%s" % (p.returncode, p.stderr))


err_case("API older than 1.24 is refused", base_routes(), "older than 1.24", api="1.20")
big = "[" + ",".join(['{"Id":"%064d"}' % 0] * 1) + "," + " " * (16 * 1024 * 1024) + "]"
r = base_routes()
r["/containers/json"] = (200, big)
err_case("an answer past BH_LIMIT_ENGINE_RESPONSE (16 MiB) stops", r, "larger than 16777216 bytes")
r = base_routes()
r["/containers/json"] = stall(4)
err_case("a stalled engine times out (--timeout 1)", r, "no complete answer within 1000 ms",
         "--timeout", "1")
r = base_routes()
r["/containers/json"] = (301, "", {"Location": "http://evil.example/containers/json"})
err_case("a redirect is refused", r, "redirect (HTTP 301)")
r = base_routes()
r["/containers/json"] = (500, {"message": "database is locked"})
err_case("the container list answering 500: exit 2 with the engine's message", r,
         "HTTP 500: database is locked")
r = base_routes()
r["/containers/json"] = (200, "[{\"Id\": ")
err_case("a malformed container list: exit 2", r, "not JSON")

# per-object failures: BH9010 in that object's file, the rest audited
r = base_routes()
r["/containers/%s/json" % HARD["Id"]] = (500, {"message": "storage corrupt"})
r["/containers/%s/json" % WEB["Id"]] = (200, '{"Id": "x", "HostConfig": {' * 1 + "broken")
r["/info"] = (404, {"message": "page not found"})
r["/networks"] = (200, "[" * 100 + "]" * 100)
p, out, fe = audit(r)
nine = out and sorted((f["path"], f["message"]) for f in out["findings"] if f["rule"] == "BH9010")
ok(p.returncode == 2 and nine and len(nine) == 4, "BH9010 per object, exit 2", nine)
txt = "\n".join(m for _, m in nine) if nine else ""
ok("container hard could not be inspected: GET /containers/%s/json: HTTP 500: storage "
   "corrupt" % HARD["Id"] in txt, "BH9010: HTTP 500 with the engine's message", txt)
ok("container web could not be inspected: GET /containers/%s/json: not JSON" % WEB["Id"]
   in txt, "BH9010: malformed JSON", txt)
ok("engine information: GET /info: HTTP 404: page not found" in txt, "BH9010: 404", txt)
ok("nested deeper than 64 levels" in txt, "BH9010: JSON past BH_LIMIT_ENGINE_JSON_DEPTH", txt)
ok(out and any(f["path"] == "container/hard" and f["failed"] for f in out["files"]),
   "the file of an object that could not be read is marked failed", out and out["files"])

# more containers than BH_LIMIT_ENGINE_CONTAINERS: the first 10000 are audited, BH9003 says so
r = base_routes()
many = [{"Id": "%064x" % (i + 1), "Names": ["/c%05d" % i]} for i in range(10001)]
r["/containers/json"] = (200, many)
tiny = {"Id": "f" * 64, "Name": "/t", "HostConfig": {"Privileged": False}, "Config": {"User": "1"}}


def tiny_inspect(h):
    return (200, tiny)


for c in many:
    r["/containers/%s/json" % c["Id"]] = tiny_inspect
p, out, fe = audit(r, "--only", "BH4001")
lim = out and [f for f in out["findings"] if f["rule"] == "BH9003"]
inspects = [q for _, q in fe.requests if q.startswith("/v1.45/containers/") and q != "/v1.45/containers/json?all=1"]
ok(lim and "only the first 10000 were audited" in lim[0]["message"] and len(inspects) == 10000,
   "BH_LIMIT_ENGINE_CONTAINERS: 10001 containers, 10000 inspected, BH9003", (lim, len(inspects)))

# ---- connection failures: a clear message and exit 2 ----
p = run("-H", "tcp://127.0.0.1:2375")
ok(p.returncode == 2 and "plain TCP" in p.stderr and "TLS client certificates" in p.stderr,
   "plain tcp:// is refused with a clear message", p.stderr)
p = run("-H", "ssh://host")
ok(p.returncode == 2 and "not supported" in p.stderr, "ssh:// is not supported", p.stderr)
p = run("-H", "unix://" + os.path.join(TMP, "missing.sock"))
ok(p.returncode == 2 and "missing.sock" in p.stderr and "No such file" in p.stderr,
   "a missing socket: exit 2", p.stderr)
env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "CONTAINER_HOST")}
env["DOCKER_HOST"] = "unix://" + os.path.join(TMP, "env.sock")
p = subprocess.run([EXE, "engine"], capture_output=True, text=True, env=env, timeout=60)
ok(p.returncode == 2 and "env.sock (from DOCKER_HOST)" in p.stderr, "DOCKER_HOST names the socket",
   p.stderr)
down = os.path.join(TMP, "down.sock")
s = socket.socket(socket.AF_UNIX)
s.bind(down)
s.close()
p = run("-H", "unix://" + down)
ok(p.returncode == 2 and "nothing listens" in p.stderr, "engine down (socket, no listener): exit 2",
   p.stderr)
if os.geteuid() == 0:
    fe = FakeEngine(SOCK, base_routes())
    p = run("-H", "unix://" + SOCK, user=65534)
    fe.close()
    ok(p.returncode == 2 and "ermission denied" in p.stderr,
       "permission denied (as nobody): exit 2", p.stderr)
else:
    os.chmod(TMP, 0o700)
    fe = FakeEngine(SOCK, base_routes())
    os.chmod(SOCK, 0)
    p = run("-H", "unix://" + SOCK)
    fe.close()
    ok(p.returncode == 2 and "ermission denied" in p.stderr, "permission denied: exit 2", p.stderr)
# ---- TCP: only with TLS client certificates ----
def openssl(*args):
    return subprocess.run(["openssl"] + list(args), capture_output=True, text=True, cwd=TMP)


if shutil.which("openssl") is None:
    print("ok %d - TLS engine # SKIP openssl is not installed" % (count + 1))
    count += 1
else:
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=bh-test-ca",
            "-keyout", "ca.key", "-out", "ca.pem")
    for who, cn in (("server", "127.0.0.1"), ("client", "bh-client")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout",
                who + ".key", "-out", who + ".csr")
        with open(os.path.join(TMP, who + ".ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1\n" if who == "server"
                    else "extendedKeyUsage=clientAuth\n")
        openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", who + ".ext", "-out", who + ".pem")
    t = lambda n: os.path.join(TMP, n)  # noqa: E731
    fe = FakeEngine(None, base_routes(), tls=(t("server.pem"), t("server.key"), t("ca.pem")))
    host = "tcp://127.0.0.1:%d" % fe.port
    p = run("-H", host, "--tlscacert", t("ca.pem"), "--tlscert", t("client.pem"), "--tlskey",
            t("client.key"), "--format", "json", "--only", "BH4001")
    ok(p.returncode == 0 and '"container/web"' in p.stdout and fe.requests
       and all(m == "GET" for m, _ in fe.requests),
       "tcp:// with TLS client certificates (--tlscacert/--tlscert/--tlskey)", p.stderr)
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "CONTAINER_HOST")}
    certs = os.path.join(TMP, "certs")
    os.makedirs(certs)
    for a, b in (("ca.pem", "ca.pem"), ("client.pem", "cert.pem"), ("client.key", "key.pem")):
        shutil.copy(t(a), os.path.join(certs, b))
    env.update(DOCKER_HOST=host, DOCKER_TLS_VERIFY="1", DOCKER_CERT_PATH=certs)
    p = subprocess.run([EXE, "engine", "--only", "BH4001"], capture_output=True, text=True,
                       env=env, timeout=60)
    ok(p.returncode == 0, "DOCKER_HOST=tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", p.stderr)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=rogue",
            "-keyout", "rogue.key", "-out", "rogue.pem")
    p = run("-H", host, "--tlscacert", t("ca.pem"), "--tlscert", t("rogue.pem"), "--tlskey",
            t("rogue.key"))
    ok(p.returncode == 2 and "GET /_ping" in p.stderr,
       "a client certificate the engine's CA did not sign: exit 2", p.stderr)
    p = run("-H", host, "--tlscacert", t("client.pem"), "--tlscert", t("client.pem"), "--tlskey",
            t("client.key"))
    ok(p.returncode == 2 and "GET /_ping" in p.stderr,
       "an engine certificate the CA does not sign: exit 2", p.stderr)
    fe.close()

p = run("--profile", "pss-restricted")
ok(p.returncode == 2 and "does not apply" in p.stderr, "--profile other than default: usage error",
   p.stderr)
p = run("--help")
ok(p.returncode == 0 and "Usage: bulkhead engine" in p.stdout, "--help", p.stdout)

ok(not SANITIZER, "no sanitizer report in any run", "\n".join(SANITIZER))
shutil.rmtree(TMP, ignore_errors=True)
print("1..%d" % count)
sys.exit(1 if failed else 0)
