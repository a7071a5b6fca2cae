/**
 * Bearer-token authentication of the services' HTTP APIs: {@link io.certfleet.messaging.http.ApiTokens} (the tokens
 * configured under {@code certfleet.api.tokens}), the server filter that requires one on mutating requests, and
 * {@link io.certfleet.messaging.http.ApiCaller}, through which controllers learn who called and whom to record. See the
 * module README, "HTTP API tokens".
 */
package io.certfleet.messaging.http;
