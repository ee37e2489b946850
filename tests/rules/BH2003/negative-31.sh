#!/bin/sh
set -eu
docker run -e DOCKER_HOST registry.example.com/cli:1
