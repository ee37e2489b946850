#!/bin/sh
set -eu
docker run -m 256m registry.example.com/app:1
