package dev.airlock.policy;

/** A policy file that cannot be used: the message names the file, line and column, and what to fix. */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message, null, false, false);
    }
}
