/*
 * annals/eval_tls.h - (to be written)
 */
#ifndef ANNALS_EVAL_TLS_H
#define ANNALS_EVAL_TLS_H

#include "common.h"

#endif
