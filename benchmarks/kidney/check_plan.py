#!/usr/bin/env python3
"""Independent feasibility check of a kidney plan.csv against the pool it was planned for.

    check_plan.py PAIRS.csv EDGES.csv PLAN.csv K L

Checks, without the engine's code: every step of the plan is an arc of the pool; each pair's
patient receives at most once and each donor (pair or altruist) gives at most once; a cycle
of length k (2 <= k <= K) is k steps closing on its first donor, all donors pairs; a chain of
length l (1 <= l <= L) starts at an altruist and follows its recipients. Prints the number of
transplants and exits 0 when feasible, 1 (with the reason) otherwise.
"""
import csv
import sys
from collections import defaultdict


def main():
    pairs_path, edges_path, plan_path, K, L = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    altruist = {}
    with open(pairs_path, newline="") as f:
        for row in csv.DictReader(f):
            altruist[row["id"]] = row["is_altruist"].strip() in ("1", "true", "True")
    steps = defaultdict(list)
    kinds = {}
    with open(plan_path, newline="") as f:
        for row in csv.DictReader(f):
            steps[row["exchange"]].append((int(row["step"]), row["donor_id"], row["recipient_id"]))
            kinds[row["exchange"]] = (row["type"], int(row["length"]))
    needed = set()
    received, gave = set(), set()
    transplants = 0
    for ex, st in steps.items():
        st.sort()
        kind, length = kinds[ex]
        if [s for s, _, _ in st] != list(range(1, len(st) + 1)) or len(st) != length:
            fail(f"exchange {ex}: steps not 1..{length}")
        for i, (_, d, r) in enumerate(st):
            if d not in altruist or r not in altruist or altruist[r]:
                fail(f"exchange {ex}: unknown donor or recipient, or an altruist receives")
            if r in received or d in gave:
                fail(f"exchange {ex}: {r} receives twice or {d} gives twice")
            received.add(r)
            gave.add(d)
            needed.add((d, r))
            if i > 0 and st[i - 1][2] != d:
                fail(f"exchange {ex}: step {i + 1} does not continue from the previous recipient")
        if kind == "cycle":
            if not 2 <= length <= K or st[-1][2] != st[0][1] or any(altruist[d] for _, d, _ in st):
                fail(f"exchange {ex}: not a cycle of 2..{K} pairs")
        elif kind == "chain":
            if not 1 <= length <= L or not altruist[st[0][1]] or any(altruist[d] for _, d, _ in st[1:]):
                fail(f"exchange {ex}: not a chain of 1..{L} transplants from an altruist")
        else:
            fail(f"exchange {ex}: unknown type {kind}")
        transplants += length
    with open(edges_path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            needed.discard((row[0], row[1]))
    if needed:
        fail(f"{len(needed)} plan steps are not arcs of the pool, e.g. {sorted(needed)[0]}")
    print(transplants)


def fail(message):
    print("infeasible: " + message)
    sys.exit(1)


if __name__ == "__main__":
    main()
