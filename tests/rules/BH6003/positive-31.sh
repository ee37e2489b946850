#!/bin/sh
set -eu
podman run --security-opt label=disable registry.example.com/app:1
