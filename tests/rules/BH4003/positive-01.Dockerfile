FROM alpine:3.20
LABEL RUN="podman run -d IMAGE"
LABEL INSTALL="docker run --rm --cap-drop NET_RAW,MKNOD IMAGE /install"
