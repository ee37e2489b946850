FROM alpine:3.20
LABEL RUN="podman run -d --network=host IMAGE"
LABEL INSTALL="docker run --rm --net host IMAGE"
