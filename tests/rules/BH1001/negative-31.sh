#!/bin/sh
set -eu
docker run --rm alpine:3.21
