#!/bin/sh
set -eu
docker run --rm alpine
