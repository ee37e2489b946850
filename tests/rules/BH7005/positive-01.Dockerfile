FROM alpine:3.20
RUN --network=host apk add --no-cache curl
RUN --mount=type=cache,target=/root/.cache --network=host pip download -d /wheels app
