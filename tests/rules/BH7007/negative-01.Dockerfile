FROM debian:12-slim
RUN setcap -r /usr/bin/ping
RUN getcap -r / 2>/dev/null || true
