/*
 * annals/eval_timex.h - (to be written)
 */
#ifndef ANNALS_EVAL_TIMEX_H
#define ANNALS_EVAL_TIMEX_H

#include "common.h"

#endif
