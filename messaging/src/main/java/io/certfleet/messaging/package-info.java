/**
 * The event plumbing every certfleet service shares: a transactional {@link io.certfleet.messaging.Outbox} relayed to
 * Kafka by the {@link io.certfleet.messaging.OutboxRelay}, idempotent consumption through the
 * {@link io.certfleet.messaging.EventInbox} (processed-event table, offsets committed after the effect, dead letters
 * with a reason), and the messaging tables' Flyway migration.
 *
 * <p>A service wires a consumer as a thin {@link io.certfleet.messaging.InboxListener} (a {@code @KafkaListener}) that hands each record to
 * {@link io.certfleet.messaging.EventInbox#deliver}, with {@link io.certfleet.messaging.EventRoutes} naming the event
 * types it handles; it produces events by calling {@link io.certfleet.messaging.Outbox#append} inside the transaction
 * of its state change. See the module README for the recipe.
 */
package io.certfleet.messaging;
