FROM alpine:3.20
LABEL RUN="podman run -d --uts=private --hostname web IMAGE"
