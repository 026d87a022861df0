#!/usr/bin/env python3
"""Times the real `gitops` binary against its floors, measured side by side in one run.

Every figure is printed with the floor it is compared with and the ratio of the two:

  record          `gitops telemetry record` vs `gitops --version` of the same build, with 0,
                  10 000 and 1 000 000 events pending, and with CHECKPOINT_DISABLE=1; the
                  slowest of 1 000 records with the default max_pending vs their median
  send            `gitops telemetry send` of 1 000, 10 000 and 100 000 events vs curl fetching the same
                  URL list over one kept-alive connection, against the same loopback server
  console         time to the first rows of the Pending tab, and peak memory, with 1 000 and
                  1 000 000 events pending, driven in a pseudo-terminal
  pending --json  peak memory with 100 000 events pending

Runs alternate between the command and its floor and the ratio is the median of the ratios of
each pair, so load on the machine falls on both sides alike. Nothing leaves 127.0.0.1; every
run uses its own temporary GITOPS_HOME. Needs python3, curl and GNU time (/usr/bin/time); builds the release binary.

    python3 scripts/bench.py            # everything (a few minutes)
    python3 scripts/bench.py record     # one group: record, send, console or pending
"""

import asyncio
import fcntl
import json
import os
import platform
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "gitops")


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "gitops"], cwd=ROOT, check=True)


def event_line(i, version="0.38.0"):
    return json.dumps({
        "id": f"{i:012x}", "recorded_at": "2026-11-24T12:00:00Z", "object": "get",
        "command": "app", "version": version, "os": "linux", "arch": "amd64", "attempts": 0,
        "next_attempt": None, "last_error": None,
    }, separators=(",", ":")) + "\n"


def full_config(endpoint="http://127.0.0.1:9", max_pending=1_000_000):
    """Every [telemetry] key a sending home needs: a loopback endpoint, no expiry of the fixed
    test events, no automatic sending."""
    return ('[telemetry]\nconsent = "granted"\nauto_send = false\nsignature = "random"\n'
            f'max_pending = {max_pending}\nmax_age = "3650d"\nendpoint = "{endpoint}"\n')


def enabled_config(max_pending=1_000_000, consent="granted"):
    """What `gitops telemetry enable` writes (`disable` with consent "denied", nothing before
    either with None), with no sender started (`auto_send = false`) and room for every event
    (`max_pending`), so that `record` only records."""
    line = f'consent = "{consent}"\n' if consent else ""
    return f'[telemetry]\n{line}auto_send = false\nmax_pending = {max_pending}\n'


def make_home(pending, endpoint="http://127.0.0.1:9", max_pending=1_000_000, extra="", config=None):
    """A home with consent granted, no automatic sending and `pending` queued events; the
    config is `full_config` unless given."""
    home = tempfile.mkdtemp(prefix="gitops-bench-")
    with open(os.path.join(home, "config.toml"), "w") as f:
        f.write((config or full_config(endpoint, max_pending)) + extra)
    subprocess.run([BIN, "telemetry", "id", "show"], env=env_for(home), stdout=subprocess.DEVNULL, check=True)
    data = os.path.join(home, "data")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(data, "pending.jsonl"), "w") as f:
        chunk = []
        for i in range(pending):
            chunk.append(event_line(i))
            if len(chunk) == 10_000:
                f.write("".join(chunk))
                chunk = []
        f.write("".join(chunk))
    os.chmod(os.path.join(data, "pending.jsonl"), 0o600)
    return home


def env_for(home, **more):
    env = {"PATH": os.environ.get("PATH", ""), "GITOPS_HOME": home, "HOME": home}
    env.update(more)
    return env


def run_timed(argv, env):
    """Wall time of one run, spawned without a shell; output discarded. (The rusage's peak
    memory would count this process's own, so memory is measured by `peak_kib`.)"""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ])
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {' '.join(argv)} failed")
    return elapsed, None


def paired(cmd, floor, runs, prepare=None):
    """Median times of `cmd` and `floor` over alternating runs, and the median of the ratios."""
    a, b, ratios = [], [], []
    for _ in range(runs):
        if prepare:
            prepare()
        tc, _ = run_timed(*cmd)
        tf, _ = run_timed(*floor)
        a.append(tc)
        b.append(tf)
        ratios.append(tc / tf)
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def show(what, value, floor_name, floor, ratio, unit="ms"):
    print(f"  {what:<46} {value:9.2f} {unit}   {floor_name} {floor:9.2f} {unit}   ratio {ratio:5.2f}")


