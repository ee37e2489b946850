#!/bin/sh
set -eu
docker run --net host registry.example.com/app:1
