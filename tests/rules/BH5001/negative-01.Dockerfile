FROM alpine:3.20
LABEL RUN="podman run -d --name db --network bridge IMAGE"
LABEL INSTALL="podman run --rm --network=container:db IMAGE"
LABEL UNINSTALL="podman run --rm --network none IMAGE"
