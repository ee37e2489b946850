FROM alpine:3.20
RUN cat <<E1 <<E2
one
E1
two
E2
