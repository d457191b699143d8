package dev.airlock.integrations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shell function in the person's rc file that starts an agent through {@code airlock wrap}, between
 * marker lines so undo finds exactly what setup added. A function, not a script on PATH: it cannot
 * call itself, and it wins over whatever PATH order an installer chose.
 */
public record ShellFunction(Path file, String agent, String function) implements Edit {
    public String begin() {
        return "# >>> airlock: " + agent + " >>>";
    }

    public String end() {
        return "# <<< airlock: " + agent + " <<<";
    }

    private List<String> block() {
        return List.of(begin(),
                "# Added by `airlock setup " + agent + " --apply`; `airlock setup " + agent + " --undo` takes it out.",
                function, end());
    }

    @Override
    public List<Change> plan(Optional<String> text) throws ConfigException {
        Optional<List<String>> now = existing(text);
        if (now.isPresent() && now.get().equals(block())) {
            return List.of();
        }
        String old = now.map(b -> b.stream().filter(l -> !l.startsWith("#")).reduce((a, b2) -> a + "; " + b2).orElse(""))
                .orElse(Change.UNSET);
        return List.of(new Change(file, "function " + agent + "()", old, function));
    }

    @Override
    public String apply(Optional<String> text) throws ConfigException {
        String rest = without(text);
        StringBuilder sb = new StringBuilder(rest);
        if (!rest.isEmpty() && !rest.endsWith("\n")) {
            sb.append('\n');
        }
        for (String line : block()) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    @Override
    public Undone undo(Optional<String> text, Optional<String> backup) throws ConfigException {
        Optional<List<String>> now = existing(text);
        if (now.isEmpty()) {
            return new Undone(text, List.of());
        }
        String rest = without(text);
        String old = now.get().stream().filter(l -> !l.startsWith("#")).reduce((a, b) -> a + "; " + b).orElse("");
        Change change = new Change(file, "function " + agent + "()", old, Change.UNSET);
        return new Undone(rest.isEmpty() && backup.isEmpty() ? Optional.empty() : Optional.of(rest), List.of(change));
    }

    /** The code of airlock's block for this agent as it is in the file (any installation's), if there is one. */
    public Optional<String> installed(Optional<String> text) throws ConfigException {
        return existing(text).map(b -> String.join("\n", b.stream().filter(l -> !l.startsWith("#")).toList()));
    }

    /** The lines of airlock's block for this agent, if the file has one. */
    private Optional<List<String>> existing(Optional<String> text) throws ConfigException {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = text.get().lines().toList();
        int from = lines.indexOf(begin());
        if (from < 0) {
            return Optional.empty();
        }
        int to = lines.subList(from, lines.size()).indexOf(end());
        if (to < 0) {
            throw new ConfigException(file + ": the line \"" + begin() + "\" has no closing \"" + end()
                    + "\"; fix the file by hand, airlock changed nothing");
        }
        return Optional.of(List.copyOf(lines.subList(from, from + to + 1)));
    }

    /** The text with airlock's block for this agent taken out. */
    private String without(Optional<String> text) throws ConfigException {
        Optional<List<String>> block = existing(text);
        if (block.isEmpty()) {
            return text.orElse("");
        }
        List<String> lines = new ArrayList<>(text.get().lines().toList());
        int from = lines.indexOf(begin());
        lines.subList(from, from + block.get().size()).clear();
        String joined = String.join("\n", lines);
        return joined.isEmpty() ? "" : joined + "\n";
    }
}
