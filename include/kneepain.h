/*
 * kneepain.h - public API of libkneepain.
 *
 * libkneepain is an embeddable, offline decision-support library for runners
 * with pain behind the knee after running.  It scores contributing causes,
 * ranks likely conditions, decides how urgently to see a professional, builds
 * a dosed remedy plan and proposes the next most useful question, explaining
 * every number.  It is education and decision support, never a diagnosis.
 *
 * This header is the reference documentation.  Conventions that hold for
 * every function unless its comment says otherwise:
 *
 *  - Status: functions returning kp_status give KP_OK (0) on success and a
 *    negative KP_E* code on failure.  On failure a message naming the
 *    offending field (and file:line:column for files) is stored in the
 *    calling thread's last-error slot: see kp_error_message().  A failed call
 *    leaves its objects exactly as they were (no partial changes).
 *  - Ownership: objects returned through a `**out` parameter belong to the
 *    caller and are released with the type's _free function; `*out` is set to
 *    NULL on failure.  Strings returned as `const char *` are borrowed: they
 *    stay valid as long as the object they came from.  `char **out` strings
 *    belong to the caller and are released with kp_free().
 *  - IDs are lowercase snake_case strings defined by the model (see
 *    doc/model-format.md); unknown IDs give KP_ENOTFOUND.
 *  - Thread-safety: a kp_model is immutable and may be shared by any number
 *    of threads.  A kp_session and a kp_report may be used by one thread at a
 *    time; different sessions may be used concurrently.  The last-error slot
 *    is per thread.
 *  - The library never prints, never exits and never aborts on caller error.
 */
#ifndef KNEEPAIN_H
#define KNEEPAIN_H

#include <stddef.h>
#include <stdint.h>

#include "kneepain-version.h"

#if defined(SWIG)
#  define KP_API
#elif defined(_WIN32)
#  if defined(KP_BUILDING)
#    define KP_API __declspec(dllexport)
#  else
#    define KP_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define KP_API __attribute__((visibility("default")))
#else
#  define KP_API
#endif

#ifdef __cplusplus
#  define KP_BEGIN_DECL extern "C" {
#  define KP_END_DECL }
#else
#  define KP_BEGIN_DECL
#  define KP_END_DECL
#endif

KP_BEGIN_DECL

/* ------------------------------------------------------------------------ */
/** @defgroup kp_errors Status codes and errors
 * Codes are stable: never renumbered, only appended. @{ */

/** Status returned by every fallible function: 0 or a negative KP_E* code. */
typedef int kp_status;

#define KP_OK          0    /**< success */
#define KP_ERROR      (-1)  /**< unexpected internal failure */
#define KP_ENOMEM     (-2)  /**< out of memory (or the allocator hook refused) */
#define KP_EINVAL     (-3)  /**< invalid argument: NULL where not allowed, bad enum */
#define KP_ENOTFOUND  (-4)  /**< unknown ID (finding, choice, cause, ...) */
#define KP_ETYPE      (-5)  /**< value of the wrong type for that field */
#define KP_ERANGE     (-6)  /**< number out of its documented range, NaN or infinite */
#define KP_EPARSE     (-7)  /**< malformed JSON or CSV, duplicate JSON key, bad date */
#define KP_EMODEL     (-8)  /**< a model file is well-formed JSON but not a valid model */
#define KP_EIO        (-9)  /**< a file could not be opened or read */
#define KP_EVERSION   (-10) /**< unsupported options-struct or document version */
#define KP_ESTATE     (-11) /**< call not valid in the object's current state */
#define KP_EFORMAT    (-12) /**< file format not recognised (e.g. unknown CSV header) */

/** Static English text for any status code (unknown codes included).
 * Never NULL; thread-safe. */
KP_API const char *kp_strerror(int code);

/** The calling thread's last error message, naming the offending field and,
 * for files, file:line:column.  Never NULL ("" when none).  Owned by the
 * library; valid until the next kp_ call on this thread. */
KP_API const char *kp_error_message(void);

/** The status code that went with kp_error_message() (KP_OK when none). */
KP_API int kp_error_code(void);

/** Clear the calling thread's last error. */
KP_API void kp_error_clear(void);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup kp_library Version, memory
 * @{ */

/** Run-time library version numbers (any argument may be NULL). */
KP_API void kp_version(int *major, int *minor, int *patch);

/** Run-time library version as "MAJOR.MINOR.PATCH". Static; never NULL. */
KP_API const char *kp_version_string(void);

/** Release memory the library handed to the caller (char **out results).
 * NULL is a no-op. */
KP_API void kp_free(void *ptr);

/** Allocator hook.  All library allocations go through these functions
 * once set.  The JSON parser (jansson) is not affected: its process-wide
 * allocator is never changed, so a host's own jansson objects are neither
 * allocated nor freed through these functions; the library's parse trees
 * are temporary and freed before each call returns, and every string it
 * returns is allocated here (free it with kp_free()).  Call it before creating
 * any object; objects created with one allocator must be freed while it is
 * still installed.  Passing NULL restores malloc/realloc/free.  Not
 * thread-safe: call it once, early.  The functions must behave like their
 * standard counterparts; returning NULL from malloc_fn/realloc_fn makes the
 * calling kp_ function fail with KP_ENOMEM and release what it had built. */
typedef struct kp_allocator {
    unsigned int version;                 /**< KP_ALLOCATOR_VERSION */
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} kp_allocator;
#define KP_ALLOCATOR_VERSION 1
KP_API kp_status kp_set_allocator(const kp_allocator *allocator);

/** Input limits, as a guard against hostile or broken input: a document,
 * file or count beyond a limit fails with KP_ERANGE and a message naming
 * the limit (and the file and line or the position where it applies), in
 * time proportional to the input read so far.  The defaults suit any real
 * runner's data with a wide margin; raise them for bulk work.
 *   - max_document_bytes: one JSON document (input, saved session or
 *     interview, model, vignette file); default 64 MiB.  The CLI reads at
 *     most this much from a file or stdin.
 *   - max_json_depth: nesting of arrays and objects in one document;
 *     default 64, at most 2000.
 *   - max_log_bytes: one training-log file or buffer; default 4 GiB.
 *   - max_field_bytes: one CSV field; default 16 MiB.
 *   - max_runs: activities in one session; default 10,000,000.
 *   - max_gears: distinct gear (shoe) names in one session; default 1,048,576.
 * A field of 0 keeps its default.  The limits are process-wide: set them
 * before other threads use the library (not thread-safe with concurrent
 * calls).  kp_limits_set(NULL) restores the defaults; kp_limits_get()
 * fills the current values (set out->version first).  Errors: KP_EINVAL,
 * KP_EVERSION, KP_ERANGE (max_json_depth > 2000, max_runs >= 2^32 - 15,
 * max_gears >= 2^31 - 15). */
typedef struct kp_limits {
    unsigned int version;        /**< KP_LIMITS_VERSION */
    size_t max_document_bytes;
    unsigned int max_json_depth;
    size_t max_log_bytes;
    size_t max_field_bytes;
    size_t max_runs;
    size_t max_gears;
} kp_limits;
#define KP_LIMITS_VERSION 1
#define KP_DEFAULT_MAX_DOCUMENT_BYTES ((size_t)64 << 20)
#define KP_DEFAULT_MAX_JSON_DEPTH 64u
#define KP_DEFAULT_MAX_LOG_BYTES ((size_t)0xFFFFFFFFu)
#define KP_DEFAULT_MAX_FIELD_BYTES ((size_t)16 << 20)
#define KP_DEFAULT_MAX_RUNS ((size_t)10000000)
#define KP_DEFAULT_MAX_GEARS ((size_t)1 << 20)
#define KP_LIMITS_INIT { KP_LIMITS_VERSION, KP_DEFAULT_MAX_DOCUMENT_BYTES,    \
    KP_DEFAULT_MAX_JSON_DEPTH, KP_DEFAULT_MAX_LOG_BYTES,                      \
    KP_DEFAULT_MAX_FIELD_BYTES, KP_DEFAULT_MAX_RUNS, KP_DEFAULT_MAX_GEARS }
