#!/bin/sh
set -eu
nerdctl run --cap-add=SYS_ADMIN --cap-add net_admin registry.example.com/app:1
