"""Runs the Python matching libraries on the engine's stable-marriage instances.

Used by benchmarks/peers/run.sh (see docs/Performance.md). Two modes:

  peers.py peer NAME DIR OUT.json
      Reads DIR/applications.csv (student=man, school=woman, rank, priority = the woman's
      rank of the man, 0 = best), builds peer NAME's input (not timed), times its
      men-proposing algorithm call alone, and writes {"seconds": s, "match": [woman of man
      0, 1, ...] (-1 unmatched)} to OUT.json, with the call's CPU time beside its wall-clock
      time (on a loaded machine the CPU time is the steadier of the two).

  peers.py table --bin MATCHMARKET --python VENV_PYTHON --timeout S --reps R DIR...
      For each instance directory: times `matchmarket match --timings` R times (algorithm
      time from the engine, end to end from the outside), runs every peer once in its own
      process with a timeout, checks each peer's matching against ours, prints a Markdown
      table. Crashes, timeouts and disagreements are printed as such.
"""
import csv
import json
import os
import subprocess
import sys
import time

PEERS = ["gale-shapley-algorithm", "matching-algorithms", "algmatch", "matching"]


def read_instance(d):
    """Men's lists and women's lists (both 0-based indices, best first)."""
    men, women_keyed = {}, {}
    with open(os.path.join(d, "applications.csv"), newline="") as f:
        r = csv.reader(f)
        header = next(r)
        cs, cw, cr, cp = (header.index(x) for x in ("student", "school", "rank", "priority"))
        for row in r:
            m, w, k, p = int(row[cs]), int(row[cw]), int(row[cr]), int(row[cp])
            men.setdefault(m, []).append((k, w))
            women_keyed.setdefault(w, []).append((p, m))
    n_men = max(men) + 1
    n_women = max(women_keyed) + 1
    men_lists = [[w for _, w in sorted(men.get(m, []))] for m in range(n_men)]
    women_lists = [[m for _, m in sorted(women_keyed.get(w, []))] for w in range(n_women)]
    return men_lists, women_lists


def run_peer(name, d, out):
    men, women = read_instance(d)
    n = len(men)
    match = [-1] * n
    if name == "gale-shapley-algorithm":
        import numpy as np
        from gale_shapley_algorithm.numeric import gale_shapley
        # Quirk: square complete rank matrices only, int16 (n <= 32767).
        if len(women) != n or any(len(l) != n for l in men + women):
            raise SystemExit("needs complete lists on both sides (square rank matrices)")
        mr = np.zeros((n, n), dtype=np.int16)
        wr = np.zeros((n, n), dtype=np.int16)
        for i, l in enumerate(men):
            mr[i, l] = np.arange(1, n + 1, dtype=np.int16)
        for j, l in enumerate(women):
            wr[j, l] = np.arange(1, n + 1, dtype=np.int16)
        t, c = time.perf_counter(), time.process_time()
        res = gale_shapley(mr, wr)
        secs, cpu = time.perf_counter() - t, time.process_time() - c
        match = [int(x) for x in res]
    elif name == "matching-algorithms":
        from matching_algorithms import deferred_acceptance
        mp = {i: list(l) for i, l in enumerate(men)}
        wp = {j: list(l) for j, l in enumerate(women)}
        t, c = time.perf_counter(), time.process_time()
        res = deferred_acceptance(mp, wp, men_propose=True)
        secs, cpu = time.perf_counter() - t, time.process_time() - c
        for m, w in res.items():
            match[m] = w
    elif name == "algmatch":
        from algmatch import StableMarriageProblem
        # Quirk: integer ids become "m<id>" / "w<id>"; get_stable_matching runs the algorithm
        # and then the library's own stability check (both inside the timed call).
        inst = StableMarriageProblem(dictionary={
            "men": {i: list(l) for i, l in enumerate(men)},
            "women": {j: list(l) for j, l in enumerate(women)}})
        t, c = time.perf_counter(), time.process_time()
        res = inst.get_stable_matching()
        secs, cpu = time.perf_counter() - t, time.process_time() - c
        if res is None:
            raise SystemExit("algmatch returned no stable matching")
        for m, w in res["man_sided"].items():
            if w != "":
                match[int(m[1:])] = int(w[1:])
    elif name == "matching":
        import threading
        from matching.games import StableMarriage
        # Quirk: the library recurses deeply (players refer to each other); it needs a raised
        # recursion limit and a big thread stack, or it dies of RecursionError / SIGSEGV.
        sys.setrecursionlimit(1_000_000)
        threading.stack_size(1 << 29)
        box = {}

        def work():
            try:
                game = StableMarriage.create_from_dictionaries(
                    {i: list(l) for i, l in enumerate(men)}, {j: list(l) for j, l in enumerate(women)})
                t, c = time.perf_counter(), time.process_time()
                res = game.solve(optimal="suitor")
                box["secs"], box["cpu"] = time.perf_counter() - t, time.process_time() - c
                box["res"] = {s.name: (r.name if r is not None else None) for s, r in res.items()}
            except BaseException as e:  # reported by the driver
                box["err"] = repr(e)

        th = threading.Thread(target=work)
        th.start()
        th.join()
        if "err" in box:
            raise SystemExit(box["err"])
        secs, cpu = box["secs"], box["cpu"]
        for m, w in box["res"].items():
            if w is not None:
                match[int(m)] = int(w)
    else:
        raise SystemExit(f"unknown peer {name}")
    with open(out, "w") as f:
        json.dump({"seconds": secs, "cpu_seconds": cpu, "match": match}, f)


