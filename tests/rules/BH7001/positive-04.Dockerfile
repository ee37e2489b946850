FROM debian:12-slim
# download to a file, then run it: no checksum in between
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh && sh /tmp/install.sh
RUN curl -fsSLO https://example.com/get.sh \
 && chmod +x get.sh \
 && ./get.sh
