FROM alpine:3.20
LABEL maintainer="ops@example.com" \
      INSTALL="docker run --rm --privileged=true IMAGE /install.sh"
