FROM alpine:3.20
LABEL RUN="docker run -d --security-opt apparmor=docker-default IMAGE"
