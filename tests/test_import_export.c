/*
 * test_import_export.c - Strava bulk export: a small export built here as a
 * folder and as a ZIP (libarchive's writer), the refusals, and the real
 * export in ../shared/data/watch-logs (folder and ZIP; skipped without it).
 */
#include <archive.h>
#include <archive_entry.h>
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "import/export.h"
#include "import/import.h"
#include "watch_files.h"

static kp__log log_;
static void setup(void) { kp__log_init(&log_); }
static void teardown(void) { kp__log_free(&log_); }
TestSuite(export, .init = setup, .fini = teardown);

static int has_warning(const char *text)
{
    for (size_t i = 0; i < log_.nwarnings; i++)
        if (strstr(log_.warnings[i], text))
            return 1;
    return 0;
}

#define TCX_RUN(id, alt2)                                                                   \
    "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Id>" id "</Id><Lap>"   \
    "<TotalTimeSeconds>1800</TotalTimeSeconds><DistanceMeters>5000</DistanceMeters><Track>" \
    "<Trackpoint><Time>" id "</Time><AltitudeMeters>100</AltitudeMeters></Trackpoint>"       \
    "<Trackpoint><Time>" id "</Time><AltitudeMeters>" alt2 "</AltitudeMeters></Trackpoint>"  \
    "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"

/* Row 1: a run whose file adds the elevation gain the row lacks; row 2: a
 * ride with its file; row 3: a manual run without a file.  Files alone:
 * 4.gpx (a run of its own), 5.tcx (the same start as row 3: counted once,
 * adding its detail),
 * notes.txt (not an activity file: a warning). */
static const char *const entries[][2] = {
    {"activities.csv",
     "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename,"
     "Moving Time,Distance,Elevation Gain\n"
     "1,\"May 1, 2024, 6:00:00 AM\",Morning Run,Run,1800,5.00,activities/1.tcx,1800,5000.0,\n"
     "2,\"May 2, 2024, 6:00:00 AM\",Ride,Ride,3600,30.0,activities/2.gpx,3600,30000.0,100\n"
     "3,\"May 3, 2024, 6:00:00 AM\",Manual,Run,1200,3.00,,1200,3000.0,\n"},
    {"activities/1.tcx", TCX_RUN("2024-05-01T06:00:00Z", "112")},
    {"activities/2.gpx", "<gpx><trk><type>cycling</type><trkseg>"
                         "<trkpt lat=\"0\" lon=\"0\"><time>2024-05-02T06:00:00Z</time></trkpt>"
                         "<trkpt lat=\"0.1\" lon=\"0\"><time>2024-05-02T07:00:00Z</time></trkpt>"
                         "</trkseg></trk></gpx>"},
    {"activities/4.gpx", "<gpx><trk><type>running</type><trkseg>"
                         "<trkpt lat=\"0\" lon=\"0\"><time>2024-05-04T06:00:00Z</time></trkpt>"
                         "<trkpt lat=\"0.01\" lon=\"0\"><time>2024-05-04T06:06:00Z</time></trkpt>"
                         "</trkseg></trk></gpx>"},
    {"activities/5.tcx", TCX_RUN("2024-05-03T06:00:20Z", "101")},
    {"activities/notes.txt", "not an activity"},
    {"profile.csv", "Email\nx@example.org\n"},
};
#define NENTRIES (sizeof entries / sizeof *entries)

static void check_small_export(const char *name)
{
    cr_assert_eq(log_.nruns, 3, "%zu runs", log_.nruns);
    const kp__run *r1 = &log_.runs[0], *r3 = &log_.runs[1], *r4 = &log_.runs[2];
    cr_assert_eq(r1->day, kp__days_from_civil(2024, 5, 1));
    cr_assert_float_eq(r1->elevation_gain_m, 12, 1e-9);   /* from 1.tcx */
    cr_assert_eq(r3->day, kp__days_from_civil(2024, 5, 3));
    /* 5.tcx starts 20 s after row 3: the same run (100 -> 101 m: no gain) */
    cr_assert_float_eq(r3->elevation_gain_m, 0, 1e-9);
    cr_assert_eq(r4->day, kp__days_from_civil(2024, 5, 4));
    cr_assert_float_eq(r4->distance_km, 0.01 * M_PI / 180 * 6371008.8 / 1000, 1e-9);
    char want[512];
    snprintf(want, sizeof want, "%s: 2 activities from activities.csv, 1 of them with their "
             "activity file; 1 more from files alone; 1 files repeating a row counted once",
             name);
    cr_assert(has_warning(want), "%s", log_.nwarnings ? log_.warnings[log_.nwarnings - 1] : "");
    cr_assert(has_warning("activities/notes.txt: not an activity file"));
    cr_assert(!has_warning("cycling"), "the ride's row already decided it");
}

