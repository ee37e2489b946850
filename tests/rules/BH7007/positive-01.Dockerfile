FROM debian:12-slim
RUN apt-get install -y libcap2-bin && setcap cap_sys_admin,cap_net_admin+ep /usr/local/bin/tool
