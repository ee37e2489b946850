FROM debian:12-slim AS base
ONBUILD RUN sudo chown -R app /app
