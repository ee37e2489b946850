FROM alpine:3.20
LABEL RUN="podman run -d --sysctl net.ipv4.ip_unprivileged_port_start=80 --sysctl=kernel.shm_rmid_forced=1 --sysctl net.ipv4.tcp_rmem=4096 IMAGE"
