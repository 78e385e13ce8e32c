/*
 * bench_fit.c - FIT decoding throughput through the public API.
 *
 * Builds in memory a FIT activity of one run with RECORDS record messages
 * (timestamp, position, distance, altitude, heart rate, cadence: 22 bytes
 * each, half of them with compressed-timestamp headers), one session and
 * a correct CRC, then imports it REPEAT times with
 * kp_session_import_buffer() and reports MB/s.  Usage: bench_fit [RECORDS].
 */
#include <kneepain.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEAT 20

static unsigned char *buf;
static size_t n;

static void put(unsigned v, int size)
{
    for (int i = 0; i < size; i++)
        buf[n++] = (unsigned char)(v >> (8 * i));
}

static void def(unsigned local, unsigned global, const unsigned char (*f)[3], unsigned nf)
{
    put(0x40 | local, 1), put(0, 1), put(0, 1), put(global, 2), put(nf, 1);
    for (unsigned i = 0; i < nf; i++)
        put(f[i][0], 1), put(f[i][1], 1), put(f[i][2], 1);
}

static uint16_t crc16(const unsigned char *p, size_t len)
{
    uint16_t c = 0;
    for (size_t i = 0; i < len; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (uint16_t)((c >> 1) ^ 0xA001) : (uint16_t)(c >> 1);
    }
    return c;
}

int main(int argc, char **argv)
{
    long records = argc > 1 ? atol(argv[1]) : 1000000;
    buf = malloc((size_t)records * 24 + 4096);
    if (!buf)
        return 1;
    put(14, 1), put(0x20, 1), put(2132, 2), put(0, 4);
    memcpy(buf + n, ".FIT", 4), n += 4;
    put(0, 2);
    static const unsigned char full[][3] = {{253, 4, 0x86}, {0, 4, 0x85}, {1, 4, 0x85},
                                            {5, 4, 0x86}, {2, 2, 0x84}, {3, 1, 2}, {4, 1, 2}};
    static const unsigned char brief[][3] = {{0, 4, 0x85}, {1, 4, 0x85}, {5, 4, 0x86},
                                             {2, 2, 0x84}, {3, 1, 2}, {4, 1, 2}};
    def(0, 20, full, 7);
    def(1, 20, brief, 6);
    const uint32_t t0 = 1083443400u;  /* 2024-05-01 in FIT seconds */
    for (long i = 0; i < records; i++) {
        uint32_t t = t0 + (uint32_t)i;
        if (i % 2 == 0)
            put(0, 1), put(t, 4);
        else
            put(0x80 | (1 << 5) | (t & 0x1F), 1);
        put(500000000u + (unsigned)i, 4), put(100000000u, 4), put((unsigned)i * 300, 4);
        put(2500 + (unsigned)(i % 100), 2), put(150, 1), put(85, 1);
    }
    static const unsigned char session[][3] = {{253, 4, 0x86}, {2, 4, 0x86}, {5, 1, 0},
                                               {7, 4, 0x86}, {8, 4, 0x86}, {9, 4, 0x86}};
    def(2, 18, session, 6);
    put(2, 1), put(t0 + (uint32_t)records, 4), put(t0, 4), put(1, 1);
    put((unsigned)records * 1000, 4), put((unsigned)records * 1000, 4), put(1000000, 4);
    uint32_t data_size = (uint32_t)(n - 14);
    memcpy(buf + 4, &(unsigned char[4]){data_size, data_size >> 8, data_size >> 16, data_size >> 24}, 4);
    uint16_t hc = crc16(buf, 12);
    buf[12] = hc & 0xFF, buf[13] = hc >> 8;
    uint16_t fc = crc16(buf, n);
    put(fc, 2);

    kp_model *m = NULL;
    kp_session *s = NULL;
    if (kp_model_default(&m) || kp_session_new(&s, m))
        return 1;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int r = 0; r < REPEAT; r++) {
        kp_session_free(s);
        if (kp_session_new(&s, m) ||
            kp_session_import_buffer(s, (const char *)buf, n, "bench.fit", NULL)) {
            fprintf(stderr, "bench_fit: %s\n", kp_error_message());
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double sec = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("FIT decode: %ld records, %.1f MB x %d in %.3f s: %.0f MB/s (%zu run)\n", records,
           (double)n / 1e6, REPEAT, sec, (double)n * REPEAT / 1e6 / sec,
           kp_session_run_count(s));
    kp_session_free(s);
    kp_model_free(m);
    free(buf);
    return 0;
}
