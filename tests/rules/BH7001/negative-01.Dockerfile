FROM debian:12-slim
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh \
 && echo "3f1c0e0a8b2f9d1f4e5c6b7a8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e  /tmp/i.sh" | sha256sum -c - \
 && sh /tmp/i.sh