KP_API kp_status kp_limits_set(const kp_limits *limits);
KP_API kp_status kp_limits_get(kp_limits *out);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup kp_model Knowledge-base models
 *
 * A model is the knowledge base: findings (questions), causes, conditions,
 * triage rules, remedies, texts per locale and the references every number
 * cites.  Models are immutable and reference counted, so sessions and
 * reports keep the model they were made with alive; kp_model_free() drops
 * the caller's reference.  Thread-safe.  @{ */

typedef struct kp_model kp_model;

/** Kinds of model items, for the enumeration accessors. */
typedef enum kp_kind {
    KP_KIND_FINDING = 0,
    KP_KIND_CAUSE = 1,
    KP_KIND_CONDITION = 2,
    KP_KIND_REMEDY = 3,
    KP_KIND_RULE = 4
} kp_kind;

/** Value types of findings. */
typedef enum kp_type {
    KP_TYPE_BOOL = 0,
    KP_TYPE_NUMBER = 1,
    KP_TYPE_CHOICE = 2
} kp_type;

/** A new reference to the default model compiled into the library (built
 * once per process, shared).  Errors: KP_ENOMEM. */
KP_API kp_status kp_model_default(kp_model **out);

/** Load and validate a model file.  Errors: KP_EIO (cannot read), KP_EPARSE
 * (malformed JSON, duplicate key; message gives path:line:column),
 * KP_EMODEL (invalid content; message gives path:line:column and the JSON
 * path of the offending value), KP_ENOMEM. */
KP_API kp_status kp_model_load_file(kp_model **out, const char *path);

/** As kp_model_load_file() from memory; `name` (may be NULL) is used in
 * messages instead of a path.  The buffer is not retained. */
KP_API kp_status kp_model_load_buffer(kp_model **out, const char *data,
                                      size_t size, const char *name);

/** Drop a reference; the model is destroyed with its last reference
 * (sessions and reports hold their own).  NULL is a no-op. */
KP_API void kp_model_free(kp_model *model);

/** Model identity (borrowed strings).  kp_model_sha256 is the lowercase hex
 * SHA-256 of the model's canonical JSON (keys sorted, no whitespace). */
KP_API const char *kp_model_id(const kp_model *model);
KP_API const char *kp_model_version(const kp_model *model);
KP_API const char *kp_model_sha256(const kp_model *model);

/** Number of items of a kind (0 for an invalid kind). */
KP_API size_t kp_model_count(const kp_model *model, kp_kind kind);

/** ID of item `index` of a kind; NULL when out of range. */
KP_API const char *kp_model_item_id(const kp_model *model, kp_kind kind,
                                    size_t index);

/** Display text of an item in `locale` (NULL = model default; unknown
 * locales fall back to the default): a finding's question, a cause's,
 * condition's or remedy's name, a rule's advice.  NULL when out of range. */
KP_API const char *kp_model_item_text(const kp_model *model, kp_kind kind,
                                      size_t index, const char *locale);

/** Index of the item with this ID.  Errors: KP_ENOTFOUND, KP_EINVAL. */
KP_API kp_status kp_model_find(const kp_model *model, kp_kind kind,
                               const char *id, size_t *index_out);

/** Type of finding `index`; -1 when out of range. */
KP_API int kp_model_finding_type(const kp_model *model, size_t index);

/** Valid range of a numeric finding (bool: 0..1; choice: 0..choices-1).
 * Errors: KP_EINVAL (index out of range). */
KP_API kp_status kp_model_finding_range(const kp_model *model, size_t index,
                                        double *min_out, double *max_out);

/** Number of choices of a choice finding (0 for other types). */
KP_API size_t kp_model_finding_choice_count(const kp_model *model,
                                            size_t index);

/** ID of choice `choice` of finding `index`; NULL when out of range. */
KP_API const char *kp_model_finding_choice_id(const kp_model *model,
                                              size_t index, size_t choice);

/** Non-zero when the finding is derived from the training log or pain diary
 * (it may still be answered explicitly, which wins). */
KP_API int kp_model_finding_is_derived(const kp_model *model, size_t index);

/** Prior probability of condition `index` (NaN when out of range). */
KP_API double kp_model_condition_prior(const kp_model *model, size_t index);

/** Evidence marker ("published", "derived" or "estimated") and citation
 * text of an item's defining number or rule: a condition's prior, a cause's
 * bias, a triage rule, a finding's likelihoods (NULL when the finding is not
 * in the condition model), a remedy's first dose (NULL when it has none). */
KP_API const char *kp_model_item_source(const kp_model *model, kp_kind kind,
                                        size_t index);
KP_API const char *kp_model_item_cite(const kp_model *model, kp_kind kind,
                                      size_t index);

