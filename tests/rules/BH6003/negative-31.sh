#!/bin/sh
set -eu
podman run --security-opt label=level:s0:c100,c200 registry.example.com/app:1
