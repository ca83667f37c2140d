# A few short connections through the virtual service, so counters move.
import socket
for i in range(5):
    s = socket.create_connection(('10.0.1.1', 80), timeout=5)
    s.sendall(b'hello %d\n' % i)
    got = b''
    while len(got) < 8:
        d = s.recv(64)
        if not d:
            break
        got += d
    s.close()
print('burst done')
