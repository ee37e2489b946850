#!/usr/bin/env python3
"""bulkhead host on fixture root trees, speaking TAP.

usage: test-host.py BULKHEAD_EXE SOURCE_DIR

Each tree under tests/host/fixtures/ is copied to a temporary directory;
what git cannot hold is made there: engine sockets (python's socket module,
then chmod / chown), symbolic links that point out of the root, unreadable
files.  Every verdict is checked: pass, fail, not applicable and unknown,
with the finding's file, line, column and severity.  One test audits the
real machine (--root /) and checks the kernel release it reports.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile

EXE = os.path.abspath(sys.argv[1])
SRC = os.path.abspath(sys.argv[2])
FIXTURES = os.path.join(SRC, "tests", "host", "fixtures")
IS_ROOT = os.geteuid() == 0

count = 0
failed = 0
sockets = []


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


def run(*args):
    p = subprocess.run([EXE, "host"] + list(args), capture_output=True, text=True, timeout=120)
    return p


def audit(root, *args):
    p = run("--root", root, "--format", "json", *args)
    try:
        d = json.loads(p.stdout)
    except ValueError:
        d = None
    return p, d


def verdicts(d):
    return {c["rule"]: c["verdict"] for c in d["host"]["checks"]}


def rel(root, path):
    return os.path.relpath(path, root) if path and path.startswith(root) else path


def found(d, root, rule, path=None, line=None, col=None, sev=None, text=None):
    for f in d["findings"]:
        if f["rule"] != rule:
            continue
        if path is not None and rel(root, f["path"]) != path:
            continue
        if line is not None and f.get("line") != line:
            continue
        if col is not None and f.get("column") != col:
            continue
        if sev is not None and f["severity"] != sev:
            continue
        if text is not None and text not in f["message"]:
            continue
        return True
    return False


def copy(tmp, name, tag=""):
    dst = os.path.join(tmp, name + tag)
    shutil.copytree(os.path.join(FIXTURES, name), dst, symlinks=True)
    return dst


def make_socket(path, mode, gid=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    sockets.append(s)
    os.chmod(path, mode)
    if gid is not None and IS_ROOT:
        os.chown(path, 0, gid)


def findings_dump(d):
    return "\n".join("%s %s %s:%s:%s %s" % (f["rule"], f["severity"], f["path"], f.get("line"),
                                            f.get("column"), f["message"][:100])
                     for f in (d or {}).get("findings", []))


def test_debian_vuln(tmp):
    root = copy(tmp, "debian-vuln")
    # a world-writable socket whose mode is 606: 606 < 660 as numbers, not as bits
    make_socket(os.path.join(root, "run", "docker.sock"), 0o606, gid=998)
    make_socket(os.path.join(root, "run", "containerd", "containerd.sock"), 0o660, gid=998)
    os.symlink("/run", os.path.join(root, "var", "run")) if os.path.isdir(
        os.path.join(root, "var")) else None
    for portable in (False, True):
        tag = " (portable resolver)" if portable else ""
        p, d = audit(root, *(["--portable-resolver"] if portable else []))
        if not ok(d is not None and p.returncode == 1, "debian-vuln: audit completes, exit 1" + tag,
                  p.stderr + p.stdout[:2000]):
            continue
        v = verdicts(d)
        dump = findings_dump(d)
        ok(d["host"]["facts"]["kernel"] == "5.10.0-20-amd64" and
           d["host"]["facts"]["kernel_package"] == "5.10.162-1" and
           d["host"]["facts"]["kernel_build"] == "Debian", "debian-vuln: kernel facts" + tag,
           d["host"]["facts"])
        ok(v["BH1004"] == "fail" and
           found(d, root, "BH1004", "proc/version", 1, 162, "high", "CVE-2023-0386"),
           "vulnerable Debian kernel package: CVE-2023-0386 at /proc/version:1:162 (high, "
           "userns enabled)" + tag, dump)
        ok(found(d, root, "BH1004", sev="info", text="check the Debian security tracker"),
           "Debian kernel without Debian fix data: unknown, check the distro advisory" + tag, dump)
        ok(not found(d, root, "BH1004", text="CVE-2022-0847"),
           "Dirty Pipe is fixed in Debian 11's 5.10.92-2: no finding" + tag, dump)
        ok(v["BH1005"] == "fail" and
           found(d, root, "BH1005", "var/lib/dpkg/status", 22, 1, "critical", "CVE-2024-41110") and
           found(d, root, "BH1005", "var/lib/dpkg/status", 17, 1, "medium", "CVE-2024-40635"),
           "docker-ce 23.0.6 and containerd.io 1.6.20 from the dpkg status file" + tag, dump)
        ok(not found(d, root, "BH1005", text="runc"),
           "a removed package (config-files) is not judged" + tag, dump)
        ok(v["BH2004"] == "fail" and
           found(d, root, "BH2004", "etc/docker/daemon.json", 2, 44, "high", "without TLS"),
           "TCP without TLS at its hosts entry" + tag, dump)
        ok(v["BH5011"] == "fail" and
           found(d, root, "BH5011", "etc/docker/daemon.json", 3, 3, "medium"), "icc on" + tag, dump)
        ok(v["BH5012"] == "pass", "userland-proxy=false from the drop-in's ExecStart" + tag, v)
        ok(found(d, root, "BH9007", "etc/docker/daemon.json", 4, 3, "medium",
                 "systemd unit"), "live-restore set both ways is reported" + tag, dump)
        ok(v["BH2005"] == "fail" and
           found(d, root, "BH2005", "run/docker.sock", sev="critical", text="mode 0606"),
           "world-writable socket of mode 606 (bits, not decimal)" + tag, dump)
        ok(sum(1 for c in d["findings"] if c["rule"] == "BH2005" and c["severity"] == "critical") == 1,
           "/var/run/docker.sock -> /run is the same socket: reported once" + tag, dump)
        if IS_ROOT:
            ok(v["BH2006"] == "fail" and
               found(d, root, "BH2006", "etc/group", 4, 1, "low", "alice,bob") and
               not found(d, root, "BH2005", "run/containerd/containerd.sock"),
               "members of the socket's group, at their /etc/group line" + tag, dump)
        else:
            skip("socket group members" + tag, "chown to gid 998 needs root")
        ok(v["BH6006"] == "pass" and v["BH6009"] == "n/a" and v["BH6010"] == "pass",
           "AppArmor on: LSM pass, SELinux n/a, seccomp pass" + tag, v)
        ok(v["BH7011"] == "fail" and found(d, root, "BH7011", "etc/docker/daemon.json", 5, 27),
           "insecure registry" + tag, dump)
    p = run("--root", root, "--format", "text", "--no-color")
    ok("[2] Daemon socket" in p.stdout and "FAIL BH5011 daemon-icc" in p.stdout and
       "score: " in p.stdout and "% of the decided checks pass" in p.stdout,
       "text output: verdicts grouped by theme, with a score", p.stdout[-3000:])
    p = run("--root", root, "--format", "sarif")
    try:
        s = json.loads(p.stdout)
        checks = s["runs"][0]["properties"]["host"]["checks"]
        ok(any(c["rule"] == "BH2004" and c["verdict"] == "fail" for c in checks) and
           any(r["ruleId"] == "BH2004" for r in s["runs"][0]["results"]),
           "SARIF: results and the host verdicts in run properties")
    except (ValueError, KeyError) as e:
        ok(False, "SARIF: results and the host verdicts in run properties", e)
    p, d = audit(root, "--only", "BH5011")
    ok(d is not None and [c["rule"] for c in d["host"]["checks"]] == ["BH5011"] and
       all(f["rule"] == "BH5011" for f in d["findings"]), "--only limits checks and findings",
       p.stdout[:1000])
    p, d = audit(root, "--fail-on", "critical", "--ignore", "BH1005,BH2005")
    ok(p.returncode == 0, "--fail-on critical with the critical rules ignored: exit 0",
       findings_dump(d))


def test_schema(tmp):
    """The host report validates against docs/bulkhead-report.schema.json."""
    try:
        import jsonschema
    except ImportError:
        skip("host JSON validates against the schema", "python3-jsonschema is not installed")
        return
    with open(os.path.join(SRC, "docs", "bulkhead-report.schema.json")) as f:
        schema = json.load(f)
    root = copy(tmp, "debian-vuln", "-schema")
    p, d = audit(root)
    try:
        jsonschema.validate(d, schema)
        ok(True, "host JSON validates against the schema")
    except jsonschema.ValidationError as e:
        ok(False, "host JSON validates against the schema", e.message)


def test_upstream_fixed(tmp):
    root = copy(tmp, "upstream-fixed")
    make_socket(os.path.join(root, "run", "docker.sock"), 0o660, gid=998)
    p, d = audit(root)
    if not ok(d is not None and p.returncode == 0, "upstream-fixed: exit 0", p.stdout[:2000]):
        return
    v = verdicts(d)
    ok(v["BH1004"] == "pass" and d["host"]["facts"]["kernel_build"] == "upstream",
       "upstream kernel 6.1.80 past every fix (6.1.76 for CVE-2024-1086): pass", v)
    ok(v["BH5011"] == "pass" and v["BH5012"] == "pass" and v["BH6007"] == "pass" and
       v["BH6008"] == "pass", "icc off, userland-proxy off, nnp, userns-remap: pass", v)
    ok(v["BH6009"] == "pass" and v["BH6006"] == "pass", "SELinux enforcing and labelled", v)
    ok(v["BH7011"] == "pass", "127.0.0.1:5000 is loopback: no insecure registry", v)
    ok(v["BH2005"] == "pass" and v["BH2006"] == "pass", "socket 0660, group without members", v)
    ok(v["BH1005"] == "pass", "docker-ce 27.3.1 and containerd.io 1.7.27: pass", v)
    ok(d["host"]["score"]["fail"] == 0 and d["host"]["score"]["percent"] == 100,
       "score 100% with no fails", d["host"]["score"])


def test_upstream_vuln(tmp):
    root = copy(tmp, "upstream-vuln")
    p, d = audit(root)
    if not ok(d is not None, "upstream-vuln: audit completes", p.stderr):
        return
    dump = findings_dump(d)
    ok(p.returncode == 1 and verdicts(d)["BH1004"] == "fail" and
       found(d, root, "BH1004", "proc/sys/kernel/osrelease", 1, 1, "high", "CVE-2024-1086"),
       "upstream kernel 6.1.70 before the 6.1.76 fix: CVE-2024-1086 high", dump)
    ok(not found(d, root, "BH1004", text="CVE-2023-0386"),
       "6.1.70 is past 6.1.9 for CVE-2023-0386: no finding", dump)
    ok(verdicts(d)["BH1005"] == "unknown" and found(d, root, "BH1005", sev="info"),
       "no package database: engine versions unknown (info)", dump)
    # the same kernel with unprivileged user namespaces off: lower severity
    with open(os.path.join(root, "proc", "sys", "user", "max_user_namespaces"), "w") as f:
        f.write("0\n")
    p, d = audit(root)
    ok(d is not None and found(d, root, "BH1004", sev="low", text="CVE-2024-1086") and
       p.returncode == 0, "unprivileged userns disabled: CVE-2024-1086 low, exit 0",
       findings_dump(d))


def test_unknown_distro(tmp):
    root = copy(tmp, "unknown-distro")
    p, d = audit(root)
    if not ok(d is not None and p.returncode == 0, "unknown distro: exit 0", p.stdout[:2000]):
        return
    ok(verdicts(d)["BH1004"] == "unknown" and
       all(f["severity"] == "info" for f in d["findings"] if f["rule"] == "BH1004") and
       found(d, root, "BH1004", text="vendor advisory"),
       "distribution kernel 5.15.0-91-generic: unknown, never a bare vulnerable",
       findings_dump(d))


def test_missing(tmp):
    root = copy(tmp, "missing")
    p, d = audit(root)
    if not ok(d is not None and p.returncode == 0, "missing files: exit 0", p.stderr):
        return
    v = verdicts(d)
    ok(v["BH1004"] == "unknown" and v["BH6006"] == "unknown" and v["BH6010"] == "unknown" and
       v["BH5011"] == "n/a" and v["BH2005"] == "n/a", "missing files: unknown or n/a, never pass", v)
    ok(d["host"]["score"]["percent"] is None, "nothing decided: no percentage", d["host"]["score"])


def unprivileged_prefix():
    """A command prefix that runs bulkhead as nobody (65534) when we are root:
    root reads files whatever their mode, nobody does not.  setpriv is in
    util-linux (Essential on Debian)."""
    if not IS_ROOT:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_unreadable(tmp):
    """Files bulkhead may not read: the verdict is unknown with the permission error as
    evidence, never pass, never judged on the engine's defaults; exit 2 (BH9004)."""
    prefix = unprivileged_prefix()
    if prefix is None:
        skip("unreadable files", "running as root and setpriv (util-linux) is absent")
        return
    # a world-traversable copy, so nobody can reach what is meant to be readable
    base = tempfile.mkdtemp(prefix="bh-host-unread-")
    os.chmod(base, 0o755)
    try:
        root = os.path.join(base, "root")
        shutil.copytree(os.path.join(FIXTURES, "upstream-fixed"), root, symlinks=True)
        shutil.copytree(os.path.join(FIXTURES, "containerd", "etc", "containerd"),
                        os.path.join(root, "etc", "containerd"))
        for d, dirs, files in os.walk(root):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o644)
        for rel_path in ("etc/docker/daemon.json", "proc/sys/kernel/osrelease",
                         "etc/containerd/config.toml"):
            os.chmod(os.path.join(root, rel_path), 0)
        cmd = prefix + [EXE, "host", "--root", root, "--format", "json"]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        try:
            d = json.loads(p.stdout)
        except ValueError:
            d = None
        if not ok(d is not None and p.returncode == 2,
                  "unreadable files%s: the audit completes, exit 2" %
                  (" (as nobody via setpriv)" if prefix else ""), p.stderr + p.stdout[:1500]):
            return
        v = verdicts(d)
        ev = {c["rule"]: c.get("evidence", "") for c in d["host"]["checks"]}
        dump = findings_dump(d)
        ok(found(d, root, "BH9004", "etc/docker/daemon.json", text="permission denied") and
           found(d, root, "BH9004", "etc/containerd/config.toml", text="permission denied"),
           "unreadable daemon.json and config.toml are BH9004 (permission denied)", dump)
        for rule in ("BH5011", "BH2004", "BH6007", "BH6009"):
            ok(v[rule] == "unknown" and "permission denied" in ev[rule],
               "%s unknown with the permission error as evidence, not judged on defaults" % rule,
               "%s: %s" % (v[rule], ev[rule]))
        ok(v["BH1004"] == "unknown" and "permission denied" in ev["BH1004"],
           "unreadable kernel release: BH1004 unknown (permission denied)", ev["BH1004"])
        ok("pass" not in (v["BH5011"], v["BH1004"], v["BH2004"]), "never a pass", v)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_containerd(tmp):
    """/etc/containerd/config.toml (version 2) on an SELinux-enforcing host: the TCP
    listener, the socket group, the CRI LSM switches and runtimes feed the existing rules."""
    root = copy(tmp, "upstream-fixed", "-containerd")
    shutil.copytree(os.path.join(FIXTURES, "containerd", "etc", "containerd"),
                    os.path.join(root, "etc", "containerd"))
    shutil.copy(os.path.join(FIXTURES, "containerd", "etc", "group"),
                os.path.join(root, "etc", "group"))
    cfg = "etc/containerd/config.toml"
    p, d = audit(root)
    if not ok(d is not None and p.returncode == 1, "containerd: audit completes, exit 1",
              p.stderr + p.stdout[:1000]):
        return
    v = verdicts(d)
    ev = {c["rule"]: c.get("evidence", "") for c in d["host"]["checks"]}
    dump = findings_dump(d)
    ok(v["BH2004"] == "fail" and
       found(d, root, "BH2004", cfg, 6, 17, "high", "tcp://0.0.0.0:10010 without TLS (no "
             "tcp_tls_cert)"), "[grpc] tcp_address without tcp_tls_cert: BH2004 high", dump)
    ok(v["BH6009"] == "fail" and found(d, root, "BH6009", cfg, 11, 3, "medium", "enable_selinux"),
       "SELinux enforcing, enable_selinux = false: BH6009", dump)
    ok(found(d, root, "BH6002", cfg, 12, 3, "high", "containerd CRI defaults"),
       "disable_apparmor = true: the AppArmor rule fires on the CRI defaults", dump)
    ok(not found(d, root, "BH6005"),
       "enable_unprivileged_ports/icmp set only Kubernetes-safe sysctls: no BH6005", dump)
    ok(v["BH6011"] == "fail" and
       found(d, root, "BH6011", cfg, 26, 3, "medium", "not an absolute path") and
       "kata" in ev["BH6011"] and "sandbox" in ev["BH6011"],
       "BinaryName = runc is not absolute (BH6011); kata named a micro-VM runtime", dump)
    ok(v["BH2006"] == "fail" and found(d, root, "BH2006", "etc/group", 3, 1, "low", "carol") and
       "as configured" in ev["BH2005"] and v["BH2005"] == "pass",
       "[grpc] gid = 1001 (not on disk): members of ctrd reach containerd (BH2006)", dump)
    facts = d["host"]["facts"]
    ok(facts.get("containerd_config", "").endswith(cfg) and
       "SystemdCgroup=true (runc)" in (facts.get("containerd_cri") or "") and
       "restrict_oom_score_adj=false" in facts["containerd_cri"] and
       "kata (sandbox) [containerd]" in (facts.get("runtimes") or ""),
       "facts: the config, the reported-only CRI settings and the runtimes", facts)
    ok(v["BH5011"] == "pass" and "containerd has no icc setting" in ev["BH5011"],
       "Docker-only settings are n/a for containerd (evidence names it)", ev["BH5011"])
    # version 3, TLS with client verification, SELinux labelling on
    with open(os.path.join(root, cfg), "w") as f:
        f.write('version = 3\n[grpc]\n  tcp_address = "0.0.0.0:10010"\n'
                '  tcp_tls_cert = "/etc/containerd/tls/cert.pem"\n'
                '  tcp_tls_key = "/etc/containerd/tls/key.pem"\n'
                '  tcp_tls_ca = "/etc/containerd/tls/ca.pem"\n'
                '[plugins."io.containerd.cri.v1.runtime"]\n  enable_selinux = true\n')
    os.makedirs(os.path.join(root, "etc", "containerd", "tls"))
    key = os.path.join(root, "etc", "containerd", "tls", "key.pem")
    with open(key, "w") as f:
        f.write("x\n")
    os.chmod(key, 0o644)
    p, d = audit(root)
    v = verdicts(d)
    dump = findings_dump(d)
    ok(v["BH2004"] == "pass" and v["BH6009"] == "pass" and v["BH2006"] == "n/a",
       "version 3 with tcp_tls_ca and enable_selinux: pass; no socket configured: n/a", v)
    ok(v["BH2007"] == "fail" and
       found(d, root, "BH2007", cfg, 5, 3, "medium", "TLS key /etc/containerd/tls/key.pem has "
             "mode 0644"),
       "containerd's TLS key readable by others: BH2007 at its tcp_tls_key line", dump)
    with open(os.path.join(root, cfg), "w") as f:
        f.write('version = 2\ndisabled_plugins = ["cri"]\n'
                '[plugins.cri]\n  enable_selinux = false\n')
    p, d = audit(root)
    ev = {c["rule"]: c.get("evidence", "") for c in d["host"]["checks"]}
    ok("CRI plugin is disabled" in ev["BH6009"] and not found(d, root, "BH6009"),
       "the CRI plugin disabled: its SELinux switch is not judged", ev["BH6009"])


