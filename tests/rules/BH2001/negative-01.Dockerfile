FROM alpine:3.20
VOLUME /data /var/lib/app
# /run as a volume holds no host socket
VOLUME /run
LABEL RUN="podman run -d -v /srv/data:/data -v sockets:/var/run/docker.sock IMAGE"
