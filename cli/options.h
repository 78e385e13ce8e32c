/*
 * options.h - GNU-style option parsing for every kneepain command, driven
 * by one table of options per command (getopt_long underneath), and the
 * --help text generated from the same table, so usage, parsing and help
 * cannot disagree.
 */
#ifndef KP_CLI_OPTIONS_H
#define KP_CLI_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

/* One option of a command. */
typedef struct cli_option {
    const char *name;    /* long name without "--"; NULL ends a table */
    char short_name;     /* one-letter form, or 0 */
    const char *arg;     /* name of the value ("FILE"), NULL for a flag */
    const char *choices; /* "text|json": the only values accepted, or NULL */
    const char *help;    /* what the option does (lines separated by \n) */
    const char *example; /* a command line using it */
} cli_option;

/* One command: its options and the texts of its --help. */
typedef struct cli_command {
    const char *name;        /* "assess", or "model" */
    const char *args;        /* its operands, e.g. "[FILE|-]" */
    const char *summary;     /* one line for `kneepain --help` */
    const char *description; /* paragraph for `kneepain COMMAND --help` */
    const cli_option *options; /* ends with {NULL}; --help/-h is added */
    int (*run)(int argc, char **argv);
} cli_command;

/* Help texts of options that several commands share. */
#define CLI_HELP_MODEL "Use this model file instead of the built-in model."
#define CLI_HELP_LOG                                                                      \
    "Add the runs of a Strava, Garmin Connect or plain CSV training log\n"                 \
    "(repeatable, at most 64)."

/* Results of cli_next() other than an option's index. */
#define CLI_END (-1)   /* no more options: operands are argv[optind..] */
#define CLI_HELP (-2)  /* --help was given and its text printed */
#define CLI_ERROR (-3) /* bad option: the message has been printed */

#define CLI_MAX_OPTIONS 32

typedef struct cli_parser {
    const cli_command *cmd;
    int argc;
    char **argv;
    int optind;        /* after CLI_END: index of the first operand */
    const char *value; /* the value of the option just returned, or NULL */
    int choice;        /* for an option with choices: index of value in them */
    int noptions;
    char shortopts[2 * CLI_MAX_OPTIONS + 4];
    struct option longopts[CLI_MAX_OPTIONS + 2]; /* the table and --help */
} cli_parser;

/** Start parsing argv[1..argc-1] of `cmd` (argv[0] is the command name).
 * Options and operands may be mixed; "--" ends the options. */
void cli_parser_init(cli_parser *p, const cli_command *cmd, int argc, char **argv);

/** The next option: its index in cmd->options (p->value holds its value,
 * already checked against its choices), or CLI_END, CLI_HELP, CLI_ERROR.
 * Errors name the option: unknown ones with the nearest known option, a
 * missing value, a value not among the choices, a value given to a flag. */
int cli_next(cli_parser *p);

/** Exit status for a cli_next() result that stops a command (CLI_HELP: 0,
 * CLI_ERROR: 2). */
int cli_stop_status(int result);

/** Print "kneepain CMD: MESSAGE (see kneepain CMD --help)" for an operand
 * error (too many files, a required one missing); returns exit status 2. */
int cli_usage_error(const cli_command *cmd, const char *message);

/** The --help text of a command, generated from its table. */
void cli_print_help(FILE *out, const cli_command *cmd);

/** The candidate nearest to `word` by edit distance, or NULL when none is
 * close enough to be a likely typo. */
const char *cli_nearest(const char *word, const char *const *candidates, size_t n);

#endif
