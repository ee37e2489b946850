FROM alpine:3.20
RUN chmod 777 /app
RUN mkdir -p /data && chmod -R a+w /data
RUN mkdir -m 0777 /cache
COPY --chmod=666 config.yaml /etc/app/config.yaml
