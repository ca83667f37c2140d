# One long-running TCP connection through the virtual service: a 32-byte
# ping every 2 ms, each echo checked. Writes its local port, a running
# count, and client.fail with the reason when the stream breaks. With a
# second argument N: after N round trips it closes its side, reads the
# server's close (EOF) and writes client.done with N.
import os, socket, sys, time
W = sys.argv[1]
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else None
def put(name, text):
    with open(f'{W}/{name}.tmp', 'w') as f:
        f.write(text)
    os.rename(f'{W}/{name}.tmp', f'{W}/{name}')
n = 0
try:
    s = socket.create_connection(('10.0.1.1', 80), timeout=3)
    put('client.port', str(s.getsockname()[1]))
    while ROUNDS is None or n < ROUNDS:
        s.sendall(b'x' * 32)
        got = b''
        while len(got) < 32:
            d = s.recv(32 - len(got))
            if not d:
                raise EOFError('connection closed by peer')
            got += d
        if got != b'x' * 32:
            raise ValueError(f'echo differs: {got!r}')
        n += 1
        if n % 10 == 0:
            put('client.count', str(n))
        time.sleep(0.002)
    s.shutdown(socket.SHUT_WR)
    if s.recv(1) != b'':
        raise ValueError('data after the last echo')
    s.close()
    put('client.done', str(n))
except Exception as e:
    put('client.fail', f'{type(e).__name__}: {e} (after {n} round trips)\n')
