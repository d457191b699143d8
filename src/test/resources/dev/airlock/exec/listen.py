# A listener an escaping command would try to reach: `listen.py tcp|unix|abstract ADDRESS LOG`.
# Prints "ready" once bound; appends "accepted" to LOG for every connection, so a test checks by
# state, not by the exit status of the attempt.
import os
import socket
import sys

kind, address, log = sys.argv[1], sys.argv[2], sys.argv[3]
if kind == "tcp":
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    address = str(s.getsockname()[1])
else:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if kind == "abstract":
        s.bind("\0" + address)
    else:
        if os.path.exists(address):
            os.unlink(address)
        s.bind(address)
s.listen(16)
print("ready " + address, flush=True)
while True:
    conn, _ = s.accept()
    with open(log, "a") as f:
        f.write("accepted\n")
    conn.close()
