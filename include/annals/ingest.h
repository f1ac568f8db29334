/*
 * annals/ingest.h - (to be written)
 */
#ifndef ANNALS_INGEST_H
#define ANNALS_INGEST_H

#include "common.h"

#endif