def our_run(binary, d, reps):
    """Min algorithm seconds, min end-to-end seconds, and our matching."""
    alg, e2e = [], []
    out = os.path.join(d, "ours.csv")
    for _ in range(reps):
        t = time.perf_counter()
        p = subprocess.run(
            [binary, "match", "--mechanism", "da", "--quiet", "--timings",
             "--schools", os.path.join(d, "schools.csv"),
             "--applications", os.path.join(d, "applications.csv"), "--output", out],
            capture_output=True, text=True)
        e2e.append(time.perf_counter() - t)
        if p.returncode != 0:
            raise SystemExit(f"matchmarket failed on {d}: {p.stderr}")
        line = [l for l in p.stderr.splitlines() if l.startswith("timings: ")][-1]
        alg.append(json.loads(line[len("timings: "):])["algorithm_s"])
    match = {}
    with open(out, newline="") as f:
        r = csv.reader(f)
        next(r)
        for s, w in r:
            match[int(s)] = int(w) if w != "" else -1
    return min(alg), min(e2e), [match[i] for i in range(len(match))]


def fmt(s):
    return f"{s:.2e}" if s < 0.001 else f"{s:.4f}" if s < 1 else f"{s:.2f}"


def table(args):
    binary, py, timeout, reps, dirs = args["bin"], args["python"], args["timeout"], args["reps"], args["dirs"]
    here = os.path.abspath(__file__)
    head = ["instance", "ours: algorithm (s)", "ours: end to end (s)"]
    for p in PEERS:
        head.append(f"{p} (s)")
    head.append("peer / our algorithm")
    head.append("peer / our end to end")
    head.append("agreement")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for d in dirs:
        meta = json.load(open(os.path.join(d, "instance.json")))
        alg, e2e, ours = our_run(binary, d, reps)
        cells = [meta["label"], fmt(alg), fmt(e2e)]
        ratios, ratios_e2e, agree = [], [], []
        for p in PEERS:
            out = os.path.join(d, f"peer-{p}.json")
            if os.path.exists(out):
                os.remove(out)
            try:
                r = subprocess.run([py, here, "peer", p, d, out], capture_output=True, text=True, timeout=timeout)
            except subprocess.TimeoutExpired:
                cells.append(f"> {timeout:g} (timeout)")
                agree.append(f"{p}: timeout")
                continue
            if r.returncode != 0 or not os.path.exists(out):
                msg = (r.stderr.strip().splitlines() or ["exit %d" % r.returncode])[-1][:80]
                cells.append("crashed")
                agree.append(f"{p}: crashed ({msg})")
                continue
            res = json.load(open(out))
            cells.append(f"{fmt(res['seconds'])} (cpu {fmt(res['cpu_seconds'])})")
            ratios.append(f"{p} {res['seconds'] / alg:,.0f}x")
            ratios_e2e.append(f"{p} {res['seconds'] / e2e:,.2f}x")
            if res["match"] == ours:
                agree.append(f"{p}: equal")
            else:
                diff = sum(1 for a, b in zip(res["match"], ours) if a != b)
                agree.append(f"{p}: DIFFERS ({diff} men)")
        cells.append("; ".join(ratios) or "-")
        cells.append("; ".join(ratios_e2e) or "-")
        cells.append("; ".join(agree))
        print("| " + " | ".join(cells) + " |", flush=True)


def main():
    a = sys.argv[1:]
    if a and a[0] == "peer":
        run_peer(a[1], a[2], a[3])
    elif a and a[0] == "table":
        opts = {"timeout": 120.0, "reps": 3, "dirs": []}
        i = 1
        while i < len(a):
            if a[i] in ("--bin", "--python"):
                opts[a[i][2:]] = a[i + 1]; i += 2
            elif a[i] == "--timeout":
                opts["timeout"] = float(a[i + 1]); i += 2
            elif a[i] == "--reps":
                opts["reps"] = int(a[i + 1]); i += 2
            else:
                opts["dirs"].append(a[i]); i += 1
        table(opts)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
