#!/bin/sh
set -eu
podman run --ipc private registry.example.com/app:1
