/*
 * render.c - timelines as text, JSON, tilse (the timeline-summarization evaluation format:
 * a YYYY-MM-DD line, one sentence per line, blocks separated by 32 dashes) or Markdown.
 *
 * Output is byte-identical from run to run: entries are in date order and numbers are
 * printed with fixed precision.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const char *const weekday_names[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};

int annals_tl_format_parse(const char *name)
{
    if (strcmp(name, "text") == 0)
        return ANNALS_TL_TEXT;
    if (strcmp(name, "json") == 0)
        return ANNALS_TL_JSON;
    if (strcmp(name, "tilse") == 0)
        return ANNALS_TL_TILSE;
    if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
        return ANNALS_TL_MARKDOWN;
    return -1;
}

/* "2021-10-05", or question marks for an unknown year */
static void date_label(annals_date d, char out[11])
{
    if (d.year)
        annals_date_format(d, out);
    else
        snprintf(out, 11, "?\?\?\?-%02d-%02d", d.month, d.day);
}

/* "Tuesday, October 5, 2021" or "January 8, year unknown" */
static void date_words(buf *b, annals_date d)
{
    if (d.year)
        buf_printf(b, "%s, %s %d, %d", weekday_names[annals_date_weekday(d)],
                   month_names[d.month - 1], d.day, d.year);
    else
        buf_printf(b, "%s %d, year unknown", month_names[d.month - 1], d.day);
}

static void json_str(buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "null");
        return;
    }
    buf_putc(b, '"');
    buf_put_json_escaped(b, s, strlen(s));
    buf_putc(b, '"');
}

static void render_text(buf *b, const annals_timeline *tl)
{
    size_t dated = 0;
    for (size_t i = 0; i < tl->n_entries; i++)
        dated += tl->entries[i].date.year != 0;
    buf_printf(b, "%s: %zu dates, %zu partial, from %zu matching sentences\n", tl->query, dated,
               tl->n_entries - dated, tl->n_matches);
    for (size_t i = 0; i < tl->n_entries; i++) {
        const annals_tl_entry *e = &tl->entries[i];
        char label[11];
        date_label(e->date, label);
        buf_printf(b, "\n%s  ", label);
        date_words(b, e->date);
        buf_putc(b, '\n');
        for (size_t j = 0; j < e->n_sentences; j++) {
            const annals_tl_sentence *s = &e->sentences[j];
            buf_printf(b, "  * %s\n    [%s, bytes %u-%u]\n", s->text, s->source, s->span.off,
                       s->span.off + s->span.len);
        }
    }
    if (tl->n_undated) {
        buf_printf(b, "\nWithout a publication date (%zu):\n", tl->n_undated);
        for (size_t i = 0; i < tl->n_undated; i++)
            buf_printf(b, "  %s\n", tl->undated_sources[i]);
    }
}

static void render_json(buf *b, const annals_timeline *tl)
{
    buf_puts(b, "{\"query\": ");
    json_str(b, tl->query);
    buf_printf(b, ", \"matches\": %zu, \"timeline\": [", tl->n_matches);
    for (size_t i = 0; i < tl->n_entries; i++) {
        const annals_tl_entry *e = &tl->entries[i];
        char label[11];
        if (e->date.year)
            annals_date_format(e->date, label);
        else
            snprintf(label, sizeof(label), "XXXX-%02d-%02d", e->date.month, e->date.day);
        buf_printf(b, "%s\n  {\"date\": \"%s\", \"partial\": %s, \"score\": %.4f, \"sentences\": [",
                   i ? "," : "", label, e->date.year ? "false" : "true", e->score);
        for (size_t j = 0; j < e->n_sentences; j++) {
            const annals_tl_sentence *s = &e->sentences[j];
            buf_puts(b, j ? ",\n    {\"text\": " : "\n    {\"text\": ");
            json_str(b, s->text);
            buf_puts(b, ", \"source\": ");
            json_str(b, s->source);
            buf_printf(b, ", \"doc_id\": %lld, \"sentence_id\": %lld, \"span\": [%u, %u]",
                       (long long)s->doc_id, (long long)s->sentence_id, s->span.off, s->span.len);
            char pub[11];
            buf_puts(b, ", \"published\": ");
            if (s->pub.year)
                buf_printf(b, "\"%s\"", annals_date_format(s->pub, pub));
            else
                buf_puts(b, "null");
            buf_puts(b, ", \"title\": ");
            json_str(b, s->title);
            buf_putc(b, '}');
        }
        buf_puts(b, "]}");
    }
    buf_puts(b, "],\n \"undated_documents\": [");
    for (size_t i = 0; i < tl->n_undated; i++) {
        if (i)
            buf_puts(b, ", ");
        json_str(b, tl->undated_sources[i]);
    }
    buf_puts(b, "]}\n");
}

static void render_tilse(buf *b, const annals_timeline *tl)
{
    int first = 1;
    for (size_t i = 0; i < tl->n_entries; i++) {
        const annals_tl_entry *e = &tl->entries[i];
        if (!e->date.year)
            continue; /* the format has no partial dates */
        char label[11];
        if (!first)
            buf_puts(b, "--------------------------------\n");
        first = 0;
        buf_printf(b, "%s\n", annals_date_format(e->date, label));
        for (size_t j = 0; j < e->n_sentences; j++) {
            /* one sentence per line: line breaks inside become spaces */
            for (const char *p = e->sentences[j].text; *p; p++)
                buf_putc(b, *p == '\n' ? ' ' : *p);
            buf_putc(b, '\n');
        }
    }
}

static void render_markdown(buf *b, const annals_timeline *tl)
{
    buf_printf(b, "# Timeline: %s\n", tl->query);
    for (size_t i = 0; i < tl->n_entries; i++) {
        const annals_tl_entry *e = &tl->entries[i];
        char label[11];
        date_label(e->date, label);
        buf_printf(b, "\n## %s (", label);
        date_words(b, e->date);
        buf_puts(b, ")\n\n");
        for (size_t j = 0; j < e->n_sentences; j++) {
            const annals_tl_sentence *s = &e->sentences[j];
            buf_printf(b, "- %s  \n  *%s, bytes %u-%u*\n", s->text, s->source, s->span.off,
                       s->span.off + s->span.len);
        }
    }
    if (tl->n_undated) {
        buf_puts(b, "\n## Without a publication date\n\n");
        for (size_t i = 0; i < tl->n_undated; i++)
            buf_printf(b, "- %s\n", tl->undated_sources[i]);
    }
}

int annals_timeline_render(const annals_timeline *tl, annals_tl_format format, char **out,
                           size_t *len_out)
{
    buf b = BUF_INIT;
    switch (format) {
    case ANNALS_TL_JSON: render_json(&b, tl); break;
    case ANNALS_TL_TILSE: render_tilse(&b, tl); break;
    case ANNALS_TL_MARKDOWN: render_markdown(&b, tl); break;
    case ANNALS_TL_TEXT:
    default: render_text(&b, tl); break;
    }
    /* buf operations fail only when out of memory; a short buffer is detected here */
    if (!buf_cstr(&b)) {
        buf_free(&b);
        return ANNALS_ENOMEM;
    }
    *out = b.ptr;
    if (len_out)
        *len_out = b.len;
    return 0;
}
