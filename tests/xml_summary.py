#!/usr/bin/python3
"""Independent summary of the activities of a GPX or TCX file (plain or
.gz), for tests/test_import_xml.c to compare lib/import/gpx.c and tcx.c
against.  Written from the rules in doc/training-load.md with Python's
expat (not libxml2), and without namespace processing, so that a prefix a
file never declares is no error.  Prints one tab-separated line per
activity:

    sport distance_m moving_s elapsed_s ascent_m descent_m avg_hr max_hr cadence_spm

("-" for no sport, -1 for a value the file does not give)."""
import gzip
import math
import sys
import xml.parsers.expat
from datetime import datetime, timezone

R = 6371008.8          # mean Earth radius, m
BAND = 5.0             # elevation dead band, m
MAX_PER_LEG = 120.0    # above: cadence already in steps/min


class Node:
    def __init__(self, name, attrs):
        self.name, self.attrs, self.kids, self.text = name, attrs, [], ""

    def child(self, name):
        return next((k for k in self.kids if k.name == name), None)

    def children(self, name):
        return [k for k in self.kids if k.name == name]

    def walk(self):
        yield self
        for k in self.kids:
            yield from k.walk()


def parse(raw):
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw[:3] == b"\xef\xbb\xbf":
        raw = raw[3:]
    raw = raw.lstrip(b" \t\r\n")
    stack, root = [], []
    p = xml.parsers.expat.ParserCreate()

    def start(name, attrs):
        n = Node(name.split(":")[-1], {k.split(":")[-1]: v for k, v in attrs.items()})
        (stack[-1].kids if stack else root).append(n)
        stack.append(n)

    def end(name):
        stack.pop()

    def data(s):
        stack[-1].text += s

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    p.Parse(raw, True)
    return root[0]


def num(node):
    if node is None:
        return math.nan
    try:
        return float(node.text.strip())
    except ValueError:
        return math.nan


def when(text):
    t = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.timestamp()


