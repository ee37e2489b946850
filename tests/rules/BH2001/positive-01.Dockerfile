FROM docker:27-cli
# the image expects the host's socket to be mounted here
VOLUME /var/run/docker.sock
VOLUME /data /run/containerd/containerd.sock
VOLUME ["/run/podman/podman.sock"]
