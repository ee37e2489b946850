FROM alpine:3.20
LABEL RUN="podman run -d --memory=512m IMAGE"
LABEL INSTALL="docker run --rm -m 1g IMAGE"
