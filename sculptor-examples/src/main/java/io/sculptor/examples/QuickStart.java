package io.sculptor.examples;

import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.tools.ContextSession;
import io.sculptor.tools.SculptorToolkit;
import java.io.PrintStream;

/** The quick start of the README: the Sculptor tools on a long key-value stream, no model needed. */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Runs the quick start and prints what happens.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the quick start, printing to {@code out}; returns the final session. */
  static ContextSession run(PrintStream out) {
    StringBuilder updates = new StringBuilder();
    for (int i = 0; i < 4000; i++) {
      updates.append("key").append(i % 46).append(": value").append(i).append('\n');
    }
    // quick-start:begin
    ContextSession session = ContextSession.of(ContextState.of(Conversation.of(
        Message.system("You track key-value updates."),
        Message.user("UPDATES\n" + updates + "END\nWhat is the current value of key7?"))),
        SculptorToolkit.create());
    out.println(session.execute("fragment_context",
        "{\"start_marker\": \"UPDATES\", \"end_marker\": \"END\", \"num_fragments\": 10}").text());
    session.state().fragments().subList(0, 8).forEach(f ->
        session.execute("fold_fragment", "{\"fragment_id\": \"" + f.id() + "\"}"));
    out.println(session.execute("search_context", "{\"query\": \"key7: value7\\n\"}").text());
    out.printf("view: %,d of %,d tokens%n", session.state().viewTokens(), session.state().originalTokens());
    // quick-start:end
    return session;
  }
}
