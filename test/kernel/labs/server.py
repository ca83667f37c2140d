# A real server for the LVS labs (runs inside a network namespace in UML):
# answers every GET on ports 80 and 23 with one line naming itself and the
# port, e.g. "rs1 192.168.100.14 port 80". Binds 0.0.0.0 so it also answers
# for a VIP configured locally (LVS-DR on lo, LVS-TUN on tunl0).
#   python3 server.py NAME
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = sys.argv[1]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"{NAME} port {self.server.server_address[1]}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


servers = [ThreadingHTTPServer(("0.0.0.0", port), Handler) for port in (80, 23)]
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
servers[0].serve_forever()