def test_podman_stack(tmp):
    """Each user's effective Podman configuration is the system stack merged with the
    user's own files; evidence points at the file that set each value.  Rootless Docker's
    daemon.json is judged alone.  Per-user files belong to their user (BH2007)."""
    root = copy(tmp, "podman-stack")
    carol = "home/carol/.config/containers/containers.conf"
    dave = "home/dave/.config/containers/containers.conf.d/10-logs.conf"
    system = "etc/containers/containers.conf"
    uids = {"carol": 1000, "dave": 1001, "erin": 1002}
    for user, uid in uids.items():
        home = os.path.join(root, "home", user)
        for d_, dirs, files in os.walk(home):
            for name in [d_] + [os.path.join(d_, f) for f in files]:
                if IS_ROOT:
                    os.chown(name, uid, uid)
    os.chmod(os.path.join(root, "home", "erin", ".config", "docker", "daemon.json"), 0o666)
    os.chmod(os.path.join(root, "home", "erin", ".docker", "key.pem"), 0o644)
    os.chmod(os.path.join(root, carol), 0o644)
    p, d = audit(root)
    if not ok(d is not None, "podman-stack: audit completes", p.stderr):
        return
    v = verdicts(d)
    ev = {c["rule"]: c.get("evidence", "") for c in d["host"]["checks"]}
    dump = findings_dump(d)
    rl = d["host"]["facts"].get("rootless_engines") or ""
    ok("Podman configuration of carol" in rl and "Docker configuration of erin" in rl,
       "rootless vs rootful: the rootless engines' configurations are a fact", rl)
    ok(found(d, root, "BH5001", carol, 2, 1, "high"),
       "carol's own netns = host is judged (BH5001 at her file)", dump)
    ok(found(d, root, "BH2010", system, 3, 1, "info", "log_driver is k8s-file") and
       sum(1 for f in d["findings"] if f["rule"] == "BH2010" and
           "containers" in f["path"]) == 1,
       "log_driver = k8s-file from the system file: one finding, at the system file "
       "(carol inherits it; not repeated)", dump)
    ok(("log_driver = k8s-file at " + os.path.join(root, system)) in ev["BH2010"] and
       ("log_driver = journald at " + os.path.join(root, dave)) in ev["BH2010"],
       "evidence: each user's effective log_driver names the file that set it "
       "(system for carol, dave's drop-in for dave)", ev["BH2010"])
    ok(v["BH2010"] == "fail", "BH2010 fails while the system default keeps logs local", v)
    # rootless Docker: ~/.config/docker/daemon.json alone (no /etc/docker merge)
    erin = "home/erin/.config/docker/daemon.json"
    ok(not found(d, root, "BH5011", erin) and not found(d, root, "BH2009", erin),
       "erin's rootless daemon.json sets icc and live-restore itself: no finding", dump)
    uid_ok = IS_ROOT or os.geteuid() == 1002
    ok(found(d, root, "BH2007", erin, sev="medium", text="mode 0666"),
       "erin's world-writable daemon.json: BH2007 (owner-writable only)", dump)
    ok(found(d, root, "BH2007", "home/erin/.docker/key.pem", sev="medium",
             text="readable") or found(d, root, "BH2007", "home/erin/.docker/key.pem",
                                       sev="medium"),
       "erin's client key.pem readable by others: BH2007", dump)
    if IS_ROOT:
        ok(not found(d, root, "BH2007", carol),
           "carol's containers.conf, mode 0644 and hers: no BH2007", dump)
        os.chown(os.path.join(root, carol), 1001, 1001)
        p, d = audit(root)
        ok(found(d, root, "BH2007", carol, sev="medium", text="belongs to another user"),
           "carol's containers.conf owned by dave: BH2007", findings_dump(d))
    else:
        skip("per-user file ownership", "chown to other users needs root (uid_ok=%s)" % uid_ok)


