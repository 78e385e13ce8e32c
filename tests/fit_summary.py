#!/usr/bin/python3
"""Independent summary of the sessions of a FIT file (.fit or .fit.gz), for
tests/test_import_watch.c to compare the C decoder against.  Written from
the FIT protocol description separately from lib/import/fit.c: it walks the
records with struct and prints, per session message,

    sport distance_m timer_s elapsed_s ascent_m avg_cadence max_hr

(-1 for a value the file does not hold; cadence raw per leg, plus the
fractional part).  Exit status 3 when the file is truncated or damaged."""
import gzip
import struct
import sys

FMT = {1: "B", 2: "H", 4: "I"}


def main(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    hsize = raw[0]
    data_size = struct.unpack_from("<I", raw, 4)[0]
    assert raw[8:12] == b".FIT"
    pos, end = hsize, hsize + data_size
    if end > len(raw):
        return 3
    defs = {}
    while pos < end:
        h = raw[pos]
        pos += 1
        if h & 0x80:
            local = (h >> 5) & 3
        elif h & 0x40:
            arch = raw[pos + 1]
            order = ">" if arch else "<"
            (glob,) = struct.unpack_from(order + "H", raw, pos + 2)
            n = raw[pos + 4]
            fields = [tuple(raw[pos + 5 + 3 * k: pos + 8 + 3 * k]) for k in range(n)]
            pos += 5 + 3 * n
            devsize = 0
            if h & 0x20:
                nd = raw[pos]
                devsize = sum(raw[pos + 1 + 3 * k + 1] for k in range(nd))
                pos += 1 + 3 * nd
            defs[h & 0x0F] = (order, glob, fields, devsize)
            continue
        else:
            local = h & 0x0F
        order, glob, fields, devsize = defs[local]
        values = {}
        for num, size, _type in fields:
            chunk = raw[pos:pos + size]
            pos += size
            # the first element of the field, at the width its base type has
            width = {0x84: 2, 0x83: 2, 0x8B: 2, 0x86: 4, 0x85: 4, 0x8C: 4}.get(_type, 1)
            if size >= width and width in FMT:
                v = struct.unpack_from(order + FMT[width], chunk)[0]
                if v != (1 << (8 * width)) - 1:
                    values[num] = v
        pos += devsize
        if glob == 18:
            cad = values.get(18, -1)
            if cad >= 0 and 41 in values:
                cad += values[41] / 128.0
            print(values.get(5, -1),
                  values[9] / 100.0 if 9 in values else -1,
                  values[8] / 1000.0 if 8 in values else -1,
                  values[7] / 1000.0 if 7 in values else -1,
                  values.get(22, -1), cad, values.get(17, -1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
