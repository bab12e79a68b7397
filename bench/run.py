"""Runs Nashir's benchmarks (called by bench/run after building); prints a report.

Everything runs in one process tree on this machine, nginx and Nashir one after the
other for each page, so their ratio holds on a noisy machine.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NASHIR = ROOT / "target/release/nashir"
CORPUS = ROOT / "target/release/corpus"
REFERENCE = ROOT / "demo/000_a879635638002103.txt"
SECTIONS = [
    ("politics", "سياسة"), ("economy", "اقتصاد"), ("sport", "رياضة"),
    ("society", "مجتمع"), ("technology", "علوم وتقنية"), ("culture", "ثقافة"),
]

SMOKE = "--smoke" in sys.argv
N = int(os.environ.get("N", 1000 if SMOKE else 100_000))
DURATION = int(os.environ.get("DURATION", 3 if SMOKE else 15))
CONNECTIONS = int(os.environ.get("CONNECTIONS", 32))
NASHIR_PORT, NGINX_PORT = 18180, 18181


def log(msg):
    print(f"bench: {msg}", flush=True)


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], check=True, **kw)


def get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def to_ms(value):
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    if not m:
        raise ValueError(value)
    n = float(m.group(1))
    return {"us": n / 1000, "ms": n, "s": n * 1000}[m.group(2)]


def wrk(url):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency",
         "-H", "Accept-Encoding: gzip", url],
        check=True, capture_output=True, text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": to_ms(pct["50"]),
        "p99": to_ms(pct["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def main():
    work = Path(tempfile.mkdtemp(prefix="nashir-bench-"))
    os.chmod(work, 0o755)
    data = work / "data"
    servers = []
    try:
        results = {"n": N, "duration_s": DURATION, "connections": CONNECTIONS}

        log(f"generating {N} articles")
        run(CORPUS, N, work / "corpus")

        log("importing through `nashir import`")
        started = time.perf_counter()
        ref = run(NASHIR, "--data", data, "import", REFERENCE, capture_output=True, text=True).stdout
        for slug, name in SECTIONS:
            run(NASHIR, "--data", data, "section", slug, name, stdout=subprocess.DEVNULL)
            run(NASHIR, "--data", data, "import", "--section", slug, work / "corpus" / slug,
                stdout=subprocess.DEVNULL)
        import_s = time.perf_counter() - started
        results["import_per_s"] = (N + 1) / import_s
        log(f"imported {N + 1} articles in {import_s:.1f} s = {results['import_per_s']:.0f}/s")

        started = time.perf_counter()
        run(NASHIR, "--data", data, "reindex", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results["reindex_s"] = time.perf_counter() - started

        log("cold start")
        server_log = open(work / "nashir.log", "w")
        started = time.perf_counter()
        nashir = subprocess.Popen(
            [NASHIR, "--data", data, "--listen", f"127.0.0.1:{NASHIR_PORT}", "serve"],
            stdout=subprocess.DEVNULL, stderr=server_log,
        )
        servers.append(nashir)
        while True:
            try:
                if get(NASHIR_PORT, "/")[0] == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() - started > 30:
                raise SystemExit("nashir did not start; see " + str(work / "nashir.log"))
            time.sleep(0.001)
        results["cold_start_ms"] = (time.perf_counter() - started) * 1000
        time.sleep(1)
        results["rss_rest_mb"] = rss_mb(nashir.pid)

        article = urllib.parse.quote(ref.split("\t")[1].strip())
        pages = {"article": article, "front": "/", "section": "/ar/section/economy"}
        static = work / "static"
        static.mkdir()
        for name, path in pages.items():
            status, headers, body = get(NASHIR_PORT, path, {"Accept-Encoding": "gzip"})
            if status != 200 or headers.get("content-encoding") != "gzip":
                raise SystemExit(f"{path}: {status} {headers}")
            (static / f"{name}.html.gz").write_bytes(body)
            (static / f"{name}.html").write_bytes(gzip.decompress(body))
            results[f"{name}_bytes"] = len(gzip.decompress(body))
            results[f"{name}_gzip_bytes"] = len(body)

        (work / "nginx.conf").write_text(f"""
