#!/usr/bin/env python3
"""bulkhead engine against a real Podman API service, TAP.

usage: test-engine-podman.py BULKHEAD_EXE

Starts `podman system service` on a socket in a temporary directory, with
its own storage (--root, --runroot, vfs), temporary directory and
containers.conf (cgroupfs, file events logger), so the user's containers are
never touched.  Imports a one-file image from a tar the test writes, creates
(never runs) one container per case and checks each container's exact
findings.  Run as root, it does all of this twice: with a rootful service,
then with a rootless one as nobody (HOME and XDG_RUNTIME_DIR in the test's
directory; its pause process is killed at the end).  Skips only when podman
is not installed.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time

EXE = os.path.abspath(sys.argv[1])
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


PODMAN = shutil.which("podman")
if not PODMAN:
    print("1..0 # SKIP podman is not installed (scripts/install-deps installs it)")
    sys.exit(0)

def okl(label, cond, name, diag=None):
    return ok(cond, "%s: %s" % (label, name), diag)


def scenario(uid, label):
    T = tempfile.mkdtemp(prefix="bh-podman-")
    user = None if uid is None else uid
    if uid is not None:
        os.chown(T, uid, uid)
        os.chmod(T, 0o700)
    SOCK = os.path.join(T, "podman.sock")
    conf = os.path.join(T, "containers.conf")
    with open(conf, "w") as f:
        f.write('[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n')
    if uid is not None:
        os.chown(conf, uid, uid)
    ENV = dict(os.environ, CONTAINERS_CONF=conf, TMPDIR=os.path.join(T, "tmp"))
    if uid is not None:
        # a rootless engine: its runtime directory and home are the test's
        ENV.update(HOME=T, XDG_RUNTIME_DIR=T, USER="nobody")
    ENV.pop("DOCKER_HOST", None)
    ENV.pop("CONTAINER_HOST", None)
    os.makedirs(ENV["TMPDIR"])
    if uid is not None:
        os.chown(ENV["TMPDIR"], uid, uid)
    BASE = [PODMAN, "--root", os.path.join(T, "root"), "--runroot", os.path.join(T, "runroot"),
            "--storage-driver", "vfs", "--tmpdir", os.path.join(T, "ptmp")]


    def podman(*args):
        return subprocess.run(BASE + list(args), capture_output=True, text=True, env=ENV,
                              timeout=120, user=user, cwd=T)


    service = None
    try:
        # a one-file root filesystem, imported as an image without a user
        rootfs = os.path.join(T, "rootfs")
        os.makedirs(os.path.join(rootfs, "bin"))
        with open(os.path.join(rootfs, "bin", "hello"), "w") as f:
            f.write("not a program: the containers are never started\n")
        tarpath = os.path.join(T, "rootfs.tar")
        def as_root(ti):
            # owned by uid 0: a rootless engine maps it to its own user
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            return ti

        with tarfile.open(tarpath, "w") as tf:
            tf.add(rootfs, arcname=".", filter=as_root)
        if uid is not None:
            os.chown(tarpath, uid, uid)
        p = podman("import", tarpath, "localhost/bh-tiny:1")
        if not okl(label, p.returncode == 0, "podman import of the test's tar", p.stderr):
            return
        service = subprocess.Popen(BASE + ["system", "service", "--time", "0", "unix://" + SOCK],
                                   env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   start_new_session=True, user=user, cwd=T)
        for _ in range(200):
            if os.path.exists(SOCK) or service.poll() is not None:
                break
            time.sleep(0.05)
        if not okl(label, os.path.exists(SOCK), "podman system service listens on its own socket",
                  service.stderr.read() if service.poll() is not None else "no socket"):
            return

        img = "localhost/bh-tiny:1"
        created = {}
        cases = {
            "privileged": ["--privileged"],
            "capadd": ["--cap-add", "SYS_ADMIN"],
            "sockbind": ["-v", SOCK + ":/var/run/docker.sock"],
            "hostns": ["--network", "host", "--pid", "host"],
            "noseccomp": ["--security-opt", "seccomp=unconfined"],
            "hardened": ["--cap-drop", "ALL", "--user", "1000", "--read-only",
                         "--security-opt", "no-new-privileges", "--memory", "64m"],
        }
        for name, args in cases.items():
            p = podman("create", "--name", name, *args, img, "/bin/hello")
            okl(label, p.returncode == 0, "podman create %s" % name, p.stderr)
            created[name] = p.stderr

        p = subprocess.run([EXE, "engine", "--host", "unix://" + SOCK, "--format", "json"],
                           capture_output=True, text=True, timeout=120, env=ENV)
        try:
            out = json.loads(p.stdout)
        except ValueError:
            out = None
        okl(label, p.returncode == 1 and out is not None, "bulkhead engine: exit 1 (findings)",
           "rc=%d %s" % (p.returncode, p.stderr))
        out = out or {"findings": [], "files": []}
        okl(label, "Sanitizer" not in p.stderr and "runtime error:" not in p.stderr,
           "no sanitizer report", p.stderr[-3000:])

        def rules(path):
            return sorted(f["rule"] for f in out["findings"] if f["path"] == path)

        def src(path, rule):
            return [f["source"] for f in out["findings"] if f["path"] == path and f["rule"] == rule]

        # root (the image sets no user), writable root, no memory limit, no nnp:
        # the baseline every non-hardened case shares
        base = ["BH3001", "BH4004", "BH4006", "BH5009"]
        # Podman reports a privileged container's CapDrop relative to its default
        # set, so BH4003 fires on it as on any container that does not drop ALL
        okl(label, rules("container/privileged") == sorted(base + ["BH4001", "BH4003"]),
           "privileged: BH4001 and the baseline", rules("container/privileged"))
        okl(label, src("container/privileged", "BH4001") == ["HostConfig.Privileged: true"],
           "privileged: located at HostConfig.Privileged", src("container/privileged", "BH4001"))
        okl(label, rules("container/capadd") == sorted(base + ["BH4002", "BH4003"]),
           "--cap-add SYS_ADMIN: BH4002 and no drop of ALL", rules("container/capadd"))
        okl(label, src("container/capadd", "BH4002") == ["HostConfig.CapAdd[0]: SYS_ADMIN"],
           "--cap-add SYS_ADMIN: located at HostConfig.CapAdd[0]", src("container/capadd", "BH4002"))
        okl(label, rules("container/sockbind") == sorted(base + ["BH2001", "BH4003"]),
           "socket bind: BH2001", rules("container/sockbind"))
        okl(label, src("container/sockbind", "BH2001") == ["Mounts[0]: bind %s -> /var/run/docker.sock (rw)"
                                                    % SOCK],
           "socket bind: located at Mounts[0]", src("container/sockbind", "BH2001"))
        okl(label, rules("container/hostns") == sorted(base + ["BH4003", "BH5001", "BH5002"]),
           "--network host --pid host: BH5001 and BH5002", rules("container/hostns"))
        okl(label, rules("container/noseccomp") == sorted(base + ["BH4003", "BH6001"]),
           "seccomp=unconfined: BH6001", rules("container/noseccomp"))
        # rootless Podman without cgroup delegation drops --memory (it says
        # so on create): the engine then reports no limit, and so does bulkhead
        no_limits = "not supported" in created.get("hardened", "")
        okl(label, rules("container/hardened") == (["BH5009"] if no_limits else []),
           "hardened (--cap-drop ALL, --user 1000, --read-only, no-new-privileges, --memory): "
           "no finding%s" % (" but the memory limit the engine ignored" if no_limits else ""),
           [(f["rule"], f["source"]) for f in out["findings"]
            if f["path"] == "container/hardened"])
        okl(label, not any(f["rule"].startswith("BH9") for f in out["findings"]),
           "every answer of the real engine could be read",
           [f["message"] for f in out["findings"] if f["rule"].startswith("BH9")])
        paths = sorted(f["path"] for f in out["files"])
        okl(label, "engine" in paths and sum(p_.startswith("container/") for p_ in paths) == 6,
           "files: the engine and the six containers", paths)
    finally:
        if service is not None:
            os.killpg(service.pid, signal.SIGTERM)
            try:
                service.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(service.pid, signal.SIGKILL)
                service.wait()
        # rootless Podman leaves a pause process holding its user namespace:
        # its pid is in the runtime directory, which is the test's
        for dirpath, _, files in os.walk(T):
            if "pause.pid" in files:
                try:
                    with open(os.path.join(dirpath, "pause.pid")) as f:
                        os.kill(int(f.read().strip()), signal.SIGKILL)
                except (OSError, ValueError):
                    pass
        # vfs layers may hold read-only directories
        subprocess.run(["chmod", "-R", "u+w", T], capture_output=True)
        shutil.rmtree(T, ignore_errors=True)



scenario(None, "as root" if os.geteuid() == 0 else "as this user")
if os.geteuid() == 0:
    # rootless Podman: the same containers, the same findings
    scenario(65534, "rootless (nobody)")
print("1..%d" % count)
sys.exit(1 if failed else 0)
