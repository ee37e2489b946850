"""The content of the main test image (three layers: plain, gzip, zstd)."""

KEY = ("-----BEGIN RSA PRIVATE KEY-----\n"
       "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
       "-----END RSA PRIVATE KEY-----\n")

LAYER1 = [
    {"name": "etc", "type": "d"},
    {"name": "etc/passwd", "data": "root:x:0:0:root:/root:/bin/sh\n"
                                   "toor:x:0:0:backdoor:/root:/bin/sh\n"
                                   "app:x:1000:1000::/home/app:/bin/sh\n"},
    {"name": "etc/shadow", "mode": 0o640,
     "data": "root:*:19000:0:99999:7:::\napp::19000:0:99999:7:::\ntoor:!:19000::::::\n"},
    {"name": "etc/sudoers", "mode": 0o440,
     "data": "# sudoers\nDefaults env_reset\nroot ALL=(ALL:ALL) ALL\n"
             "app ALL=(ALL) NOPASSWD: ALL\n"},
    {"name": "etc/os-release", "data": 'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"\n'
                                       'ID=debian\nVERSION_ID="9"\nVERSION_CODENAME=stretch\n'},
    {"name": "usr/bin/passwd", "mode": 0o4755, "data": "\x7fELF passwd"},
    {"name": "usr/local/bin/helper", "mode": 0o4755, "data": "\x7fELF helper"},
    {"name": "usr/local/bin/gone", "mode": 0o6755, "data": "\x7fELF removed later"},
    {"name": "tmp", "type": "d", "mode": 0o1777},
    {"name": "data", "type": "d", "mode": 0o777},
    {"name": "var/www/index.html", "mode": 0o666, "data": "<html></html>\n"},
    {"name": "root/.ssh/id_rsa", "mode": 0o600, "data": KEY},
    {"name": "old/secret.txt", "data": KEY},
    {"name": "opq", "type": "d"},
    {"name": "opq/a.pem", "data": KEY},
    {"name": "opq/sub/b", "mode": 0o4755, "data": "x"},
    {"name": "app/.npmrc", "data": "registry=https://registry.npmjs.org/\n"
                                   "//registry.npmjs.org/:_authToken=npm_abcdefabcdef\n"},
]

LAYER2 = [
    {"name": "old/.wh.secret.txt"},
    {"name": "usr/local/bin/.wh.gone"},
    {"name": "opq/.wh..wh..opq"},
    {"name": "opq/c", "data": "kept\n"},
    {"name": "home/app/.aws/credentials",
     "data": "[default]\naws_access_key_id = AKIAEXAMPLE\n"
             "aws_secret_access_key = abcdEXAMPLEabcdEXAMPLE\n"},
    {"name": "home/app/.docker/config.json",
     "data": '{"auths": {"registry.example.com": {"auth": "dXNlcjpwYXNz"}, '
             '"empty.example.com": {}}}'},
    {"name": "app/.env", "data": "PORT=8080\nDB_PASSWORD=hunter2\n# API_TOKEN=x\n"},
    {"name": "etc/sudoers.d/ops", "mode": 0o440,
     "data": "%ops ALL=(ALL:ALL) \\\n    NOPASSWD:ALL\n"},
]

LAYER3 = [
    {"name": "home/app/.git-credentials", "data": "https://user:s3cret@git.example.com\n"},
    {"name": "etc/passwd", "data": "root:x:0:0:root:/root:/bin/sh\n"
                                   "app:x:1000:1000::/home/app:/bin/sh\n"
                                   "toor:x:0:0:backdoor:/root:/bin/sh\n"},
]

CONFIG = {
    "config": {
        "User": "root",
        "Env": ["PATH=/usr/local/bin:/usr/bin:/bin", "AWS_SECRET_ACCESS_KEY=abcdEXAMPLEabcd"],
        "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}},
        "Labels": {"io.containers.capabilities": "SYS_ADMIN", "maintainer": "it's me"},
    },
    "history": [
        {"created_by": "/bin/sh -c #(nop) ADD file:0123 in / "},
        {"created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]", "empty_layer": True},
        {"created_by": "/bin/sh -c curl -fsSL https://get.example.com/install.sh | sh"},
        {"created_by": "RUN /bin/sh -c chmod 777 /data # buildkit"},
        {"created_by": "|1 V=1 /bin/sh -c sudo apt-get install -y tool"},
        {"created_by": "COPY app /app # buildkit"},
    ],
}

LAYERS = [(LAYER1, "none"), (LAYER2, "gzip"), (LAYER3, "zstd")]
