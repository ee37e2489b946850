FROM alpine:3.20
LABEL RUN="podman run -d --security-opt no-new-privileges IMAGE"
LABEL INSTALL="docker run --security-opt=no-new-privileges:true IMAGE"
LABEL UNINSTALL="docker run --security-opt no-new-privileges=1 IMAGE"
