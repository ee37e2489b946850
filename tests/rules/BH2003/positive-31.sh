#!/bin/sh
set -eu
docker run -e DOCKER_HOST=tcp://10.0.0.5:2375 registry.example.com/cli:1
