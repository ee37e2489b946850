#!/bin/sh
set -eu
docker run --pid=host registry.example.com/app:1
