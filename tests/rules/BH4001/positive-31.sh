#!/bin/sh
set -eu
exec docker container run -it --privileged registry.example.com/app:1
