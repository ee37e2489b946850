FROM alpine:3.20
LABEL RUN="podman run -d -e DB_PASSWORD=hunter2hunter2 -e GH=ghp_0123456789abcdefghijABCDEFGHIJ012345 IMAGE"
