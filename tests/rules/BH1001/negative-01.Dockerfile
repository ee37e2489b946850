FROM debian:12.8-slim AS build
RUN true

# a stage, not an image
FROM build AS test
RUN true

FROM registry.example.com:5000/team/app:1.4.2
FROM alpine@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b
FROM scratch
COPY --from=build /etc/passwd /etc/passwd
