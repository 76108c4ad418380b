#!/usr/bin/env python3
"""Times a command over several runs (wall clock, peak RSS via wait4). Prints one JSON line.

Usage: measure.py RUNS LABEL [--setup SHELL_COMMAND] [--ok-exit CODE] -- COMMAND...
--setup runs before every run, untimed (e.g. removing the previous run's output).
--ok-exit also accepts this exit code (a check that reports findings exits 1).
"""
import json
import os
import statistics
import subprocess
import sys
import time


def main():
    runs, label = int(sys.argv[1]), sys.argv[2]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    setup = None
    if "--setup" in sys.argv[:sys.argv.index("--")]:
        setup = sys.argv[sys.argv.index("--setup") + 1]
    head = sys.argv[:sys.argv.index("--")]
    ok = {0}
    if "--ok-exit" in head:
        ok.add(int(head[head.index("--ok-exit") + 1]))
    walls, rss = [], []
    for _ in range(runs + 1):  # the first run warms the page cache and is not counted
        if setup:
            subprocess.run(["sh", "-c", setup], check=True)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in ok:
            sys.exit("measure: %s failed" % " ".join(cmd))
        walls.append(wall)
        rss.append(usage.ru_maxrss / 1024.0)
    walls, rss = walls[1:], rss[1:]
    print(json.dumps({"label": label, "runs": runs, "wall_min_s": round(min(walls), 4),
                      "wall_median_s": round(statistics.median(walls), 4),
                      "peak_rss_mb": round(max(rss), 1)}))


if __name__ == "__main__":
    main()
