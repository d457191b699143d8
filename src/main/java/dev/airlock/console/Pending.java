package dev.airlock.console;

import dev.airlock.approval.Protocol;
import java.io.IOException;
import java.nio.channels.ByteChannel;

/** One request waiting for the person, with the connection its answer goes back on. */
final class Pending {
    enum State { WAITING, APPROVED, DENIED, WITHDRAWN }

    final Protocol.Request request;
    final long receivedAtMillis;
    private final ByteChannel channel;
    private State state = State.WAITING;
    private String note;

    Pending(Protocol.Request request, ByteChannel channel, long receivedAtMillis) {
        this.request = request;
        this.channel = channel;
        this.receivedAtMillis = receivedAtMillis;
    }

    synchronized State state() {
        return state;
    }

    synchronized String note() {
        return note;
    }

    /** Sends the person's answer; false when the requester had already gone. */
    synchronized boolean answer(boolean approve, String note) {
        return answer(approve, note, "once");
    }

    synchronized boolean answer(boolean approve, String note, String scope) {
        return answer(approve, note, scope, null);
    }

    /** {@code sandbox}: the profile the person chose, null for the proposed one. */
    synchronized boolean answer(boolean approve, String note, String scope, String sandbox) {
        if (state != State.WAITING) {
            return false;
        }
        this.note = note;
        state = approve ? State.APPROVED : State.DENIED;
        try {
            Protocol.writeLine(channel, Protocol.decision(request.id(), approve, scope, note, sandbox));
        } catch (IOException e) {
            state = State.WITHDRAWN;
            return false;
        } finally {
            close();
        }
        return true;
    }

    synchronized void withdraw() {
        if (state == State.WAITING) {
            state = State.WITHDRAWN;
        }
        close();
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
