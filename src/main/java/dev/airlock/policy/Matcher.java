package dev.airlock.policy;

import dev.airlock.analysis.Invocation;
import dev.airlock.analysis.PathClass;
import dev.airlock.analysis.RedirectFact;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The conditions of a rule, all of which must hold for one invocation; each is defined in {@link Conditions}.
 * Programs may name a class (`@shells`); patterns are Java regular expressions over whole words.
 */
public final class Matcher {
    /** Each condition's value, indexed as {@link Conditions#ALL}; null is no condition. */
    private final Object[] values;

    Matcher(Object[] values) {
        if (values.length != Conditions.ALL.size()) {
            throw new IllegalArgumentException("one value per condition");
        }
        this.values = values.clone();
    }

    /** The value of condition {@code c}, or null when the rule does not state it. */
    @SuppressWarnings("unchecked")
    <T> T get(Conditions.Condition<T> c) {
        return (T) values[Conditions.index(c)];
    }

    /** The value at position {@code k} of {@link Conditions#ALL}, for the compiled form. */
    Object value(int k) {
        return values[k];
    }

    public Set<String> program() {
        return get(Conditions.PROGRAM);
    }

    public Set<Invocation.Kind> kind() {
        return get(Conditions.KIND);
    }

    public Set<String> wrappedBy() {
        return get(Conditions.WRAPPED_BY);
    }

    /** True when every condition holds for {@code inv} in {@code ctx}. */
    public boolean matches(Invocation inv, MatchContext ctx) {
        for (int k = 0; k < values.length; k++) {
            if (values[k] != null && !Conditions.ALL.get(k).holds(values[k], this, inv, ctx)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The redirection a matching rule is about, when its conditions on redirections are what it
     * says: its reason then quotes `> f.txt`, not the command the redirection belongs to.
     */
    Optional<RedirectFact> redirectBehind(Invocation inv) {
        Boolean redirectWrite = get(Conditions.REDIRECT_WRITE);
        Set<PathClass> writeAny = get(Conditions.REDIRECT_WRITE_ANY);
        Set<PathClass> readAny = get(Conditions.REDIRECT_READ_ANY);
        for (RedirectFact r : inv.redirects()) {
            if ((Boolean.TRUE.equals(redirectWrite) && Conditions.writesFile(r))
                    || (writeAny != null && r.writes() && Conditions.intersects(r.target().classes(), writeAny))
                    || (readAny != null && !r.writes() && Conditions.intersects(r.target().classes(), readAny))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && Arrays.equals(m.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
