package dev.airlock.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The frame of a stored line, read without a JSON parser: {@code {"seq":N,...,"prev":"<64 hex>","hash":"<64 hex>"}}.
 * The writer and the verifier both rely on prev and hash being the last two members at fixed offsets
 * from the end, and seq the first; the body that was hashed is the line up to the hash member plus "}".
 */
record StoredLine(long seq, String prev, String hash) {
    private static final byte[] SEQ = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREV = ",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Bytes from the start of the hash member to the end of the line: ,"hash":"<64>"} */
    private static final int HASH_TAIL = HASH.length + 64 + 2;
    private static final int PREV_TAIL = PREV.length + 64 + 1;

    /** The frame of line[off, off+len) (no newline), or null when it is not a well-formed stored line. */
    static StoredLine parse(byte[] b, int off, int len) {
        if (len < SEQ.length + 2 + PREV_TAIL + HASH_TAIL) return null;
        if (!startsWith(b, off, SEQ)) return null;
        int end = off + len;
        if (b[end - 1] != '}' || b[end - 2] != '"') return null;
        int hashAt = end - HASH_TAIL;
        if (!startsWith(b, hashAt, HASH) || !isHex(b, hashAt + HASH.length, 64)) return null;
        int prevAt = hashAt - PREV_TAIL;
        if (!startsWith(b, prevAt, PREV) || b[hashAt - 1] != '"' || !isHex(b, prevAt + PREV.length, 64)) return null;
        long seq = 0;
        int i = off + SEQ.length;
        int digits = 0;
        while (i < prevAt && b[i] >= '0' && b[i] <= '9' && digits < 18) {
            seq = seq * 10 + (b[i++] - '0');
            digits++;
        }
        if (digits == 0 || i >= prevAt || (b[i] != ',' && b[i] != '}')) return null;
        return new StoredLine(seq, ascii(b, prevAt + PREV.length, 64), ascii(b, hashAt + HASH.length, 64));
    }

    /** SHA-256 of the body this line's hash claims to cover: the line without its hash member. */
    static String bodyHash(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len - HASH_TAIL);
            md.update((byte) '}');
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > b.length) return false;
        return Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isHex(byte[] b, int at, int n) {
        for (int i = at; i < at + n; i++) {
            byte c = b[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    private static String ascii(byte[] b, int at, int n) {
        return new String(b, at, n, StandardCharsets.US_ASCII);
    }
}
