#!/bin/sh
set -eu
docker run --cap-drop ALL --cap-add NET_BIND_SERVICE registry.example.com/app:1
