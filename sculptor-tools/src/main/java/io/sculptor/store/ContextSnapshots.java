package io.sculptor.store;

import static io.sculptor.store.internal.StateJson.array;
import static io.sculptor.store.internal.StateJson.describe;
import static io.sculptor.store.internal.StateJson.fragment;
import static io.sculptor.store.internal.StateJson.fragmentNode;
import static io.sculptor.store.internal.StateJson.integer;
import static io.sculptor.store.internal.StateJson.message;
import static io.sculptor.store.internal.StateJson.messageNode;
import static io.sculptor.store.internal.StateJson.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sculptor.core.ContextState;
import io.sculptor.core.Conversation;
import io.sculptor.core.Message;
import io.sculptor.core.SearchResultId;
import io.sculptor.core.StateSnapshot;
import io.sculptor.core.TokenCounter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a whole {@link ContextState} as versioned JSON and reads it back, so that a session
 * survives a restart or moves between servers with nothing lost: the original conversation, every
 * fragment with its status and summary, the remembered search hits, the pins and the id generator.
 *
 * <p>The format is {@code {"format": "sculptor-context-state", "version": 2, ..., "checksum": ...}},
 * where the checksum is the SHA-256 of the rest of the document, so that a file changed after it
 * was written is refused rather than loaded as a different state. Reading refuses,
 * with a {@link SnapshotException} that says why and names the field, anything that is not such a
 * document: invalid or truncated JSON, another format, a version other than 1 to {@link #VERSION}
 * (compared as the exact integer written), missing or mistyped fields, fields where the format does
 * not allow them ({@code toolCalls} on other than assistant messages, {@code toolCallId} on other
 * than tool messages, {@code summary} on fragments that are not summarized), {@code extensions}
 * that are not an object, and data that does not describe a state the library could have reached
 * (see {@link ContextState#fromSnapshot(io.sculptor.core.StateSnapshot, TokenCounter)}: for example
 * a fragment outside its message, a summary not shorter than its fragment, more search hits than a
 * state remembers). So a document that loads is written back the same, but for the order and
 * repeats of pins and an empty {@code extensions} object or {@code toolCalls} array, which are not
 * written. Message extensions are stored as JSON; a value that is not a Jackson tree is converted
 * to one when written.
 *
 * <p>Version 2 adds the optional field {@code tokens}: {@code {"encoding": ..., "overhead": [...],
 * "content": [...], "view": [...]}}, the token counts of every message under the state's
 * {@link TokenCounter#encoding() encoding}, written when the counter names one. Reading with a
 * counter of the same encoding uses them and counts nothing (a 1M-token state loads without
 * running the tokenizer); any other counter recounts. Version 1 documents, which have no counts,
 * are still read.
 *
 * <p>Writing and reading take time linear in the document, and O(s log s) in its s fragment spans
 * for the nesting check.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class ContextSnapshots {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "sculptor-context-state";
  /** The version this library writes and the newest it reads. */
  public static final int VERSION = 2;

  private static final ObjectMapper MAPPER = io.sculptor.store.internal.StateJson.MAPPER;

  private ContextSnapshots() {}

  /** {@return {@code state} as a JSON document} */
  public static String toJson(ContextState state) {
    StateSnapshot snapshot = state.snapshot();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("seed", snapshot.seed());
    root.put("idsDrawn", snapshot.idsDrawn());
    ArrayNode messages = root.putArray("messages");
    for (Message m : snapshot.conversation()) {
      messages.add(messageNode(m));
    }
    ArrayNode fragments = root.putArray("fragments");
    for (StateSnapshot.FragmentRecord f : snapshot.fragments()) {
      fragments.add(fragmentNode(f));
    }
    ArrayNode hits = root.putArray("searchHits");
    for (StateSnapshot.SearchHitRecord h : snapshot.searchHits()) {
      hits.addObject().put("id", h.id().value()).put("query", h.query()).put("message", h.messageIndex())
          .put("offset", h.offset());
    }
    ArrayNode pinned = root.putArray("pinned");
    snapshot.pinned().forEach(pinned::add);
    snapshot.tokenCounts().ifPresent(counts -> {
      ObjectNode tokens = root.putObject("tokens");
      tokens.put("encoding", counts.encoding());
      ArrayNode overhead = tokens.putArray("overhead");
      for (int t : counts.overheadTokens()) {
        overhead.add(t);
      }
      ArrayNode content = tokens.putArray("content");
      for (int t : counts.contentTokens()) {
        content.add(t);
      }
      ArrayNode view = tokens.putArray("view");
      for (int t : counts.viewContentTokens()) {
        view.add(t);
      }
    });
    try {
      root.put("checksum", checksum(root));
      return MAPPER.writeValueAsString(root);
    } catch (IOException e) {
      throw new SnapshotException("state could not be written: " + e.getMessage(), e);
    }
  }

  /**
   * {@return one message as JSON, exactly as it appears in a snapshot's {@code messages}}, its
   * provider extensions included; for stores that keep one message per row
   *
   * @since 0.1
   */
  public static String messageToJson(Message message) {
    return io.sculptor.store.internal.StateJson.messageText(message);
  }

  /**
   * {@return the message that {@link #messageToJson(Message)} wrote}
   *
   * @throws SnapshotException if {@code json} is not such a message; the message says why
   * @since 0.1
   */
  public static Message messageFromJson(String json) {
    return io.sculptor.store.internal.StateJson.messageFromText(json, "message");
  }

  /**
   * The SHA-256 of {@code body}, a document without its checksum field, as this class writes it;
   * streamed into the digest, so that no copy of the document is made.
   */
  private static String checksum(ObjectNode body) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      MAPPER.writeValue(out, body);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * {@return the state saved in {@code json}, with token totals counted by {@code counter}}
   *
   * @throws SnapshotException if the document cannot be read; nothing is loaded then
   */
  public static ContextState fromJson(String json, TokenCounter counter) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SnapshotException(String.format(Locale.ROOT,
          "snapshot is not valid JSON (%s at line %d, column %d); the file may be truncated or corrupted",
          e.getOriginalMessage().split("\n")[0], e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr()), e);
    }
    if (root == null || !root.isObject()) {
      throw new SnapshotException("snapshot must be a JSON object, got [" + describe(root) + "]", null);
    }
    if (!FORMAT.equals(root.path("format").asText(null))) {
      throw new SnapshotException("not a Sculptor state: field [format] is [" + describe(root.get("format"))
          + "], expected [" + FORMAT + "]", null);
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isIntegralNumber()) {
      throw new SnapshotException("snapshot field [version] must be an integer, got [" + describe(version) + "]", null);
    }
    // Compared as a big integer: 2^64 + 1 must not pass for 1.
    BigInteger number = version.bigIntegerValue();
    if (number.compareTo(BigInteger.valueOf(VERSION)) > 0 || number.signum() <= 0) {
      throw new SnapshotException("snapshot version [" + number + "] is not supported; this library reads"
          + " versions 1 to [" + VERSION + "]" + (number.signum() > 0 ? ", upgrade Sculptor to read it" : ""), null);
    }
    JsonNode expected = ((ObjectNode) root).remove("checksum");
    try {
      if (expected == null || !expected.isTextual() || !expected.textValue().equals(checksum((ObjectNode) root))) {
        throw new SnapshotException("snapshot checksum does not match its content: the file was changed or"
            + " corrupted after it was written", null);
      }
    } catch (IOException e) {
      throw new SnapshotException("snapshot could not be checked: " + e.getMessage(), e);
    }
    try {
      List<Message> messages = new ArrayList<>();
      int i = 0;
      for (JsonNode m : array(root, "messages")) {
        messages.add(message(m, "messages[" + i++ + "]"));
      }
      List<StateSnapshot.FragmentRecord> fragments = new ArrayList<>();
      i = 0;
      for (JsonNode f : array(root, "fragments")) {
        fragments.add(fragment(f, "fragments[" + i++ + "]"));
      }
      List<StateSnapshot.SearchHitRecord> hits = new ArrayList<>();
      i = 0;
      for (JsonNode h : array(root, "searchHits")) {
        String where = "searchHits[" + i++ + "]";
        hits.add(StateSnapshot.SearchHitRecord.of(SearchResultId.of(text(h, "id", where)), text(h, "query", where),
            integer(h, "message", where), integer(h, "offset", where)));
      }
      Set<Integer> pinned = new LinkedHashSet<>();
      for (JsonNode p : array(root, "pinned")) {
        if (!p.isInt()) {
          throw new SnapshotException("snapshot field [pinned] must hold integers, got [" + describe(p) + "]", null);
        }
        pinned.add(p.intValue());
      }
      StateSnapshot snapshot = StateSnapshot.of(Conversation.of(messages), longValue(root, "seed"),
          longValue(root, "idsDrawn"), fragments, hits, pinned);
      if (root.has("tokens") && number.intValueExact() < 2) {
        throw new SnapshotException("snapshot field [tokens] needs version 2 or later, the document has version ["
            + number + "]", null);
      }
      if (root.has("tokens")) {
        snapshot = snapshot.withTokenCounts(tokenCounts(root.get("tokens")));
      }
      return ContextState.fromSnapshot(snapshot, counter);
    } catch (IllegalArgumentException e) {
      throw new SnapshotException("snapshot describes an inconsistent state: " + e.getMessage(), e);
    }
  }

  private static StateSnapshot.TokenCounts tokenCounts(JsonNode node) {
    if (!node.isObject()) {
      throw new SnapshotException("snapshot field [tokens] must be an object, got [" + describe(node) + "]", null);
    }
    String encoding = text(node, "encoding", "tokens");
    int[][] counts = new int[3][];
    String[] names = {"overhead", "content", "view"};
    for (int k = 0; k < 3; k++) {
      JsonNode array = array(node, names[k]);
      counts[k] = new int[array.size()];
      for (int i = 0; i < counts[k].length; i++) {
        JsonNode t = array.get(i);
        if (!t.isInt() || t.intValue() < 0) {
          throw new SnapshotException("snapshot field [tokens." + names[k] + "[" + i + "]] must be a count, got ["
              + describe(t) + "]", null);
        }
        counts[k][i] = t.intValue();
      }
    }
    return StateSnapshot.TokenCounts.of(encoding, counts[0], counts[1], counts[2]);
  }

  private static long longValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new SnapshotException("snapshot field [" + field + "] must be an integer, got [" + describe(value) + "]", null);
    }
    return value.longValue();
  }

}
