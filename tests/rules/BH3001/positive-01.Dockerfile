FROM debian:12-slim
RUN useradd -r app
USER root
CMD ["app"]
