package io.sculptor.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sculptor.core.ContextState;
import io.sculptor.core.TokenCounter;
import org.junit.jupiter.api.Test;

class ContextSnapshotsTest {
  @Test
  void toJson_isVersionedAndChecksummed() {
    String json = ContextSnapshots.toJson(Fixtures.state());
    assertThat(json).startsWith("{\"format\":\"sculptor-context-state\",\"version\":1,").contains("\"checksum\":\"");
    assertThat(ContextSnapshots.fromJson(json, TokenCounter.estimator())).isEqualTo(Fixtures.state());
  }

  @Test
  void fromJson_futureVersion_isRefusedAskingForAnUpgrade() {
    String json = ContextSnapshots.toJson(Fixtures.state()).replace("\"version\":1,", "\"version\":2,");
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("version [2] is not supported")
        .hasMessageContaining("upgrade Sculptor");
  }

  @Test
  void fromJson_otherDocuments_areRefusedSayingWhy() {
    assertThatThrownBy(() -> ContextSnapshots.fromJson("{\"format\": \"something else\"}", TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("not a Sculptor state");
    assertThatThrownBy(() -> ContextSnapshots.fromJson("[1, 2]", TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> ContextSnapshots.fromJson("", TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class);
    String json = ContextSnapshots.toJson(Fixtures.state());
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json.substring(0, json.length() / 2), TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("truncated or corrupted");
  }

  @Test
  void fromJson_changedContent_isRefusedByTheChecksum() {
    String json = ContextSnapshots.toJson(Fixtures.state()).replace("key7", "key8");
    assertThatThrownBy(() -> ContextSnapshots.fromJson(json, TokenCounter.estimator()))
        .isInstanceOf(SnapshotException.class).hasMessageContaining("checksum does not match");
  }

  @Test
  void loadedState_continuesWhereTheSavedOneStopped() {
    ContextState saved = Fixtures.state();
    ContextState loaded = ContextSnapshots.fromJson(ContextSnapshots.toJson(saved), TokenCounter.estimator());
    String args = "{\"query\": \"key3\", \"max_results\": 2}";
    assertThat(Fixtures.TOOLKIT.execute(loaded, "search_context", args).text())
        .isEqualTo(Fixtures.TOOLKIT.execute(saved, "search_context", args).text());
  }
}
