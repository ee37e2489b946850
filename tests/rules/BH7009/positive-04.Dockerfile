FROM debian:12-slim
RUN ["sh", "-c", "apt-get update && sudo apt-get install -y make"]
RUN set -e; sh -c 'apt-get update && sudo apt-get install -y make'
