#!/bin/sh
set -eu
docker run --sysctl kernel.msgmax=65536 registry.example.com/app:1
