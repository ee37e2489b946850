FROM alpine:3.20
run echo lower-case instructions are fine
HEALTHCHECK NONE
