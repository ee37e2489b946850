FROM alpine:3.20
LABEL RUN="podman run -d --cap-drop=all --cap-add=NET_BIND_SERVICE IMAGE"
LABEL INSTALL="docker run --rm --cap-drop CAP_ALL IMAGE"
