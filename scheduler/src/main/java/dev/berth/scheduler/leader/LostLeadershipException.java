package dev.berth.scheduler.leader;

/** The transaction was about to commit after this replica stopped being the leader; it is rolled back. */
public final class LostLeadershipException extends RuntimeException {
    public LostLeadershipException(String message) {
        super(message);
    }
}
