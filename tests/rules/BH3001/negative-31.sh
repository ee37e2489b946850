#!/bin/sh
set -eu
docker run -u 10001:10001 registry.example.com/app:1
