FROM alpine:3.20 AS base
VOLUME /run/user/1000/docker.sock

# inherited from base
FROM base
RUN true
