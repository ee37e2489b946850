FROM alpine:3.20
LABEL RUN="podman run -d --userns=host IMAGE"
