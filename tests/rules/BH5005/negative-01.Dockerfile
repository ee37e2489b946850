FROM alpine:3.20
LABEL RUN="podman run -d --userns=auto IMAGE"
LABEL INSTALL="podman run --rm --userns keep-id IMAGE"
