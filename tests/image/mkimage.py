"""Build test images from content written here: OCI layouts, OCI archives,
docker save archives (legacy and Docker 25+ OCI-dual), deterministically,
with python's tarfile/hashlib (zstd through the zstd program)."""
import gzip
import hashlib
import io
import json
import os
import subprocess
import tarfile

MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_LAYER = {"none": "application/vnd.oci.image.layer.v1.tar",
            "gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
            "zstd": "application/vnd.oci.image.layer.v1.tar+zstd"}


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def tar_bytes(entries):
    """entries: list of dicts: name, type ('f','d','l','h'), data, mode, uid, target."""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            ti = tarfile.TarInfo(e["name"])
            ti.mtime = 0
            ti.uid = e.get("uid", 0)
            ti.gid = e.get("gid", 0)
            kind = e.get("type", "f")
            data = e.get("data", b"")
            if isinstance(data, str):
                data = data.encode()
            if kind == "d":
                ti.type = tarfile.DIRTYPE
                ti.mode = e.get("mode", 0o755)
                t.addfile(ti)
            elif kind == "l":
                ti.type = tarfile.SYMTYPE
                ti.linkname = e["target"]
                ti.mode = 0o777
                t.addfile(ti)
            elif kind == "h":
                ti.type = tarfile.LNKTYPE
                ti.linkname = e["target"]
                ti.mode = e.get("mode", 0o644)
                t.addfile(ti)
            else:
                ti.mode = e.get("mode", 0o644)
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return bio.getvalue()


def compress(raw, how):
    if how == "none":
        return raw
    if how == "gzip":
        return gzip.compress(raw, compresslevel=6, mtime=0)
    if how == "zstd":
        return subprocess.run(["zstd", "-q", "-c", "-3"], input=raw, stdout=subprocess.PIPE,
                              check=True).stdout
    raise ValueError(how)


class Image:
    """layers: list of (entries, compression); config: the config dict."""

    def __init__(self, layers, config, name="test/image:1", platform=("linux", "amd64", None)):
        self.raw = [tar_bytes(e) for e, _ in layers]
        self.comp = [c for _, c in layers]
        self.blobs = [compress(r, c) for r, c in zip(self.raw, self.comp)]
        cfg = dict(config)
        cfg.setdefault("os", platform[0])
        cfg.setdefault("architecture", platform[1])
        if platform[2]:
            cfg.setdefault("variant", platform[2])
        cfg["rootfs"] = {"type": "layers", "diff_ids": [sha(r) for r in self.raw]}
        self.config = json.dumps(cfg, sort_keys=True).encode()
        self.name = name
        self.platform = platform
        self.manifest = json.dumps({
            "schemaVersion": 2, "mediaType": MT_MANIFEST,
            "config": {"mediaType": MT_CONFIG, "digest": sha(self.config), "size": len(self.config)},
            "layers": [{"mediaType": MT_LAYER[c], "digest": sha(b), "size": len(b)}
                       for b, c in zip(self.blobs, self.comp)],
        }, sort_keys=True).encode()

    def manifest_desc(self, with_platform=True):
        d = {"mediaType": MT_MANIFEST, "digest": sha(self.manifest), "size": len(self.manifest),
             "annotations": {"org.opencontainers.image.ref.name": self.name}}
        if with_platform:
            p = {"os": self.platform[0], "architecture": self.platform[1]}
            if self.platform[2]:
                p["variant"] = self.platform[2]
            d["platform"] = p
        return d

    def blob_files(self):
        out = {}
        for b in [self.config, self.manifest] + self.blobs:
            out["blobs/sha256/" + sha(b)[7:]] = b
        return out


def layout_files(images, nested=False, extra=None):
    """The files of an OCI layout holding images (an index per image when nested)."""
    files = {"oci-layout": b'{"imageLayoutVersion": "1.0.0"}'}
    descs = []
    for im in images:
        files.update(im.blob_files())
        descs.append(im.manifest_desc())
    if nested:
        sub = json.dumps({"schemaVersion": 2, "mediaType": MT_INDEX, "manifests": descs},
                         sort_keys=True).encode()
        files["blobs/sha256/" + sha(sub)[7:]] = sub
        descs = [{"mediaType": MT_INDEX, "digest": sha(sub), "size": len(sub)}]
    files["index.json"] = json.dumps({"schemaVersion": 2, "mediaType": MT_INDEX,
                                      "manifests": descs}, sort_keys=True).encode()
    if extra:
        files.update(extra)
    return files


def write_dir(path, files):
    for name, data in files.items():
        p = os.path.join(path, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)


def write_tar(path, files, links=None):
    """An uncompressed archive of files (dirs first as docker does); links:
    name -> target of symlinked members."""
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        dirs = sorted({os.path.dirname(n) for n in list(files) + list(links or {}) if "/" in n})
        for d in dirs:
            parts = d.split("/")
            for i in range(1, len(parts) + 1):
                pass
        seen = set()
        for d in dirs:
            parts = d.split("/")
            for i in range(1, len(parts) + 1):
                dd = "/".join(parts[:i])
                if dd in seen:
                    continue
                seen.add(dd)
                ti = tarfile.TarInfo(dd)
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                ti.mtime = 0
                t.addfile(ti)
        for name in sorted(files):
            ti = tarfile.TarInfo(name)
            ti.size = len(files[name])
            ti.mode = 0o644
            ti.mtime = 0
            t.addfile(ti, io.BytesIO(files[name]))
        for name, target in sorted((links or {}).items()):
            ti = tarfile.TarInfo(name)
            ti.type = tarfile.SYMTYPE
            ti.linkname = target
            ti.mtime = 0
            t.addfile(ti)


def docker_legacy_files(im, dup_link=False):
    """docker save before Docker 25: <hex>.json, <id>/layer.tar (uncompressed),
    manifest.json.  dup_link: the last layer is a symlink to the first one's
    member (docker save links layers it has written already)."""
    files, links = {}, {}
    cfg_name = sha(im.config)[7:] + ".json"
    files[cfg_name] = im.config
    names = []
    for i, raw in enumerate(im.raw):
        lid = hashlib.sha256(b"layer%d" % i + raw).hexdigest()
        n = lid + "/layer.tar"
        if dup_link and i == len(im.raw) - 1 and i > 0:
            links[n] = "../" + names[0]
        else:
            files[n] = raw
            files[lid + "/VERSION"] = b"1.0"
        names.append(n)
    files["manifest.json"] = json.dumps([{"Config": cfg_name, "RepoTags": [im.name],
                                          "Layers": names}]).encode()
    return files, links


def docker25_files(im):
    """docker save of Docker 25+: an OCI layout plus manifest.json naming blobs/sha256/."""
    files = layout_files([im])
    files["manifest.json"] = json.dumps([{
        "Config": "blobs/sha256/" + sha(im.config)[7:], "RepoTags": [im.name],
        "Layers": ["blobs/sha256/" + sha(b)[7:] for b in im.blobs]}]).encode()
    return files
