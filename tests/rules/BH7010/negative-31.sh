#!/bin/sh
set -eu
docker run -e AWS_SECRET_ACCESS_KEY registry.example.com/app:1
