/*
 * util.h - the util module's internal header: arena, growable byte buffer, vectors,
 * a string-keyed hash map, UTF-8 decoding and small string helpers.
 *
 * Every other module may include this header; util itself depends on libc only.
 * Allocation failures are reported as ANNALS_ENOMEM (or NULL), never by aborting.
 */
#ifndef ANNALS_UTIL_H
#define ANNALS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "annals/common.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- arena: bump allocator freed in one call ------------------------------------------
 * Blocks of at least 64 KiB; allocations are 16-byte aligned. Built with
 * ANNALS_ARENA_MALLOC (the sanitizer build), every allocation is its own malloc block so
 * that ASan sees overflows. */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    size_t used; /* bytes used in head */
    size_t cap;  /* bytes available in head */
} arena;

void arena_init(arena *a);
void *arena_alloc(arena *a, size_t n); /* NULL when out of memory */
char *arena_strndup(arena *a, const char *s, size_t n);
void arena_reset(arena *a); /* frees all but keeps nothing; the arena is reusable */
void arena_free(arena *a);

/* ---- buf: growable byte string, always NUL-terminated when len > 0 or after buf_cstr ---- */
typedef struct buf {
    char *ptr;
    size_t len;
    size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}
int buf_grow(buf *b, size_t extra);
int buf_append(buf *b, const void *data, size_t n);
int buf_puts(buf *b, const char *s);
/* One byte; inline while it fits, as readers append text a byte at a time. */
static inline int buf_putc(buf *b, char c)
{
    if (b->len + 2 <= b->cap) {
        b->ptr[b->len++] = c;
        b->ptr[b->len] = '\0';
        return 0;
    }
    return buf_append(b, &c, 1);
}
int buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int buf_put_utf8(buf *b, uint32_t cp);
/* Appends s with JSON string escaping (no surrounding quotes). */
int buf_put_json_escaped(buf *b, const char *s, size_t n);
const char *buf_cstr(buf *b); /* "" for an empty buffer; NULL only when out of memory */
void buf_clear(buf *b);
void buf_free(buf *b);

/* ---- vec: typed growable arrays ------------------------------------------------------
 *   VEC(int) v = VEC_INIT; if (VEC_PUSH(&v, 3) < 0) ...; VEC_FREE(&v);            */
#define VEC(T)                                                                                     \
    struct {                                                                                       \
        T *items;                                                                                  \
        size_t len;                                                                                \
        size_t cap;                                                                                \
    }
#define VEC_INIT {NULL, 0, 0}
int vec_reserve_(void **items, size_t *cap, size_t need, size_t elem);
#define VEC_RESERVE(v, n)                                                                          \
    vec_reserve_((void **)&(v)->items, &(v)->cap, (n), sizeof(*(v)->items))
/* The capacity test is inline: vec_reserve_() is only called when the vector is full. */
#define VEC_PUSH(v, x)                                                                             \
    ((v)->len >= (v)->cap && VEC_RESERVE((v), (v)->len + 1) < 0                                   \
         ? ANNALS_ENOMEM                                                                           \
         : ((v)->items[(v)->len++] = (x), 0))
#define VEC_FREE(v) (free((v)->items), (v)->items = NULL, (v)->len = (v)->cap = 0)

/* ---- hmap: open-addressing map from byte strings to uint64 values --------------------
 * Keys are copied into the map's own arena. */
typedef struct hmap_entry {
    const char *key;
    uint32_t klen;
    uint32_t hash;
    uint64_t value;
} hmap_entry;

typedef struct hmap {
    hmap_entry *slots;
    size_t cap; /* power of two, 0 when empty */
    size_t len;
    arena keys;
} hmap;

void hmap_init(hmap *m);
void hmap_free(hmap *m);
/* FNV-1a, one byte at a time, for callers that hash while they scan; hmap_hash() is
 * hmap_hash_end() of the steps over the whole key. */
#define HASH_FNV_INIT 2166136261u
static inline uint32_t hash_fnv_step(uint32_t h, unsigned char c)
{
    return (h ^ c) * 16777619u;
}
static inline uint32_t hmap_hash_end(uint32_t h)
{
    return h ? h : 1; /* 0 marks an empty slot */
}
uint32_t hmap_hash(const void *key, size_t n);
/* Returns the value slot for key, or NULL when absent. */
uint64_t *hmap_get(const hmap *m, const void *key, size_t n);
/* Sets key to value (inserting or overwriting). Returns 0 or ANNALS_ENOMEM. */
int hmap_put(hmap *m, const void *key, size_t n, uint64_t value);
/* Inserts key with value if absent; *slot_out points at the (new or old) value. */
int hmap_upsert(hmap *m, const void *key, size_t n, uint64_t value, uint64_t **slot_out,
                bool *inserted_out);

/* ---- UTF-8 ----------------------------------------------------------------------------
 * utf8_decode reads one code point from [p, end): returns the number of bytes consumed
 * (always >= 1 when p < end) and stores the code point, or 0xFFFFFFFF for an invalid,
 * overlong, surrogate or truncated sequence (consuming exactly one byte). */
#define UTF8_INVALID 0xFFFFFFFFu
size_t utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp);
int utf8_encode(uint32_t cp, char out[4]); /* returns 1..4 */
/* Number of invalid sequences in [s, s+n). */
size_t utf8_count_invalid(const char *s, size_t n);

/* ---- strings ------------------------------------------------------------------------ */
static inline int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}
static inline bool ascii_isdigit(int c)
{
    return c >= '0' && c <= '9';
}
static inline bool ascii_isalpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool ascii_isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
/* Case-insensitive (ASCII) comparison of a[0,n) with the NUL-terminated b. */
bool ascii_ieq(const char *a, size_t n, const char *b);
/* Reads a whole file into *out (NUL-terminated; *len_out excludes the NUL). */
int read_file(const char *path, char **out, size_t *len_out);

/* ---- hashing ------------------------------------------------------------------------ */
/* splitmix64 (Steele, Lea & Flood 2014): the next number of the sequence of *state; a
 * small, fast, reproducible generator for sampling with a fixed seed. */
static inline uint64_t rng_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void hash128(const void *data, size_t len, uint64_t out[2]);
void hash128_hex(const void *data, size_t len, char out[33]); /* 32 hex digits + NUL */

/* ---- resources: the TSV tables of resources/ compiled into the binary ----------------
 * Generated by tools/tsv2c.c at build time. cells holds rows * cols strings, row-major;
 * rows shorter than the first are padded with "". */
typedef struct annals_resource {
    const char *name; /* path under resources/ without .tsv: "en/months" */
    size_t rows;
    size_t cols;
    const char *const *cells;
} annals_resource;

/* The table named name, or NULL. */
const annals_resource *resource_find(const char *name);

#endif