def bench_record():
    print("record (median of alternating runs; the floor is `gitops --version`)")
    # A command v0.38.0 had, with a flag and its value: recorded as ("create", "dashboard").
    argv_record = [BIN, "telemetry", "record", "--cli-version", "0.38.0", "--",
                   "create", "dashboard", "ww-gitops", "--namespace", "flux-system"]
    version = [BIN, "--version"]

    def keeping_size(queue):
        """A `prepare` that keeps the queue at its size (record appends one line a run), and
        fails the run when a record queued nothing: a line that is not recorded cannot pass
        for a fast record."""
        size = os.path.getsize(queue)
        first = [True]

        def trim():
            if not first[0] and os.path.getsize(queue) <= size:
                sys.exit("bench: record did not queue its event")
            first[0] = False
            with open(queue, "r+b") as f:
                f.truncate(size)
        return trim

    # (what, pending events, config, more environment, runs, whether it queues an event)
    cases = [(f"record, {n:>9,} pending", n, enabled_config(), {}, 300 if n < 1_000_000 else 150,
              True) for n in (0, 10_000, 1_000_000)]
    cases += [
        ("record, no config file (undecided, defaults)", 0, None, {}, 300, True),
        ("record, consent undecided (queued)", 0, enabled_config(consent=None), {}, 300, True),
        ("record, consent denied (not queued)", 0, enabled_config(consent="denied"), {}, 300, False),
        ("record, every [telemetry] key set", 0, full_config(), {}, 300, True),
        ("record with CHECKPOINT_DISABLE=1", 0, enabled_config(), {"CHECKPOINT_DISABLE": "1"}, 300,
         False),
    ]
    for what, pending, config, more, runs, queues in cases:
        home = make_home(pending, config=config or enabled_config())
        if config is None:
            # A new user's: no file at all, so every default (auto_send on, no sender due).
            os.remove(os.path.join(home, "config.toml"))
        env = env_for(home, **more)
        trim = keeping_size(os.path.join(home, "data", "pending.jsonl")) if queues else None
        t, f, r = paired((argv_record, env), (version, env), runs, trim)
        show(what, t * 1e3, "--version", f * 1e3, r)
        shutil.rmtree(home)
    # The slowest of 1 000 records with the default max_pending (1 000), starting full so that
    # the queue grows past its limit and records start the compaction; `--version`, run
    # alternately, shows how slow the slowest run of anything is on this machine.
    home = make_home(1000, config=enabled_config(max_pending=1000))
    env = env_for(home)
    records, versions = [], []
    for _ in range(1000):
        records.append(run_timed(argv_record, env)[0])
        versions.append(run_timed(version, env)[0])
    for what, times in (("slowest of 1 000 records (max_pending 1 000)", records),
                        ("slowest of 1 000 --version, alternating", versions)):
        show(what, max(times) * 1e3, "median", statistics.median(times) * 1e3,
             max(times) / statistics.median(times))
    show("  the slowest record vs the slowest --version", max(records) * 1e3, "--version",
         max(versions) * 1e3, max(records) / max(versions))
    shutil.rmtree(home)
    # The record that starts the compaction, on its own: a queue past its limit, then (once
    # the compaction is done) the same queue within it, alternately, 60 times each.
    home = make_home(2000, config=enabled_config(max_pending=1000))
    env = env_for(home)
    queue = os.path.join(home, "data", "pending.jsonl")
    with open(queue, "rb") as f:
        over = f.read()
    within = b"".join(over.splitlines(True)[:1000])
    starting, plain, spawns = [], [], []
    for _ in range(60):
        with open(queue, "wb") as f:
            f.write(over)
        starting.append(run_timed(argv_record, env)[0])
        deadline = time.time() + 5
        while os.path.getsize(queue) > len(over) * 3 // 4 and time.time() < deadline:
            time.sleep(0.01)
        if os.path.getsize(queue) > len(over) * 3 // 4:
            sys.exit("bench: the record past the limit started no compaction")
        # The compaction has put the new queue in place; its process holds the sender's lock
        # until it is done. Wait for that, and for it to exit, so nothing else runs meanwhile.
        with open(os.path.join(home, "data", "send.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
        time.sleep(0.05)
        spawns.append(spawn_time(version, env))
        with open(queue, "wb") as f:
            f.write(within)
        plain.append(run_timed(argv_record, env)[0])
    starting, plain, spawns = (statistics.median(t) for t in (starting, plain, spawns))
    show("record that starts the compaction (median of 60)", starting * 1e3, "record",
         plain * 1e3, starting / plain)
    show("  its extra time vs starting a process here", (starting - plain) * 1e3, "spawn",
         spawns * 1e3, (starting - plain) / spawns)
    shutil.rmtree(home)


def spawn_time(argv, env):
    """How long starting a process blocks its parent here (posix_spawn returns once the child
    has exec'd, as `record`'s start of a background process does); the child is then reaped."""
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ], setpgroup=0)
    elapsed = time.perf_counter() - start
    os.waitpid(pid, 0)
    return elapsed


