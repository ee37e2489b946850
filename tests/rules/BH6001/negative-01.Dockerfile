FROM alpine:3.20
LABEL RUN="podman run -d --security-opt seccomp=/usr/share/containers/seccomp.json IMAGE"
LABEL INSTALL="docker run --rm IMAGE"
