FROM alpine:3.20
LABEL RUN="podman run -d -p 8080:80 -p 0.0.0.0:8443:443 -p [::]:53:53/udp -p 9000 IMAGE"
LABEL INSTALL="docker run -dP IMAGE"
