#!/usr/bin/python3
"""Generate a deterministic tree of varied Dockerfiles for the benchmark.

usage: gen.py OUTDIR [COUNT] [COMPOSE_COUNT] [KUBE_COUNT]

COMPOSE_COUNT (default 1000) compose projects are added beside the
Dockerfiles: anchors, interpolation with .env files, extends, override files,
long and short volume syntax, and insecure settings so rules fire.

KUBE_COUNT (default 1000) multi-document Kubernetes manifests (*.yaml:
ServiceAccount, Deployment/StatefulSet/CronJob, Service, NetworkPolicy, some
with helm "# Source:" comments) are added too, with other YAML beside them
(CI files) that discovery must reject by content.

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


def compose(r, i):
    out = [f"# generated benchmark compose project {i}\n",
           "x-defaults: &defaults\n  restart: unless-stopped\n  logging:\n"
           "    driver: json-file\n    options: {max-size: 10m}\n"]
    ops = r.random() < 0.3
    if ops:
        out.append("x-ops: &ops\n  privileged: true\n  cap_add: [SYS_ADMIN, NET_ADMIN]\n")
    out.append("services:\n")
    names = []
    for s in range(r.randint(2, 6)):
        name = f"svc{s}"
        names.append(name)
        out.append(f"  {name}:\n    <<: " + ("[*defaults, *ops]" if ops and s == 1 else "*defaults")
                   + "\n")
        if s and r.random() < 0.2:
            out.append(f"    extends: {names[0]}\n")
        out.append(f"    image: \"{r.choice(BASES)}\"\n" if r.random() < 0.7 else
                   "    image: app:${APP_TAG:-latest}\n")
        if r.random() < 0.3:
            out.append("    user: \"${RUN_AS:-root}\"\n")
        out.append("    environment:\n      LOG_LEVEL: info\n      DB_HOST: db\n")
        if r.random() < 0.2:
            out.append("      DB_PASSWORD: hunter2-example\n")
        out.append("    ports:\n      - \"" + r.choice(["8080:80", "127.0.0.1:9000:9000",
                                                        "443:443", "2375:2375"]) + "\"\n")
        out.append("    volumes:\n      - ./data:/data\n      - cache:/cache\n")
        if r.random() < 0.15:
            out.append("      - /var/run/docker.sock:/var/run/docker.sock:ro\n")
        if r.random() < 0.1:
            out.append("      - type: bind\n        source: /etc\n        target: /host-etc\n")
        if r.random() < 0.2:
            out.append("    security_opt: [\"no-new-privileges:true\"]\n    read_only: true\n"
                       "    cap_drop: [ALL]\n")
        if r.random() < 0.1:
            out.append("    network_mode: host\n")
        out.append("    deploy:\n      resources:\n        limits: {cpus: '0.5', memory: 256M}\n")
    out.append("volumes:\n  cache: {}\nnetworks:\n  default:\n    driver: bridge\n")
    return "".join(out)


def kube(r, i):
    out = []
    helm = r.random() < 0.3
    ns = r.choice(["default", "shop", "ops"])

    def doc(src, text):
        out.append("---\n" + (f"# Source: app{i}/templates/{src}\n" if helm else "") + text)

    doc("serviceaccount.yaml", f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n"
        f"  name: app{i}\n  namespace: {ns}\n"
        + ("automountServiceAccountToken: false\n" if r.random() < 0.5 else ""))
    for w in range(r.randint(1, 3)):
        kind = r.choice(["Deployment", "StatefulSet", "DaemonSet", "CronJob"])
        name = f"app{i}-{w}"
        c = [f"      - name: {name}\n        image: \"{r.choice(BASES)}\"\n"]
        c.append("        ports:\n        - containerPort: 8080\n")
        if r.random() < 0.1:
            c.append("          hostPort: 8080\n")
        c.append("        env:\n        - {name: LOG_LEVEL, value: info}\n")
        if r.random() < 0.2:
            c.append("        - {name: DB_PASSWORD, value: hunter2-example}\n")
        c.append("        - name: TOKEN\n          valueFrom: {secretKeyRef: {name: t, key: k}}\n")
        sc = r.choice(["", "        securityContext:\n          privileged: true\n",
                       "        securityContext:\n          allowPrivilegeEscalation: false\n"
                       "          readOnlyRootFilesystem: true\n"
                       "          capabilities: {drop: [ALL]}\n",
                       "        securityContext: {capabilities: {add: [SYS_ADMIN]}}\n"])
        c.append(sc)
        if r.random() < 0.5:
            c.append("        resources:\n          limits: {memory: 256Mi, cpu: 500m}\n")
        vols = ""
        if r.random() < 0.15:
            c.append("        volumeMounts:\n        - {name: sock, mountPath: /var/run/docker.sock}\n")
            vols = "      volumes:\n      - name: sock\n        hostPath: {path: /var/run/docker.sock}\n"
        pod = (f"    metadata:\n      labels: {{app: {name}}}\n    spec:\n"
               f"      serviceAccountName: app{i}\n"
               + ("      hostNetwork: true\n" if r.random() < 0.1 else "")
               + ("      securityContext: {runAsNonRoot: true, runAsUser: 10001}\n"
                  if r.random() < 0.4 else "")
               + vols + "      containers:\n" + "".join(c))
        if kind == "CronJob":
            pod = "\n".join(("      " + line if line else line) for line in pod.split("\n"))
            spec = ("  schedule: \"0 3 * * *\"\n  jobTemplate:\n    spec:\n      template:\n"
                    + pod.replace("          restartPolicy", "restartPolicy"))
        else:
            spec = (f"  selector:\n    matchLabels: {{app: {name}}}\n  template:\n" + pod)
        api = "batch/v1" if kind == "CronJob" else "apps/v1"
        doc(f"{kind.lower()}-{w}.yaml", f"apiVersion: {api}\nkind: {kind}\nmetadata:\n"
            f"  name: {name}\n  namespace: {ns}\nspec:\n{spec}")
        doc(f"service-{w}.yaml", f"apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\n"
            f"  namespace: {ns}\nspec:\n  selector: {{app: {name}}}\n  ports: [{{port: 80}}]\n")
    if r.random() < 0.3:
        doc("networkpolicy.yaml", f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
            f"metadata:\n  name: app{i}-default-deny\n  namespace: {ns}\n"
            f"spec:\n  podSelector: {{}}\n  policyTypes: [Ingress, Egress]\n")
    return "".join(out)


def main():
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    ccount = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    kcount = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    r = random.Random(20261128)
    names = ["Dockerfile", "Containerfile", "Dockerfile.prod", "api.Dockerfile"]
    for i in range(count):
        d = os.path.join(outdir, "dockerfile", f"d{i // 100:03d}", f"svc{i % 100:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, names[i % len(names)]), "w") as f:
            f.write(dockerfile(r, i))
    cnames = ["compose.yaml", "docker-compose.yml", "compose.yml", "podman-compose.yaml"]
    for i in range(ccount):
        d = os.path.join(outdir, "compose", f"c{i // 100:03d}", f"app{i % 100:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, cnames[i % len(cnames)]), "w") as f:
            f.write(compose(r, i))
        if i % 3 == 0:
            with open(os.path.join(d, ".env"), "w") as f:
                f.write("APP_TAG=1.4.2\nRUN_AS=10001\n")
        if i % 5 == 0:
            with open(os.path.join(d, "compose.override.yaml"), "w") as f:
                f.write("services:\n  svc0:\n    ports: !override [\"127.0.0.1:8080:80\"]\n")
    knames = ["deploy.yaml", "manifests.yml", "app.k8s.yaml", "release.yaml"]
    for i in range(kcount):
        d = os.path.join(outdir, "kube", f"k{i // 100:03d}", f"app{i % 100:02d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, knames[i % len(knames)]), "w") as f:
            f.write(kube(r, i))
        if i % 4 == 0:
            # other YAML discovery reads the head of and rejects
            with open(os.path.join(d, "ci.yaml"), "w") as f:
                f.write("stages: [build, test]\nbuild:\n  script: [make]\n")


if __name__ == "__main__":
    main()