class Track:
    def __init__(self):
        self.dist, self.gain, self.loss, self.ref = 0.0, math.nan, math.nan, None
        self.times, self.seg_s, self.seg = [], 0.0, []
        self.hrs, self.cads, self.devdist, self.points, self.pos = [], [], [], 0, None

    def segment(self):
        if self.seg:
            self.seg_s += max(self.seg) - min(self.seg)
        self.seg, self.pos = [], None

    def add(self, lat, lon, ele, t, hr, cad, dist):
        self.points += 1
        if abs(lat) <= 90 and abs(lon) <= 180:
            if self.pos:
                la1, lo1 = map(math.radians, self.pos)
                la2, lo2 = math.radians(lat), math.radians(lon)
                a = (math.sin((la2 - la1) / 2) ** 2 +
                     math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
                self.dist += 2 * R * math.asin(math.sqrt(min(a, 1)))
            self.pos = (lat, lon)
        if math.isfinite(ele) and abs(ele) < 20000:
            if self.ref is None:
                self.ref, self.gain, self.loss = ele, 0.0, 0.0
            elif ele - self.ref >= BAND:
                self.gain += ele - self.ref
                self.ref = ele
            elif self.ref - ele >= BAND:
                self.loss += self.ref - ele
                self.ref = ele
        if math.isfinite(t):
            self.times.append(t)
            self.seg.append(t)
        if 0 < hr < 300:
            self.hrs.append(hr)
        if 0 < cad < 400:
            self.cads.append(cad)
        if 0 <= dist < 1e7:
            self.devdist.append(dist)

    def cadence(self):
        if not self.cads:
            return math.nan
        m = sum(self.cads) / len(self.cads)
        return m if m > MAX_PER_LEG else 2 * m


def first_named(node, names):
    for n in node.walk():
        if n is not node and n.name in names:
            return num(n)
    return math.nan


def gpx(root):
    out = []
    for trk in root.children("trk"):
        t = Track()
        for seg in trk.children("trkseg"):
            t.segment()
            for pt in seg.children("trkpt"):
                tm = pt.child("time")
                try:
                    tv = when(tm.text) if tm is not None else math.nan
                except ValueError:
                    tv = math.nan
                t.add(float(pt.attrs.get("lat", "nan")), float(pt.attrs.get("lon", "nan")),
                      num(pt.child("ele")), tv, first_named(pt, {"hr", "heartrate"}),
                      first_named(pt, {"cad", "cadence"}), math.nan)
        t.segment()
        if not t.points:
            continue
        typ = trk.child("type")
        start = min(t.times) if t.times else math.nan
        end = max(t.times) if t.times else math.nan
        out.append((typ.text.strip() if typ is not None else "-", t.dist,
                    t.seg_s if t.times else math.nan, end - start, t.gain, t.loss,
                    sum(t.hrs) / len(t.hrs) if t.hrs else math.nan,
                    max(t.hrs) if t.hrs else math.nan, t.cadence()))
    return out


def tcx(root):
    out = []
    for act in [n for n in root.walk() if n.name == "Activity" and n is not root]:
        t = Track()
        lap_t = lap_d = hr_w = hr_t = 0.0
        have_t = have_d = False
        lap_max = []
        for lap in act.children("Lap"):
            lt, ld = num(lap.child("TotalTimeSeconds")), num(lap.child("DistanceMeters"))
            if lt >= 0:
                lap_t, have_t = lap_t + lt, True
            if ld >= 0:
                lap_d, have_d = lap_d + ld, True
            avg = lap.child("AverageHeartRateBpm")
            avg = num(avg.child("Value")) if avg is not None else math.nan
            if avg > 0 and lt > 0:
                hr_w, hr_t = hr_w + avg * lt, hr_t + lt
            mx = lap.child("MaximumHeartRateBpm")
            mx = num(mx.child("Value")) if mx is not None else math.nan
            if mx > 0:
                lap_max.append(mx)
            for trk in lap.children("Track"):
                t.segment()
                for pt in trk.children("Trackpoint"):
                    pos = pt.child("Position")
                    lat = num(pos.child("LatitudeDegrees")) if pos is not None else math.nan
                    lon = num(pos.child("LongitudeDegrees")) if pos is not None else math.nan
                    hrn = pt.child("HeartRateBpm")
                    cad = math.nan
                    for n in pt.walk():
                        if n.name == "RunCadence" or (n.name == "Cadence" and n in pt.kids):
                            cad = num(n)
                            break
                    tm = pt.child("Time")
                    t.add(lat, lon, num(pt.child("AltitudeMeters")),
                          when(tm.text) if tm is not None else math.nan,
                          num(hrn.child("Value")) if hrn is not None else math.nan, cad,
                          num(pt.child("DistanceMeters")))
        t.segment()
        idn = act.child("Id")
        start = when(idn.text) if idn is not None else (min(t.times) if t.times else math.nan)
        if have_d and lap_d > 0:
            dist = lap_d
        elif t.devdist:
            dist = max(t.devdist)
        elif t.points or have_d:
            dist = t.dist
        else:
            dist = math.nan
        moving = lap_t if have_t else (t.seg_s if t.times else math.nan)
        elapsed = (max(t.times) - start) if t.times else math.nan
        if not elapsed >= 0:
            elapsed = moving
        hr = (sum(t.hrs) / len(t.hrs) if t.hrs else
              hr_w / hr_t if hr_t > 0 else math.nan)
        maxes = t.hrs + lap_max
        out.append((act.attrs.get("Sport", "-") or "-", dist, moving, elapsed, t.gain, t.loss,
                    hr, max(maxes) if maxes else math.nan, t.cadence()))
    return out


def main(path):
    root = parse(open(path, "rb").read())
    rows = gpx(root) if root.name == "gpx" else tcx(root)
    for r in rows:
        print("\t".join([r[0]] + ["-1" if math.isnan(v) else "%.6f" % v for v in r[1:]]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
