package dev.airlock.policy;

/** An example a whole policy must decide as stated: `{"command": "ls", "decision": "allow"}`. */
public record PolicyTest(String command, Decision decision, String origin) {}
