#!/bin/sh
set -eu
docker run -e AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY registry.example.com/app:1
