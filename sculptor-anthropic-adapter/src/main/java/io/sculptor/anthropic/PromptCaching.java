package io.sculptor.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.anthropic.internal.CachePlanner;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the {@code cache_control} breakpoints of Anthropic's prompt caching go in a request.
 *
 * <p>The API caches the prefix of a request up to a breakpoint (tools, system prompt, messages,
 * block by block) and lets a later request read it, looking back only about 20 blocks from each of
 * that request's breakpoints. When a fold or a summary changes a message far from the end, a
 * breakpoint at the end alone finds nothing to read, although everything before the changed
 * message is the same. {@link #cacheAware()} remembers the prefixes its requests wrote and marks
 * the end of the longest one the new request still starts with, so a fold costs cache hits only
 * from the first changed message on; it marks the end of what did not change since the request
 * this one continues, so that the next fold further on reads up to there; and it marks the end of
 * the request for the next one.
 * {@link #lastMessage()} marks the end of the tools and system prompt and the end of the request,
 * as most clients do. {@link #none()} leaves a request as written, so an application's own
 * {@code cache_control} fields go through. The first two replace any {@code cache_control} in the
 * request (also inside {@code tool_result} blocks) by their own and use at most three of the API's four breakpoints; they never mark
 * {@code thinking} blocks, which the API refuses.
 *
 * <p>Thread-safe. A {@link #cacheAware()} instance remembers what the requests it placed wrote
 * (bounded; each prefix is forgotten five minutes after its last use, as the API's cache forgets
 * it), across conversations: each prefix is known by a hash of its blocks. Give each model its own
 * instance, or share one between models that call the same API account and model.
 *
 * @since 0.1
 */
public final class PromptCaching {
  private static final long LIFETIME = Duration.ofMinutes(5).toNanos();
  private static final PromptCaching NONE = new PromptCaching(new CachePlanner(CachePlanner.Strategy.NONE, 0));
  private static final PromptCaching LAST_MESSAGE =
      new PromptCaching(new CachePlanner(CachePlanner.Strategy.LAST_MESSAGE, 0));

  private final CachePlanner planner;

  private PromptCaching(CachePlanner planner) {
    this.planner = planner;
  }

  /**
   * {@return a new placement with its own memory}: breakpoints at the end of the longest prefix
   * written before (the end of the tools and system prompt when nothing was written before), at the
   * end of what did not change since the request this one continues, and at the end of the request
   */
  public static PromptCaching cacheAware() {
    return new PromptCaching(new CachePlanner(CachePlanner.Strategy.CACHE_AWARE, LIFETIME));
  }

  /** {@return breakpoints at the end of the tools and system prompt and at the end of the request} */
  public static PromptCaching lastMessage() {
    return LAST_MESSAGE;
  }

  /** {@return no breakpoints added and none removed} */
  public static PromptCaching none() {
    return NONE;
  }

  /**
   * Places the breakpoints in a Messages API request body, changing it: a marked string
   * {@code system} or {@code content} becomes one text block.
   *
   * @param body a body as {@link MessagesFormat#request} writes it
   * @return the placement; {@linkplain Placement#commit() commit} it once the API has answered
   */
  public Placement place(ObjectNode body) {
    return new Placement(planner.place(Objects.requireNonNull(body, "body")));
  }

  /** The breakpoints of one request. Thread-safe. */
  public static final class Placement {
    private final CachePlanner.Plan plan;

    private Placement(CachePlanner.Plan plan) {
      this.plan = plan;
    }

    /** {@return how many breakpoints were placed} */
    public int breakpoints() {
      return plan.breakpoints();
    }

    /** Remembers the marked prefixes as written now; call it when the API has answered the request. */
    public void commit() {
      plan.commit();
    }
  }

  @Override
  public String toString() {
    return "PromptCaching[" + switch (planner.strategy()) {
      case NONE -> "none";
      case LAST_MESSAGE -> "lastMessage";
      case CACHE_AWARE -> "cacheAware";
    } + "]";
  }
}
