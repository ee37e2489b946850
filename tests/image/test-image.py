#!/usr/bin/env python3
"""bulkhead image on images the test builds itself (tests/image/mkimage.py):
every layout (OCI layout, OCI archive, docker save legacy with a symlinked
layer, Docker 25+ OCI-dual, skopeo's docker-archive and oci-archive), exact
findings, multi-platform indexes, corrupt and hostile inputs, and every
image limit of src/util/limits.h.  Prints TAP.

usage: test-image.py BULKHEAD SOURCE_ROOT"""
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import content  # noqa: E402
import mkimage  # noqa: E402

BULKHEAD = os.path.abspath(sys.argv[1])
RESULTS = []


def ok(cond, name, diag=""):
    RESULTS.append((bool(cond), name, diag))


def run(*args, cwd=None):
    p = subprocess.run([BULKHEAD, "image"] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def findings(path, *extra, prefix=None):
    rc, out, err = run("--format", "json", *extra, path)
    path = prefix if prefix is not None else path
    try:
        doc = json.loads(out)
    except ValueError:
        return rc, None, err
    got = []
    for f in doc["findings"]:
        where = f["path"][len(path):] if f["path"].startswith(path) else f["path"]
        got.append((f["rule"], where.lstrip(":"), f.get("line") or 0, f["severity"]))
    return rc, sorted(got), f"{err}\n{out}"


# What the main image must give, in every form: (rule, where, line, severity);
# where is "" for the configuration (line of the configuration as a
# Dockerfile) or the file inside the image.
EXPECTED = sorted([
    ("BH7001", "", 3, "high"),            # history[2]: curl | sh
    ("BH7008", "", 4, "medium"),          # history[3]: chmod 777 (BuildKit form)
    ("BH7009", "", 5, "medium"),          # history[4]: |1 V=1 ... sudo
    ("BH4002", "", 6, "critical"),        # io.containers.capabilities=SYS_ADMIN
    ("BH7003", "", 9, "high"),            # Env AWS_SECRET_ACCESS_KEY
    ("BH8007", "", 10, "low"),            # ExposedPorts 22/tcp
    ("BH3001", "", 12, "high"),           # User root
    ("BH8003", "/app/.env", 2, "medium"),
    ("BH8003", "/app/.npmrc", 2, "high"),
    ("BH8002", "/data", 0, "medium"),
    ("BH1003", "/etc/os-release", 3, "high"),  # VERSION_ID
    ("BH8004", "/etc/passwd", 3, "high"),  # layer 3's version, toor moved to line 3
    ("BH8005", "/etc/shadow", 2, "high"),
    ("BH8006", "/etc/sudoers", 4, "medium"),
    ("BH8006", "/etc/sudoers.d/ops", 1, "medium"),
    ("BH8003", "/home/app/.aws/credentials", 3, "high"),
    ("BH8003", "/home/app/.docker/config.json", 0, "high"),
    ("BH8003", "/home/app/.git-credentials", 1, "high"),
    ("BH8003", "/root/.ssh/id_rsa", 1, "high"),
    ("BH8001", "/usr/bin/passwd", 0, "low"),
    ("BH8001", "/usr/local/bin/helper", 0, "high"),
    ("BH8002", "/var/www/index.html", 0, "medium"),
])


def check_main(tmp):
    im = mkimage.Image(content.LAYERS, content.CONFIG)
    plain = mkimage.Image([(l, "none") for l, _ in content.LAYERS], content.CONFIG)
    gz = mkimage.Image([(l, "gzip") for l, _ in content.LAYERS], content.CONFIG)
    forms = {}
    mkimage.write_dir(f"{tmp}/layout", mkimage.layout_files([im]))
    forms["OCI layout directory"] = f"{tmp}/layout"
    mkimage.write_dir(f"{tmp}/nested", mkimage.layout_files([im], nested=True))
    forms["OCI layout with a nested index"] = f"{tmp}/nested"
    mkimage.write_tar(f"{tmp}/oci.tar", mkimage.layout_files([im]))
    forms["OCI archive"] = f"{tmp}/oci.tar"
    files, links = mkimage.docker_legacy_files(plain)
    mkimage.write_tar(f"{tmp}/docker.tar", files, links)
    forms["docker save (legacy)"] = f"{tmp}/docker.tar"
    mkimage.write_tar(f"{tmp}/docker25.tar", mkimage.docker25_files(im))
    forms["docker save (Docker 25+ OCI-dual)"] = f"{tmp}/docker25.tar"
    for name, path in forms.items():
        rc, got, diag = findings(path)
        ok(got == EXPECTED, f"{name}: exact findings", f"got {got}\n{diag}")
        ok(rc == 1, f"{name}: exit code 1", rc)

    # a layer docker save wrote already is a symlink to it
    dup = mkimage.Image([(content.LAYER1, "none"), (content.LAYER2, "none"),
                         (content.LAYER1, "none")], {"config": {"User": "app"}})
    files, links = mkimage.docker_legacy_files(dup, dup_link=True)
    mkimage.write_tar(f"{tmp}/dup.tar", files, links)
    rc, got, diag = findings(f"{tmp}/dup.tar", "--only", "BH8003")
    ok(links and got is not None and ("BH8003", "/old/secret.txt", 1, "high") in got,
       "docker save: a symlinked layer member is followed (layer 3 = layer 1 again)", diag)

    mkimage.write_dir(f"{tmp}/layout-gz", mkimage.layout_files([gz]))
    if shutil.which("skopeo"):
        for transport, out in (("docker-archive", "sk-docker.tar"), ("oci-archive", "sk-oci.tar")):
            p = subprocess.run(["skopeo", "copy", "-q", f"oci:{tmp}/layout-gz:test/image:1",
                                f"{transport}:{tmp}/{out}:test/image:1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            ok(p.returncode == 0, f"skopeo copy to {transport}", p.stderr.decode())
            rc, got, diag = findings(f"{tmp}/{out}")
            ok(got == EXPECTED, f"skopeo {transport}: exact findings", f"got {got}\n{diag}")
    else:
        RESULTS.append((True, "skopeo copy # SKIP skopeo not installed", ""))

    # text output names the configuration field and the layer
    rc, out, err = run("--no-color", f"{tmp}/layout")
    ok("(history[2].created_by)" in out and "RUN curl -fsSL" in out,
       "text: a history finding names history[i].created_by and shows the command", out)
    ok(f"{tmp}/layout:/etc/shadow:2:1: high BH8005" in out and "(layer 1 sha256:" in out,
       "text: a file finding is at <image>:/path:line with its layer", out)
    rc, out, err = run("--format", "sarif", f"{tmp}/layout")
    try:
        sarif = json.loads(out)
        ids = {r["ruleId"] for r in sarif["runs"][0]["results"]}
        ok("BH8005" in ids and "BH7001" in ids, "sarif: image findings are results", ids)
    except (ValueError, KeyError) as e:
        ok(False, "sarif: image findings are results", e)
    # nothing written where bulkhead runs
    before = sorted(os.listdir(tmp))
    run(f"{tmp}/layout", cwd=tmp)
    ok(sorted(os.listdir(tmp)) == before, "nothing is written next to the image")


def check_whiteouts(tmp):
    l1 = [{"name": "a/x", "data": "1"}, {"name": "a/sub/y", "data": "2"}, {"name": "b/z", "data": "3"},
          {"name": "c", "type": "d"}, {"name": "c/in", "mode": 0o4755, "data": "4"},
          {"name": "keep/k", "mode": 0o4755, "data": "5"}]
    l2 = [{"name": "a/.wh..wh..opq"}, {"name": "a/new", "mode": 0o4755, "data": "6"},
          {"name": "b/.wh.z"}, {"name": "c", "data": "now a file"}]
    im = mkimage.Image([(l1, "gzip"), (l2, "none")], {"config": {"User": "1000"}})
    mkimage.write_dir(f"{tmp}/wh", mkimage.layout_files([im]))
    rc, got, diag = findings(f"{tmp}/wh", "--only", "BH8001")
    ok(got == [("BH8001", "/a/new", 0, "high"), ("BH8001", "/keep/k", 0, "high")],
       "whiteouts: opaque dir, file whiteout, a directory replaced by a file", f"{got}\n{diag}")


def check_platforms(tmp):
    amd = mkimage.Image([([{"name": "amd", "mode": 0o4755, "data": "a"}], "gzip")],
                        {"config": {"User": "1"}}, platform=("linux", "amd64", None))
    arm = mkimage.Image([([{"name": "arm", "mode": 0o4755, "data": "b"}], "gzip")],
                        {"config": {"User": "1"}}, platform=("linux", "arm64", "v8"))
    mkimage.write_dir(f"{tmp}/multi", mkimage.layout_files([amd, arm], nested=True))
    rc, got, diag = findings(f"{tmp}/multi", "--platform", "linux/arm64")
    ok(got == [("BH8001", "/arm", 0, "high")], "--platform linux/arm64 picks that image", diag)
    rc, got, diag = findings(f"{tmp}/multi", "--platform", "linux/amd64")
    ok(got == [("BH8001", "/amd", 0, "high")], "--platform linux/amd64 picks that image", diag)
    rc, got, diag = findings(f"{tmp}/multi", "--platform", "linux/s390x")
    ok(rc == 2 and got == [("BH9017", "", 0, "high")],
       "--platform with no such image: BH9017, exit 2", diag)
    rc, out, err = run("--platform", "linux", f"{tmp}/multi")
    ok(rc == 2 and "os/arch" in err, "--platform must be os/arch[/variant]", err)


def layer_blob_path(layout, im, i):
    return os.path.join(layout, "blobs/sha256", mkimage.sha(im.blobs[i])[7:])


def raw_tar_header(name, size, kind=b"0", link=b""):
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[156:157] = kind
    h[157:157 + len(link)] = link
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = b"        "
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def custom_layer_image(tmp, name, blob, comp="gzip"):
    """An OCI layout whose only layer is the given bytes (already compressed)."""
    im = mkimage.Image([([], comp)], {"config": {"User": "1"}})
    im.blobs = [blob]
    im.manifest = json.dumps({
        "schemaVersion": 2, "mediaType": mkimage.MT_MANIFEST,
        "config": {"mediaType": mkimage.MT_CONFIG, "digest": mkimage.sha(im.config),
                   "size": len(im.config)},
        "layers": [{"mediaType": mkimage.MT_LAYER[comp], "digest": mkimage.sha(blob),
                    "size": len(blob)}]}).encode()
    mkimage.write_dir(f"{tmp}/{name}", mkimage.layout_files([im]))
    return f"{tmp}/{name}"


def check_corrupt(tmp):
    im = mkimage.Image(content.LAYERS, content.CONFIG)
    files = mkimage.layout_files([im])
    # truncated archive
    mkimage.write_tar(f"{tmp}/full.tar", files)
    data = open(f"{tmp}/full.tar", "rb").read()
    open(f"{tmp}/trunc.tar", "wb").write(data[:len(data) // 2 + 100])
    rc, got, diag = findings(f"{tmp}/trunc.tar")
    ok(rc == 2 and got and got[0][0] == "BH9001", "truncated archive: BH9001, exit 2", diag)
    # a truncated layer inside a complete layout
    mkimage.write_dir(f"{tmp}/trl", files)
    lp = layer_blob_path(f"{tmp}/trl", im, 1)
    blob = open(lp, "rb").read()
    open(lp, "wb").write(blob[:len(blob) // 2])
    rc, got, diag = findings(f"{tmp}/trl")
    ok(rc == 2 and got and any(g[0] == "BH9001" for g in got),
       "truncated gzip layer: BH9001, exit 2, the other layers still read", diag)
    ok(got and ("BH8003", "/root/.ssh/id_rsa", 1, "high") in got,
       "truncated layer: findings of the other layers are kept", got)
    # wrong digest: same name, changed content
    mkimage.write_dir(f"{tmp}/bad", files)
    lp = layer_blob_path(f"{tmp}/bad", im, 0)
    raw = bytearray(open(lp, "rb").read())
    i = raw.find(b"toor:x:0:0:backdoor")
    raw[i:i + 4] = b"evil"
    open(lp, "wb").write(bytes(raw))
    rc, got, diag = findings(f"{tmp}/bad")
    ok(rc == 2 and got and any(g[0] == "BH9016" for g in got),
       "layer that does not match its digest: BH9016, exit 2", diag)
    mkimage.write_dir(f"{tmp}/badcfg", files)
    cp = os.path.join(f"{tmp}/badcfg", "blobs/sha256", mkimage.sha(im.config)[7:])
    open(cp, "wb").write(im.config.replace(b'"root"', b'"app1"'))
    rc, got, diag = findings(f"{tmp}/badcfg")
    ok(rc == 2 and got and any(g[0] == "BH9016" for g in got) and
       not any(g[0] == "BH3001" for g in got),
       "configuration that does not match its digest: BH9016, not used", diag)
    # a missing layer blob
    mkimage.write_dir(f"{tmp}/miss", files)
    os.unlink(layer_blob_path(f"{tmp}/miss", im, 2))
    rc, got, diag = findings(f"{tmp}/miss")
    ok(rc == 2 and any(g[0] == "BH9004" for g in got), "missing layer blob: BH9004", diag)
    # gzip bomb: a header claims 40 GiB, a little of it follows
    bomb = gzip.compress(raw_tar_header(b"zeros", 40 << 30) + bytes(8 << 20), 9)
    p = custom_layer_image(tmp, "bomb", bomb)
    rc, got, diag = findings(p)
    ok(rc == 2 and got and got[0][0] == "BH9003" and len(bomb) < (64 << 10),
       f"gzip bomb ({len(bomb)} bytes, claims 40 GiB): BH9003 at its header, exit 2", diag)
    # hostile paths: '..', absolute and escaping symlinks, '..' hardlinks
    marker = f"bh-escape-{os.getpid()}"
    entries = [{"name": f"../../../../../../tmp/{marker}", "data": "x"},
               {"name": "etc/ok", "data": "fine"},
               {"name": "etc/abs", "type": "l", "target": "/etc/ok"},
               {"name": "etc/up", "type": "l", "target": "../../../../etc/shadow"},
               {"name": "etc/hard", "type": "h", "target": "../../outside"}]
    ev = mkimage.Image([(entries, "gzip")], {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/evil", mkimage.layout_files([ev]))
    rc, got, diag = findings(f"{tmp}/evil")
    n9015 = sum(1 for g in got or [] if g[0] == "BH9015")
    ok(rc == 2 and n9015 == 3,
       "'..' entry path, escaping symlink and '..' hardlink: three BH9015, exit 2", diag)
    ok(not os.path.exists(f"/tmp/{marker}"), "nothing written outside")
    rc, out, err = run(f"{tmp}/evil")
    ok("etc/abs" not in out, "an absolute symlink is not reported", out)
    # /etc/passwd a link: never followed
    lk = mkimage.Image([([{"name": "etc/passwd", "type": "l", "target": "/config/passwd"}],
                         "gzip")], {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/lk", mkimage.layout_files([lk]))
    rc, got, diag = findings(f"{tmp}/lk")
    ok(got == [("BH9018", "/etc/passwd", 0, "info")], "/etc/passwd a link: BH9018 (info)", diag)
    # not an image at all; a compressed archive
    open(f"{tmp}/junk.bin", "wb").write(b"this is not a tar archive\n" * 40)
    rc, got, diag = findings(f"{tmp}/junk.bin")
    ok(rc == 2 and got and got[0][0] == "BH9001", "not a tar: BH9001, exit 2", diag)
    open(f"{tmp}/full.tar.gz", "wb").write(gzip.compress(data))
    rc, got, diag = findings(f"{tmp}/full.tar.gz")
    ok(rc == 2 and got == [("BH9017", "", 0, "high")], "compressed archive: BH9017", diag)
    mkimage.write_tar(f"{tmp}/noimg.tar", {"hello.txt": b"hi"})
    rc, got, diag = findings(f"{tmp}/noimg.tar")
    ok(rc == 2 and got == [("BH9017", "", 0, "high")], "a tar that is no image: BH9017", diag)
    rc, got, diag = findings(f"{tmp}/does-not-exist")
    ok(rc == 2 and got and got[0][0] == "BH9004", "missing path: BH9004, exit 2", diag)
    # two images in one docker save archive
    a = mkimage.Image([([{"name": "x", "data": "1"}], "none")], {"config": {"User": "1"}})
    fa, la = mkimage.docker_legacy_files(a)
    man = json.loads(fa["manifest.json"])
    fa["manifest.json"] = json.dumps(man + man).encode()
    mkimage.write_tar(f"{tmp}/two.tar", fa, la)
    rc, got, diag = findings(f"{tmp}/two.tar")
    ok(rc == 0 and got == [("BH9019", "", 0, "info")], "two images in an archive: BH9019", diag)


def check_limits(tmp):
    ok_img = mkimage.Image([([{"name": "a", "data": "1"}], "none")], {"config": {"User": "1"}})
    # BH_LIMIT_IMAGE_ARCHIVE_MEMBERS: 100001 members
    hdr = raw_tar_header(b"m", 0)
    with open(f"{tmp}/members.tar", "wb") as f:
        f.write(hdr * 100001 + bytes(1024))
    rc, got, diag = findings(f"{tmp}/members.tar")
    ok(rc == 2 and got == [("BH9003", "", 0, "high")],
       "BH_LIMIT_IMAGE_ARCHIVE_MEMBERS crossed: BH9003", diag)
    # BH_LIMIT_IMAGE_LINK_HOPS: member symlinks in a loop
    files, links = mkimage.docker_legacy_files(ok_img)
    man = json.loads(files["manifest.json"])
    man[0]["Layers"] = ["l1/layer.tar"]
    files["manifest.json"] = json.dumps(man).encode()
    mkimage.write_tar(f"{tmp}/loop.tar", files,
                      {"l1/layer.tar": "../l2/layer.tar", "l2/layer.tar": "../l1/layer.tar"})
    rc, got, diag = findings(f"{tmp}/loop.tar")
    ok(rc == 2 and any(g[0] == "BH9004" for g in got or []),
       "BH_LIMIT_IMAGE_LINK_HOPS crossed (a member link loop): reported, no hang", diag)
    # BH_LIMIT_IMAGE_INDEX_DEPTH: indexes nested 9 deep
    files = mkimage.layout_files([ok_img])
    top = json.loads(files["index.json"])
    for _ in range(9):
        b = json.dumps(top).encode()
        files["blobs/sha256/" + mkimage.sha(b)[7:]] = b
        top = {"schemaVersion": 2, "mediaType": mkimage.MT_INDEX,
               "manifests": [{"mediaType": mkimage.MT_INDEX, "digest": mkimage.sha(b),
                              "size": len(b)}]}
    files["index.json"] = json.dumps(top).encode()
    mkimage.write_dir(f"{tmp}/deep", files)
    rc, got, diag = findings(f"{tmp}/deep")
    ok(rc == 2 and got and got[0][0] == "BH9003", "BH_LIMIT_IMAGE_INDEX_DEPTH crossed", diag)
    # BH_LIMIT_IMAGE_JSON: a 9 MiB configuration
    big = mkimage.Image([([{"name": "a", "data": "1"}], "none")],
                        {"config": {"User": "1", "Labels": {"pad": "x" * (9 << 20)}}})
    mkimage.write_dir(f"{tmp}/bigcfg", mkimage.layout_files([big]))
    rc, got, diag = findings(f"{tmp}/bigcfg")
    ok(rc == 2 and got and got[0][0] == "BH9003", "BH_LIMIT_IMAGE_JSON crossed", diag)
    # BH_LIMIT_IMAGE_LAYERS: 257 layers
    many = mkimage.Image([([{"name": f"f{i}", "data": "1"}], "none") for i in range(257)],
                         {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/many", mkimage.layout_files([many]))
    rc, got, diag = findings(f"{tmp}/many")
    ok(rc == 2 and got and got[0][0] == "BH9003", "BH_LIMIT_IMAGE_LAYERS crossed", diag)
    # BH_LIMIT_IMAGE_ENTRIES: 1000001 entries (one name again and again)
    block = raw_tar_header(b"e", 0) * 10000
    p = subprocess.Popen(["zstd", "-q", "-c", "-1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out, _ = p.communicate(block * 100 + raw_tar_header(b"e", 0) + bytes(1024))
    path = custom_layer_image(tmp, "entries", out, "zstd")
    rc, got, diag = findings(path)
    ok(rc == 2 and got and got[0][0] == "BH9003", "BH_LIMIT_IMAGE_ENTRIES crossed", diag)
    # BH_LIMIT_IMAGE_PATH: a 5000-byte path
    longp = "d/" * 2500 + "f"
    lim = mkimage.Image([([{"name": longp, "data": "x"}, {"name": "ok", "mode": 0o4755,
                                                            "data": "y"}], "gzip")],
                        {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/longpath", mkimage.layout_files([lim]))
    rc, got, diag = findings(f"{tmp}/longpath")
    ok(rc == 2 and got and ("BH9003", "", 0, "high") in got and ("BH8001", "/ok", 0, "high") in got,
       "BH_LIMIT_IMAGE_PATH crossed: that entry skipped, the rest read", diag)
    # BH_LIMIT_IMAGE_UNPACKED: the bomb above crosses it at a header; entries
    # that really decompress past it are cut the same way
    # BH_LIMIT_IMAGE_FILE_READ: a 1.1 MiB /etc/passwd, toor past the first MiB
    pw = "root:x:0:0::/root:/bin/sh\n" + ("u:x:1000:1000::/h:/bin/sh\n" * 44000) + \
         "toor:x:0:0::/root:/bin/sh\n"
    fr = mkimage.Image([([{"name": "etc/passwd", "data": pw}], "gzip")], {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/bigpw", mkimage.layout_files([fr]))
    rc, got, diag = findings(f"{tmp}/bigpw")
    ok(rc == 2 and got == [("BH9003", "/etc/passwd", 0, "high")],
       "BH_LIMIT_IMAGE_FILE_READ crossed: only the first MiB read, reported", diag)
    # BH_LIMIT_IMAGE_PKGDB: a 65 MiB dpkg status (of NUL bytes: the package
    # reader also says its first 64 MiB are not a status file)
    st = gzip.compress(raw_tar_header(b"var/lib/dpkg/status", 65 << 20) + bytes(65 << 20) +
                       bytes(1024), 1)
    path = custom_layer_image(tmp, "pkgdb", st)
    rc, got, diag = findings(path)
    ok(rc == 2 and got == [("BH9003", "/var/lib/dpkg/status", 0, "high"),
                           ("BH9021", "/var/lib/dpkg/status", 1, "high")],
       "BH_LIMIT_IMAGE_PKGDB crossed: reported", diag)


def check_cli(tmp):
    rc, out, err = run("--help")
    ok(rc == 0 and "Usage: bulkhead image" in out, "--help", err)
    rc, out, err = run()
    ok(rc == 2 and "no image given" in err, "no PATH: usage error", err)
    rc, out, err = run("--bogus", "x")
    ok(rc == 2 and "unknown option" in err, "unknown option: usage error", err)
    rc, out, err = run("--format", "xml", "x")
    ok(rc == 2, "unknown format: usage error", err)
    p = subprocess.run([BULKHEAD, "--help"], stdout=subprocess.PIPE)
    ok(b"image" in p.stdout, "bulkhead --help lists image")
    im = mkimage.Image([([{"name": "a", "data": "1"}], "none")], {"config": {"User": "1"}})
    mkimage.write_dir(f"{tmp}/clean", mkimage.layout_files([im]))
    rc, got, diag = findings(f"{tmp}/clean")
    ok(rc == 0 and got == [], "a clean image: no findings, exit 0", diag)
    rc, out, err = run("--fail-on", "critical", "--only", "BH8001,BH3001", f"{tmp}/layout")
    ok(rc == 0 and "BH3001" in out and "BH8001" in out and "BH8003" not in out,
       "--only and --fail-on", out)
    rc, out, err = run("--ignore", "BH3001", "-o", f"{tmp}/out.txt", f"{tmp}/layout")
    ok(rc == 1 and out == "" and "BH3001" not in open(f"{tmp}/out.txt").read(),
       "--ignore and --output", err)


def check_engine(tmp):
    """--engine: the export streamed from a fake engine (tests/engine)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine"))
    from fake_engine import FakeEngine  # noqa: E402
    plain = mkimage.Image([(l, "none") for l, _ in content.LAYERS], content.CONFIG)
    files, links = mkimage.docker_legacy_files(plain)
    mkimage.write_tar(f"{tmp}/e-legacy.tar", files, links)
    im = mkimage.Image(content.LAYERS, content.CONFIG)
    mkimage.write_tar(f"{tmp}/e-25.tar", mkimage.docker25_files(im))
    legacy = open(f"{tmp}/e-legacy.tar", "rb").read()
    d25 = open(f"{tmp}/e-25.tar", "rb").read()
    # JSON members that together cross BH_LIMIT_IMAGE_STREAM_JSON
    pad = {f"pad{i}.json": b'{"p": "' + b"x" * (7 << 20) + b'"}' for i in range(10)}
    mkimage.write_tar(f"{tmp}/e-pad.tar", dict(files, **pad), links)
    tar_hdr = {"Content-Type": "application/x-tar"}
    routes = {
        "/images/test%2Fimage:1/get": (200, legacy, tar_hdr),
        "/images/new:25/get": (200, d25, tar_hdr),
        "/images/cut:1/get": (200, legacy[:len(legacy) // 2], tar_hdr),
        "/images/pad:1/get": (200, open(f"{tmp}/e-pad.tar", "rb").read(), tar_hdr),
    }
    sock = f"{tmp}/engine.sock"
    fe = FakeEngine(sock, routes)
    try:
        host = ("-H", f"unix://{sock}")
        rc, got, diag = findings("test/image:1", "--engine", *host, prefix="test/image:1")
        ok(got == EXPECTED and rc == 1, "--engine: docker save stream (legacy), exact findings",
           f"{got}\n{diag}")
        rc, got, diag = findings("new:25", "--engine", *host, prefix="new:25")
        ok(got == EXPECTED and rc == 1, "--engine: Docker 25+ OCI-dual stream, exact findings",
           f"{got}\n{diag}")
        rc, got, diag = findings("cut:1", "--engine", *host, prefix="cut:1")
        ok(rc == 2 and got and got[0][0] == "BH9001", "--engine: a truncated stream is BH9001",
           diag)
        rc, got, diag = findings("pad:1", "--engine", *host, prefix="pad:1")
        ok(rc == 2 and got and ("BH9003", "", 0, "high") in got,
           "--engine: BH_LIMIT_IMAGE_STREAM_JSON crossed", diag)
        # --engine --format cyclonedx: the subject is the name as given
        rc, out, err = run("--engine", *host, "--format", "cyclonedx", "new:25")
        meta = json.loads(out)["metadata"]["component"] if rc in (0, 1, 2) and out else {}
        ok(rc == 1 and meta.get("name") == "new:25" and meta.get("version") ==
           mkimage.sha(im.config), "--engine --format cyclonedx: the image as named, its "
           "configuration digest", (rc, meta, err))
        rc, out, err = run("--engine", *host, "missing:1")
        ok(rc == 2 and "BH9004" in out and "no image missing:1" in out,
           "--engine: an image the engine does not have: BH9004, exit 2", out + err)
        ok(fe.requests and all(m == "GET" for m, _ in fe.requests), "--engine sends only GET",
           fe.requests)
        rc, out, err = run("-H", f"unix://{sock}", f"{tmp}/x")
        ok(rc == 2 and "--host needs --engine" in err, "--host without --engine: usage error")
    finally:
        fe.close()
    rc, out, err = run("--engine", "-H", f"unix://{tmp}/nothing.sock", "x:1")
    ok(rc == 2 and err, "--engine without an engine: exit 2 with a message", err)


def main():
    tmp = tempfile.mkdtemp(prefix="bh-image-")
    try:
        check_main(tmp)
        check_whiteouts(tmp)
        check_platforms(tmp)
        check_corrupt(tmp)
        check_limits(tmp)
        check_cli(tmp)
        check_engine(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"1..{len(RESULTS)}")
    for i, (good, name, diag) in enumerate(RESULTS, 1):
        print(f"{'ok' if good else 'not ok'} {i} - {name}")
        if not good and diag != "":
            for line in str(diag).splitlines()[:40]:
                print(f"# {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
