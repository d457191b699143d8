package dev.airlock.audit;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON parser of the reading side (review commands), which is not on any command's start-up path. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}
