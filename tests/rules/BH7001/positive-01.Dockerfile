FROM debian:12-slim
RUN apt-get update && apt-get install -y curl && curl -fsSL https://get.example.com | sh
RUN wget -qO- https://example.com/install.sh | sudo bash -s -- --yes
RUN curl -s https://example.com/setup.py | python3 -
