FROM alpine:3.20
EXPOSE 80
LABEL RUN="podman run -d -p 127.0.0.1:8080:80 -p [::1]:8443:443 IMAGE"
