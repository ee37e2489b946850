FROM alpine:3.20
# directories that hold engine sockets are as bad as the socket
LABEL INSTALL="docker run --rm -v /:/host -v /var/run:/host-run IMAGE install"
