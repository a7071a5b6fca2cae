/**
 * The certfleet event contract: every fact that services exchange over Kafka.
 *
 * <p>Each event is a {@link io.certfleet.events.CloudEvent} (CloudEvents 1.0, structured JSON mode) whose {@code
 * data} is one of the records permitted by {@link io.certfleet.events.EventData}. {@link
 * io.certfleet.events.EventCodec} turns them into JSON and back, {@link io.certfleet.events.Topics} says where each
 * one is published, and {@link io.certfleet.events.EventType} is the registry of type names and JSON Schemas.
 *
 * <p><b>The contract carries public facts only.</b> No record in this package has a component that can hold private
 * key material, secrets, tokens, passwords or raw certificate/key bytes (PEM or DER): certificates travel as their
 * public facts (subject, issuer, serial, SHA-256 fingerprint, validity, SANs, usages, key algorithm and size). A
 * reflection test over every record component enforces this, so adding such a field fails the build.
 *
 * <p>Within a version ({@code .v1}) fields are only ever added, and only as {@link
 * io.certfleet.events.OptionalField optional} ones; consumers ignore fields they do not know.
 */
package io.certfleet.events;
