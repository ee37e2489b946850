#!/bin/sh
# Start the development stack by hand (problems on purpose: see
# examples/README.md).
set -eu

IMAGE="${IMAGE:-registry.example.com/acme/devbox:2024.1}"

docker run -d --name devbox \
    --privileged \
    --net=host \
    -v /var/run/docker.sock:/var/run/docker.sock \
    -e DOCKER_HOST=tcp://127.0.0.1:2375 \
    "$IMAGE"

# the database, done right
docker run -d --name db --read-only --cap-drop ALL --user 999:999 \
    --security-opt no-new-privileges --memory 512m \
    -p 127.0.0.1:5432:5432 docker.io/library/postgres:17.2
