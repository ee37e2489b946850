#!/usr/bin/env python3
"""Synthetic OSV feed for the vulnerability benchmark.

usage: gen.py OUT.zip PKGLIST ADVISORIES PACKAGES

Writes ADVISORIES Debian:12 records (fixed seed) spread over 20,000 source
package names, each with one to three affected entries (introduced/fixed,
some unfixed, some with two ranges), into a zip laid out as the OSV bucket's
all.zip; and PKGLIST, PACKAGES installed packages (name version source), half
of them named by advisories."""
import random
import sys
import zipfile

out, pkglist, nadv, npkg = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(8)
names = ["src%05d" % i for i in range(20000)]


def ver():
    return "%d.%d.%d-%d" % (rnd.randint(0, 5), rnd.randint(0, 20), rnd.randint(0, 30),
                            rnd.randint(1, 4))


with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(nadv):
        aff = []
        for name in rnd.sample(names, rnd.randint(1, 3)):
            r = rnd.random()
            if r < 0.1:
                ev = '[{"introduced": "0"}]'
            elif r < 0.2:
                ev = ('[{"introduced": "0"}, {"fixed": "%s"}, {"introduced": "%s"}, '
                      '{"fixed": "%s"}]' % ("0.5.0-1", "1.0.0-1", ver()))
            else:
                ev = '[{"introduced": "0"}, {"fixed": "%s"}]' % ver()
            aff.append('{"package": {"ecosystem": "Debian:12", "name": "%s"}, '
                       '"ranges": [{"type": "ECOSYSTEM", "events": %s}]}' % (name, ev))
        rec = ('{"id": "BENCH-%06d", "modified": "2026-01-01T00:00:00Z", '
               '"upstream": ["CVE-2099-%06d"], "details": "synthetic advisory %d", '
               '"affected": [%s]}' % (i, i, i, ", ".join(aff)))
        z.writestr("BENCH-%06d.json" % i, rec)

with open(pkglist, "w") as f:
    for i in range(npkg):
        src = names[i * 7 % len(names)] if i % 2 == 0 else "other%05d" % i
        f.write("bin%05d %s %s\n" % (i, ver(), src))
