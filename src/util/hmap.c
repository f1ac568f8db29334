/*
 * hmap.c - open-addressing hash map from byte strings to 64-bit values.
 *
 * Linear probing in a power-of-two table kept at most 70% full; keys live in the map's
 * arena. No deletion: the maps here are built once (lexicons, vocabularies) or per query.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

void hmap_init(hmap *m)
{
    m->slots = NULL;
    m->cap = m->len = 0;
    arena_init(&m->keys);
}

void hmap_free(hmap *m)
{
    free(m->slots);
    arena_free(&m->keys);
    m->slots = NULL;
    m->cap = m->len = 0;
}

uint32_t hmap_hash(const void *key, size_t n)
{
    const unsigned char *p = key;
    uint32_t h = HASH_FNV_INIT;
    for (size_t i = 0; i < n; i++)
        h = hash_fnv_step(h, p[i]);
    return hmap_hash_end(h);
}

/* Keys are short words: a plain loop beats a call into memcmp. */
static inline int same_bytes(const char *a, const char *b, size_t n)
{
    if (n > 24)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static hmap_entry *find_slot(const hmap *m, const void *key, size_t n, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        hmap_entry *e = &m->slots[i];
        if (e->hash == 0)
            return e;
        if (e->hash == h && e->klen == n && same_bytes(e->key, key, n))
            return e;
    }
}

static int rehash(hmap *m, size_t ncap)
{
    hmap_entry *old = m->slots;
    size_t ocap = m->cap;
    hmap_entry *slots = calloc(ncap, sizeof(*slots));
    if (!slots)
        return ANNALS_ENOMEM;
    m->slots = slots;
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (old[i].hash) {
            hmap_entry *e = find_slot(m, old[i].key, old[i].klen, old[i].hash);
            *e = old[i];
        }
    }
    free(old);
    return 0;
}

uint64_t *hmap_get(const hmap *m, const void *key, size_t n)
{
    if (m->cap == 0)
        return NULL;
    hmap_entry *e = find_slot(m, key, n, hmap_hash(key, n));
    return e->hash ? &e->value : NULL;
}

int hmap_upsert(hmap *m, const void *key, size_t n, uint64_t value, uint64_t **slot_out,
                bool *inserted_out)
{
    if (n > UINT32_MAX)
        return ANNALS_EINVAL;
    if ((m->len + 1) * 10 > m->cap * 7) {
        if (rehash(m, m->cap ? m->cap * 2 : 16) < 0)
            return ANNALS_ENOMEM;
    }
    uint32_t h = hmap_hash(key, n);
    hmap_entry *e = find_slot(m, key, n, h);
    bool inserted = false;
    if (!e->hash) {
        char *k = arena_strndup(&m->keys, key, n);
        if (!k)
            return ANNALS_ENOMEM;
        e->key = k;
        e->klen = (uint32_t)n;
        e->hash = h;
        e->value = value;
        m->len++;
        inserted = true;
    }
    if (slot_out)
        *slot_out = &e->value;
    if (inserted_out)
        *inserted_out = inserted;
    return 0;
}

int hmap_put(hmap *m, const void *key, size_t n, uint64_t value)
{
    uint64_t *slot;
    int rc = hmap_upsert(m, key, n, value, &slot, NULL);
    if (rc < 0)
        return rc;
    *slot = value;
    return 0;
}
