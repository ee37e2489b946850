#!/bin/sh
set -eu
docker run registry.example.com/app:1
