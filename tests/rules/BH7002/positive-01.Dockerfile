FROM alpine:3.20
ADD https://example.com/releases/tool-1.2.3.tar.gz /tmp/
ADD --chown=10001:10001 http://example.com/config.yaml /etc/app/config.yaml
