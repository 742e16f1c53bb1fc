/**
 * The ingestion wire format ({@code application/vnd.berth.logs.v1}, see {@code log-service/docs/ingest.md}) and a
 * shipper client over the JDK's HttpClient. Its own module, with no dependency beyond the JDK (and nullness
 * annotations), shared by log-service and the node agents.
 */
@NullMarked
package dev.berth.logs.client;

import org.jspecify.annotations.NullMarked;
