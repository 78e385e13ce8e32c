/*
 * options.c - one option parser for every command: the command's table is
 * turned into getopt_long's arrays, and getopt's errors into messages that
 * name the option (getopt's own messages are off: they would print an
 * argument unescaped and cannot suggest the option that was meant).
 */
#include "options.h"
#include "commands.h"
#include "safe_text.h"

#include <string.h>

/* Long options get values above any character, so short and long forms
 * of the same option are told apart only by the table. */
#define LONG_BASE 256

static const cli_option help_option = {"help", 'h', NULL, NULL, "Show this help and exit.",
                                       NULL};

static const cli_option *option_at(const cli_parser *p, int i)
{
    return i == p->noptions ? &help_option : &p->cmd->options[i];
}

void cli_parser_init(cli_parser *p, const cli_command *cmd, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->argc = argc;
    p->argv = argv;
    while (cmd->options[p->noptions].name && p->noptions < CLI_MAX_OPTIONS)
        p->noptions++;
    /* ':' first: a missing value is reported as ':' rather than '?' */
    size_t k = 0;
    p->shortopts[k++] = ':';
    for (int i = 0; i <= p->noptions; i++) {
        const cli_option *o = option_at(p, i);
        p->longopts[i].name = o->name;
        p->longopts[i].has_arg = o->arg ? required_argument : no_argument;
        p->longopts[i].flag = NULL;
        p->longopts[i].val = LONG_BASE + i;
        if (o->short_name) {
            p->shortopts[k++] = o->short_name;
            if (o->arg)
                p->shortopts[k++] = ':';
        }
    }
    p->shortopts[k] = '\0';
    /* longopts[noptions + 1] stays zero: the end of getopt's table */
    opterr = 0;
    optind = 1;
}

/* Index of the option whose getopt value is `val`, or -1. */
static int option_index(const cli_parser *p, int val)
{
    if (val >= LONG_BASE && val <= LONG_BASE + p->noptions)
        return val - LONG_BASE;
    for (int i = 0; val > 0 && i <= p->noptions; i++)
        if (option_at(p, i)->short_name == val)
            return i;
    return -1;
}

/* Levenshtein distance of the first 63 bytes of a and b. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strnlen(a, 63), lb = strnlen(b, 63);
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cli_nearest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    /* a third of the word may be wrong (at least one letter): "fromat" is
     * format, "x" is nothing */
    size_t len = strnlen(word, 63);
    size_t limit = (len + 2) / 3 ? (len + 2) / 3 : 1;
    return best_d <= limit ? best : NULL;
}

/* "unknown option '--fromat'; did you mean --format?" for argv text `arg`. */
static int unknown_long(const cli_parser *p, const char *arg)
{
    char name[64];
    const char *start = arg + 2;
    size_t len = strcspn(start, "=");
    snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), start);
    const char *names[CLI_MAX_OPTIONS + 1];
    const char *prefixed[CLI_MAX_OPTIONS + 1];
    size_t nprefixed = 0;
    for (int i = 0; i <= p->noptions; i++) {
        names[i] = option_at(p, i)->name;
        if (len && !strncmp(names[i], start, len))
            prefixed[nprefixed++] = names[i];
    }
    if (nprefixed > 1) {
        cli_errorf("kneepain %s: option '--%s' is ambiguous: --%s or --%s (see kneepain %s --help)",
                   p->cmd->name, name, prefixed[0], prefixed[1], p->cmd->name);
        return CLI_ERROR;
    }
    const char *near = cli_nearest(name, names, (size_t)p->noptions + 1);
    if (near)
        cli_errorf("kneepain %s: unknown option '--%s'; did you mean --%s?", p->cmd->name, name,
                   near);
    else
        cli_errorf("kneepain %s: unknown option '--%s' (see kneepain %s --help)", p->cmd->name,
                   name, p->cmd->name);
    return CLI_ERROR;
}

/* The option's value against its choices ("text|json"). */
static int check_choice(cli_parser *p, int i)
{
    const cli_option *o = option_at(p, i);
    if (!o->choices)
        return i;
    size_t vlen = strlen(p->value);
    int k = 0;
    for (const char *c = o->choices; *c; k++) {
        size_t clen = strcspn(c, "|");
        if (clen == vlen && !strncmp(c, p->value, clen)) {
            p->choice = k;
            return i;
        }
        c += clen + (c[clen] == '|');
    }
    cli_errorf("kneepain %s: --%s must be one of %s, not '%s'", p->cmd->name, o->name,
               o->choices, p->value);
    return CLI_ERROR;
}

int cli_next(cli_parser *p)
{
    p->value = NULL;
    p->choice = -1;
    int c = getopt_long(p->argc, p->argv, p->shortopts, p->longopts, NULL);
    p->optind = optind;
    if (c == -1)
        return CLI_END;
    const char *arg = p->argv[optind - 1];
    if (c == ':') {
        const cli_option *o = option_at(p, option_index(p, optopt));
        cli_errorf("kneepain %s: option --%s needs a value (%s)", p->cmd->name, o->name,
                   o->choices ? o->choices : o->arg);
        return CLI_ERROR;
    }
    if (c == '?') {
        int i = option_index(p, optopt);
        if (i >= 0) {
            cli_errorf("kneepain %s: option --%s takes no value", p->cmd->name,
                       option_at(p, i)->name);
            return CLI_ERROR;
        }
        if (optopt)
            cli_errorf("kneepain %s: unknown option '-%c' (see kneepain %s --help)",
                       p->cmd->name, optopt, p->cmd->name);
        return optopt ? CLI_ERROR : unknown_long(p, arg);
    }
    int i = option_index(p, c);
    if (i == p->noptions) {
        cli_print_help(stdout, p->cmd);
        return CLI_HELP;
    }
    p->value = optarg;
    return p->value ? check_choice(p, i) : i;
}

int cli_stop_status(int result)
{
    return result == CLI_HELP ? KP_EXIT_OK : KP_EXIT_BADINPUT;
}

int cli_usage_error(const cli_command *cmd, const char *message)
{
    cli_errorf("kneepain %s: %s (see kneepain %s --help)", cmd->name, message, cmd->name);
    return KP_EXIT_BADINPUT;
}

/* Lines of `text` (separated by \n), each indented by `indent` spaces. */
static void put_indented(FILE *out, const char *text, int indent)
{
    while (*text) {
        size_t n = strcspn(text, "\n");
        fprintf(out, "%*s%.*s\n", indent, "", (int)n, text);
        text += n + (text[n] == '\n');
    }
}

void cli_print_help(FILE *out, const cli_command *cmd)
{
    fprintf(out, "Usage: kneepain %s [OPTION]... %s\n", cmd->name, cmd->args);
    put_indented(out, cmd->description, 0);
    fputs("\nOptions (--NAME=VALUE and --NAME VALUE both work; -- ends the options):\n", out);
    for (int i = 0;; i++) {
        const cli_option *o = cmd->options[i].name ? &cmd->options[i] : &help_option;
        if (o->short_name)
            fprintf(out, "  -%c, --%s", o->short_name, o->name);
        else
            fprintf(out, "      --%s", o->name);
        if (o->arg)
            fprintf(out, "=%s", o->choices ? o->choices : o->arg);
        fputc('\n', out);
        put_indented(out, o->help, 10);
        if (o->example)
            fprintf(out, "%10sExample: %s\n", "", o->example);
        if (o == &help_option)
            break;
    }
    fputs("\nExit status: 0 ok, 2 bad input (the message names the field), 1 other error.\n",
          out);
}
