#!/bin/sh
set -eu
docker run --security-opt no-new-privileges=false registry.example.com/app:1
