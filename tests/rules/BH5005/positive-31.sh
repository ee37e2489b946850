#!/bin/sh
set -eu
docker run --userns=host registry.example.com/app:1