def test_rootless_sockets(tmp):
    """Rootless sockets under /run/user/<uid>/: that user's, shared at most with the
    user's own group."""
    if not IS_ROOT:
        skip("rootless socket ownership", "creating sockets owned by other uids needs root")
        return
    root = copy(tmp, "podman-stack", "-sockets")
    ps = os.path.join(root, "run", "user", "1000", "podman", "podman.sock")
    make_socket(ps, 0o660)
    os.chown(ps, 1000, 1000)
    ds = os.path.join(root, "run", "user", "1001", "docker.sock")
    make_socket(ds, 0o600)
    os.chown(ds, 1000, 1000)
    p, d = audit(root)
    dump = findings_dump(d)
    ok("Podman (rootless) socket /run/user/1000/podman/podman.sock" in
       (d["host"]["facts"].get("rootless_engines") or ""),
       "rootless sockets are listed in the rootless_engines fact", d["host"]["facts"])
    ok(not found(d, root, "BH2005", "run/user/1000/podman/podman.sock"),
       "carol's podman.sock 0660 with her own group: no finding", dump)
    ok(found(d, root, "BH2005", "run/user/1001/docker.sock", sev="high",
             text="not by uid 1001"),
       "a socket in dave's runtime directory owned by carol: BH2005", dump)


