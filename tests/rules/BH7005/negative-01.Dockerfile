FROM alpine:3.20
RUN --network=none make test
RUN --network=default apk add --no-cache curl