/** Locales with texts in this model, the default first. */
KP_API size_t kp_model_locale_count(const kp_model *model);
KP_API const char *kp_model_locale(const kp_model *model, size_t index);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup kp_session Sessions (one runner)
 *
 * A session holds one runner's evidence (answered findings), training log
 * (runs, shoes), pain diary and options.  It keeps a reference to its model.
 * Not thread-safe: one thread at a time.  @{ */

typedef struct kp_session kp_session;

/** Create an empty session on `model` (takes its own reference).
 * Errors: KP_EINVAL, KP_ENOMEM. */
KP_API kp_status kp_session_new(kp_session **out, kp_model *model);

/** Destroy a session.  Reports made from it stay valid.  NULL is a no-op. */
KP_API void kp_session_free(kp_session *session);

/** The session's model (borrowed). */
KP_API kp_model *kp_session_model(const kp_session *session);

/** Answer a finding.  Errors: KP_ENOTFOUND (unknown finding or choice),
 * KP_ETYPE (finding has another type), KP_ERANGE (outside the finding's
 * range, NaN, infinite).  Booleans: 0 = absent, non-zero = present. */
KP_API kp_status kp_session_set_bool(kp_session *session, const char *finding,
                                     int value);
KP_API kp_status kp_session_set_number(kp_session *session,
                                       const char *finding, double value);
KP_API kp_status kp_session_set_choice(kp_session *session,
                                       const char *finding,
                                       const char *choice);

/** Make a finding unknown again (answering nothing is not "absent").
 * Errors: KP_ENOTFOUND. */
KP_API kp_status kp_session_unset(kp_session *session, const char *finding);

/** Read back an answered finding.  Returns 1 and stores the value (bool as
 * 0/1, choice as its index) when answered, 0 when unknown, or a negative
 * code (KP_ENOTFOUND). */
KP_API int kp_session_get(const kp_session *session, const char *finding,
                          double *value_out);

/** Forget all evidence, runs, shoes, diary entries, warnings and the input
 * document's "interview" member (options and as-of date are kept). */
KP_API void kp_session_clear(kp_session *session);

/** Training-load unit (doc/training-load.md). */
typedef enum kp_load_unit {
    KP_LOAD_DISTANCE = 0, /**< km (default) */
    KP_LOAD_DURATION = 1, /**< minutes */
    KP_LOAD_SRPE = 2      /**< RPE x minutes (Foster session RPE) */
} kp_load_unit;

/** Assessment options.  Initialise with kp_options_init() (or
 * KP_OPTIONS_INIT), then change fields. */
typedef struct kp_options {
    unsigned int version;       /**< KP_OPTIONS_VERSION */
    const char *locale;         /**< text locale, NULL = model default */
    unsigned int max_plan_items;/**< 0 = model default; the safety-net item is always kept */
    kp_load_unit load_unit;     /**< unit of the daily load */
    int third_person;           /**< non-zero: texts address a carer ("does she...") */
} kp_options;
#define KP_OPTIONS_VERSION 1
#define KP_OPTIONS_INIT { KP_OPTIONS_VERSION, NULL, 0, KP_LOAD_DISTANCE, 0 }

/** Fill `opts` with defaults for struct `version`.  Errors: KP_EVERSION. */
KP_API kp_status kp_options_init(kp_options *opts, unsigned int version);

/** Copy options into the session (strings are copied).  NULL = defaults.
 * Errors: KP_EVERSION, KP_EINVAL (bad load unit), KP_ENOMEM. */
KP_API kp_status kp_session_set_options(kp_session *session,
                                        const kp_options *opts);

/** Date the assessment is made for, "YYYY-MM-DD"; NULL = the last logged
 * run's date.  Errors: KP_EPARSE (not a valid date). */
KP_API kp_status kp_session_set_as_of(kp_session *session, const char *date);

/** Add one run.  `date` is "YYYY-MM-DD"; distance 0..1000 km; optional
 * values are NaN when unknown (duration minutes >= 0, rpe 0..10,
 * elevation gain >= 0); gear may be NULL (surrounding spaces are trimmed).
 * Errors: KP_EPARSE (date), KP_ERANGE, KP_ENOMEM. */
KP_API kp_status kp_session_add_run(kp_session *session, const char *date,
                                    double distance_km, double duration_min,
                                    double rpe, const char *gear,
                                    double elevation_gain_m);

/** Declare a shoe (gear name) with the distance it had before the log
 * started (km >= 0).  Errors: KP_EINVAL (empty name), KP_ERANGE, KP_ENOMEM. */
KP_API kp_status kp_session_add_shoe(kp_session *session, const char *gear,
                                     double start_km);

/** Add a pain-diary entry: pain 0..10 during the run, after it and the next
 * morning (NaN when not recorded).  Errors: KP_EPARSE, KP_ERANGE,
 * KP_ENOMEM. */
KP_API kp_status kp_session_add_pain(kp_session *session, const char *date,
                                     double during, double after,
                                     double next_morning);

/** Training-log import formats. */
typedef enum kp_import_format {
    KP_FORMAT_AUTO = 0,   /**< detect from the header */
    KP_FORMAT_STRAVA = 1, /**< Strava bulk export activities.csv (any generation/locale) */
    KP_FORMAT_GARMIN = 2, /**< Garmin Connect Activities.csv */
    KP_FORMAT_PLAIN = 3,  /**< date,distance_km[,duration_min,rpe,gear] */
    KP_FORMAT_FIT = 4,    /**< FIT activity file (watches); gzip-compressed files of any
                               format are inflated first.  Runs only: other sports are
                               skipped with a warning naming the sport */
    KP_FORMAT_GPX = 5,    /**< GPX 1.1/1.0 recorded tracks (one <trk> = one activity) */
    KP_FORMAT_TCX = 6     /**< Garmin TCX (one <Activity> = one activity) */
    /* new formats are appended here (ABI) */
} kp_import_format;

/** Import options.  Initialise with kp_import_options_init(). */
typedef struct kp_import_options {
    unsigned int version;     /**< KP_IMPORT_OPTIONS_VERSION */
    kp_import_format format;  /**< KP_FORMAT_AUTO by default */
    int miles;                /**< non-zero: Garmin distances are miles */
} kp_import_options;
#define KP_IMPORT_OPTIONS_VERSION 1
#define KP_IMPORT_OPTIONS_INIT { KP_IMPORT_OPTIONS_VERSION, KP_FORMAT_AUTO, 0 }

KP_API kp_status kp_import_options_init(kp_import_options *opts,
                                        unsigned int version);

/** Import a training-log file (or a buffer) into the session: CSV exports,
 * watch files (FIT, GPX, TCX, gzip-compressed or not), or a Strava bulk
 * export as its ZIP archive or, for kp_session_import_file(), its unpacked
 * folder (activities.csv plus the activity files it names; files without a
 * row are imported too; "a ZIP archive without activities.csv" is
 * KP_EFORMAT, a folder without it KP_EIO).  The format is detected from the content.  Runs are
 * added; every other activity's distance counts towards its gear.  Rows
 * that cannot be read are skipped and listed as warnings with their line
 * numbers (kp_session_warning_count()).  Duplicate activities (same start
 * time and distance) are counted once.  On error nothing is added.
 * Errors: KP_EIO, KP_EFORMAT (header not recognised: the message lists the
 * required columns that were not found), KP_EPARSE, KP_ENOMEM. */
KP_API kp_status kp_session_import_file(kp_session *session, const char *path,
                                        const kp_import_options *opts);
KP_API kp_status kp_session_import_buffer(kp_session *session,
                                          const char *data, size_t size,
                                          const char *name,
                                          const kp_import_options *opts);

/** Number of runs in the session's log. */
KP_API size_t kp_session_run_count(const kp_session *session);

/** Import warnings (skipped rows: "file:line: reason").  Borrowed. */
KP_API size_t kp_session_warning_count(const kp_session *session);
KP_API const char *kp_session_warning(const kp_session *session,
                                      size_t index);

/** Create a session from an assessment input document
 * (doc/input-format.md, doc/input.schema.json: as_of, evidence, runs,
 * shoes, pain_diary, options; plus "model" {id,
 * version} as kp_session_to_json() writes it, and "interview", see the
 * kp_interview group).  Unknown keys, at the top level and inside runs,
 * shoes, diary entries and options, and unknown finding IDs are errors, so
 * that a misspelt field is never dropped silently; so is a gear declared
 * twice in shoes (KP_EINVAL, names are compared trimmed).  null stands for "not
 * given": an evidence value of null leaves the finding unknown, a null
 * as_of means the last run's day.  Errors: KP_EPARSE (malformed JSON,
 * duplicate key: message gives line:column), KP_ENOTFOUND, KP_ETYPE,
 * KP_ERANGE (message names the field, e.g. "runs[3].distance_km"),
 * KP_ENOMEM. */
KP_API kp_status kp_session_from_json(kp_session **out, kp_model *model,
                                      const char *json, size_t size);

/** Replace the session's whole content with an input document; on error the
 * session is unchanged.  Errors as kp_session_from_json(). */
KP_API kp_status kp_session_load_json(kp_session *session, const char *json,
                                      size_t size);

/** Serialise the session as an input document (everything needed to
 * resume, plus the model id and version).  Caller frees with kp_free(). */
KP_API kp_status kp_session_to_json(const kp_session *session, char **out);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup kp_report Assessment and report
 * @{ */

typedef struct kp_report kp_report;

/** Triage levels, most urgent first (the report's triage.level names). */
typedef enum kp_level {
    KP_LEVEL_EMERGENCY_AMBULANCE = 0,
    KP_LEVEL_EMERGENCY = 1,
    KP_LEVEL_CONSULTATION_24 = 2,
    KP_LEVEL_CONSULTATION = 3,
    KP_LEVEL_SELF_CARE = 4
} kp_level;
#define KP_LEVEL_COUNT 5

/** "emergency_ambulance", ... "self_care"; NULL for an invalid level. */
KP_API const char *kp_level_id(int level);

/** Assess the session: training load, derived findings, condition
 * posterior, cause scores, triage rules, plan, next question.  The report
 * is independent of later changes to the session.  The only allocation is
 * the report itself.  Errors: KP_ENOMEM, KP_ESTATE (invalid log state). */
KP_API kp_status kp_session_assess(kp_session *session, kp_report **out);

/** Destroy a report.  NULL is a no-op. */
KP_API void kp_report_free(kp_report *report);

/** Flags for kp_report_to_json(). */
#define KP_JSON_PRETTY 0x1u  /**< indent with two spaces */

/** The report as JSON ("kneepain-report/1", doc/report.schema.json).  Caller
 * frees with kp_free().  Errors: KP_ENOMEM. */
KP_API kp_status kp_report_to_json(const kp_report *report, unsigned int flags,
                                   char **out);

/** One call from input document to report document. */
KP_API kp_status kp_assess_json(kp_model *model, const char *json, size_t size,
                                unsigned int flags, char **out);

/** Locale the report's texts are in (the session's, or the model
 * default).  Never NULL for a valid report. */
KP_API const char *kp_report_locale(const kp_report *report);

/** Non-zero when the report's texts address a carer (options.third_person):
 * use the same setting for model texts looked up with kp_model_text(). */
KP_API int kp_report_third_person(const kp_report *report);

/** Triage. */
KP_API int kp_report_level(const kp_report *report);
/** What the triage level means for the runner, in the report's locale. */
KP_API const char *kp_report_level_text(const kp_report *report);
KP_API size_t kp_report_reason_count(const kp_report *report);
KP_API const char *kp_report_reason_rule(const kp_report *report, size_t i);
/** Reason i's advice in the report's locale (NULL when i is out of range).
 * In an emergency report (level emergency or emergency_ambulance) a reason
 * less urgent than the report's level is superseded: its text is the model's
 * `reason_superseded` text (get the emergency help first), never its own
 * instruction such as "see a doctor within 24 hours". */
KP_API const char *kp_report_reason_text(const kp_report *report, size_t i);
/** 1 when reason i is superseded by a more urgent emergency level (see
 * kp_report_reason_text()), 0 otherwise or when i is out of range.
 * Thread-safe on a report that is not being freed. */
KP_API int kp_report_reason_superseded(const kp_report *report, size_t i);
KP_API const char *kp_report_reason_source(const kp_report *report, size_t i);
KP_API size_t kp_report_reason_finding_count(const kp_report *report,
                                             size_t i);
KP_API const char *kp_report_reason_finding(const kp_report *report, size_t i,
                                            size_t j);

/** Provisional triage: non-zero while a screening or red-flag finding that
 * could still make the level more urgent is unknown (an interview stopped
 * before the warning signs were checked).  0 for a complete screen and for
 * a NULL report.  Thread safety: like the other report readers (a report
 * may be read from several threads at once). */
KP_API int kp_report_triage_provisional(const kp_report *report);
/** How many findings kp_report_triage_unchecked() lists (0 when the triage
 * is final or report is NULL). */
KP_API size_t kp_report_triage_unchecked_count(const kp_report *report);
/** The i-th unchecked finding id, most urgent first (the level its rule
 * could give, then model order).  Borrowed from the report's model, valid
 * while the report lives; NULL when i is out of range or report is NULL. */
KP_API const char *kp_report_triage_unchecked(const kp_report *report, size_t i);

/** Causes, sorted by score descending.  Effects are in logit space: the
 * cause's bias plus its effects is the logit of its score. */
KP_API size_t kp_report_cause_count(const kp_report *report);
KP_API const char *kp_report_cause_id(const kp_report *report, size_t i);
KP_API double kp_report_cause_score(const kp_report *report, size_t i);
KP_API size_t kp_report_cause_evidence_count(const kp_report *report,
                                             size_t i);
KP_API const char *kp_report_cause_evidence_finding(const kp_report *report,
                                                    size_t i, size_t j);
KP_API double kp_report_cause_evidence_effect(const kp_report *report,
                                              size_t i, size_t j);
/** The evidence finding's value (bool 0/1, choice index, number). */
KP_API double kp_report_cause_evidence_value(const kp_report *report,
                                             size_t i, size_t j);

/** Conditions, sorted by probability descending, except that the
 * must-not-miss conditions named by a fired red-flag rule (the rule's
 * `conditions` in the model) come first, by probability among themselves:
 * their place says they must be ruled out, not that they are likely (the
 * model text "conditions_flagged_note" says so).  Probabilities sum to 1.
 * Supporting (conflicting) findings are the answered findings whose weight
 * of evidence for the condition is positive (negative). */
KP_API size_t kp_report_condition_count(const kp_report *report);
KP_API const char *kp_report_condition_id(const kp_report *report, size_t i);
KP_API double kp_report_condition_probability(const kp_report *report,
                                              size_t i);
KP_API size_t kp_report_condition_supporting_count(const kp_report *report,
                                                   size_t i);
KP_API const char *kp_report_condition_supporting(const kp_report *report,
                                                  size_t i, size_t j);
KP_API size_t kp_report_condition_conflicting_count(const kp_report *report,
                                                    size_t i);
KP_API const char *kp_report_condition_conflicting(const kp_report *report,
                                                   size_t i, size_t j);
/** The fired red-flag rules that rank condition i first (model order): 0
 * when it is ranked by probability alone, or i is out of range or report
 * is NULL.  Rule IDs are borrowed from the model, valid while the report
 * lives; NULL when j is out of range.  Thread-safe on a shared report. */
KP_API size_t kp_report_condition_flagged_count(const kp_report *report, size_t i);
KP_API const char *kp_report_condition_flagged_rule(const kp_report *report,
                                                    size_t i, size_t j);

/** Plan items in order; the last is always the "see a professional"
 * safety net. */
KP_API size_t kp_report_plan_count(const kp_report *report);
KP_API const char *kp_report_plan_remedy(const kp_report *report, size_t i);
KP_API const char *kp_report_plan_text(const kp_report *report, size_t i);
KP_API size_t kp_report_plan_dose_count(const kp_report *report, size_t i);
KP_API const char *kp_report_plan_dose_key(const kp_report *report, size_t i,
                                           size_t j);
KP_API double kp_report_plan_dose_value(const kp_report *report, size_t i,
                                        size_t j);
KP_API size_t kp_report_plan_because_count(const kp_report *report, size_t i);
KP_API const char *kp_report_plan_because(const kp_report *report, size_t i,
                                          size_t j);
/** Cautions of plan item i: the texts of its contraindications that are
 * still unanswered (e.g. "not with cold intolerance such as Raynaud's" for
 * ice while cold_intolerance is unknown), in the report's locale; a
 * contraindication that is answered true keeps the remedy out of the plan.
 * Borrowed from the model; NULL when out of range. */
KP_API size_t kp_report_plan_caution_count(const kp_report *report, size_t i);
KP_API const char *kp_report_plan_caution(const kp_report *report, size_t i,
                                          size_t j);

/** Next question: the finding ID, or NULL when nothing useful is left. */
KP_API const char *kp_report_next_question(const kp_report *report);
KP_API const char *kp_report_next_question_text(const kp_report *report);
KP_API double kp_report_next_question_gain(const kp_report *report);

/** Training-load figures by name ("weekly_km", "weekly_km_change_pct",
 * "acwr_ewma", "acwr_rolling", "acwr_rolling_uncoupled", "run_spike_pct",
 * "consecutive_run_days", "runs_last_14d", "rest_days_last_14d",
 * "monotony", "strain", "days_since_previous_run", "longest_gap_days_28d",
 * or "shoe_km.<gear>").  Returns 1 and stores the value when defined, 0 when
 * undefined (null in JSON), KP_ENOTFOUND for an unknown name. */
KP_API int kp_report_load_metric(const kp_report *report, const char *name,
                                 double *value_out);

/** Shoe distance per gear (start km + every activity with that gear). */
KP_API size_t kp_report_shoe_count(const kp_report *report);
KP_API const char *kp_report_shoe_gear(const kp_report *report, size_t i);
KP_API double kp_report_shoe_km(const kp_report *report, size_t i);
/** Runs done in gear i up to the as-of date (walks, rides and other
 * activities do not count): 0 for gear used only otherwise, such as a bike,
 * and for a declared shoe without a logged run; 0 when i is out of range. */
KP_API size_t kp_report_shoe_run_count(const kp_report *report, size_t i);

/** The day the training-load figures are for, "YYYY-MM-DD": the session's
 * as-of date, else the day of the last run; NULL when neither exists.  The
 * "last 7 days" figures (weekly_km) cover this day and the 6 days before
 * it.  Owned by the report. */
KP_API const char *kp_report_load_as_of(const kp_report *report);

/** Warnings: skipped import rows ("file:line: reason") and notes on figures
 * that were not used as evidence (e.g. after a long gap). */
KP_API size_t kp_report_warning_count(const kp_report *report);
KP_API const char *kp_report_warning(const kp_report *report, size_t i);

/** Pain trend: "improving", "stable", "worsening", "persisting" or
 * "unknown". */
KP_API const char *kp_report_pain_trend(const kp_report *report);

/** Advice for the next run from the pain trend (NULL when the trend is
 * unknown), and its short form "continue", "reduce" or "stop" (NULL when
 * unknown): "stop" when worsening, and whatever the trend when a red-flag
 * rule fired or the level is consultation_24 or more urgent (then the
 * advice defers to the triage); "reduce" when persisting or when a run of
 * the last 7 diary days hurt more than the model's pain_during_max (5/10)
 * during the run; "continue" otherwise. */
KP_API const char *kp_report_pain_trend_advice(const kp_report *report);
KP_API const char *kp_report_pain_trend_next_run(const kp_report *report);

/** The model the report was made with (borrowed; valid as long as the
 * report). */
KP_API kp_model *kp_report_model(const kp_report *report);

/** Disclaimer text (decision support, not a diagnosis).  Never NULL. */
KP_API const char *kp_report_disclaimer(const kp_report *report);

/** Receipt: lowercase hex SHA-256 over the engine version, the model hash
 * and the normalised input. */
KP_API const char *kp_report_receipt(const kp_report *report);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup kp_batch Batch scoring (cohorts)
 * @{ */

/** Score `rows` cases given as a row-major matrix of `cols` columns.
 * `columns[c]` names the finding of column c.  Cell values: NaN = unknown,
 * booleans 0/1, numbers as is, choices as the choice index.  Outputs (any
 * may be NULL): `conditions_out` rows x kp_model_count(CONDITION)
 * probabilities in model order, `causes_out` rows x kp_model_count(CAUSE)
 * scores in model order, `levels_out` rows triage levels.  No training log
 * is involved; derived findings may be given as columns.  Thread-safe for
 * distinct outputs.  Errors: KP_ENOTFOUND (column), KP_ERANGE/KP_ETYPE (a
 * cell: the message names row and column; outputs of earlier rows are
 * written), KP_EINVAL. */
KP_API kp_status kp_model_score(const kp_model *model, const double *matrix,
                                size_t rows, size_t cols,
                                const char *const *columns,
                                double *conditions_out, double *causes_out,
                                int *levels_out);

/** @} */

/* ------------------------------------------------------------------------ */
/** @defgroup kp_interview Adaptive interview, what-if, follow-up, vignettes
 *
 * The objective behind the next question, the stopping rule, grouping, the
 * "what would change the triage" semantics, session restore and the
 * vignette format are specified in doc/interview.md.  Threading as for
 * sessions and reports: an interview, a what-if result and a restore
 * result may be used by one thread at a time.
 *
 * JSON: an input document may carry an "interview" member (the state
 * kp_interview_to_json() saves, plus "triage_changes": true; unknown
 * findings in it give KP_ENOTFOUND).  A session read from such a document
 * keeps it: kp_session_assess() (and so kp_assess_json()) chooses the next
 * question and the stopping rule under it and adds the triage changes to
 * the JSON report when asked, kp_session_to_json() writes it back and
 * kp_session_clear() forgets it.  One document thus gives one answer,
 * whatever is added to the session afterwards.  An interview made with
 * kp_interview_new() on the session uses its own settings.  @{ */

/* ---- the next question in a report ---- */

/** Non-zero when nothing more should be asked (then
 * kp_report_next_question() is NULL).  A NULL report gives 1. */
KP_API int kp_report_should_stop(const kp_report *report);

/** Why to stop: "none" (a question is proposed), "red_flag" (an interview
 * that stops on red flags saw one), "emergency" (the triage is emergency or
 * emergency_ambulance: an emergency report never proposes a question, also
 * in plain reports and interviews that do not stop on red flags),
 * "nothing_useful" (no question gains at least the threshold) or "budget"
 * (the interview's budget is used up).  NULL for a NULL report. */
KP_API const char *kp_report_stop_reason(const kp_report *report);

/** Kind of the proposed question: "screen" (red-flag screening, asked
 * first), "triage" (its answer may change the triage level more than the
 * condition ranking), "separates" (tells two likely conditions apart) or
 * "information"; NULL when none. */
KP_API const char *kp_report_next_question_kind(const kp_report *report);

/** Rationale sentence in the report's locale (e.g. "Asked because it helps
 * tell A from B."), from the model's question_why_* texts.  Borrowed, valid
 * as long as the report; NULL when no question. */
KP_API const char *kp_report_next_question_rationale(const kp_report *report);

/** The conditions behind the rationale: the two it separates, or the one a
 * screening question rules out (0, 1 or 2 IDs). */
KP_API size_t kp_report_next_question_condition_count(const kp_report *report);
KP_API const char *kp_report_next_question_condition(const kp_report *report,
                                                     size_t i);

/** The most urgent triage rule some answer to the question would fire
 * (NULL when no answer changes the triage level on its own). */
KP_API const char *kp_report_next_question_rule(const kp_report *report);

/** Parts of the gain (nats): expected entropy reduction of the condition
 * posterior, entropy of the triage level after the answer; and the cost
 * used (gain / cost is what was maximised).  0 when no question. */
KP_API double kp_report_next_question_gain_conditions(const kp_report *report);
KP_API double kp_report_next_question_gain_triage(const kp_report *report);
KP_API double kp_report_next_question_cost(const kp_report *report);

/** Questions to ask together with the proposed one (same model group, each
 * useful on its own), the proposed one first; count 0 when it stands alone.
 * kp_report_next_question_group() names the group (NULL when none). */
KP_API const char *kp_report_next_question_group(const kp_report *report);
KP_API size_t kp_report_next_question_group_count(const kp_report *report);
KP_API const char *kp_report_next_question_group_finding(const kp_report *report,
                                                         size_t i);

/* ---- the rest of the report, member for member (lib/report_detail.c) ---- */

/** Every member of the JSON report's triage reasons, causes, conditions,
 * plan items and next question has an accessor, so that a reader (the
 * Python and Lua bindings) can read a whole report without
 * kp_report_to_json().  Each gives the value the JSON writes.  Strings are
 * borrowed from the report or its model and valid while the report lives;
 * out-of-range indices give NULL, NaN, 0 or -1 as stated.  Thread-safe on
 * a report that is not being freed. */

/** Reason i's rule: its level (a kp_level; -1 out of range), non-zero when
 * it is a red flag, its evidence marker ("published", "derived",
 * "estimated") and citation key (NULL out of range). */
KP_API int kp_report_reason_level(const kp_report *report, size_t i);
KP_API int kp_report_reason_red_flag(const kp_report *report, size_t i);
KP_API const char *kp_report_reason_evidence_level(const kp_report *report, size_t i);
KP_API const char *kp_report_reason_cite(const kp_report *report, size_t i);

/** Cause i: display name in the report's locale, logit of its score, bias
 * (NaN out of range); origin of evidence j ("answered" or "derived"). */
KP_API const char *kp_report_cause_name(const kp_report *report, size_t i);
KP_API double kp_report_cause_logit(const kp_report *report, size_t i);
KP_API double kp_report_cause_bias(const kp_report *report, size_t i);
KP_API const char *kp_report_cause_evidence_origin(const kp_report *report,
                                                   size_t i, size_t j);

/** Condition i: display name, non-zero when it must not be missed, log
 * prior (NaN out of range). */
KP_API const char *kp_report_condition_name(const kp_report *report, size_t i);
KP_API int kp_report_condition_must_not_miss(const kp_report *report, size_t i);
KP_API double kp_report_condition_log_prior(const kp_report *report, size_t i);
/** Condition i's weight of evidence (nats) of every known finding of the
 * condition model, in model order: stores up to `cap` finding IDs and
 * weights (either array may be NULL) and returns how many there are (call
 * with cap 0 to size the arrays); 0 when i is out of range.  ln P =
 * log prior + sum of weights - the report's log normaliser. */
KP_API size_t kp_report_condition_weights(const kp_report *report, size_t i,
                                          const char **findings,
                                          double *weights, size_t cap);
/** Why flagged conditions come first (model text "conditions_flagged_note"
 * in the report's locale); NULL when no condition is flagged. */
KP_API const char *kp_report_conditions_note(const kp_report *report);

/** Plan item i: remedy name in the report's locale; evidence marker and
 * citation key of dose j (NULL out of range). */
KP_API const char *kp_report_plan_name(const kp_report *report, size_t i);
KP_API const char *kp_report_plan_dose_source(const kp_report *report,
                                              size_t i, size_t j);
KP_API const char *kp_report_plan_dose_cite(const kp_report *report,
                                            size_t i, size_t j);

/** Why the next question is proposed, coarse form: "screen" or
 * "information_gain"; NULL when no question. */
KP_API const char *kp_report_next_question_reason(const kp_report *report);

/** The model group of finding `index` (questions asked together); NULL when
 * it has none or index is out of range. */
KP_API const char *kp_model_finding_group(const kp_model *model, size_t index);

/** Flag for kp_report_to_json(): add the "triage_changes" section (the
 * kp_report_triage_changes() analysis). */
#define KP_JSON_TRIAGE_CHANGES 0x100u

/** A named text of the model's top-level `texts` (e.g. "level_emergency",
 * "interview_dont_know", "pain_advice_reduce") in `locale` (NULL = model
 * default; fallback as for every text map), third-person variant when
 * `third_person` is non-zero.  Borrowed from the model; NULL when the model
 * has no such text. */
KP_API const char *kp_model_text(const kp_model *model, const char *key,
                                 const char *locale, int third_person);

/** Answer label of choice `choice` of finding `index` in `locale` (as
 * kp_model_text()); NULL when out of range. */
KP_API const char *kp_model_finding_choice_text(const kp_model *model,
                                                size_t index, size_t choice,
                                                const char *locale,
                                                int third_person);

/* ---- interviews: budget, costs, exclusions, "don't know" ---- */

typedef struct kp_interview kp_interview;

/** Interview options.  Initialise with kp_interview_options_init() or
 * KP_INTERVIEW_OPTIONS_INIT. */
typedef struct kp_interview_options {
    unsigned int version;   /**< KP_INTERVIEW_OPTIONS_VERSION */
    long budget;            /**< questions to ask at most; < 0 = no limit */
    double triage_weight;   /**< weight of triage-level information (>= 0), default 1 */
    double min_gain;        /**< stop below this gain (nats); < 0 = the model's setting */
    int stop_on_red_flag;   /**< non-zero (default): stop once a red-flag rule fired */
} kp_interview_options;
#define KP_INTERVIEW_OPTIONS_VERSION 1
#define KP_INTERVIEW_OPTIONS_INIT { KP_INTERVIEW_OPTIONS_VERSION, -1, 1.0, -1.0, 1 }

/** Fill `opts` with defaults.  Errors: KP_EVERSION. */
KP_API kp_status kp_interview_options_init(kp_interview_options *opts,
                                           unsigned int version);

/** Start an interview on `session` (borrowed: it must outlive the
 * interview; the interview changes it only through kp_interview_answer_*).
 * opts NULL = defaults.  Errors: KP_EINVAL, KP_EVERSION, KP_ERANGE
 * (negative triage weight), KP_ENOMEM. */
KP_API kp_status kp_interview_new(kp_interview **out, kp_session *session,
                                  const kp_interview_options *opts);

/** Destroy an interview (not its session).  NULL is a no-op. */
KP_API void kp_interview_free(kp_interview *interview);

/** The interview's session (borrowed). */
KP_API kp_session *kp_interview_session(const kp_interview *interview);

/** Cost of asking a finding (> 0; gains are divided by it), overriding the
 * model's.  Errors: KP_ENOTFOUND, KP_ERANGE. */
KP_API kp_status kp_interview_set_cost(kp_interview *interview,
                                       const char *finding, double cost);

/** Never propose (excluded non-zero) or again allow a finding, e.g. one the
 * app cannot ask.  Errors: KP_ENOTFOUND. */
KP_API kp_status kp_interview_exclude(kp_interview *interview,
                                      const char *finding, int excluded);

/** Record an answer: sets the session's finding (as kp_session_set_*) and
 * counts one question against the budget.  Errors as the kp_session_set_*
 * functions; nothing is counted on error. */
KP_API kp_status kp_interview_answer_bool(kp_interview *interview,
                                          const char *finding, int value);
KP_API kp_status kp_interview_answer_number(kp_interview *interview,
                                            const char *finding, double value);
KP_API kp_status kp_interview_answer_choice(kp_interview *interview,
                                            const char *finding,
                                            const char *choice);

/** "Don't know": the finding stays unknown, is not proposed again, and the
 * question counts against the budget.  Errors: KP_ENOTFOUND. */
KP_API kp_status kp_interview_answer_unknown(kp_interview *interview,
                                             const char *finding);

/** Questions answered so far (including "don't know"). */
KP_API size_t kp_interview_asked_count(const kp_interview *interview);

/** The next question under the interview's settings without building a
 * report: returns 1 and stores the finding ID (borrowed from the model) when
 * there is one, 0 when the interview should stop, or a negative code
 * (KP_EINVAL, KP_ENOMEM or KP_ESTATE from deriving the log's figures).
 * Allocates nothing beyond what the session's derived cache needs. */
KP_API int kp_interview_next(kp_interview *interview, const char **finding_out);

/** Assess the session like kp_session_assess(), with the next question,
 * rationale, group and stopping rule chosen under the interview's budget,
 * costs and exclusions.  Errors as kp_session_assess(). */
KP_API kp_status kp_interview_assess(kp_interview *interview, kp_report **out);

/** Save the interview: the session document (kp_session_to_json()) plus an
 * "interview" member with the options, cost overrides, exclusions and the
 * findings asked.  Caller frees with kp_free().  Errors: KP_ENOMEM. */
KP_API kp_status kp_interview_to_json(const kp_interview *interview, char **out);

/* ---- restoring saved sessions under another model version ---- */

typedef struct kp_restore kp_restore;

/** Restore a saved session document (kp_session_to_json() or
 * kp_interview_to_json() output) on `model`, which may be a newer version
 * than the one it was saved with.  Answers that no longer map (unknown
 * finding or choice, changed type, value out of the new range) are dropped
 * and listed in *info_out (may be NULL); everything else must be valid as
 * for kp_session_from_json().  Errors: KP_EPARSE, KP_ETYPE, KP_ERANGE,
 * KP_ENOTFOUND (other members), KP_ENOMEM. */
KP_API kp_status kp_session_restore_json(kp_session **out, kp_model *model,
                                         const char *json, size_t size,
                                         kp_restore **info_out);

/** As kp_session_restore_json() for kp_interview_to_json() documents: a new
 * session (*session_out) and an interview on it (*interview_out) with the
 * saved options, costs, exclusions and asked findings (those that still
 * map).  Free the interview before the session. */
KP_API kp_status kp_interview_restore_json(kp_interview **interview_out,
                                           kp_session **session_out,
                                           kp_model *model, const char *json,
                                           size_t size, kp_restore **info_out);

/** Model id and version the document was saved with (NULL when it did not
 * say), and non-zero when they differ from the model restored onto. */
KP_API const char *kp_restore_saved_model_id(const kp_restore *info);
KP_API const char *kp_restore_saved_model_version(const kp_restore *info);
KP_API int kp_restore_model_changed(const kp_restore *info);

/** Dropped answers: finding ID as saved and the reason ("unknown finding",
 * "unknown choice", "type changed", "out of range"). */
KP_API size_t kp_restore_dropped_count(const kp_restore *info);
KP_API const char *kp_restore_dropped_finding(const kp_restore *info, size_t i);
KP_API const char *kp_restore_dropped_reason(const kp_restore *info, size_t i);

/** Destroy a restore result.  NULL is a no-op. */
KP_API void kp_restore_free(kp_restore *info);

/* ---- what would change the triage ---- */

typedef struct kp_whatif kp_whatif;

/** For the report's evidence: the smallest sets of still-unknown answers
 * that would make a more urgent rule fire ("raise" entries), and the
 * smallest sets of changes to given answers that would make the triage less
 * urgent ("lower" entries).  Entries are sorted by resulting level (most
 * urgent first), then by size.  Errors: KP_EINVAL, KP_ENOMEM. */
KP_API kp_status kp_report_triage_changes(const kp_report *report,
                                          kp_whatif **out);

/** Destroy a what-if result.  NULL is a no-op. */
KP_API void kp_whatif_free(kp_whatif *whatif);

/** Entries: direction (+1 raise, -1 lower), resulting triage level, the
 * rule that would fire (raise) or NULL (lower), its advice text in the
 * report's locale (raise) or the new level's text (lower). */
KP_API size_t kp_whatif_count(const kp_whatif *whatif);
KP_API int kp_whatif_direction(const kp_whatif *whatif, size_t i);
KP_API int kp_whatif_level(const kp_whatif *whatif, size_t i);
KP_API const char *kp_whatif_rule(const kp_whatif *whatif, size_t i);
KP_API const char *kp_whatif_text(const kp_whatif *whatif, size_t i);

/** The answers of entry i: finding ID and an example value that satisfies
 * the rule (bool 0/1, choice index, number), plus the condition as text
 * ("= yes", ">= 55", "in medial, lateral"; borrowed). */
KP_API size_t kp_whatif_answer_count(const kp_whatif *whatif, size_t i);
KP_API const char *kp_whatif_answer_finding(const kp_whatif *whatif, size_t i,
                                            size_t j);
KP_API double kp_whatif_answer_value(const kp_whatif *whatif, size_t i,
                                     size_t j);
KP_API const char *kp_whatif_answer_test(const kp_whatif *whatif, size_t i,
                                         size_t j);

/** The analysis as a JSON array (the report's "triage_changes").  Caller
 * frees with kp_free().  Errors: KP_ENOMEM. */
KP_API kp_status kp_whatif_to_json(const kp_whatif *whatif, char **out);

/* ---- vignettes ---- */

/** Vignette run summary (counts).  Set `version` before the call. */
typedef struct kp_vignette_summary {
    unsigned int version;       /**< KP_VIGNETTE_SUMMARY_VERSION */
    size_t total;               /**< vignettes run */
    size_t failed;              /**< vignettes with at least one failed expectation */
    size_t ranked;              /**< vignettes with top_conditions */
    size_t top1, top3;          /**< of those: an expected condition ranked 1st / in the top 3 */
    size_t triage_exact;        /**< level equal to the expected one */
    size_t under_triage;        /**< level less urgent than expected */
    size_t over_triage;         /**< level more urgent than expected */
    size_t red_flag_under;      /**< under-triage of a red-flag vignette (must be 0) */
} kp_vignette_summary;
#define KP_VIGNETTE_SUMMARY_VERSION 1

/** Run a vignette file ("kneepain-vignettes/1", doc/interview.md) against
 * `model`.  Fills *summary (may be NULL) and, when report_out is not NULL,
 * a JSON result with the rates and every failure (caller frees with
 * kp_free()).  Errors: KP_EPARSE, KP_EFORMAT (wrong format id), KP_ETYPE,
 * KP_ENOTFOUND (a vignette's input or expectation names an unknown ID: the
 * message names the vignette), KP_EVERSION, KP_ENOMEM. */
KP_API kp_status kp_vignettes_run(kp_model *model, const char *json,
                                  size_t size, kp_vignette_summary *summary,
                                  char **report_out);

/** @} */

KP_END_DECL

#endif /* KNEEPAIN_H */
