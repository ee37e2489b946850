FROM alpine:3.20
LABEL RUN="podman run -d --cpus 1 --pids-limit 100 IMAGE"
