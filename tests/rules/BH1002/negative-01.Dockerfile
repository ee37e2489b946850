FROM debian:12.8-slim@sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b AS build
RUN make

FROM build AS test
FROM scratch
COPY --from=build /out/app /app
