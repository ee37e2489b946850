#!/usr/bin/python3
"""Generate a deterministic tree of varied Dockerfiles for the benchmark.

usage: gen.py OUTDIR [COUNT]

The files mix what real repositories contain: single and multi-stage builds,
long RUN chains with continuations, heredocs, JSON and shell forms, ARG/ENV
substitution, comments, and a share of insecure patterns so rules fire.
"""
import os
import random
import sys

BASES = ["debian:12-slim", "debian:buster", "ubuntu:22.04", "ubuntu:20.04", "alpine:3.19",
         "alpine:3.15", "python:3.12-slim-bookworm", "python:3.8-buster", "node:20-alpine",
         "node", "golang:1.22-bookworm", "centos:7", "fedora:40", "amazonlinux:2023",
         "registry.example.com:5000/team/base:1.4",
         "gcr.io/distroless/static-debian12:nonroot@sha256:" + "ab" * 32]
PKGS = ["curl", "ca-certificates", "git", "make", "gcc", "libssl-dev", "openssh-client",
        "jq", "unzip", "tzdata", "python3-pip", "build-essential", "vim", "less"]


def run_chain(r):
    pkgs = " ".join(r.sample(PKGS, r.randint(2, 8)))
    parts = ["apt-get update", f"apt-get install -y --no-install-recommends {pkgs}"]
    if r.random() < 0.3:
        parts.append("curl -fsSL https://get.example.com/install.sh | sh")
    if r.random() < 0.2:
        parts.append("chmod 777 /opt/app")
    if r.random() < 0.15:
        parts.append('bash -c "$(curl -fsSL https://x.example.com/i)"')
    if r.random() < 0.1:
        parts.append("sudo make install")
    parts.append("rm -rf /var/lib/apt/lists/*")
    return "RUN " + " \\\n    && ".join(parts) + "\n"


def dockerfile(r, i):
    out = []
    if r.random() < 0.3:
        out.append("# syntax=docker/dockerfile:1\n")
    out.append(f"# generated benchmark file {i}\n")
    if r.random() < 0.4:
        out.append(f"ARG BASE={r.choice(BASES)}\n")
        base = "${BASE}"
    else:
        base = r.choice(BASES)
    stages = r.randint(1, 3)
    for s in range(stages):
        last = s == stages - 1
        name = f" AS stage{s}" if not last or r.random() < 0.5 else ""
        out.append(f"FROM {base if s == 0 else r.choice(BASES)}{name}\n")
        out.append("ARG VERSION=1.2.3\nENV APP_HOME=/srv/app PATH=/srv/app/bin:$PATH\n")
        if r.random() < 0.2:
            out.append("ARG GITHUB_TOKEN\n")
        out.append("WORKDIR $APP_HOME\n")
        for _ in range(r.randint(1, 4)):
            out.append(run_chain(r))
        if r.random() < 0.3:
            out.append("RUN <<EOF\nset -e\necho building ${VERSION}\n"
                       "make -j4 all\nmake install\nEOF\n")
        out.append("COPY --chown=10001:10001 . .\n")
        if r.random() < 0.2:
            out.append("ADD https://downloads.example.com/tool.tar.gz /opt/\n")
        if r.random() < 0.1:
            out.append("VOLUME /var/run/docker.sock\n")
        out.append(f"EXPOSE {r.choice(['80', '8080/tcp', '443', '2375', '9000-9010'])}\n")
        if last:
            out.append(r.choice(["USER 10001:10001\n", "USER root\n", "", "USER app\n"]))
            out.append('ENTRYPOINT ["/srv/app/bin/server"]\nCMD ["--port", "8080"]\n')
    return "".join(out)


def main():
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    r = random.Random(20261128)
    names = ["Dockerfile", "Containerfile", "Dockerfile.prod", "api.Dockerfile"]
    for i in range(count):
        d = os.path.join(outdir, f"d{i // 100:03d}", f"svc{i % 100:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, names[i % len(names)]), "w") as f:
            f.write(dockerfile(r, i))


if __name__ == "__main__":
    main()
