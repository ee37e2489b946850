FROM alpine:3.20
FORM alpine
RUN true
