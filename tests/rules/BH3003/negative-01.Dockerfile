FROM alpine:3.20
LABEL RUN="podman run -d --user 10001:10001 IMAGE"
LABEL INSTALL="podman run --rm -u=app IMAGE /install"
