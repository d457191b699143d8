package dev.airlock.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for POSIX sh plus the bash that agents write. It reads characters
 * directly (shell tokens depend on grammar context: reserved words, `[[`, case patterns and
 * here-documents all change how the next characters split), and reports input that more text
 * could complete as {@link ParseError.Kind#INCOMPLETE}.
 */
public final class Parser {
    /** Deeper nesting is refused: no agent writes it, and refusing keeps the Java stack safe. */
    public static final int MAX_DEPTH = 40;
    /** Longer text is refused outright, before any work. */
    public static final int MAX_LENGTH = 1 << 20;
    /** Longest array subscript read as part of an assignment word. */
    private static final int MAX_SUBSCRIPT = 8192;

    /** Builtins whose `name=(a b)` arguments bash parses as array assignments. */
    private static final Set<String> DECLARATION_BUILTINS = Set.of("declare", "typeset", "local", "export", "readonly");

    private static final Set<String> LIST_TERMINATORS =
            Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}", "in");

    private final String src;
    private final Pos base;
    private int i;
    private int line;
    private int col;
    private int depth;
    private final List<PendingHereDoc> pendingHereDocs = new ArrayList<>();
    /**
     * Offsets where `((` or `$((` turned out not to be arithmetic. Each is re-read as a subshell or command
     * substitution; remembering the failure keeps nested retries linear instead of exponential.
     */
    private final Set<Integer> notArithmetic = new java.util.HashSet<>();

    private record PendingHereDoc(HereDoc doc, boolean stripTabs, Pos pos) {}

    private Parser(String src, Pos base, int depth) {
        this.src = src;
        this.base = base;
        this.line = base.line();
        this.col = base.col();
        this.depth = depth;
    }

    /** Parses a whole command text. */
    public static Script parse(String text) throws ParseError {
        String checked = checked(text);
        try {
            return new Parser(checked, new Pos(0, 1, 1), 0).script();
        } catch (ReservedWordSplit e) {
            throw new ParseError(ParseError.Kind.SYNTAX, e.at, e.getMessage());
        } catch (StackOverflowError e) {
            // MAX_DEPTH keeps a 256 KiB stack safe; a caller on an even smaller stack still gets an answer
            throw new ParseError(ParseError.Kind.SYNTAX, new Pos(0, 1, 1),
                    "nesting deeper than this thread's stack allows");
        }
    }

    private static String checked(String text) throws ParseError {
        if (text.length() > MAX_LENGTH) {
            throw new ParseError(ParseError.Kind.SYNTAX, new Pos(0, 1, 1),
                    "command text is longer than " + MAX_LENGTH + " characters");
        }
        int line = 1;
        int col = 1;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c == 0) {
                throw new ParseError(ParseError.Kind.SYNTAX, new Pos(k, line, col), "NUL byte in command text");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && k + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(k + 1));
                if (!paired) {
                    throw new ParseError(ParseError.Kind.SYNTAX, new Pos(k, line, col), "invalid character encoding");
                }
                k++;
            }
            if (c == '\uFFFD') {
                throw new ParseError(ParseError.Kind.SYNTAX, new Pos(k, line, col),
                        "invalid UTF-8 in command text (decoded as U+FFFD)");
            }
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return text;
    }

    private Script script() throws ParseError {
        List<Stmt> stmts = stmtList(Set.of());
        skipSpace();
        if (!eof()) {
            throw syntax("unexpected '" + describeHere() + "'");
        }
        requireNoPendingHereDocs();
        return new Script(stmts);
    }

    // ---- statement lists -------------------------------------------------------------------

    /** Statements until EOF, `)` or one of {@code stopWords} in command position. */
    private List<Stmt> stmtList(Set<String> stopWords) throws ParseError {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            skipSeparatorsAndNewlines();
            if (eof() || peek() == ')' || atCaseTerminator() || atReservedWord(stopWords)) {
                return out;
            }
            Stmt stmt = andOr();
            skipSpace();
            if (peek() == '&' && peek(1) != '&' && peek(1) != '>') {
                next();
                stmt = new Stmt(stmt.pos(), stmt.command(), stmt.negated(), true, stmt.redirects());
            } else if (peek() == ';' && peek(1) != ';' && peek(1) != '&') {
                next();
            } else if (peek() == '\n') {
                newline();
            } else if (!eof() && peek() != ')' && !atCaseTerminator() && !atReservedWord(stopWords)) {
                throw syntax("unexpected '" + describeHere() + "'");
            }
            out.add(stmt);
            if (out.size() > 1_000_000) {
                throw syntax("too many commands");
            }
        }
    }

    /** Bash rejects an empty list in a compound command: `{ }`, `()`, `if a; then fi`, `do done`. */
    private List<Stmt> nonEmpty(List<Stmt> list, String owner) throws ParseError {
        if (!list.isEmpty()) {
            return list;
        }
        if (eof()) {
            throw incomplete(owner + " needs a command");
        }
        throw syntax("unexpected '" + describeHere() + "': " + owner + " needs a command first");
    }

    private void skipSeparatorsAndNewlines() throws ParseError {
        while (true) {
            skipSpace();
            if (peek() == '\n') {
                newline();
            } else {
                return;
            }
        }
    }

    private Stmt andOr() throws ParseError {
        Pos start = pos();
        Stmt first = pipeline();
        List<Stmt> parts = null;
        List<String> ops = null;
        while (true) {
            skipSpace();
            String op = peek() == '&' && peek(1) == '&' ? "&&" : peek() == '|' && peek(1) == '|' ? "||" : null;
            if (op == null) {
                break;
            }
            advance(2);
            if (parts == null) {
                parts = new ArrayList<>();
                ops = new ArrayList<>();
                parts.add(first);
            }
            skipNewlinesAfterOperator(op);
            ops.add(op);
            parts.add(pipeline());
        }
        if (parts == null) {
            return first;
        }
        return new Stmt(start, new Command.AndOr(start, parts, ops), false, false, List.of());
    }

    private void skipNewlinesAfterOperator(String op) throws ParseError {
        skipSeparatorsAndNewlines();
        if (eof()) {
            throw incomplete("a command must follow '" + op + "'");
        }
    }

    private Stmt pipeline() throws ParseError {
        Pos start = pos();
        skipSpace();
        boolean negated = false;
        while (atBang()) {
            next();
            negated = !negated;
            skipSpace();
        }
        Stmt first = command();
        List<Stmt> stages = null;
        List<Boolean> stderr = null;
        while (true) {
            skipSpace();
            if (peek() != '|' || peek(1) == '|') {
                break;
            }
            next();
            boolean both = false;
            if (peek() == '&') {
                next();
                both = true;
            }
            if (stages == null) {
                stages = new ArrayList<>();
                stderr = new ArrayList<>();
                stages.add(first);
            }
            skipNewlinesAfterOperator(both ? "|&" : "|");
            if (atBang()) {
                throw syntax("'!' may only start a pipeline, not follow '|'");
            }
            stderr.add(both);
            stages.add(command());
        }
        if (stages == null) {
            return negated ? new Stmt(first.pos(), first.command(), true, false, first.redirects()) : first;
        }
        return new Stmt(start, new Command.Pipeline(start, stages, stderr), negated, false, List.of());
    }

    // ---- commands ------------------------------------------------------------------------

    private Stmt command() throws ParseError {
        skipSpace();
        Pos start = pos();
        if (eof()) {
            throw incomplete("a command was expected");
        }
        char c = peek();
        if (c == ')' || c == ';' || c == '|' || (c == '&' && peek(1) != '>')) {
            throw syntax("unexpected '" + describeHere() + "'");
        }
        enter();
        try {
            Command compound = compound(start);
            if (compound != null) {
                return new Stmt(start, compound, false, false, trailingRedirects());
            }
            return simple(start);
        } finally {
            depth--;
        }
    }

    /** A compound command starting here, or null when this is a simple command. */
    private Command compound(Pos start) throws ParseError {
        if (peek() == '(' && peek(1) == '(' && !notArithmetic.contains(i)) {
            int save = i;
            int saveLine = line;
            int saveCol = col;
            Word expr = tryArithCommand();
            if (expr != null) {
                return new Command.Arith(start, expr);
            }
            i = save;
            line = saveLine;
            col = saveCol;
            notArithmetic.add(save);
        }
        if (peek() == '(') {
            next();
            List<Stmt> body = nonEmpty(stmtList(Set.of()), "'(' at " + start);
            expectChar(')', "'(' at " + start + " is not closed");
            return new Command.Subshell(start, body);
        }
        String word = peekReservedWord();
        if (word == null) {
            return null;
        }
        switch (word) {
            case "{" -> {
                advance(1);
                List<Stmt> body = nonEmpty(stmtList(Set.of("}")), "'{' at " + start);
                expectWord("}", "'{' at " + start + " is not closed");
                return new Command.Block(start, body);
            }
            case "if" -> {
                return ifClause(start);
            }
            case "while", "until" -> {
                advance(word.length());
                List<Stmt> cond = nonEmpty(stmtList(Set.of("do")), "'" + word + "' at " + start);
                List<Stmt> body = doGroup(word, start);
                return new Command.While(start, word.equals("until"), cond, body);
            }
            case "for", "select" -> {
                return forClause(start, word);
            }
            case "case" -> {
                return caseClause(start);
            }
            case "function" -> {
                advance(word.length());
                skipSpace();
                String name = readName();
                if (name.isEmpty()) {
                    name = wordText();
                }
                if (name.isEmpty()) {
                    if (eof()) {
                        throw incomplete("function name expected");
                    }
                    throw syntax("function name expected");
                }
                skipSpace();
                if (peek() == '(') {
                    next();
                    skipSpace();
                    expectChar(')', "')' expected after '" + name + "('");
                }
                return new Command.Function(start, name, functionBody());
            }
            case "[[" -> {
                advance(2);
                return testClause(start);
            }
            case "coproc" -> {
                advance(word.length());
                skipSpace();
                String name = null;
                int save = i;
                int saveLine = line;
                int saveCol = col;
                String candidate = readName();
                skipSpace();
                if (!candidate.isEmpty() && (peek() == '{' || (peek() == '(' && peek(1) != ')'))) {
                    name = candidate;
                } else {
                    i = save;
                    line = saveLine;
                    col = saveCol;
                }
                return new Command.Coproc(start, name, command());
            }
            case "then", "elif", "else", "fi", "do", "done", "esac", "}" ->
                    throw syntax("unexpected '" + word + "'");
            default -> {
                return null;
            }
        }
    }

    private Command ifClause(Pos start) throws ParseError {
        List<Command.Branch> branches = new ArrayList<>();
        List<Stmt> elseBody = List.of();
        String keyword = "if";
        while (true) {
            advance(keyword.length());
            List<Stmt> cond = nonEmpty(stmtList(Set.of("then")), "'" + keyword + "' at " + start);
            expectWord("then", "'" + keyword + "' at " + start + " needs 'then'");
            List<Stmt> body = nonEmpty(stmtList(Set.of("elif", "else", "fi")), "'then'");
            branches.add(new Command.Branch(cond, body));
            String next = peekReservedWord();
            if ("elif".equals(next)) {
                keyword = "elif";
                continue;
            }
            if ("else".equals(next)) {
                advance(4);
                elseBody = nonEmpty(stmtList(Set.of("fi")), "'else'");
            }
            expectWord("fi", "'if' at " + start + " is not closed with 'fi'");
            return new Command.If(start, branches, elseBody);
        }
    }

    private List<Stmt> doGroup(String keyword, Pos start) throws ParseError {
        skipSeparatorsAndNewlines();
        expectWord("do", "'" + keyword + "' at " + start + " needs 'do'");
        List<Stmt> body = nonEmpty(stmtList(Set.of("done")), "'do'");
        expectWord("done", "'" + keyword + "' at " + start + " is not closed with 'done'");
        return body;
    }

    private Command forClause(Pos start, String keyword) throws ParseError {
        advance(keyword.length());
        skipSpace();
        if (peek() == '(' && peek(1) == '(') {
            advance(2);
            Pos exprPos = pos();
            Word all = arithUntilDoubleParen();
            List<Word> three = splitArith(all, exprPos);
            skipSpace();
            if (peek() == ';') {
                next();
            }
            List<Stmt> body = forBody(keyword, start);
            return new Command.ArithFor(start, three.get(0), three.get(1), three.get(2), body);
        }
        String name = readName();
        if (name.isEmpty()) {
            if (eof()) {
                throw incomplete("'" + keyword + "' needs a variable name");
            }
            throw syntax("'" + keyword + "' needs a variable name");
        }
        skipSpace();
        List<Word> items = null;
        boolean sawNewline = false;
        while (peek() == '\n') {
            newline();
            sawNewline = true;
            skipSpace();
        }
        if ("in".equals(peekReservedWord())) {
            advance(2);
            items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (eof()) {
                    throw incomplete("'" + keyword + "' at " + start + " needs 'do'");
                }
                if (peek() == ';' || peek() == '\n') {
                    if (peek() == ';') {
                        next();
                    } else {
                        newline();
                    }
                    break;
                }
                items.add(word(WordMode.NORMAL));
            }
        } else if (!sawNewline && peek() == ';') {
            next();
        }
        List<Stmt> body = forBody(keyword, start);
        return new Command.For(start, name, items, body);
    }

    /** `do ... done`, or bash's rarely seen `{ ... }` body. */
    private List<Stmt> forBody(String keyword, Pos start) throws ParseError {
        skipSeparatorsAndNewlines();
        if ("{".equals(peekReservedWord())) {
            Pos bracePos = pos();
            advance(1);
            List<Stmt> body = nonEmpty(stmtList(Set.of("}")), "'{' at " + bracePos);
            expectWord("}", "'{' at " + bracePos + " is not closed");
            return body;
        }
        return doGroup(keyword, start);
    }

    private Command caseClause(Pos start) throws ParseError {
        advance(4);
        skipSpace();
        if (eof()) {
            throw incomplete("'case' needs a word");
        }
        Word subject = word(WordMode.NORMAL);
        skipSeparatorsAndNewlines();
        expectWord("in", "'case' at " + start + " needs 'in'");
        List<Command.CaseItem> items = new ArrayList<>();
        while (true) {
            skipSeparatorsAndNewlines();
            if ("esac".equals(peekReservedWord())) {
                advance(4);
                return new Command.Case(start, subject, items);
            }
            if (eof()) {
                throw incomplete("'case' at " + start + " is not closed with 'esac'");
            }
            if (peek() == '(') {
                next();
            }
            List<Word> patterns = new ArrayList<>();
            while (true) {
                skipSpace();
                if (eof()) {
                    throw incomplete("case pattern is not closed with ')'");
                }
                patterns.add(word(WordMode.NORMAL));
                skipSpace();
                if (peek() == '|') {
                    next();
                    continue;
                }
                if (peek() == ')') {
                    next();
                    break;
                }
                if (eof()) {
                    throw incomplete("case pattern is not closed with ')'");
                }
                throw syntax("')' expected after case pattern");
            }
            enter();
            List<Stmt> body;
            try {
                body = stmtList(Set.of("esac"));
            } finally {
                depth--;
            }
            skipSpace();
            String terminator = "";
            if (peek() == ';' && peek(1) == ';' && peek(2) == '&') {
                terminator = ";;&";
            } else if (peek() == ';' && peek(1) == ';') {
                terminator = ";;";
            } else if (peek() == ';' && peek(1) == '&') {
                terminator = ";&";
            }
            advance(terminator.length());
            items.add(new Command.CaseItem(patterns, body, terminator));
            if (terminator.isEmpty()) {
                skipSeparatorsAndNewlines();
                if (!"esac".equals(peekReservedWord())) {
                    if (eof()) {
                        throw incomplete("'case' at " + start + " is not closed with 'esac'");
                    }
                    throw syntax("';;' expected in case");
                }
            }
        }
    }

    private Stmt functionBody() throws ParseError {
        skipSeparatorsAndNewlines();
        if (eof()) {
            throw incomplete("function body expected");
        }
        Pos start = pos();
        enter();
        try {
            Command body = compound(start);
            if (body == null) {
                throw syntax("function body must be a compound command such as { ...; }");
            }
            return new Stmt(start, body, false, false, trailingRedirects());
        } finally {
            depth--;
        }
    }

    private Command testClause(Pos start) throws ParseError {
        List<Word> words = new ArrayList<>();
        boolean regexNext = false;
        while (true) {
            skipSpace();
            while (peek() == '\n') {
                // bash allows a newline inside `[[ ]]` only where an operand must still follow
                String last = words.isEmpty() ? "&&" : words.get(words.size() - 1).plainText().orElse("");
                if (regexNext || !Set.of("&&", "||", "(", "!").contains(last)) {
                    throw syntax("unexpected newline inside '[[' at " + start);
                }
                newline();
                skipSpace();
            }
            if (eof()) {
                throw incomplete("'[[' at " + start + " is not closed with ']]'");
            }
            if (peek() == ']' && peek(1) == ']' && isWordEnd(peek(2))) {
                if (words.isEmpty()) {
                    throw syntax("'[[' at " + start + " has no expression");
                }
                advance(2);
                return new Command.Test(start, words);
            }
            Pos p = pos();
            char c = peek();
            if (regexNext) {
                // the right side of `=~` is one regular expression, even when it starts with `(`
                words.add(word(WordMode.REGEX));
                regexNext = false;
                continue;
            }
            if ((c == '&' && peek(1) == '&') || (c == '|' && peek(1) == '|')) {
                words.add(new Word(p, List.of(new WordPart.Lit(p, src.substring(i, i + 2)))));
                advance(2);
                continue;
            }
            if (c == '(' || c == ')' || c == '<' || c == '>') {
                words.add(new Word(p, List.of(new WordPart.Lit(p, String.valueOf(c)))));
                next();
                continue;
            }
            Word w = word(regexNext ? WordMode.REGEX : WordMode.TEST);
            regexNext = w.plainText().map("=~"::equals).orElse(false);
            words.add(w);
        }
    }

    /** `(( expr ))` as a command, or null when the text is really two nested subshells. */
    private Word tryArithCommand() throws ParseError {
        advance(2);
        try {
            return arithUntilDoubleParen();
        } catch (ParseError e) {
            if (e.incomplete()) {
                throw e;
            }
            return null;
        }
    }

    private List<Redirect> trailingRedirects() throws ParseError {
        List<Redirect> out = new ArrayList<>();
        while (true) {
            skipSpace();
            Redirect r = tryRedirect();
            if (r == null) {
                return out;
            }
            out.add(r);
        }
    }

    private Stmt simple(Pos start) throws ParseError {
        List<Assign> assigns = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            skipSpace();
            if (eof() || isCommandEnd(peek())) {
                break;
            }
            Redirect r = tryRedirect();
            if (r != null) {
                redirects.add(r);
                continue;
            }
            if (peek() == '(' ) {
                if (words.size() == 1 && assigns.isEmpty() && redirects.isEmpty()) {
                    String name = words.get(0).plainText().orElse(null);
                    if (name != null) {
                        next();
                        skipSpace();
                        expectChar(')', "')' expected in function definition '" + name + "()'");
                        return new Stmt(start, new Command.Function(start, name, functionBody()), false, false,
                                List.of());
                    }
                }
                throw syntax("unexpected '('");
            }
            if (words.isEmpty()) {
                Assign a = tryAssign();
                if (a != null) {
                    assigns.add(a);
                    continue;
                }
            } else if (words.get(0).plainText().filter(DECLARATION_BUILTINS::contains).isPresent()
                    && atArrayAssignment()) {
                // `local a=(x y)`: bash parses an array argument of a declaration builtin like an assignment
                Pos p = pos();
                int startOffset = i;
                Assign a = tryAssign();
                WordPart array = a.value().parts().get(0);
                String prefix = src.substring(startOffset, array.pos().offset() - base.offset());
                words.add(new Word(p, List.of(new WordPart.Lit(p, prefix), array)));
                continue;
            }
            Word w = word(WordMode.NORMAL);
            if (words.isEmpty() && assigns.isEmpty() && redirects.isEmpty()
                    && w.plainText().filter(LIST_TERMINATORS::contains).isPresent()) {
                throw syntaxAt(w.pos(), "unexpected '" + w.plainText().get() + "'");
            }
            words.add(w);
        }
        if (words.isEmpty() && assigns.isEmpty() && redirects.isEmpty()) {
            if (eof()) {
                throw incomplete("a command was expected");
            }
            throw syntax("unexpected '" + describeHere() + "'");
        }
        return new Stmt(start, new Command.Simple(start, assigns, words), false, false, redirects);
    }

    /** True at `name=(`, `name+=(` or `name[i]=(`: an array assignment, looked at without parsing it. */
    private boolean atArrayAssignment() {
        int k = i;
        if (k >= src.length() || !isNameStart(src.charAt(k))) {
            return false;
        }
        while (k < src.length() && isNameChar(src.charAt(k))) {
            k++;
        }
        if (k < src.length() && src.charAt(k) == '[') {
            int close = k + 1;
            while (close < src.length() && src.charAt(close) != ']') {
                if (isBlankOrEnd(src.charAt(close))) {
                    return false;
                }
                close++;
            }
            if (close >= src.length()) {
                return false;
            }
            k = close + 1;
        }
        if (k < src.length() && src.charAt(k) == '+') {
            k++;
        }
        return k + 1 < src.length() && src.charAt(k) == '=' && src.charAt(k + 1) == '(';
    }

    private Assign tryAssign() throws ParseError {
        int k = i;
        if (k >= src.length() || !isNameStart(src.charAt(k))) {
            return null;
        }
        while (k < src.length() && isNameChar(src.charAt(k))) {
            k++;
        }
        int nameEnd = k;
        int indexStart = -1;
        int indexEnd = -1;
        if (k < src.length() && src.charAt(k) == '[') {
            indexStart = k + 1;
            k = subscriptEnd(k);
            if (k < 0) {
                return null;
            }
            indexEnd = k;
            k++;
        }
        boolean append = false;
        if (k < src.length() && src.charAt(k) == '+') {
            append = true;
            k++;
        }
        if (k >= src.length() || src.charAt(k) != '=') {
            return null;
        }
        Pos p = pos();
        String name = src.substring(i, nameEnd);
        Word index = null;
        if (indexStart >= 0) {
            advance(indexStart - i);
            Pos ip = pos();
            String raw = src.substring(indexStart, indexEnd);
            index = new Word(ip, List.of(new WordPart.Lit(ip, raw)));
            index = subParse(raw, ip).orElse(index);
        }
        advance(k + 1 - i);
        Word value;
        if (peek() == '(') {
            value = arrayLiteral();
        } else if (eof() || isBlank(peek()) || isCommandEnd(peek())) {
            value = new Word(pos(), List.of());
        } else {
            value = word(WordMode.NORMAL);
        }
        return new Assign(p, name, index, append, value);
    }

    /**
     * The offset of the `]` closing the subscript opened at {@code open}, or -1 when the word ends first.
     * Like bash, blanks end the word only outside quotes and `$(...)`: `a[$(echo 1)]=x` is one assignment.
     * A subscript longer than {@link #MAX_SUBSCRIPT} is read as ordinary words (more commands, never fewer),
     * so a text full of unclosed `a[(` stays linear.
     */
    private int subscriptEnd(int open) {
        int brackets = 0;
        int parens = 0;
        int limit = Math.min(src.length(), open + MAX_SUBSCRIPT);
        for (int k = open; k < limit; k++) {
            char c = src.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == '\'') {
                k = src.indexOf('\'', k + 1);
                if (k < 0) {
                    return -1;
                }
            } else if (c == '"' || c == '`') {
                for (k++; k < limit && src.charAt(k) != c; k++) {
                    if (src.charAt(k) == '\\') {
                        k++;
                    }
                }
            } else if (c == '(') {
                parens++;
            } else if (c == ')') {
                if (--parens < 0) {
                    return -1;
                }
            } else if (parens == 0 && c == '[') {
                brackets++;
            } else if (parens == 0 && c == ']' && --brackets == 0) {
                return k;
            } else if (parens == 0 && (isBlank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<'
                    || c == '>')) {
                return -1;
            }
        }
        return -1;
    }

    private java.util.Optional<Word> subParse(String raw, Pos at) throws ParseError {
        // Quotes are parts too (bash removes them in `$[ "1" + 2 ]` as in `$(( "1" + 2 ))`); only plain
        // text stays one literal (fuzzing: `$[a""b]` printed as `$((a""b))` read back as three parts).
        if (raw.indexOf('$') < 0 && raw.indexOf('`') < 0 && raw.indexOf('"') < 0 && raw.indexOf('\'') < 0) {
            return java.util.Optional.empty();
        }
        Parser inner = new Parser(raw, at, depth + 1);
        Word expr = inner.arithUntilEnd();
        inner.requireNoPendingHereDocs(); // `a[$(cat <<x)]=1`: a body cannot follow inside a subscript
        return java.util.Optional.of(expr);
    }

    private Word arrayLiteral() throws ParseError {
        Pos p = pos();
        next();
        List<Word> elements = new ArrayList<>();
        while (true) {
            skipSpace();
            while (peek() == '\n') {
                newline();
                skipSpace();
            }
            if (eof()) {
                throw incomplete("array at " + p + " is not closed with ')'");
            }
            if (peek() == ')') {
                next();
                return new Word(p, List.of(new WordPart.ArrayLit(p, elements)));
            }
            elements.add(word(WordMode.NORMAL));
        }
    }

    // ---- redirections ----------------------------------------------------------------------

    private Redirect tryRedirect() throws ParseError {
        int k = i;
        String fd = null;
        while (k < src.length() && Character.isDigit(src.charAt(k))) {
            k++;
        }
        if (k > i && k < src.length() && (src.charAt(k) == '<' || src.charAt(k) == '>')) {
            fd = src.substring(i, k);
        } else if (peek() == '{') {
            // look only across name characters: scanning to the next `}` anywhere made `{a {a {a ...` quadratic
            int close = i + 1;
            while (close < src.length() && isNameChar(src.charAt(close))) {
                close++;
            }
            if (close >= src.length() || src.charAt(close) != '}') {
                close = -1;
            }
            if (close > i + 1 && close + 1 < src.length() && (src.charAt(close + 1) == '<' || src.charAt(close + 1) == '>')
                    && src.substring(i + 1, close).chars().allMatch(ch -> isNameChar((char) ch))
                    && isNameStart(src.charAt(i + 1))) {
                fd = src.substring(i, close + 1);
                k = close + 1;
            } else {
                k = i;
            }
        } else {
            k = i;
        }
        Pos p = pos();
        Redirect.Op op = opAt(k);
        if (op == null) {
            return null;
        }
        if (fd != null && (op == Redirect.Op.OUT_ALL || op == Redirect.Op.APPEND_ALL)) {
            return null;
        }
        if ((op == Redirect.Op.IN || op == Redirect.Op.OUT) && k + 1 < src.length() && src.charAt(k + 1) == '('
                && fd == null) {
            return null; // a process substitution `<(...)` is a word, not a redirection
        }
        advance(k - i + op.text().length());
        skipSpace();
        if (eof() || isCommandEnd(peek()) || ((peek() == '<' || peek() == '>') && peek(1) != '(')) {
            if (eof()) {
                throw incomplete("a file name must follow '" + op.text() + "'");
            }
            throw syntax("a file name must follow '" + op.text() + "'");
        }
        if (op == Redirect.Op.HEREDOC || op == Redirect.Op.HEREDOC_STRIP) {
            Word delimiter = word(WordMode.NORMAL);
            if (hasSubstitution(delimiter.parts())) {
                // bash matches such a delimiter against its own re-printing of the substitution; refuse it
                throw syntaxAt(delimiter.pos(), "a here-document delimiter must not hold a command substitution");
            }
            String delim = delimiter.literal().orElse(null);
            if (delim == null) {
                delim = Printer.word(delimiter);
            }
            boolean quoted = delimiter.parts().stream().anyMatch(part -> !(part instanceof WordPart.Lit))
                    || delimiter.parts().stream().anyMatch(part -> part instanceof WordPart.Lit l && l.raw().contains("\\"));
            HereDoc doc = new HereDoc(delim, quoted);
            pendingHereDocs.add(new PendingHereDoc(doc, op == Redirect.Op.HEREDOC_STRIP, p));
            return new Redirect(p, fd, op, delimiter, doc);
        }
        return new Redirect(p, fd, op, word(WordMode.NORMAL), null);
    }

    private static boolean balancedParens(String s) {
        int open = 0;
        for (int k = 0; k < s.length(); k++) {
            open += s.charAt(k) == '(' ? 1 : s.charAt(k) == ')' ? -1 : 0;
            if (open < 0) {
                return false;
            }
        }
        return open == 0;
    }

    private static boolean hasSubstitution(List<WordPart> parts) {
        for (WordPart part : parts) {
            if (part instanceof WordPart.CommandSubst || part instanceof WordPart.ProcessSubst
                    || (part instanceof WordPart.DoubleQuoted dq && hasSubstitution(dq.parts()))) {
                return true;
            }
        }
        return false;
    }

    private Redirect.Op opAt(int k) {
        if (k >= src.length()) {
            return null;
        }
        String rest = src.substring(k, Math.min(src.length(), k + 3));
        if (rest.startsWith("&>>")) {
            return Redirect.Op.APPEND_ALL;
        }
        if (rest.startsWith("&>")) {
            return Redirect.Op.OUT_ALL;
        }
        if (rest.startsWith("<<<")) {
            return Redirect.Op.HERESTRING;
        }
        if (rest.startsWith("<<-")) {
            return Redirect.Op.HEREDOC_STRIP;
        }
        if (rest.startsWith("<<")) {
            return Redirect.Op.HEREDOC;
        }
        if (rest.startsWith(">>")) {
            return Redirect.Op.APPEND;
        }
        if (rest.startsWith(">|")) {
            return Redirect.Op.CLOBBER;
        }
        if (rest.startsWith(">&")) {
            return Redirect.Op.DUP_OUT;
        }
        if (rest.startsWith("<&")) {
            return Redirect.Op.DUP_IN;
        }
        if (rest.startsWith("<>")) {
            return Redirect.Op.READ_WRITE;
        }
        if (rest.startsWith(">")) {
            return Redirect.Op.OUT;
        }
        if (rest.startsWith("<")) {
            return Redirect.Op.IN;
        }
        return null;
    }

    private void newline() throws ParseError {
        next();
        if (!pendingHereDocs.isEmpty()) {
            List<PendingHereDoc> docs = List.copyOf(pendingHereDocs);
            pendingHereDocs.clear();
            for (PendingHereDoc doc : docs) {
                readHereDocBody(doc);
            }
        }
    }

    private void readHereDocBody(PendingHereDoc pending) throws ParseError {
        HereDoc doc = pending.doc();
        Pos bodyPos = pos();
        StringBuilder body = new StringBuilder();
        while (true) {
            if (eof()) {
                throw incomplete("here-document at " + pending.pos() + " is not closed with '" + doc.delimiter() + "'");
            }
            int end = src.indexOf('\n', i);
            boolean lastLine = end < 0;
            String lineText = lastLine ? src.substring(i) : src.substring(i, end);
            String compared = pending.stripTabs() ? stripLeadingTabs(lineText) : lineText;
            advance(lineText.length());
            if (!lastLine) {
                next();
            }
            if (compared.equals(doc.delimiter())) {
                break;
            }
            body.append(pending.stripTabs() ? stripLeadingTabs(lineText) : lineText);
            if (lastLine) {
                throw incomplete("here-document at " + pending.pos() + " is not closed with '" + doc.delimiter() + "'");
            }
            body.append('\n');
        }
        String text = body.toString();
        if (doc.quoted()) {
            doc.fill(new Word(bodyPos, List.of(new WordPart.SingleQuoted(bodyPos, text))));
        } else {
            Parser inner = new Parser(text, bodyPos, depth + 1);
            doc.fill(inner.hereDocWord());
            inner.requireNoPendingHereDocs();
        }
    }

    private static String stripLeadingTabs(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == '\t') {
            k++;
        }
        return s.substring(k);
    }

    private void requireNoPendingHereDocs() throws ParseError {
        if (!pendingHereDocs.isEmpty()) {
            PendingHereDoc first = pendingHereDocs.get(0);
            throw incomplete("here-document at " + first.pos() + " is not closed with '" + first.doc().delimiter() + "'");
        }
    }

    // ---- words -------------------------------------------------------------------------

    private enum WordMode {
        /** Ends at blanks and shell metacharacters. */
        NORMAL,
        /** Inside `[[ ]]`: `<`, `>`, `(`, `)` end a word and are operators. */
        TEST,
        /** The right side of `=~`: parentheses and `|` belong to the regular expression. */
        REGEX
    }

    private Word word(WordMode mode) throws ParseError {
        Pos start = pos();
        WordBuilder b = new WordBuilder(start);
        int parenDepth = 0;
        while (!eof()) {
            char c = peek();
            if (mode == WordMode.REGEX) {
                if (c == '(') {
                    parenDepth++;
                } else if (c == ')' && parenDepth > 0) {
                    parenDepth--;
                } else if (parenDepth == 0 && (isBlank(c) || c == '\n' || (c == ']' && peek(1) == ']'))) {
                    break;
                }
                if (parenDepth > 0 && isBlank(c)) {
                    b.text(c);
                    next();
                    continue;
                }
            } else if (isBlank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == ')') {
                break;
            } else if (c == '<' || c == '>') {
                if (peek(1) == '(' && mode == WordMode.NORMAL) {
                    b.add(processSubst());
                    continue;
                }
                break;
            } else if (c == '(') {
                if (b.length() > 0 && "?*+@!".indexOf(b.charAt(b.length() - 1)) >= 0) {
                    b.text(balancedParens());
                    continue;
                }
                break;
            }
            if (c == '\\') {
                if (peek(1) == '\n') {
                    advance(2);
                    continue;
                }
                b.append(c);
                next();
                if (!eof()) {
                    b.text(peek());
                    next();
                } else {
                    // a backslash that ends the text is a literal backslash to bash; keep it as the
                    // escaped `\\` so that printing the word with text after it cannot make it an escape
                    b.text(c);
                }
                continue;
            }
            if ((c == '\'' || c == '"' || c == '$' || c == '`') && expansion(b, false)) {
                continue;
            }
            b.append(c);
            next();
        }
        b.flush();
        if (b.parts.isEmpty()) {
            if (eof()) {
                throw incomplete("a word was expected");
            }
            throw syntax("unexpected '" + describeHere() + "'");
        }
        return new Word(start, b.parts);
    }

    private String balancedParens() throws ParseError {
        Pos p = pos();
        StringBuilder sb = new StringBuilder();
        int d = 0;
        while (!eof()) {
            char c = peek();
            sb.append(c);
            next();
            if (c == '\\' && !eof()) {
                sb.append(peek());
                next();
            } else if (c == '(') {
                d++;
            } else if (c == ')' && --d == 0) {
                return sb.toString();
            }
        }
        throw incomplete("pattern at " + p + " is not closed with ')'");
    }

    /**
     * Collects a word's parts: literal characters run together into one Lit that starts where its
     * first character stood; a quote or an expansion ends the run and is a part of its own.
     */
    private final class WordBuilder {
        final List<WordPart> parts = new ArrayList<>();
        private final StringBuilder lit = new StringBuilder();
        private Pos litPos;

        WordBuilder(Pos start) {
            this.litPos = start;
        }

        /** One character of literal text at the current position. */
        void append(char c) {
            if (lit.length() == 0) {
                litPos = pos();
            }
            lit.append(c);
        }

        /** Literal text whose run, if it starts one, began before the current position. */
        WordBuilder text(Object text) {
            lit.append(text);
            return this;
        }

        void add(WordPart part) {
            flush();
            parts.add(part);
            litPos = pos();
        }

        void flush() {
            if (lit.length() > 0) {
                parts.add(new WordPart.Lit(litPos, lit.toString()));
                lit.setLength(0);
            }
        }

        int length() {
            return lit.length();
        }

        char charAt(int k) {
            return lit.charAt(k);
        }
    }

    /** Adds the quote or expansion starting here to {@code b}; false for a `$` that stays literal. */
    private boolean expansion(WordBuilder b, boolean inDoubleQuotes) throws ParseError {
        WordPart part = quotedOrExpansion(inDoubleQuotes);
        if (part == null) {
            return false;
        }
        b.add(part);
        return true;
    }

    /** A quote or expansion starting here, or null for a `$` that stays literal. */
    private WordPart quotedOrExpansion(boolean inDoubleQuotes) throws ParseError {
        Pos p = pos();
        char c = peek();
        switch (c) {
            case '\'' -> {
                next();
                int close = src.indexOf('\'', i);
                if (close < 0) {
                    throw incompleteAt(p, "unterminated single quote");
                }
                String value = src.substring(i, close);
                advance(close - i + 1);
                return new WordPart.SingleQuoted(p, value);
            }
            case '"' -> {
                next();
                return doubleQuoted(p);
            }
            case '`' -> {
                return backquote(p);
            }
            case '$' -> {
                return dollar(p, inDoubleQuotes);
            }
            default -> {
                return null;
            }
        }
    }

    private WordPart doubleQuoted(Pos p) throws ParseError {
        enter();
        try {
            WordBuilder b = new WordBuilder(pos());
            while (true) {
                if (eof()) {
                    throw incompleteAt(p, "unterminated double quote");
                }
                char c = peek();
                if (c == '"') {
                    next();
                    b.flush();
                    return new WordPart.DoubleQuoted(p, b.parts);
                }
                if (c == '\\') {
                    b.append(c);
                    next();
                    if (!eof()) {
                        b.text(peek());
                        next();
                    }
                    continue;
                }
                if ((c == '$' || c == '`') && expansion(b, true)) {
                    continue;
                }
                b.append(c);
                next();
            }
        } finally {
            depth--;
        }
    }

    private WordPart backquote(Pos p) throws ParseError {
        next();
        StringBuilder inner = new StringBuilder();
        Pos innerPos = pos();
        while (true) {
            if (eof()) {
                throw incompleteAt(p, "unterminated backquote");
            }
            char c = peek();
            if (c == '`') {
                next();
                break;
            }
            if (c == '\\' && (peek(1) == '`' || peek(1) == '\\' || peek(1) == '$')) {
                // Inside backquotes `\`` `\\` `\$` lose their backslash before the inner parse.
                next();
                inner.append(peek());
                next();
                continue;
            }
            inner.append(c);
            next();
        }
        enter();
        try {
            Parser sub = new Parser(inner.toString(), innerPos, depth);
            Script script = sub.script();
            return new WordPart.CommandSubst(p, script.stmts(), true);
        } finally {
            depth--;
        }
    }

    private WordPart dollar(Pos p, boolean inDoubleQuotes) throws ParseError {
        int after = i + 1;
        while (src.startsWith("\\\n", after)) {
            after += 2;
        }
        if (after > i + 1) {
            // `$\<newline>(cmd)` is `$(cmd)`: bash drops a line continuation before it reads the token.
            char c = after < src.length() ? src.charAt(after) : 0;
            if (!(isNameStart(c) || Character.isDigit(c) || "({['\"@*#?-$!".indexOf(c) >= 0) || c == 0) {
                return null;
            }
            advance(after - 1 - i); // the newline of the last continuation stands in for the `$`
        }
        char n = peek(1);
        if (n == '(' && peek(2) == '(' && !notArithmetic.contains(i)) {
            int save = i;
            int saveLine = line;
            int saveCol = col;
            advance(3);
            try {
                Word expr = arithUntilDoubleParen();
                return new WordPart.ArithExpansion(p, expr);
            } catch (ParseError e) {
                if (e.incomplete()) {
                    throw e;
                }
                // `$( (a) )` is a command substitution holding a subshell; retry it as one.
                i = save;
                line = saveLine;
                col = saveCol;
                notArithmetic.add(save);
            }
        }
        if (n == '(') {
            advance(2);
            enter();
            try {
                List<Stmt> body = stmtList(Set.of());
                skipSpace();
                expectChar(')', "'$(' at " + p + " is not closed with ')'");
                return new WordPart.CommandSubst(p, body, false);
            } finally {
                depth--;
            }
        }
        if (n == '{') {
            advance(2);
            return bracedParam(p);
        }
        if (n == '[') {
            // `$[e]` is the old spelling of `$((e))`
            advance(2);
            enter();
            try {
                Pos ip = pos();
                int close = matchingBracket();
                String raw = src.substring(i, close);
                if (!balancedParens(raw)) {
                    // it would not be arithmetic in bash either, and `$((...))` could not print it
                    throw syntaxAt(p, "unbalanced parentheses in $[ ]");
                }
                Word expr = subParse(raw, ip).orElse(new Word(ip, raw.isEmpty() ? List.of() : List.of(new WordPart.Lit(ip, raw))));
                advance(close - i + 1);
                return new WordPart.ArithExpansion(p, expr);
            } finally {
                depth--;
            }
        }
        if (n == '\'' && !inDoubleQuotes) {
            next();
            next();
            StringBuilder raw = new StringBuilder();
            while (true) {
                if (eof()) {
                    throw incompleteAt(p, "unterminated $' quote");
                }
                char c = peek();
                if (c == '\'') {
                    next();
                    break;
                }
                if (c == '\\' && i + 1 < src.length()) {
                    raw.append(c);
                    next();
                    c = peek();
                }
                raw.append(c);
                next();
            }
            return new WordPart.AnsiC(p, raw.toString(), Unescape.ansiC(raw.toString()));
        }
        if (n == '"' && !inDoubleQuotes) {
            // $"..." is a locale-translated string; for analysis it is a double-quoted string.
            next();
            next();
            return doubleQuoted(p);
        }
        if (isNameStart(n)) {
            next();
            return new WordPart.Param(p, readName(), false, "", null, "", null);
        }
        if (Character.isDigit(n) || "@*#?-$!".indexOf(n) >= 0 && n != 0) {
            advance(2);
            return new WordPart.Param(p, String.valueOf(n), false, "", null, "", null);
        }
        return null;
    }

    private static final String[] PARAM_OPS = {
        ":-", ":=", ":?", ":+", "-", "=", "?", "+", "##", "#", "%%", "%", "//", "/#", "/%", "/",
        "^^", "^", ",,", ",", "@", ":"
    };

    private WordPart bracedParam(Pos p) throws ParseError {
        enter();
        try {
            String prefix = "";
            if ((peek() == '#' || peek() == '!') && peek(1) != '}' && !(peek() == '#' && "-=?+:".indexOf(peek(1)) >= 0 && peek(2) != '}')) {
                prefix = String.valueOf(peek());
                next();
            }
            String name = readName();
            if (name.isEmpty()) {
                if (Character.isDigit(peek())) {
                    StringBuilder digits = new StringBuilder();
                    while (Character.isDigit(peek())) {
                        digits.append(peek());
                        next();
                    }
                    name = digits.toString();
                } else if (!eof() && "@*#?-$!0".indexOf(peek()) >= 0) {
                    name = String.valueOf(peek());
                    next();
                } else if (eof()) {
                    throw incomplete("'${' at " + p + " is not closed with '}'");
                } else {
                    throw syntaxAt(p, "bad substitution");
                }
            }
            Word index = null;
            if (peek() == '[') {
                next();
                Pos ip = pos();
                int close = matchingBracket();
                String raw = src.substring(i, close);
                index = subParse(raw, ip).orElse(new Word(ip, List.of(new WordPart.Lit(ip, raw))));
                advance(close - i + 1);
            }
            String op = "";
            if (!prefix.isEmpty() && (peek() == '*' || peek() == '@') && peek(1) == '}') {
                op = String.valueOf(peek()); // ${!prefix*} lists variable names
                next();
            } else {
                for (String candidate : PARAM_OPS) {
                    if (src.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                advance(op.length());
            }
            Word arg = null;
            if (!op.isEmpty() && !(prefix.length() > 0 && (op.equals("*") || op.equals("@")))) {
                arg = paramArg(p);
            }
            if (eof()) {
                throw incomplete("'${' at " + p + " is not closed with '}'");
            }
            if (peek() != '}') {
                throw syntaxAt(p, "bad substitution");
            }
            next();
            return new WordPart.Param(p, name, true, prefix, index, op, arg);
        } finally {
            depth--;
        }
    }

    private int matchingBracket() throws ParseError {
        int d = 1;
        for (int k = i; k < src.length(); k++) {
            char c = src.charAt(k);
            if (c == '[') {
                d++;
            } else if (c == ']' && --d == 0) {
                return k;
            }
        }
        throw incomplete("'[' is not closed with ']'");
    }

    /** The word inside `${x:-word}` up to the closing brace; quotes and expansions nest. */
    private Word paramArg(Pos p) throws ParseError {
        Pos start = pos();
        WordBuilder b = new WordBuilder(start);
        int braces = 0;
        while (true) {
            if (eof()) {
                throw incomplete("'${' at " + p + " is not closed with '}'");
            }
            char c = peek();
            if (c == '}' && braces == 0) {
                break;
            }
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            }
            if (c == '\\') {
                b.text(c);
                next();
                if (!eof()) {
                    b.text(peek());
                    next();
                }
                continue;
            }
            if ((c == '\'' || c == '"' || c == '$' || c == '`') && expansion(b, false)) {
                continue;
            }
            if (c == '\n') {
                b.text(c);
                next();
                continue;
            }
            b.append(c);
            next();
        }
        b.flush();
        return new Word(start, b.parts);
    }

    private WordPart processSubst() throws ParseError {
        Pos p = pos();
        boolean output = peek() == '>';
        advance(2);
        enter();
        try {
            List<Stmt> body = stmtList(Set.of());
            skipSpace();
            expectChar(')', "'" + (output ? ">(" : "<(") + "' at " + p + " is not closed with ')'");
            return new WordPart.ProcessSubst(p, output, body);
        } finally {
            depth--;
        }
    }

    /** Arithmetic text up to the closing `))`, with its expansions parsed. */
    private Word arithUntilDoubleParen() throws ParseError {
        Pos start = pos();
        WordBuilder b = new WordBuilder(start);
        int parens = 0;
        enter();
        try {
            while (true) {
                if (eof()) {
                    throw incomplete("'((' at " + start + " is not closed with '))'");
                }
                char c = peek();
                if (c == ')' && parens == 0) {
                    if (peek(1) == ')') {
                        advance(2);
                        break;
                    }
                    throw syntax("'))' expected");
                }
                if (c == '(') {
                    parens++;
                    if (depth + parens > MAX_DEPTH) {
                        throw syntax("nesting deeper than " + MAX_DEPTH + " levels");
                    }
                } else if (c == ')') {
                    parens--;
                }
                if ((c == '$' || c == '`' || c == '"' || c == '\'') && expansion(b, false)) {
                    continue;
                }
                if (c == '\n') {
                    newline();
                    b.text(c);
                    continue;
                }
                b.append(c);
                next();
            }
        } finally {
            depth--;
        }
        b.flush();
        return new Word(start, b.parts);
    }

    /** Arithmetic text up to the end of this parser's input (array subscripts). */
    private Word arithUntilEnd() throws ParseError {
        Pos start = pos();
        WordBuilder b = new WordBuilder(start);
        while (!eof()) {
            char c = peek();
            if ((c == '$' || c == '`' || c == '"' || c == '\'') && expansion(b, false)) {
                continue;
            }
            b.text(c);
            next();
        }
        b.flush();
        return new Word(start, b.parts);
    }

    private List<Word> splitArith(Word all, Pos at) throws ParseError {
        // `for ((a; b; c))`: split the literal text on the two top-level semicolons.
        List<List<WordPart>> sections = new ArrayList<>();
        sections.add(new ArrayList<>());
        for (WordPart part : all.parts()) {
            if (part instanceof WordPart.Lit lit) {
                String[] pieces = lit.raw().split(";", -1);
                for (int k = 0; k < pieces.length; k++) {
                    if (k > 0) {
                        sections.add(new ArrayList<>());
                    }
                    if (!pieces[k].isBlank()) {
                        sections.get(sections.size() - 1).add(new WordPart.Lit(lit.pos(), pieces[k].strip()));
                    }
                }
            } else {
                sections.get(sections.size() - 1).add(part);
            }
        }
        if (sections.size() != 3) {
            throw new ParseError(ParseError.Kind.SYNTAX, at, "'for ((' needs three expressions separated by ';'");
        }
        List<Word> out = new ArrayList<>();
        for (List<WordPart> s : sections) {
            out.add(new Word(at, s));
        }
        return out;
    }

    /** The body of an unquoted here-document: expansions run, quotes are plain text. */
    private Word hereDocWord() throws ParseError {
        Pos start = pos();
        WordBuilder b = new WordBuilder(start);
        while (!eof()) {
            char c = peek();
            if (c == '\\' && i + 1 < src.length() && "$`\\\n".indexOf(peek(1)) >= 0) {
                b.text(c).append(peek(1));
                advance(2);
                continue;
            }
            if ((c == '$' || c == '`') && expansion(b, true)) {
                continue;
            }
            b.text(c);
            next();
        }
        b.flush();
        return new Word(start, List.of(new WordPart.DoubleQuoted(start, b.parts)));
    }

    // ---- characters ----------------------------------------------------------------------

    private void enter() throws ParseError {
        if (++depth > MAX_DEPTH) {
            depth--;
            throw syntax("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void skipSpace() {
        while (!eof()) {
            char c = peek();
            if (isBlank(c)) {
                next();
            } else if (c == '\\' && peek(1) == '\n') {
                advance(2);
            } else if (c == '#') {
                while (!eof() && peek() != '\n') {
                    next();
                }
            } else {
                return;
            }
        }
    }

    private String peekReservedWord() {
        int k = i;
        boolean continued = false;
        StringBuilder joined = new StringBuilder();
        while (k < src.length() && !isWordEnd(src.charAt(k))) {
            char c = src.charAt(k);
            if (c == '\\' && k + 1 < src.length() && src.charAt(k + 1) == '\n') {
                continued = true; // bash removes a line continuation before it reads words: `i\<newline>f` is `if`
                k += 2;
                continue;
            }
            if (c == '\'' || c == '"' || c == '\\' || c == '$' || c == '`') {
                return null;
            }
            joined.append(c);
            k++;
        }
        if (k == i) {
            return null;
        }
        String w = joined.toString();
        if (continued && reserved(w) != null) {
            // Reading it as bash does would take positions this parser does not track; refuse, never guess.
            throw new ReservedWordSplit(w, pos());
        }
        return continued ? null : reserved(w);
    }

    /** A reserved word split by a line continuation (`i\<newline>f`): turned into a ParseError by {@link #parse}. */
    private static final class ReservedWordSplit extends RuntimeException {
        final transient Pos at;

        ReservedWordSplit(String word, Pos at) {
            super("the reserved word '" + word + "' is split by a line continuation", null, false, false);
            this.at = at;
        }
    }

    private static String reserved(String w) {
        return switch (w) {
            case "if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "select", "in",
                    "case", "esac", "function", "{", "}", "[[", "coproc" -> w;
            default -> null;
        };
    }

    private boolean atReservedWord(Set<String> words) {
        String w = peekReservedWord();
        return w != null && words.contains(w);
    }

    private boolean atCaseTerminator() {
        return peek() == ';' && (peek(1) == ';' || peek(1) == '&');
    }

    private void expectWord(String word, String message) throws ParseError {
        skipSeparatorsAndNewlines();
        if (word.equals(peekReservedWord())) {
            advance(word.length());
            return;
        }
        if (eof()) {
            throw incomplete(message);
        }
        throw syntax(message + "; found '" + describeHere() + "'");
    }

    private void expectChar(char c, String message) throws ParseError {
        skipSpace();
        if (peek() == c) {
            next();
            return;
        }
        if (eof()) {
            throw incomplete(message);
        }
        throw syntax(message + "; found '" + describeHere() + "'");
    }

    private String readName() {
        StringBuilder name = new StringBuilder();
        if (i < src.length() && isNameStart(src.charAt(i))) {
            while (i < src.length()) {
                if (isNameChar(src.charAt(i))) {
                    name.append(src.charAt(i));
                    next();
                } else if (src.startsWith("\\\n", i) && i + 2 < src.length() && isNameChar(src.charAt(i + 2))) {
                    advance(2); // `$HO\<newline>ME` is $HOME: bash drops line continuations first
                } else {
                    break;
                }
            }
        }
        return name.toString();
    }

    private String wordText() {
        int k = i;
        while (k < src.length() && !isWordEnd(src.charAt(k)) && src.charAt(k) != '(') {
            k++;
        }
        String w = src.substring(i, k);
        advance(k - i);
        return w;
    }

    private String describeHere() {
        if (eof()) {
            return "end of input";
        }
        int end = Math.min(src.length(), i + 10);
        String s = src.substring(i, end);
        int nl = s.indexOf('\n');
        if (nl == 0) {
            return "newline";
        }
        if (nl > 0) {
            s = s.substring(0, nl);
        }
        int sp = s.indexOf(' ');
        return sp > 0 ? s.substring(0, sp) : s;
    }

    /** Only space and tab separate words: bash keeps a carriage return in the word (`rm\r` is not `rm`). */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The reserved word `!`: a `!` that is a whole token. `!>f cmd` negates; `!(cmd)` is a negated subshell,
     * as bash reads it with extglob off (its default for `bash -c`), so `!(rm -rf /)` is not mistaken for a
     * harmless pattern.
     */
    private boolean atBang() {
        return peek() == '!' && (isBlankOrEnd(peek(1)) || isWordEnd(peek(1)));
    }

    private static boolean isBlankOrEnd(char c) {
        return c == 0 || isBlank(c) || c == '\n';
    }

    private static boolean isWordEnd(char c) {
        return c == 0 || isBlank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')'
                || c == '<' || c == '>';
    }

    /** A separator or closer ends a simple command; `&>` starts a redirection instead. */
    private boolean isCommandEnd(char c) {
        return c == '\n' || c == ';' || c == '|' || c == ')' || (c == '&' && peek(1) != '>');
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private boolean eof() {
        return i >= src.length();
    }

    private char peek() {
        return i < src.length() ? src.charAt(i) : 0;
    }

    private char peek(int ahead) {
        int k = i + ahead;
        return k < src.length() ? src.charAt(k) : 0;
    }

    private void next() {
        if (src.charAt(i) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i++;
    }

    private void advance(int n) {
        for (int k = 0; k < n && i < src.length(); k++) {
            next();
        }
    }

    private Pos pos() {
        return new Pos(base.offset() + i, line, col);
    }

    private ParseError syntax(String message) {
        return new ParseError(ParseError.Kind.SYNTAX, pos(), message);
    }

    private ParseError incomplete(String message) {
        return new ParseError(ParseError.Kind.INCOMPLETE, pos(), message);
    }

    /** An error that points at an opener (a quote, `${`) rather than at where reading stopped. */
    private static ParseError incompleteAt(Pos at, String message) {
        return new ParseError(ParseError.Kind.INCOMPLETE, at, message);
    }

    private static ParseError syntaxAt(Pos at, String message) {
        return new ParseError(ParseError.Kind.SYNTAX, at, message);
    }
}
