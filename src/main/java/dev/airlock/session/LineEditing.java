package dev.airlock.session;

import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.LineReader;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;

/** The line editor's keys for the session: Ctrl-C drops the line (the keys arrive raw), no external editor. */
final class LineEditing {
    private static final String INTERRUPT = "airlock-interrupt";

    private LineEditing() {}

    static void setUp(LineReader reader) {
        reader.getWidgets().put(INTERRUPT, () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        for (KeyMap<Binding> map : reader.getKeyMaps().values()) {
            map.bind(new Reference(INTERRUPT), KeyMap.ctrl('C'));
            // jline's ^X^E opens an editor it does not ship (a stack trace); the session has no use for it.
            map.unbind(KeyMap.translate("^X^E"));
            map.unbind(KeyMap.translate("^Xe"));
        }
    }
}
