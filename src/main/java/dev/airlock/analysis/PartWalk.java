package dev.airlock.analysis;

import dev.airlock.shell.WordPart;

/**
 * A walk over the parts of a word that looks for what they run. Quoted and literal text runs nothing; every
 * part that can hold a command, a subscript or arithmetic is left abstract, so a new kind of part must be
 * handled by each walk before the code compiles.
 */
abstract class PartWalk implements WordPart.Visitor<Void> {
    @Override
    public final Void visitLit(WordPart.Lit p) {
        return null;
    }

    @Override
    public final Void visitSingleQuoted(WordPart.SingleQuoted p) {
        return null;
    }

    @Override
    public final Void visitAnsiC(WordPart.AnsiC p) {
        return null;
    }
}
