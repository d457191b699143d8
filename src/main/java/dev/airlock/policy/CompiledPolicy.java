package dev.airlock.policy;

import dev.airlock.sandbox.Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A policy in a compact binary form, made from the JSON at build time for the built-in policies.
 * Reading it at start-up costs a few thousand field reads instead of tokenising 70 KB of JSON in a
 * cold JVM (the single largest start-up cost of `airlock-sh` before this form existed). It holds what
 * classifying needs, not the examples and tests (`airlock policy test` reads the JSON), and it names
 * the CRC-32 of the JSON it came from and of each policy that JSON extends, so a compiled form that does
 * not match its JSON, or whose base policy has changed since, is never used.
 * Sets and maps are written sorted: the same policy always gives the same bytes.
 */
public final class CompiledPolicy {
    private static final int MAGIC = 0x41495250; // "AIRP"
    /** 4: the checksums of the policies a policy extends follow its own. */
    private static final int VERSION = 4;

    private CompiledPolicy() {}

    /** The checksum a compiled form records of its source JSON. */
    public static long checksum(byte[] json) {
        CRC32 crc = new CRC32();
        crc.update(json);
        return crc.getValue();
    }

    /** The current checksum of the JSON of a policy that another extends, by name; null when there is none. */
    public interface BaseChecksums {
        Long of(String name);
    }

    /** The built-in policies on the class path. */
    static final BaseChecksums BUILTIN = name -> {
        try {
            byte[] json = PolicyExtends.BUILTIN.json(name);
            return json == null ? null : checksum(json);
        } catch (PolicyException e) {
            return null;
        }
    };

    public static byte[] write(Policy p, long sourceChecksum) {
        return write(p, sourceChecksum, Map.of());
    }

