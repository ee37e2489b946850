FROM alpine:3.20
LABEL RUN="podman run -d --device-cgroup-rule='c 10:200 rwm' --device-cgroup-rule='a *:* m' IMAGE"
