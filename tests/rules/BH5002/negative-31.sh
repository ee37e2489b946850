#!/bin/sh
set -eu
docker run --pid=container:db registry.example.com/app:1
