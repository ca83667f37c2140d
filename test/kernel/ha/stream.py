# Long-lived TCP streams for the two-director lab (runs inside network
# namespaces in user-mode Linux, started by test/kernel/ha/driver.mjs).
#
#   python3 stream.py server NAME PORT
#       Echo server on 0.0.0.0:PORT (so it answers for a VIP on lo, LVS-DR):
#       every line "N" is answered with "NAME N". Health checks that connect
#       and close are fine.
#   python3 stream.py client HOST PORT OUT [--interval S] [--burst N]
#       Connects to HOST:PORT, then sends 1, 2, 3, ... one line every S
#       seconds (default 0.1) and reads each answer. With --burst N it sends
#       N lines, then waits until the file OUT.resume exists before going on.
#       It stops when the file OUT.stop exists, after 240 s, or at the first
#       error. Every answer is appended to OUT.log ("t_ms seq server"); the
#       summary (JSON) goes to OUT when it stops: answers, whether every
#       answer echoed the line just sent (in order), the servers seen, the
#       longest silence between two answers and when it ended, the local
#       port, and the error (e.g. ECONNRESET) if there was one. Times are
#       milliseconds since the client started; t0 is its start on the
#       monotonic clock (ms), the clock node's process.hrtime reads too.
import json
import os
import socket
import sys
import threading
import time


def server(name, port):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(64)

    def serve(conn):
        with conn:
            f = conn.makefile("rwb", buffering=0)
            try:
                for line in f:
                    conn.sendall(f"{name} {line.decode().strip()}\n".encode())
            except OSError:
                pass

    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


def client(host, port, out, interval, burst):
    t0 = time.monotonic()
    now = lambda: round((time.monotonic() - t0) * 1000)
    res = {"t0": round(t0 * 1000), "answers": 0, "inOrder": True, "servers": [], "maxGapMs": 0, "gapEndMs": 0,
           "error": None, "errno": None, "localPort": None, "sent": 0}
    log = open(out + ".log", "a", buffering=1)
    sock = None
    try:
        sock = socket.create_connection((host, port), timeout=30)
        res["localPort"] = sock.getsockname()[1]
        log.write(f"{now()} connected {res['localPort']}\n")
        f = sock.makefile("rb")
        last = None
        seq = 0
        while not os.path.exists(out + ".stop") and time.monotonic() - t0 < 240:
            if burst and seq >= burst and not os.path.exists(out + ".resume"):
                time.sleep(0.05)
                continue
            seq += 1
            sock.sendall(f"{seq}\n".encode())
            res["sent"] = seq
            line = f.readline()
            if not line:
                raise ConnectionError("connection closed by peer")
            t = now()
            who, _, n = line.decode().strip().partition(" ")
            if n != str(seq):
                res["inOrder"] = False
            if who not in res["servers"]:
                res["servers"].append(who)
            if last is not None and t - last > res["maxGapMs"]:
                res["maxGapMs"], res["gapEndMs"] = t - last, t
            last = t
            res["answers"] += 1
            log.write(f"{t} {seq} {who}\n")
            time.sleep(interval)
    except OSError as e:
        res["error"] = f"{type(e).__name__}: {e}"
        res["errno"] = getattr(e, "errno", None)
        log.write(f"{now()} error {res['error']}\n")
    finally:
        if sock:
            sock.close()
    res["ms"] = now()
    with open(out + ".tmp", "w") as fh:
        json.dump(res, fh)
    os.rename(out + ".tmp", out)


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[0] == "server":
        server(a[1], int(a[2]))
    else:
        opts = dict(zip(a[4::2], a[5::2]))
        client(a[1], int(a[2]), a[3], float(opts.get("--interval", "0.1")), int(opts.get("--burst", "0")))
