#!/bin/sh
set -eu
docker run --network=bridge registry.example.com/app:1
