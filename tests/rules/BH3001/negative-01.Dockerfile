FROM golang:1.22 AS build
# builder stages may run as root: they are not the image that runs
USER root
RUN go build -o /app .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
USER 65532:65532
