/*
 * text_report.h - a report as text a runner can read.
 */
#ifndef KP_CLI_TEXT_REPORT_H
#define KP_CLI_TEXT_REPORT_H

#include <kneepain.h>
#include <stdio.h>

/* with_changes: also list what would make the triage more or less urgent */
void print_text_report(FILE *out, const kp_report *r, const kp_model *m, int with_changes);

#endif