def test_limits(tmp):
    """A daemon.json one byte over BH_LIMIT_HOST_FILE (1 MiB) is BH9003, not read, exit 2."""
    root = copy(tmp, "upstream-fixed", "-limit")
    with open(os.path.join(root, "etc", "docker", "daemon.json"), "w") as f:
        f.write('{"icc": true, "x": "' + "a" * (1024 * 1024) + '"}')
    p, d = audit(root)
    ok(d is not None and p.returncode == 2 and found(d, root, "BH9003", text="limit") and
       not found(d, root, "BH5011", "etc/docker/daemon.json"),
       "daemon.json over the 1 MiB host file limit: BH9003, exit 2", findings_dump(d))
    # a path nested deeper than BH_LIMIT_HOST_PATH_DEPTH (256) directories
    deep = os.path.join(root, "etc", "deep")
    parts = ["d"] * 257
    os.makedirs(os.path.join(deep, *parts))
    with open(os.path.join(root, "etc", "docker", "daemon.json"), "w") as f:
        f.write('{"icc": false}')
    link = os.path.join(root, "etc", "docker", "daemon.json")
    os.unlink(link)
    target = "/etc/deep/" + "/".join(parts) + "/daemon.json"
    with open(os.path.join(root, target.lstrip("/")), "w") as f:
        f.write('{"icc": true}')
    os.symlink(target, link)
    p, d = audit(root, "--portable-resolver")
    ok(d is not None and p.returncode == 2 and found(d, root, "BH9004", text="daemon.json"),
       "the portable resolver refuses more than 256 directory levels (BH9004)", findings_dump(d))


