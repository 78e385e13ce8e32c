/*
 * test_import_xml.c - GPX and TCX: the hand-made fixtures in
 * tests/fixtures/logs (figures worked out below), the safety of the XML
 * reader (no DTD, no entity expansion, nothing printed), and every real
 * GPX and TCX recording in ../shared/data/watch-logs against
 * tests/xml_summary.py, an independent reader (skipped without them).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "import/gpx.h"
#include "import/import.h"
#include "import/tcx.h"
#include "import/track.h"
#include "import/watch.h"
#include "import/xml.h"
#include "watch_files.h"

#include <libxml/xmlerror.h>
#include <libxml/globals.h>

static kp__log log_;
static void setup(void) { kp__log_init(&log_); }
static void teardown(void) { kp__log_free(&log_); }
TestSuite(xml, .init = setup, .fini = teardown);

static kp_status import_as(const char *text, const char *name, kp_import_format format)
{
    kp_import_options o = KP_IMPORT_OPTIONS_INIT;
    o.format = format;
    return kp__import_buffer(&log_, text, strlen(text), name, &o);
}

static int has_warning(const char *text)
{
    for (size_t i = 0; i < log_.nwarnings; i++)
        if (strstr(log_.warnings[i], text))
            return 1;
    return 0;
}

static unsigned char *fixture(const char *file, size_t *n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/fixtures/logs/%s", KP_SRCDIR, file);
    FILE *f = fopen(path, "rb");
    cr_assert(f, "%s missing", path);
    unsigned char *buf = malloc(1 << 16);
    *n = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

/* Along a meridian the haversine distance is R x the latitude change. */
#define METRES_PER_MILLIDEGREE (KP_TRACK_EARTH_RADIUS_M * M_PI / 180 * 0.001)

