package dev.berth.gateway.token;

import java.time.Duration;

/** How long a new token lives when its request names no lifetime, and the longest one it may name. */
public record TokenLifetimes(Duration defaultTtl, Duration maxTtl) {}