def test_limits_dir_pkgdb(tmp):
    """A drop-in directory over BH_LIMIT_HOST_DIR_ENTRIES (100,000) and a dpkg
    status over BH_LIMIT_HOST_PKGDB (64 MiB, sparse) are BH9003, exit 2."""
    root = copy(tmp, "upstream-fixed", "-dirlimit")
    drop = os.path.join(root, "etc", "containers", "containers.conf.d")
    os.makedirs(drop)
    for i in range(100001):
        os.close(os.open(os.path.join(drop, "%06d" % i), os.O_CREAT | os.O_WRONLY, 0o644))
    p, d = audit(root)
    ok(d is not None and p.returncode == 2 and
       found(d, root, "BH9003", "etc/containers/containers.conf.d", text="100000 entries"),
       "a drop-in directory of 100,001 entries: BH9003, exit 2", findings_dump(d))
    shutil.rmtree(drop)
    p, d = audit(root)
    ok(d is not None and not found(d, root, "BH9003"),
       "without the large directory: no BH9003", findings_dump(d))

    status = os.path.join(root, "var", "lib", "dpkg", "status")
    with open(status, "r+b") as f:
        f.truncate(64 * 1024 * 1024)
    p, d = audit(root)
    ok(d is not None and not found(d, root, "BH9003"),
       "a dpkg status of exactly 64 MiB is read (no BH9003)", findings_dump(d))
    with open(status, "r+b") as f:
        f.truncate(64 * 1024 * 1024 + 1)
    p, d = audit(root)
    ok(d is not None and p.returncode == 2 and
       found(d, root, "BH9003", "var/lib/dpkg/status", text="package database limit") and
       verdicts(d).get("BH1005") == "unknown",
       "a dpkg status one byte over 64 MiB: BH9003, exit 2, BH1005 unknown", findings_dump(d))


