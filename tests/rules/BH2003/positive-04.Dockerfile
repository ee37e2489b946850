FROM docker:27-cli
# no port: the client uses 2375 without TLS
ARG DOCKER_HOST=tcp://build-engine
