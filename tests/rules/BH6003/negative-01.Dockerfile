FROM alpine:3.20
LABEL RUN="podman run -d --security-opt label=type:container_t --security-opt label=level:s0:c1,c2 IMAGE"
