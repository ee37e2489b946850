#!/bin/sh
set -eu
docker run --privileged=false registry.example.com/app:1
echo "docker run --privileged"
