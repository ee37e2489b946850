#!/bin/sh
set -eu
podman run --uts=host registry.example.com/app:1
