#!/usr/bin/env python3
"""Start-up on an empty plugin cache: time from spawning `tgmcp serve --demo` to its
first /health answer, and to the "listening" line (plugins loaded).

Usage: bench/startup.py target/debug/tgmcp   (or a release build)"""
import subprocess, time, tempfile, urllib.request, re, sys, os
cache = tempfile.mkdtemp(); plugins = tempfile.mkdtemp()
t0 = time.time()
p = subprocess.Popen([sys.argv[1], "serve", "--demo", "--host", "127.0.0.1", "--port", "0", "--plugins-dir", plugins],
    env={**os.environ, "TGMCP_CACHE_DIR": cache, "RUST_LOG": "info"}, stderr=subprocess.PIPE, text=True)
addr = None
for line in p.stderr:
    m = re.search(r"addr=(\S+)", line)
    if m: addr = m.group(1); break
while True:
    try:
        urllib.request.urlopen(f"http://{addr}/health", timeout=5); code = 200
    except urllib.error.HTTPError as e: code = e.code
    except Exception: time.sleep(0.01); continue
    break
t1 = time.time()
for line in p.stderr:
    if "tgmcp listening" in line: break
t2 = time.time()
print(f"first /health answer ({code}) {t1-t0:.2f} s; plugins loaded {t2-t0:.2f} s")
p.kill()
