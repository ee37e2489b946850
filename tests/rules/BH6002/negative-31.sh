#!/bin/sh
set -eu
docker run --security-opt apparmor=docker-default registry.example.com/app:1
