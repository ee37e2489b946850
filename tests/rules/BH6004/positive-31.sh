#!/bin/sh
set -eu
podman run --security-opt unmask=ALL registry.example.com/app:1
