#!/bin/sh
set -eu
podman run --userns=keep-id registry.example.com/app:1
