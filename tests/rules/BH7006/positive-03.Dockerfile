FROM debian:12-slim AS base
ONBUILD RUN chmod g+s /usr/local/bin/reporter
