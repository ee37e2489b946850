#!/bin/sh
set -eu
docker run --sysctl net.ipv4.ip_unprivileged_port_start=0 registry.example.com/app:1