Test(xml, gpx_fixture_by_hand)
{
    size_t n;
    unsigned char *buf = fixture("watch_run.gpx", &n);
    kp__activities acts = {0};
    cr_assert_eq(kp__gpx_read(buf, n, "run.gpx", &acts), KP_OK, "%s", kp_error_message());
    cr_assert_eq(acts.n, 2);
    const kp__activity *a = &acts.v[0];
    cr_assert_str_eq(a->sport, "running");
    cr_assert(a->is_run && !a->sport_assumed);
    /* 3 steps of 0.001 degree; none across the gap between the segments */
    cr_assert_float_eq(a->distance_m, 3 * METRES_PER_MILLIDEGREE, 1e-6);
    cr_assert_float_eq(a->moving_s, 60 + 30, 1e-9);
    cr_assert_float_eq(a->elapsed_s, 150, 1e-9);
    /* 100 -> 103 (inside the band) -> 108 (+8) -> 104 (inside) -> 98 (-10) */
    cr_assert_float_eq(a->ascent_m, 8, 1e-9);
    cr_assert_float_eq(a->descent_m, 10, 1e-9);
    cr_assert_float_eq(a->avg_hr, (140 + 150 + 160 + 170) / 4.0, 1e-9);
    cr_assert_float_eq(a->max_hr, 170, 1e-9);
    cr_assert_float_eq(a->cadence_spm, 2 * 84.0, 1e-9);
    /* 23:30 at UTC-2 is 01:30 UTC the next day; the day is the local one */
    int64_t utc = (int64_t)kp__days_from_civil(2024, 5, 2) * 86400 + 3600 + 1800;
    cr_assert_float_eq(a->start_utc, (double)utc, 1e-9);
    cr_assert_float_eq(a->start_local, (double)(utc - 7200), 1e-9);
    cr_assert_str_eq(acts.v[1].sport, "Cycling");
    cr_assert_eq(acts.v[1].is_run, 0);
    kp__activities_free(&acts);

    cr_assert_eq(kp__import_buffer(&log_, (char *)buf, n, "run.gpx", NULL), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_eq(log_.runs[0].day, kp__days_from_civil(2024, 5, 1));
    cr_assert_float_eq(log_.runs[0].duration_min, 1.5, 1e-9);
    cr_assert_float_eq(log_.runs[0].elevation_gain_m, 8, 1e-9);
    cr_assert(has_warning("run.gpx: 1 Cycling activity skipped (only runs are imported)"));
    free(buf);
}

Test(xml, tcx_fixture_by_hand)
{
    size_t n;
    unsigned char *buf = fixture("watch_run.tcx", &n);
    kp__activities acts = {0};
    cr_assert_eq(kp__tcx_read(buf, n, "run.tcx", &acts), KP_OK, "%s", kp_error_message());
    cr_assert_eq(acts.n, 3);
    const kp__activity *a = &acts.v[0];
    cr_assert(a->is_run);
    cr_assert_float_eq(a->distance_m, 1000 + 1000.5, 1e-9);   /* the laps' own */
    cr_assert_float_eq(a->moving_s, 300 + 330, 1e-9);
    cr_assert_float_eq(a->elapsed_s, 11 * 60, 1e-9);          /* 07:00:00 -> 07:11:00 */
    /* 10 -> 20 (+10) -> 12 (-8) -> 5 (-7) -> 6 (inside the band) */
    cr_assert_float_eq(a->ascent_m, 10, 1e-9);
    cr_assert_float_eq(a->descent_m, 15, 1e-9);
    cr_assert_float_eq(a->avg_hr, (140 + 150 + 160 + 165 + 170) / 5.0, 1e-9);
    cr_assert_float_eq(a->max_hr, 175, 1e-9);                 /* lap 2's maximum */
    cr_assert_float_eq(a->cadence_spm, 2 * 87.0, 1e-9);
    cr_assert_float_eq(a->start_utc, (double)kp__days_from_civil(2024, 5, 3) * 86400 + 7 * 3600,
                       1e-9);
    kp__activities_free(&acts);

    cr_assert_eq(kp__import_buffer(&log_, (char *)buf, n, "run.tcx", NULL), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, 2.0005, 1e-12);
    cr_assert(has_warning("run.tcx: 1 Biking activity skipped"));
    cr_assert(has_warning("run.tcx: 1 Other activity skipped"));
    free(buf);
}

Test(xml, tcx_gzip_fixture_and_one_byte_feeding)
{
    size_t n;
    unsigned char *buf = fixture("watch_run.tcx.gz", &n);
    kp__importer *imp;
    cr_assert_eq(kp__import_begin(&imp, &log_, "run.tcx.gz", NULL), KP_OK);
    for (size_t i = 0; i < n; i++)
        kp__import_feed(imp, (char *)buf + i, 1);
    cr_assert_eq(kp__import_end(imp), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, 2.0005, 1e-12);
    free(buf);
}

Test(xml, treadmill_tcx_takes_the_device_distance)
{
    const char *t =
        "\n   <?xml version=\"1.0\"?>\n" /* white space first, as Strava serves TCX */
        "<TrainingCenterDatabase><Activities><Activity Sport=\"running\"><Id>2024-06-01T10:00:00Z</Id>"
        "<Lap><TotalTimeSeconds>240</TotalTimeSeconds><Track>"
        "<Trackpoint><Time>2024-06-01T10:00:00Z</Time><DistanceMeters>0</DistanceMeters><Cadence>170</Cadence></Trackpoint>"
        "<Trackpoint><Time>2024-06-01T10:02:00Z</Time><DistanceMeters>400</DistanceMeters><Cadence>174</Cadence></Trackpoint>"
        "<Trackpoint><Time>2024-06-01T10:04:00Z</Time><DistanceMeters>800</DistanceMeters><Cadence>172</Cadence></Trackpoint>"
        "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
    kp__activities acts = {0};
    cr_assert_eq(kp__tcx_read((const unsigned char *)t, strlen(t), "t.tcx", &acts), KP_OK, "%s",
                 kp_error_message());
    cr_assert_eq(acts.n, 1);
    cr_assert_float_eq(acts.v[0].distance_m, 800, 1e-9);
    cr_assert_float_eq(acts.v[0].moving_s, 240, 1e-9);
    /* a mean of 172 cannot be per leg: taken as steps/min, not doubled */
    cr_assert_float_eq(acts.v[0].cadence_spm, 172, 1e-9);
    cr_assert(isnan(acts.v[0].ascent_m) && isnan(acts.v[0].avg_hr));
    kp__activities_free(&acts);
}

Test(xml, gpx_without_type_bom_and_undeclared_prefix)
{
    const char *g =
        "\xEF\xBB\xBF<?xml version=\"1.0\"?><gpx version=\"1.1\"><trk><trkseg>"
        "<trkpt lat=\"10\" lon=\"20\"><time>2024-06-02T08:00:00Z</time>"
        "<extensions><gpxdata:hr>120</gpxdata:hr></extensions></trkpt>"
        "<trkpt lat=\"10.001\" lon=\"20\"><time>2024-06-02T08:01:00Z</time></trkpt>"
        "</trkseg></trk></gpx>";
    cr_assert_eq(import_as(g, "g.gpx", KP_FORMAT_GPX), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert_float_eq(log_.runs[0].distance_km, METRES_PER_MILLIDEGREE / 1000, 1e-12);
    cr_assert_eq(log_.runs[0].day, kp__days_from_civil(2024, 6, 2));
    cr_assert(has_warning("g.gpx: 1 activity without a sport counted as a run"));
}

Test(xml, strava_numeric_type)
{
    const char *g = "<gpx><trk><type>9</type><trkseg>"
                    "<trkpt lat=\"0\" lon=\"0\"><time>2024-06-02T08:00:00Z</time></trkpt>"
                    "</trkseg></trk><trk><type>1</type><trkseg>"
                    "<trkpt lat=\"0\" lon=\"0\"><time>2024-06-03T08:00:00Z</time></trkpt>"
                    "</trkseg></trk></gpx>";
    cr_assert_eq(import_as(g, "s.gpx", KP_FORMAT_AUTO), KP_OK, "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 1);
    cr_assert(has_warning("s.gpx: 1 1 activity skipped"));
}

/* ---- refusals ------------------------------------------------------------ */

static void refused(const char *text, const char *name, kp_import_format fmt, kp_status want,
                    const char *message)
{
    cr_assert_eq(import_as(text, name, fmt), want, "%s", kp_error_message());
    cr_assert(strstr(kp_error_message(), message), "%s", kp_error_message());
    cr_assert_eq(log_.nruns, 0);
}

Test(xml, external_entity_is_refused)
{
    refused("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            "<gpx><trk><type>&x;</type></trk></gpx>",
            "xxe.gpx", KP_FORMAT_AUTO, KP_EPARSE, "a GPX file with a document type declaration");
}

Test(xml, entity_expansion_is_refused)
{
    refused("<?xml version=\"1.0\"?><!DOCTYPE gpx [<!ENTITY a \"aaaaaaaaaa\">"
            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            "<gpx><trk><name>&c;</name></trk></gpx>",
            "lol.gpx", KP_FORMAT_AUTO, KP_EPARSE, "lol.gpx:1: a GPX file");
}

Test(xml, not_well_formed_names_the_line)
{
    refused("<?xml version=\"1.0\"?>\n<gpx>\n<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\"></trk>\n",
            "cut.gpx", KP_FORMAT_AUTO, KP_EPARSE, "cut.gpx:4: a GPX file that is not well-formed XML");
}

static int host_calls;
static void host_generic(void *ctx, const char *msg, ...) { (void)ctx, (void)msg; host_calls++; }

static const char *const noisy_inputs[] = {
    "<?xml version=\"1.0\"?>\n<gpx><trk>&nope;<gpxdata:x/></gpx",
    "<?xml version=\"1.0\" encoding=\"UTF-7\"?>\n<gpx><trk><name>\x96\x3E</name></trk></gpx>",
    "<?xml version=\"1.0\" encoding=\"no-such-charset\"?>\n<gpx/>",
};

/* libxml2 prints its errors to stderr unless told otherwise; some of them
 * (encoding conversion) bypass a reader's own handler. */
Test(xml, libxml2_prints_nothing)
{
    xmlSetGenericErrorFunc(NULL, NULL);   /* libxml2's default: stderr */
    fflush(stderr);
    int saved = dup(2);
    FILE *tmp = tmpfile();
    cr_assert(tmp && saved >= 0);
    dup2(fileno(tmp), 2);
    kp_status st[3];
    for (int i = 0; i < 3; i++)
        st[i] = import_as(noisy_inputs[i], "p.gpx", KP_FORMAT_AUTO);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long printed = ftell(tmp);
    fclose(tmp);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(st[i], KP_EPARSE, "input %d: %s", i, kp_error_message());
    cr_assert_eq(printed, 0, "libxml2 wrote %ld bytes to stderr", printed);
}

/* The calling thread's own libxml2 handler is neither called nor replaced. */
Test(xml, host_libxml2_handler_is_left_alone)
{
    xmlSetGenericErrorFunc(&log_, host_generic);
    host_calls = 0;
    for (int i = 0; i < 3; i++)
        cr_assert_eq(import_as(noisy_inputs[i], "p.gpx", KP_FORMAT_AUTO), KP_EPARSE);
    cr_assert_eq(host_calls, 0);
    cr_assert(xmlGenericError == host_generic && xmlGenericErrorContext == &log_,
              "the caller's libxml2 error handler was not restored");
    xmlSetGenericErrorFunc(NULL, NULL);
}

Test(xml, other_xml_and_empty_tracks)
{
    refused("<?xml version=\"1.0\"?><kml><Document/></kml>", "k.xml", KP_FORMAT_AUTO, KP_EFORMAT,
            "k.xml: an XML file that is neither GPX nor TCX (root element <kml>)");
    refused("<gpx><rte><rtept lat=\"1\" lon=\"1\"/></rte></gpx>", "r.gpx", KP_FORMAT_AUTO,
            KP_EPARSE, "r.gpx: a GPX file without a recorded track");
    refused("<TrainingCenterDatabase><Courses/></TrainingCenterDatabase>", "c.tcx",
            KP_FORMAT_AUTO, KP_EPARSE, "c.tcx: a TCX file without an activity");
}

Test(xml, requested_format_is_checked)
{
    refused("<TrainingCenterDatabase/>", "t.tcx", KP_FORMAT_GPX, KP_EFORMAT,
            "not the requested format (the content is a TCX file)");
    refused("date,distance_km\n2024-05-01,5\n", "p.csv", KP_FORMAT_TCX, KP_EFORMAT,
            "p.csv: not a TCX file (no XML document)");
    refused("<gpx/>", "g.gpx", KP_FORMAT_FIT, KP_EFORMAT, "(the content is a GPX file)");
}

Test(xml, iso_times)
{
    double utc, local;
    cr_assert_eq(kp__xml_time("2024-02-29T12:00:00.250Z", &utc, &local), 0);
    cr_assert_float_eq(utc, kp__days_from_civil(2024, 2, 29) * 86400.0 + 43200.25, 1e-6);
    cr_assert(isnan(local));
    cr_assert_eq(kp__xml_time("2024-02-29T12:00:00+0530", &utc, &local), 0);
    cr_assert_float_eq(local - utc, 5.5 * 3600, 1e-6);
    cr_assert_eq(kp__xml_time("2023-02-29T12:00:00Z", &utc, &local), -1);
    cr_assert_eq(kp__xml_time("2024-02-28 12:00", &utc, &local), -1);
    cr_assert_eq(kp__xml_time("2024-02-28T12:00:00Zjunk", &utc, &local), -1);
}

/* ---- real recordings --------------------------------------------------- */

static int same(double c, double py)
{
    return py < 0 ? isnan(c) : fabs(c - py) < 1e-4 * (1 + fabs(py));
}

static size_t compare_file(const char *path, const char *name)
{
    char cmd[4400], sport[64];
    size_t n;
    unsigned char *buf = read_any(path, &n);
    kp__activities acts = {0};
    kp_status st = strstr(name, ".gpx") ? kp__gpx_read(buf, n, name, &acts)
                                        : kp__tcx_read(buf, n, name, &acts);
    cr_assert_eq(st, KP_OK, "%s", kp_error_message());
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/xml_summary.py '%s'", KP_SRCDIR, path);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t i = 0;
    double v[8];
    while (fscanf(p, "%63[^\t]\t%lf\t%lf\t%lf\t%lf\t%lf\t%lf\t%lf\t%lf\n", sport, &v[0], &v[1],
                  &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 9) {
        cr_assert(i < acts.n, "%s: fewer activities than the reader found", name);
        const kp__activity *a = &acts.v[i];
        cr_assert_str_eq(a->sport[0] ? a->sport : "-", sport, "%s activity %zu", name, i);
        const double c[8] = {a->distance_m, a->moving_s, a->elapsed_s, a->ascent_m,
                             a->descent_m, a->avg_hr, a->max_hr, a->cadence_spm};
        const char *what[8] = {"distance", "moving", "elapsed", "ascent", "descent",
                               "mean HR", "max HR", "cadence"};
        for (int k = 0; k < 8; k++)
            cr_assert(same(c[k], v[k]), "%s activity %zu %s: %f vs %f", name, i, what[k], c[k],
                      v[k]);
        i++;
    }
    cr_assert_eq(pclose(p), 0, "%s: xml_summary.py failed", name);
    cr_assert_eq(i, acts.n, "%s: %zu activities vs %zu", name, acts.n, i);
    kp__activities_free(&acts);
    free(buf);
    return i;
}

Test(xml, real_recordings_match_an_independent_reader)
{
    char dir[1024];
    if (!watch_logs(dir, sizeof dir))
        cr_skip_test("../shared/data/watch-logs not present");
    if (access("/usr/bin/python3", X_OK))
        cr_skip_test("/usr/bin/python3 not present");
    static const char *const sub[] = {"gpx", "tcx", "gz", "strava-export/activities", NULL};
    static const char *const ext[] = {".gpx", ".tcx", NULL};
    size_t activities = 0;
    size_t files = each_watch_file(dir, sub, ext, compare_file, &activities);
    cr_assert_geq(files, 30, "only %zu GPX/TCX files found in %s", files, dir);
    cr_log_info("%zu GPX/TCX files, %zu activities compared", files, activities);
}

/* Every real GPX/TCX goes through the whole import path too. */
static size_t import_real(const char *path, const char *name)
{
    static char buf[4 << 20];
    FILE *f = fopen(path, "rb");
    cr_assert(f);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    size_t before = log_.nruns;
    cr_assert_eq(kp__import_buffer(&log_, buf, n, name, NULL), KP_OK, "%s", kp_error_message());
    cr_assert_gt(log_.nruns, before, "%s: no run", name);
    return 1;
}

Test(xml, real_recordings_import)
{
    char dir[1024];
    if (!watch_logs(dir, sizeof dir))
        cr_skip_test("../shared/data/watch-logs not present");
    static const char *const sub[] = {"gpx", "tcx", "gz", NULL};
    static const char *const ext[] = {".gpx", ".tcx", NULL};
    size_t total = 0;
    cr_assert_geq(each_watch_file(dir, sub, ext, import_real, &total), 17);
}
