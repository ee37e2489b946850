FROM alpine:3.20
LABEL RUN="podman run -d --read-only --tmpfs /tmp IMAGE"
LABEL INSTALL="docker run --rm --read-only=true IMAGE"
