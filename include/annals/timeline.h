/*
 * annals/timeline.h - (to be written)
 */
#ifndef ANNALS_TIMELINE_H
#define ANNALS_TIMELINE_H

#include "common.h"

#endif
