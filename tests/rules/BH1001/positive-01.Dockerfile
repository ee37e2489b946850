# no tag at all means :latest
FROM debian AS base
RUN apt-get update

# the ':' belongs to the registry port, so this has no tag either
FROM registry.example.com:5000/team/builder AS build
RUN make

FROM ubuntu:latest
COPY --from=build /out /usr/local/bin/
