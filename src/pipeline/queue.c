/*
 * queue.c - the bounded hand-over between the reader side and the writer side, and the
 * items that travel through it.
 *
 * Bounded by item count and by bytes, so a fast reader never holds more than a few batches
 * of analyzed text in memory; an empty queue accepts any item, however large. The producer
 * hands items over in short chains (pipeline.c), one lock and at most one wake-up each.
 */
#include <stdlib.h>

#include "pipeline.h"

item *item_new(item_kind kind)
{
    item *it = calloc(1, sizeof(*it));
    if (!it)
        return NULL;
    it->kind = kind;
    arena_init(&it->mem);
    return it;
}

void item_free(item *it)
{
    if (!it)
        return;
    arena_free(&it->mem);
    free(it);
}

int queue_init(item_queue *q, size_t max_count, size_t max_weight)
{
    q->head = q->tail = NULL;
    q->count = q->weight = 0;
    q->max_count = max_count;
    q->max_weight = max_weight;
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        return ANNALS_ENOMEM;
    if (pthread_cond_init(&q->not_empty, NULL) != 0) {
        pthread_mutex_destroy(&q->lock);
        return ANNALS_ENOMEM;
    }
    if (pthread_cond_init(&q->not_full, NULL) != 0) {
        pthread_cond_destroy(&q->not_empty);
        pthread_mutex_destroy(&q->lock);
        return ANNALS_ENOMEM;
    }
    return 0;
}

void queue_destroy(item_queue *q)
{
    item *it = q->head;
    while (it) {
        item *next = it->next;
        item_free(it);
        it = next;
    }
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    pthread_mutex_destroy(&q->lock);
}

void queue_push_chain(item_queue *q, item *head, item *tail, size_t count, size_t weight)
{
    pthread_mutex_lock(&q->lock);
    while (q->count > 0 && (q->count >= q->max_count || q->weight >= q->max_weight))
        pthread_cond_wait(&q->not_full, &q->lock);
    tail->next = NULL;
    if (q->tail)
        q->tail->next = head;
    else
        q->head = head;
    q->tail = tail;
    q->count += count;
    q->weight += weight;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

void queue_push(item_queue *q, item *it)
{
    queue_push_chain(q, it, it, 1, it->weight);
}

item *queue_pop(item_queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (!q->head)
        pthread_cond_wait(&q->not_empty, &q->lock);
    item *it = q->head;
    q->head = it->next;
    if (!q->head)
        q->tail = NULL;
    q->count--;
    q->weight -= it->weight;
    /* A full queue wakes its producer only once it has drained to half: one wake-up per
     * half queue instead of one per item when the consumer is the slower side. */
    if (q->count <= q->max_count / 2 && q->weight <= q->max_weight / 2)
        pthread_cond_signal(&q->not_full);
    pthread_mutex_unlock(&q->lock);
    it->next = NULL;
    return it;
}