    /** {@code bases}: the checksum of each policy the source extends, nearest first. */
    public static byte[] write(Policy p, long sourceChecksum, Map<String, Long> bases) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(sourceChecksum);
            out.writeInt(bases.size());
            for (var e : bases.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeUTF(p.layer());
            out.writeUTF(p.source());
            Map<String, Set<String>> classes = new TreeMap<>(p.classes());
            out.writeInt(classes.size());
            for (var e : classes.entrySet()) {
                out.writeUTF(e.getKey());
                strings(out, e.getValue());
            }
            Map<String, ProgramSpec> programs = new TreeMap<>(p.programs());
            out.writeInt(programs.size());
            for (var e : programs.entrySet()) {
                out.writeUTF(e.getKey());
                strings(out, e.getValue().valueOptions());
                out.writeBoolean(e.getValue().singleDashLong());
            }
            strings(out, p.secretPaths());
            strings(out, p.envPassthrough());
            strings(out, p.envScrub());
            strings(out, p.disabled());
            out.writeUTF(p.sandbox().unknown() == null ? "" : p.sandbox().unknown().json());
            out.writeUTF(p.sandbox().require() == null ? "" : p.sandbox().require().toString());
            out.writeInt(p.rules().size());
            for (Rule r : p.rules()) {
                out.writeUTF(r.id());
                out.writeUTF(r.decision().name());
                out.writeUTF(r.reason());
                out.writeUTF(r.origin());
                out.writeUTF(r.layer());
                out.writeUTF(r.sandbox() == null ? "" : r.sandbox().json());
                matcher(out, r.match());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a compiled policy, or returns null when it was not made from {@code sourceChecksum}'s JSON
     * or is not in this version's form: the caller then loads the JSON itself.
     */
    public static Policy read(byte[] compiled, long sourceChecksum) {
        return read(compiled, sourceChecksum, BUILTIN);
    }

    /** As {@link #read(byte[], long)}, with the policies it extends found by {@code bases}. */
    public static Policy read(byte[] compiled, long sourceChecksum, BaseChecksums bases) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(compiled))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || in.readLong() != sourceChecksum) {
                return null;
            }
            for (int n = in.readInt(); n > 0; n--) {
                String name = in.readUTF();
                long crc = in.readLong();
                Long now = bases.of(name);
                if (now == null || now != crc) {
                    return null; // the base policy changed since the build: load the JSON instead
                }
            }
            String layer = in.readUTF();
            String source = in.readUTF();
            Map<String, Set<String>> classes = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                classes.put(in.readUTF(), readSet(in));
            }
            Map<String, ProgramSpec> programs = new HashMap<>();
            for (int n = in.readInt(); n > 0; n--) {
                programs.put(in.readUTF(), new ProgramSpec(readSet(in), in.readBoolean()));
            }
            List<String> secretPaths = readList(in);
            List<String> passthrough = readList(in);
            List<String> scrub = readList(in);
            Set<String> disabled = readSet(in);
            Profile unknown = Profile.parse(in.readUTF()).orElse(null);
            String require = in.readUTF();
            SandboxSettings sandbox = new SandboxSettings(unknown, require.isEmpty() ? null : Boolean.valueOf(require));
            List<Rule> rules = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                String id = in.readUTF();
                Decision decision = Decision.valueOf(in.readUTF());
                String reason = in.readUTF();
                String origin = in.readUTF();
                String ruleLayer = in.readUTF();
                Profile ruleSandbox = Profile.parse(in.readUTF()).orElse(null);
                rules.add(new Rule(id, decision, reason, readMatcher(in), List.of(), List.of(), origin, ruleLayer,
                        ruleSandbox));
            }
            return new Policy(layer, source, classes, programs, secretPaths, passthrough, scrub, disabled, rules,
                    List.of(), sandbox);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A match: present or not, then each condition's value in the order of {@link Conditions#ALL}. */
    static void matcher(DataOutputStream out, Matcher m) throws IOException {
        out.writeBoolean(m != null);
        if (m == null) {
            return;
        }
        for (int k = 0; k < Conditions.ALL.size(); k++) {
            Conditions.ALL.get(k).write(out, m.value(k));
        }
    }

    static Matcher readMatcher(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Object[] values = new Object[Conditions.ALL.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = Conditions.ALL.get(k).type().read(in);
        }
        return new Matcher(values);
    }

    /** A list keeps its order; a set is written sorted. -1 stands for "no condition" (null). */
    static void strings(DataOutputStream out, Collection<String> values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        Collection<String> ordered = values instanceof List<?> ? values : new TreeSet<>(values);
        out.writeInt(ordered.size());
        for (String s : ordered) {
            out.writeUTF(s);
        }
    }

    static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }

    static Set<String> readSet(DataInputStream in) throws IOException {
        return Set.copyOf(readList(in));
    }

    static Set<String> readSetOrNull(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return Set.copyOf(out);
    }

    static void enums(DataOutputStream out, Set<? extends Enum<?>> values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        Set<String> names = new TreeSet<>();
        values.forEach(v -> names.add(v.name()));
        strings(out, names);
    }

    static <E extends Enum<E>> Set<E> readEnums(DataInputStream in, Class<E> type) throws IOException {
        Set<String> names = readSetOrNull(in);
        if (names == null) {
            return null;
        }
        Set<E> out = new HashSet<>();
        for (String n : names) {
            out.add(Enum.valueOf(type, n));
        }
        return Set.copyOf(out);
    }

    static void patterns(DataOutputStream out, List<Pattern> patterns) throws IOException {
        out.writeInt(patterns == null ? -1 : patterns.size());
        if (patterns != null) {
            for (Pattern p : patterns) {
                out.writeUTF(p.pattern());
                out.writeInt(p.flags());
            }
        }
    }

    static List<Pattern> readPatterns(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<Pattern> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Pattern.compile(in.readUTF(), in.readInt()));
        }
        return List.copyOf(out);
    }

    static void bool(DataOutputStream out, Boolean b) throws IOException {
        out.writeByte(b == null ? -1 : b ? 1 : 0);
    }

    static Boolean readBool(DataInputStream in) throws IOException {
        byte b = in.readByte();
        return b < 0 ? null : b == 1;
    }

    static void integer(DataOutputStream out, Integer i) throws IOException {
        out.writeBoolean(i != null);
        if (i != null) {
            out.writeInt(i);
        }
    }

    static Integer readInteger(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }
}
