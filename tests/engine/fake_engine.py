"""A fake Docker/Podman engine for the tests: HTTP/1.1 over a unix socket
(python's http.server), answering from a table the test gives, and recording
every request's method and path so a test can assert bulkhead sent only GET.

routes: {"/containers/json": (status, body, headers) or callable(handler) -> tuple}
Paths are matched without the /vN.NN version prefix; the prefix seen is kept.
"""
import json
import os
import re
import socketserver
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler

VERSION_RE = re.compile(r"^/v[0-9][0-9.]*(/.*)$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def address_string(self):
        return "unix"

    def parse_request(self):
        ok = super().parse_request()
        if ok:
            self.server.requests.append((self.command, self.path))
        return ok

    def _answer(self):
        path = self.path
        m = VERSION_RE.match(path)
        if m:
            self.server.prefixes.append(path[: len(path) - len(m.group(1))])
            path = m.group(1)
        route = self.server.routes.get(path)
        if route is None:
            route = self.server.routes.get(path.split("?")[0])
        if callable(route):
            route = route(self)
        if route is None:
            route = (404, {"message": "no such object: " + path}, {})
        status, body, headers = (route + ({},))[:3] if len(route) == 2 else route
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Type" not in headers:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def handle(self):
        # a client that gave up (a timeout test) is not an error
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        self._answer()

    def do_HEAD(self):
        self._answer()


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class _TLSServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """HTTPS on 127.0.0.1 that requires a client certificate signed by the CA."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, tls, handler):
        super().__init__(("127.0.0.1", 0), handler)
        cert, key, ca = tls
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        ctx.load_verify_locations(ca)
        ctx.verify_mode = ssl.CERT_REQUIRED
        self.socket = ctx.wrap_socket(self.socket, server_side=True)


class FakeEngine:
    def __init__(self, path, routes, api="1.45", libpod=None, server="Docker/27.0 (linux)",
                 tls=None):
        self.path = path
        if path and os.path.exists(path):
            os.unlink(path)
        ping_headers = {"Server": server, "Content-Type": "text/plain"}
        if api is not None:
            ping_headers["Api-Version"] = api
        if libpod:
            ping_headers["Libpod-Api-Version"] = libpod
        routes = dict(routes)
        routes.setdefault("/_ping", (200, "OK", ping_headers))
        self.srv = _TLSServer(tls, _Handler) if tls else _Server(path, _Handler)
        self.port = self.srv.server_address[1] if tls else None
        self.srv.routes = routes
        self.srv.requests = []
        self.srv.prefixes = []
        self.thread = threading.Thread(target=self.srv.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self):
        return self.srv.requests

    @property
    def prefixes(self):
        return self.srv.prefixes

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()
        if self.path and os.path.exists(self.path):
            os.unlink(self.path)


def stall(seconds):
    def f(handler):
        time.sleep(seconds)
        return (200, [])
    return f
