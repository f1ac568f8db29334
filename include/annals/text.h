/*
 * annals/text.h - (to be written)
 */
#ifndef ANNALS_TEXT_H
#define ANNALS_TEXT_H

#include "common.h"

#endif
