FROM alpine:3.20
LABEL RUN="podman run --cap-add=SYS_PTRACE --cap-add net_raw IMAGE"
