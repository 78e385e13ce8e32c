"""Regenerate strava_activities.csv: a synthetic Strava bulk-export
activities.csv (English, 2022+ header subset) for one runner.

Sixteen weeks of running that build gently, then jump in week 14 (a
classic load spike before pain behind the knee), in two pairs of shoes, with
a few bike rides and walks mixed in.  Deterministic (fixed seed).
"""

import csv
import datetime as dt
import random
import sys

HEADER = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type",
    "Activity Description", "Elapsed Time", "Distance", "Max Heart Rate",
    "Relative Effort", "Commute", "Activity Private Note", "Activity Gear",
    "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time",
    "Distance", "Max Speed", "Average Speed", "Elevation Gain",
    "Perceived Exertion",
]


def rows(seed: int = 7):
    rnd = random.Random(seed)
    start = dt.datetime(2026, 7, 6, 7, 30)
    aid = 9100000000
    for week in range(16):
        weekly = 22 + 2.0 * week if week < 13 else 68 + 6 * (week - 13)
        days = [0, 2, 4, 6] if week < 13 else [0, 1, 2, 4, 5, 6]
        share = [0.22, 0.22, 0.2, 0.36] if len(days) == 4 else [0.14, 0.14, 0.16, 0.16, 0.1, 0.3]
        for d, s in zip(days, share):
            when = start + dt.timedelta(days=7 * week + d, minutes=rnd.randint(-40, 600))
            km = round(weekly * s * rnd.uniform(0.92, 1.08), 2)
            pace = rnd.uniform(5.2, 6.1)  # min/km
            moving = int(km * pace * 60)
            gear = "Pegasus 39" if week < 9 or d != 6 else "Endorphin Speed"
            aid += rnd.randint(1000, 90000)
            yield [aid, when.strftime("%b %-d, %Y, %-I:%M:%S %p"),
                   "Long Run" if s == max(share) else "Morning Run", "Run", "",
                   moving + rnd.randint(0, 240), f"{km:.2f}", rnd.randint(150, 185), "",
                   "false", "", gear, f"activities/{aid}.fit.gz", "", "",
                   moving + rnd.randint(0, 240), moving, f"{km * 1000:.1f}",
                   f"{rnd.uniform(4, 6):.1f}", f"{1000 / (pace * 60):.3f}",
                   f"{km * rnd.uniform(4, 16):.0f}", rnd.choice(["", "", "4", "5", "6", "7"])]
        if week % 3 == 1:
            when = start + dt.timedelta(days=7 * week + 3, hours=10)
            aid += 777
            yield [aid, when.strftime("%b %-d, %Y, %-I:%M:%S %p"), "Afternoon Ride", "Ride", "",
                   3600, "24.10", "", "", "false", "", "", "", "", "", 3600, 3500, "24100.0",
                   "", "", "180", ""]
        if week % 4 == 2:
            when = start + dt.timedelta(days=7 * week + 5, hours=11)
            aid += 555
            yield [aid, when.strftime("%b %-d, %Y, %-I:%M:%S %p"), "Walk", "Walk", "",
                   2700, "3.20", "", "", "false", "", "Pegasus 39", "", "", "", 2700, 2650,
                   "3200.0", "", "", "15", ""]


def main(path: str = "strava_activities.csv") -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(rows())


if __name__ == "__main__":
    main(*sys.argv[1:])
