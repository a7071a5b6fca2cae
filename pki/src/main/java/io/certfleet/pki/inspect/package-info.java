/**
 * Reading one X.509 certificate into public facts ({@link io.certfleet.pki.inspect.CertificateFacts}):
 * a tolerant DER walk that reads what openssl reads, records odd encodings as {@link
 * io.certfleet.pki.inspect.Finding}s and refuses what openssl refuses with a reason naming the field
 * and byte offset. Entry point: {@link io.certfleet.pki.inspect.CertificateInspector#inspect(byte[])}.
 */
package io.certfleet.pki.inspect;
