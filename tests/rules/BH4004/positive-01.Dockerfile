FROM alpine:3.20
LABEL RUN="podman run -d IMAGE"
LABEL INSTALL="docker run --rm --security-opt no-new-privileges=false IMAGE"