def test_daemon_settings(tmp):
    """live-restore, authorization plugins, remote logging and runtimes: a verdict each."""
    root = copy(tmp, "upstream-fixed", "-daemon")
    p, d = audit(root)
    v = verdicts(d)
    ev = {c["rule"]: c.get("evidence", "") for c in d["host"]["checks"]}
    ok(v["BH2008"] == "pass" and v["BH2009"] == "pass" and v["BH2010"] == "pass",
       "authz plugin, live-restore, syslog: pass", v)
    ok(v["BH6011"] == "pass" and "runsc" in ev["BH6011"] and "sandbox" in ev["BH6011"],
       "runsc configured: pass, named as a sandbox runtime in the evidence", ev.get("BH6011"))
    dj = os.path.join(root, "etc", "docker", "daemon.json")
    exe = os.path.join(root, "usr", "local", "bin", "runsc")
    os.makedirs(os.path.dirname(exe))
    with open(exe, "w") as f:
        f.write("#!/bin/sh\n")
    os.chmod(exe, 0o777)
    with open(dj, "w") as f:
        f.write('{\n  "log-driver": "none",\n'
                '  "runtimes": {\n    "runsc": {"path": "/usr/local/bin/runsc"},\n'
                '    "crun": {"path": "crun"}\n  }\n}\n')
    p, d = audit(root)
    v = verdicts(d)
    dj_rel = "etc/docker/daemon.json"
    ok(v["BH2008"] == "fail" and v["BH2009"] == "fail" and v["BH2010"] == "fail" and
       found(d, root, "BH2008", dj_rel, 1, 1, "info") and
       found(d, root, "BH2009", dj_rel, 1, 1, "low") and
       found(d, root, "BH2010", dj_rel, 2, 3, "low", text="none"),
       "no authz, no live-restore, log-driver none: fail with their findings", findings_dump(d))
    ok(v["BH6011"] == "fail" and found(d, root, "BH6011", dj_rel, 4, 5, "high", "world-writable")
       and found(d, root, "BH6011", dj_rel, 5, 5, "medium", "not an absolute path"),
       "world-writable runsc (high) and a bare 'crun' (medium)", findings_dump(d))
    os.chmod(exe, 0o755)
    p, d = audit(root)
    ok(not found(d, root, "BH6011", dj_rel, 4, 5),
       "runsc mode 0755: no world-writable finding", findings_dump(d))


