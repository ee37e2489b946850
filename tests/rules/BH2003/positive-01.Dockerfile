FROM docker:27-cli
ENV DOCKER_HOST=tcp://docker:2375
