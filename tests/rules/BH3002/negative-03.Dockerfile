FROM alpine:3.20
# explicitly root is BH3001, not this rule
USER root
