#!/bin/sh
set -eu
podman run --ipc host registry.example.com/app:1
