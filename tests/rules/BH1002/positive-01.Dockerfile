FROM debian:12.8-slim AS build
RUN make

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
