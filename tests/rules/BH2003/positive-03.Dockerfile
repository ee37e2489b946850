FROM docker:27-cli
ENV DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH=/certs/client \
    DOCKER_HOST=tcp://dind:2376
