/**
 * The ingestion wire format ({@code application/vnd.berth.logs.v1}, see {@code log-service/docs/ingest.md}) and a
 * shipper client over the JDK's HttpClient: plain Java with no dependency beyond the JDK, so that the node agent can
 * depend on this package alone (or copy it).
 */
@NullMarked
package dev.berth.logs.client;

import org.jspecify.annotations.NullMarked;
