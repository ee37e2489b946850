#!/bin/sh
set -eu
docker run --cap-drop=ALL registry.example.com/app:1
