FROM alpine:3.20
# -v with one path is an anonymous volume at that path, not the host socket
LABEL RUN="podman run -d -v /var/run/docker.sock IMAGE"
