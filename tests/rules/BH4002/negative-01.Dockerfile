FROM alpine:3.20
LABEL io.containers.capabilities=CHOWN,SETUID,SETGID,NET_BIND_SERVICE
LABEL RUN="podman run --cap-drop=ALL --cap-add=NET_BIND_SERVICE --cap-add NET_RAW IMAGE"
