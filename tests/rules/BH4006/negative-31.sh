#!/bin/sh
set -eu
docker run --read-only registry.example.com/app:1
