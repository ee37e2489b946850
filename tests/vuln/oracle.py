#!/usr/bin/env python3
"""Differential test of bulkhead's version ordering against the real tools.

usage: oracle.py VERSION-TOOL [PAIRS]

dpkg: `dpkg --compare-versions` on generated pairs (Debian always has dpkg).
rpm:  rpm.vercmp() through `rpm --eval '%{lua: ...}'` (Debian's `rpm`
      package, see scripts/install-deps), all pairs in one rpm run.
apk:  Debian has no apk binary: skipped; tests/vuln/test-version.c carries
      the hand-written apk cases.

Each check that cannot run (tool missing) is reported as `ok N # SKIP why`,
never as a failure.  Pairs are generated from a fixed seed so a failure
reproduces; BULKHEAD_ORACLE_SEED overrides it to explore.
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile

TOOL = sys.argv[1]
PAIRS = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
SEED = int(os.environ.get("BULKHEAD_ORACLE_SEED", "20250115"))

results = []  # (ok, description, skip reason or None, diagnostics)


def report(ok, desc, skip=None, diag=()):
    results.append((ok, desc, skip, list(diag)))


def bulkhead(scheme, pairs):
    """(cmp, valid_a, valid_b, accepted_a, accepted_b) for each pair."""
    text = "".join(f"{scheme}\t{a}\t{b}\n" for a, b in pairs)
    out = subprocess.run([TOOL], input=text.encode("latin-1"), stdout=subprocess.PIPE,
                         check=True).stdout.decode().split("\n")
    return [tuple(int(x) for x in line.split()) for line in out if line]


def mutate(rng, v, alphabet):
    """A nearby version: the interesting comparisons are between close strings."""
    v = list(v)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(4)
        pos = rng.randint(0, len(v))
        if op == 0 or not v:
            v.insert(pos, rng.choice(alphabet))
        elif op == 1 and pos < len(v):
            del v[pos]
        elif op == 2 and pos < len(v):
            v[pos] = rng.choice(alphabet)
        else:
            v.append(rng.choice(alphabet))
    return "".join(v)


def gen_pairs(rng, seeds, alphabet, count, allow_empty):
    pairs = []
    while len(pairs) < count:
        kind = rng.randrange(3)
        if kind == 0:
            a = rng.choice(seeds)
            b = mutate(rng, a, alphabet)
        elif kind == 1:
            a = mutate(rng, rng.choice(seeds), alphabet)
            b = mutate(rng, a, alphabet)
        else:
            a = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
            b = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        if not allow_empty and (not a or not b):
            continue
        if rng.randrange(2):
            a, b = b, a
        pairs.append((a, b))
    return pairs


DPKG_SEEDS = ["1.0", "1.0-1", "1:2.3.4-5", "1.0~rc1-1", "2.36-9+deb12u4", "3.0.11-1~deb12u2",
              "7.88.1-10+deb12u5", "1.2.3+dfsg-1+b1", "0.9.8a-1", "1.0a", "1.0+b1", "10:1.09-01",
              "2.7.4-0ubuntu1.1", "1.0~~a", "1.", "1:0", "1.0.0", "1.001"]
DPKG_ALPHABET = "0123456789.+~-:abzAZ_ "


def dpkg_compare(a, b):
    """dpkg's sign for a vs b, or ('error', which) when it refuses a version."""
    for op, sign in (("lt", -1), ("eq", 0)):
        p = subprocess.run(["dpkg", "--compare-versions", "--", a, op, b],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if p.returncode == 2:
            # dpkg parses a, then b, and stops at the first one it refuses.
            err = p.stderr.decode("latin-1")
            return ("error", "a" if f"dpkg: error: version '{a}' " in err else "b")
        if p.returncode == 0:
            return sign
    return 1


def check_dpkg(rng):
    desc = f"dpkg --compare-versions agrees on {PAIRS} generated pairs"
    if not shutil.which("dpkg"):
        report(True, desc, skip="dpkg not installed")
        return
    pairs = gen_pairs(rng, DPKG_SEEDS, DPKG_ALPHABET, PAIRS, allow_empty=True)
    ours = bulkhead("dpkg", pairs)
    bad = []
    for (a, b), (cmp, va, vb, acc_a, acc_b) in zip(pairs, ours):
        want = dpkg_compare(a, b)
        if isinstance(want, tuple):
            # dpkg stops at the first version it refuses: that one must be
            # in bulkhead's rejected class too, and never "valid".
            which = want[1]
            acc, valid = (acc_a, va) if which == "a" else (acc_b, vb)
            if acc or valid:
                bad.append(f"dpkg refuses {which}: {a!r} vs {b!r}; bulkhead accepts it")
            continue
        if not (acc_a and acc_b):
            bad.append(f"dpkg compares {a!r} {b!r}; bulkhead rejects one")
        elif cmp != want:
            bad.append(f"{a!r} vs {b!r}: dpkg {want}, bulkhead {cmp}")
    report(not bad, desc, diag=bad[:20])


RPM_SEEDS = ["1.0", "1.0-1", "1:2.3.4-5.el9", "1.0~rc1-1", "1.0^git1-2", "5.14.0-362.8.1.el9_3",
             "2.17-326.el7_9", "0.9.8a-1.fc39", "1.0a", "10.0001", "2_0", "1b.fc17",
             "1.0~~", "1.0^^", ":1", "00:1"]
RPM_ALPHABET = "0123456789.~^-:_+abzAZ"


def check_rpm(rng):
    desc = f"rpm.vercmp agrees on {PAIRS} generated pairs"
    rpm = shutil.which("rpm")
    if not rpm:
        report(True, desc, skip="rpm not installed (Debian package rpm)")
        return
    probe = subprocess.run([rpm, "--eval", "%{lua: print(rpm.vercmp('1.0^', '1.0'))}"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if probe.returncode != 0 or probe.stdout.strip() != b"1":
        report(True, desc, skip="this rpm has no lua rpm.vercmp")
        return
    pairs = gen_pairs(rng, RPM_SEEDS, RPM_ALPHABET, PAIRS, allow_empty=False)
    ours = bulkhead("rpm", pairs)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        # The alphabet has no quote or backslash, so plain Lua strings hold it.
        f.write("local p = {\n")
        for a, b in pairs:
            f.write(f"{{'{a}', '{b}'}},\n")
        # rpm's print() collects into the macro's output without newlines.
        f.write("}\nlocal r = {}\nfor i, x in ipairs(p) do r[i] = rpm.vercmp(x[1], x[2]) end\n")
        f.write("print(table.concat(r, ' '))\n")
        script = f.name
    try:
        out = subprocess.run([rpm, "--eval", f"%{{lua: dofile('{script}')}}"],
                             stdout=subprocess.PIPE, check=True).stdout.decode().split()
    finally:
        os.unlink(script)
    bad = []
    if len(out) != len(pairs):
        bad.append(f"rpm printed {len(out)} results for {len(pairs)} pairs")
    for (a, b), (cmp, *_), want in zip(pairs, ours, out):
        if cmp != int(want):
            bad.append(f"{a!r} vs {b!r}: rpm {want}, bulkhead {cmp}")
    report(not bad, desc, diag=bad[:20])


def check_apk():
    report(True, "apk-tools ordering against apk",
           skip="no apk binary on Debian; the hand-written cases in test-version cover apk")


def main():
    rng = random.Random(SEED)
    check_dpkg(rng)
    check_rpm(rng)
    check_apk()
    print("TAP version 13")
    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, desc, skip, diag) in enumerate(results, 1):
        if skip:
            print(f"ok {i} - {desc} # SKIP {skip}")
            continue
        print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
        for d in diag:
            print(f"# {d}")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
