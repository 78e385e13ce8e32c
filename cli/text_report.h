/*
 * text_report.h - a report as text a runner can read.
 */
#ifndef KP_CLI_TEXT_REPORT_H
#define KP_CLI_TEXT_REPORT_H

#include <kneepain.h>
#include <stdio.h>

void print_text_report(FILE *out, const kp_report *r, const kp_model *m);

#endif
