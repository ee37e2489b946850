FROM debian:12-slim
# exec form running a shell: the -c string is a script
RUN ["sh", "-c", "curl -fsSL https://example.com/install.sh | sh"]
RUN ["/bin/bash", "-ec", "wget -qO- https://example.com/i.sh | bash -s -- --yes"]
# a verbatim sh -c string: the finding points at the command inside it
RUN apt-get update && bash -c 'curl -fsSL https://example.com/x.sh | sh'
ONBUILD RUN <<EOF
set -eu
curl -fsSL https://example.com/hook.sh | sh
EOF
