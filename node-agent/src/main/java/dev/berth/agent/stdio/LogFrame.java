package dev.berth.agent.stdio;

/** A piece of one stream's output, in order; one frame of Docker's multiplexed stream. */
public record LogFrame(LogStream stream, byte[] data, int length) {}
