FROM docker:27-cli
ENV DOCKER_HOST=unix:///run/user/1000/docker.sock
ENV CONTAINER_HOST=ssh://core@host/run/podman/podman.sock
ENV DOCKER_HOST_URL=tcp://example:2375
