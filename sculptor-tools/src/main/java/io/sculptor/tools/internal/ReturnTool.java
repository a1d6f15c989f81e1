package io.sculptor.tools.internal;

import io.sculptor.core.ContextState;
import io.sculptor.core.Fragment;
import io.sculptor.core.FragmentEdit;
import io.sculptor.core.Fragmentation;
import io.sculptor.core.Outcome;
import io.sculptor.core.Refusal;
import io.sculptor.core.RoleFilter;
import io.sculptor.core.Summary;
import io.sculptor.tools.ToolErrorCode;
import io.sculptor.tools.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code return}: turns every message of the innermost open branch, from the answer to its
 * {@code branch} call to the latest message, into one fragment summarized by the return message
 * (or folded, when the message is not shorter than what it would replace). Composed of the core's
 * {@code fragmentMessages} and {@code summarize}, so every invariant of the core holds for it.
 */
public final class ReturnTool implements Tool {
  /** The tool name, as in Context-Folding's {@code return(message)}. */
  public static final String NAME = "return";

  /** The name, description and parameter; the parameter is Context-Folding's, the wording ours. */
  public static final ToolDefinition DEFINITION = new ToolDefinition(NAME,
      "Return from the innermost open branch: every message since its branch call collapses into one"
          + " fragment shown as this message, so keep in it what the rest of the task needs. The steps"
          + " are kept: restore_fragment brings them back.",
      List.of(Parameter.requiredString("message",
          "The outcome of the sub-task: results, decisions and facts to keep (e.g., 'fixed the"
              + " off-by-one in parse(); all 12 parser tests pass')",
          "\"fixed parse(); all parser tests pass\"", Parameter.MAX_MESSAGE_LENGTH)));

  /** The focus a branch's summary is shown with. */
  static String focus(String description) {
    return "branch " + Texts.quote(description.strip());
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult run(ContextState state, Arguments arguments) {
    String message = arguments.string("message").strip();
    if (message.isEmpty()) {
      return ToolResult.failure(NAME, ToolErrorCode.OUT_OF_RANGE,
          "Error: \"message\" must not be empty. Send the outcome of the sub-task: what the rest of the"
              + " task needs from it.", state);
    }
    if (!Branches.isCalledNow(state.original(), NAME)) {
      return BranchTool.notInConversation(NAME, state);
    }
    // Only the innermost: looking for an enclosing branch would read the whole conversation back
    // when there is none, and a return must cost its branch, not the conversation.
    List<Branches.Open> open = Branches.innermost(state.original(), 1);
    if (open.isEmpty()) {
      return ToolResult.failure(NAME, ToolErrorCode.NO_OPEN_BRANCH,
          "Error: there is no open branch to return from; nothing changed. Call branch before the steps"
              + " of a sub-task, then return when it is done. To shrink what is already here, use"
              + " fragment_context with fold_fragment or summarize_fragment.", state);
    }
    Branches.Open branch = open.get(0);
    String name = Texts.quote(branch.description().strip());

    // A fragment made before the branch may reach into it; fragments nest but never cross, so the
    // branch's fragment then starts after it, and the messages before stay as they are.
    int to = state.original().size();
    int from = branch.firstMessage();
    List<Refusal.OverlapsFragment> crossing = new ArrayList<>();
    Outcome<Fragmentation> made = state.fragmentMessages(from, to, RoleFilter.ALL, 1);
    while (made.failure().map(f -> f.refusal() instanceof Refusal.OverlapsFragment).orElse(false)) {
      Refusal.OverlapsFragment r = (Refusal.OverlapsFragment) made.failure().orElseThrow().refusal();
      crossing.add(r);
      from = r.fragmentLastMessage() + 1;
      if (from >= to) {
        break;
      }
      made = state.fragmentMessages(from, to, RoleFilter.ALL, 1);
    }
    String kept = crossing.isEmpty() ? "" : String.format(Locale.ROOT,
        " Messages %d to %d stay as they are: fragment %s (messages %d to %d) reaches across the start of"
            + " the branch, and fragments may nest but not cross.", branch.firstMessage(), from - 1,
        crossing.get(crossing.size() - 1).fragment(), crossing.get(crossing.size() - 1).fragmentFirstMessage(),
        crossing.get(crossing.size() - 1).fragmentLastMessage());
    if (from >= to || !made.isSuccess()) {
      // Nothing of the branch can be folded (its messages are empty or pinned, or crossed): it is
      // closed all the same, since a return that failed would leave it open for good.
      String why = from >= to ? "" : " Its messages hold no text that can be folded (system and pinned"
          + " messages never are).";
      return ToolResult.success(NAME, String.format(Locale.ROOT,
          "Returned from branch %s; nothing was folded, so the view is unchanged.%s%s", name, why, kept), state);
    }

    Fragment fragment = made.value().fragments().get(0);
    ContextState fragmented = made.state();
    Outcome<FragmentEdit> edit = fragmented.summarize(fragment.id(), new Summary(message, focus(branch.description())));
    boolean folded = false;
    if (edit.failure().map(f -> f.refusal() instanceof Refusal.SummaryNotShorter).orElse(false)) {
      edit = fragmented.fold(fragment.id());
      folded = true;
    }
    if (edit instanceof Outcome.Failure<FragmentEdit> failure) {
      return refused(new Outcome.Failure<>(state, failure.refusal()));
    }
    FragmentEdit done = edit.value();
    String shown = folded
        ? String.format(Locale.ROOT, "folded: your message (%s chars) is not shorter than the %s chars it"
            + " would replace, so it stays in your return call only", Texts.number(message.length()),
            Texts.number(fragment.characters()))
        : "shown as your message";
    String text = String.format(Locale.ROOT,
        "Returned from branch %s: %s (%s chars) are now fragment %s, %s. The view went from %s to %s"
            + " tokens. restore_fragment %s brings the steps back; search_context still finds text in"
            + " them.%s",
        name, Texts.messages(fragment), Texts.number(fragment.characters()), fragment.id(), shown,
        Texts.number(done.viewTokensBefore()), Texts.number(done.viewTokensAfter()), fragment.id(), kept);
    return ToolResult.success(NAME, text + FoldFragmentTool.hiddenNote(done), edit.state());
  }
}
