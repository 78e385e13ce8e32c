/*
 * date.h - calendar days without time zones (internal).
 */
#ifndef KP_DATE_H
#define KP_DATE_H

#include <stdint.h>

/** Days since 1970-01-01 of a proleptic Gregorian date (no validation). */
int32_t kp__days_from_civil(int y, unsigned m, unsigned d);
/** Inverse of kp__days_from_civil. */
void kp__civil_from_days(int32_t days, int *y, unsigned *m, unsigned *d);
/** Parse a strict "YYYY-MM-DD" (year 1900..2200, real calendar date).
 * Returns 0 and stores the day, or -1. */
int kp__date_parse_iso(const char *s, int32_t *day_out);
/** Format a day as "YYYY-MM-DD" into buf (>= 11 bytes). */
void kp__date_format(int32_t day, char *buf);

#endif
