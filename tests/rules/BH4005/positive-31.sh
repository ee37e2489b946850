#!/bin/sh
set -eu
docker run --device /dev/kmsg registry.example.com/app:1
