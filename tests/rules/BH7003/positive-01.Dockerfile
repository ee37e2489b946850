FROM node:22-slim
ARG NPM_TOKEN
ARG GITHUB_TOKEN=
ENV DB_PASSWORD=changeme
ENV apiKey=placeholder
