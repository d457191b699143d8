package dev.airlock.analysis;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where bash reads a variable's value as code. Arithmetic (`$((x))`, `((x))`, `let`, `[[ x -eq 1 ]]`, array
 * subscripts, `${s:x}`) evaluates a variable's value as an expression, and a subscript inside it expands
 * command substitutions: with `x='a[$(rm -rf ~)]'`, `echo $((x))` runs rm. So do `${!x}` (the value is a
 * name, subscript included), `${x@P}` (the value is expanded like a prompt) and a name argument such as
 * `read 'a[$(rm -rf ~)]'`. Text whose value is only known at run time, or a known value that holds `$`
 * or a backquote, may run anything there.
 *
 * <p>Variables the text never assigns come from the environment the agent's harness gave airlock-sh;
 * they are taken as data, not code (docs/security.md).
 */
final class EvaluatedText {
    /** How deep a value naming another variable is followed (`x=y; y=z; $((x))`). */
    private static final int MAX_DEPTH = 8;
    /** A name in an arithmetic expression: not a digit run like `0x1f` or `16#ff`. */
    private static final Pattern NAME = Pattern.compile("(?<![0-9A-Za-z_#.])[A-Za-z_][A-Za-z0-9_]*");

    private EvaluatedText() {}

    /**
     * What is known of a variable: null when the text never assigns it (environment), an empty Optional
     * when it is set at run time, else its value.
     */
    interface Lookup extends Function<String, Optional<String>> {}

    /** True when evaluating {@code expression} (static text) as arithmetic may run code. */
    static boolean arithmetic(String expression, Lookup vars) {
        return arithmetic(expression, vars, 0);
    }

    private static boolean arithmetic(String expression, Lookup vars, int depth) {
        if (holdsCode(expression)) {
            return true;
        }
        if (depth > MAX_DEPTH) {
            return true;
        }
        Matcher m = NAME.matcher(expression);
        while (m.find()) {
            if (variable(m.group(), vars, depth)) {
                return true;
            }
        }
        return false;
    }

    /** True when the variable's value, evaluated as arithmetic, may run code. */
    static boolean variable(String name, Lookup vars) {
        return variable(name, vars, 0);
    }

    private static boolean variable(String name, Lookup vars, int depth) {
        Optional<String> state = vars.apply(name);
        if (state == null) {
            return false;
        }
        return state.isEmpty() || arithmetic(state.get(), vars, depth + 1);
    }

    /** True when a value used as a variable name (`${!x}`, `read NAME`) may run code: a subscript with expansions. */
    static boolean name(String value) {
        int open = value.indexOf('[');
        return open >= 0 && holdsCode(value.substring(open));
    }

    /** `$(...)`, `${...}`, `$x` or a backquote: text that expands when bash evaluates it. */
    static boolean holdsCode(String text) {
        return text.indexOf('$') >= 0 || text.indexOf('`') >= 0;
    }
}
