package dev.airlock.session;

import dev.airlock.shell.ParseError;
import dev.airlock.shell.Parser;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells the line reader when what was typed is a whole command, with airlock's own shell parser:
 * an open quote, `for ... do` without `done`, a trailing `&&` or `|`, a here-document without its
 * end ask for another line, so the command is classified whole. Anything else (complete, a syntax
 * error, too long) is accepted; the gate explains what it refuses.
 */
final class ShellLineParser implements org.jline.reader.Parser {
    private final DefaultParser words = new DefaultParser();

    ShellLineParser() {
        words.setEofOnUnclosedQuote(false);
        words.setEofOnEscapedNewLine(false);
        words.setEofOnUnclosedBracket();
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE) {
            String why = incomplete(line);
            if (why != null) {
                throw new EOFError(-1, -1, why);
            }
        }
        return words.parse(line, cursor, ParseContext.SPLIT_LINE);
    }

    /** Why {@code text} is not yet a whole command, or null when it is one (or never will be). */
    static String incomplete(String text) {
        if (text.length() >= Parser.MAX_LENGTH) {
            return null;
        }
        try {
            Parser.parse(text);
            return null;
        } catch (ParseError e) {
            return e.incomplete() ? e.getMessage() : null;
        } catch (RuntimeException e) {
            return null; // the gate refuses what the parser cannot read
        }
    }
}
