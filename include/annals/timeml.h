/*
 * annals/timeml.h - reading and writing TimeML documents (TimeML 1.2.1, as in TimeBank,
 * AQUAINT and the TempEval-3 data).
 *
 * A document is read into: its creation time (the TIMEX3 with
 * functionInDocument="CREATION_TIME", normally inside <DCT>), the text of the <TEXT>
 * element with every tag removed and XML entities decoded, and the TIMEX3 elements found
 * inside <TEXT>.
 *
 * Offset convention: every span is {byte offset, byte length} into that decoded text
 * (UTF-8). The TempEval-3 scorer counts characters of the tag-free text; the mapping from
 * bytes to characters is monotone and one-to-one on character boundaries, so exact and
 * overlapping matches are the same in both units. annals_timeml_char_offset() converts a
 * byte offset to the character offset for reports.
 *
 * The writer reproduces the original file byte for byte, except that the TIMEX3 tags
 * inside <TEXT> are replaced by the ones the caller passes in.
 */
#ifndef ANNALS_TIMEML_H
#define ANNALS_TIMEML_H

#include "common.h"

/* One TIMEX3 element. Strings are NUL-terminated and "" when the attribute is absent. */
typedef struct annals_timeml_timex {
    annals_span span;  /* bytes of the decoded text */
    const char *tid;
    const char *type;  /* DATE, TIME, DURATION, SET */
    const char *value; /* the TIMEX3 value, entities decoded */
    const char *mod;
    const char *tag;   /* the complete opening tag as written in the file ("<TIMEX3 ...>");
                          the writer emits it verbatim when not NULL, and builds one from
                          tid/type/value/mod otherwise */
} annals_timeml_timex;

typedef struct annals_timeml_doc annals_timeml_doc;

/* Reader flags. */
enum {
    /* A '&' that does not start a known entity, or a '<' that does not start a tag, is
       kept as text instead of being an error (machine output such as HeidelTime's often
       leaves "AT&T" unescaped). */
    ANNALS_TIMEML_LENIENT = 1u << 0,
    /* When the document has no <TEXT> element, the content of the root element is the
       text (HeidelTime's output puts the article directly inside <TimeML>). */
    ANNALS_TIMEML_ROOT_TEXT = 1u << 1,
};

#define ANNALS_TIMEML_OPTIONS_VERSION 1
typedef struct annals_timeml_options {
    unsigned version;
    unsigned flags; /* ANNALS_TIMEML_* bits; 0 = strict XML with a <TEXT> element */
} annals_timeml_options;
#define ANNALS_TIMEML_OPTIONS_INIT {ANNALS_TIMEML_OPTIONS_VERSION, 0}

/*
 * Parses raw[0, len) (copied; the caller keeps raw). opts may be NULL for the defaults.
 * Unless out of memory, *out receives a document handle even when parsing fails, so that
 * annals_timeml_errmsg() and annals_timeml_errline() can say why; the caller closes it
 * with annals_timeml_close() in every case.
 * Returns 0; ANNALS_EPARSE for invalid UTF-8, control characters, broken markup (an
 * unterminated or mismatched tag, an unknown entity, a TIMEX3 nested in another, no
 * <TEXT> element); ANNALS_EINVAL when len does not fit a 32-bit span; ANNALS_ENOMEM
 * (then *out is NULL).
 * A missing creation time is not an error: annals_timeml_dct() reports it.
 */
int annals_timeml_read(annals_timeml_doc **out, const char *raw, size_t len,
                       const annals_timeml_options *opts);

/* Frees a document; NULL is a no-op. */
void annals_timeml_close(annals_timeml_doc *doc);

/* The message of the last failure (borrowed; "" when none). */
const char *annals_timeml_errmsg(const annals_timeml_doc *doc);

/* The 1-based line of the raw file where the last failure was found (0 when none). */
unsigned annals_timeml_errline(const annals_timeml_doc *doc);

/* The decoded <TEXT> content (borrowed, NUL-terminated, valid until close); *len_out
   gets its length in bytes. */
const char *annals_timeml_text(const annals_timeml_doc *doc, size_t *len_out);

/*
 * The creation time. *out gets the calendar date of the value's "YYYY-MM-DD" or
 * "YYYYMMDD" prefix; value_out (may be NULL) the TIMEX3 value itself (borrowed).
 * Returns 0, or ANNALS_ENOTFOUND when there is no creation time or its value is not a
 * real calendar day.
 */
int annals_timeml_dct(const annals_timeml_doc *doc, annals_date *out, const char **value_out);

/* The TIMEX3 elements inside <TEXT>, in document order (borrowed, valid until close). */
const annals_timeml_timex *annals_timeml_timexes(const annals_timeml_doc *doc, size_t *n_out);

/* The character (code point) offset of byte offset off of the decoded text. */
uint32_t annals_timeml_char_offset(const annals_timeml_doc *doc, uint32_t off);

/* The 1-based line of the raw file on which byte off of the decoded text stands. */
unsigned annals_timeml_line(const annals_timeml_doc *doc, uint32_t off);

/*
 * Writes the document with the TIMEX3 tags inside <TEXT> replaced by timexes[0, n):
 * spans must lie in the decoded text, start and end on UTF-8 character boundaries, be
 * non-empty, sorted and not overlap. Each opening tag goes right before the first
 * character of its span, after any closing tags that end there; each closing tag right
 * after its last character, after the closing tags of elements that opened inside the
 * span, before any opening tag that starts there. An element with the same extent thus
 * ends up inside the TIMEX3; one that crosses the span's boundary gives crossing tags
 * (TimeML annotations do not do that). Everything else
 * (the header, the DCT, EVENT and SIGNAL tags, links) is copied byte for byte.
 * On success *out is a malloc'd, NUL-terminated buffer the caller frees with free();
 * *len_out gets its length. Returns 0, ANNALS_EINVAL (a bad span; the message is on doc)
 * or ANNALS_ENOMEM.
 */
int annals_timeml_write(annals_timeml_doc *doc, const annals_timeml_timex *timexes, size_t n,
                        char **out, size_t *len_out);

/*
 * Lists the TimeML files under dir, recursively and following symbolic links: every
 * regular file whose name ends in ".tml" or ".timeml". *out receives a malloc'd array of
 * *n_out malloc'd paths relative to dir, sorted bytewise, freed with
 * annals_timeml_list_free(). Returns 0, ANNALS_EIO when dir or one of its subdirectories
 * cannot be read, or ANNALS_ENOMEM.
 */
int annals_timeml_list(const char *dir, char ***out, size_t *n_out);

/* Frees a list from annals_timeml_list(); NULL is a no-op. */
void annals_timeml_list_free(char **paths, size_t n);

#endif
