package dev.airlock.console;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** `airlock console`: start the socket, run the screen, deny what is still waiting on the way out. */
public final class ApprovalConsole {
    private ApprovalConsole() {}

    public static int run(Path socket, Path userPolicy, PrintStream err, boolean noColor) {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).dumb(true).build();
        } catch (IOException e) {
            err.println("airlock: cannot open the terminal: " + e.getMessage());
            return 1;
        }
        try (terminal) {
            if (terminal.getType().startsWith("dumb") || System.console() == null) {
                err.println("airlock: the console needs a terminal; run `airlock console` in your own terminal window");
                return 1;
            }
            Queue queue = new Queue();
            try (ConsoleServer server = ConsoleServer.start(socket, queue)) {
                boolean color = !noColor && terminal.getNumericCapability(org.jline.utils.InfoCmp.Capability.max_colors) != null;
                if (!server.notice().isEmpty()) {
                    err.println("airlock: " + server.notice()); // also on the screen, and left behind when it closes
                }
                return new ConsoleUi(terminal, queue, socket, userPolicy, color).notice(server::notice).run();
            } catch (ConsoleServer.StartException e) {
                err.println("airlock: " + e.getMessage());
                return 1;
            }
        } catch (IOException e) {
            err.println("airlock: console: " + e.getMessage());
            return 1;
        }
    }
}
