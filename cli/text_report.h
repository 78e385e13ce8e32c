/*
 * text_report.h - a report as text a runner can read.
 */
#ifndef KP_CLI_TEXT_REPORT_H
#define KP_CLI_TEXT_REPORT_H

#include <kneepain.h>
#include <stdio.h>

/* s (may be NULL): the session, to show the answers that counted;
 * with_changes: also list what would make the triage more or less urgent */
void print_text_report(FILE *out, const kp_report *r, const kp_model *m, const kp_session *s,
                       int with_changes);

#endif
