FROM alpine:3.20
LABEL RUN="docker run -d --security-opt systempaths=unconfined IMAGE"
LABEL INSTALL="podman run --rm --security-opt unmask=ALL IMAGE"
LABEL UNINSTALL="podman run --rm --security-opt unmask=/proc/kcore IMAGE"
