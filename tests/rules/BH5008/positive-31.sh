#!/bin/sh
set -eu
docker run -d -p 8080:80 registry.example.com/app:1
