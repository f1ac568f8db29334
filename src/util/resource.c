/*
 * resource.c - lookup of the TSV tables compiled from resources/ by tools/tsv2c.c.
 */
#include <string.h>

#include "util.h"

extern const annals_resource annals_resource_table[];
extern const size_t annals_resource_count;

const annals_resource *resource_find(const char *name)
{
    for (size_t i = 0; i < annals_resource_count; i++) {
        if (strcmp(annals_resource_table[i].name, name) == 0)
            return &annals_resource_table[i];
    }
    return NULL;
}
