FROM alpine:3.20
LABEL RUN="podman run -d --security-opt label=disable IMAGE"
LABEL INSTALL="podman run --rm --security-opt label=type:spc_t IMAGE"
LABEL UNINSTALL="podman run --rm --security-opt label:type:unconfined_t IMAGE"
