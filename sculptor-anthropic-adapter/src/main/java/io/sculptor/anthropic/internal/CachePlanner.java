package io.sculptor.anthropic.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places the {@code cache_control} breakpoints of Messages API requests.
 *
 * <p>The API caches the prompt prefix that ends at a breakpoint (tools, then system, then messages,
 * block by block) and, for a later request, reads a prefix that an earlier request wrote, looking
 * back only about 20 blocks from each breakpoint. A client that marks only the end of each request
 * therefore loses the whole cache as soon as a fold or a summary changes a message more than 20
 * blocks before the end, although everything before that message is unchanged.
 *
 * <p>{@link Strategy#CACHE_AWARE} remembers a hash of every prefix it marked (a chain of SHA-256
 * digests over the blocks, without their {@code cache_control}), and marks (1) the last block of the
 * longest prefix of the new request that an earlier request wrote, so it is read however far back
 * it ends — or, on a request with no known prefix, the end of the tools and system prompt, which
 * other conversations share; (2) the last block this request shares with the recent request it
 * continues (it remembers the hashes of the last {@value #RECENT_REQUESTS} requests), when a fold
 * or summary changed something after it: that prefix is written now, so when the next change lies
 * further on — as a budget policy folds the oldest messages step by step — the next request reads
 * up to here; and (3) the last block of the request, so the next request can read all of this one.
 * That is at most three breakpoints, within the API's four. {@link Strategy#LAST_MESSAGE} marks the
 * end of the tools and system prompt and the end of the request always, as most clients do. Both
 * first remove every {@code cache_control} in the request, also those of the blocks inside a
 * {@code tool_result}. {@code thinking},
 * {@code redacted_thinking} and empty text blocks are never marked (the API refuses it); a string
 * content or system prompt that is marked becomes one text block. {@code tool_choice} and
 * {@code thinking} are part of the hashed prefix before the messages, because changing them
 * invalidates the cached messages.
 *
 * <p>The memory is bounded ({@value #MAX_ENTRIES} prefixes, least recently used first out) and
 * forgets a prefix after the cache's lifetime. Thread-safe: one planner serves every conversation
 * of a model, since each prefix is known by its hash.
 */
public final class CachePlanner {
  /** How breakpoints are placed. */
  public enum Strategy {
    /** No breakpoint is added and none is removed: the request goes as written. */
    NONE,
    /** One breakpoint after the tools and system prompt, one at the end of the request. */
    LAST_MESSAGE,
    /**
     * The end of the longest prefix written before, the end of what did not change since the
     * request this one continues, and the end of the request.
     */
    CACHE_AWARE
  }

  static final int MAX_ENTRIES = 4096;
  /** How many recent requests are remembered to find where a new one departs from its predecessor. */
  static final int RECENT_REQUESTS = 16;
  private static final Set<String> NEVER_MARKED = Set.of("thinking", "redacted_thinking");

  private final Strategy strategy;
  private final long lifetimeNanos;
  private final ArrayDeque<List<String>> recent = new ArrayDeque<>();
  private final Map<String, Long> written = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  /**
   * Creates a planner.
   *
   * @param strategy how to place breakpoints
   * @param lifetimeNanos how long a written prefix stays readable after its last use
   */
  public CachePlanner(Strategy strategy, long lifetimeNanos) {
    this.strategy = strategy;
    this.lifetimeNanos = lifetimeNanos;
  }

  /** {@return the strategy} */
  public Strategy strategy() {
    return strategy;
  }

  /** The breakpoints of one request; {@link #commit()} once the API has answered it. */
  public final class Plan {
    private final List<String> prefixes;
    private final List<String> request;

    private Plan(List<String> prefixes, List<String> request) {
      this.prefixes = prefixes;
      this.request = request;
    }

    /** {@return how many breakpoints the request has} */
    public int breakpoints() {
      return prefixes.size();
    }

    /** Remembers the marked prefixes as written (or read again) now. */
    public void commit() {
      long now = System.nanoTime();
      synchronized (written) {
        prefixes.forEach(p -> written.put(p, now));
        if (!request.isEmpty()) {
          recent.addFirst(request);
          while (recent.size() > RECENT_REQUESTS) {
            recent.removeLast();
          }
        }
      }
    }
  }

  /** One place a breakpoint could go: the block, how to mark it, and its prefix's hash. */
  private record Slot(String prefix, Runnable mark, boolean markable, boolean promptEnd) {}

  /**
   * Places the breakpoints in {@code body}, changing it.
   *
   * @return the plan, to commit when the request succeeded
   */
  public Plan place(ObjectNode body) {
    if (strategy == Strategy.NONE) {
      return new Plan(List.of(), List.of());
    }
    List<Slot> slots = slots(body);
    int end = -1;
    int promptEnd = -1;
    for (int i = 0; i < slots.size(); i++) {
      if (slots.get(i).markable()) {
        end = i;
        if (slots.get(i).promptEnd()) {
          promptEnd = i;
        }
      }
    }
    TreeSet<Integer> marks = new TreeSet<>();
    if (end >= 0) {
      marks.add(end);
      int read = strategy == Strategy.CACHE_AWARE ? longestWritten(slots, end) : -1;
      if (read >= 0) {
        marks.add(read);
      } else if (promptEnd >= 0) {
        marks.add(promptEnd);
      }
      if (strategy == Strategy.CACHE_AWARE) {
        // The end of what did not change since the request this one continues: written now, so the
        // next change further on reads up to here, however far from the end it lies.
        for (int i = Math.min(unchangedThrough(slots), end - 1); i > read; i--) {
          if (slots.get(i).markable()) {
            marks.add(i);
            break;
          }
        }
      }
    }
    List<String> prefixes = new ArrayList<>();
    for (int i : marks) {
      slots.get(i).mark().run();
      prefixes.add(slots.get(i).prefix());
    }
    return new Plan(prefixes, strategy == Strategy.CACHE_AWARE
        ? slots.stream().map(Slot::prefix).toList() : List.of());
  }

  /** {@return the last slot this request shares with the recent request it shares most with}, -1 for none */
  private int unchangedThrough(List<Slot> slots) {
    int best = -1;
    synchronized (written) {
      for (List<String> earlier : recent) {
        int shared = -1;
        int limit = Math.min(earlier.size(), slots.size());
        // Prefix hashes chain, so the shared slots are a prefix: binary search for its end.
        int low = 0;
        int high = limit - 1;
        while (low <= high) {
          int mid = (low + high) >>> 1;
          if (earlier.get(mid).equals(slots.get(mid).prefix())) {
            shared = mid;
            low = mid + 1;
          } else {
            high = mid - 1;
          }
        }
        best = Math.max(best, shared);
      }
    }
    return best;
  }

  private int longestWritten(List<Slot> slots, int end) {
    long now = System.nanoTime();
    synchronized (written) {
      for (int i = end; i >= 0; i--) {
        Slot slot = slots.get(i);
        Long at = slot.markable() ? written.get(slot.prefix()) : null;
        if (at != null) {
          if (now - at <= lifetimeNanos) {
            return i;
          }
          written.remove(slot.prefix());
        }
      }
    }
    return -1;
  }

  private static List<Slot> slots(ObjectNode body) {
    Chain chain = new Chain();
    List<Slot> slots = new ArrayList<>();
    if (body.get("tools") instanceof ArrayNode tools) {
      for (JsonNode tool : tools) {
        if (tool instanceof ObjectNode object) {
          object.remove("cache_control");
          slots.add(new Slot(chain.add(object.toString()), () -> mark(object), true, true));
        }
      }
    }
    JsonNode system = body.get("system");
    if (system != null && system.isTextual()) {
      String text = system.textValue();
      slots.add(new Slot(chain.add(textBlock(text).toString()), () -> {
        ObjectNode block = textBlock(text);
        mark(block);
        body.set("system", Wire.array().add(block));
      }, !text.isEmpty(), true));
    } else if (system instanceof ArrayNode blocks) {
      addBlocks(blocks, chain, slots, true);
    }
    ObjectNode settings = Wire.object();
    settings.set("tool_choice", body.get("tool_choice"));
    settings.set("thinking", body.get("thinking"));
    slots.add(new Slot(chain.add(settings.toString()), () -> { }, false, false));
    if (body.get("messages") instanceof ArrayNode messages) {
      for (JsonNode message : messages) {
        if (!(message instanceof ObjectNode object)) {
          continue;
        }
        slots.add(new Slot(chain.add("message:" + object.path("role").asText()), () -> { }, false, false));
        JsonNode content = object.get("content");
        if (content != null && content.isTextual()) {
          String text = content.textValue();
          slots.add(new Slot(chain.add(textBlock(text).toString()), () -> {
            ObjectNode block = textBlock(text);
            mark(block);
            object.set("content", Wire.array().add(block));
          }, !text.isEmpty(), false));
        } else if (content instanceof ArrayNode blocks) {
          addBlocks(blocks, chain, slots, false);
        }
      }
    }
    return slots;
  }

  private static void addBlocks(ArrayNode blocks, Chain chain, List<Slot> slots, boolean promptEnd) {
    for (JsonNode node : blocks) {
      if (!(node instanceof ObjectNode block)) {
        continue;
      }
      removeBreakpoints(block);
      String type = String.valueOf(Wire.stringOrNull(block.get("type")));
      boolean markable = !NEVER_MARKED.contains(type)
          && !(type.equals("text") && block.path("text").asText("").isEmpty());
      slots.add(new Slot(chain.add(block.toString()), () -> mark(block), markable, promptEnd));
    }
  }

  /**
   * Removes the breakpoints of a block and of the blocks inside it (a {@code tool_result}'s
   * content), which count towards the API's limit of four; never inside a tool's input.
   */
  private static void removeBreakpoints(ObjectNode block) {
    block.remove("cache_control");
    if (block.get("content") instanceof ArrayNode inner) {
      for (JsonNode child : inner) {
        if (child instanceof ObjectNode object) {
          removeBreakpoints(object);
        }
      }
    }
  }

  private static ObjectNode textBlock(String text) {
    return Wire.object().put("type", "text").put("text", text);
  }

  private static void mark(ObjectNode block) {
    block.putObject("cache_control").put("type", "ephemeral");
  }

  /** A chain of SHA-256 digests: each prefix's hash covers the previous hash and the new block. */
  private static final class Chain {
    private final MessageDigest digest;
    private byte[] previous = new byte[0];

    Chain() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }

    String add(String block) {
      digest.update(previous);
      digest.update(ByteBuffer.wrap(block.getBytes(StandardCharsets.UTF_8)));
      previous = digest.digest();
      StringBuilder hex = new StringBuilder(32);
      for (int i = 0; i < 16; i++) {
        hex.append(Character.forDigit((previous[i] >> 4) & 0xf, 16)).append(Character.forDigit(previous[i] & 0xf, 16));
      }
      return hex.toString();
    }
  }
}
