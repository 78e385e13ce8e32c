/*
 * inputs.h - what a report's receipt covers of the session's log, pain
 * diary, as-of date and load unit, kept as a shared read-only copy so that
 * the SHA-256 over it is computed only when a receipt is read.
 *
 * A copy is made when the derived figures are rebuilt (after a change) and
 * shared by reference between the session and every report made from it;
 * the last kp__inputs_unref() frees it.  Copies are never modified after
 * kp__inputs_snapshot(), so reports may be read from any thread.
 */
#ifndef KP_INPUTS_H
#define KP_INPUTS_H

#include "session.h"

typedef struct kp__inputs kp__inputs;

/** A sorted copy of the session's inputs (one allocation), refcount 1;
 * NULL when out of memory. */
kp__inputs *kp__inputs_snapshot(const kp_session *s);
kp__inputs *kp__inputs_ref(kp__inputs *in);
void kp__inputs_unref(kp__inputs *in);   /* NULL is ignored */

/** SHA-256 of the inputs in a canonical order (independent of the order
 * rows were added), as 64 hex digits.  Allocates nothing. */
void kp__inputs_digest(const kp__inputs *in, char hex[65]);

#endif
