FROM alpine:3.20
USER app
LABEL RUN="podman run -d --user=0:0 IMAGE" \
      INSTALL="docker run --rm -u root IMAGE /install"
