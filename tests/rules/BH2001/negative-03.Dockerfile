FROM alpine:3.20
LABEL RUN="podman run -d -v \$XDG_RUNTIME_DIR/app:/app -v \$HOME/.cache:/cache -v /run/user/1000/app:/a IMAGE"