user root;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    gzip_static on;
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        root {static};
        etag on;
    }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf"), "-g", "daemon off;"])
        servers.append(nginx)
        time.sleep(0.5)

        peak = [results["rss_rest_mb"]]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(nashir.pid))
                time.sleep(0.05)

        for name, path in pages.items():
            log(f"{name}: nginx, then nashir ({DURATION} s, {CONNECTIONS} connections each)")
            ceiling = wrk(f"http://127.0.0.1:{NGINX_PORT}/{name}.html")
            sampler = threading.Thread(target=sample)
            sampler.start()
            ours = wrk(f"http://127.0.0.1:{NASHIR_PORT}{path}")
            stop.set()
            sampler.join()
            stop.clear()
            results[name] = {"nginx": ceiling, "nashir": ours, "ratio": ours["rps"] / ceiling["rps"]}
        results["rss_load_mb"] = peak[0]

        report(results)
        (work / "results.json").write_text(json.dumps(results, indent=2))
        shutil.copy(work / "results.json", ROOT / "target/bench-results.json")
        log(f"results: {ROOT / 'target/bench-results.json'}")
        return 0
    finally:
        # SIGTERM lets nginx take its workers down with it (SIGKILL would orphan them).
        for s in servers:
            if s.poll() is None:
                s.terminate()
        for s in servers:
            try:
                s.wait(timeout=10)
            except subprocess.TimeoutExpired:
                s.kill()
        if os.environ.get("KEEP"):
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(r):
    rows = []
    print()
    print(f"N = {r['n']} articles, {r['connections']} connections, {r['duration_s']} s per test, "
          f"Accept-Encoding: gzip; nginx serves the same gzip bytes (gzip_static)")
    print(f"{'page':<8} {'server':<7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for page in ("article", "front", "section"):
        for server in ("nginx", "nashir"):
            m = r[page][server]
            print(f"{page:<8} {server:<7} {m['rps']:>9.0f} {m['p50']:>8.2f} {m['p99']:>8.2f} {m['errors']:>8}")
        print(f"{page:<8} ratio   {r[page]['ratio']:>9.2f} (page {r[page + '_bytes']} B, gzip {r[page + '_gzip_bytes']} B)")
    a = r["article"]
    targets = [
        ("article throughput >= 50% of nginx", a["ratio"] >= 0.5, f"{a['ratio']:.0%}"),
        ("article p99 <= 2x nginx p99", a["nashir"]["p99"] <= 2 * a["nginx"]["p99"],
         f"{a['nashir']['p99']:.2f} ms vs {a['nginx']['p99']:.2f} ms"),
        ("front page throughput >= 30% of nginx", r["front"]["ratio"] >= 0.3, f"{r['front']['ratio']:.0%}"),
        ("memory under load < 100 MB", r["rss_load_mb"] < 100,
         f"{r['rss_load_mb']:.1f} MB (at rest {r['rss_rest_mb']:.1f} MB)"),
        ("cold start < 200 ms", r["cold_start_ms"] < 200, f"{r['cold_start_ms']:.0f} ms"),
        ("import >= 2000 articles/s", r["import_per_s"] >= 2000, f"{r['import_per_s']:.0f}/s"),
    ]
    print()
    if SMOKE:
        print("(smoke run: the targets are for the full run at 100,000 articles; shown for reference)")
    for name, ok, figure in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {figure}")
    print(f"info  search index rebuild: {r['reindex_s']:.1f} s")
    r["targets"] = [{"target": n, "pass": ok, "figure": f} for n, ok, f in targets]


if __name__ == "__main__":
    sys.exit(main())
