/*
 * annals.h - the public API of annals, the news-timeline engine.
 *
 * This is the only header that the command-line tool, the server and bindings include.
 * It gathers the per-module public headers in include/annals/ (the layout libgit2 uses
 * for git2.h). Conventions that hold across all of them:
 *
 *  - Fallible functions return int: 0 on success, a negative ANNALS_E* code otherwise.
 *    The one-line message for the last error lives on the handle (annals_<x>_errmsg()).
 *  - Handles are opaque: annals_<x>_open(&h, ...) / annals_<x>_close(h); closing NULL is a
 *    no-op. Options are structs initialised with ANNALS_<X>_OPTIONS_INIT.
 *  - Text is UTF-8 bytes plus a length. Every span is {byte offset, byte length} into the
 *    caller's original buffer.
 *  - Nothing in the library reads the clock: relative dates resolve against a reference
 *    date the caller passes in.
 *  - A handle is used by one thread at a time; different handles are independent.
 */
#ifndef ANNALS_H
#define ANNALS_H

#include "annals/common.h"
#include "annals/text.h"
#include "annals/temporal.h"
#include "annals/timeml.h"
#include "annals/store.h"
#include "annals/ingest.h"
#include "annals/timeline.h"
#include "annals/eval_tls.h"
#include "annals/eval_timex.h"
#include "annals/eval_bootstrap.h"

#endif
