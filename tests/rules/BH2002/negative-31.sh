#!/bin/sh
set -eu
podman run -p 8080:80 registry.example.com/proxy:1
