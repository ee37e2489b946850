FROM alpine:3.20
# swarm's cluster port, udp, and neighbours
EXPOSE 2377 2375/udp 2374 23750
