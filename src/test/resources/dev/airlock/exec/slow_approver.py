# An approver that waits: `slow_approver.py SOCKET LOG GO`. For each request it appends "asked" to LOG,
# waits until the file GO exists, then approves. A test changes the world in between.
import json
import os
import socket
import sys
import time

path, log, go = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(os.path.dirname(path), exist_ok=True)
if os.path.exists(path):
    os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(4)
with open(log, "a") as f:
    f.write("pid %d\n" % os.getpid())
while True:
    conn, _ = s.accept()
    line = conn.makefile("r").readline()
    if not line.strip():
        conn.close()  # a probe, as a real console tolerates
        continue
    request = json.loads(line)
    with open(log, "a") as f:
        f.write("asked %s\n" % request.get("command"))
    while not os.path.exists(go):
        time.sleep(0.05)
    conn.sendall((json.dumps({"type": "decision", "id": request["id"], "decision": "approve", "scope": "once"}) + "\n").encode())
    conn.close()
