FROM alpine:3.20
LABEL RUN="podman run --rm --privileged=false IMAGE"
LABEL INSTALL="podman run --rm --cap-drop=ALL IMAGE"
