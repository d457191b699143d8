package dev.airlock.analysis;

/** `NAME=value` before a command, through `env`, `export` or alone; {@code value} null when dynamic or unset. */
public record Assignment(String name, String value, boolean unset) {}
