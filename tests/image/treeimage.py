"""Pack a directory tree (a debootstrap'ed Debian) into a one-layer image,
deterministically: entries in sorted order, mtimes 0, no user or group
names, hardlinks kept as hardlinks, device nodes as device entries.  The
layer is written to disk as it is made (a few hundred MB never sit in
memory), gzip-compressed with `gzip -n` (no name, no time stamp).  Used by
test-image-debian.py and bench/image-debian."""
import hashlib
import json
import os
import shutil
import subprocess
import tarfile

import mkimage


def _entries(root):
    for dp, dns, fns in os.walk(root):
        dns.sort()
        rel = os.path.relpath(dp, root)
        for n in sorted(dns + fns):
            yield os.path.normpath(os.path.join(rel, n))


def _sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest(), os.path.getsize(path)


def write_layer(root, tar_path):
    """The tree as an uncompressed tar at tar_path."""
    with open(tar_path, "wb") as f, \
            tarfile.open(fileobj=f, mode="w", format=tarfile.PAX_FORMAT) as t:
        for rel in _entries(root):
            ti = t.gettarinfo(os.path.join(root, rel), arcname=rel)
            if ti is None:  # a socket: tar has no entry for it
                continue
            ti.uname = ti.gname = ""
            ti.mtime = 0
            if ti.isreg():
                with open(os.path.join(root, rel), "rb") as src:
                    t.addfile(ti, src)
            else:
                t.addfile(ti)


def oci_layout(root, out, name, created_by):
    """An OCI layout directory at out holding the tree as one gzip layer;
    returns (config digest, layer blob digest)."""
    shutil.rmtree(out, ignore_errors=True)
    blobs = os.path.join(out, "blobs", "sha256")
    os.makedirs(blobs)
    raw = os.path.join(out, "layer.tar")
    write_layer(root, raw)
    diff_id, _ = _sha_file(raw)
    gz = os.path.join(out, "layer.tar.gz")
    with open(gz, "wb") as f:
        subprocess.run(["gzip", "-n", "-1", "-c", raw], stdout=f, check=True)
    os.unlink(raw)
    layer_digest, layer_size = _sha_file(gz)
    os.rename(gz, os.path.join(blobs, layer_digest[7:]))
    cfg = json.dumps({"architecture": "amd64", "os": "linux",
                      "config": {"Cmd": ["bash"], "User": "65534"},
                      "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                      "history": [{"created_by": created_by}]}, sort_keys=True).encode()
    man = json.dumps({"schemaVersion": 2, "mediaType": mkimage.MT_MANIFEST,
                      "config": {"mediaType": mkimage.MT_CONFIG, "digest": mkimage.sha(cfg),
                                 "size": len(cfg)},
                      "layers": [{"mediaType": mkimage.MT_LAYER["gzip"], "digest": layer_digest,
                                  "size": layer_size}]}, sort_keys=True).encode()
    for b in (cfg, man):
        with open(os.path.join(blobs, mkimage.sha(b)[7:]), "wb") as f:
            f.write(b)
    index = {"schemaVersion": 2, "mediaType": mkimage.MT_INDEX,
             "manifests": [{"mediaType": mkimage.MT_MANIFEST, "digest": mkimage.sha(man),
                            "size": len(man),
                            "annotations": {"org.opencontainers.image.ref.name": name}}]}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, sort_keys=True)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion": "1.0.0"}')
    return mkimage.sha(cfg), layer_digest
