/*
 * args.c - the option parser shared by the subcommands (see cli.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void args_init(cli_args *a, int argc, char **argv)
{
    a->argc = argc;
    a->argv = argv;
    a->i = 1;
    a->only_positional = false;
    a->cmd = argc > 0 ? argv[0] : "annals";
}

int args_next(cli_args *a, const cli_option *opts, const char **arg)
{
    *arg = NULL;
    if (a->i >= a->argc)
        return -1;
    char *s = a->argv[a->i++];
    if (a->only_positional || s[0] != '-' || s[1] == '\0') {
        *arg = s;
        return 0;
    }
    if (strcmp(s, "--") == 0) {
        a->only_positional = true;
        return args_next(a, opts, arg);
    }
    const cli_option *o = NULL;
    const char *inline_val = NULL;
    if (s[1] == '-') {
        const char *name = s + 2;
        const char *eq = strchr(name, '=');
        size_t n = eq ? (size_t)(eq - name) : strlen(name);
        for (const cli_option *p = opts; p->name; p++) {
            if (strlen(p->name) == n && strncmp(p->name, name, n) == 0) {
                o = p;
                break;
            }
        }
        if (o && eq)
            inline_val = eq + 1;
    } else if (s[2] == '\0') {
        for (const cli_option *p = opts; p->name; p++) {
            if (p->key == (unsigned char)s[1]) {
                o = p;
                break;
            }
        }
    }
    if (!o) {
        fprintf(stderr, "annals %s: unknown option '%s' (see 'annals %s --help')\n", a->cmd, s,
                a->cmd);
        return '?';
    }
    if (!o->has_arg) {
        if (inline_val) {
            fprintf(stderr, "annals %s: option '--%s' takes no value\n", a->cmd, o->name);
            return '?';
        }
        return o->key;
    }
    if (inline_val) {
        *arg = inline_val;
    } else if (a->i < a->argc) {
        *arg = a->argv[a->i++];
    } else {
        fprintf(stderr, "annals %s: option '--%s' needs a value\n", a->cmd, o->name);
        return '?';
    }
    return o->key;
}

bool parse_range(const char *cmd, const char *opt, const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < min || v > max) {
        fprintf(stderr, "annals %s: %s must be a whole number from %ld to %ld, not '%s'\n", cmd,
                opt, min, max, s);
        return false;
    }
    *out = v;
    return true;
}

bool parse_count(const char *cmd, const char *opt, const char *s, long max, long *out)
{
    return parse_range(cmd, opt, s, 0, max, out);
}

bool parse_nonneg(const char *cmd, const char *opt, const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !isfinite(v) || v < 0) {
        fprintf(stderr, "annals %s: %s wants a number >= 0, not '%s'\n", cmd, opt, s);
        return false;
    }
    *out = v;
    return true;
}

const char *default_store(void)
{
    const char *s = getenv("ANNALS_STORE");
    return s && *s ? s : "annals.db";
}
