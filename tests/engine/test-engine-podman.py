#!/usr/bin/env python3
"""bulkhead engine against a real Podman API service, TAP.

usage: test-engine-podman.py BULKHEAD_EXE

Starts `podman system service` on a socket in a temporary directory, with
its own storage (--root, --runroot, vfs), temporary directory and
containers.conf (cgroupfs, file events logger), so the user's containers are
never touched.  Imports a one-file image from a tar the test writes, creates
(never runs) one container per case and checks each container's exact
findings.  Skips only when podman is not installed.
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

T = tempfile.mkdtemp(prefix="bh-podman-")
SOCK = os.path.join(T, "podman.sock")
conf = os.path.join(T, "containers.conf")
with open(conf, "w") as f:
    f.write('[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n')
ENV = dict(os.environ, CONTAINERS_CONF=conf, TMPDIR=os.path.join(T, "tmp"))
ENV.pop("DOCKER_HOST", None)
ENV.pop("CONTAINER_HOST", None)
os.makedirs(ENV["TMPDIR"])
BASE = [PODMAN, "--root", os.path.join(T, "root"), "--runroot", os.path.join(T, "runroot"),
        "--storage-driver", "vfs", "--tmpdir", os.path.join(T, "ptmp")]


def podman(*args):
    return subprocess.run(BASE + list(args), capture_output=True, text=True, env=ENV, timeout=120)


service = None
try:
    # a one-file root filesystem, imported as an image without a user
    rootfs = os.path.join(T, "rootfs")
    os.makedirs(os.path.join(rootfs, "bin"))
    with open(os.path.join(rootfs, "bin", "hello"), "w") as f:
        f.write("not a program: the containers are never started\n")
    tarpath = os.path.join(T, "rootfs.tar")
    with tarfile.open(tarpath, "w") as tf:
        tf.add(rootfs, arcname=".")
    p = podman("import", tarpath, "localhost/bh-tiny:1")
    if not ok(p.returncode == 0, "podman import of the test's tar", p.stderr):
        raise SystemExit
    service = subprocess.Popen(BASE + ["system", "service", "--time", "0", "unix://" + SOCK],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    for _ in range(200):
        if os.path.exists(SOCK) or service.poll() is not None:
            break
        time.sleep(0.05)
    if not ok(os.path.exists(SOCK), "podman system service listens on its own socket",
              service.stderr.read() if service.poll() is not None else "no socket"):
        raise SystemExit

    img = "localhost/bh-tiny:1"
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
        ok(p.returncode == 0, "podman create %s" % name, p.stderr)

    p = subprocess.run([EXE, "engine", "--host", "unix://" + SOCK, "--format", "json"],
                       capture_output=True, text=True, timeout=120, env=ENV)
    try:
        out = json.loads(p.stdout)
    except ValueError:
        out = None
    ok(p.returncode == 1 and out is not None, "bulkhead engine: exit 1 (findings)",
       "rc=%d %s" % (p.returncode, p.stderr))
    out = out or {"findings": [], "files": []}
    ok("Sanitizer" not in p.stderr and "runtime error:" not in p.stderr,
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
    ok(rules("container/privileged") == sorted(base + ["BH4001", "BH4003"]),
       "privileged: BH4001 and the baseline", rules("container/privileged"))
    ok(src("container/privileged", "BH4001") == ["HostConfig.Privileged: true"],
       "privileged: located at HostConfig.Privileged", src("container/privileged", "BH4001"))
    ok(rules("container/capadd") == sorted(base + ["BH4002", "BH4003"]),
       "--cap-add SYS_ADMIN: BH4002 and no drop of ALL", rules("container/capadd"))
    ok(src("container/capadd", "BH4002") == ["HostConfig.CapAdd[0]: SYS_ADMIN"],
       "--cap-add SYS_ADMIN: located at HostConfig.CapAdd[0]", src("container/capadd", "BH4002"))
    ok(rules("container/sockbind") == sorted(base + ["BH2001", "BH4003"]),
       "socket bind: BH2001", rules("container/sockbind"))
    ok(src("container/sockbind", "BH2001") == ["Mounts[0]: bind %s -> /var/run/docker.sock (rw)"
                                                % SOCK],
       "socket bind: located at Mounts[0]", src("container/sockbind", "BH2001"))
    ok(rules("container/hostns") == sorted(base + ["BH4003", "BH5001", "BH5002"]),
       "--network host --pid host: BH5001 and BH5002", rules("container/hostns"))
    ok(rules("container/noseccomp") == sorted(base + ["BH4003", "BH6001"]),
       "seccomp=unconfined: BH6001", rules("container/noseccomp"))
    ok(rules("container/hardened") == [],
       "hardened (--cap-drop ALL, --user 1000, --read-only, no-new-privileges, --memory): "
       "no finding", [(f["rule"], f["source"]) for f in out["findings"]
                      if f["path"] == "container/hardened"])
    ok(not any(f["rule"].startswith("BH9") for f in out["findings"]),
       "every answer of the real engine could be read",
       [f["message"] for f in out["findings"] if f["rule"].startswith("BH9")])
    paths = sorted(f["path"] for f in out["files"])
    ok("engine" in paths and sum(p_.startswith("container/") for p_ in paths) == 6,
       "files: the engine and the six containers", paths)
finally:
    if service is not None:
        os.killpg(service.pid, signal.SIGTERM)
        try:
            service.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(service.pid, signal.SIGKILL)
            service.wait()
    # vfs layers may hold read-only directories
    subprocess.run(["chmod", "-R", "u+w", T], capture_output=True)
    shutil.rmtree(T, ignore_errors=True)

print("1..%d" % count)
sys.exit(1 if failed else 0)
