package dev.berth.cli.gateway;

import java.util.List;

/** Who a token is, as {@code GET /api/v1/whoami} answers. */
public record Whoami(String tenant, String principal, String token, List<String> scopes, boolean platformAdmin) {}
