FROM alpine:3.20
# sticky world-writable directories are the /tmp convention
RUN chmod 1777 /tmp/app && chmod 0775 /app && chmod +w /app/log && chmod go-w /etc/app
COPY --chmod=644 config.yaml /etc/app/config.yaml
