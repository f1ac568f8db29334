/*
 * pipeline.h - the pipeline module's internal header.
 *
 * The pipeline joins the readers (ingest/), the analyzer (text/), the tagger (temporal/)
 * and the store (store/): it is the only module that sees all four.
 */
#ifndef ANNALS_PIPELINE_INTERNAL_H
#define ANNALS_PIPELINE_INTERNAL_H

#include "annals/ingest.h"
#include "annals/temporal.h"
#include "annals/text.h"
#include "ingest/ingest.h"
#include "store/store.h"

/* The publication date named by the nearest YYYY-MM-DD directory in path (the file name
 * itself excluded), or a zero date. */
annals_date pipeline_date_from_path(const char *path);

#endif
