FROM alpine:3.20
# numeric users are parsed as integers: 00 is uid 0
USER 00:app
