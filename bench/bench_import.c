/*
 * bench_import.c - import throughput of a large Strava export.
 *
 * Writes a 1,000,000-row, 94-column Strava activities.csv (the 2022-2025
 * header, en-US quoted dates, some multi-line descriptions, runs, walks in
 * running shoes and rides) to a temporary file, then imports it through the
 * public API, computes the training-load figures and reports MB/s and peak
 * memory (ru_maxrss).  Usage: bench_import [ROWS].
 */
#include <kneepain.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static const char header[] =
    "Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,"
    "Distance,Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,"
    "Athlete Weight,Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,"
    "Elevation Gain,Elevation Loss,Elevation Low,Elevation High,Max Grade,Average Grade,"
    "Average Positive Grade,Average Negative Grade,Max Cadence,Average Cadence,Max Heart Rate,"
    "Average Heart Rate,Max Watts,Average Watts,Calories,Max Temperature,Average Temperature,"
    "Relative Effort,Total Work,Number of Runs,Uphill Time,Downhill Time,Other Time,"
    "Perceived Exertion,Type,Start Time,Weighted Average Power,Power Count,"
    "Prefer Perceived Exertion,Perceived Relative Effort,Commute,Total Weight Lifted,From Upload,"
    "Grade Adjusted Distance,Weather Observation Time,Weather Condition,Weather Temperature,"
    "Apparent Temperature,Dewpoint,Humidity,Weather Pressure,Wind Speed,Wind Gust,Wind Bearing,"
    "Precipitation Intensity,Sunrise Time,Sunset Time,Moon Phase,Bike,Gear,"
    "Precipitation Probability,Precipitation Type,Cloud Cover,Weather Visibility,UV Index,"
    "Weather Ozone,Jump Count,Total Grit,Average Flow,Flagged,Average Elapsed Speed,"
    "Dirt Distance,Newly Explored Distance,Newly Explored Dirt Distance,Activity Count,"
    "Total Steps,Carbon Saved,Pool Length,Training Load,Intensity,Average Grade Adjusted Pace,"
    "Timer Time,Total Cycles,Media\n";

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const gears[] = {"Saucony Endorphin Speed 3 Blue bolts ",
                                    "Saucony Triumph 20 Easydayzzzz", "HOKA Speedgoat 5 Trailzzzz",
                                    "Brooks Ghost Max Spooky \xF0\x9F\x91\xBB "};

/* Civil date of day `n` after 1900-01-01 (n >= 0). */
static void civil(long n, int *y, int *m, int *d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    *y = 1900;
    for (;;) {
        int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
        if (n < 365 + leap)
            break;
        n -= 365 + leap;
        (*y)++;
    }
    int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    for (*m = 0; n >= mdays[*m] + (*m == 1 && leap); (*m)++)
        n -= mdays[*m] + (*m == 1 && leap);
    *d = (int)n + 1;
}

static int write_export(FILE *f, long rows)
{
    fputs(header, f);
    unsigned seed = 12345;
    for (long i = 0; i < rows; i++) {
        /* ten activities a day, two hours apart: 100,000 calendar days */
        int y, m, d;
        civil(i / 10, &y, &m, &d);
        int hour = (int)(i % 10) + 6, h12 = hour > 12 ? hour - 12 : hour;
        seed = seed * 1103515245u + 12345u;
        unsigned kind = (seed >> 16) % 10;
        const char *type = kind < 7 ? "Run" : kind < 9 ? "Walk" : "Ride";
        double km = kind < 7 ? 3.0 + (seed >> 8) % 1500 / 100.0 : kind < 9 ? 2.43 : 35.2;
        double metres = km * 1000.0 + 1.3;
        const char *gear = kind < 9 ? gears[(seed >> 4) % 4] : "Canyon Endurace";
        const char *descr = (seed >> 12) % 8 == 0 ? "\"Easy run\nlegs felt heavy, \"\"tempo\"\" next\"" : "";
        fprintf(f,
                "%ld,\"%s %d, %d, %d:%02d:%02d %s\",%s %s,%s,%s,%d,%.2f,171.0,42,false,,%s,"
                "activities/%ld.fit.gz,63.5,,%d.0,%d.0,%.1f,4.2,3.1,%.1f,%.1f,12.4,61.3,8.1,0.2,"
                "1.4,-1.3,92.0,81.5,171.0,148.2,,,612.0,28.0,24.0,42.0,,,,,,,,,,,,,,false,"
                "%.1f,1677330048.0,3.0,21.4,21.4,11.2,0.61,1013.2,3.4,6.1,212.0,0.0,"
                "1677305012.0,1677345678.0,0.42,,12090302.0,0.0,,0.12,16093.0,3.0,271.3,,,,,"
                "3.05,,,,1.0,8420.0,,,81.0,0.78,4.1,%d.0,,\n",
                1000000000L + i, months[m], d, y, h12, (int)(i % 7) * 7, (int)(i % 59),
                hour >= 12 ? "PM" : "AM", hour < 12 ? "Morning" : "Afternoon", type, type, descr,
                (int)(km * 330), km, gear, 9000000000L + i, (int)(km * 330), (int)(km * 320),
                metres, km * 3, km * 3 - 2, metres * 1.01, (int)(km * 320));
    }
    return ferror(f) ? -1 : 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long rows = argc > 1 ? atol(argv[1]) : 1000000L;
    char path[] = "/tmp/kneepain-bench-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    FILE *f = fdopen(fd, "w");
    double t0 = now();
    if (!f || write_export(f, rows) || fclose(f)) {
        perror("writing the export");
        unlink(path);
        return 1;
    }
    double t1 = now();
    struct rusage before;
    getrusage(RUSAGE_SELF, &before);

    kp_model *model = NULL;
    kp_session *s = NULL;
    kp_report *r = NULL;
    int code = 1;
    if (kp_model_default(&model) || kp_session_new(&s, model))
        goto out;
    double t2 = now();
    if (kp_session_import_file(s, path, NULL)) {
        fprintf(stderr, "import: %s\n", kp_error_message());
        goto out;
    }
    double t3 = now();
    struct rusage imported;
    getrusage(RUSAGE_SELF, &imported);
    if (kp_session_assess(s, &r)) {
        fprintf(stderr, "assess: %s\n", kp_error_message());
        goto out;
    }
    double t4 = now();
    struct rusage after;
    getrusage(RUSAGE_SELF, &after);

    FILE *g = fopen(path, "rb");
    fseek(g, 0, SEEK_END);
    double mb = ftell(g) / 1e6;
    fclose(g);
    double wk = 0;
    kp_report_load_metric(r, "weekly_km", &wk);
    printf("rows            %ld (%zu runs)\n", rows, kp_session_run_count(s));
    printf("file            %.1f MB, 94 columns (written in %.2f s)\n", mb, t1 - t0);
    printf("import          %.2f s = %.1f MB/s\n", t3 - t2, mb / (t3 - t2));
    printf("assess          %.3f s (weekly_km %.2f, %zu shoes)\n", t4 - t3, wk,
           kp_report_shoe_count(r));
    printf("peak memory     %.1f MB (before import %.1f MB, after import %.1f MB)\n",
           after.ru_maxrss / 1024.0, before.ru_maxrss / 1024.0, imported.ru_maxrss / 1024.0);
    code = 0;
out:
    kp_report_free(r);
    kp_session_free(s);
    kp_model_free(model);
    unlink(path);
    return code;
}
