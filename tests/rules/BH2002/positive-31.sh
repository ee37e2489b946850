#!/bin/sh
set -eu
podman run -p 2375:2375 registry.example.com/proxy:1