def test_rootless(tmp):
    """Per-user daemon.json and containers.conf of /root and /home/<user>: each its own
    configuration, each finding at its own file."""
    root = copy(tmp, "rootless")
    p, d = audit(root)
    if not ok(d is not None, "rootless: audit completes", p.stderr[:2000]):
        return
    alice = "home/alice/.config/docker/daemon.json"
    bob = "home/bob/.config/containers/containers.conf"
    rootcfg = "root/.config/docker/daemon.json"
    ok(found(d, root, "BH2004", alice, 3, 50, "high", "tcp://0.0.0.0:2375"),
       "alice's rootless dockerd on TCP without TLS: BH2004 at her daemon.json", findings_dump(d))
    ok(found(d, root, "BH5011", alice, 1, 1) and found(d, root, "BH5011", rootcfg, 1, 1),
       "icc unset in two users' files: one finding per file", findings_dump(d))
    ok(found(d, root, "BH2009", rootcfg, 1, 2, "low") and not found(d, root, "BH2009", alice),
       "live-restore false for root's rootless dockerd, true for alice's", findings_dump(d))
    ok(found(d, root, "BH6001", bob, 2, 1, "high") and
       found(d, root, "BH6011", bob, 5, 1, "medium", "not an absolute path"),
       "bob's containers.conf: seccomp unconfined and a bare runtime name", findings_dump(d))
    v = verdicts(d)
    ev = {c["rule"]: c.get("evidence", "") for c in d["host"]["checks"]}
    ok(v["BH6008"] == "pass" and "rootless" in ev["BH6008"],
       "rootless engines count as user-namespaced (BH6008 pass)", ev.get("BH6008"))
    ok(alice in ev["BH5011"] and rootcfg in ev["BH5011"],
       "the verdict's evidence names each user's file", ev.get("BH5011"))


def test_primary_group(tmp):
    """A user whose primary group (4th field of /etc/passwd) is the socket's group is
    listed by BH2006 even with no member in /etc/group."""
    root = copy(tmp, "upstream-fixed", "-primary")
    gid = 998 if IS_ROOT else os.getegid()
    with open(os.path.join(root, "etc", "group"), "w") as f:
        f.write("root:x:0:\ndocker:x:%d:\n" % gid)
    with open(os.path.join(root, "etc", "passwd"), "a") as f:
        f.write("ci:x:1002:%d::/home/ci:/bin/sh\n" % gid)
    make_socket(os.path.join(root, "run", "docker.sock"), 0o660, gid=998)
    p, d = audit(root)
    v = verdicts(d)
    ok(v["BH2006"] == "fail" and
       found(d, root, "BH2006", "etc/group", 2, 1, "low", "primary group of ci"),
       "ci's primary group is the socket's group: BH2006 at the group's line", findings_dump(d))
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n")
    p, d = audit(root)
    ok(verdicts(d)["BH2006"] == "pass", "nobody in the group: BH2006 pass", findings_dump(d))


def test_links(tmp):
    root = copy(tmp, "upstream-fixed", "-links")
    outside = os.path.join(tmp, "outside.json")
    with open(outside, "w") as f:
        f.write('{"icc": true, "hosts": ["tcp://0.0.0.0:2375"]}\n')
    dj = os.path.join(root, "etc", "docker", "daemon.json")
    os.unlink(dj)
    os.symlink("../../../outside.json", dj)
    rel_osr = os.path.join(root, "proc", "sys", "kernel", "osrelease")
    os.unlink(rel_osr)
    with open(os.path.join(root, "kernel-release"), "w") as f:
        f.write("9.9.9-inroot\n")
    os.symlink("/kernel-release", rel_osr)
    for portable in (False, True):
        tag = " (portable resolver)" if portable else ""
        p, d = audit(root, *(["--portable-resolver"] if portable else []))
        if not ok(d is not None, "links: audit completes" + tag, p.stderr):
            continue
        ok(not any("outside" in (f["path"] + f["message"]) for f in d["findings"]) and
           not found(d, root, "BH2004") and verdicts(d)["BH2004"] != "fail",
           "a link out of the root is not followed" + tag, findings_dump(d))
        ok(d["host"]["facts"]["kernel"] == "9.9.9-inroot",
           "an absolute link resolves inside the root" + tag, d["host"]["facts"])
    loop = os.path.join(root, "etc", "docker", "loop")
    os.symlink("loop", loop)
    os.unlink(dj)
    os.symlink("loop", dj)
    for portable in (False, True):
        p, d = audit(root, *(["--portable-resolver"] if portable else []))
        ok(d is not None and p.returncode == 2 and
           found(d, root, "BH9004", text="too many symbolic links"),
           "a link loop: daemon.json unreadable (BH9004, exit 2), no crash" +
           (" (portable)" if portable else ""), p.stderr + findings_dump(d))


