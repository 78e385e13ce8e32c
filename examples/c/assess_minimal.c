/* assess_minimal.c - the C API in ten lines: default model, a session, a few
 * answers, an assessment, its triage and plan. */
#include <kneepain.h>
#include <stdio.h>

int main(void)
{
    kp_model *model = NULL;
    kp_session *session = NULL;
    kp_report *report = NULL;
    int rc = kp_model_default(&model);
    if (!rc) rc = kp_session_new(&session, model);
    if (!rc) rc = kp_session_set_number(session, "age", 34);
    if (!rc) rc = kp_session_set_choice(session, "pain_side", "lateral");
    if (!rc) rc = kp_session_set_bool(session, "pain_resisted_flexion", 1);
    if (!rc) rc = kp_session_set_bool(session, "calf_swelling", 0);
    if (!rc) rc = kp_session_assess(session, &report);
    if (rc) {
        fprintf(stderr, "assess_minimal: %s: %s\n", kp_strerror(rc), kp_error_message());
        return 1;
    }
    printf("triage: %s\n", kp_level_id(kp_report_level(report)));
    for (size_t i = 0; i < kp_report_plan_count(report); i++)
        printf("%zu. %s: %s\n", i + 1, kp_report_plan_remedy(report, i), kp_report_plan_text(report, i));
    printf("most likely: %s (%.0f%%)\n%s\n", kp_report_condition_id(report, 0),
           100 * kp_report_condition_probability(report, 0), kp_report_disclaimer(report));
    kp_report_free(report);
    kp_session_free(session);
    kp_model_free(model);
    return 0;
}
