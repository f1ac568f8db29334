/*
 * annals/timeml.h - (to be written)
 */
#ifndef ANNALS_TIMEML_H
#define ANNALS_TIMEML_H

#include "common.h"

#endif
