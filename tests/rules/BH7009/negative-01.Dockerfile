FROM debian:12-slim
RUN apt-get update && apt-get install -y sudo
RUN useradd -m -G sudo app && echo "app ALL=(ALL) NOPASSWD: ALL" > /etc/sudoers.d/app
RUN grep sudo /etc/group
