package dev.berth.gateway.token;

/** A token just issued: the only time its secret is known, to be handed to the client once. */
public record IssuedToken(ApiToken token, TokenRecord record) {}
