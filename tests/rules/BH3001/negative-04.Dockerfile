FROM alpine:3.20
LABEL RUN="podman run -d --user 10001 --userns=keep-id IMAGE"
