FROM alpine:3.20
LABEL RUN="podman run -d --device /dev/sda --device=/dev/fuse:rwm --device /dev/kmsg:/dev/kmsg:r IMAGE"
