#!/usr/bin/env python3
"""Writes the malformed-input corpus: Tests/Fixtures/malformed/<reader>/<role>/<case> and cases.tsv.

Run from anywhere: python3 Tests/Fixtures/malformed/generate.py (it rewrites the corpus).

Every case is one malformed file handed to the CLI with valid partners (valid/ of its reader):
a mutation of a valid file (a truncated row, a wrong type, a negative or huge number, a
duplicate id, an unknown reference, binary garbage, an empty or BOM-only file, an unclosed
quote, a wrong delimiter...). The mutations avoid what the readers are meant to accept soon
(`;` and tab delimiters, headers in another case, capacity 0), so each case stays malformed.

cases.tsv, one case a line, tab-separated: the malformed file, the line the error must name
(`-` when the problem is the whole file: empty, no header, not JSON...), then the CLI's
arguments, with $OUT for a scratch directory. MalformedInputTests runs each and expects exit
status 65 and a message that starts with `file:line:` (or `file:` for `-`).
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
cases = []  # (file, line, args)
for entry in os.listdir(HERE):  # start from nothing: a renamed case leaves no stale file
    if os.path.isdir(os.path.join(HERE, entry)):
        shutil.rmtree(os.path.join(HERE, entry))


def put(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def add(rel, data, line, args):
    put(rel, data)
    cases.append((rel, "-" if line is None else str(line), [a.replace("@", rel) for a in args]))


def lines_of(text):
    return text.splitlines(keepends=True)


def replace_line(text, n, new):
    """`text` with its 1-based line n replaced by `new` (a line without its newline)."""
    ls = lines_of(text)
    ls[n - 1] = new + "\n"
    return "".join(ls)


def insert_line(text, n, new):
    """`text` with `new` inserted so that it becomes line n."""
    ls = lines_of(text)
    ls.insert(n - 1, new + "\n")
    return "".join(ls)


# Whole-file garbage every text reader must reject (file-level: any line, or the one given).
GARBAGE = b"\x00\x01\x02\xff\xfe\x7f\x80\x81binary\x00\x00\xc3\x28\n\x9f\x92\x96\xe2\x28\xa1\n"


def generic(reader, role, args, header, csv=True, header_only=True):
    """The mutations that apply to any file of `role`: empty, BOM only, garbage, NUL bytes..."""
    d = f"{reader}/{role}/"
    add(d + "empty", b"", None, args)
    add(d + "bom-only", b"\xef\xbb\xbf", None, args)
    add(d + "newlines-only", b"\n\n\r\n\n", None, args)
    add(d + "spaces-only", b"   \n \n", None, args)
    add(d + "binary-garbage", GARBAGE, None, args)
    add(d + "nul-bytes", b"\x00" * 64, None, args)
    add(d + "utf16", "\ufeff".encode("utf-16-le") + header.encode("utf-16-le"), None, args)
    if csv:
        if header_only:  # (a partner file may make an empty table an error elsewhere)
            add(d + "header-only", header, None, args)
        add(d + "pipe-delimited", header.replace(",", "|") + "x|1|1|1\n", 1, args)
        add(d + "unclosed-quote-header", '"' + header, None, args)


# ----------------------------------------------------------------------------------------
# School choice: match --schools S --applications A
schools = "school,capacity\nA,2\nB,1\nC,1\n"
apps = "student,school,rank,priority,lottery\nx,A,1,0,5\nx,B,2,1,3\ny,B,1,0,2\ny,C,2,2,4\nz,A,1,1,1\n"
put("school/valid/schools.csv", schools)
put("school/valid/applications.csv", apps)
S = ["match", "--schools", "@", "--applications", "school/valid/applications.csv"]
A = ["match", "--schools", "school/valid/schools.csv", "--applications", "@"]
generic("school", "schools", S, "school,capacity\n")
generic("school", "applications", A, "student,school,rank\n")
for name, row, col_line in [
    ("capacity-negative", "B,-1", 3), ("capacity-text", "B,two", 3), ("capacity-decimal", "B,1.5", 3),
    ("capacity-huge", "B,99999999999999999999999", 3), ("capacity-over-int32", "B,4294967296", 3),
    ("capacity-empty", "B,", 3), ("capacity-missing-field", "B", 3), ("school-empty", ",1", 3),
    ("school-duplicate", "A,1", 3), ("capacity-nan", "B,nan", 3), ("capacity-exponent", "B,1e3", 3),
    ("capacity-hex", "B,0x10", 3), ("capacity-spaces-inside", "B,1 0", 3), ("capacity-minus-only", "B,-", 3),
    ("unclosed-quote", '"B,1', 3), ("text-after-quote", '"B"x,1', 3), ("capacity-binary", "B,\x01\x02", 3),
]:
    add(f"school/schools/{name}.csv", replace_line(schools, 3, row), col_line, S)
add("school/schools/missing-capacity-column.csv", "school,seats\nA,2\nB,1\n", 1, S)
add("school/schools/missing-school-column.csv", "name,capacity\nA,2\nB,1\n", 1, S)
add("school/schools/truncated-row.csv", schools + "D,", 5, S)
add("school/schools/duplicate-last.csv", schools + "C,3\n", 5, S)
add("school/schools/blank-then-duplicate.csv", schools + "\n\nA,3\n", 7, S)
add("school/schools/crlf-duplicate.csv", schools.replace("\n", "\r\n") + "B,1\r\n", 5, S)
add("school/schools/unclosed-quote-last.csv", schools + '"D,1\n', 5, S)
for name, row in [
    ("unknown-school", "x,Z,2,1,3"), ("rank-zero", "x,B,0,1,3"), ("rank-negative", "x,B,-2,1,3"),
    ("rank-text", "x,B,second,1,3"), ("rank-huge", "x,B,99999999999999999999,1,3"),
    ("rank-over-int32", "x,B,4294967297,1,3"), ("rank-decimal", "x,B,2.0,1,3"), ("rank-empty", "x,B,,1,3"),
    ("school-empty", "x,,2,1,3"), ("student-empty", ",B,2,1,3"), ("priority-text", "x,B,2,high,3"),
    ("priority-huge", "x,B,2,99999999999,3"), ("priority-decimal", "x,B,2,1.5,3"),
    ("lottery-text", "x,B,2,1,lucky"), ("lottery-decimal", "x,B,2,1,0.25"),
    ("lottery-huge", "x,B,2,1,99999999999999999999999"), ("short-row", "x,B"), ("one-field", "x"),
    ("unclosed-quote", '"x,B,2,1,3'), ("text-after-quote", 'x,"B"C,2,1,3'), ("rank-binary", "x,B,\x02,1,3"),
]:
    add(f"school/applications/{name}.csv", replace_line(apps, 3, row), 3, A)
add("school/applications/rank-gap.csv", replace_line(apps, 3, "x,B,3,1,3"), 3, A)
add("school/applications/rank-repeated.csv", replace_line(apps, 3, "x,B,1,1,3"), 3, A)
add("school/applications/school-twice.csv", replace_line(apps, 3, "x,A,2,1,3"), 3, A)
add("school/applications/student-starts-at-rank-two.csv", replace_line(apps, 6, "z,A,2,1,1"), 6, A)
add("school/applications/missing-rank-column.csv", "student,school\nx,A\n", 1, A)
add("school/applications/missing-student-column.csv", "pupil,school,rank\nx,A,1\n", 1, A)
add("school/applications/missing-school-column.csv", "student,college,rank\nx,A,1\n", 1, A)
add("school/applications/truncated-row.csv", apps + "w,A,", 7, A)
add("school/applications/truncated-mid-field.csv", apps + "w,B", 7, A)
add("school/applications/unknown-school-last.csv", apps + "w,D,1,0,9\n", 7, A)
add("school/applications/ungrouped-rank-gap.csv", "student,school,rank\nx,A,1\ny,A,1\nx,C,3\n", 4, A)
add("school/applications/ungrouped-repeat.csv", "student,school,rank\nx,B,2\ny,A,1\nx,A,2\nx,C,1\n", 4, A)
add("school/applications/crlf-unknown-school.csv", apps.replace("\n", "\r\n").replace("y,C,2", "y,Q,2"), 5, A)
add("school/applications/bom-unknown-school.csv", "\ufeff" + apps.replace("z,A,1", "z,E,1"), 6, A)
add("school/applications/quoted-newline-unknown.csv", 'student,school,rank\n"x\ny",A,1\nx,"Z\nZ",1\n', 4, A)
add("school/applications/lottery-column-empty.csv", replace_line(apps, 4, "y,B,1,0,"), 4, A)
add("school/applications/priority-negative-huge.csv", replace_line(apps, 2, "x,A,1,-99999999999,5"), 2, A)

# ----------------------------------------------------------------------------------------
# Housing: match --mechanism ttc --endowments E --preferences P
endow = "agent,house\na,h1\nb,h2\nc,h3\n"
prefs = "agent,house,rank\na,h2,1\na,h1,2\nb,h1,1\nc,h1,1\nc,h3,2\n"
put("housing/valid/endowments.csv", endow)
put("housing/valid/preferences.csv", prefs)
E = ["match", "--mechanism", "ttc", "--endowments", "@", "--preferences", "housing/valid/preferences.csv"]
P = ["match", "--mechanism", "ttc", "--endowments", "housing/valid/endowments.csv", "--preferences", "@"]
generic("housing", "endowments", E, "agent,house\n")
generic("housing", "preferences", P, "agent,house,rank\n", header_only=False)
for name, row in [
    ("agent-twice", "a,h4"), ("house-twice", "d,h1"), ("agent-empty", ",h4"), ("house-empty", "d,"),
    ("short-row", "d"), ("unclosed-quote", '"d,h4'), ("text-after-quote", '"d"x,h4'),
]:
    add(f"housing/endowments/{name}.csv", endow + row + "\n", 5, E)
add("housing/endowments/missing-house-column.csv", "agent,home\na,h1\n", 1, E)
add("housing/endowments/missing-agent-column.csv", "owner,house\na,h1\n", 1, E)
for name, row in [
    ("unknown-agent", "q,h2,1"), ("unknown-house", "a,h9,1"), ("rank-zero", "a,h2,0"), ("rank-negative", "a,h2,-1"),
    ("rank-text", "a,h2,first"), ("rank-huge", "a,h2,999999999999999999999"), ("rank-empty", "a,h2,"),
("short-row", "a,h2"), ("agent-empty", ",h2,1"),
    ("unclosed-quote", 'a,"h2,1'), ("rank-decimal", "a,h2,1.0"),
]:
    add(f"housing/preferences/{name}.csv", replace_line(prefs, 2, row), 2, P)
add("housing/preferences/house-ranked-twice.csv", replace_line(prefs, 3, "a,h2,2"), 3, P)
add("housing/preferences/rank-repeated.csv", replace_line(prefs, 3, "a,h1,1"), 3, P)
add("housing/preferences/rank-gap.csv", replace_line(prefs, 3, "a,h1,3"), 3, P)
add("housing/preferences/missing-rank-column.csv", "agent,house\na,h2\n", 1, P)
add("housing/preferences/truncated-row.csv", prefs + "b,h", 7, P)

# ----------------------------------------------------------------------------------------
# Check's assignment reader: check --schools ... --applications ... --assignment X
assign = "student,school\nx,A\ny,B\nz,A\n"
put("assignment/valid/assignment.csv", assign)
X = ["check", "--schools", "school/valid/schools.csv", "--applications", "school/valid/applications.csv", "--assignment", "@"]
generic("assignment", "assignment", X, "student,school\n")
for name, row in [("unknown-student", "q,A"), ("unknown-school", "y,Q"), ("student-twice", "x,B"), ("unclosed-quote", '"y,B')]:
    add(f"assignment/assignment/{name}.csv", replace_line(assign, 3, row), 3, X)
add("assignment/assignment/missing-school-column.csv", "student,college\nx,A\n", 1, X)

# ----------------------------------------------------------------------------------------
# Kidney CSV: kidney plan --pairs P --edges E
kp = "id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\np1,O,A,10,0\np2,A,O,0,0\np3,B,B,50,0\nn1,O,,,1\n"
ke = "donor_id,recipient_id,weight,success_probability\np1,p2,1,0.9\np2,p1,1,\np2,p3,2,1\np3,p1,1,0.5\nn1,p1,1,1\n"
put("kidney-csv/valid/pairs.csv", kp)
put("kidney-csv/valid/edges.csv", ke)
KP = ["kidney", "plan", "--pairs", "@", "--edges", "kidney-csv/valid/edges.csv", "--quiet", "--output", "$OUT/plan.csv"]
KE = ["kidney", "plan", "--pairs", "kidney-csv/valid/pairs.csv", "--edges", "@", "--quiet", "--output", "$OUT/plan.csv"]
generic("kidney-csv", "pairs", KP, "id,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\n", header_only=False)
generic("kidney-csv", "edges", KE, "donor_id,recipient_id,weight\n", header_only=False)
for name, row in [
    ("donor-blood-type", "p2,C,O,0,0"), ("patient-blood-type", "p2,A,Z,0,0"), ("patient-blood-empty", "p2,A,,0,0"),
    ("cpra-negative", "p2,A,O,-5,0"), ("cpra-over-100", "p2,A,O,101,0"), ("cpra-nan", "p2,A,O,nan,0"),
    ("cpra-inf", "p2,A,O,inf,0"), ("cpra-text", "p2,A,O,high,0"), ("altruist-two", "p2,A,O,0,2"),
    ("altruist-text", "p2,A,O,0,maybe"), ("altruist-empty", "p2,A,O,0,"), ("id-empty", ",A,O,0,0"),
    ("id-duplicate", "p1,A,O,0,0"), ("short-row", "p2,A"), ("unclosed-quote", '"p2,A,O,0,0'),
    ("text-after-quote", '"p2"x,A,O,0,0'), ("cpra-huge", "p2,A,O,1e400,0"),
]:
    add(f"kidney-csv/pairs/{name}.csv", replace_line(kp, 3, row), 3, KP)
add("kidney-csv/pairs/missing-cpra-column.csv", "id,donor_blood_type,patient_blood_type,is_altruist\np1,O,A,0\n", 1, KP)
add("kidney-csv/pairs/missing-altruist-column.csv", "id,donor_blood_type,patient_blood_type,patient_cpra\np1,O,A,0\n", 1, KP)
add("kidney-csv/pairs/missing-id-column.csv", "name,donor_blood_type,patient_blood_type,patient_cpra,is_altruist\np1,O,A,0,0\n", 1, KP)
add("kidney-csv/pairs/altruist-blood-type.csv", replace_line(kp, 5, "n1,Q,,,1"), 5, KP)
for name, row in [
    ("unknown-donor", "p9,p2,1,0.9"), ("unknown-recipient", "p1,p9,1,0.9"), ("into-altruist", "p1,n1,1,0.9"),
    ("self-arc", "p1,p1,1,0.9"), ("weight-negative", "p1,p2,-1,0.9"), ("weight-nan", "p1,p2,nan,0.9"),
    ("weight-inf", "p1,p2,inf,0.9"), ("weight-text", "p1,p2,heavy,0.9"), ("weight-empty", "p1,p2,,0.9"),
    ("probability-negative", "p1,p2,1,-0.1"), ("probability-over-one", "p1,p2,1,1.5"), ("probability-text", "p1,p2,1,likely"),
    ("probability-nan", "p1,p2,1,nan"), ("short-row", "p1"), ("unclosed-quote", 'p1,"p2,1,0.9'),
    ("donor-empty", ",p2,1,0.9"), ("weight-huge", "p1,p2,1e999,0.9"),
]:
    add(f"kidney-csv/edges/{name}.csv", replace_line(ke, 2, row), 2, KE)
add("kidney-csv/edges/duplicate-arc.csv", ke + "p1,p2,3,1\n", 7, KE)
add("kidney-csv/edges/missing-weight-column.csv", "donor_id,recipient_id\np1,p2\n", 1, KE)
add("kidney-csv/edges/missing-recipient-column.csv", "donor_id,to,weight\np1,p2,1\n", 1, KE)
add("kidney-csv/edges/truncated-row.csv", ke + "p3,", 7, KE)

# ----------------------------------------------------------------------------------------
# PrefLib: kidney plan --wmd W --dat D (mutations malformed whether vertices count from 0 or 1)
wmd = "# NUMBER ALTERNATIVES: 4\n1,2,1\n2,1,1\n2,3,1\n3,1,1\n4,1,1\n"
dat = "Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist\n1,O,B,0,0.05,1,0\n2,A,O,0,0.45,1,0\n3,B,A,0,0.9,1,0\n4,,O,0,0,1,1\n"
put("preflib/valid/pool.wmd", wmd)
put("preflib/valid/pool.dat", dat)
W = ["kidney", "plan", "--wmd", "@", "--dat", "preflib/valid/pool.dat", "--quiet", "--output", "$OUT/plan.csv"]
D = ["kidney", "plan", "--wmd", "preflib/valid/pool.wmd", "--dat", "@", "--quiet", "--output", "$OUT/plan.csv"]
generic("preflib", "wmd", W, "# NUMBER ALTERNATIVES: 4\n", csv=False)
generic("preflib", "dat", D, "Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg,Altruist\n", header_only=False)
for name, row in [
    ("unknown-vertex", "1,99,1"), ("unknown-source", "99,2,1"), ("weight-negative", "1,2,-1"), ("weight-nan", "1,2,nan"),
    ("weight-inf", "1,2,inf"), ("weight-text", "1,2,heavy"), ("two-fields", "1,2"), ("four-fields", "1,2,1,1"),
    ("source-text", "one,2,1"), ("self-arc", "2,2,1"), ("negative-vertex", "-7,2,1"), ("huge-vertex", "99999999999999999999,2,1"),
    ("binary-line", "\x01\x02\x03"), ("semicolons", "1;2;1"),
]:
    add(f"preflib/wmd/{name}.wmd", replace_line(wmd, 3, row), 3, W)
add("preflib/wmd/duplicate-arc.wmd", wmd + "1,2,1\n", 7, W)
for name, row in [
    ("blood-type", "2,A,Q,0,0.45,1,0"), ("patient-blood-type", "2,Z,O,0,0.45,1,0"), ("pra-over-one", "2,A,O,0,1.5,1,0"),
    ("pra-negative", "2,A,O,0,-0.5,1,0"), ("pra-text", "2,A,O,0,high,1,0"), ("pra-nan", "2,A,O,0,nan,1,0"),
    ("altruist-two", "2,A,O,0,0.45,1,2"), ("altruist-text", "2,A,O,0,0.45,1,yes"), ("pair-text", "two,A,O,0,0.45,1,0"),
    ("pair-zero-negative", "-2,A,O,0,0.45,1,0"), ("pair-duplicate", "1,A,O,0,0.45,1,0"), ("short-row", "2,A"),
    ("unclosed-quote", '"2,A,O,0,0.45,1,0'), ("pair-huge", "99999999999999999999,A,O,0,0.45,1,0"),
]:
    add(f"preflib/dat/{name}.dat", replace_line(dat, 3, row), 3, D)
add("preflib/dat/missing-altruist-column.dat", "Pair,Patient,Donor,Wife-P?,%Pra,Out-Deg\n1,O,B,0,0.05,1\n", 1, D)
add("preflib/dat/missing-pra-column.dat", "Pair,Patient,Donor,Wife-P?,Out-Deg,Altruist\n1,O,B,0,1,0\n", 1, D)

# ----------------------------------------------------------------------------------------
# kep_solver JSON: kidney plan --kep-json J
J = ["kidney", "plan", "--kep-json", "@", "--quiet", "--output", "$OUT/plan.csv"]
generic("kep-json", "json", J, "{}", csv=False)


def kep(donors, recipients='{"1": {"bloodgroup": "A", "cPRA": 0.1}, "2": {"bloodgroup": "O", "cPRA": 0.5}}'):
    return '{\n"data": {\n' + ",\n".join(donors) + '\n},\n"recipients": ' + recipients + "\n}\n"


d1 = '"1": {"sources": ["1"], "bloodgroup": "O", "matches": [{"recipient": "2", "score": 1}]}'
d2 = '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1", "score": 1}]}'
put("kep-json/valid/pool.json", kep([d1, d2]))
for name, text, line in [
    ("top-array", "[1, 2, 3]\n", None), ("top-string", '"data"\n', None), ("missing-data", '{"recipients": {}}\n', None),
    ("data-array", '{"data": [1, 2]}\n', None), ("unterminated", kep([d1, d2])[:-12], None),
    ("single-quotes", kep([d1, d2]).replace('"', "'"), None), ("schema-2", '{\n"schema": 2, "data": {}}\n', 2),
    ("score-huge", kep(['"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1", "score": 1e999}]}', d1]), None),
    ("nan-literal", kep([d1, d2.replace('"score": 1', '"score": NaN')]), None),
]:
    add(f"kep-json/json/{name}.json", text, line, J)
for name, donor in [
    ("donor-not-object", '"2": 7'), ("missing-sources", '"2": {"bloodgroup": "A", "matches": []}'),
    ("sources-not-list", '"2": {"sources": "2", "bloodgroup": "A"}'), ("source-not-id", '"2": {"sources": [true], "bloodgroup": "A"}'),
    ("source-fraction", '"2": {"sources": [2.5], "bloodgroup": "A"}'),
    ("two-sources", '"2": {"sources": ["2", "3"], "bloodgroup": "A"}'), ("bloodgroup-bad", '"2": {"sources": ["2"], "bloodgroup": "C"}'),
    ("bloodgroup-missing", '"2": {"sources": ["2"], "matches": []}'), ("bloodgroup-number", '"2": {"sources": ["2"], "bloodgroup": 1}'),
    ("match-not-object", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [3]}'),
    ("match-no-recipient", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"score": 1}]}'),
    ("match-no-score", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1"}]}'),
    ("score-text", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1", "score": "high"}]}'),
    ("score-negative", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1", "score": -1}]}'),
    ("unknown-recipient", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "77", "score": 1}]}'),
    ("self-arc", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "2", "score": 1}]}'),
    ("second-donor-for-recipient", '"2": {"sources": ["1"], "bloodgroup": "A", "matches": []}'),
    ("duplicate-match", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": "1", "score": 1}, {"recipient": "1", "score": 2}]}'),
    ("recipient-id-1e20", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": 1e20, "score": 1}]}'),
    ("source-id-1e30", '"2": {"sources": [1e30], "bloodgroup": "A", "matches": []}'),
    ("recipient-id-negative-huge", '"2": {"sources": ["2"], "bloodgroup": "A", "matches": [{"recipient": -1e300, "score": 1}]}'),
]:
    # The bad donor first: the error names the line where its key first appears (line 3).
    add(f"kep-json/json/{name}.json", kep([donor, d1]), 3, J)
for name, rec in [
    ("cpra-over-one", '{"1": {"bloodgroup": "A", "cPRA": 1.5}}'), ("cpra-negative", '{"1": {"bloodgroup": "A", "cPRA": -0.1}}'),
    ("recipient-bloodgroup-bad", '{"1": {"bloodgroup": "X", "cPRA": 0.1}}'),
]:
    add(f"kep-json/json/{name}.json", kep([d1, d2], rec), None, J)

# ----------------------------------------------------------------------------------------
# kidney_solver: kidney plan --kidney-solver-input I [--kidney-solver-ndds N]
inp = "3\t4\n0\t1\t1\n1\t0\t1\n1\t2\t1\n2\t0\t1\n-1\t-1\t-1\n"
ndds = "1\t2\n0\t0\t1\n0\t2\t1\n-1\t-1\t-1\n"
put("kidney-solver/valid/pool.input", inp)
put("kidney-solver/valid/pool.ndds", ndds)
I = ["kidney", "plan", "--kidney-solver-input", "@", "--kidney-solver-ndds", "kidney-solver/valid/pool.ndds", "--quiet", "--output", "$OUT/plan.csv"]
N = ["kidney", "plan", "--kidney-solver-input", "kidney-solver/valid/pool.input", "--kidney-solver-ndds", "@", "--quiet", "--output", "$OUT/plan.csv"]
generic("kidney-solver", "input", I, "3\t4\n", csv=False)
generic("kidney-solver", "ndds", N, "1\t2\n", csv=False)
for name, row in [
    ("source-out-of-range", "3\t1\t1"), ("target-out-of-range", "0\t7\t1"), ("negative-source", "-2\t1\t1"),
    ("weight-negative", "0\t1\t-1"), ("weight-nan", "0\t1\tnan"), ("weight-inf", "0\t1\tinf"), ("weight-text", "0\t1\tx"),
    ("two-fields", "0\t1"), ("self-arc", "1\t1\t1"), ("source-text", "a\t1\t1"), ("huge-index", "99999999999999999999\t1\t1"),
    ("commas", "0,1,1"),
]:
    add(f"kidney-solver/input/{name}.input", replace_line(inp, 2, row), 2, I)
add("kidney-solver/input/header-text.input", replace_line(inp, 1, "pairs\tarcs"), 1, I)
add("kidney-solver/input/header-negative.input", replace_line(inp, 1, "-3\t4"), 1, I)
add("kidney-solver/input/header-one-field.input", replace_line(inp, 1, "3"), 1, I)
add("kidney-solver/input/count-mismatch.input", replace_line(inp, 1, "3\t9"), 1, I)
add("kidney-solver/input/missing-end.input", inp.replace("-1\t-1\t-1\n", ""), None, I)
add("kidney-solver/input/text-after-end.input", inp + "0\t1\t1\n", 7, I)
add("kidney-solver/input/duplicate-arc.input", insert_line(replace_line(inp, 1, "3\t5"), 3, "0\t1\t2"), 3, I)
add("kidney-solver/input/header-huge.input", replace_line(inp, 1, "999999999999999999\t4"), None, I)
for name, row in [
    ("ndd-out-of-range", "1\t0\t1"), ("target-out-of-range", "0\t3\t1"), ("weight-negative", "0\t0\t-1"),
    ("weight-text", "0\t0\tw"), ("two-fields", "0\t0"),
]:
    add(f"kidney-solver/ndds/{name}.ndds", replace_line(ndds, 2, row), 2, N)
add("kidney-solver/ndds/count-mismatch.ndds", replace_line(ndds, 1, "1\t5"), 1, N)
add("kidney-solver/ndds/header-text.ndds", replace_line(ndds, 1, "ndds arcs"), 1, N)
add("kidney-solver/ndds/header-huge.ndds", replace_line(ndds, 1, "999999999999999999\t2"), None, N)

# ----------------------------------------------------------------------------------------
# Simulation shards: simulate merge SHARD --output-dir $OUT
shard = open(os.path.join(HERE, "..", "..", "..", "Fuzz", "shard-seeds", "shard-0-1.json"), encoding="utf-8").read()
shard2 = open(os.path.join(HERE, "..", "..", "..", "Fuzz", "shard-seeds", "shard-1-2.json"), encoding="utf-8").read()
put("shard/valid/shard-0-1.json", shard)
put("shard/valid/shard-1-2.json", shard2)
# The malformed first shard of a two-run study, merged with its valid second shard.
H = ["simulate", "merge", "@", "shard/valid/shard-1-2.json", "--output-dir", "$OUT"]
generic("shard", "shard", H, "{}", csv=False)
for name, old, new in [
    ("format-other", "shard-1", "shard-9"), ("format-missing", '"format":"matchmarket-simulation-shard-1",', ""),
    ("runs-beyond-study", '"runs":[0,1]', '"runs":[0,3]'), ("runs-negative", '"runs":[0,1]', '"runs":[-1,0]'),
    ("runs-reversed", '"runs":[0,1]', '"runs":[1,0]'), ("runs-one-number", '"runs":[0,1]', '"runs":[0]'),
    ("runs-text", '"runs":[0,1]', '"runs":["a","b"]'), ("run-count-zero", '"runCount":2', '"runCount":0'),
    ("run-count-negative", '"runCount":2', '"runCount":-2'), ("run-count-huge", '"runCount":2', '"runCount":1e30'),
    ("metrics-missing-one", '},{"blockingPairs":0,"envyStudents":0,"rankCounts":[3,1,2],"students":6,"unassigned":0}]', "}]"),
    ("mechanism-unknown", '"boston"', '"lottery"'), ("mechanisms-empty", '["da","boston","ttc"]', "[]"),
    ("students-text", '"students":6', '"students":"six"'), ("students-negative", '"students":6', '"students":-6'),
    ("rank-counts-empty", '"rankCounts":[1,3,2]', '"rankCounts":[]'), ("rank-counts-negative", '"rankCounts":[1,3,2]', '"rankCounts":[1,-3,2]'),
    ("list-length-zero", '"listLength":10', '"listLength":0'), ("school-count-zero", '"schoolCount":3', '"schoolCount":0'),
    ("seats-ratio-zero", '"seatsRatio":1', '"seatsRatio":0'), ("record-run-outside", '"run":0', '"run":5'),
    ("truncated", shard[100:], ""), ("records-missing", '"records":[', '"recordz":['),
]:
    text = shard[:100] if name == "truncated" else shard.replace(old, new, 1)
    assert text != shard, name
    add(f"shard/shard/{name}.json", text, None, H)

# ----------------------------------------------------------------------------------------
# Roommates: roommates --preferences R
rm = "agent,partner,rank\na,b,1\na,c,2\nb,c,1\nb,a,2\nc,a,1\nc,b,2\nd,a,1\n"
put("roommates/valid/preferences.csv", rm)
RM = ["roommates", "--preferences", "@", "--output", "$OUT/m.csv", "--quiet"]
generic("roommates", "preferences", RM, "agent,partner,rank\n", header_only=False)
for name, row in [("lists-herself", "a,a,1"), ("rank-zero", "a,b,0"), ("rank-negative", "a,b,-1"),
                  ("rank-text", "a,b,first"), ("rank-huge", "a,b,99999999999999999999"), ("agent-empty", ",b,1"),
                  ("partner-empty", "a,,1"), ("short-row", "a,b")]:
    add(f"roommates/preferences/{name}.csv", replace_line(rm, 2, row), 2, RM)
add("roommates/preferences/rank-repeated.csv", replace_line(rm, 3, "a,c,1"), 3, RM)
add("roommates/preferences/rank-gap.csv", replace_line(rm, 3, "a,c,3"), 3, RM)
add("roommates/preferences/partner-twice.csv", replace_line(rm, 3, "a,b,2"), 3, RM)
add("roommates/preferences/missing-rank-column.csv", "agent,partner\na,b\n", 1, RM)

# ----------------------------------------------------------------------------------------
# Housing with tenants: match --mechanism ttc-tenants --houses H --endowments E --preferences P --order O
th = "house\nh1\nh2\nh3\nh4\n"
te = "agent,house\nt1,h1\nt2,h2\n"
tp = "agent,house,rank\nt1,h2,1\nt1,h3,2\nt2,h1,1\nn1,h1,1\nn1,h4,2\nn2,h3,1\n"
to = "agent\nn1\nt1\nn2\nt2\n"
for n, t in [("houses", th), ("endowments", te), ("preferences", tp), ("order", to)]:
    put(f"tenants/valid/{n}.csv", t)


def tenants(role):
    files = {r: "@" if r == role else f"tenants/valid/{r}.csv" for r in ["houses", "endowments", "preferences", "order"]}
    return ["match", "--mechanism", "ttc-tenants", "--houses", files["houses"], "--endowments", files["endowments"],
            "--preferences", files["preferences"], "--order", files["order"], "--output", "$OUT/a.csv"]


TH, TE, TP, TO = tenants("houses"), tenants("endowments"), tenants("preferences"), tenants("order")
# (one column: a pipe-delimited row is a house name, not an error)
generic("tenants", "houses", TH, "house\n", csv=False)
add("tenants/houses/unclosed-quote-header", '"house\n', None, TH)
add("tenants/houses/listed-twice.csv", th + "h2\n", 6, TH)
add("tenants/houses/empty-id.csv", replace_line(th, 3, '""'), 3, TH)
add("tenants/houses/missing-column.csv", "home\nh1\n", 1, TH)
add("tenants/endowments/unknown-house.csv", te + "t3,h9\n", 4, TE)
add("tenants/endowments/rented-twice.csv", te + "t3,h1\n", 4, TE)
add("tenants/endowments/tenant-twice.csv", te + "t1,h3\n", 4, TE)
add("tenants/endowments/missing-house-column.csv", "agent,home\nt1,h1\n", 1, TE)
add("tenants/preferences/unknown-house.csv", replace_line(tp, 2, "t1,h9,1"), 2, TP)
add("tenants/preferences/rank-gap.csv", replace_line(tp, 3, "t1,h3,3"), 3, TP)
add("tenants/preferences/rank-text.csv", replace_line(tp, 2, "t1,h2,one"), 2, TP)
add("tenants/preferences/house-twice.csv", replace_line(tp, 3, "t1,h2,2"), 3, TP)
add("tenants/order/agent-twice.csv", to + "n1\n", 6, TO)
add("tenants/order/unknown-agent.csv", to + "q9\n", 6, TO)
add("tenants/order/agent-missing.csv", "agent\nn1\nt1\nn2\n", None, TO)
add("tenants/order/missing-column.csv", "who\nn1\n", 1, TO)

# ----------------------------------------------------------------------------------------
# Programs' rank lists: match --schools S --applications A --rankings R
rk = "school,student,rank\nA,x,1\nA,z,2\nB,x,1\nB,y,2\nC,y,1\n"
put("rankings/valid/rankings.csv", rk)
RK = ["match", "--schools", "school/valid/schools.csv", "--applications", "school/valid/applications.csv",
      "--rankings", "@", "--output", "$OUT/a.csv"]
generic("rankings", "rankings", RK, "school,student,rank\n", header_only=False)
for name, row in [("unknown-school", "Q,x,1"), ("unknown-student", "A,q,1"), ("rank-zero", "A,x,0"),
                  ("rank-text", "A,x,top"), ("rank-negative", "A,x,-2"), ("school-empty", ",x,1")]:
    add(f"rankings/rankings/{name}.csv", replace_line(rk, 2, row), 2, RK)
add("rankings/rankings/rank-tied.csv", replace_line(rk, 3, "A,z,1"), 3, RK)
add("rankings/rankings/student-twice.csv", replace_line(rk, 3, "A,x,2"), 3, RK)
add("rankings/rankings/missing-rank-column.csv", "school,student\nA,x\n", 1, RK)

# ----------------------------------------------------------------------------------------
# Residency with couples: couples --schools --applications --rankings --couples C --couple-applications CA
rs = {"schools": "school,capacity\nH1,1\nH2,1\n", "applications": "student,school,rank\ns3,H1,1\ns3,H2,2\n",
      "rankings": "school,student,rank\nH1,s1,1\nH1,s3,2\nH2,s2,1\nH2,s3,2\n",
      "couples": "couple,member_a,member_b\nc,s1,s2\n",
      "couple_applications": "couple,school_a,school_b,rank\nc,H1,H2,1\nc,H1,,2\n"}
for n, t in rs.items():
    put(f"residency/valid/{n}.csv", t)


def residency(role):
    f = {r: "@" if r == role else f"residency/valid/{r}.csv" for r in rs}
    return ["couples", "--schools", f["schools"], "--applications", f["applications"], "--rankings", f["rankings"],
            "--couples", f["couples"], "--couple-applications", f["couple_applications"], "--output", "$OUT/m.csv", "--quiet"]


RC, RCA = residency("couples"), residency("couple_applications")
generic("residency", "couples", RC, "couple,member_a,member_b\n", header_only=False)
add("residency/couples/member-applies.csv", "couple,member_a,member_b\nc,s3,s2\n", 2, RC)
add("residency/couples/member-twice.csv", "couple,member_a,member_b\nc,s1,s2\nd,s2,s4\n", 3, RC)
add("residency/couples/same-member.csv", "couple,member_a,member_b\nc,s1,s1\n", 2, RC)
add("residency/couples/couple-twice.csv", "couple,member_a,member_b\nc,s1,s2\nc,s4,s5\n", 3, RC)
add("residency/couples/missing-member-column.csv", "couple,member_a\nc,s1\n", 1, RC)
generic("residency", "couple_applications", RCA, "couple,school_a,school_b,rank\n", header_only=False)
ca = rs["couple_applications"]
add("residency/couple_applications/unknown-school.csv", replace_line(ca, 2, "c,H1,H9,1"), 2, RCA)
add("residency/couple_applications/both-empty.csv", replace_line(ca, 3, "c,,,2"), 3, RCA)
add("residency/couple_applications/unknown-couple.csv", replace_line(ca, 2, "x,H1,H2,1"), 2, RCA)
add("residency/couple_applications/rank-repeated.csv", replace_line(ca, 3, "c,H1,,1"), 3, RCA)
add("residency/couple_applications/rank-text.csv", replace_line(ca, 2, "c,H1,H2,one"), 2, RCA)
add("residency/couple_applications/pair-twice.csv", ca + "c,H1,H2,3\n", 4, RCA)

# ----------------------------------------------------------------------------------------
# Design files: match --mechanism eadam --consent C; match --mechanism da-reserves --types T
DS = ["--schools", "school/valid/schools.csv", "--applications", "school/valid/applications.csv", "--output", "$OUT/a.csv"]
cs = "student,consent\nx,1\ny,0\nz,1\n"
put("consent/valid/consent.csv", cs)
CS = ["match", "--mechanism", "eadam", "--consent", "@"] + DS
generic("consent", "consent", CS, "student,consent\n", header_only=False)
for name, row in [("value-two", "x,2"), ("value-text", "x,yes"), ("value-empty", "x,"), ("unknown-student", "q,1"),
                  ("student-empty", ",1")]:
    add(f"consent/consent/{name}.csv", replace_line(cs, 2, row), 2, CS)
add("consent/consent/student-twice.csv", cs + "x,0\n", 5, CS)
add("consent/consent/missing-column.csv", "student,agrees\nx,1\n", 1, CS)
ty = "student,type\nx,minority\ny,majority\nz,minority\n"
put("types/valid/types.csv", ty)
TY = ["match", "--mechanism", "da-reserves", "--types", "@"] + DS
generic("types", "types", TY, "student,type\n", header_only=False)
for name, row in [("type-other", "x,other"), ("type-case", "x,Minority"), ("type-empty", "x,"),
                  ("unknown-student", "q,minority"), ("type-number", "x,1")]:
    add(f"types/types/{name}.csv", replace_line(ty, 2, row), 2, TY)
add("types/types/student-twice.csv", ty + "x,majority\n", 5, TY)
add("types/types/missing-column.csv", "student,kind\nx,minority\n", 1, TY)

# ----------------------------------------------------------------------------------------
# Probability matrices: assign --schools S --applications A --probabilities P
pr = "student,school,probability\nx,A,0.5\nx,B,0.5\ny,B,0.5\ny,C,0.5\nz,A,1\n"
put("probabilities/valid/probabilities.csv", pr)
PR = ["assign", "--probabilities", "@", "--schools", "school/valid/schools.csv", "--applications",
      "school/valid/applications.csv", "--output", "$OUT/p.csv"]
generic("probabilities", "probabilities", PR, "student,school,probability\n", header_only=False)
for name, row in [("unknown-student", "q,A,0.5"), ("unknown-school", "x,Q,0.5"), ("negative", "x,A,-0.5"),
                  ("above-one", "x,A,1.5"), ("text", "x,A,half"), ("nan", "x,A,nan"), ("empty", "x,A,")]:
    add(f"probabilities/probabilities/{name}.csv", replace_line(pr, 2, row), 2, PR)
add("probabilities/probabilities/pair-twice.csv", replace_line(pr, 3, "x,A,0.25"), 3, PR)
add("probabilities/probabilities/sum-above-one.csv", replace_line(pr, 3, "x,B,0.75"), 3, PR)
add("probabilities/probabilities/missing-column.csv", "student,school\nx,A\n", 1, PR)

# ----------------------------------------------------------------------------------------
with open(os.path.join(HERE, "cases.tsv"), "w", encoding="utf-8") as f:
    f.write("# file\tline ('-': the whole file)\targuments ($OUT: a scratch directory); written by generate.py\n")
    for rel, line, args in cases:
        f.write("\t".join([rel, line] + args) + "\n")
print(f"{len(cases)} cases")
