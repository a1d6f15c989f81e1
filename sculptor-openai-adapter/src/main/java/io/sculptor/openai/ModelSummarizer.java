package io.sculptor.openai;

import io.sculptor.core.Message;
import io.sculptor.core.SculptorException;
import io.sculptor.model.ChatModel;
import io.sculptor.model.ChatRequest;
import io.sculptor.model.ChatResponse;
import io.sculptor.model.ToolChoice;
import io.sculptor.tools.Summarizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link Summarizer} that asks a model for a focused summary through any {@link ChatModel}, as
 * the paper's {@code summarize_fragment} does. The model is told to keep the facts, names, numbers
 * and decisions that matter for the focus and to answer with the summary alone, in at most a
 * quarter of the source's length.
 *
 * <p>Failures of the model are thrown as {@link SculptorException}s, which the toolkit reports to
 * the model as a failed {@code summarize_fragment} call. Immutable, thread-safe.
 *
 * @since 0.1
 */
public final class ModelSummarizer implements Summarizer {
  static final String INSTRUCTIONS = "You summarize one fragment of a longer conversation so that it can"
      + " stand in for the fragment. Keep every fact, name, number, identifier and decision that matters"
      + " for the focus; drop the rest. Answer with the summary only, no preamble.";

  private final ChatModel model;

  private ModelSummarizer(ChatModel model) {
    this.model = model;
  }

  /** {@return a summarizer that asks {@code model}} */
  public static ModelSummarizer using(ChatModel model) {
    return new ModelSummarizer(Objects.requireNonNull(model, "model"));
  }

  @Override
  public String summarize(String text, String focus) {
    int limit = Math.max(200, text.length() / 4);
    String prompt = String.format(Locale.ROOT,
        "Focus: %s%nWrite at most %,d characters.%n%nFragment:%n<<<%n%s%n>>>",
        focus.isBlank() ? "main points" : focus.strip(), limit, text);
    ChatResponse response = model.chat(ChatRequest.of(
        List.of(Message.system(INSTRUCTIONS), Message.user(prompt)), List.of(), ToolChoice.none()));
    String summary = response.message().content().strip();
    if (summary.isEmpty()) {
      throw new SculptorException("the model returned an empty summary");
    }
    return summary;
  }

  @Override
  public String toString() {
    return "ModelSummarizer[" + model + "]";
  }
}
