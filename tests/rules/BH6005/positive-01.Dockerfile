FROM alpine:3.20
LABEL RUN="podman run -d --sysctl net.ipv4.ip_forward=1 --sysctl kernel.core_pattern=x --sysctl kernel.msgmax=65536 IMAGE"
LABEL INSTALL="docker run --rm --network=host --sysctl net.ipv4.tcp_syncookies=1 IMAGE"
