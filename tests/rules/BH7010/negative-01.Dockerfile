FROM alpine:3.20
LABEL RUN="podman run -d -e DB_PASSWORD -e API_TOKEN=\${API_TOKEN} -e DB_PASSWORD_FILE=/run/secrets/db --env-file ./secret.env -e LOG_LEVEL=debug IMAGE"