static void write_folder(const char *dir, size_t skip)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/activities", dir);
    cr_assert_eq(mkdir(dir, 0700), 0);
    cr_assert_eq(mkdir(path, 0700), 0);
    for (size_t i = 0; i < NENTRIES; i++) {
        if (i == skip)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, entries[i][0]);
        FILE *f = fopen(path, "wb");
        cr_assert(f);
        fputs(entries[i][1], f);
        fclose(f);
    }
}

static void remove_folder(const char *dir)
{
    char path[1024];
    for (size_t i = 0; i < NENTRIES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, entries[i][0]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/activities", dir);
    rmdir(path);
    rmdir(dir);
}

/* A ZIP of the entries (all but `skip`) under `prefix`, into buf. */
static size_t write_zip(unsigned char *buf, size_t cap, const char *prefix, size_t skip)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    size_t used = 0;
    cr_assert_eq(archive_write_open_memory(a, buf, cap, &used), ARCHIVE_OK);
    for (size_t i = 0; i < NENTRIES; i++) {
        if (i == skip)
            continue;
        char path[256];
        snprintf(path, sizeof path, "%s%s", prefix, entries[i][0]);
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, path);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)strlen(entries[i][1]));
        cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
        archive_write_data(a, entries[i][1], strlen(entries[i][1]));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return used;
}

Test(export, folder)
{
    char dir[256];
    snprintf(dir, sizeof dir, "/tmp/kp_export_%d", (int)getpid());
    write_folder(dir, (size_t)-1);
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    kp_status st = kp__export_dir(&log_, dir, &o);
    remove_folder(dir);
    cr_assert_eq(st, KP_OK, "%s", kp_error_message());
    check_small_export(dir);
}

Test(export, zip_through_the_importer)
{
    static unsigned char zip[1 << 16];
    size_t n = write_zip(zip, sizeof zip, "export_42/", (size_t)-1);
    cr_assert_eq(kp__import_buffer(&log_, (char *)zip, n, "export.zip", NULL), KP_OK, "%s",
                 kp_error_message());
    check_small_export("export.zip");
}

Test(export, refusals)
{
    static unsigned char zip[1 << 16];
    size_t n = write_zip(zip, sizeof zip, "", 0);
    cr_assert_eq(kp__import_buffer(&log_, (char *)zip, n, "x.zip", NULL), KP_EFORMAT);
    cr_assert(strstr(kp_error_message(), "x.zip: a ZIP archive without activities.csv"), "%s",
              kp_error_message());
    n = write_zip(zip, sizeof zip, "", (size_t)-1);
    cr_assert_eq(kp__import_buffer(&log_, (char *)zip, n / 2, "cut.zip", NULL), KP_EPARSE, "%s",
                 kp_error_message());
    cr_assert(strstr(kp_error_message(), "cut.zip: a damaged ZIP archive"), "%s",
              kp_error_message());
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.format = KP_FORMAT_GPX;
    cr_assert_eq(kp__import_buffer(&log_, (char *)zip, n, "y.zip", &o), KP_EFORMAT);
    char dir[256];
    snprintf(dir, sizeof dir, "/tmp/kp_export_nocsv_%d", (int)getpid());
    write_folder(dir, 0);
    kp_import_options d = KP_IMPORT_OPTIONS_INIT;
    kp_status st = kp__export_dir(&log_, dir, &d);
    remove_folder(dir);
    cr_assert_eq(st, KP_EIO);
    cr_assert(strstr(kp_error_message(), "a folder without activities.csv"), "%s",
              kp_error_message());
}

/* The real export: every Run row of activities.csv becomes a run (counted
 * here with Python's csv module), and the folder and its ZIP agree. */
Test(export, real_export_folder_and_zip)
{
    char dir[1024], path[2048], cmd[2400];
    if (!watch_logs(dir, sizeof dir))
        cr_skip_test("../shared/data/watch-logs not present");
    snprintf(path, sizeof path, "%s/strava-export", dir);
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    cr_assert_eq(kp__export_dir(&log_, path, &o), KP_OK, "%s", kp_error_message());
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import csv,sys; print(sum(r['Activity "
             "Type'] == 'Run' for r in csv.DictReader(open(sys.argv[1]))))\" %s/activities.csv",
             path);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t want = 0;
    cr_assert_eq(fscanf(p, "%zu", &want), 1);
    pclose(p);
    cr_assert_eq(log_.nruns, want, "%zu runs vs %zu Run rows", log_.nruns, want);
    kp__log zip;
    kp__log_init(&zip);
    snprintf(path, sizeof path, "%s/strava-export.zip", dir);
    size_t n;
    unsigned char *buf = read_any(path, &n);
    cr_assert_eq(kp__import_buffer(&zip, (char *)buf, n, "strava-export.zip", NULL), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(zip.nruns, log_.nruns);
    for (size_t i = 0; i < zip.nruns; i++) {
        cr_assert_eq(zip.runs[i].day, log_.runs[i].day, "run %zu", i);
        cr_assert_float_eq(zip.runs[i].distance_km, log_.runs[i].distance_km, 1e-12);
    }
    kp__log_free(&zip);
    free(buf);
}
