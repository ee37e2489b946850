FROM alpine:3.20
# secret-looking values whatever the name
ARG GH=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
ENV DATABASE_URL=postgres://app:hunter2@db:5432/app
ENV CLOUD_ID=AKIAIOSFODNN7EXAMPLE
