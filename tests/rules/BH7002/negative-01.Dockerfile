FROM alpine:3.20
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/
ADD https://github.com/moby/buildkit.git#3fa5f4a2bd5b1e6a8f4ae0a8b0ed20a3b7f8c9d1 /src
ADD vendor.tar.gz /opt/
COPY https.txt /etc/
