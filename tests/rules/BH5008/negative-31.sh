#!/bin/sh
set -eu
docker run -d -p 127.0.0.1:8080:80 registry.example.com/app:1
