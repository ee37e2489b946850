FROM alpine:3.20
# ptrace with the host PID namespace reaches host processes
LABEL RUN="podman run --pid=host --cap-add CAP_SYS_PTRACE IMAGE"
