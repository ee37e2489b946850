FROM alpine:3.20
LABEL RUN="podman run -d -v /etc/localtime:/etc/localtime:ro -v /usr/share/zoneinfo:/usr/share/zoneinfo:ro -v /srv/app/data:/data -v /home/dev/project:/src IMAGE"
# sockets are BH2001 only
LABEL INSTALL="docker run --rm -v /var/run/docker.sock:/var/run/docker.sock -v /run:/run -v etc:/etc IMAGE"
