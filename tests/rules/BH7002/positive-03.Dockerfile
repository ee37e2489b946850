FROM alpine:3.20 AS base
ONBUILD ADD https://example.com/plugin.tar.gz /plugins/
