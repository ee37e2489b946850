#!/bin/sh
set -eu
docker run -v /:/host registry.example.com/app:1
