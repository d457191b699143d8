package dev.airlock.shell;

/** `name=value`, `name+=value`, `name[i]=value` or `name=(a b)`; {@code value} holds an ArrayLit for arrays. */
public record Assign(Pos pos, String name, Word index, boolean append, Word value) {}