def test_running_dockerd(tmp):
    """The running dockerd's flags (/proc/<pid>/comm = dockerd, /proc/<pid>/cmdline)
    are read, located by byte offset, and a key also in daemon.json is BH9007."""
    root = copy(tmp, "upstream-fixed", "-proc")
    pdir = os.path.join(root, "proc", "4242")
    os.makedirs(pdir)
    with open(os.path.join(pdir, "comm"), "w") as f:
        f.write("dockerd\n")
    with open(os.path.join(pdir, "cmdline"), "wb") as f:
        f.write(b"/usr/bin/dockerd\0-H\0tcp://0.0.0.0:2375\0--icc=true\0")
    other = os.path.join(root, "proc", "77")
    os.makedirs(other)
    with open(os.path.join(other, "comm"), "w") as f:
        f.write("dockerd-helper\n")
    with open(os.path.join(other, "cmdline"), "wb") as f:
        f.write(b"/usr/bin/dockerd-helper\0-H\0tcp://10.9.9.9:1\0")
    p, d = audit(root)
    if not ok(d is not None, "running dockerd: audit completes", p.stderr):
        return
    dump = findings_dump(d)
    cmd = "proc/4242/cmdline"
    ok(found(d, root, "BH2004", cmd, 1, 21, "high", "flag of the running dockerd"),
       "-H tcp:// of the running dockerd: BH2004 at its byte offset in cmdline", dump)
    ok(found(d, root, "BH9007", "etc/docker/daemon.json", 2, 3, text="running dockerd"),
       "icc both in daemon.json and as a flag of the running dockerd: BH9007", dump)
    ok(not found(d, root, "BH2004", "proc/77/cmdline"),
       "a process whose comm only starts with dockerd is not the daemon", dump)


def test_cli(tmp):
    p = run("--root", os.path.join(tmp, "does-not-exist"))
    ok(p.returncode == 2 and "does-not-exist" in p.stderr, "a root that cannot be opened: exit 2",
       p.stderr)
    p = run("extra")
    ok(p.returncode == 2, "a stray argument is a usage error", p.stderr)
    p = run("--help")
    ok(p.returncode == 0 and "--root DIR" in p.stdout, "--help")
    p = subprocess.run([EXE, "--help"], capture_output=True, text=True)
    ok("host" in p.stdout, "bulkhead --help lists host")


def test_scan_tree(tmp):
    """bulkhead scan finds daemon.json and the containers.conf files in a tree and the same
    daemon rules fire there; containers.conf defaults go through the container rules."""
    root = os.path.join(tmp, "scantree")
    os.makedirs(os.path.join(root, "etc", "docker"))
    os.makedirs(os.path.join(root, "etc", "containers", "containers.conf.d"))
    shutil.copy(os.path.join(FIXTURES, "debian-vuln", "etc", "docker", "daemon.json"),
                os.path.join(root, "etc", "docker", "daemon.json"))
    with open(os.path.join(root, "etc", "containers", "containers.conf.d", "10-host.conf"), "w") as f:
        f.write('[containers]\nnetns = "host"\n')
    shutil.copytree(os.path.join(FIXTURES, "containerd", "etc", "containerd"),
                    os.path.join(root, "etc", "containerd"))
    p = subprocess.run([EXE, "scan", root, "--format", "json"], capture_output=True, text=True)
    try:
        d = json.loads(p.stdout)
    except ValueError:
        ok(False, "scan: daemon.json and containers.conf.d in a tree", p.stderr)
        return
    surfaces = sorted(f["surface"] for f in d["files"])
    ok(surfaces == ["containerd-conf", "containers-conf", "daemon"],
       "scan: daemon.json, containers.conf.d and containerd/config.toml found", d["files"])
    ok(found(d, root, "BH2004", "etc/containerd/config.toml", 6, 17, "high") and
       found(d, root, "BH6002", "etc/containerd/config.toml", 12, 3, "high"),
       "scan: containerd's TCP listener and disable_apparmor as under bulkhead host",
       findings_dump(d))
    ok(found(d, root, "BH5011", "etc/docker/daemon.json", 3, 3, "medium") and
       found(d, root, "BH2004", "etc/docker/daemon.json", 2, 44, "high"),
       "scan: the daemon rules fire on daemon.json as under bulkhead host", findings_dump(d))
    ok(found(d, root, "BH5001", "etc/containers/containers.conf.d/10-host.conf", 2, 1, "high"),
       "scan: containers.conf netns = host is BH5001, the compose/Kubernetes rule",
       findings_dump(d))


def test_real_machine():
    osrelease = "/proc/sys/kernel/osrelease"
    try:
        with open(osrelease) as f:
            release = f.read().strip()
    except OSError as e:
        skip("audit of the real machine", "cannot read %s: %s" % (osrelease, e))
        return
    p = run("--format", "json", "--root", "/")
    try:
        d = json.loads(p.stdout)
    except ValueError:
        d = None
    ok(d is not None and p.returncode in (0, 1, 2) and d["host"]["root"] == "/",
       "the real machine (--root /): the audit completes", p.stderr + p.stdout[:1000])
    ok(d is not None and d["host"]["facts"]["kernel"] == release,
       "the real machine: reports the kernel release %s" % release,
       d and d["host"]["facts"])


def main():
    tmp = tempfile.mkdtemp(prefix="bh-host-")
    try:
        test_debian_vuln(tmp)
        test_upstream_fixed(tmp)
        test_schema(tmp)
        test_upstream_vuln(tmp)
        test_unknown_distro(tmp)
        test_missing(tmp)
        test_unreadable(tmp)
        test_containerd(tmp)
        test_podman_stack(tmp)
        test_rootless_sockets(tmp)
        test_links(tmp)
        test_limits(tmp)
        test_limits_dir_pkgdb(tmp)
        test_daemon_settings(tmp)
        test_rootless(tmp)
        test_primary_group(tmp)
        test_running_dockerd(tmp)
        test_cli(tmp)
        test_scan_tree(tmp)
        test_real_machine()
    finally:
        for s in sockets:
            s.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
