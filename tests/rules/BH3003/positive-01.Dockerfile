FROM alpine:3.20
LABEL RUN="podman run -d --name web IMAGE"