class LoopbackServer:
    """A keep-alive HTTP/1.1 server on 127.0.0.1 answering every GET with a small checkpoint
    answer, as fast as asyncio allows, in a thread of its own."""

    BODY = b'{"product":"weave-gitops","current_version":"0.38.0","outdated":false}'
    ANSWER = (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
              + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)

    def __init__(self):
        self.requests = 0
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait()

    def _run(self):
        async def handle(reader, writer):
            buffer = b""
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                buffer += data
                while b"\r\n\r\n" in buffer:
                    _, buffer = buffer.split(b"\r\n\r\n", 1)
                    self.requests += 1
                    writer.write(self.ANSWER)
                await writer.drain()
            writer.close()

        async def main():
            server = await asyncio.start_server(handle, "127.0.0.1", 0)
            self.port = server.sockets[0].getsockname()[1]
            self.ready.set()
            await server.serve_forever()
        asyncio.run(main())


def bench_send():
    print("send (one run each, alternating, median of 3; the floor is curl with the same URLs)")
    server = LoopbackServer()
    endpoint = f"http://127.0.0.1:{server.port}"
    for n in (1_000, 10_000, 100_000):
        sends, curls = [], []
        for _ in range(3):
            home = make_home(n, endpoint=endpoint)
            env = env_for(home)
            urls = subprocess.run([BIN, "telemetry", "send", "--dry-run"], env=env,
                                  capture_output=True, text=True, check=True).stdout
            urls = [line.split(" ")[1] for line in urls.splitlines() if line.startswith("GET ")]
            assert len(urls) == n, f"dry run listed {len(urls)} requests, not {n}"
            config = os.path.join(home, "curl.txt")
            with open(config, "w") as f:
                for path in urls:
                    f.write(f'url = "{endpoint}{path}"\noutput = "/dev/null"\n')
            before = server.requests
            t, _ = run_timed([BIN, "telemetry", "send"], env)
            assert server.requests - before == n, "send did not deliver every event"
            c, _ = run_timed([shutil.which("curl"), "-s", "--config", config], env)
            sends.append(t)
            curls.append(c)
            shutil.rmtree(home)
        t, c = statistics.median(sends), statistics.median(curls)
        show(f"send of {n:>7,} events ({t / n * 1e6:.0f} µs each)", t * 1e3, "curl", c * 1e3, t / c)


def console_run(pending):
    """Seconds from start to the Pending tab's first rows, and the console's peak RSS (KiB)."""
    home = make_home(pending)
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        os.execve(BIN, [BIN, "feedback"], env_for(home, TERM="xterm-256color"))
    start = time.perf_counter()
    os.write(fd, b"3")
    seen, first_rows = b"", None
    while time.perf_counter() - start < 30:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            # A row of the table: its time column shows the fixed recording time.
            if b"2026-11-24 12:00:00" in seen:
                first_rows = time.perf_counter() - start
                break
    counted = None
    while time.perf_counter() - start < 60 and pending and counted is None:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            seen += os.read(fd, 65536)
        if f"Pending ({pending})".encode() in seen:
            counted = time.perf_counter() - start
    with open(f"/proc/{pid}/status") as f:
        peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    os.close(fd)
    shutil.rmtree(home)
    return first_rows, counted, peak


def bench_console():
    print("console in a pseudo-terminal (median of 5; the floor is the same with 1 000 pending)")
    results = {}
    for pending in (1_000, 1_000_000):
        runs = [console_run(pending) for _ in range(5)]
        rows = statistics.median(r[0] for r in runs if r[0] is not None)
        peak = max(r[2] for r in runs)
        results[pending] = (rows, peak)
        print(f"  {pending:>9,} pending: first rows {rows * 1e3:7.1f} ms, peak memory {peak / 1024:6.1f} MiB")
    (r1, p1), (r2, p2) = results[1_000], results[1_000_000]
    show("first rows, 1 000 000 pending", r2 * 1e3, "1 000", r1 * 1e3, r2 / r1)
    show("peak memory, 1 000 000 pending", p2 / 1024, "1 000", p1 / 1024, p2 / p1, unit="MiB")


def peak_kib(argv, env):
    """Peak resident memory of a run (KiB), measured by GNU time so that the parent's own
    memory is not counted in the child's."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1])


def bench_pending():
    print("pending --json peak memory (the floor is `gitops --version`)")
    home = make_home(100_000)
    env = env_for(home)
    peak = peak_kib([BIN, "telemetry", "pending", "--json"], env)
    floor = peak_kib([BIN, "--version"], env)
    show("pending --json, 100 000 pending", peak / 1024, "--version", floor / 1024, peak / floor, unit="MiB")
    shutil.rmtree(home)


GROUPS = {"record": bench_record, "send": bench_send, "console": bench_console, "pending": bench_pending}

if __name__ == "__main__":
    wanted = sys.argv[1:] or list(GROUPS)
    unknown = [w for w in wanted if w not in GROUPS]
    if unknown:
        sys.exit(f"bench: unknown group {unknown[0]!r}; the groups are {', '.join(GROUPS)}")
    if not shutil.which("curl") and "send" in wanted:
        sys.exit("bench: curl is needed for the send floor (apt install curl)")
    build()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}")
    for name in wanted:
        GROUPS[name]()
