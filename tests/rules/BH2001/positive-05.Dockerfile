FROM alpine:3.20
LABEL RUN="podman run -d -v \$XDG_RUNTIME_DIR/podman/podman.sock:/run/podman/podman.sock IMAGE"
LABEL INSTALL="podman run --rm -v \${XDG_RUNTIME_DIR}:/xdg:ro -v /run/user/1000:/u -v /var:/hostvar IMAGE"
