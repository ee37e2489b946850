#!/bin/sh
set -eu
docker run -d --name ci \
  -v /var/run/docker.sock:/var/run/docker.sock \
  registry.example.com/ci/agent:1.4
