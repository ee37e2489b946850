#!/usr/bin/env python3
"""bulkhead host: engine packages from rpm and apk databases, containerd's registry
hosts, rootless containerd, unreadable per-user configurations, and the Podman API
service's CONTAINERS_CONF.  TAP.

usage: test-host-engines.py BULKHEAD_EXE SOURCE_DIR

Roots are written here.  The rpm root gets a real SQLite rpmdb made with Debian's
rpmbuild and rpm (installed by scripts/install-deps), as tests/pkgdb does.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

EXE = os.path.abspath(sys.argv[1])
IS_ROOT = os.geteuid() == 0
count = 0
failed = 0


def ok(cond, name, diag=None):
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


def write(root, rel, text, mode=None):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    if mode is not None:
        os.chmod(path, mode)
    return path


def audit(root, *args, prefix=()):
    p = subprocess.run(list(prefix) + [EXE, "host", "--root", root, "--format", "json"] +
                       list(args), capture_output=True, text=True, timeout=120)
    try:
        return p, json.loads(p.stdout)
    except ValueError:
        return p, None


def dump(d):
    return "\n".join("%s %s %s:%s:%s %s" % (f["rule"], f["severity"], f["path"], f.get("line"),
                                            f.get("column"), f["message"][:140])
                     for f in (d or {}).get("findings", []))


def found(d, root, rule, path=None, line=None, col=None, sev=None, text=None):
    for f in (d or {}).get("findings", []):
        if f["rule"] != rule:
            continue
        if path is not None and os.path.relpath(f["path"], root) != path:
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


def checks(d):
    return {c["rule"]: (c["verdict"], c.get("evidence", "")) for c in d["host"]["checks"]}


def base(tmp, name, os_release):
    root = os.path.join(tmp, name)
    write(root, "etc/os-release", os_release)
    write(root, "proc/sys/kernel/osrelease", "6.6.20\n")
    write(root, "proc/version", "Linux version 6.6.20 (builder@host) #1 SMP\n")
    write(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
    write(root, "etc/group", "root:x:0:\n")
    return root


RPM_SPEC = """Name: %(name)s
Version: %(version)s
Release: %(release)s
Epoch: %(epoch)s
Summary: bulkhead test package
License: Apache-2.0
BuildArch: noarch
%%description
A package named like an engine, for bulkhead's host audit.
%%files
"""


def make_rpmdb(tmp, root, pkgs):
    """Build the packages with rpmbuild and install them into root's rpmdb.sqlite."""
    top = os.path.join(tmp, "rpmtop-" + os.path.basename(root))
    for name, epoch, version, release in pkgs:
        spec = os.path.join(tmp, "%s-%s.spec" % (os.path.basename(root), name))
        with open(spec, "w") as f:
            f.write(RPM_SPEC % {"name": name, "version": version, "release": release,
                                "epoch": epoch})
        p = subprocess.run(["rpmbuild", "--define", "_topdir " + top, "--define",
                            "_build_id_links none", "--define", "dist %{nil}", "-bb", spec],
                           capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            return p.stderr[-1500:]
    rpms = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(top) for f in fs
                  if f.endswith(".rpm"))
    dbdir = os.path.join(root, "usr/lib/sysimage/rpm")
    os.makedirs(dbdir, exist_ok=True)
    p = subprocess.run(["rpm", "--dbpath", dbdir, "--initdb"], capture_output=True, text=True)
    if p.returncode != 0:
        return p.stderr
    p = subprocess.run(["rpm", "--dbpath", dbdir, "-i", "--nodeps", "--justdb", "--noscripts"] +
                       rpms, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return p.stderr
    for extra in os.listdir(dbdir):
        if extra != "rpmdb.sqlite":
            os.unlink(os.path.join(dbdir, extra))
    return None


def test_rpm(tmp):
    if not shutil.which("rpmbuild") or not shutil.which("rpm"):
        skip("engine packages from a real rpmdb", "rpm / rpmbuild not installed")
        return
    fed = base(tmp, "fedora", 'ID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40"\n')
    err = make_rpmdb(tmp, fed, [("runc", "2", "1.1.11", "1.fc40"),
                                ("containerd", "0", "1.7.20", "3.fc40"),
                                ("moby-engine", "0", "27.1.1", "1.fc40")])
    if not ok(err is None, "rpmbuild + rpm --justdb: a Fedora rpmdb.sqlite", err):
        return
    p, d = audit(fed)
    if not ok(d is not None and p.returncode == 1, "fedora: audit completes, exit 1",
              p.stderr + p.stdout[:800]):
        return
    db = "usr/lib/sysimage/rpm/rpmdb.sqlite"
    ok(found(d, fed, "BH1005", db, sev="high", text="CVE-2024-21626") and
       found(d, fed, "BH1005", db, sev="high", text="runc 1.1.11 is older"),
       "Fedora runc 2:1.1.11-1.fc40: CVE-2024-21626 vulnerable by rpm ordering (high)", dump(d))
    ok(found(d, fed, "BH1005", db, sev="medium", text="CVE-2024-40635"),
       "Fedora containerd 1.7.20-3.fc40 (upstream 1.7.20) before 1.7.27: CVE-2024-40635", dump(d))
    ok(not found(d, fed, "BH1005", text="moby-engine"),
       "moby-engine 27.1.1 is past every Docker fix: no finding", dump(d))
    ok(checks(d)["BH1005"][0] == "fail", "BH1005 fails on Fedora", checks(d)["BH1005"])

    alma = base(tmp, "alma", 'ID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n')
    err = make_rpmdb(tmp, alma, [("runc", "4", "1.1.12", "1.el9"),
                                 ("podman", "4", "4.9.4", "10.el9_4"),
                                 ("docker-ce", "3", "27.1.0", "1.el9")])
    if not ok(err is None, "rpmbuild + rpm --justdb: an AlmaLinux rpmdb.sqlite", err):
        return
    p, d = audit(alma)
    ok(d is not None and found(d, alma, "BH1005", sev="info", text="RHEL-family build") and
       found(d, alma, "BH1005", sev="info", text="CVE-2025-31133") and
       not found(d, alma, "BH1005", sev="high", text="runc"),
       "AlmaLinux runc 4:1.1.12-1.el9 below the 1.2.8 fix: unknown (info), never vulnerable",
       dump(d))
    ok(found(d, alma, "BH1005", sev="critical", text="CVE-2024-41110") and
       found(d, alma, "BH1005", sev="critical", text="docker 27.1.0 is older"),
       "docker-ce 3:27.1.0-1.el9 from Docker's repository: upstream numbering, CVE-2024-41110",
       dump(d))
    ok(not found(d, alma, "BH1005", text="CVE-2024-21626"),
       "runc 1.1.12 is past the CVE-2024-21626 fix: no finding", dump(d))


def test_apk(tmp):
    root = base(tmp, "alpine", 'ID=alpine\nVERSION_ID=3.15.4\nPRETTY_NAME="Alpine v3.15"\n')
    write(root, "lib/apk/db/installed",
          "C:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaa=\nP:podman\nV:3.4.6-r0\nA:x86_64\no:podman\n\n"
          "C:Q1bbbbbbbbbbbbbbbbbbbbbbbbbbb=\nP:runc\nV:1.1.11-r0\nA:x86_64\no:runc\n\n"
          "C:Q1ccccccccccccccccccccccccccc=\nP:containerd\nV:1.5.9-r0\nA:x86_64\no:containerd\n\n")
    p, d = audit(root)
    if not ok(d is not None, "alpine: audit completes", p.stderr):
        return
    db = "lib/apk/db/installed"
    ok(not found(d, root, "BH1005", text="CVE-2022-27649"),
       "Alpine v3.15 podman 3.4.6-r0 carries the CVE-2022-27649 fix (Alpine secdb): no finding",
       dump(d))
    ok(found(d, root, "BH1005", db, 14, 1, "high", "CVE-2022-23648") and
       found(d, root, "BH1005", text="the fixed 1.5.10-r0"),
       "containerd 1.5.9-r0 before Alpine v3.15's 1.5.10-r0: CVE-2022-23648 at its record", dump(d))
    ok(found(d, root, "BH1005", db, 8, 1, "high", "CVE-2024-21626"),
       "runc 1.1.11-r0: upstream 1.1.11 before 1.1.12 (no v3.15 secdb row)", dump(d))


def test_containerd_hosts(tmp):
    root = base(tmp, "ctrd-hosts", "ID=debian\nVERSION_ID=12\n")
    cfg = write(root, "etc/containerd/config.toml",
                'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n'
                '  config_path = "/etc/containerd/certs.d:/srv/hosts"\n'
                '[plugins."io.containerd.grpc.v1.cri".registry.configs."reg.corp:5000".tls]\n'
                '  insecure_skip_verify = true\n'
                '[plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]\n'
                '  endpoint = ["http://10.1.2.3:5000", "https://mirror.example"]\n')
    write(root, "etc/containerd/certs.d/harbor.corp/hosts.toml",
          'server = "https://harbor.corp"\n\n[host."https://harbor.corp"]\n'
          '  capabilities = ["pull", "resolve"]\n  skip_verify = true\n')
    write(root, "etc/containerd/certs.d/_default/hosts.toml", 'skip_verify = true\n')
    write(root, "srv/hosts/quay.io/hosts.toml",
          'server = "https://quay.io"\n[host."http://192.168.9.9:5000"]\n'
          '  capabilities = ["pull"]\n')
    write(root, "etc/containerd/certs.d/localhost:5000/hosts.toml",
          'server = "http://localhost:5000"\n')
    p, d = audit(root)
    if not ok(d is not None, "containerd hosts: audit completes", p.stderr):
        return
    c = "etc/containerd/config.toml"
    ok(found(d, root, "BH7011", c, 5, 3, text="reg.corp:5000"),
       "registry.configs.\"reg.corp:5000\".tls.insecure_skip_verify = true: BH7011", dump(d))
    ok(found(d, root, "BH7011", c, 7, 15, text="10.1.2.3:5000") and
       not found(d, root, "BH7011", text="mirror.example"),
       "an http:// mirror endpoint is BH7011, an https:// one is not", dump(d))
    ok(found(d, root, "BH7011", "etc/containerd/certs.d/harbor.corp/hosts.toml", 5, 3,
             text="harbor.corp"), "hosts.toml [host] skip_verify = true: BH7011", dump(d))
    ok(found(d, root, "BH7011", "etc/containerd/certs.d/_default/hosts.toml", 1, 1,
             text="_default"), "_default/hosts.toml skip_verify: every registry (BH7011)", dump(d))
    ok(found(d, root, "BH7011", "srv/hosts/quay.io/hosts.toml", 2, 1, text="192.168.9.9:5000"),
       "a second config_path directory: an http:// [host] table is BH7011", dump(d))
    ok(not found(d, root, "BH7011", text="localhost"),
       "http://localhost:5000 is loopback: not a finding", dump(d))
    ok(checks(d)["BH7011"][0] == "fail", "BH7011 fails for containerd", checks(d)["BH7011"])
    # no config_path: /etc/containerd/certs.d is still read (ctr/nerdctl default)
    with open(cfg, "w") as f:
        f.write("version = 2\n")
    shutil.rmtree(os.path.join(root, "etc/containerd/certs.d/_default"))
    shutil.rmtree(os.path.join(root, "etc/containerd/certs.d/harbor.corp"))
    p, d = audit(root)
    ok(d is not None and checks(d)["BH7011"][0] == "pass" and not found(d, root, "BH7011"),
       "containerd with only a loopback http host: BH7011 pass", dump(d))


def test_rootless_containerd(tmp):
    root = base(tmp, "ctrd-rootless", "ID=debian\nVERSION_ID=12\n")
    os.makedirs(os.path.join(root, "home", "frank"))
    if IS_ROOT:
        os.chown(os.path.join(root, "home", "frank"), 1005, 1005)
    f = write(root, "home/frank/.config/containerd/config.toml",
              'version = 2\n[grpc]\n  tcp_address = "0.0.0.0:10000"\n'
              '[plugins."io.containerd.grpc.v1.cri"]\n  disable_apparmor = true\n', 0o600)
    write(root, "home/frank/.config/containerd/certs.d/r.example/hosts.toml",
          'server = "https://r.example"\nskip_verify = true\n')
    if IS_ROOT:
        os.chown(f, 1005, 1005)
    p, d = audit(root)
    if not ok(d is not None, "rootless containerd: audit completes", p.stderr):
        return
    rel = "home/frank/.config/containerd/config.toml"
    ok(found(d, root, "BH2004", rel, 3, 17, "high", "tcp://0.0.0.0:10000"),
       "frank's rootless containerd on TCP without TLS: BH2004 at his config.toml", dump(d))
    ok(found(d, root, "BH6002", rel, 5, 3, "high"),
       "frank's disable_apparmor = true: the AppArmor rule on his CRI defaults", dump(d))
    ok(found(d, root, "BH7011", "home/frank/.config/containerd/certs.d/r.example/hosts.toml", 2, 1),
       "frank's default hosts directory (~/.config/containerd/certs.d): BH7011", dump(d))
    ok("containerd configuration of frank" in (d["host"]["facts"].get("rootless_engines") or ""),
       "rootless_engines names frank's containerd", d["host"]["facts"])
    if IS_ROOT:
        os.chown(f, 1006, 1006)
        p, d = audit(root)
        ok(found(d, root, "BH2007", rel, sev="medium", text="belongs to another user"),
           "frank's config.toml owned by another uid: BH2007 (judged against its owner)", dump(d))
    else:
        skip("rootless containerd owner", "chown needs root")


def nobody():
    if not IS_ROOT:
        return []
    s = shutil.which("setpriv")
    return None if s is None else [s, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_unreadable_user(tmp):
    prefix = nobody()
    if prefix is None:
        skip("unreadable per-user configurations", "root without setpriv")
        return
    base_dir = tempfile.mkdtemp(prefix="bh-host-uu-")
    os.chmod(base_dir, 0o755)
    try:
        root = base(base_dir, "r", "ID=debian\nVERSION_ID=12\n")
        dj = write(root, "home/gina/.config/docker/daemon.json", '{"icc": false}\n')
        cc = write(root, "home/hank/.config/containers/containers.conf", "[containers]\n")
        write(root, "home/ivan/.config/containers/containers.conf", "[containers]\n")
        for dp, dirs, files in os.walk(root):
            os.chmod(dp, 0o755)
            for x in files:
                os.chmod(os.path.join(dp, x), 0o644)
        os.chmod(dj, 0)
        os.chmod(cc, 0)
        os.chmod(os.path.join(root, "home/ivan/.config"), 0o700)
        p, d = audit(root, prefix=prefix)
        if not ok(d is not None and p.returncode == 2,
                  "unreadable per-user files: the audit completes, exit 2", p.stderr):
            return
        c = checks(d)
        for rule in ("BH5011", "BH2009"):
            ok(c[rule][0] == "unknown" and "daemon.json: permission denied (gina's engine)"
               in c[rule][1], "%s unknown for gina, the permission error as evidence" % rule,
               c[rule])
        ok(c["BH6001"][0] == "unknown" if "BH6001" in c else True, "BH6001 not a pass", c.get("BH6001"))
        ok("containers.conf: permission denied (hank's engine)" in c["BH7011"][1] and
           c["BH7011"][0] == "unknown", "hank's unreadable containers.conf: unknown for hank",
           c["BH7011"])
        ok("containers.conf: permission denied (ivan's engine)" in c["BH7011"][1],
           "ivan's ~/.config not searchable: unknown for ivan, not silence", c["BH7011"])
        ok(found(d, root, "BH9004", "home/gina/.config/docker/daemon.json"),
           "BH9004 stays (an input that could not be read)", dump(d))
    finally:
        shutil.rmtree(base_dir, ignore_errors=True)


def test_podman_service(tmp):
    root = base(tmp, "podman-svc", "ID=fedora\nVERSION_ID=40\n")
    write(root, "etc/containers/containers.conf", '[containers]\nseccomp_profile = "/x.json"\n'
          'default_capabilities = ["CHOWN"]\n')
    write(root, "usr/lib/systemd/system/podman.service",
          "[Unit]\nDescription=Podman API Service\n[Service]\nType=exec\n"
          "ExecStart=/usr/bin/podman system service\n")
    write(root, "etc/systemd/system/podman.service.d/10-conf.conf",
          '[Service]\nEnvironment="CONTAINERS_CONF=/etc/podman-api.conf" LANG=C\n')
    write(root, "etc/podman-api.conf",
          '[containers]\nnetns = "host"\ndefault_capabilities = ["NET_ADMIN", {append=true}]\n')
    write(root, "etc/systemd/system/podman.service.d/20-over.conf",
          "[Service]\nEnvironment=CONTAINERS_CONF_OVERRIDE=/etc/podman-over.conf\n")
    write(root, "etc/podman-over.conf",
          '[containers]\ndefault_capabilities = ["SYS_ADMIN"]\n')
    p, d = audit(root)
    if not ok(d is not None, "podman.service environment: audit completes", p.stderr):
        return
    ok(found(d, root, "BH5001", "etc/podman-api.conf", 2, 1, "high"),
       "CONTAINERS_CONF of podman.service names /etc/podman-api.conf: its netns = host (BH5001)",
       dump(d))
    ok(found(d, root, "BH4002", "etc/podman-over.conf", 2, 25, text="SYS_ADMIN") and
       found(d, root, "BH4002", "etc/podman-api.conf", 3, 25, text="NET_ADMIN"),
       "{append=true} is sticky: the override's SYS_ADMIN is appended to NET_ADMIN (both "
       "reported)",
       dump(d))
    ok(not found(d, root, "BH5001", "etc/containers/containers.conf"),
       "CONTAINERS_CONF replaces the system stack for the service", dump(d))
    ok("etc/podman-api.conf (environment set in" in
       (d["host"]["facts"].get("podman_service_config") or "") and
       "10-conf.conf:2" in d["host"]["facts"]["podman_service_config"],
       "fact: the service's configuration and the drop-in line that set it", d["host"]["facts"])
    # {append=false} switches back to replacing
    write(root, "etc/podman-over.conf", '[containers]\ndefault_capabilities = ["SYS_ADMIN", '
          '{append=false}]\n')
    p, d = audit(root)
    ok(found(d, root, "BH4002", "etc/podman-over.conf") and
       not found(d, root, "BH4002", "etc/podman-api.conf"),
       "{append=false}: the override replaces the list", dump(d))
    # the file it names is missing: unknown, never the defaults
    os.unlink(os.path.join(root, "etc/podman-api.conf"))
    p, d = audit(root)
    c = checks(d)
    ok(c["BH7011"][0] == "unknown" and "CONTAINERS_CONF names /etc/podman-api.conf" in
       c["BH7011"][1], "CONTAINERS_CONF naming a missing file: the service's checks are unknown",
       c["BH7011"])


def main():
    tmp = tempfile.mkdtemp(prefix="bh-host-eng-")
    try:
        test_rpm(tmp)
        test_apk(tmp)
        test_containerd_hosts(tmp)
        test_rootless_containerd(tmp)
        test_unreadable_user(tmp)
        test_podman_service(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % count)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
