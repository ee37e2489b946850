FROM debian:12-slim
# exec form of a program that is not a shell: nothing to parse
RUN ["curl", "-fsSLo", "/tmp/x.tgz", "https://example.com/x.tgz"]
RUN ["sh", "-c", "curl -fsSLo /tmp/y.tgz https://example.com/y.tgz && echo 'abc  /tmp/y.tgz' | sha256sum -c -"]
