#!/bin/sh
set -eu
docker run --user=10001 registry.example.com/app:1
