FROM alpine:3.20
RUN --security=sandbox make
RUN --network=none make test
