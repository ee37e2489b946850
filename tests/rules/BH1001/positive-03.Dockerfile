FROM golang:1.22 AS build
RUN go build -o /app .

FROM gcr.io/distroless/static-debian12:nonroot
# COPY --from an image pulls that image too
COPY --from=busybox:latest /bin/busybox /busybox
COPY --from=build /app /app
