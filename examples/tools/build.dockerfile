# escape=\
FROM alpine:3.16 AS tools
RUN --security=insecure mount -t tmpfs none /mnt
RUN --network=host apk add --no-cache libcap
RUN <<EOF
set -e
wget -qO- https://get.example.org/setup | bash
EOF
COPY --chmod=4755 helper /usr/local/bin/helper
RUN setcap cap_net_raw+ep /usr/local/bin/helper \
 && chmod u+s /usr/local/bin/ping-wrapper
USER nobody
