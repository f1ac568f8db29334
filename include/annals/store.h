/*
 * annals/store.h - (to be written)
 */
#ifndef ANNALS_STORE_H
#define ANNALS_STORE_H

#include "common.h"

#endif
