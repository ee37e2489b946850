#!/bin/sh
set -eu
sudo docker run --user 0:0 registry.example.com/app:1
