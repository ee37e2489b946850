FROM alpine:3.20
LABEL RUN="podman run -d -v /:/host -v /etc:/host-etc:ro -v /var/lib/docker:/docker IMAGE"
