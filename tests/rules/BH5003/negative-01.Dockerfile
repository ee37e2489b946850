FROM alpine:3.20
LABEL RUN="docker run -d --ipc=shareable IMAGE"
