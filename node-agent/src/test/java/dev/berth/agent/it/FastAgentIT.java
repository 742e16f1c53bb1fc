package dev.berth.agent.it;

import org.springframework.test.context.TestPropertySource;

/** The agent on the fast launch path, which this kernel supports; most integration tests use it. */
@TestPropertySource(properties = {AgentIT.FAST_STATE, AgentIT.FAST_RUN, AgentIT.FAST_MODE, AgentIT.FAST_BRIDGE,
        AgentIT.FAST_SUBNET, AgentIT.FAST_POOL, AgentIT.FAST_TABLE})
public abstract class FastAgentIT extends AgentIT {}
