#!/usr/bin/env python3
"""Save-to-reload-event latency of `jaarverslag serve`.

Appends a space to a report, timestamps the write, and waits for the `reload` event on the
live-reload stream. Restores the file byte for byte at the end (also on failure)."""
import socket, sys, time, statistics, hashlib, pathlib

port, base, report = int(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 20

original = report.read_bytes()
digest = hashlib.sha256(original).hexdigest()

def open_stream():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {base}__jaarverslag/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    s.settimeout(5)
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    return s, buf.split(b"\r\n\r\n", 1)[1]

def wait_reload(s, buf):
    while b"event: reload\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("stream closed")
        buf += chunk
    # drop everything up to the end of that event
    rest = buf.split(b"event: reload\n", 1)[1]
    return rest.split(b"\n\n", 1)[1] if b"\n\n" in rest else b""

def drain(s, seconds):
    """Reads (and counts) events for a while: a second rebuild would show here."""
    s.settimeout(seconds)
    extra = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            extra += chunk
    except socket.timeout:
        pass
    s.settimeout(5)
    return extra.count(b"event: reload")

times = []
extra_reloads = 0
s, buf = open_stream()
try:
    for i in range(edits):
        with open(report, "ab") as f:
            f.write(b" ")
            f.flush()
            t0 = time.perf_counter()
        buf = wait_reload(s, buf)
        times.append((time.perf_counter() - t0) * 1000)
        extra_reloads += drain(s, 0.25)
        buf = b""
finally:
    report.write_bytes(original)
    assert hashlib.sha256(report.read_bytes()).hexdigest() == digest, "restore failed"
    time.sleep(0.3)

times.sort()
q = statistics.quantiles(times, n=4)
print(f"edits: {len(times)}  median: {statistics.median(times):.1f} ms  "
      f"min: {times[0]:.1f}  p25: {q[0]:.1f}  p75: {q[2]:.1f}  max: {times[-1]:.1f} ms  "
      f"extra reloads: {extra_reloads}")
print("all (ms):", " ".join(f"{t:.0f}" for t in times))
