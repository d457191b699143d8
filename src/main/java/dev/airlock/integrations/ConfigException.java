package dev.airlock.integrations;

/** A configuration file airlock will not touch, with a message that says what to do. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
