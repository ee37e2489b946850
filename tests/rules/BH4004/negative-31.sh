#!/bin/sh
set -eu
docker run --security-opt no-new-privileges registry.example.com/app:1
