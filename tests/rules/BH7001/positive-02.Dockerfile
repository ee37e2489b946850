FROM debian:12-slim
RUN bash -c "$(curl -fsSL https://raw.githubusercontent.com/example/tool/main/install.sh)"
RUN sh <(curl -fsSL https://example.com/i.sh)
RUN eval "$(wget -O- https://example.com/env.sh)"
