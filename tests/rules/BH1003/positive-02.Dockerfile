# language images carry the distribution in the tag
FROM python:3.9-buster AS py
FROM node:16-alpine3.15 AS web
FROM golang:1.20-bullseye AS go
FROM openjdk:8-jdk-slim-stretch AS java
FROM ruby:2.7-buster
