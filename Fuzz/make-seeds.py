#!/usr/bin/env python3
"""Writes the seed corpora Fuzz/Corpus/<Target>/ (small valid and near-valid inputs).

Run from the repository root: python3 Fuzz/make-seeds.py. Two-file readers take one input
split at the first line `%%` (see Fuzz/Support/FuzzInput.swift). The seeds come from
datasets/ (cut down to a few rows) and from the formats' examples in the tests.
"""
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")
SEP = "%%\n"


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def head(path, lines):
    return "".join(read(path).splitlines(keepends=True)[:lines])


def seeds(target, items):
    d = os.path.join(CORPUS, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for name, text in items.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def pair(a, b):
    return a + ("" if a.endswith("\n") else "\n") + SEP + b


# School choice: schools.csv %% applications.csv.
school = {}
for ex in ["gale-shapley-1962", "boston-manipulation", "two-stable-matchings", "school-choice-tradeoff"]:
    d = "datasets/textbook/" + ex
    school[ex] = pair(read(d + "/schools.csv"), read(d + "/applications.csv"))
school["dataset-head"] = pair(head("datasets/school-choice/schools.csv", 6), head("datasets/school-choice/applications.csv", 25).replace(",5,", ",0,"))
school["lottery"] = pair("school,capacity\nA,1\nB,2\n", "student,school,rank,priority,lottery\nx,A,1,0,3\nx,B,2,1,1\ny,B,1,0,2\ny,A,2,0,5\nz,A,1,2,4\n")
school["ungrouped"] = pair("school,capacity\nA,1\nB,1\n", "student,school,rank\ny,B,2\nx,A,1\ny,A,1\nx,B,2\n")
school["quoted-crlf-bom"] = pair("\ufeffschool,capacity\r\n\"A, north\",2\r\nB,1\r\n", "student,rank,school\r\n\"s \"\"1\"\"\",1,\"A, north\"\r\ns2,1,B\r\n")
school["near-rank-gap"] = pair("school,capacity\nA,1\nB,1\n", "student,school,rank\nx,A,1\nx,B,3\n")
school["near-unknown-school"] = pair("school,capacity\nA,1\n", "student,school,rank\nx,Z,1\n")
school["near-capacity-zero"] = pair("school,capacity\nA,0\n", "student,school,rank\nx,A,1\n")
seeds("SchoolChoiceCSV", school)

# Housing: endowments.csv %% preferences.csv.
housing = {
    "shapley-scarf": pair(read("datasets/textbook/shapley-scarf-housing/endowments.csv"), read("datasets/textbook/shapley-scarf-housing/preferences.csv")),
    "dataset-head": pair("agent,house\n0,0\n1,1\n2,2\n", "agent,house,rank\n0,1,1\n0,2,2\n1,0,1\n2,2,1\n2,1,2\n"),
    "unordered": pair("house,agent\nh2,b\nh1,a\n", "rank,agent,house\n2,a,h1\n1,a,h2\n1,b,h1\n"),
    "near-twice": pair("agent,house\na,h1\nb,h2\n", "agent,house,rank\na,h2,1\na,h2,2\n"),
    "near-unknown": pair("agent,house\na,h1\n", "agent,house,rank\nq,h1,1\n"),
}
seeds("HousingCSV", housing)

# The generic CSV reader: the first byte picks the block size and the access path.
generic = {
    "plain": b"\x05" + b"a,b,c\n1,2,3\n4,5,6\n",
    "quoted": b"\x45" + b'name,value\n"x, y","multi\nline"\n"q""r",  7 \n',
    "crlf-blank": b"\x10" + b"h1,h2\r\n\r\n1,2\r\n\r\n3,4",
    "bom-long": b"\x3f" + b"\xef\xbb\xbfid,text\n" + b"1," + b"z" * 300 + b"\n2,\"" + b"w" * 200 + b"\"\n",
    "unclosed": b"\x00" + b'a,b\n"open,1\n',
    "after-quote": b"\x41" + b'a,b\n"x"y,1\n',
    "numbers": b"\x22" + b"n,d\n-12,1.5e3\n+7,nan\n999999999999999999,-0\n",
}
seeds("CSVReader", generic)

# Kidney CSV: pairs.csv %% edges.csv.
pairs_head = head("datasets/kidney/saidman_n64_s1.pairs.csv", 9)
ids = {line.split(",")[0] for line in pairs_head.splitlines()[1:]}
edges = ["donor_id,recipient_id,weight\n"] + [l for l in read("datasets/kidney/saidman_n64_s1.edges.csv").splitlines(keepends=True)[1:] if l.split(",")[0] in ids and l.split(",")[1] in ids]
kidney = {
    "dataset-head": pair(pairs_head, "".join(edges)),
    "altruist-probability": pair(
        "id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\np1,O,A,10,0\np2,A,O,0,0\nn1,O,,,1\n",
        "donor_id,recipient_id,weight,success_probability\np1,p2,1,0.9\np2,p1,2,\nn1,p1,1,0.5\n"),
    "near-self-arc": pair("id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\np1,O,A,10,0\n", "donor_id,recipient_id,weight\np1,p1,1\n"),
}
seeds("KidneyCSV", kidney)

# PrefLib: .wmd %% .dat, both layouts.
dat = "Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist\n1,O,B,0,0.05,1,0\n2,A,O,0,0.45,1,0\n3,B,A,0,0.9,1,0\n4,,O,0,0,2,1\n"
preflib = {
    "header-layout": pair("# FILE NAME: x.wmd\n# NUMBER ALTERNATIVES: 4\n# ALTERNATIVE NAME 1: Pair 1\n1,2,1\n2,1,1\n2,3,1\n3,1,1\n4,1,1\n1,4,0\n", dat),
    "legacy-layout": pair("4\n1,Pair 1\n2,Pair 2\n3,Pair 3\n4,Altruist 1\n4,6,6\n1,2,1\n2,1,1\n2,3,1\n3,1,1\n4,1,1\n1,4,0\n", dat),
    "dataset-head": pair(head("datasets/kidney/saidman_n64_s1.wmd", 40), read("datasets/kidney/saidman_n64_s1.dat")),
    "near-into-altruist": pair("# NUMBER ALTERNATIVES: 4\n1,4,2\n", dat),
    # Regression: an empty .wmd was read as a pool without arcs (fixed in PrefLibKidney).
    "regression-empty-wmd": pair("", dat),
}
seeds("PrefLibKidney", preflib)

# kep_solver JSON.
kep = {
    "small": '{"data": {"1": {"sources": ["1"], "bloodgroup": "O",\n "matches": [{"recipient": "2", "score": 1}]},\n "2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1", "score": 2.5}]},\n "9": {"sources": [], "bloodgroup": "AB", "matches": [{"recipient": "1", "score": 1}]}},\n "recipients": {"1": {"bloodgroup": "A", "cPRA": 0.1}, "2": {"bloodgroup": "O", "cPRA": 0}}}\n',
    "numeric-ids": '{"data": {"1": {"sources": [1], "bloodgroup": "B", "matches": [{"recipient": 2, "score": 1}]}, "2": {"sources": [2], "bloodgroup": "O", "matches": [{"recipient": 1, "score": 1}]}}, "recipients": {}}',
    "dataset-head": read("datasets/kidney/saidman_n64_s1.json")[:1500],
    "near-schema": '{"schema": 2, "data": {}}',
    # Regressions: numeric ids beyond Int trapped in Int(Double) (fixed in KepSolverJSON).
    "regression-id-1e20": '{"data": {"1": {"sources": [1e20], "bloodgroup": "O", "matches": [{"recipient": -1e300, "score": 1}]}}}',
}
seeds("KepSolverJSON", kep)

# kidney_solver: .input [%% .ndds].
solver = {
    "input-only": "3\t3\n0\t1\t1\n1\t2\t1\n2\t0\t2.5\n-1\t-1\t-1\n",
    "with-ndds": pair("2 2\n0 1 1\n1 0 1\n-1 -1 -1\n", "1 2\n0 0 1\n0 1 1\n-1 -1 -1\n"),
    "dataset-head": pair("".join(read("datasets/kidney/saidman_n64_s1.input").splitlines(keepends=True)[:1]).replace("1241", "12") + "".join(read("datasets/kidney/saidman_n64_s1.input").splitlines(keepends=True)[1:13]) + "-1\t-1\t-1\n", read("datasets/kidney/saidman_n64_s1.ndds")),
    "near-count": "2\t3\n0\t1\t1\n-1\t-1\t-1\n",
    # Regression: a header announcing 10^18 pairs died allocating them (fixed in KidneySolverFormat).
    "regression-huge-count": pair("999999999999999999\t1\n0\t1\t1\n-1\t-1\t-1\n", "999999999999999999\t0\n-1\t-1\t-1\n"),
}
seeds("KidneySolverFormat", solver)

# Simulation shards, written by `matchmarket simulate run --runs-from A --runs-to B`.
shard = read("Fuzz/shard-seeds/shard-0-1.json")
shard2 = read("Fuzz/shard-seeds/shard-1-3.json")
seeds("SimulationShard", {
    "shard-0-1": shard,
    "shard-1-3-audit": shard2,
    "near-format": shard.replace("shard-1", "shard-2"),
    "near-runs": shard.replace('"runs":[0,1]', '"runs":[0,2]'),
    # Regressions: an empty file leaked in FileManager.contents (LeakSanitizer); a record whose
    # run is not the shard's, and a list length of 0, reached merge (fixed in Shards.swift).
    "regression-empty": "",
    "regression-run-number": shard.replace('"run":0', '"run":1'),
    "regression-list-length-zero": shard.replace('"listLength":10', '"listLength":0'),
})


def parts(*files):
    """Files joined by `%%` lines, for the readers of three to five files."""
    out = files[0]
    for f in files[1:]:
        out = pair(out, f)
    return out


# Roommates: preferences.csv (agent,partner,rank).
rm = "agent,partner,rank\na,b,1\na,c,2\nb,c,1\nb,a,2\nc,a,1\nc,b,2\n"
seeds("RoommatesCSV", {
    "three-odd": rm,  # Gale and Shapley's roommates instance without a stable matching
    "four-stable": "agent,partner,rank\na,b,1\na,c,2\nb,a,1\nb,d,2\nc,d,1\nc,a,2\nd,c,1\nd,b,2\n",
    "truncated-lists": "agent,partner,rank\na,b,1\nb,a,1\nc,a,1\n",
    "near-self": rm.replace("a,b,1", "a,a,1"),
    "near-rank-gap": rm.replace("a,c,2", "a,c,3"),
    "near-tie": rm.replace("a,c,2", "a,c,1"),
    "quoted-crlf": '\ufeff"agent","partner","rank"\r\n"a b","c",1\r\nc,"a b",1\r\n',
})

# Housing with tenants: houses %% endowments %% preferences [%% order].
ten = {n: read(f"datasets/housing-with-tenants/{n}.csv") for n in ["houses", "endowments", "preferences", "order"]}
seeds("TenantHousingCSV", {
    "dataset": parts(ten["houses"], ten["endowments"], ten["preferences"]),
    "dataset-order": parts(ten["houses"], ten["endowments"], ten["preferences"], ten["order"]),
    "near-unknown-house": parts(ten["houses"], ten["endowments"], ten["preferences"].replace("h4", "h9")),
    "near-rented-twice": parts(ten["houses"], ten["endowments"] + "n1,h1\n", ten["preferences"]),
    "near-order-missing": parts(ten["houses"], ten["endowments"], ten["preferences"], "agent\nn1\nt1\n"),
})

# Programs' rank lists: schools %% applications %% rankings.
rk_s = "school,capacity\nA,1\nB,1\n"
rk_a = "student,school,rank\nx,A,1\nx,B,2\ny,A,1\nz,A,1\nz,B,2\n"
rk_r = "school,student,rank\nA,z,1\nA,y,2\nA,x,5\nB,x,1\n"
seeds("RankingsCSV", {
    "dropped": parts(rk_s, rk_a, rk_r),
    "gale-shapley": parts(read("datasets/textbook/gale-shapley-1962/schools.csv"),
                          read("datasets/textbook/gale-shapley-1962/applications.csv"),
                          "school,student,rank\n"),
    "near-tied": parts(rk_s, rk_a, "school,student,rank\nA,z,1\nA,y,1\n"),
    "near-unknown": parts(rk_s, rk_a, "school,student,rank\nA,z,1\nC,y,1\n"),
})

# Residency with couples: schools %% applications %% rankings %% couples %% couple_applications.
rs = ["school,capacity\nH1,1\nH2,1\n", "student,school,rank\ns3,H1,1\ns3,H2,2\n",
      "school,student,rank\nH1,s1,1\nH1,s3,2\nH2,s3,1\nH2,s2,2\n", "couple,member_a,member_b\nc,s1,s2\n",
      "couple,school_a,school_b,rank\nc,H1,H2,1\n"]
seeds("ResidencyCSV", {
    "no-stable": parts(*rs),
    "stable": parts(rs[0], rs[1], rs[2].replace("H2,s3,1\nH2,s2,2", "H2,s2,1\nH2,s3,2"), rs[3], rs[4]),
    "one-unmatched": parts(*rs[:4], "couple,school_a,school_b,rank\nc,H1,H2,1\nc,H1,,2\n"),
    "near-both-empty": parts(*rs[:4], "couple,school_a,school_b,rank\nc,H1,H2,1\nc,,,2\n"),
    "near-member-applies": parts(*rs[:3], "couple,member_a,member_b\nc,s3,s2\n", rs[4]),
    "near-rank-repeated": parts(*rs[:4], "couple,school_a,school_b,rank\nc,H1,H2,1\nc,H1,,1\n"),
})

# Design files against the target's fixed market (students x, y, z, w; schools A, B, C).
seeds("SchoolChoiceDesigns", {
    "consent": "student,consent\nx,1\ny,0\nz,1\n",
    "types": "student,type\nx,minority\ny,majority\nw,minority\n",
    "reserves": "school,capacity,reserve,majority_quota\nA,2,1,1\nB,1,0,\nC,1,,1\n",
    "near-consent-value": "student,consent\nx,2\n",
    "near-unknown-student": "student,type\nq,minority\n",
    "near-repeated": "student,consent,type\nx,1,minority\nx,0,majority\n",
    "near-reserve-above": "school,reserve\nA,3\n",
})

# Probability matrices against the same fixed market.
seeds("RandomAssignmentCSV", {
    "ps": "student,school,probability\nx,A,0.5\nx,B,0.5\ny,B,0.5\ny,C,0.5\nz,A,1\nw,C,0.5\nw,,0.5\n",
    "with-errors": "student,school,probability,standard_error\nx,A,1,0.01\ny,B,1,0\n",
    "near-sum": "student,school,probability\nx,A,0.75\nx,B,0.5\n",
    "near-twice": "student,school,probability\nx,A,0.5\nx,A,0.5\n",
    "near-range": "student,school,probability\nx,A,1e-400\ny,B,-0\nz,A,1.0000001\n",
})

# The generic JSON reader.
seeds("JSONDocument", {
    "market-head": "".join(read("datasets/school-choice/market.json").splitlines(keepends=True)[:20]) + "}\n",
    "kep-head": read("Fuzz/Corpus/KepSolverJSON/small"),
    "escapes": '{"a\\u00e9\\ud83d\\ude00": ["\\n\\t\\"", -0.0, 1e308, 1E-5, true, false, null, {}]}',
    "nested": "[" * 40 + "]" * 40,
    "near-unclosed": '{"a": [1, 2}',
    "near-lone-surrogate": '"\\ud800"',
    "bom-crlf": '\ufeff{\r\n  "x": 1\r\n}\r\n',
})
