#!/bin/sh
set -eu
podman run --uts=private registry.example.com/app:1
