package dev.airlock.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads one option word the way getopt does, so a bundle hides nothing: `env -iS'rm -rf ~'` is `-i` and
 * `-S` with the value `rm -rf ~`; `xargs -0I{}` is `-0` and `-I` with `{}`; `env -uSHELL` unsets SHELL.
 * An option that takes a value takes the rest of the bundle, or else the next word; an option whose value
 * is optional (`xargs -l`, `-e`, `-i`) takes only an attached one.
 */
final class Options {
    private Options() {}

    /**
     * One option: its name (`-u`, `--unset`), its value (null when none, or when the value is known only at
     * run time, then {@code arg} is that word), and the word the value came from.
     */
    record Opt(String name, String value, Arg arg) {}

    /** The options in the word at {@code k} and the index of the first word not read. */
    record Read(List<Opt> options, int next) {}

    static Read read(List<Arg> args, int k, Set<String> takesValue) {
        return read(args, k, takesValue, Set.of());
    }

    static Read read(List<Arg> args, int k, Set<String> takesValue, Set<String> optionalValue) {
        Arg word = args.get(k);
        String v = word.value();
        List<Opt> out = new ArrayList<>();
        if (v.startsWith("--")) {
            int eq = v.indexOf('=');
            String name = eq > 0 ? v.substring(0, eq) : v;
            if (eq > 0) {
                out.add(new Opt(name, v.substring(eq + 1), word));
                return new Read(out, k + 1);
            }
            if (takesValue.contains(name)) {
                return next(out, name, args, k);
            }
            out.add(new Opt(name, null, null));
            return new Read(out, k + 1);
        }
        for (int c = 1; c < v.length(); c++) {
            String name = "-" + v.charAt(c);
            String attached = v.substring(c + 1);
            if (takesValue.contains(name)) {
                if (!attached.isEmpty()) {
                    out.add(new Opt(name, attached, word));
                    return new Read(out, k + 1);
                }
                return next(out, name, args, k);
            }
            if (optionalValue.contains(name)) {
                out.add(new Opt(name, attached.isEmpty() ? null : attached, word));
                return new Read(out, k + 1);
            }
            out.add(new Opt(name, null, null));
        }
        return new Read(out, k + 1);
    }

    /** The value is the next word; a missing one reads as empty. */
    private static Read next(List<Opt> out, String name, List<Arg> args, int k) {
        if (k + 1 >= args.size()) {
            out.add(new Opt(name, "", null));
            return new Read(out, k + 1);
        }
        Arg value = args.get(k + 1);
        out.add(new Opt(name, value.value(), value));
        return new Read(out, k + 2);
    }
}
