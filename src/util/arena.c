/*
 * arena.c - bump allocator for per-document work, freed in one call.
 *
 * Blocks form a singly linked list, newest first. A request larger than the default block
 * gets a block of its own. With ANNALS_ARENA_MALLOC defined (the sanitizer build) every
 * allocation is a separate block so that AddressSanitizer can see overruns.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct arena_block {
    arena_block *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

#define ARENA_BLOCK (64 * 1024)

void arena_init(arena *a)
{
    a->head = NULL;
    a->used = a->cap = 0;
}

#ifndef ANNALS_ARENA_MALLOC
static size_t align16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}
#endif

void *arena_alloc(arena *a, size_t n)
{
    if (n == 0)
        n = 1;
#ifndef ANNALS_ARENA_MALLOC
    n = align16(n);
    if (a->head && a->cap - a->used >= n) {
        void *p = a->head->data + a->used;
        a->used += n;
        return p;
    }
    size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
#else
    size_t size = n;
#endif
    if (size > SIZE_MAX - sizeof(arena_block))
        return NULL;
    arena_block *b = malloc(sizeof(arena_block) + size);
    if (!b)
        return NULL;
    b->size = size;
    if (a->head && size > ARENA_BLOCK && a->cap - a->used > 0) {
        /* An oversized block goes behind the current one so its free space stays usable. */
        b->next = a->head->next;
        a->head->next = b;
        return b->data;
    }
    b->next = a->head;
    a->head = b;
    a->used = n;
    a->cap = size;
    return b->data;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_free(arena *a)
{
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
    arena_init(a);
}

void arena_reset(arena *a)
{
    arena_free(a);
}
